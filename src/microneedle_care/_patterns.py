"""Phrasing patterns (:class:`~microneedle_care.model.Phrasing`): parsing and matching text.

Private: :mod:`microneedle_care.check` uses them on text, and the content rules use
``pattern_sources`` to refuse a pattern that cannot be compiled.

Matching reads a sentence the way a reader does (issue 22): a sentence is folded clause by
clause (:class:`_Sentence`); a pattern's words must all be there, none negated within its own
clause, and the side of a contrast ("..., but ...") where the match ends must hold no
refutation cue. The cues for each language, the words that only look like a match (masks),
the vetoes and the checker's own phrasings are data: ``data/checker.json``.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
import unicodedata
from collections.abc import Iterable

import attrs

from ._locale import normalise
from .errors import InvalidValueError

__all__ = ["compile_pattern", "fold", "matcher", "pattern_sources"]


def fold(text: str) -> str:
    """Casefold, drop accents, and turn everything but letters and digits into spaces."""
    text = re.sub(r"n['\u2019]t\b", " not", text.casefold())  # "doesn't" -> "does not"
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


# The endings a plain word may take: English and French plurals.
_PLURAL = r"(?:s|es|x)?\b"
# "~" between two words: up to three other words may stand between them.
_GAP = r"(?:\w+ ){0,3}"


def compile_pattern(pattern: str) -> tuple[re.Pattern[str], ...]:
    r"""Compile a phrasing pattern into one regular expression per group (see ``pattern_sources``).

    Raises:
        InvalidValueError: If a group or an alternative is empty.

    >>> [g.pattern for g in compile_pattern("detox*|toxins + skin")]
    ['\\b(?:detox\\w*|toxins\\b)', '\\b(?:skin(?:s|es|x)?\\b)']
    """
    return tuple(re.compile(source) for source in pattern_sources(pattern))


@functools.lru_cache(maxsize=1024)
def pattern_sources(pattern: str) -> tuple[str, ...]:
    r"""Return the regular expression of each group of a phrasing pattern, not compiled.

    Raises:
        InvalidValueError: If a group or an alternative is empty.

    A word ending in ``*`` matches any word it begins; any other word of three letters or
    more matches itself and its plural too (``sign`` matches "signs", ``pore`` "pores",
    ``cheveu`` "cheveux"): a small suffix folding instead of a stemmer. A ``~`` between two
    words lets up to three other words stand between them (``enhanc* ~ absorption``
    matches "enhances the absorption" and "enhanced product absorption").

    >>> pattern_sources("detox*|toxins + skin")
    ('\\b(?:detox\\w*|toxins\\b)', '\\b(?:skin(?:s|es|x)?\\b)')

    Checking and writing the expressions is cheap (and done once per pattern and process:
    content validation asks again at each load); compiling them is not (a tenth of a second
    for all the checker's patterns), so :func:`matcher` compiles a group only when a sentence
    first gets that far.

    .. versionchanged:: 0.6.0
       Plain words match their plural (issue 22).
    """
    groups = []
    for group in pattern.split("+"):
        alternatives = []
        for alternative in group.split("|"):
            words = alternative.split()
            if not words:
                raise InvalidValueError(f"pattern {pattern!r} has an empty alternative")
            parts = []
            for word in words:
                if word == "~":
                    parts.append(_GAP)
                    continue
                stem = fold(word.rstrip("*"))
                if not stem or " " in stem:
                    raise InvalidValueError(f"pattern {pattern!r}: {word!r} is not one word")
                if word.endswith("*"):
                    parts.append(re.escape(stem) + r"\w*")
                elif len(stem) >= 3 and not stem.endswith(("s", "x")):
                    parts.append(re.escape(stem) + _PLURAL)
                else:
                    parts.append(re.escape(stem) + r"\b")
            if parts[0] == _GAP or parts[-1] == _GAP:
                raise InvalidValueError(f"pattern {pattern!r}: ~ must stand between words")
            alternatives.append(" ".join(parts).replace(f"{_GAP} ", _GAP))
        groups.append(r"\b(?:" + "|".join(alternatives) + ")")
    return tuple(groups)


# A negation this many words or fewer before the matched words, in the same clause, makes a
# refutation: "Don't worry: purging is a sign" still states the myth (issue 22).
_WINDOW = 6
# Clauses end at these marks (a comma, a colon, a dash...); the checker's data adds the words
# that open a new clause ("but", "mais").
_CLAUSE_MARKS = re.compile(r"[,;:()\[\]\u2012-\u2015\u2026\u00ab\u00bb\u201c\u201d\"]|\s-\s|\.\.\.")


# Letters of other scripts that look like Latin ones: "detox" with a Cyrillic "e" reads
# the same to a patient, so it is matched the same (attack L18).
_HOMOGLYPHS = str.maketrans(
    "\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456\u0458\u0455\u0501\u051b\u051d"
    "\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0406\u0408\u0405"
    "\u03bf\u03b1\u03bd\u03b9\u03ba\u03c1\u03c4\u03c5\u03c7"
    "\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a5\u03a7",
    "aeopcyxijsdqwABEKMHOPCTXIJSoavikrtuxABEZHIKMNOPTYX",
)
# Every format character (Unicode category Cf): soft hyphens, zero-width characters, bidi
# controls. A reader does not see them, so "de\u00adtoxes" reads as "detoxes" (attack L18).
_INVISIBLE = re.compile(
    "[\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u180e\u200b-\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001"
    "\U000e0020-\U000e007f]"
)


_NOT = re.compile(r"n't\b")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def _plain(sentence: str) -> str:
    """*sentence* folded for matching, as a reader sees it.

    NFKC, no format characters, and Latin letters for their look-alikes in other scripts.
    Plain ASCII (most sentences) takes a short cut with the same result as
    :func:`~microneedle_care._patterns.fold`.
    """
    if sentence.isascii():
        return " ".join(_NON_ALNUM.sub(" ", _NOT.sub(" not", sentence.lower())).split())
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", sentence))
    return fold(text.translate(_HOMOGLYPHS))


# The clause marks, in the one-pass fold of an ASCII sentence: a word no text has.
_MARK_WORD = "qqclausemarkqq"
_MARK = f" {_MARK_WORD} "


@functools.lru_cache(maxsize=1 << 16)
def _word_prefixes(word: str) -> tuple[str, ...]:
    """Every start of *word* ("det", "deto", "detox"...): words repeat, so this is cached."""
    return tuple(word[:i] for i in range(1, len(word) + 1))


@attrs.frozen
class _Compiled:
    """A pattern's groups, and for each group the words one of its alternatives starts with.

    An anchor is a word's stem or its star prefix; a sentence none of whose words starts with
    one of a group's anchors cannot match the group, so most patterns are skipped with a set
    intersection instead of a search. The groups are compiled the first time a sentence gets
    past the anchors (:attr:`groups`): most of a language's patterns, and all of the other
    languages', are never compiled in a run.
    """

    sources: tuple[str, ...]
    """Each group's regular expression (:func:`pattern_sources`)."""
    anchors: tuple[frozenset[str], ...]
    _groups: tuple[re.Pattern[str], ...] | None = attrs.field(
        default=None, init=False, eq=False, repr=False
    )

    @property
    def groups(self) -> tuple[re.Pattern[str], ...]:
        """Each group compiled, on first use (two threads may both compile it: no harm)."""
        groups = self._groups
        if groups is None:
            groups = tuple(re.compile(source) for source in self.sources)
            object.__setattr__(self, "_groups", groups)
        return groups


@functools.lru_cache(maxsize=1024)
def matcher(pattern: str) -> _Compiled:
    """Return *pattern*'s groups (compiled when first used) with their anchors.

    Raises:
        InvalidValueError: If a group or an alternative is empty.
    """
    anchors = []
    for group in pattern.split("+"):
        anchors.append(
            frozenset(fold(alt.split()[0].rstrip("*")) for alt in group.split("|") if alt.split())
        )
    return _Compiled(pattern_sources(pattern), tuple(anchors))


_Groups = _Compiled


def _cue_pattern(cues: Iterable[str]) -> re.Pattern[str] | None:
    """One expression for a list of cues (words or phrases; ``*`` ends a word's start)."""
    cues = [c for c in cues if c.strip()]
    return compile_pattern("|".join(cues))[0] if cues else None


def _cue_starts(cues: Iterable[str]) -> frozenset[str]:
    """Return the words :func:`_cue_pattern` of *cues* can start with (its anchors).

    The expression matches only where a word of the folded text starts with one of them,
    so a sentence whose words start with none skips it with a set test.
    """
    cues = [c for c in cues if c.strip()]
    return matcher("|".join(cues)).anchors[0] if cues else frozenset()


@attrs.frozen
class _Cues:
    """How the checker reads one language: what refutes, negates, warns, or opens a clause."""

    negations: frozenset[str]
    clause_words: re.Pattern[str] | None
    contrast_words: re.Pattern[str] | None
    refuting: re.Pattern[str] | None
    warnings: re.Pattern[str] | None
    masks: re.Pattern[str] | None
    replacements: dict[str, str]
    warning_stops: frozenset[str] = frozenset()
    starts: dict[str, frozenset[str]] = attrs.Factory(dict)
    """For ``clause_words``, ``contrast_words``, ``refuting`` and ``masks``: the words a
    match can start with (:func:`_cue_starts`); a sentence with none is not searched."""


@attrs.frozen
class _CheckerData:
    """The checker's own data (``data/checker.json``): cues per language, vetoes, phrasings.

    *vetoes* and *phrasings* are keyed by (item id, locale); a veto's pattern matching a
    sentence means the sentence is about something else (the liver and kidneys clearing
    waste is the correction's point, not the detox myth).
    """

    cues: dict[str, _Cues]
    vetoes: dict[tuple[str, str], tuple[_Groups, ...]]
    phrasings: dict[tuple[str, str], tuple[_Groups, ...]]


def _strings(value: object, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidValueError(f"checker.json: {where} must be a list of strings")
    return value


@functools.cache
def _checker_data() -> _CheckerData:
    """Read and compile ``data/checker.json``, once per process."""
    from ._i18n import read_data  # not loading's: loading -> catalog -> _rules -> here

    return _parse_checker_data(json.loads(read_data("checker.json")))


def _parse_checker_data(raw: object) -> _CheckerData:
    """Check and compile the checker's data.

    Raises:
        InvalidValueError: If a part is missing or of the wrong kind.
    """
    if not isinstance(raw, dict) or raw.get("version") != 1:
        raise InvalidValueError("checker.json: expected an object with version 1")
    cues = {}
    locales = raw.get("locales")
    if not isinstance(locales, dict) or not all(isinstance(e, dict) for e in locales.values()):
        raise InvalidValueError("checker.json: locales must map each language to its cues")
    for locale, entry in locales.items():
        if normalise(locale) != locale:  # one name per locale, as the message files have
            raise InvalidValueError(f"checker.json: locales.{locale}: use {normalise(locale)!r}")
        masks = entry.get("masks", {})
        if not isinstance(masks, dict):
            raise InvalidValueError(f"checker.json: locales.{locale}.masks must be an object")
        cues[locale] = _Cues(
            starts={
                **{
                    key: _cue_starts(_strings(entry.get(key, []), key))
                    for key in ("clause_words", "contrast_words", "refuting")
                },
                "masks": frozenset(fold(k).split()[0] for k in masks if fold(k)),
            },
            negations=frozenset(fold(w) for w in _strings(entry.get("negations"), "negations")),
            clause_words=_cue_pattern(_strings(entry.get("clause_words", []), "clause_words")),
            contrast_words=_cue_pattern(
                _strings(entry.get("contrast_words", []), "contrast_words")
            ),
            refuting=_cue_pattern(_strings(entry.get("refuting", []), "refuting")),
            warnings=_cue_pattern(_strings(entry.get("warnings", []), "warnings")),
            masks=(
                re.compile(r"\b(?:" + "|".join(re.escape(fold(k)) for k in masks) + r")\b")
                if masks
                else None
            ),
            replacements={fold(k): fold(str(v)) for k, v in masks.items()},
            warning_stops=frozenset(
                fold(w) for w in _strings(entry.get("warning_stops", []), "warning_stops")
            ),
        )
    keyed: dict[str, dict[tuple[str, str], list[_Groups]]] = {"vetoes": {}, "phrasings": {}}
    for name, table in keyed.items():
        for item in raw.get(name, []):
            if not isinstance(item, dict) or not {"id", "locale", "pattern"} <= item.keys():
                raise InvalidValueError(f"checker.json: each of {name} needs id, locale, pattern")
            locale = str(item["locale"])
            if normalise(locale) != locale:
                raise InvalidValueError(f"checker.json: {name}: use {normalise(locale)!r}")
            key = (str(item["id"]), locale)
            table.setdefault(key, []).append(matcher(str(item["pattern"])))
    return _CheckerData(
        cues=cues,
        vetoes={k: tuple(v) for k, v in keyed["vetoes"].items()},
        phrasings={k: tuple(v) for k, v in keyed["phrasings"].items()},
    )


@attrs.frozen
class _Sentence:
    """A sentence folded for matching, with where its clauses and contrasts start.

    *clauses* start at a comma, a colon, a dash or a word such as "but": a negation only
    reaches the words after it in its own clause. *contrasts* start at "but", "however",
    "mais": a refutation cue ("myth", "mistaken") only reaches its own side of a contrast, so
    "Purging is often mistaken for a reaction, but it is a sign the skin is clearing" still
    states the myth (the side where a match ends counts). *refuted* are the contrast sides
    that hold a refutation cue.
    """

    folded: str
    clauses: tuple[int, ...]
    contrasts: tuple[int, ...]
    refuted: frozenset[int]
    prefixes: frozenset[str]

    @classmethod
    def read(cls, sentence: str, cues: _Cues) -> _Sentence:
        """Fold *sentence* clause by clause, masking the phrases that only look like cues."""
        if sentence.isascii():  # one pass: the clause marks become a word of their own
            words = _NON_ALNUM.sub(
                " ", _CLAUSE_MARKS.sub(_MARK, _NOT.sub(" not", sentence.lower()))
            ).split()
            parts: list[str] = []
            current: list[str] = []
            for word in words:
                if word == _MARK_WORD:
                    parts.append(" ".join(current))
                    current = []
                else:
                    current.append(word)
            parts.append(" ".join(current))
        else:
            parts = [_plain(piece) for piece in _CLAUSE_MARKS.split(sentence)]
        prefixes = frozenset().union(*map(_word_prefixes, set(" ".join(parts).split())))
        # Each cue expression is searched only if a word starts with one of its first words.
        near = cues.starts.get

        def may(key: str) -> bool:
            return not near(key, prefixes).isdisjoint(prefixes)

        if cues.masks is not None and may("masks") and any(map(cues.masks.search, parts)):
            parts = [cues.masks.sub(lambda m: cues.replacements[m.group(0)], p) for p in parts]
            prefixes = frozenset().union(*map(_word_prefixes, set(" ".join(parts).split())))
        parts = [part for part in parts if part]
        starts, at = [0], 0
        for part in parts[:-1]:
            at += len(part) + 1
            starts.append(at)
        folded = " ".join(parts)
        contrasts = [0]
        if cues.contrast_words is not None and may("contrast_words"):
            contrasts.extend(m.start() for m in cues.contrast_words.finditer(folded))
        if cues.clause_words is not None and may("clause_words"):
            starts.extend(m.start() for m in cues.clause_words.finditer(folded))
        starts.extend(contrasts)
        sides = tuple(sorted(set(contrasts)))
        refuted = frozenset(
            bisect.bisect_right(sides, m.start()) - 1
            for m in (
                cues.refuting.finditer(folded)
                if cues.refuting is not None and may("refuting")
                else ()
            )
        )
        return cls(folded, tuple(sorted(set(starts))), sides, refuted, prefixes)

    def clause_span(self, at: int) -> tuple[int, int]:
        """Where the clause holding offset *at* of :attr:`folded` starts and ends."""
        index = bisect.bisect_right(self.clauses, at) - 1
        end = self.clauses[index + 1] if index + 1 < len(self.clauses) else len(self.folded)
        return self.clauses[max(index, 0)], end

    def warns_about(self, spans: Iterable[tuple[int, int]], cues: _Cues) -> bool:
        """Whether a warning cue ("can irritate", "avoid") is said of the words at *spans*.

        A warning counts within the stretch of the sentence that holds a span: from the last
        clause that opens with a word such as "but", "although" or a new subject ("they",
        "you") before it, to the next one. In "People can pop some whiteheads, but they
        should never pop inflamed acne", "inflamed" warns of nothing the first clause allows
        (issue 22); in "Vitamin C right away can cause redness, stinging or burning" the
        list after the commas still speaks of the vitamin C.
        """
        if cues.warnings is None:
            return False
        marks = [m.start() for m in cues.warnings.finditer(self.folded)]
        if not marks:
            return False
        hard = [0]
        for start in self.clauses[1:]:
            first = self.folded[start:].split(" ", 1)[0]
            if (
                first in cues.warning_stops
                or (cues.clause_words is not None and cues.clause_words.match(self.folded, start))
                or (
                    cues.contrast_words is not None
                    and cues.contrast_words.match(self.folded, start)
                )
            ):
                hard.append(start)
        for begin, _ in spans:
            index = bisect.bisect_right(hard, begin) - 1
            low = hard[max(index, 0)]
            high = hard[index + 1] if index + 1 < len(hard) else len(self.folded)
            if any(low <= at < high for at in marks):
                return True
        return False

    def negated(self, match: re.Match[str], negations: frozenset[str]) -> bool:
        """Whether a negation comes shortly before *match* in its own clause."""
        clause = self.clauses[bisect.bisect_right(self.clauses, match.start()) - 1]
        before = self.folded[clause : match.start()].split()[-_WINDOW:]
        return any(word in negations for word in before)

    def states(
        self, patterns: tuple[_Groups, ...], negations: frozenset[str]
    ) -> tuple[re.Match[str], ...] | None:
        """Return the hits of the first pattern that states its claim here, or ``None``.

        A pattern states it when it matches every group, none negated, none on a refuted
        side. The hits are one match per group, in :attr:`folded`: for each group the first
        match that is not negated, so a negated word earlier in the sentence does not hide
        the claim made later ("It does not stop oil production, but it improves the
        absorption of products", issue 22).
        """
        for pattern in patterns:
            if any(map(self.prefixes.isdisjoint, pattern.anchors)):
                continue
            hits = []
            for group in pattern.groups:
                hit = group.search(self.folded)
                if hit is not None and self.negated(hit, negations):
                    hit = next(
                        (m for m in group.finditer(self.folded) if not self.negated(m, negations)),
                        None,
                    )
                if hit is None:
                    break
                hits.append(hit)
            else:
                # The claim is made where its last words are: "X is often mistaken for Y, but
                # it is a sign..." refutes the first side only.
                last = max(m.start() for m in hits)
                if bisect.bisect_right(self.contrasts, last) - 1 not in self.refuted:
                    return tuple(hits)
        return None

    def matches(self, patterns: tuple[_Groups, ...]) -> bool:
        """Whether any pattern matches every group (negated or not)."""
        return any(
            not any(map(self.prefixes.isdisjoint, p.anchors))
            and all(g.search(self.folded) for g in p.groups)
            for p in patterns
        )


_Span = tuple[int, int]


def _is_claim(sentence: str) -> bool:
    """Whether *sentence* can state anything: a question does not."""
    return not sentence.rstrip(" \t\n\"'\u201d\u00bb)").endswith("?")

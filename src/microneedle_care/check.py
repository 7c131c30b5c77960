"""Check a clinic's own text: myths, advice the aftercare contradicts, and reading level.

Clinics write their own aftercare sheets, blog posts and clinic-pack wording. :func:`check_text`
reads such a text sentence by sentence and reports, from the content itself:

- each sentence that states a :class:`~microneedle_care.model.Myth` (found with the myth's
  ``phrasings``, see :class:`~microneedle_care.model.Phrasing`), with the correction and
  its references;
- each sentence that gives advice against an aftercare step (the step's
  ``contradicted_by`` phrasings), with the step and when it applies;
- the reading level of the whole text and every sentence above grade 9 (English) or below
  reading ease 50 (French), when the ``readability`` extra is installed.

A sentence that mentions a myth to refute it ("microneedling does not detoxify the skin")
is not reported: a negation just before the matched words, or a word such as "myth" or "no
evidence" anywhere in the sentence, marks it as a refutation.

>>> import microneedle_care as mc
>>> report = check_text("Microneedling pushes toxins out of your skin.", readability=False)
>>> [(f.myth.id, f.sentence) for f in report.myths]
[('detoxifies-skin', 'Microneedling pushes toxins out of your skin.')]
>>> check_text("Microneedling does not detoxify the skin.", readability=False).findings
()

.. versionadded:: 0.5.0
"""

from __future__ import annotations

import bisect
import functools
import importlib
import json
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import attrs

from . import readability as _readability
from ._locale import normalise
from ._patterns import compile_pattern, compiled, fold
from .catalog import Catalog
from .errors import InvalidTypeError, InvalidValueError, MissingDependencyError
from .model import AftercareStep, Myth, Phrasing, Reference

__all__ = [
    "AdviceFinding",
    "HardSentence",
    "MythFinding",
    "TextReport",
    "check_text",
    "compile_pattern",
    "strip_html",
]

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


_Groups = tuple[re.Pattern[str], ...]


def _cue_pattern(cues: Iterable[str]) -> re.Pattern[str] | None:
    """One expression for a list of cues (words or phrases; ``*`` ends a word's start)."""
    cues = [c for c in cues if c.strip()]
    return compile_pattern("|".join(cues))[0] if cues else None


@attrs.frozen
class _Cues:
    """How the checker reads one language: what refutes, negates, warns, or opens a clause."""

    negations: frozenset[str]
    clause_words: re.Pattern[str] | None
    contrast_words: re.Pattern[str] | None
    refuting: re.Pattern[str] | None
    warnings: re.Pattern[str] | None
    masks: tuple[tuple[re.Pattern[str], str], ...]


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
    from .loading import _read_data

    raw = json.loads(_read_data("checker.json"))
    if not isinstance(raw, dict) or raw.get("version") != 1:
        raise InvalidValueError("checker.json: expected an object with version 1")
    cues = {}
    for locale, entry in raw["locales"].items():
        masks = entry.get("masks", {})
        if not isinstance(masks, dict):
            raise InvalidValueError(f"checker.json: locales.{locale}.masks must be an object")
        cues[normalise(locale)] = _Cues(
            negations=frozenset(fold(w) for w in _strings(entry["negations"], "negations")),
            clause_words=_cue_pattern(_strings(entry.get("clause_words", []), "clause_words")),
            contrast_words=_cue_pattern(
                _strings(entry.get("contrast_words", []), "contrast_words")
            ),
            refuting=_cue_pattern(_strings(entry.get("refuting", []), "refuting")),
            warnings=_cue_pattern(_strings(entry.get("warnings", []), "warnings")),
            masks=tuple(
                (re.compile(r"\b" + re.escape(fold(k)) + r"\b"), fold(str(v)))
                for k, v in masks.items()
            ),
        )
    keyed: dict[str, dict[tuple[str, str], list[_Groups]]] = {"vetoes": {}, "phrasings": {}}
    for name, table in keyed.items():
        for item in raw.get(name, []):
            if not isinstance(item, dict) or not {"id", "locale", "pattern"} <= item.keys():
                raise InvalidValueError(f"checker.json: each of {name} needs id, locale, pattern")
            key = (str(item["id"]), normalise(str(item["locale"])))
            table.setdefault(key, []).append(compile_pattern(str(item["pattern"])))
    return _CheckerData(
        cues=cues,
        vetoes={k: tuple(v) for k, v in keyed["vetoes"].items()},
        phrasings={k: tuple(v) for k, v in keyed["phrasings"].items()},
    )


def _patterns(item_id: str, phrasings: Iterable[Phrasing], locale: str) -> tuple[_Groups, ...]:
    """Return the patterns of *phrasings* in *locale*, and the checker's own for *item_id*."""
    own = tuple(compiled(p.pattern) for p in phrasings if normalise(p.locale) == locale)
    return own + _checker_data().phrasings.get((item_id, locale), ())


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

    @classmethod
    def read(cls, sentence: str, cues: _Cues) -> _Sentence:
        """Fold *sentence* clause by clause, masking the phrases that only look like cues."""
        parts = []
        for piece in _CLAUSE_MARKS.split(sentence):
            plain = _plain(piece)
            for mask, replacement in cues.masks:
                plain = mask.sub(replacement, plain)
            if plain:
                parts.append(plain)
        starts, at = [0], 0
        for part in parts[:-1]:
            at += len(part) + 1
            starts.append(at)
        folded = " ".join(parts)
        contrasts = [0]
        if cues.contrast_words is not None:
            contrasts.extend(m.start() for m in cues.contrast_words.finditer(folded))
        if cues.clause_words is not None:
            starts.extend(m.start() for m in cues.clause_words.finditer(folded))
        starts.extend(contrasts)
        sides = tuple(sorted(set(contrasts)))
        refuted = frozenset(
            bisect.bisect_right(sides, m.start()) - 1
            for m in (cues.refuting.finditer(folded) if cues.refuting is not None else ())
        )
        return cls(folded, tuple(sorted(set(starts))), sides, refuted)

    def negated(self, match: re.Match[str], negations: frozenset[str]) -> bool:
        """Whether a negation comes shortly before *match* in its own clause."""
        clause = self.clauses[bisect.bisect_right(self.clauses, match.start()) - 1]
        before = self.folded[clause : match.start()].split()[-_WINDOW:]
        return any(word in negations for word in before)

    def states(self, patterns: tuple[_Groups, ...], negations: frozenset[str]) -> bool:
        """Whether a pattern matches every group, none negated, none on a refuted side."""
        for groups in patterns:
            found = [group.search(self.folded) for group in groups]
            hits = [m for m in found if m is not None]
            if len(hits) < len(found) or any(self.negated(m, negations) for m in hits):
                continue
            # The claim is made where its last words are: "X is often mistaken for Y, but it
            # is a sign..." refutes the first side only.
            last = max(m.start() for m in hits)
            if bisect.bisect_right(self.contrasts, last) - 1 not in self.refuted:
                return True
        return False

    def matches(self, patterns: tuple[_Groups, ...]) -> bool:
        """Whether any pattern matches every group (negated or not)."""
        return any(all(g.search(self.folded) for g in groups) for groups in patterns)


def _is_claim(sentence: str) -> bool:
    """Whether *sentence* can state anything: a question does not."""
    return not sentence.rstrip(" \t\n\"'\u201d\u00bb)").endswith("?")


@attrs.frozen(kw_only=True)
class MythFinding:
    """A sentence that states a myth.

    Attributes:
        sentence: The sentence, as written.
        start: Its offset in the text.
        myth: The myth it states.
        references: The references behind the myth's correction.
    """

    sentence: str
    start: int
    myth: Myth
    references: tuple[Reference, ...]

    @property
    def correction(self) -> str:
        """The myth's correction, in plain language."""
        return self.myth.correction


@attrs.frozen(kw_only=True)
class AdviceFinding:
    """A sentence that gives advice against an aftercare step.

    Attributes:
        sentence: The sentence, as written.
        start: Its offset in the text.
        step: The step the advice goes against.
        references: The references behind the step.
    """

    sentence: str
    start: int
    step: AftercareStep
    references: tuple[Reference, ...]


@attrs.frozen(kw_only=True)
class HardSentence:
    """A sentence above grade 9 (English) or below reading ease 50 (French).

    Attributes:
        sentence: The sentence, as written.
        start: Its offset in the text.
        score: How hard it is.
    """

    sentence: str
    start: int
    score: _readability.Score


@attrs.frozen(kw_only=True)
class TextReport:
    """What :func:`check_text` found in one text.

    Attributes:
        locale: The language the text was read in.
        myths: Sentences that state a myth, in text order.
        advice: Sentences that give advice against an aftercare step, in text order.
        score: The reading level of the whole text; ``None`` if not measured.
        hard_sentences: Sentences above grade 9 (English) or below ease 50 (French).
    """

    locale: str
    myths: tuple[MythFinding, ...]
    advice: tuple[AdviceFinding, ...]
    score: _readability.Score | None
    hard_sentences: tuple[HardSentence, ...]

    @property
    def findings(self) -> tuple[MythFinding | AdviceFinding | HardSentence, ...]:
        """Every finding, in text order; empty when the text passes."""
        found: list[MythFinding | AdviceFinding | HardSentence] = [
            *self.myths,
            *self.advice,
            *self.hard_sentences,
        ]
        return tuple(sorted(found, key=lambda f: f.start))


def check_text(
    text: str,
    *,
    catalog: Catalog | None = None,
    locale: str | None = None,
    readability: bool = True,
) -> TextReport:
    """Check *text* for myths, advice against the aftercare, and hard sentences.

    Args:
        text: Plain text (see :func:`strip_html` for HTML).
        catalog: The content whose myths and steps to look for;
            :func:`~microneedle_care.loading.load` in *locale* by default.
        locale: The language of *text*: ``"en"`` or ``"fr"``; the catalog's by default.
        readability: Measure the reading level (needs the ``readability`` extra).

    Raises:
        InvalidTypeError: If *text* is not a string.
        UnknownLocaleError: If *locale* is not ``"en"`` or ``"fr"``.
        MissingDependencyError: If *readability* is true and textstat is not installed.
    """
    if not isinstance(text, str):
        raise InvalidTypeError(f"text must be a string, got {type(text).__name__}")
    if catalog is None:
        from .loading import load

        catalog = load(locale=locale or "en")
    wanted = normalise(locale) if locale is not None else catalog.locale
    myths: list[MythFinding] = []
    advice: list[AdviceFinding] = []
    hard: list[HardSentence] = []
    data = _checker_data()
    cues = data.cues[wanted]
    myth_patterns = [(m, _patterns(m.id, m.phrasings, wanted)) for m in catalog.myths]
    step_patterns = [
        (s, _patterns(s.id, s.contradicted_by, wanted)) for s in catalog.aftercare_steps
    ]
    vetoes = {m.id: data.vetoes.get((m.id, wanted), ()) for m in catalog.myths}
    # Every pattern needs its first group: a sentence that matches none of them is done.
    firsts = {p[0].pattern for _, ps in [*myth_patterns, *step_patterns] for p in ps}
    anything = re.compile("|".join(sorted(firsts))) if firsts else None
    for start, sentence in _readability.sentences(text):
        if anything is None or anything.search(_plain(sentence)) is None:
            if readability:
                score = _readability.measure(sentence, wanted)
                if score.hard:
                    hard.append(HardSentence(sentence=sentence, start=start, score=score))
            continue
        read = _Sentence.read(sentence, cues)
        claim = _is_claim(sentence)
        for myth, patterns in myth_patterns:
            if (
                claim
                and patterns
                and read.states(patterns, cues.negations)
                and not read.matches(vetoes[myth.id])
            ):
                myths.append(
                    MythFinding(
                        sentence=sentence,
                        start=start,
                        myth=myth,
                        references=catalog.references_for(myth),
                    )
                )
        # A warning ("vitamin C right after can sting") is not advice to do it.
        advises = claim and (cues.warnings is None or cues.warnings.search(read.folded) is None)
        for step, patterns in step_patterns:
            if advises and patterns and read.states(patterns, cues.negations):
                advice.append(
                    AdviceFinding(
                        sentence=sentence,
                        start=start,
                        step=step,
                        references=catalog.references_for(step),
                    )
                )
        if readability:
            score = _readability.measure(sentence, wanted)
            if score.hard:
                hard.append(HardSentence(sentence=sentence, start=start, score=score))
    overall = _readability.measure(text, wanted) if readability and text.strip() else None
    return TextReport(
        locale=wanted,
        myths=tuple(myths),
        advice=tuple(advice),
        score=overall,
        hard_sentences=tuple(hard),
    )


_SKIP = frozenset(
    {"script", "style", "head", "title", "template", "noscript", "textarea", "iframe", "xmp"}
)
_BLOCK = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "dd", "details", "dialog", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
        "h4", "h5", "h6", "header", "hr", "html", "li", "main", "nav", "ol", "p", "pre",
        "section", "summary", "table", "td", "th", "tr", "ul", "caption", "option",
    }
)  # fmt: skip
# A start tag of these closes an open <p> first, so the parser looks through every open
# element: a page of 200,000 nested <div> takes minutes. Past this depth they are read as
# <span> (no page nests them so deep; the text stays, only the block break goes).
_P_CLOSING = re.compile(
    r"<(/?)(address|article|aside|blockquote|center|details|dialog|dir|div|dl|fieldset"
    r"|figcaption|figure|footer|header|hgroup|main|menu|nav|ol|section|summary|ul"
    r"|h[1-6]|pre|listing|form|table|search)(?=[\s/>])",
    re.IGNORECASE,
)
_DEPTH = 256
_WORD = re.compile(r"[A-Za-z0-9]+")


def _flatten(markup: str) -> str:
    depth = 0

    def tag(match: re.Match[str]) -> str:
        nonlocal depth
        if match.group(1):
            depth = max(depth - 1, 0)
            return match.group(0)
        depth += 1
        return match.group(0) if depth <= _DEPTH else "<span"

    return _P_CLOSING.sub(tag, markup)


@attrs.frozen
class _Lines:
    """Source line numbers for offsets in a text made from a source.

    *starts* are offsets in the text where a run of source text begins, *lines* the source
    line where each run begins, *newlines* the offsets of every newline in the text that is a
    newline of the source too. A lookup is two binary searches: linear in the findings.
    """

    starts: list[int]
    lines: list[int]
    newlines: list[int]

    @classmethod
    def of_text(cls, text: str) -> _Lines:
        """Return the lines of a plain text: every newline counts."""
        return cls([0], [1], [m.start() for m in re.finditer("\n", text)])

    def line(self, offset: int) -> int:
        """Return the source line of *offset* in the text."""
        run = bisect.bisect_right(self.starts, offset) - 1
        if run < 0:
            return 1
        inside = bisect.bisect_left(self.newlines, offset) - bisect.bisect_left(
            self.newlines, self.starts[run]
        )
        return self.lines[run] + inside


def _lexbor() -> Any:
    try:
        return importlib.import_module("selectolax.lexbor")
    except ImportError:
        raise MissingDependencyError(
            "selectolax", 'checking HTML needs selectolax: pip install "microneedle-care[html]"'
        ) from None


class _Anchor:
    """Finds where each text node of a page begins in its source, moving forward only.

    The parser does not say where a node came from. Each node's longest ASCII word is
    looked up in the source after the previous node's; a node that cannot be found (its
    words all written as character references) keeps the line before. After a few such
    misses the lookups stop, so that a page of them costs one pass, not one per node.
    """

    _MISSES = 16

    def __init__(self, source: str) -> None:
        self._source = source
        self._at = 0
        self._line = 1
        self._misses = 0

    def line(self, data: str) -> int:
        """Return the source line where the text node *data* begins."""
        words = _WORD.findall(data, 0, 200)
        if not words or self._misses >= self._MISSES:
            return self._line
        word = max(words, key=len)
        found = self._source.find(word, self._at)
        if found == -1:
            self._misses += 1
            return self._line
        self._line += self._source.count("\n", self._at, found)
        self._at = found + len(word)
        return max(self._line - data.count("\n", 0, data.find(word)), 1)


def _read_html(markup: str) -> tuple[str, _Lines]:
    """Parse *markup* as a browser would (HTML5) and return its text and its source lines.

    The text is what a reader sees: no scripts, styles, templates or head, a blank line
    between blocks (so a heading or a list item is a sentence of its own), a newline for
    ``<br>``. The parser is lexbor's (selectolax), which follows the WHATWG algorithm: an
    optional end tag left out (``</head>``, ``</p>``) does not lose the text after it, no
    markup makes it fail, and it reads a megabyte in a fraction of a second (attack M14,
    M15, M16).
    """
    lexbor = _lexbor()
    markup = markup.replace("\r\n", "\n").replace("\r", "\n")
    tree = lexbor.LexborHTMLParser(_flatten(markup))
    anchor = _Anchor(markup)
    parts: list[str] = []
    starts: list[int] = []
    lines: list[int] = []
    newlines: list[int] = []
    size = 0
    # For each element: whether its text is hidden, and the block it belongs to.
    marks: dict[int, tuple[bool, int]] = {}
    last_block = -1
    for node in tree.root.traverse(include_text=True):
        parent = node.parent
        skip, block = marks.get(parent.mem_id, (False, 0)) if parent is not None else (False, 0)
        if not node.is_text_node:
            name = node.tag
            if name == "br" and not skip:
                parts.append("\n")
                size += 1
            marks[node.mem_id] = (
                skip or name in _SKIP,
                node.mem_id if name in _BLOCK else block,
            )
            continue
        data = node.text_content or ""
        line = anchor.line(data)
        if skip or not data:
            continue
        if block != last_block:
            last_block = block
            if size:
                parts.append("\n\n")
                size += 2
        starts.append(size)
        lines.append(line)
        at = data.find("\n")
        while at != -1:
            newlines.append(size + at)
            at = data.find("\n", at + 1)
        parts.append(data)
        size += len(data)
    return "".join(parts), _Lines(starts, lines, newlines)


def strip_html(markup: str) -> str:
    r"""Return the text of an HTML document, a blank line between blocks, without scripts.

    The page is parsed as a browser would parse it (HTML5, with selectolax: the ``html``
    extra), so that markup a browser accepts does not hide the text after it.

    Raises:
        MissingDependencyError: If selectolax (the ``html`` extra) is not installed.

    >>> strip_html("<p>Microneedling <b>detoxes</b> skin.</p><script>x()</script>")
    'Microneedling detoxes skin.'
    >>> strip_html("<head><title>x</title><meta charset=utf-8><body>It heals.")
    'It heals.'

    .. versionchanged:: 0.6.0
       Parsed as HTML5; blocks are separated by a blank line.
    """
    return _read_html(markup)[0]

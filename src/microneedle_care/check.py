"""Check a clinic's own text: myths, advice the aftercare contradicts, and reading level.

Clinics write their own aftercare sheets, blog posts and clinic-pack wording. :func:`check_text`
reads such a text sentence by sentence and reports, from the content itself:

- each sentence that states a :class:`~microneedle_care.model.Myth` (found with the myth's
  ``phrasings``, see :class:`~microneedle_care.model.Phrasing`), with the correction and
  its references;
- each sentence that gives advice against an aftercare step (the step's
  ``contradicted_by`` phrasings), with the step and when it applies;
- the reading level of the whole text and every sentence above grade 9 (English) or below
  reading ease 50 (French, Spanish), when the ``readability`` extra is installed.

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

import json
import re
from collections.abc import Callable, Iterable

import attrs

from . import _advice, _spans
from . import readability as _readability
from ._check_html import _Lines as _Lines  # the command's and the tests' import
from ._check_html import _read_html
from ._check_report import _format, _level, _to_dict
from ._findings import AdviceFinding, HardSentence, MythFinding, Trigger
from ._identity import ByIdentity
from ._locale import normalise
from ._patterns import (
    _checker_data,
    _Groups,
    _is_claim,
    _plain,
    _Sentence,
    _word_prefixes,
    compile_pattern,
    matcher,
)
from .catalog import Catalog
from .errors import InvalidTypeError, UnknownLocaleError
from .model import AftercareStep, ClinicPack, Myth, Phrasing

__all__ = [
    "AdviceFinding",
    "HardSentence",
    "MythFinding",
    "PackFinding",
    "TextReport",
    "Trigger",
    "check_pack",
    "check_text",
    "compile_pattern",
    "strip_html",
]


def _patterns(item_id: str, phrasings: Iterable[Phrasing], locale: str) -> tuple[_Groups, ...]:
    """Return the patterns of *phrasings* in *locale*, and the checker's own for *item_id*."""
    own = tuple(matcher(p.pattern) for p in phrasings if normalise(p.locale) == locale)
    return own + _checker_data().phrasings.get((item_id, locale), ())


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

    def format(self, source: str = "<text>", *, line: Callable[[int], int] | None = None) -> str:
        """Return the report as plain text: a summary line, then each finding and its sources.

        Control characters in *source* and in the sentences are shown as escapes, so the
        text is safe to print to a terminal.

        Args:
            source: What was checked, such as a file name, named on the first line.
            line: Maps a finding's offset in the text to its line in the source; without
                it, each finding shows its offset.

        >>> report = check_text("Microneedling pushes toxins out of your skin.", readability=False)
        >>> print(report.format("a.txt").splitlines()[0])
        a.txt: 1 myth(s), 0 against the aftercare, 0 hard sentence(s)

        .. versionadded:: 0.6.0
        """
        return _format(self, source, line)

    def to_dict(
        self, source: str = "<text>", *, line: Callable[[int], int] | None = None
    ) -> dict[str, object]:
        """Return the report as JSON-ready data (the shape :meth:`to_json` writes).

        Each finding has its ``kind`` (``"myth"``, ``"advice"`` or ``"hard-sentence"``),
        its ``line`` (``None`` without *line*), ``offset`` and ``sentence``, and what it
        found.

        Args:
            source: What was checked, such as a file name (the ``"file"`` key).
            line: Maps a finding's offset in the text to its line in the source.

        .. versionadded:: 0.6.0
        """
        return _to_dict(self, source, line)

    def to_json(self, source: str = "<text>", *, line: Callable[[int], int] | None = None) -> str:
        """Return :meth:`to_dict` as JSON text (two-space indents, a final newline).

        >>> import json
        >>> report = check_text("Microneedling pushes toxins out of your skin.", readability=False)
        >>> [f["id"] for f in json.loads(report.to_json())["findings"]]
        ['detoxifies-skin']

        .. versionadded:: 0.6.0
        """
        return json.dumps(self.to_dict(source, line=line), ensure_ascii=False, indent=2) + "\n"


@attrs.frozen
class _Reading:
    """What :func:`check_text` reads a catalog's text for in one language, made once."""

    myth_patterns: tuple[tuple[Myth, tuple[_Groups, ...]], ...]
    step_patterns: tuple[tuple[AftercareStep, tuple[_Groups, ...]], ...]
    vetoes: dict[str, tuple[_Groups, ...]]
    opening: dict[str, frozenset[str]]
    steps: dict[str, AftercareStep]
    ends: dict[str, int | None]
    by_word: dict[str, dict[str, _Groups]]
    first_words: frozenset[str]
    things: frozenset[str]


_readings: ByIdentity[_Reading] = ByIdentity()


def _reading(catalog: Catalog, wanted: str) -> _Reading:
    """Return the patterns, anchors and windows of *catalog* in *wanted*, made once for each.

    Kept for the catalog and the checker's data they were made from (tools/cv_checker.py
    swaps the data), for the last eight: a run that checks many short texts makes them
    once, not once a text.
    """
    data, windows = _checker_data(), _advice._data()
    return _readings.get((catalog, data, windows), wanted, lambda: _make_reading(catalog, wanted))


def _make_reading(catalog: Catalog, wanted: str) -> _Reading:
    data = _checker_data()
    # Only the items with a pattern in this language are looked for.
    myth_patterns = tuple(
        (m, ps) for m in catalog.myths if (ps := _patterns(m.id, m.phrasings, wanted))
    )
    step_patterns = tuple(
        (s, ps)
        for s in catalog.aftercare_steps
        if (ps := _patterns(s.id, s.contradicted_by, wanted))
    )
    vetoes = {m.id: data.vetoes.get((m.id, wanted), ()) for m in catalog.myths}
    # The words an item's patterns can open with: a sentence with none of them is skipped.
    opening = {m.id: frozenset().union(*(p.anchors[0] for p in ps)) for m, ps in myth_patterns}
    opening |= {s.id: frozenset().union(*(p.anchors[0] for p in ps)) for s, ps in step_patterns}
    steps = {s.id: s for s in catalog.aftercare_steps}
    # The hour each step's thing is fine from: its window's end, or for a step that only
    # starts later ("back to your usual routine after a week"), its start.
    ends = {
        s.id: s.window.end_hours if s.window.end_hours is not None else s.window.start_hours or None
        for s in catalog.aftercare_steps
    }
    # Every pattern needs its first group: a sentence that matches none of them is done.
    # A first group can match only where a word starts with one of its first words (its
    # anchors), so the groups are filed by those words: a sentence tries only the few
    # groups whose first words start one of its words, not one expression of them all.
    by_word: dict[str, dict[str, _Groups]] = {}
    for _, ps in [*myth_patterns, *step_patterns]:
        for p in ps:
            for word in p.anchors[0]:
                by_word.setdefault(word, {})[p.sources[0]] = p
    first_words = frozenset(by_word)

    # The things the steps forbid, for the time windows: a sentence with none has no advice.
    # (Their first words only: a quick test, read.states decides.)
    things = frozenset(w for i, p in _advice.activities(wanted) if i in ends for w in p.anchors[0])

    return _Reading(
        myth_patterns=myth_patterns,
        step_patterns=step_patterns,
        vetoes=vetoes,
        opening=opening,
        steps=steps,
        ends=ends,
        by_word=by_word,
        first_words=first_words,
        things=things,
    )


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
        locale: The language of *text* (``"en"``, ``"fr"``, ``"es"``); the catalog's by default.
        readability: Measure the reading level (needs the ``readability`` extra).

    Raises:
        InvalidTypeError: If *text* is not a string.
        UnknownLocaleError: If *locale* is not a locale of the package, or one whose cue
            words (``data/checker.json``) the checker does not have.
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
    if wanted not in data.cues:  # a locale added without the checker's cue words
        raise UnknownLocaleError(wanted, tuple(data.cues))
    cues = data.cues[wanted]
    plan = _reading(catalog, wanted)
    myth_patterns, step_patterns, vetoes = plan.myth_patterns, plan.step_patterns, plan.vetoes
    opening, steps, ends, things = plan.opening, plan.steps, plan.ends, plan.things
    by_word, first_words = plan.by_word, plan.first_words

    def _opens_a_pattern(plain: str, starts: frozenset[str]) -> bool:
        """Whether a first group of any pattern matches *plain* (its words start *starts*)."""
        tried: set[str] = set()
        for word in first_words.intersection(starts):
            for source, pattern in by_word[word].items():
                if source not in tried:
                    tried.add(source)
                    if pattern.groups[0].search(plain) is not None:
                        return True
        return False

    def _advice_found(
        read: _Sentence,
        sentence: str,
        start: int,
        named: list[tuple[AftercareStep, tuple[re.Match[str], ...]]],
        timed: bool,
    ) -> list[AdviceFinding]:
        """Return the advice of one sentence: its steps' phrasings, then the windows."""
        # A warning ("vitamin C right after can sting") is not advice to do it, nor is the
        # clinic's own product ("we apply our serum right after"). A warning counts where it
        # is said: in the clause of the thing (see _Sentence.warns_about).
        approved = _advice.approved(read.folded, wanted)

        def warns(span: tuple[int, int]) -> bool:
            return read.warns_about([span], cues)

        said = (
            _advice.read_windows(read, wanted, ends, cues.negations, warned=approved, warns=warns)
            if timed
            else []
        )
        hours = {one.step_id: one for one in said}
        found = [
            AdviceFinding(
                sentence=sentence,
                start=start,
                step=step,
                references=catalog.references_for(step),
                triggers=_triggers(read, sentence, start, [(m.start(), m.end()) for m in hits]),
                allowed_from_hours=hours[step.id].allowed_from_hours if step.id in hours else None,
            )
            for step, hits in named
            if not approved and not read.warns_about([(m.start(), m.end()) for m in hits], cues)
        ]
        done = {f.step.id for f in found}
        found += [
            AdviceFinding(
                sentence=sentence,
                start=start,
                step=steps[one.step_id],
                references=catalog.references_for(steps[one.step_id]),
                triggers=_triggers(read, sentence, start, one.hits),
                allowed_from_hours=one.allowed_from_hours,
            )
            for one in said
            if one.step_id not in done
        ]
        return found

    def _triggers(
        read: _Sentence, sentence: str, start: int, hits: Iterable[tuple[int, int]]
    ) -> tuple[Trigger, ...]:
        """Return the words of *hits* (ranges of the fold) as written, at their offsets."""
        return tuple(
            Trigger(start=start + b, end=start + e, text=sentence[b:e])
            for b, e in sorted(set(_spans.spans(read, sentence, cues, hits)))
        )

    # One measure for the page's language, made once (it raises if textstat is missing).
    measure = _readability.scorer(wanted) if readability else None
    for start, sentence in _readability.sentences(text):
        plain = _plain(sentence)
        starts = frozenset().union(*map(_word_prefixes, set(plain.split())))
        patterned = not first_words.isdisjoint(starts) and _opens_a_pattern(plain, starts)
        timed = not things.isdisjoint(starts) and _advice.says_when(plain, wanted)
        if not (patterned or timed):
            if measure is not None:
                score = measure(sentence)
                if score.hard:
                    hard.append(HardSentence(sentence=sentence, start=start, score=score))
            continue
        read = _Sentence.read(sentence, cues)
        claim = _is_claim(sentence)
        myth_patterns_here = myth_patterns if patterned else ()
        step_patterns_here = step_patterns if patterned else ()

        for myth, patterns in myth_patterns_here:
            if read.prefixes.isdisjoint(opening[myth.id]):
                continue
            hits = read.states(patterns, cues.negations) if claim else None
            if hits is not None and not read.matches(vetoes[myth.id]):
                myths.append(
                    MythFinding(
                        sentence=sentence,
                        start=start,
                        myth=myth,
                        references=catalog.references_for(myth),
                        triggers=_triggers(
                            read, sentence, start, [(m.start(), m.end()) for m in hits]
                        ),
                    )
                )
        # The steps this sentence may go against, by their own phrasings: (step, hits).
        named = [
            (step, hits)
            for step, patterns in step_patterns_here
            if claim
            and not read.prefixes.isdisjoint(opening[step.id])
            and (hits := read.states(patterns, cues.negations)) is not None
        ]
        if claim and (named or timed):
            advice.extend(_advice_found(read, sentence, start, named, timed))

        if measure is not None:
            score = measure(sentence)
            if score.hard:
                hard.append(HardSentence(sentence=sentence, start=start, score=score))
    overall = measure(text) if measure is not None and text.strip() else None
    return TextReport(
        locale=wanted,
        myths=tuple(myths),
        advice=tuple(advice),
        score=overall,
        hard_sentences=tuple(hard),
    )


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


# -- reports as text and JSON, and a clinic pack's own wording ----------------------------


@attrs.frozen(kw_only=True)
class PackFinding:
    """A finding in a clinic pack's own wording, with the JSON path of the text.

    Attributes:
        path: Where the text is in the pack, such as ``"$.pack.replace[0].action"``.
        finding: What :func:`check_text` found in it.

    .. versionadded:: 0.6.0
    """

    path: str
    finding: MythFinding | AdviceFinding | HardSentence

    @property
    def message(self) -> str:
        """Return the finding in one line, with the path, what is wrong, and the sentence."""
        finding = self.finding
        if isinstance(finding, MythFinding):
            what = f"states the myth {finding.myth.id!r}"
        elif isinstance(finding, AdviceFinding):
            what = f"goes against the step {finding.step.id!r}"
        else:
            what = f"hard to read ({_level(finding.score)})"
        return f"{self.path}: {what}: {finding.sentence}"


def check_pack(
    pack: ClinicPack, catalog: Catalog, *, readability: bool = True
) -> tuple[PackFinding, ...]:
    """Check a clinic pack's own wording: its reworded fields, new items and disclaimer.

    Each text is checked with :func:`check_text` against *catalog* (the content with the
    pack merged, so the pack's own myths and steps count). The pack's own myths are not
    checked: a myth states its claim on purpose.

    Args:
        pack: The clinic pack (see :func:`~microneedle_care.loading.load_pack`).
        catalog: The content to check it against, usually with *pack* merged.
        readability: Also report hard sentences (needs the ``readability`` extra).

    Raises:
        MissingDependencyError: If *readability* is true and textstat is not installed.

    .. versionadded:: 0.6.0
    """
    from .model import KINDS, patient_fields

    texts: list[tuple[str, str]] = []
    for index, change in enumerate(pack.pack.replace):
        texts += [(f"$.pack.replace[{index}].{n}", v) for n, v in change.changes().items()]
    if pack.pack.disclaimer is not None:
        texts.append(("$.pack.disclaimer", pack.pack.disclaimer))
    # A pack's own myths state a claim on purpose; references have no patient wording.
    for kind in (k.attribute for k in KINDS if k.translated and k.attribute != "myths"):
        for index, item in enumerate(getattr(pack, kind)):
            texts += [
                (f"$.{kind}[{index}].{n}", getattr(item, n)) for n in patient_fields(type(item))
            ]
    return tuple(
        PackFinding(path=path, finding=finding)
        for path, text in texts
        for finding in check_text(text, catalog=catalog, readability=readability).findings
    )

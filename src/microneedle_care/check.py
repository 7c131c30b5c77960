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

import html.parser
import re
from collections.abc import Iterable

import attrs

from . import readability as _readability
from ._locale import normalise
from ._patterns import compile_pattern, compiled, fold
from .catalog import Catalog
from .errors import InvalidTypeError
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

# A negation this many words or fewer before the matched words makes a refutation.
_WINDOW = 4
_NEGATIONS = {
    "en": {"not", "no", "never", "cannot", "nothing", "neither", "nor", "avoid", "skip"},
    "fr-CA": {"ne", "n", "pas", "jamais", "aucun", "aucune", "rien", "ni", "sans", "evitez"},
}
_REFUTING = {
    "en": (
        "myth",
        "myths",
        "false",
        "untrue",
        "no evidence",
        "no proof",
        "not true",
        "no study",
        "no studies",
        "debunk",
        "misconception",
    ),
    "fr-CA": ("mythe", "mythes", "faux", "aucune preuve", "aucune etude", "pas vrai", "idee recue"),
}


def _matches(folded: str, phrasings: Iterable[Phrasing], locale: str) -> bool:
    """Whether a phrasing of *locale* matches *folded*, and the sentence does not refute it."""
    for phrasing in phrasings:
        if normalise(phrasing.locale) != locale:
            continue
        ends = []
        for group in compiled(phrasing.pattern):
            found = group.search(folded)
            if found is None:
                break
            ends.append(found)
        else:
            if not _refutes(folded, ends, locale):
                return True
    return False


def _refutes(folded: str, found: list[re.Match[str]], locale: str) -> bool:
    padded = f" {folded} "
    if any(f" {cue} " in padded for cue in _REFUTING[locale]):
        return True
    negations = _NEGATIONS[locale]
    for match in found:
        before = folded[: match.start()].split()[-_WINDOW:]
        if any(word in negations for word in before):
            return True
    return False


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
    for start, sentence in _readability.sentences(text):
        folded = fold(sentence)
        for myth in catalog.myths:
            if _matches(folded, myth.phrasings, wanted):
                myths.append(
                    MythFinding(
                        sentence=sentence,
                        start=start,
                        myth=myth,
                        references=catalog.references_for(myth),
                    )
                )
        for step in catalog.aftercare_steps:
            if _matches(folded, step.contradicted_by, wanted):
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


class _TextOnly(html.parser.HTMLParser):
    _SKIP = frozenset({"script", "style", "head", "title", "template"})
    _BLOCK = frozenset(
        {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self._skipping:
            self._skipping -= 1
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def strip_html(markup: str) -> str:
    r"""Return the text of an HTML document, a line per block, without scripts or styles.

    >>> strip_html("<p>Microneedling <b>detoxes</b> skin.</p><script>x()</script>")
    '\nMicroneedling detoxes skin.\n'
    """
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    return "".join(parser.parts)

"""The findings of the text checker: a myth stated, advice against a step, a hard sentence.

Private: defined here so that the report (``_check_report``) and the checker share them
without importing each other; :mod:`microneedle_care.check` is where they are public.
"""

from __future__ import annotations

import attrs

from . import readability as _readability
from .model import AftercareStep, Myth, Reference

__all__ = ["AdviceFinding", "HardSentence", "MythFinding", "Trigger"]


@attrs.frozen(kw_only=True)
class Trigger:
    """Words of the checked text that made a finding: why the checker reported it.

    Attributes:
        start: Where the words begin, as an offset in the checked text.
        end: Where they end (exclusive): ``text[start:end]`` is *text*.
        text: The words as written.

    .. versionadded:: 0.7.0
    """

    start: int
    end: int
    text: str


@attrs.frozen(kw_only=True)
class MythFinding:
    """A sentence that states a myth.

    Attributes:
        sentence: The sentence, as written.
        start: Its offset in the text.
        myth: The myth it states.
        references: The references behind the myth's correction.
        triggers: The words that state it (one per part of the claim: "detox" and "skin"),
            in text order.

    .. versionchanged:: 0.7.0
       *triggers*.
    """

    sentence: str
    start: int
    myth: Myth
    references: tuple[Reference, ...]
    triggers: tuple[Trigger, ...] = ()

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
        triggers: The words that give the advice (what to do, and when), in text order.
        allowed_from_hours: When the sentence says the thing is fine, in hours after the
            treatment (``0``: straight away), if it says; the step forbids it until
            ``step.window.end_hours``.

    .. versionchanged:: 0.7.0
       *triggers* and *allowed_from_hours*.
    """

    sentence: str
    start: int
    step: AftercareStep
    references: tuple[Reference, ...]
    triggers: tuple[Trigger, ...] = ()
    allowed_from_hours: int | None = None


@attrs.frozen(kw_only=True)
class HardSentence:
    """A sentence above grade 9 (English) or below reading ease 50 (French, Spanish).

    Attributes:
        sentence: The sentence, as written.
        start: Its offset in the text.
        score: How hard it is.
    """

    sentence: str
    start: int
    score: _readability.Score

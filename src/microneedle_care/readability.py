"""How hard a text is to read: the one measure the content tests, pack checks and text checks use.

English is measured with the Flesch-Kincaid grade (the US school grade a reader needs) and
the Flesch reading ease; French with the Flesch reading ease as adapted for French
(Kandel and Moles), which has no grade. Both come from `textstat`_, pinned in the
``readability`` extra (``pip install "microneedle-care[readability]"``), because newer
textstat releases download a dictionary on first use.

.. _textstat: https://pypi.org/project/textstat/

>>> score = measure("Wash your face with cool water. Pat it dry.")
>>> score.grade < 3
True

.. versionadded:: 0.5.0
"""

from __future__ import annotations

import importlib
import re
import threading
from types import ModuleType

import attrs

from ._i18n import language as _language
from ._i18n import normalise
from .errors import MissingDependencyError

__all__ = ["HARD_EASE", "HARD_GRADE", "Score", "measure", "sentences"]

HARD_GRADE = 9.0
"""English sentences above this Flesch-Kincaid grade count as hard to read."""
HARD_EASE = 50.0
"""French sentences below this reading ease (about US grade 10 and above) count as hard."""

_lock = threading.Lock()  # textstat keeps its language in module state
# A sentence ends at . ! or ? or at a blank line; a single line break is just a space. A point
# between digits ("0.25 mm") or after a title or "e.g." before a space does not end one.
_NOT_AN_END = (
    "".join(
        rf"(?<=\b{abbreviation})\.(?=[ \t]+\w)|"
        for abbreviation in (
            "Dr",
            "Dre",
            "Drs",
            "Mr",
            "Mrs",
            "Ms",
            "Mme",
            "Mlle",
            "Prof",
            "Pr",
            "St",
        )
    )
    + r"(?<=\be\.g)\.|(?<=\bi\.e)\.|(?<=\be)\.(?=g\.)|(?<=\bi)\.(?=e\.)|(?<=\d)\.(?=\d)"
)
_SENTENCE = re.compile(rf"(?:[^.!?\n]|{_NOT_AN_END}|\n(?![ \t]*\n))+(?:[.!?]+|(?=\n)|$)")


@attrs.frozen(kw_only=True)
class Score:
    """How hard one text is to read.

    Attributes:
        locale: ``"en"`` or ``"fr-CA"``.
        ease: Flesch reading ease (higher is easier; 60 to 70 is plain language).
        grade: Flesch-Kincaid grade for English; ``None`` for French.
        words: How many words the text has.
    """

    locale: str
    ease: float
    grade: float | None
    words: int

    @property
    def hard(self) -> bool:
        """Whether the text is above grade 9 (English) or below ease 50 (French)."""
        if self.grade is not None:
            return self.grade > HARD_GRADE
        return self.ease < HARD_EASE


def _textstat() -> ModuleType:
    try:
        textstat = importlib.import_module("textstat")
    except ImportError:
        raise MissingDependencyError(
            "textstat", 'readability needs textstat: pip install "microneedle-care[readability]"'
        ) from None
    return textstat


def measure(text: str, locale: str = "en") -> Score:
    """Measure how hard *text* is to read.

    Raises:
        MissingDependencyError: If textstat (the ``readability`` extra) is not installed.
        UnknownLocaleError: If there is no content in *locale* (``"en"``, ``"fr"``...).
    """
    locale = normalise(locale)
    language = _language(locale)  # textstat's formulas are per language
    textstat = _textstat()
    with _lock:
        if language == "en":
            return Score(
                locale=locale,
                ease=round(float(textstat.flesch_reading_ease(text)), 2),
                grade=round(float(textstat.flesch_kincaid_grade(text)), 2),
                words=int(textstat.lexicon_count(text)),
            )
        textstat.set_lang(language)
        try:
            ease = float(textstat.flesch_reading_ease(text))
            words = int(textstat.lexicon_count(text))
        finally:
            textstat.set_lang("en_US")
    return Score(locale=locale, ease=round(ease, 2), grade=None, words=words)


def sentences(text: str) -> list[tuple[int, str]]:
    r"""Split *text* into sentences, each with the offset where it starts.

    A sentence ends with ``.``, ``!`` or ``?``, or at a blank line (a heading, a list).

    >>> sentences("It heals. Does it hurt?  Call us!")
    [(0, 'It heals.'), (10, 'Does it hurt?'), (25, 'Call us!')]
    >>> sentences("Aftercare\n\nWash it\ngently.")
    [(0, 'Aftercare'), (11, 'Wash it\ngently.')]
    >>> sentences("Dr. Lee uses 0.25 mm needles, e.g. at home. Done.")
    [(0, 'Dr. Lee uses 0.25 mm needles, e.g. at home.'), (44, 'Done.')]

    .. versionchanged:: 0.8.0
       A point inside a number, after a title (Dr., Mme) or in "e.g."/"i.e." ends no sentence.
    """
    out = []
    for match in _SENTENCE.finditer(text):
        raw = match.group(0)
        stripped = raw.strip()
        if stripped and any(c.isalnum() for c in stripped):
            out.append((match.start() + raw.index(stripped[0]), stripped))
    return out

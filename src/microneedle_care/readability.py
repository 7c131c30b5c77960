"""How hard a text is to read: the one measure the content tests, pack checks and text checks use.

English is measured with the Flesch-Kincaid grade (the US school grade a reader needs) and
the Flesch reading ease; French with the Flesch reading ease as adapted for French
(Kandel and Moles), which has no grade. Both come from `textstat`_, pinned in the
``readability`` extra (``pip install "microneedle-care[readability]"``), because newer
textstat releases download a dictionary on first use.

Spanish is measured here, without textstat: :func:`spanish_syllables` counts syllables by
the rules of Spanish spelling (textstat's Pyphen hyphenation leaves a lone vowel at a
word's edge unsplit, so it undercounts and flatters a text), and :func:`spanish_scores`
gives the Fernández-Huerta ease with its corrected constants
(206.84 - 60 syllables/word - 1.02 words/sentence) and the Szigriszt-Pazos perspicuity
(206.835 - 62.3 syllables/word - words/sentence) read on the INFLESZ scale.

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

__all__ = [
    "HARD_EASE",
    "HARD_GRADE",
    "Score",
    "SpanishScores",
    "inflesz_band",
    "measure",
    "sentences",
    "spanish_scores",
    "spanish_syllables",
]

HARD_GRADE = 9.0
"""English sentences above this Flesch-Kincaid grade count as hard to read."""
HARD_EASE = 50.0
"""French and Spanish sentences below this reading ease count as hard.

In French that is about US grade 10 and above; in Spanish, Fernández-Huerta's "difícil" band."""

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
        locale: ``"en"``, ``"fr-CA"`` or ``"es-US"``.
        ease: Flesch reading ease (higher is easier; 60 to 70 is plain language); for
            Spanish, Fernández-Huerta's (70 to 80 is "bastante fácil").
        grade: Flesch-Kincaid grade for English; ``None`` for French and Spanish.
        words: How many words the text has.
    """

    locale: str
    ease: float
    grade: float | None
    words: int

    @property
    def hard(self) -> bool:
        """Whether the text is above grade 9 (English) or below ease 50 (French, Spanish)."""
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

    Spanish is measured without textstat (see :func:`spanish_scores`).

    Raises:
        MissingDependencyError: If textstat (the ``readability`` extra) is not installed
            (English and French).
        UnknownLocaleError: If there is no content in *locale* (``"en"``, ``"fr"``...).
    """
    locale = normalise(locale)
    language = _language(locale)  # textstat's formulas are per language
    if language == "es":
        spanish = spanish_scores(text)
        return Score(locale=locale, ease=spanish.fernandez_huerta, grade=None, words=spanish.words)
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


# --- Spanish -----------------------------------------------------------------------------

_ES_STRONG = frozenset("aeoáéóíú")  # í and ú carry the stress: they end a diphthong
_ES_VOWELS = frozenset("aeiouáéíóúü")
_ES_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)
_ES_UNITS = (
    "cero",
    "uno",
    "dos",
    "tres",
    "cuatro",
    "cinco",
    "seis",
    "siete",
    "ocho",
    "nueve",
    "diez",
    "once",
    "doce",
    "trece",
    "catorce",
    "quince",
    "dieciséis",
    "diecisiete",
    "dieciocho",
    "diecinueve",
    "veinte",
    "veintiuno",
    "veintidós",
    "veintitrés",
    "veinticuatro",
    "veinticinco",
    "veintiséis",
    "veintisiete",
    "veintiocho",
    "veintinueve",
)
_ES_HUNDREDS = (
    *("", "ciento", "doscientos", "trescientos", "cuatrocientos", "quinientos"),
    *("seiscientos", "setecientos", "ochocientos", "novecientos"),
)
_ES_TENS = {3: "treinta", 4: "cuarenta", 5: "cincuenta", 6: "sesenta", 7: "setenta"}
_ES_TENS.update({8: "ochenta", 9: "noventa"})


def spanish_syllables(word: str) -> int:
    """Count the syllables of one Spanish word (a number counts as said aloud).

    Each run of vowels is one syllable, split where two strong vowels (*a*, *e*, *o*, or a
    stressed *í* or *ú*) meet, as in *le-o* or *dí-a*; the *u* of *que*, *qui*, *gue* and
    *gui* is silent, and *y* counts as a consonant (*hoy*, *muy*: one syllable).

    >>> [spanish_syllables(w) for w in ("agua", "día", "ciudad", "leer", "que", "y", "48")]
    [2, 2, 2, 2, 1, 1, 6]
    """
    if word.isdigit():
        return sum(spanish_syllables(w) for w in _spanish_number(int(word)).split())
    w = word.lower()
    w = re.sub(r"([qg])u([eiéí])", r"\1\2", w)
    count = 0
    previous = ""
    for char in w:
        if char in _ES_VOWELS:
            if not previous or (previous in _ES_STRONG and char in _ES_STRONG):
                count += 1
            previous = char
        else:
            previous = ""
    return max(count, 1)


def _spanish_number(n: int) -> str:
    if n < 30:
        return _ES_UNITS[n]
    if n < 100:
        tens, units = divmod(n, 10)
        return _ES_TENS[tens] + (f" y {_ES_UNITS[units]}" if units else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        head = "cien" if n == 100 else _ES_HUNDREDS[hundreds]
        return head + (f" {_spanish_number(rest)}" if rest else "")
    return "mil " * min(n // 1000, 1) + (_spanish_number(n % 1000) if n % 1000 else "")


@attrs.frozen(kw_only=True)
class SpanishScores:
    """How hard a Spanish text is to read, by the two formulas tested for the content.

    Attributes:
        fernandez_huerta: Fernández-Huerta reading ease, corrected constants (70 to 80 is
            "bastante fácil", about US grade 6).
        szigriszt_pazos: Szigriszt-Pazos perspicuity; :func:`inflesz_band` names its band.
        words: How many words the text has (a number is a word).
        sentences: How many sentences.
        syllables: How many syllables, by :func:`spanish_syllables`.
    """

    fernandez_huerta: float
    szigriszt_pazos: float
    words: int
    sentences: int
    syllables: int

    @property
    def inflesz(self) -> str:
        """The INFLESZ band of the Szigriszt-Pazos perspicuity (see :func:`inflesz_band`)."""
        return inflesz_band(self.szigriszt_pazos)


def spanish_scores(text: str) -> SpanishScores:
    """Measure a Spanish *text* with Fernández-Huerta and Szigriszt-Pazos.

    >>> score = spanish_scores("Lávese la cara con agua tibia. Séquela con cuidado.")
    >>> score.words, score.sentences, score.fernandez_huerta > 70, score.inflesz
    (9, 2, True, 'bastante fácil')
    """
    words = _ES_WORD.findall(text)
    n_sentences = max(len(sentences(text)), 1)
    n_words = max(len(words), 1)
    syllables = sum(spanish_syllables(w) for w in words)
    per_word = syllables / n_words
    per_sentence = n_words / n_sentences
    return SpanishScores(
        fernandez_huerta=round(206.84 - 60 * per_word - 1.02 * per_sentence, 2),
        szigriszt_pazos=round(206.835 - 62.3 * per_word - per_sentence, 2),
        words=len(words),
        sentences=n_sentences,
        syllables=syllables,
    )


def inflesz_band(perspicuity: float) -> str:
    """Name the INFLESZ band (Barrio-Cantalejo) of a Szigriszt-Pazos perspicuity.

    >>> inflesz_band(39.9), inflesz_band(50), inflesz_band(60), inflesz_band(70), inflesz_band(81)
    ('muy difícil', 'algo difícil', 'normal', 'bastante fácil', 'muy fácil')
    """
    if perspicuity < 40:
        return "muy difícil"
    if perspicuity < 55:
        return "algo difícil"
    if perspicuity < 65:
        return "normal"
    if perspicuity <= 80:
        return "bastante fácil"
    return "muy fácil"

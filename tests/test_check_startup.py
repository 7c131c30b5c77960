"""What the text checker does once per process, and lazily (issue 22, item 4).

Times live in benchmarks/bench_check.py; these tests pin the behaviour that makes the
start cheap: the checker's patterns are checked when read but compiled only when a
sentence first gets past their anchor words, and readability's measure is made once.
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from microneedle_care import _patterns
from microneedle_care._i18n import read_data
from microneedle_care.errors import InvalidValueError


def test_a_pattern_is_checked_at_once_and_compiled_on_first_use() -> None:
    found = _patterns.matcher("zzqqfirst*|zzqqsecond + zzqqthird")
    assert found.sources == _patterns.pattern_sources("zzqqfirst*|zzqqsecond + zzqqthird")
    assert found._groups is None  # nothing compiled yet
    groups = found.groups
    assert [g.pattern for g in groups] == list(found.sources)
    assert found._groups is groups  # compiled once, then kept
    assert found.groups is groups
    assert groups[0].search("a zzqqfirstly b") is not None
    with pytest.raises(InvalidValueError, match="empty alternative"):
        _patterns.matcher("zzqq||zzqq")  # refused when read, not when first used


ENGLISH_RUN = """
import microneedle_care as mc
from microneedle_care import _patterns, check
from microneedle_care._i18n import read_data
catalog = mc.load()
check.check_text("Microneedling detoxes the skin. Purging means it works.", catalog=catalog)
data = _patterns._checker_data()
other = [p for (_, locale), ps in data.phrasings.items() if locale != "en" for p in ps]
english = [p for m in catalog.myths for p in check._patterns(m.id, m.phrasings, "en")]
steps = catalog.aftercare_steps
english += [p for s in steps for p in check._patterns(s.id, s.contradicted_by, "en")]
print(len(other), sum(p._groups is not None for p in other))
print(len(english), sum(p._groups is not None for p in english))
"""


def test_an_english_text_compiles_no_french_or_spanish_pattern() -> None:
    """In a fresh process, checking English compiles only English patterns a sentence reached."""
    out = subprocess.run(
        [sys.executable, "-c", ENGLISH_RUN], capture_output=True, text=True, check=True
    ).stdout.split()
    others, others_compiled, english, english_compiled = map(int, out)
    assert others > 20
    assert others_compiled == 0
    assert 0 < english_compiled < english / 2


def test_compile_pattern_still_gives_compiled_groups() -> None:
    groups = _patterns.compile_pattern("detox*|toxins + skin")
    assert all(isinstance(g, re.Pattern) for g in groups)
    assert [g.pattern for g in groups] == list(_patterns.pattern_sources("detox*|toxins + skin"))


# --- The set tests that spare the expressions (issue 22, item 4) ----------------------------
# A group or a cue expression can match only where a word of the folded sentence starts with
# one of its anchor words; the checker skips the expression when no word does. These hold
# that to the expressions themselves, on sentences made of the patterns' own words.


@functools.cache
def _every_pattern() -> list[_patterns._Compiled]:
    """Every pattern check_text reads with: the content's phrasings and the checker's own,
    for myths and steps, in each language, and the things the steps forbid."""
    import microneedle_care as mc
    from microneedle_care import _advice, check

    found = []
    for locale in ("en", "fr-CA", "es-US"):
        reading = check._reading(mc.load(locale=locale), locale)
        for _, patterns in (*reading.myth_patterns, *reading.step_patterns):
            found += patterns
        found += [p for _, p in _advice.activities(locale)]
    for patterns in _patterns._checker_data().vetoes.values():
        found += patterns
    return found


def _vocabulary() -> list[str]:
    words: set[str] = set()
    for pattern in _every_pattern():
        for source in pattern.sources:
            words.update(re.findall(r"[a-z]{2,}", source))
    raw = json.loads(read_data("checker.json"))
    for entry in raw["locales"].values():  # every cue word, and the masked phrases
        for key in ("clause_words", "contrast_words", "refuting", "warnings", "negations"):
            words.update(w.rstrip("*") for w in entry.get(key, []))
        words.update(entry.get("masks", {}))
    words.update(["it", "the", "skin", "x"])
    return sorted(words)


def _phrases() -> list[str]:
    """Each alternative of every pattern's groups as words ("open channels"), so that the
    sentences hold multi-word matches, not only single words."""
    found: set[str] = set()
    for pattern in _every_pattern():
        for source in pattern.sources:
            inner = source.removeprefix(r"\b(?:").removesuffix(")")
            # The plural endings and the gaps first: they hold "|" and words of their own.
            inner = re.sub(r"\(\?:[^()]*\)(?:\{0,3\}|[?*])?", " ", inner)
            for alternative in inner.split("|"):
                words = re.sub(r"\\w\*|\\b|\\", " ", alternative)
                found.add(" ".join(words.split()))
    return sorted(f for f in found if " " in f)


def _sentences() -> st.SearchStrategy[str]:
    vocabulary = _vocabulary()
    return st.lists(
        st.one_of(
            st.sampled_from(vocabulary),
            st.sampled_from(_phrases()),
            st.sampled_from(vocabulary).map(lambda w: w + "s"),
            st.sampled_from([",", ":", "-", "n't", "...", "«", "é"]),
        ),
        min_size=1,
        max_size=25,
    ).map(" ".join)


# Made when a test first draws, not at import: the content loads in the tests, not at collection.
SENTENCES = st.deferred(_sentences)


@settings(max_examples=300, deadline=None)
@given(sentence=SENTENCES, locale=st.sampled_from(["en", "fr-CA", "es-US"]))
def test_a_sentence_reads_the_same_with_and_without_the_set_tests(
    sentence: str, locale: str
) -> None:
    import attrs

    cues = _patterns._checker_data().cues[locale]
    everything = attrs.evolve(cues, starts={})  # no set test: every expression searched
    assert _patterns._Sentence.read(sentence, cues) == _patterns._Sentence.read(
        sentence, everything
    )


@settings(max_examples=300, deadline=None)
@given(sentence=SENTENCES)
def test_a_first_group_matches_only_where_a_word_starts_with_its_anchor(sentence: str) -> None:
    plain = _patterns._plain(sentence)
    starts = frozenset().union(*map(_patterns._word_prefixes, set(plain.split())))
    assert len(_every_pattern()) > 200
    for pattern in _every_pattern():
        for group, anchors in zip(pattern.groups, pattern.anchors, strict=True):
            if group.search(plain) is not None:
                assert not anchors.isdisjoint(starts), (group.pattern, plain)


def test_what_a_catalog_is_read_for_is_made_once_and_follows_the_data(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """check_text keeps what it makes of a catalog per language (a run of short texts makes
    it once), and makes it again for other checker data (tools/cv_checker.py swaps it)."""
    import microneedle_care as mc
    from microneedle_care import _advice, check

    catalog = mc.load()
    sentence = "Microneedling detoxes the skin."
    assert [f.myth.id for f in check.check_text(sentence, catalog=catalog).myths] == [
        "detoxifies-skin"
    ]
    first = check._reading(catalog, "en")
    check.check_text("Another text.", catalog=catalog)
    assert check._reading(catalog, "en") is first  # made once
    raw = json.loads(read_data("checker.json"))
    raw["phrasings"] = [p for p in raw["phrasings"] if p["id"] != "detoxifies-skin"]
    parsed = _patterns._parse_checker_data(raw)
    monkeypatch.setattr(check, "_checker_data", lambda: parsed)
    monkeypatch.setattr(_advice, "_data", lambda: _advice._parse(raw))
    other = check._reading(catalog, "en")
    assert other is not first

    def detox(reading: check._Reading) -> int:
        return sum(len(ps) for m, ps in reading.myth_patterns if m.id == "detoxifies-skin")

    assert detox(other) < detox(first)  # the checker's own detox phrasings are gone

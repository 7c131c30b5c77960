"""What the text checker does once per process, and lazily (issue 22, item 4).

Times live in benchmarks/bench_check.py; these tests pin the behaviour that makes the
start cheap: the checker's patterns are checked when read but compiled only when a
sentence first gets past their anchor words, and readability's measure is made once.
"""

from __future__ import annotations

import re

import pytest

import microneedle_care as mc
from microneedle_care import _patterns, check
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


def test_an_english_text_compiles_no_french_or_spanish_pattern() -> None:
    """Checking English compiles only English patterns, and only those a sentence reached."""
    catalog = mc.load()
    check.check_text("Microneedling detoxes the skin. Purging means it works.", catalog=catalog)
    data = _patterns._checker_data()
    for (item_id, locale), patterns in data.phrasings.items():
        if locale != "en":
            assert all(p._groups is None for p in patterns), (item_id, locale)
    english = [p for m in catalog.myths for p in check._patterns(m.id, m.phrasings, "en")]
    english += [
        p for s in catalog.aftercare_steps for p in check._patterns(s.id, s.contradicted_by, "en")
    ]
    compiled = [p for p in english if p._groups is not None]
    assert 0 < len(compiled) < len(english)


def test_compile_pattern_still_gives_compiled_groups() -> None:
    groups = _patterns.compile_pattern("detox*|toxins + skin")
    assert all(isinstance(g, re.Pattern) for g in groups)
    assert [g.pattern for g in groups] == list(_patterns.pattern_sources("detox*|toxins + skin"))

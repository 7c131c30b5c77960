"""What the text checker does once per process, and lazily (issue 22, item 4).

Times live in benchmarks/bench_check.py; these tests pin the behaviour that makes the
start cheap: the checker's patterns are checked when read but compiled only when a
sentence first gets past their anchor words, and readability's measure is made once.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from microneedle_care import _patterns
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

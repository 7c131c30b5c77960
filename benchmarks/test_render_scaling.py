"""Rendering time grows linearly with the input: a clinic name of one 1 MB and one 8 MB word.

The text renderer once cut long words with :mod:`textwrap`, which copies the rest of the
word for every line it fills: 0.74 s for 1 MB and 26 s for 8 MB. The ratio of the two
figures is printed at the end of the run; linear rendering gives about 8.
"""

from __future__ import annotations

from typing import Any

import pytest

import microneedle_care as mc

from .conftest import RESULTS


@pytest.mark.parametrize("megabytes", [1, 8])
@pytest.mark.parametrize("format", ["text", "markdown", "html"])
def test_long_word(benchmark: Any, megabytes: int, format: mc.rendering.Format) -> None:
    """Render a checklist whose clinic name is one word of *megabytes* MB."""
    clinic = mc.ClinicContact(name="x" * (megabytes * 1_000_000), phone="905-555-0134")
    checklist = mc.build_checklist(clinic=clinic)
    result = benchmark.pedantic(mc.render, args=(checklist, format), rounds=3, iterations=1)
    assert len(result) > megabytes * 1_000_000
    if format == "text":
        RESULTS[f"scale/{megabytes} MB word"] = benchmark.stats.stats.median

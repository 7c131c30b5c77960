"""Benchmark: batch runs of 1,000 and 10,000 patients beside a hand-written loop.

The goal: the library's cost per patient at 10,000 patients is within 10% of its cost at
1,000 (no hidden quadratic work). Both figures, the hand-written loop's, and the ratios
are printed at the end of the run.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path
from typing import Any

import pytest

import microneedle_care as mc
from microneedle_care.batch import run_batch

from . import handrolled_calendar
from .conftest import RESULTS

RISKS = ["", "cold-sore-history", "active-acne;planned-serums", "darker-skin-or-dark-marks"]


def _csv(path: Path, count: int) -> Path:
    start = datetime.date(2026, 1, 1)
    lines = ["patient_id,treatment_date,risk_factors"]
    for n in range(count):
        date = start + datetime.timedelta(days=n % 365)
        lines.append(f"p{n:05d},{date.isoformat()},{RISKS[n % len(RISKS)]}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("count", [1_000, 10_000])
@pytest.mark.parametrize("name", ["library", "hand-written"])
def test_batch(benchmark: Any, tmp_path: Path, name: str, count: int) -> None:
    """Write a calendar file and a JSON schedule for every patient in a CSV."""
    csv_path = _csv(tmp_path / "patients.csv", count)
    out = tmp_path / "out"
    mc.load()
    data = handrolled_calendar.load()

    def once() -> int:
        shutil.rmtree(out, ignore_errors=True)
        if name == "library":
            summary = run_batch(csv_path, out, tz="America/Toronto")
            assert not summary.errors
            return summary.written
        return handrolled_calendar.run(data, csv_path, out, "America/Toronto")

    rounds = 3 if count == 1_000 else 1
    assert benchmark.pedantic(once, rounds=rounds, iterations=1, warmup_rounds=1) == count
    RESULTS[f"batch{count}/{name}"] = benchmark.stats.stats.median / count

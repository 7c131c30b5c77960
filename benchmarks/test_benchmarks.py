"""Benchmarks: build and render checklists, and the command's cold start.

Run: python -m pip install ".[bench]" && python -m pytest benchmarks --benchmark-only
Each figure is measured beside the obvious alternative in the same run; the ratios are
printed at the end of the run and stored in the benchmark JSON (extra_info).
"""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import microneedle_care as mc

from . import handrolled
from .conftest import COLD_HANDROLLED, COLD_HTML, RESULTS

DATE = datetime.date(2026, 11, 25)
RISKS = ["cold-sore-history", "darker-skin-or-dark-marks", "planned-serums"]
CLINIC = mc.ClinicContact(name="Lakeview Skin Clinic", phone="905-555-0134")


def _ours() -> str:
    checklist = mc.build_checklist(treatment_date=DATE, risk_factors=RISKS, clinic=CLINIC)
    return mc.render_html(checklist)


DATA = handrolled.load()
TEMPLATE = handrolled.compile_template()


def _theirs() -> str:
    clinic = {"name": CLINIC.name, "phone": CLINIC.phone}
    return handrolled.render(DATA, TEMPLATE, DATE, RISKS, clinic)


@pytest.mark.parametrize(("name", "func"), [("library", _ours), ("jinja2", _theirs)])
def test_one_checklist(benchmark: Any, name: str, func: Any) -> None:
    """Build and render one personalised HTML checklist (content already loaded)."""
    mc.load()
    result = benchmark(func)
    assert "<html" in result
    RESULTS[f"one/{name}"] = benchmark.stats.stats.median


@pytest.mark.parametrize(("name", "func"), [("library", _ours), ("jinja2", _theirs)])
def test_ten_thousand_checklists(benchmark: Any, name: str, func: Any) -> None:
    """Build and render 10,000 personalised HTML checklists."""
    mc.load()

    def batch() -> int:
        return sum(len(func()) for _ in range(10_000))

    assert benchmark.pedantic(batch, rounds=3, iterations=1) > 0
    RESULTS[f"10k/{name}"] = benchmark.stats.stats.median


def _script() -> str:
    found = shutil.which("microneedle-care", path=str(Path(sys.executable).parent))
    assert found, "install the package first"
    return found


COLD = {
    "microneedle-care checklist": lambda: [_script(), "checklist"],
    COLD_HTML: lambda: [_script(), "checklist", "--format", "html"],
    "python -c 'import attrs'": lambda: [sys.executable, "-c", "import attrs"],
    "python -c 'import attrs, cattrs'": lambda: [sys.executable, "-c", "import attrs, cattrs"],
    COLD_HANDROLLED: lambda: [
        sys.executable,
        "-c",
        "import sys; sys.path.insert(0, %r); import handrolled as h;"
        "print(h.render(h.load(), h.compile_template(), None, [], None))" % str(Path(__file__).parent),
    ],
}


@pytest.mark.parametrize("name", list(COLD))
def test_cold_start(benchmark: Any, name: str) -> None:
    """Whole-process time of a fresh interpreter, best of several runs.

    The goal: the command's HTML checklist no slower than the hand-rolled script
    (ratio <= 1.0, printed at the end with the ratio to ``import attrs``). It relies on
    the content cache built into the wheel, so install the package from a wheel
    (``pip install .``), not in editable mode.
    """
    command = COLD[name]()

    def run() -> None:
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    benchmark.pedantic(run, rounds=15, iterations=1, warmup_rounds=2)
    RESULTS[f"cold/{name}"] = benchmark.stats.stats.min

"""Benchmark: the library's PDF beside Chromium printing the same HTML sheet.

Run::

    python -m pip install ".[bench,pdf]"
    python -m pytest benchmarks/test_pdf.py --benchmark-only -s

The goals (issue 19), printed at the end of the run:

- one PDF, ``render(checklist, "pdf")``, takes at most half the time of headless
  Chromium's ``--print-to-pdf`` of the same HTML, measured in the same run (CPU time,
  which other programs' load does not inflate, and wall time; Chromium's time includes
  its start, as a program that shells out to it would pay);
- 2,000 personalised PDFs through one ``batch --write pdf --jobs 2`` command in under 10
  minutes on the 2-core machine. ``MC_BATCH_ROWS`` sets the rows (default 2,000); with
  fewer, the time is projected to 2,000 and says so. The load average before and after is
  printed: other programs' load slows it.

These are measurements, not tests with a time limit: a slow machine prints a slow figure.
The figures measured on the project's machine are in docs/howto/print.rst.
"""

from __future__ import annotations

import datetime
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import microneedle_care as mc

from .conftest import RESULTS

pytest.importorskip("weasyprint", reason="the pdf extra (WeasyPrint) is missing")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CLINIC = mc.ClinicContact(name="Lakeview Skin Clinic", phone="905-555-0134")
RISKS = [
    [],
    ["cold-sore-history"],
    ["active-acne", "planned-serums"],
    ["darker-skin-or-dark-marks"],
]
SHEET = mc.build_checklist(
    treatment_date=datetime.date(2026, 11, 25),
    risk_factors=["cold-sore-history", "darker-skin-or-dark-marks"],
    clinic=CLINIC,
    prepared_for="Jane Doe",
)


def _library() -> bytes:
    return mc.render(SHEET, "pdf", compact=True)


def _chromium(tmp_path: Path) -> bytes:
    """The obvious alternative: write the HTML sheet and let headless Chromium print it."""
    assert CHROMIUM is not None
    page, pdf = tmp_path / "sheet.html", tmp_path / "sheet.pdf"
    page.write_text(mc.render_html(SHEET, compact=True), encoding="utf-8")
    subprocess.run(
        [
            CHROMIUM,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return pdf.read_bytes()


@pytest.mark.parametrize("name", ["library", "chromium"])
def test_one_pdf(benchmark: Any, tmp_path: Path, name: str) -> None:
    """One personalised compact sheet as PDF: seconds (CPU and wall) and bytes."""
    if name == "chromium" and CHROMIUM is None:
        pytest.skip("chromium is not installed")
    _library()  # import WeasyPrint and load its fonts outside the timing
    cpu: list[float] = []

    def once() -> bytes:
        before = time.process_time(), _children_cpu()
        data = _library() if name == "library" else _chromium(tmp_path)
        cpu.append(time.process_time() - before[0] + _children_cpu() - before[1])
        return data

    data = benchmark.pedantic(once, rounds=5, iterations=1, warmup_rounds=1)
    assert data.startswith(b"%PDF-")
    benchmark.extra_info.update(bytes=len(data), cpu_seconds=sorted(cpu)[len(cpu) // 2])
    RESULTS[f"pdf/{name}"] = benchmark.stats.stats.median
    RESULTS[f"pdf-cpu/{name}"] = sorted(cpu[-5:])[2]
    RESULTS[f"pdf-bytes/{name}"] = float(len(data))


def _children_cpu() -> float:
    """CPU seconds of this process's finished children (Chromium and its helpers)."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _csv(path: Path, count: int) -> None:
    """Write *count* personalised patients as a ``batch`` CSV: a third of them French."""
    rows = ["patient_id,treatment_date,risk_factors,locale"]
    for n in range(count):
        day = datetime.date(2026, 1, 1) + datetime.timedelta(days=n % 365)
        risks = ";".join(RISKS[n % len(RISKS)])
        rows.append(f"p{n:05d},{day.isoformat()},{risks},{'fr' if n % 3 == 2 else 'en'}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_two_thousand_pdfs_through_batch(benchmark: Any, tmp_path: Path) -> None:
    """``batch --write pdf --jobs 2``: the whole command, start to end, as a clinic runs it.

    Prints the wall time, the command's CPU time (its workers' included) and the load
    average before and after, and projects both to 2,000 rows when ``MC_BATCH_ROWS`` is
    smaller.
    """
    count = int(os.environ.get("MC_BATCH_ROWS", "2000"))
    jobs = 2
    _csv(tmp_path / "patients.csv", count)
    command = [
        sys.executable, "-m", "microneedle_care", "batch", str(tmp_path / "patients.csv"),
        "--write", "pdf", "--jobs", str(jobs), "-o", str(tmp_path / "out"),
        "--tz", "America/Toronto", "--clinic-name", CLINIC.name, "--clinic-phone", CLINIC.phone,
    ]  # fmt: skip

    def run() -> tuple[float, float]:
        before = _children_cpu()
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return time.perf_counter() - start, _children_cpu() - before

    load = os.getloadavg()
    seconds, cpu = benchmark.pedantic(run, rounds=1, iterations=1)
    load_after = os.getloadavg()
    assert len(list((tmp_path / "out").glob("*.pdf"))) == count
    benchmark.extra_info.update(
        count=count, jobs=jobs, cpu_seconds=cpu, load_before=load[0], load_after=load_after[0]
    )
    RESULTS["batch-pdf/count"] = float(count)
    RESULTS["batch-pdf/jobs"] = float(jobs)
    RESULTS["batch-pdf/seconds"] = seconds
    RESULTS["batch-pdf/cpu"] = cpu
    RESULTS["batch-pdf/load-before"] = load[0]
    RESULTS["batch-pdf/load-after"] = load_after[0]

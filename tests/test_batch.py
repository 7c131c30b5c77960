"""Batch runs: a CSV of patients in, a folder of calendar files and schedules out."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

import microneedle_care as mc
from microneedle_care.batch import run_batch
from microneedle_care.cli import main
from microneedle_care.errors import ScheduleError
from microneedle_care.schedule import build_schedule, to_ical, to_json

CSV = (
    "patient_id,treatment_date,risk_factors,locale\n"
    "a1,2026-11-25,cold-sore-history;metal-allergy,en\n"
    "a2,2026-11-31,,fr\n"
    "bad id,2026-11-25,,\n"
    "a4,2026-11-25,acne,\n"
    "a5,2026-10-28,,fr\n"
    "a1,2026-11-26,,\n"
)


@pytest.fixture
def patients(tmp_path: Path) -> Path:
    path = tmp_path / "patients.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


def test_good_rows_match_the_library(patients: Path, tmp_path: Path) -> None:
    """Each good row's files are exactly what the library gives for that patient."""
    out = tmp_path / "out"
    summary = run_batch(patients, out, tz="America/Toronto")
    assert (summary.rows, summary.written) == (6, 2)
    assert sorted(p.name for p in out.iterdir()) == ["a1.ics", "a1.json", "a5.ics", "a5.json"]
    for patient, date, risks, locale in [
        ("a1", datetime.date(2026, 11, 25), ["cold-sore-history", "metal-allergy"], "en"),
        ("a5", datetime.date(2026, 10, 28), [], "fr"),
    ]:
        checklist = mc.build_checklist(treatment_date=date, risk_factors=risks, locale=locale)
        schedule = build_schedule(checklist, tz="America/Toronto", patient=patient)
        assert (out / f"{patient}.ics").read_bytes() == to_ical(schedule)
        assert (out / f"{patient}.json").read_text(encoding="utf-8") == to_json(schedule)
        calendar = icalendar.Calendar.from_ical((out / f"{patient}.ics").read_bytes())
        assert len(list(calendar.walk("VEVENT"))) == len(schedule.touchpoints)
        assert len(json.loads((out / f"{patient}.json").read_text("utf-8"))) == len(
            schedule.touchpoints
        )


def test_bad_rows_have_line_numbers(patients: Path, tmp_path: Path) -> None:
    """Every bad row is reported with its line number and reason; the run goes on."""
    summary = run_batch(patients, tmp_path / "out", tz="UTC")
    assert [(e.line, e.message) for e in summary.errors] == [
        (3, "invalid treatment_date '2026-11-31': use YYYY-MM-DD"),
        (4, "invalid patient_id 'bad id': use letters, digits, '.', '_' or '-'"),
        (5, "unknown risk factor id 'acne'"),
        (7, "patient_id 'a1' repeats line 2"),
    ]


def test_missing_column(tmp_path: Path) -> None:
    """A CSV without a required column is refused on line 1."""
    path = tmp_path / "p.csv"
    path.write_text("patient_id\na1\n", encoding="utf-8")
    with pytest.raises(ScheduleError, match="line 1: missing column 'treatment_date'"):
        run_batch(path, tmp_path / "out", tz="UTC")


def test_progress_is_reported(patients: Path, tmp_path: Path) -> None:
    """The progress callback sees every row, in order."""
    seen: list[int] = []
    run_batch(patients, tmp_path / "out", tz="UTC", progress=seen.append)
    assert seen == [1, 2, 3, 4, 5, 6]


def test_byte_identical_runs(patients: Path, tmp_path: Path) -> None:
    """Two runs write the same bytes."""
    run_batch(patients, tmp_path / "one", tz="America/Toronto")
    run_batch(patients, tmp_path / "two", tz="America/Toronto")
    for path in (tmp_path / "one").iterdir():
        assert path.read_bytes() == (tmp_path / "two" / path.name).read_bytes()


class TestCommand:
    def test_summary_and_errors(
        self, patients: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Errors go to stderr with file:line, then a summary; exit 1 when a row failed."""
        code = main(
            ["batch", str(patients), "-o", str(tmp_path / "out"), "--tz", "America/Toronto"]
        )
        assert code == 1
        err = capsys.readouterr().err.splitlines()
        assert err[0] == f"{patients}:3: invalid treatment_date '2026-11-31': use YYYY-MM-DD"
        assert err[-1] == f"wrote 2 of 6 patients to {tmp_path / 'out'}; 4 rows failed"
        assert "[" not in "".join(err)  # no progress bar when stderr is not a terminal

    def test_all_good_exits_0(self, tmp_path: Path) -> None:
        """A clean CSV exits 0 through the installed script."""
        path = tmp_path / "p.csv"
        path.write_text("patient_id,treatment_date\np1,2026-11-25\n", encoding="utf-8")
        script = Path(sys.executable).with_name("microneedle-care")
        result = subprocess.run(
            [str(script), "batch", str(path), "-o", str(tmp_path / "out"), "--tz", "UTC"],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr.endswith(
            "wrote 1 of 1 patients to " + str(tmp_path / "out") + "; 0 rows failed\n"
        )

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--tz", "Mars/Base"], "unknown time zone"),
            (["--send-time", "x"], "invalid --send-time"),
        ],
    )
    def test_bad_options(
        self,
        patients: Path,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        args: list[str],
        message: str,
    ) -> None:
        """Bad options: one line, exit 2."""
        assert main(["batch", str(patients), "-o", str(tmp_path / "o"), "--tz", "UTC", *args]) == 2
        err = capsys.readouterr().err
        assert message in err
        assert err.count("\n") == 1

    def test_missing_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """A CSV that cannot be read: one line, exit 2."""
        args = ["batch", str(tmp_path / "none.csv"), "-o", str(tmp_path / "o"), "--tz", "UTC"]
        assert main(args) == 2
        assert "No such file" in capsys.readouterr().err

"""Batch runs: a CSV of patients in, a folder of calendar files and schedules out."""

from __future__ import annotations

import datetime
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import microneedle_care as mc
from microneedle_care import fhir
from microneedle_care.batch import (
    OUTPUT_KINDS,
    DueMessage,
    due,
    due_csv,
    due_json,
    messages_csv,
    run_batch,
)
from microneedle_care.cli import main
from microneedle_care.errors import (
    BatchInputError,
    BatchOutputError,
    BatchWorkerError,
    ContentError,
    InvalidTypeError,
    InvalidValueError,
    MissingDependencyError,
    ScheduleError,
)
from microneedle_care.rendering.ical import render_ical, render_schedule_json
from microneedle_care.rendering.messages import render_email, render_sms
from microneedle_care.schedule import build_schedule, idempotency_key

ID_RULE = "use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"
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
        assert (out / f"{patient}.ics").read_bytes() == render_ical(schedule)
        written = (out / f"{patient}.json").read_text(encoding="utf-8")
        assert written == render_schedule_json(schedule)
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
        (4, f"invalid patient_id 'bad id': {ID_RULE}"),
        (5, "unknown risk factor id 'acne'"),
        (7, "patient_id 'a1' repeats line 2"),
    ]


def test_missing_column(tmp_path: Path) -> None:
    """A CSV without a required column is refused on line 1, as a BatchInputError.

    The error is the documented one for a CSV refused as a whole (review 2.6), not a bare
    ScheduleError, whose cases are about building a schedule.
    """
    path = tmp_path / "p.csv"
    path.write_text("patient_id\na1\n", encoding="utf-8")
    with pytest.raises(BatchInputError, match="line 1: missing column 'treatment_date'") as exc:
        run_batch(path, tmp_path / "out", tz="UTC")
    assert type(exc.value) is BatchInputError
    assert (exc.value.line, exc.value.reason) == (1, "missing column 'treatment_date'")


def test_batch_uses_no_private_name_of_schedule() -> None:
    """batch checks the zone through the shared _zones helper, not schedule._zone (review 1.4)."""
    import inspect

    from microneedle_care import _batch_input, batch

    for module in (batch, _batch_input):
        source = inspect.getsource(module)
        assert "from .schedule import _" not in source
        assert "schedule._" not in source


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


# --- Attack report 0.5.0: batch findings -------------------------------------------------

posix_only = pytest.mark.skipif(
    not hasattr(os, "mkfifo") or not hasattr(os, "symlink"), reason="needs POSIX FIFOs and links"
)
THREE = "patient_id,treatment_date\np1,2026-11-25\np2,2026-11-25\np3,2026-11-25\n"
SCRIPT = Path(sys.executable).with_name("microneedle-care")


def _csv(tmp_path: Path, text: str = THREE, name: str = "p.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _no_temporaries(folder: Path) -> None:
    assert [n for n in _names(folder) if n.endswith(".tmp")] == []


def _batch(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the installed command in a subprocess, so a hang fails the test, not the run."""
    return subprocess.run(
        [str(SCRIPT), "batch", "--tz", "UTC", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
    )


_FORCED = """
import secrets, sys
from microneedle_care.batch import run_batch
names = iter(["0123abcd"] * int(sys.argv[3]))
real = secrets.token_hex
secrets.token_hex = lambda n=None: next(names, None) or real(n)
summary = run_batch(sys.argv[1], sys.argv[2], tz="UTC")
print(summary.rows, summary.written, len(summary.errors))
"""


def _forced_temp_name(folder: Path, name: str) -> Path:
    """The temporary name a write of *name* tries first when token_hex gives 0123abcd."""
    return folder / f".{name}.microneedle-care-PID-0123abcd.tmp"


@posix_only
class TestHostileOutputFolder:
    def test_h1_symlink_at_output_temp_name_is_not_followed(self, tmp_path: Path) -> None:
        """H1: a link planted at the old fixed temporary name is never written through."""
        victim = tmp_path / "victim"
        victim.write_text("PRECIOUS\n", encoding="utf-8")
        out = tmp_path / "out"
        out.mkdir()
        (out / ".p1.ics.tmp").symlink_to(victim)
        result = _batch(str(_csv(tmp_path)), "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert victim.read_text(encoding="utf-8") == "PRECIOUS\n"
        assert not (out / "p1.ics").is_symlink()
        assert (out / "p1.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")

    def test_h1_symlink_at_the_random_temp_name_is_not_followed(self, tmp_path: Path) -> None:
        """H1: even a link at the exact random name tried is refused (O_EXCL), never followed."""
        victim = tmp_path / "victim"
        victim.write_text("PRECIOUS\n", encoding="utf-8")
        out = tmp_path / "out"
        out.mkdir()
        csv_path = _csv(tmp_path, "patient_id,treatment_date\np1,2026-11-25\n")
        code = (
            "import os, sys\n"
            "for name in ('p1.ics', 'p1.json'):\n"
            "    os.symlink(sys.argv[4], os.path.join(sys.argv[2],"
            " f'.{name}.microneedle-care-{os.getpid()}-0123abcd.tmp'))\n" + _FORCED
        )
        result = subprocess.run(
            [sys.executable, "-c", code, str(csv_path), str(out), "2", str(victim)],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == ["1", "1", "0"]
        assert victim.read_text(encoding="utf-8") == "PRECIOUS\n"
        assert not (out / "p1.ics").is_symlink()
        assert not (out / "p1.json").is_symlink()

    def test_h1_symlink_at_the_final_name_is_replaced_not_followed(self, tmp_path: Path) -> None:
        """H1 (held, kept): a link at p1.ics is replaced by a regular file; its target stays."""
        victim = tmp_path / "victim"
        victim.write_text("PRECIOUS\n", encoding="utf-8")
        out = tmp_path / "out"
        out.mkdir()
        (out / "p1.ics").symlink_to(victim)
        (out / "p1.json").symlink_to(victim)
        summary = run_batch(_csv(tmp_path), out, tz="UTC")
        assert (summary.written, summary.errors) == (3, ())
        assert victim.read_text(encoding="utf-8") == "PRECIOUS\n"
        assert not (out / "p1.ics").is_symlink()
        assert not (out / "p1.json").is_symlink()

    def test_m1_fifo_at_output_temp_name_does_not_hang(self, tmp_path: Path) -> None:
        """M1: a FIFO at the old fixed temporary name is left alone; the batch finishes."""
        out = tmp_path / "out"
        out.mkdir()
        os.mkfifo(out / ".p1.ics.tmp")
        result = _batch(str(_csv(tmp_path)), "-o", str(out), timeout=60)
        assert result.returncode == 0, result.stderr
        assert (out / "p1.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")

    def test_m1_fifo_at_the_random_temp_name_does_not_hang(self, tmp_path: Path) -> None:
        """M1: a FIFO at the exact random name tried is never opened; another name is used."""
        out = tmp_path / "out"
        out.mkdir()
        csv_path = _csv(tmp_path, "patient_id,treatment_date\np1,2026-11-25\n")
        code = (
            "import os, sys\n"
            "os.mkfifo(os.path.join(sys.argv[2],"
            " f'.p1.ics.microneedle-care-{os.getpid()}-0123abcd.tmp'))\n" + _FORCED
        )
        result = subprocess.run(
            [sys.executable, "-c", code, str(csv_path), str(out), "3"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == ["1", "1", "0"]
        assert (out / "p1.ics").is_file()

    def test_m1_fifo_at_the_final_name_is_replaced(self, tmp_path: Path) -> None:
        """M1 (held, kept): a FIFO at p1.ics is replaced by the calendar file, not opened."""
        out = tmp_path / "out"
        out.mkdir()
        os.mkfifo(out / "p1.ics")
        result = _batch(str(_csv(tmp_path)), "-o", str(out), timeout=60)
        assert result.returncode == 0, result.stderr
        assert stat.S_ISREG((out / "p1.ics").lstat().st_mode)

    def test_m3_unwritable_target_fails_only_its_row(self, tmp_path: Path) -> None:
        """M3: a directory at p2.ics fails row 3 only, naming p2.ics; p3 is still written."""
        out = tmp_path / "out"
        (out / "p2.ics").mkdir(parents=True)
        csv_path = _csv(tmp_path)
        result = _batch(str(csv_path), "-o", str(out))
        assert result.returncode == 1
        assert result.stderr.splitlines() == [
            f"{csv_path}:3: cannot write {out / 'p2.ics'}: it is a directory",
            f"wrote 2 of 3 patients to {out}; 1 rows failed",
        ]
        assert _names(out) == ["p1.ics", "p1.json", "p2.ics", "p3.ics", "p3.json"]
        assert (out / "p2.ics").is_dir()

    def test_m3_a_patient_gets_both_files_or_neither(self, tmp_path: Path) -> None:
        """M3: when the .json cannot be written, the patient's new .ics is not left either."""
        out = tmp_path / "out"
        (out / "p2.json").mkdir(parents=True)
        summary = run_batch(_csv(tmp_path), out, tz="UTC")
        assert [(e.line, e.message) for e in summary.errors] == [
            (3, f"cannot write {out / 'p2.json'}: it is a directory")
        ]
        assert _names(out) == ["p1.ics", "p1.json", "p2.json", "p3.ics", "p3.json"]

    def test_m3_failed_rename_removes_the_patients_other_new_file(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """M3: if the second rename fails, the first new file goes too and no temporary stays."""
        out = tmp_path / "out"
        real = os.replace

        def replace(src: str, dst: str, **kwargs: Any) -> None:
            if dst == "p2.json" or str(dst).endswith("/p2.json"):
                raise OSError(28, "No space left on device")
            real(src, dst, **kwargs)

        monkeypatch.setattr(os, "replace", replace)
        summary = run_batch(_csv(tmp_path), out, tz="UTC")
        assert [(e.line, e.message) for e in summary.errors] == [
            (3, f"cannot write {out / 'p2.json'}: No space left on device")
        ]
        assert _names(out) == ["p1.ics", "p1.json", "p3.ics", "p3.json"]

    def test_m3_interrupted_write_leaves_no_temporary(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """M3: Ctrl-C in the middle of a patient removes that patient's temporary files."""
        out = tmp_path / "out"

        def interrupt(fd: int) -> None:
            raise KeyboardInterrupt

        monkeypatch.setattr(os, "fsync", interrupt)
        with pytest.raises(KeyboardInterrupt):
            run_batch(_csv(tmp_path), out, tz="UTC")
        assert _names(out) == []

    def test_stale_temporaries_of_a_killed_run_are_removed(self, tmp_path: Path) -> None:
        """B25: a temporary left by a killed run (dead pid) is removed by the next batch."""
        out = tmp_path / "out"
        out.mkdir()
        process = subprocess.Popen([sys.executable, "-c", "pass"])
        process.wait()
        stale = out / f".p9.ics.microneedle-care-{process.pid}-0123abcd.tmp"
        stale.write_text("half", encoding="utf-8")
        run_batch(_csv(tmp_path), out, tz="UTC")
        assert not stale.exists()
        _no_temporaries(out)

    def test_output_folder_that_is_a_file_is_one_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A folder that cannot be made is a BatchOutputError (an OSError): one line, exit 2."""
        out = tmp_path / "out"
        out.write_text("x", encoding="utf-8")
        with pytest.raises(BatchOutputError, match=r"cannot write into .*out: File exists"):
            run_batch(_csv(tmp_path), out, tz="UTC")
        with pytest.raises(OSError, match="File exists"):
            run_batch(_csv(tmp_path), out, tz="UTC")
        assert main(["batch", "--tz", "UTC", str(_csv(tmp_path)), "-o", str(out)]) == 2
        assert capsys.readouterr().err.count("\n") == 1


_KINDS = st.sampled_from(["link", "fifo", "file", "dangling"])


@posix_only
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(planted=st.dictionaries(st.sampled_from([
    "p1.ics", "p1.json", "p2.ics", ".p1.ics.tmp", ".p2.json.tmp", "p3.json",
]), _KINDS, max_size=6))  # fmt: skip
def test_h1_property_nothing_planted_is_written_through(
    tmp_path_factory: pytest.TempPathFactory, planted: dict[str, str]
) -> None:
    """H1/M1: whatever is planted in the folder, no outside file changes, none is opened."""
    base = tmp_path_factory.mktemp("planted")
    victim = base / "victim"
    victim.write_text("PRECIOUS\n", encoding="utf-8")
    out = base / "out"
    out.mkdir()
    for name, kind in planted.items():
        where = out / name
        if kind == "link":
            where.symlink_to(victim)
        elif kind == "dangling":
            where.symlink_to(base / "nowhere")
        elif kind == "fifo":
            os.mkfifo(where)
        else:
            where.write_text("old\n", encoding="utf-8")
    summary = run_batch(_csv(base), out, tz="UTC")
    assert (summary.written, summary.errors) == (3, ())
    assert victim.read_text(encoding="utf-8") == "PRECIOUS\n"
    assert not (base / "nowhere").exists()
    for patient in ("p1", "p2", "p3"):
        for ext in ("ics", "json"):
            assert stat.S_ISREG((out / f"{patient}.{ext}").lstat().st_mode)


class TestHostileInput:
    @posix_only
    def test_m2_fifo_csv_is_refused_without_hanging(self, tmp_path: Path) -> None:
        """M2: a CSV path that is a FIFO is refused at once, as validate and check refuse it."""
        fifo = tmp_path / "f.csv"
        os.mkfifo(fifo)
        result = _batch(str(fifo), "-o", str(tmp_path / "o"), timeout=60)
        assert result.returncode == 2
        assert result.stderr == (
            f"microneedle-care: error: {fifo}: cannot read the file: it is a FIFO (named pipe)\n"
        )
        assert not (tmp_path / "o").exists()

    @posix_only
    def test_m2_pipe_is_refused_not_read_twice(self, tmp_path: Path) -> None:
        """M2: a pipe (`<(cat p.csv)`, /dev/stdin) is refused clearly, not "missing column"."""
        with open(_csv(tmp_path), "rb") as stream:
            result = subprocess.run(
                [str(SCRIPT), "batch", "--tz", "UTC", "/dev/stdin", "-o", str(tmp_path / "o")],
                stdin=stream, capture_output=True, text=True, timeout=60,
            )  # fmt: skip
        # A redirected regular file is a regular file: read once, all rows written.
        assert result.returncode == 0, result.stderr
        with subprocess.Popen(["cat", str(_csv(tmp_path))], stdout=subprocess.PIPE) as reader:
            result = subprocess.run(
                [str(SCRIPT), "batch", "--tz", "UTC", "/dev/stdin", "-o", str(tmp_path / "o2")],
                stdin=reader.stdout, capture_output=True, text=True, timeout=60,
            )  # fmt: skip
        assert result.returncode == 2
        assert "it is a FIFO (named pipe)" in result.stderr
        assert "missing column" not in result.stderr

    def test_m4_ids_differing_only_in_case_are_refused(self, tmp_path: Path) -> None:
        """M4: P1 after p1 is refused: on macOS and Windows they would be the same files."""
        path = _csv(tmp_path, "patient_id,treatment_date\np1,2026-11-25\nP1,2026-11-25\n")
        summary = run_batch(path, tmp_path / "out", tz="UTC")
        assert summary.written == 1
        assert [(e.line, e.message) for e in summary.errors] == [
            (
                3,
                "patient_id 'P1' differs from 'p1' on line 2 only in case:"
                " on macOS and Windows they would be the same files",
            )
        ]
        assert _names(tmp_path / "out") == ["p1.ics", "p1.json"]

    def test_m5_overlong_field_is_one_clear_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """M5: a field over the CSV reader's limit: one error with its line; nothing written."""
        path = _csv(tmp_path, "patient_id,treatment_date\np0,2026-11-25\np1," + "x" * 200_000)
        with pytest.raises(BatchInputError) as info:
            run_batch(path, tmp_path / "out", tz="UTC")
        assert (info.value.line, str(info.value)) == (
            3,
            f"{path}: line 3: cannot read the CSV record: field larger than field limit (131072)",
        )
        assert not (tmp_path / "out").exists()
        assert main(["batch", "--tz", "UTC", str(path), "-o", str(tmp_path / "out")]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert "Traceback" not in err

    def test_m6_invalid_utf8_part_way_writes_nothing(self, tmp_path: Path) -> None:
        """M6: a bad byte at row 5,000 of 6,000 is refused before any patient is written."""
        rows = [f"p{n},2026-11-25" for n in range(6000)]
        rows[4999] = "p4999,2026-11-25\xff"
        path = tmp_path / "big.csv"
        path.write_bytes(("patient_id,treatment_date\n" + "\n".join(rows) + "\n").encode("latin-1"))
        with pytest.raises(BatchInputError) as info:
            run_batch(path, tmp_path / "out", tz="UTC")
        assert isinstance(info.value, ScheduleError)
        assert info.value.line == 5001
        assert str(info.value).startswith(f"{path}: line 5001: not UTF-8 text (byte ")
        assert not (tmp_path / "out").exists()

    def test_l1_control_characters_in_file_names_are_escaped(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """L1: an ESC in the CSV's or folder's name is shown escaped in every batch message."""
        path = _csv(tmp_path, "patient_id,treatment_date\np1,2026-13-01\n", name="a\x1b[31m.csv")
        out = tmp_path / "o\x1b]0;x\a"
        assert main(["batch", "--tz", "UTC", str(path), "-o", str(out)]) == 1
        err = capsys.readouterr().err
        assert "\x1b" not in err
        assert "\a" not in err
        assert "a\\x1b[31m.csv:2: invalid treatment_date" in err
        assert "o\\x1b]0;x\\x07;" in err

    @pytest.mark.parametrize("patient", ["CON", "nul", "Com1", "lpt9.x", "aux.2026"])
    def test_l9_windows_device_names_are_refused(self, tmp_path: Path, patient: str) -> None:
        """L9: CON, NUL, COM1... (any case, any extension) cannot be file names on Windows."""
        path = _csv(tmp_path, f"patient_id,treatment_date\n{patient},2026-11-25\n")
        summary = run_batch(path, tmp_path / "out", tz="UTC")
        stem = patient.split(".")[0].upper()
        assert [e.message for e in summary.errors] == [
            f"invalid patient_id {patient!r}: {stem} is a device name on Windows"
        ]

    def test_l10_id_message_names_the_64_character_limit(self, tmp_path: Path) -> None:
        """L10: a 65-character id is told the limit, not just the characters allowed."""
        path = _csv(
            tmp_path, f"patient_id,treatment_date\n{'a' * 64},2026-11-25\n{'b' * 65},2026-11-25\n"
        )
        summary = run_batch(path, tmp_path / "out", tz="UTC")
        assert summary.written == 1
        assert [(e.line, e.message) for e in summary.errors] == [
            (3, f"invalid patient_id {'b' * 65!r}: {ID_RULE}")
        ]

    def test_l10_multi_line_record_is_reported_at_its_first_line(self, tmp_path: Path) -> None:
        """L10: a quoted record over three lines is reported where it starts."""
        text = 'patient_id,treatment_date\np1,2026-11-25\n\n"p\n2\n",2026-11-25\np3,2026-1\n'
        summary = run_batch(_csv(tmp_path, text), tmp_path / "out", tz="UTC")
        assert [e.line for e in summary.errors] == [4, 7]
        assert summary.rows == 3

    @pytest.mark.parametrize(
        "date", ["20261125", "2026-W48-3", "2026-330", "\uff12\uff10\uff12\uff16-11-25"]
    )
    def test_l12_only_yyyy_mm_dd_dates(self, tmp_path: Path, date: str) -> None:
        """L12: the other ISO 8601 forms Python accepts are refused, as documented."""
        path = _csv(tmp_path, f"patient_id,treatment_date\np1,{date}\n")
        summary = run_batch(path, tmp_path / "out", tz="UTC")
        assert [e.message for e in summary.errors] == [
            f"invalid treatment_date {date!r}: use YYYY-MM-DD"
        ]

    def test_count_rows_counts_records_once(self, tmp_path: Path) -> None:
        """count_rows agrees with run_batch: a multi-line record and blank lines count once."""
        text = 'patient_id,treatment_date\n\n"p\n1",2026-11-25\np2,2026-11-25\n\n'
        path = _csv(tmp_path, text)
        from microneedle_care.batch import count_rows

        assert count_rows(path) == run_batch(path, tmp_path / "out", tz="UTC").rows == 2


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(patient=st.text(max_size=70), date=st.text(max_size=12))
def test_property_hostile_cells_stay_in_the_folder_and_out_of_the_terminal(
    tmp_path_factory: pytest.TempPathFactory, patient: str, date: str
) -> None:
    """Any id and date: either refused with a printable message, or exactly <id>.ics/.json."""
    base = tmp_path_factory.mktemp("cells")
    path = base / "p.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        import csv

        csv.writer(stream).writerows([["patient_id", "treatment_date"], [patient, date]])
    out = base / "out"
    summary = run_batch(path, out, tz="UTC")
    for error in summary.errors:
        assert error.message.isprintable()
    if summary.written:
        assert _names(out) == sorted([f"{patient.strip()}.ics", f"{patient.strip()}.json"])
    else:
        assert _names(out) == []


def _pack(path: Path, **info: Any) -> Path:
    data = {"pack": {"name": "Lakeview Skin Clinic", "version": "2027.1", **info}}
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


_FR = {"locale": "fr", "replace": [{"id": "wash-gently", "action": "Lavez doucement."}]}


class TestPacks:
    def test_m23_require_approval_refuses_before_writing(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """M23: batch can require approval; an unapproved pack writes nothing, exit 2."""
        pack = _pack(tmp_path / "lakeview.json")
        out = tmp_path / "out"
        with pytest.raises(ContentError, match="approv"):
            run_batch(_csv(tmp_path), out, packs=[pack], require_approval=True, tz="UTC")
        assert not out.exists()
        argv = ["batch", "--tz", "UTC", str(_csv(tmp_path)), "-o", str(out), "--pack", str(pack)]
        assert main([*argv, "--require-approval"]) == 2
        assert capsys.readouterr().err.startswith("microneedle-care: error: ")
        assert not out.exists()
        assert main(["approve", str(pack), "--by", "Dr. Ana Diaz, MD", "--date", "2026-12-01"]) == 0
        capsys.readouterr()
        assert main([*argv, "--require-approval"]) == 0
        assert _names(out) == ["p1.ics", "p1.json", "p2.ics", "p2.json", "p3.ics", "p3.json"]

    def test_m23_require_approval_covers_every_locale_used(self, tmp_path: Path) -> None:
        """M23: an approved English pack does not approve the French rows' content."""
        pack = _pack(tmp_path / "en.json")
        assert main(["approve", str(pack), "--by", "Dr. Ana Diaz, MD", "--date", "2026-12-01"]) == 0
        fr = _pack(tmp_path / "fr.json", **_FR)
        path = _csv(
            tmp_path, "patient_id,treatment_date,locale\np1,2026-11-25,en\np2,2026-11-25,fr\n"
        )
        with pytest.raises(ContentError, match="approv"):
            run_batch(path, tmp_path / "out", packs=[pack], locale_packs={"fr": [fr]},
                      require_approval=True, tz="UTC")  # fmt: skip
        assert not (tmp_path / "out").exists()

    def test_l11_missing_pack_is_one_error_exit_2(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """L11: a missing --pack is one line and exit 2, not one failure per row."""
        out = tmp_path / "out"
        missing = tmp_path / "none.json"
        assert (
            main(
                [
                    "batch",
                    "--tz",
                    "UTC",
                    str(_csv(tmp_path)),
                    "-o",
                    str(out),
                    "--pack",
                    str(missing),
                ]
            )
            == 2
        )
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert str(missing) in err
        assert not out.exists()

    def test_l11_pack_is_read_once_per_locale(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """L11: the packs are read once per locale the rows use, not once per row."""
        from microneedle_care import loading

        pack = _pack(tmp_path / "lakeview.json")
        reads: list[str] = []
        real = loading.load_pack

        def counting(path: Any) -> Any:
            reads.append(str(path))
            return real(path)

        monkeypatch.setattr(loading, "load_pack", counting)
        summary = run_batch(_csv(tmp_path), tmp_path / "out", packs=[pack], tz="UTC")
        assert summary.written == 3
        assert reads == [str(pack)]

    def test_locale_packs_apply_to_their_rows_only(self, tmp_path: Path) -> None:
        """Issue 17: a French pack for French rows, an English one for English rows."""
        en = _pack(tmp_path / "en.json")
        fr = _pack(tmp_path / "fr.json", **_FR)
        path = _csv(
            tmp_path, "patient_id,treatment_date,locale\np1,2026-11-25,en\np2,2026-11-25,fr\n"
        )
        out = tmp_path / "out"
        code = main(["batch", "--tz", "UTC", str(path), "-o", str(out), "--pack-for", "en", str(en),
                     "--pack-for", "fr", str(fr)])  # fmt: skip
        assert code == 0
        assert "Lavez doucement." in (out / "p2.json").read_text(encoding="utf-8")
        assert "Lavez doucement." not in (out / "p1.json").read_text(encoding="utf-8")

    def test_a_pack_in_the_wrong_locale_refuses_the_run(self, tmp_path: Path) -> None:
        """An English pack given for every row, with French rows: refused before writing."""
        en = _pack(tmp_path / "en.json")
        path = _csv(
            tmp_path, "patient_id,treatment_date,locale\np1,2026-11-25,en\np2,2026-11-25,fr\n"
        )
        with pytest.raises(ContentError, match="the pack is in 'en' but the content is in 'fr-CA'"):
            run_batch(path, tmp_path / "out", packs=[en], tz="UTC")
        assert not (tmp_path / "out").exists()


class TestResume:
    def test_resume_skips_complete_identical_files(self, tmp_path: Path) -> None:
        """Issue 17: --resume leaves complete, identical files alone and redoes the rest."""
        out = tmp_path / "out"
        path = _csv(tmp_path)
        assert run_batch(path, out, tz="UTC").written == 3
        before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
        (out / "p2.json").write_bytes((out / "p2.json").read_bytes()[:-10])  # cut short
        (out / "p3.ics").unlink()
        summary = run_batch(path, out, resume=True, tz="UTC")
        assert (summary.written, summary.unchanged, summary.errors) == (2, 1, ())
        assert (out / "p1.ics").stat().st_mtime_ns == before["p1.ics"]
        again = tmp_path / "again"
        run_batch(path, again, tz="UTC")
        for name in _names(again):
            assert (out / name).read_bytes() == (again / name).read_bytes()

    @posix_only
    def test_resume_does_not_trust_a_link(self, tmp_path: Path) -> None:
        """A link to a file with the right bytes is not "complete": it is replaced."""
        out = tmp_path / "out"
        path = _csv(tmp_path)
        run_batch(path, out, tz="UTC")
        copy = tmp_path / "copy.ics"
        copy.write_bytes((out / "p1.ics").read_bytes())
        (out / "p1.ics").unlink()
        (out / "p1.ics").symlink_to(copy)
        summary = run_batch(path, out, resume=True, tz="UTC")
        assert (summary.written, summary.unchanged) == (1, 2)
        assert not (out / "p1.ics").is_symlink()

    def test_resume_on_the_command_line(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The summary says how many patients were already up to date."""
        out = tmp_path / "out"
        path = _csv(tmp_path)
        assert main(["batch", "--tz", "UTC", str(path), "-o", str(out)]) == 0
        assert main(["batch", "--tz", "UTC", str(path), "-o", str(out), "--resume"]) == 0
        assert capsys.readouterr().err.splitlines()[-1] == (
            f"wrote 0 of 3 patients to {out}; 3 already up to date; 0 rows failed"
        )


_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "\uff1d", "\uff0b", "\uff0d", "\uff20")


class TestReport:
    def test_csv_injection_cells_are_neutralised_in_the_report(self, tmp_path: Path) -> None:
        """Issue 17: no cell of the report CSV starts a formula, whatever the input held."""
        import csv

        hostile = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", " =1"]
        path = tmp_path / "p.csv"
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.writer(stream)
            writer.writerow(["patient_id", "treatment_date"])
            writer.writerow(["p1", "2026-11-25"])
            writer.writerows([cell, "=1+1"] for cell in hostile)
        report = tmp_path / "report.csv"
        summary = run_batch(path, tmp_path / "out", report=report, tz="UTC")
        assert summary.written == 1
        raw = report.read_bytes()
        assert raw.startswith(b"line,patient_id,status,message\r\n")
        records = list(csv.reader(raw.decode("utf-8").splitlines(keepends=True)))
        assert records[1] == ["2", "p1", "written", ""]
        assert [r[2] for r in records[2:]] == ["failed"] * len(hostile)
        assert [r[1] for r in records[2:]] == ["'" + cell.strip() for cell in hostile]
        for record in records:
            for cell in record:
                assert not cell.lstrip(" ").startswith(_TRIGGERS), cell

    def test_report_on_the_command_line(self, tmp_path: Path) -> None:
        """--report writes the outcome of every row, failed ones with their reason."""
        report = tmp_path / "r.csv"
        csv_path = _csv(tmp_path, "patient_id,treatment_date\np1,2026-11-25\np2,2026-13-01\n")
        assert (
            main(
                [
                    "batch",
                    "--tz",
                    "UTC",
                    str(csv_path),
                    "-o",
                    str(tmp_path / "o"),
                    "--report",
                    str(report),
                ]
            )
            == 1
        )
        assert report.read_text(encoding="utf-8").splitlines() == [
            "line,patient_id,status,message",
            "2,p1,written,",
            "3,p2,failed,invalid treatment_date '2026-13-01': use YYYY-MM-DD",
        ]

    def test_report_that_cannot_be_written_is_one_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A report path that is a directory: exit 2, one line, after the patients were written."""
        (tmp_path / "r").mkdir()
        argv = [
            "batch",
            "--tz",
            "UTC",
            str(_csv(tmp_path)),
            "-o",
            str(tmp_path / "o"),
            "--report",
            str(tmp_path / "r"),
        ]
        assert main(argv) == 2
        assert capsys.readouterr().err == (
            f"microneedle-care: error: cannot write {tmp_path / 'r'}: it is a directory\n"
        )


@given(st.text(max_size=20))
def test_property_csv_cell_never_starts_a_formula(value: str) -> None:
    """Any text: the cell's first non-space character is never a formula trigger."""
    from microneedle_care._io import csv_cell

    cell = csv_cell(value)
    assert not cell.lstrip(" ").startswith(_TRIGGERS)
    assert cell in (value, "'" + value)
    assert csv_cell(cell) == cell


class TestTimeZone:
    @pytest.mark.parametrize("tz", ["America", "Etc", "A" * 300])
    def test_m11_zone_folder_or_long_name_is_an_unknown_zone(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], tz: str
    ) -> None:
        """M11 (batch path): --tz America is an unknown zone, not "cannot write to stdout"."""
        out = tmp_path / "out"
        with pytest.raises(ScheduleError, match="unknown time zone"):
            run_batch(_csv(tmp_path), out, tz=tz)
        assert main(["batch", "--tz", "UTC", str(_csv(tmp_path)), "-o", str(out), "--tz", tz]) == 2
        err = capsys.readouterr().err
        assert "unknown time zone" in err
        assert "standard output" not in err
        assert not out.exists()

    def test_m11_non_string_zone_is_a_type_error(self, tmp_path: Path) -> None:
        """M11 (batch path): a zone that is not a string is InvalidTypeError."""
        from microneedle_care.errors import InvalidTypeError

        with pytest.raises(InvalidTypeError, match="tz must be a string, got int"):
            run_batch(_csv(tmp_path), tmp_path / "out", tz=5)  # type: ignore[arg-type]


_FOLDER_NAMES = st.text(st.characters(exclude_characters="/"), min_size=1, max_size=300).filter(
    lambda name: name not in (".", "..")
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=_FOLDER_NAMES)
def test_property_hostile_folder_names_write_inside_or_fail_in_one_line(
    tmp_path_factory: pytest.TempPathFactory, name: str
) -> None:
    """Any folder name: the files land inside it, or one printable BatchOutputError."""
    base = tmp_path_factory.mktemp("folders")
    path = _csv(base, "patient_id,treatment_date\np1,2026-11-25\n")
    try:
        summary = run_batch(path, str(base) + "/" + name, tz="UTC")
    except BatchOutputError as exc:
        message = str(exc)
    else:
        message = ""
    if message:
        assert message.isprintable()
        assert message.startswith("cannot write into ")
        return
    assert summary.written == 1
    assert sorted(os.listdir(str(base) + "/" + name)) == ["p1.ics", "p1.json"]


@posix_only
class TestPermissions:
    def test_planted_world_writable_file_does_not_lend_its_mode(self, tmp_path: Path) -> None:
        """A file planted at p1.ics with mode 0o666 is replaced by one with the umask's mode."""
        out = tmp_path / "out"
        out.mkdir()
        planted = out / "p1.ics"
        planted.write_text("x", encoding="utf-8")
        planted.chmod(0o666)
        old = os.umask(0o077)
        try:
            run_batch(_csv(tmp_path), out, tz="UTC")
        finally:
            os.umask(old)
        for name in _names(out):
            assert stat.S_IMODE((out / name).stat().st_mode) == 0o600, name


# --- Issue 17 item 3: every output kind, and what is due in a window ----------------------

UTC = datetime.timezone.utc
TWO = "patient_id,treatment_date,risk_factors,locale\nq1,2026-10-28,,en\nq2,2026-10-28,,fr\n"
_NO_PDF = "pdf" if __import__("importlib").util.find_spec("weasyprint") is None else ""
_KINDS_NO_PDF = tuple(k for k in OUTPUT_KINDS if k != "pdf")


def _library(patient: str, locale: str, clinic: mc.ClinicContact | None = None) -> Any:
    checklist = mc.build_checklist(
        treatment_date=datetime.date(2026, 10, 28), locale=locale, clinic=clinic
    )
    return checklist, build_schedule(checklist, tz="America/Toronto", patient=patient)


def _utc(*args: int) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=UTC)


def test_every_output_kind_is_what_the_library_renders(tmp_path: Path) -> None:
    """Each kind's file is byte for byte what the library renders for that patient."""
    kinds = OUTPUT_KINDS if not _NO_PDF else _KINDS_NO_PDF
    out = tmp_path / "out"
    summary = run_batch(_csv(tmp_path, TWO), out, tz="America/Toronto", outputs=kinds)
    assert (summary.written, summary.errors) == (2, ())
    suffixes = {
        "ics": ".ics", "json": ".json", "html": ".html", "pdf": ".pdf",
        "record": ".record.json", "messages": ".messages.csv", "fhir": ".fhir.json",
    }  # fmt: skip
    assert _names(out) == sorted(f"{p}{suffixes[k]}" for p in ("q1", "q2") for k in kinds)
    for patient, locale in (("q1", "en"), ("q2", "fr")):
        checklist, schedule = _library(patient, locale)
        expected: dict[str, bytes] = {
            "ics": render_ical(schedule),
            "json": render_schedule_json(schedule).encode(),
            "html": mc.render(checklist, "html").encode(),
            "record": mc.render(checklist, "json").encode(),
            "messages": messages_csv(schedule).encode(),
            "fhir": fhir.to_json(fhir.schedule_bundle(checklist, schedule)).encode(),
        }
        if "pdf" in kinds:
            expected["pdf"] = mc.render(checklist, "pdf")
        for kind in kinds:
            assert (out / f"{patient}{suffixes[kind]}").read_bytes() == expected[kind], kind


def test_default_outputs_are_unchanged(tmp_path: Path) -> None:
    """Without outputs, a patient still gets just the .ics and the .json."""
    out = tmp_path / "out"
    run_batch(_csv(tmp_path, TWO), out, tz="UTC")
    assert _names(out) == ["q1.ics", "q1.json", "q2.ics", "q2.json"]


def test_messages_csv_has_every_sms_and_email_with_keys(tmp_path: Path) -> None:
    """The messages CSV: one SMS and one email record per touchpoint, with the right keys."""
    import csv as csv_module

    out = tmp_path / "out"
    run_batch(_csv(tmp_path, TWO), out, tz="America/Toronto", outputs=["messages"])
    assert _names(out) == ["q1.messages.csv", "q2.messages.csv"]
    text = (out / "q1.messages.csv").read_bytes().decode("utf-8")
    records = list(csv_module.reader(io_lines(text)))
    assert records[0] == ["day", "send_at", "channel", "idempotency_key", "subject", "text"]
    _, schedule = _library("q1", "en")
    expected = []
    for t in schedule.touchpoints:
        email = render_email(schedule, t)
        expected.append(
            [str(t.day), t.send_at.isoformat(), "sms", idempotency_key(schedule, t, "sms"),
             "", render_sms(schedule, t)]
        )  # fmt: skip
        expected.append(
            [str(t.day), t.send_at.isoformat(), "email", idempotency_key(schedule, t, "email"),
             email.subject, email.text]
        )  # fmt: skip
    assert records[1:] == expected


def test_messages_csv_cells_are_injection_safe(tmp_path: Path) -> None:
    """A clinic name starting with '=' reaches no cell of the messages CSV as a formula."""
    import csv as csv_module

    out = tmp_path / "out"
    clinic = mc.ClinicContact(name='=HYPERLINK("http://x")', phone="555-0100")
    run_batch(_csv(tmp_path, TWO), out, tz="UTC", clinic=clinic, outputs=["messages"])
    text = (out / "q1.messages.csv").read_bytes().decode("utf-8")
    for record in csv_module.reader(io_lines(text)):
        for cell in record:
            assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r", "\n"))
    assert "'=HYPERLINK" in text


def io_lines(text: str) -> Any:
    import io

    return io.StringIO(text, newline="")


def test_unknown_or_empty_outputs_write_nothing(tmp_path: Path) -> None:
    """A bad outputs list is refused before the folder is even made."""
    out = tmp_path / "out"
    with pytest.raises(InvalidValueError, match="unknown output kind 'docx'"):
        run_batch(_csv(tmp_path, TWO), out, tz="UTC", outputs=["ics", "docx"])
    with pytest.raises(InvalidValueError, match="outputs is empty"):
        run_batch(_csv(tmp_path, TWO), out, tz="UTC", outputs=[])
    with pytest.raises(InvalidTypeError, match="outputs must be a sequence"):
        run_batch(_csv(tmp_path, TWO), out, tz="UTC", outputs="ics")
    assert not out.exists()


def test_missing_pdf_extra_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With 'pdf' asked and WeasyPrint missing: one clear error, before any file is written."""
    import importlib

    real = importlib.import_module

    def no_weasyprint(name: str, *args: Any) -> Any:
        if name == "weasyprint":
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", no_weasyprint)
    out = tmp_path / "out"
    with pytest.raises(MissingDependencyError, match=r"microneedle-care\[pdf\]") as caught:
        run_batch(_csv(tmp_path, TWO), out, tz="UTC", outputs=["ics", "pdf"])
    assert "\n" not in str(caught.value)
    assert not out.exists()


def test_a_failing_output_leaves_none_of_that_patients_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One patient's FHIR Bundle fails: none of its files are written, the other's all are."""
    real = fhir.schedule_bundle

    def flaky(checklist: Any, schedule: Any, **kw: Any) -> Any:
        if schedule.locale.startswith("fr"):
            raise InvalidValueError("bundle refused")
        return real(checklist, schedule, **kw)

    monkeypatch.setattr(fhir, "schedule_bundle", flaky)
    out = tmp_path / "out"
    summary = run_batch(_csv(tmp_path, TWO), out, tz="UTC", outputs=_KINDS_NO_PDF)
    assert [(e.line, e.message) for e in summary.errors] == [(3, "bundle refused")]
    assert [n for n in _names(out) if n.startswith("q2")] == []
    assert len([n for n in _names(out) if n.startswith("q1")]) == len(_KINDS_NO_PDF)


@posix_only
def test_a_failing_write_leaves_none_of_that_patients_files(tmp_path: Path) -> None:
    """A folder at q2.fhir.json: none of q2's files are left, and no temporary file."""
    out = tmp_path / "out"
    (out / "q2.fhir.json").mkdir(parents=True)
    summary = run_batch(_csv(tmp_path, TWO), out, tz="UTC", outputs=_KINDS_NO_PDF)
    assert [e.line for e in summary.errors] == [3]
    assert "q2.fhir.json: it is a directory" in summary.errors[0].message
    assert [n for n in _names(out) if n.startswith("q2")] == ["q2.fhir.json"]
    assert (out / "q2.fhir.json").is_dir()
    _no_temporaries(out)


def test_a_failed_rename_takes_back_that_patients_renamed_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 4th of q2's files cannot be renamed: the three already renamed are removed."""
    import errno

    real = os.replace

    def failing(src: Any, dst: Any, **kw: Any) -> None:
        if os.fspath(dst).endswith("q2.record.json"):
            raise OSError(errno.EIO, "I/O error")
        real(src, dst, **kw)

    monkeypatch.setattr(os, "replace", failing)
    out = tmp_path / "out"
    summary = run_batch(_csv(tmp_path, TWO), out, tz="UTC", outputs=_KINDS_NO_PDF)
    assert [e.line for e in summary.errors] == [3]
    assert "q2.record.json" in summary.errors[0].message
    assert [n for n in _names(out) if n.startswith("q2")] == []
    assert len([n for n in _names(out) if n.startswith("q1")]) == len(_KINDS_NO_PDF)
    _no_temporaries(out)


def test_resume_with_outputs_leaves_complete_patients_alone(tmp_path: Path) -> None:
    """Run again with the same kinds: every patient is unchanged; a new kind rewrites them."""
    path, out = _csv(tmp_path, TWO), tmp_path / "out"
    run_batch(path, out, tz="UTC", outputs=["html", "record"])
    again = run_batch(path, out, tz="UTC", outputs=["html", "record"], resume=True)
    assert (again.written, again.unchanged) == (0, 2)
    more = run_batch(path, out, tz="UTC", outputs=["html", "record", "fhir"], resume=True)
    assert (more.written, more.unchanged) == (2, 0)


def test_command_writes_the_kinds_asked_for(tmp_path: Path) -> None:
    """`batch --write html record` writes those files only; a PDF needs its extra."""
    out = tmp_path / "out"
    code = main(
        ["batch", str(_csv(tmp_path, TWO)), "--tz", "UTC", "-o", str(out),
         "--write", "html", "record"]
    )  # fmt: skip
    assert code == 0
    assert _names(out) == ["q1.html", "q1.record.json", "q2.html", "q2.record.json"]


def test_cli_output_kinds_match_the_library() -> None:
    """The command's --write choices are the library's OUTPUT_KINDS."""
    from microneedle_care.cli import _OUTPUT_KINDS

    assert _OUTPUT_KINDS == OUTPUT_KINDS


# --- due() ----------------------------------------------------------------------------


def test_due_is_every_message_in_the_window_by_send_time(tmp_path: Path) -> None:
    """Two patients on one day: both patients' SMS and email, distinct keys, by send time."""
    result = due(_csv(tmp_path, TWO), _utc(2026, 10, 28), _utc(2026, 10, 30), tz="America/Toronto")
    assert result.errors == ()
    messages = result.messages
    assert [(m.patient_id, m.day, m.channel) for m in messages] == [
        ("q1", 1, "sms"), ("q1", 1, "email"), ("q2", 1, "sms"), ("q2", 1, "email"),
        ("q1", 2, "sms"), ("q1", 2, "email"), ("q2", 2, "sms"), ("q2", 2, "email"),
    ]  # fmt: skip
    assert len({m.idempotency_key for m in messages}) == len(messages)
    for m in messages:
        _, schedule = _library(m.patient_id, "en" if m.patient_id == "q1" else "fr")
        (t,) = [t for t in schedule.touchpoints if t.day == m.day]
        assert m.send_at == t.send_at
        assert m.idempotency_key == idempotency_key(schedule, t, m.channel)
        if m.channel == "sms":
            assert (m.subject, m.text) == (None, render_sms(schedule, t))
        else:
            email = render_email(schedule, t)
            assert (m.subject, m.text) == (email.subject, email.text)
    assert attrs_frozen(messages[0])


def attrs_frozen(message: DueMessage) -> bool:
    with pytest.raises(AttributeError):
        message.text = "x"  # type: ignore[misc]
    return True


def test_due_window_is_half_open(tmp_path: Path) -> None:
    """A message at exactly the end is left for the next window; at exactly the start, kept."""
    path = _csv(tmp_path, TWO)
    at = _utc(2026, 10, 28, 22)  # day 1, 18:00 in Toronto (EDT)
    minute = datetime.timedelta(minutes=1)
    assert due(path, at - minute, at, tz="America/Toronto").messages == ()
    kept = due(path, at, at + minute, tz="America/Toronto").messages
    assert {(m.patient_id, m.day) for m in kept} == {("q1", 1), ("q2", 1)}
    assert due(path, at, at, tz="America/Toronto").messages == ()
    before = due(path, at - 5 * minute, at, tz="America/Toronto").messages
    after = due(path, at, at + 5 * minute, tz="America/Toronto").messages
    assert before == ()
    assert len(after) == 4  # back-to-back windows never share a message


def test_due_across_the_dst_change(tmp_path: Path) -> None:
    """Day 8 (4 Nov, after Toronto leaves DST) is at 18:00 EST, 23:00 UTC, not 22:00."""
    path = _csv(tmp_path, TWO)
    edt_hour = due(path, _utc(2026, 11, 4, 21, 30), _utc(2026, 11, 4, 22, 30), tz="America/Toronto")
    est_hour = due(path, _utc(2026, 11, 4, 22, 30), _utc(2026, 11, 4, 23, 30), tz="America/Toronto")
    assert edt_hour.messages == ()
    assert {(m.patient_id, m.day) for m in est_hour.messages} == {("q1", 8), ("q2", 8)}
    assert est_hour.messages[0].send_at.utcoffset() == datetime.timedelta(hours=-5)
    toronto = __import__("zoneinfo").ZoneInfo("America/Toronto")
    across = due(
        path,
        datetime.datetime(2026, 10, 31, tzinfo=toronto),
        datetime.datetime(2026, 11, 5, tzinfo=toronto),
        tz="America/Toronto",
    )
    assert sorted({m.day for m in across.messages}) == [4, 8]


def test_due_same_window_twice_gives_the_same_keys(tmp_path: Path) -> None:
    """Overlapping and repeated windows give the same keys for the same messages."""
    path = _csv(tmp_path, TWO)
    first = due(path, _utc(2026, 10, 28), _utc(2026, 10, 30), tz="America/Toronto")
    again = due(path, _utc(2026, 10, 28), _utc(2026, 10, 30), tz="America/Toronto")
    overlap = due(path, _utc(2026, 10, 29), _utc(2026, 11, 1), tz="America/Toronto")
    assert first == again
    keys = {m.idempotency_key: m for m in first.messages}
    shared = [m for m in overlap.messages if m.idempotency_key in keys]
    assert {(m.patient_id, m.day) for m in shared} == {("q1", 2), ("q2", 2)}
    assert all(keys[m.idempotency_key] == m for m in shared)


def test_due_refuses_naive_or_backwards_windows(tmp_path: Path) -> None:
    """A naive start or end, or an end before the start, is refused."""
    path = _csv(tmp_path, TWO)
    naive = datetime.datetime(2026, 10, 28)
    with pytest.raises(InvalidValueError, match=r"start .* has no time zone"):
        due(path, naive, _utc(2026, 10, 30), tz="UTC")
    with pytest.raises(InvalidValueError, match=r"end .* has no time zone"):
        due(path, _utc(2026, 10, 28), naive, tz="UTC")
    with pytest.raises(InvalidValueError, match="is before start"):
        due(path, _utc(2026, 10, 30), _utc(2026, 10, 28), tz="UTC")
    with pytest.raises(InvalidTypeError, match="start must be a datetime"):
        due(path, datetime.date(2026, 10, 28), _utc(2026, 10, 30), tz="UTC")  # type: ignore[arg-type]


def test_due_reports_bad_rows_and_goes_on(patients: Path) -> None:
    """Bad rows come back with their line numbers; the good patients' messages are listed."""
    result = due(patients, _utc(2026, 10, 28), _utc(2026, 12, 31), tz="UTC")
    assert [e.line for e in result.errors] == [3, 4, 5, 7]
    assert {m.patient_id for m in result.messages} == {"a1", "a5"}


def test_due_checks_the_csv_as_batch_does(tmp_path: Path) -> None:
    """A CSV batch refuses is refused by due() too."""
    with pytest.raises(BatchInputError, match="missing column 'treatment_date'"):
        due(_csv(tmp_path, "patient_id\np1\n"), _utc(2026, 1, 1), _utc(2026, 1, 2), tz="UTC")
    with pytest.raises(ScheduleError, match="unknown time zone"):
        due(_csv(tmp_path, TWO), _utc(2026, 1, 1), _utc(2026, 1, 2), tz="Mars/Base")


def test_due_csv_neutralises_a_formula_clinic_name(tmp_path: Path) -> None:
    """A clinic name starting with '=' is shown, not run, in every due CSV cell."""
    import csv as csv_module

    clinic = mc.ClinicContact(name="=cmd|' /C calc'!A0", phone="555-0100")
    result = due(
        _csv(tmp_path, TWO), _utc(2026, 10, 28), _utc(2026, 10, 29), tz="America/Toronto",
        clinic=clinic,
    )  # fmt: skip
    text = due_csv(result.messages)
    records = list(csv_module.reader(io_lines(text)))
    assert records[0] == [
        "patient_id", "day", "send_at", "channel", "idempotency_key", "subject", "text",
    ]  # fmt: skip
    assert len(records) == 1 + len(result.messages) == 5
    for record in records:
        for cell in record:
            assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r", "\n"))
    sms = [r for r in records if r[3] == "sms"]
    assert all(r[6].startswith("'=cmd") for r in sms)


def test_command_due_between_prints_csv_and_json(tmp_path: Path, capsys: Any) -> None:
    """`batch --due-between` prints the window's messages (CSV or JSON); nothing is written."""
    path = _csv(tmp_path, TWO)
    window = ["--due-between", "2026-10-28T00:00Z", "2026-10-29T00:00+00:00"]
    assert main(["batch", str(path), "--tz", "America/Toronto", *window]) == 0
    printed = capsys.readouterr()
    result = due(path, _utc(2026, 10, 28), _utc(2026, 10, 29), tz="America/Toronto")
    assert printed.out == due_csv(result.messages)
    assert "4 messages due; 0 rows failed" in printed.err
    code = main(["batch", str(path), "--tz", "America/Toronto", *window, "--format", "json"])
    assert code == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed == json.loads(due_json(result.messages))
    assert [m["idempotency_key"] for m in listed] == [m.idempotency_key for m in result.messages]
    assert listed[0]["subject"] is None
    assert listed[1]["channel"] == "email"
    assert _names(tmp_path) == ["p.csv"]


def test_command_due_between_refuses_naive_times_and_output(tmp_path: Path, capsys: Any) -> None:
    """A time with no zone, or --output with --due-between, is a usage error (exit 2)."""
    path = str(_csv(tmp_path, TWO))
    naive = ["--due-between", "2026-10-28T00:00", "2026-10-29T00:00Z"]
    assert main(["batch", path, "--tz", "UTC", *naive]) == 2
    assert "with a zone offset" in capsys.readouterr().err
    window = ["--due-between", "2026-10-28T00:00Z", "2026-10-29T00:00Z"]
    assert main(["batch", path, "--tz", "UTC", *window, "-o", str(tmp_path / "o")]) == 2
    assert "writes nothing" in capsys.readouterr().err
    assert main(["batch", path, "--tz", "UTC", *window, "--write", "html"]) == 2
    assert "writes nothing" in capsys.readouterr().err
    assert main(["batch", path, "--tz", "UTC", "-o", str(tmp_path / "o"), "--format", "json"]) == 2
    assert "--format applies to --due-between only" in capsys.readouterr().err
    assert main(["batch", path, "--tz", "UTC"]) == 2
    assert "needs --output" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_command_due_between_exits_1_on_a_bad_row(patients: Path, capsys: Any) -> None:
    """Bad rows are reported on stderr with their line numbers, and the exit code is 1."""
    window = ["--due-between", "2026-10-28T00:00Z", "2026-12-31T00:00Z"]
    assert main(["batch", str(patients), "--tz", "UTC", *window]) == 1
    err = capsys.readouterr().err
    assert ":3: invalid treatment_date" in err
    assert "4 rows failed" in err


# --- Issue 19: batch --jobs ----------------------------------------------------------------

_MIXED = (
    "patient_id,treatment_date,risk_factors,locale\n"
    "j1,2026-10-28,cold-sore-history;metal-allergy,en\n"
    "j2,2026-10-28,,fr\n"
    "bad id,2026-10-28,,\n"
    "j4,2026-10-28,no-such-risk,en\n"
    "j5,2026-13-01,,en\n"
    "j6,2026-11-02,active-acne;darker-skin-or-dark-marks,fr\n"
    "j1,2026-11-03,,en\n"
    "j8,2026-11-04,,en\n"
)


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


class TestJobs:
    def test_two_jobs_write_what_one_job_writes_byte_for_byte(self, tmp_path: Path) -> None:
        """Issue 19: jobs=2 gives the same files (PDFs too), errors, report and progress."""
        kinds = OUTPUT_KINDS if not _NO_PDF else _KINDS_NO_PDF
        path = _csv(tmp_path, _MIXED)
        clinic = mc.ClinicContact(name="Lakeview Skin Clinic", phone="416-555-0134")
        runs = {}
        for jobs in (1, 2):
            seen: list[int] = []
            report = tmp_path / f"report{jobs}.csv"
            summary = run_batch(
                path, tmp_path / f"out{jobs}", tz="America/Toronto", clinic=clinic,
                outputs=kinds, report=report, progress=seen.append, jobs=jobs,
            )  # fmt: skip
            runs[jobs] = (summary, seen, report.read_bytes(), _contents(tmp_path / f"out{jobs}"))
        assert runs[1] == runs[2]
        summary = runs[1][0]
        assert (summary.rows, summary.written) == (8, 4)
        assert [e.line for e in summary.errors] == [4, 5, 6, 8]
        assert "no-such-risk" in summary.errors[1].message
        assert len(runs[1][3]) == 4 * len(kinds)

    def test_a_bad_row_in_a_worker_is_reported_as_with_one_job(self, tmp_path: Path) -> None:
        """An unknown risk id is found while building, in a worker: the same line and words."""
        path = _csv(tmp_path, "patient_id,treatment_date,risk_factors\np1,2026-11-25,diabetes\n")
        one = run_batch(path, tmp_path / "one", tz="UTC", jobs=1)
        two = run_batch(path, tmp_path / "two", tz="UTC", jobs=2)
        assert one == two
        assert [e.line for e in two.errors] == [2]
        assert "diabetes" in two.errors[0].message
        assert _names(tmp_path / "two") == []

    @posix_only
    def test_a_failing_write_leaves_none_of_that_patients_files(self, tmp_path: Path) -> None:
        """With two jobs, a folder at q2.fhir.json: none of q2's files, no temporary file."""
        out = tmp_path / "out"
        (out / "q2.fhir.json").mkdir(parents=True)
        summary = run_batch(_csv(tmp_path, TWO), out, tz="UTC", outputs=_KINDS_NO_PDF, jobs=2)
        assert [e.line for e in summary.errors] == [3]
        assert "q2.fhir.json: it is a directory" in summary.errors[0].message
        assert [n for n in _names(out) if n.startswith("q2")] == ["q2.fhir.json"]
        assert len([n for n in _names(out) if n.startswith("q1")]) == len(_KINDS_NO_PDF)
        _no_temporaries(out)

    @posix_only
    def test_a_killed_worker_stops_the_run_with_one_error_and_whole_files(
        self, tmp_path: Path
    ) -> None:
        """A worker killed mid-run: a BatchWorkerError naming the line, no traceback, no
        half-written file, no report (it used to surface as a raw BrokenProcessPool)."""
        import multiprocessing
        import signal

        rows = "".join(f"k{n},2026-11-25,\n" for n in range(60))
        path = _csv(tmp_path, "patient_id,treatment_date,risk_factors\n" + rows)
        out, report = tmp_path / "out", tmp_path / "report.csv"

        def kill(done: int) -> None:
            if done == 1:
                for child in multiprocessing.active_children():
                    os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]

        with pytest.raises(BatchWorkerError, match=r"^line \d+: a process rendering") as info:
            run_batch(path, out, tz="UTC", outputs=["html", "ics"], report=report,
                      progress=kill, jobs=2)  # fmt: skip
        assert "stopped unexpectedly" in str(info.value)
        assert not report.exists()
        _no_temporaries(out)
        names = _names(out)
        assert len(names) < 120
        for stem in {n.split(".")[0] for n in names}:  # each patient whole, or absent
            assert sorted(n for n in names if n.split(".")[0] == stem) == [
                f"{stem}.html",
                f"{stem}.ics",
            ]

    def test_a_worker_that_cannot_load_the_content_says_why(self, tmp_path: Path) -> None:
        """A worker whose pack vanished answers every row with why; the run stops on it."""
        from microneedle_care import _batch_pool as batch

        missing = str(tmp_path / "gone.json")
        saved = dict(batch._WORKER)
        try:
            batch._worker_start({"en": ((missing,), False)}, print, None)  # type: ignore[arg-type]
            failed = batch._worker_files(None)  # type: ignore[arg-type]
        finally:
            batch._WORKER.clear()
            batch._WORKER.update(saved)
        assert isinstance(failed, batch._WorkerFailed)
        assert "gone.json" in failed

        class Done:
            def result(self, timeout: float | None = None) -> str:
                return failed

        renderer = batch.Renderer(None, print, None, 2)  # type: ignore[arg-type]
        with pytest.raises(BatchWorkerError, match=r"^line 7: .*could not load the content"):
            renderer._done((7, {}, Done()))  # type: ignore[arg-type]

    def test_a_pool_that_never_answers_after_a_death_stops_the_run(self) -> None:
        """A worker killed while it held the pool's queue lock leaves the future unanswered
        forever (a run hung in CI this way): the run looks for dead workers and stops."""
        import concurrent.futures

        from microneedle_care import _batch_pool as batch

        waited: list[float | None] = []

        class Never:
            def result(self, timeout: float | None = None) -> str:
                waited.append(timeout)
                raise concurrent.futures.TimeoutError

        class Dead:
            exitcode = -9

        class Alive:
            exitcode = None

        class Pool:
            def __init__(self, *processes: object) -> None:
                self._processes = dict(enumerate(processes))

        renderer = batch.Renderer(None, print, None, 2)  # type: ignore[arg-type]
        renderer._pool = Pool(Alive(), Dead())
        with pytest.raises(BatchWorkerError, match=r"^line 9: .*stopped unexpectedly"):
            renderer._done((9, {}, Never()))  # type: ignore[arg-type]
        assert waited == [batch._POLL_SECONDS]
        renderer._pool = Pool(Alive(), Alive())
        calls = iter([concurrent.futures.TimeoutError(), None])

        class Late:
            def result(self, timeout: float | None = None) -> list[tuple[str, bytes]]:
                error = next(calls)
                if error is not None:
                    raise error
                return [("p.html", b"x")]

        assert renderer._done((9, {}, Late()))[2] == [("p.html", b"x")]  # type: ignore[arg-type]

    def test_packs_reach_the_workers(self, tmp_path: Path) -> None:
        """A clinic pack for the French rows is used by the worker processes too."""
        fr = _pack(tmp_path / "fr.json", **_FR)
        path = _csv(tmp_path, TWO)
        for jobs in (1, 2):
            run_batch(path, tmp_path / f"o{jobs}", tz="UTC", locale_packs={"fr": [fr]},
                      outputs=["html"], jobs=jobs)  # fmt: skip
        assert _contents(tmp_path / "o1") == _contents(tmp_path / "o2")
        assert "Lavez doucement." in (tmp_path / "o2" / "q2.html").read_text("utf-8")

    @pytest.mark.parametrize(
        ("jobs", "error"),
        [(-1, InvalidValueError), ("2", InvalidTypeError), (1.5, InvalidTypeError),
         (True, InvalidTypeError), (None, InvalidTypeError)],
    )  # fmt: skip
    def test_bad_jobs_are_refused_before_anything_is_written(
        self, tmp_path: Path, jobs: Any, error: type[Exception]
    ) -> None:
        out = tmp_path / "out"
        with pytest.raises(error, match="jobs must be"):
            run_batch(_csv(tmp_path), out, tz="UTC", jobs=jobs)
        assert not out.exists()

    def test_command_jobs(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """-j 0 (one per CPU) and --jobs 2 write what the default writes; bad values exit 2."""
        path = _csv(tmp_path)
        for name, extra in (("one", []), ("all", ["-j", "0"]), ("two", ["--jobs", "2"])):
            assert (
                main(["batch", str(path), "-o", str(tmp_path / name), "--tz", "UTC", *extra]) == 0
            )
        assert _contents(tmp_path / "one") == _contents(tmp_path / "all")
        assert _contents(tmp_path / "one") == _contents(tmp_path / "two")
        capsys.readouterr()
        for bad in ("-1", "x", "1.5"):
            with pytest.raises(SystemExit) as exit:
                main(["batch", str(path), "-o", str(tmp_path / "bad"), "--tz", "UTC", "-j", bad])
            assert exit.value.code == 2
            assert "invalid number of jobs" in capsys.readouterr().err
        assert not (tmp_path / "bad").exists()
        due = ["batch", str(path), "--tz", "UTC", "--due-between", "2026-11-25T00:00Z"]
        assert main([*due, "2026-11-26T00:00Z", "-j", "2"]) == 2
        assert "--jobs applies to writing files" in capsys.readouterr().err

"""Reading input files and writing output files: every failure is ours, nothing is clobbered."""

from __future__ import annotations

import datetime
import json
import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import microneedle_care as mc
from microneedle_care import loading
from microneedle_care.cli import main
from microneedle_care.errors import ContentError, OutOfRangeError
from microneedle_care.model import MAX_WINDOW_HOURS

from .test_cli import run

posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")


def _problem(path: Path, expected: str, where: str = "$") -> None:
    with pytest.raises(ContentError) as info:
        loading.load_file(path)
    assert info.value.source == str(path)
    [problem] = info.value.problems
    assert problem.path == where
    assert expected in problem.message


class TestReading:
    def test_directory(self, tmp_path: Path) -> None:
        """A directory is refused as a directory, not reported as a missing file."""
        _problem(tmp_path, "cannot read the file: it is a directory")

    @posix_only
    def test_fifo_does_not_hang(self, tmp_path: Path) -> None:
        """A FIFO with no writer is refused at once instead of blocking forever."""
        fifo = tmp_path / "pack.json"
        os.mkfifo(fifo)
        result = subprocess.run(
            [sys.executable, "-m", "microneedle_care", "checklist", "--pack", str(fifo)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 2
        assert result.stderr == (
            f"microneedle-care: error: {fifo}: $: cannot read the file: it is a FIFO (named pipe)\n"
        )
        _problem(fifo, "it is a FIFO")

    def test_device(self) -> None:
        """A character device is not read (an endless one would never finish)."""
        if not os.path.exists("/dev/null"):
            pytest.skip("no /dev/null")
        _problem(Path("/dev/null"), "cannot read the file: it is a device")

    def test_missing(self, tmp_path: Path) -> None:
        """A missing file names the reason."""
        _problem(tmp_path / "nope.json", "cannot read the file: No such file or directory")

    @pytest.mark.skipif(
        not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file"
    )
    def test_no_permission(self, tmp_path: Path) -> None:
        """A file the user may not read names the reason."""
        path = tmp_path / "secret.json"
        path.write_text("{}", encoding="utf-8")
        path.chmod(0)
        try:
            _problem(path, "cannot read the file: Permission denied")
        finally:
            path.chmod(0o600)

    def test_no_permission_as_any_user(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The same, simulated, so that it also runs as root (as CI does)."""
        path = tmp_path / "secret.json"
        path.write_text("{}", encoding="utf-8")

        def denied(*args: object, **kwargs: object) -> int:
            raise PermissionError(13, "Permission denied", str(path))

        monkeypatch.setattr(os, "open", denied)
        _problem(path, "cannot read the file: Permission denied")

    def test_too_large(self, tmp_path: Path) -> None:
        """A file over 32 MiB is refused before it is read into memory."""
        path = tmp_path / "huge.json"
        with path.open("wb") as stream:
            stream.truncate(33 * 1024 * 1024)
        _problem(path, "larger than 32 MiB")

    @pytest.mark.parametrize(
        ("raw", "expected"),
        [
            (b"\xff\xfe{\x00}\x00", "not UTF-8 text (byte 0)"),
            ("{}".encode("utf-16"), "not UTF-8 text"),
            (b'{"a": "\xe9"}', "not UTF-8 text (byte 7)"),
            (b"[" * 100_000, "nested more than 32 levels deep"),
            (b"{" * 100_000, "not valid JSON"),
            (b"1" * 5000, "a number has too many digits"),
            (b'{"a": ' + b"9" * 4301 + b"}", "a number has too many digits"),
            (b'{"a": NaN}', "NaN is not a number"),
            (b'{"a": -Infinity}', "-Infinity is not a number"),
            (b"{'a': 1}", "not valid JSON: Expecting property name"),
            (b"", "not valid JSON: Expecting value at line 1 column 1"),
        ],
    )
    def test_malformed_bytes(self, tmp_path: Path, raw: bytes, expected: str) -> None:
        """Bytes that are not JSON this package reads are a ContentError, whatever they are."""
        path = tmp_path / "pack.json"
        path.write_bytes(raw)
        _problem(path, expected)
        result = run("validate", str(path))
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        assert expected in result.stdout + result.stderr

    def test_deep_nesting_names_the_path(self, tmp_path: Path) -> None:
        """Nesting deeper than 32 levels but within Python's limit is refused with its path."""
        path = tmp_path / "pack.json"
        path.write_text('{"causes": [' + "[" * 40 + "]" * 40 + "]}", encoding="utf-8")
        _problem(path, "nested more than 32 levels deep", "$.causes" + "[0]" * 31)

    def test_utf8_byte_order_mark_is_ignored(
        self, tmp_path: Path, packaged_data: dict[str, Any]
    ) -> None:
        """A file saved "as UTF-8 with BOM" (Windows Notepad) reads like one without."""
        path = tmp_path / "pack.json"
        path.write_bytes(b"\xef\xbb\xbf" + json.dumps(packaged_data).encode())
        assert loading.load_file(path) == mc.load()

    def test_duplicate_keys(self, tmp_path: Path) -> None:
        """A key given twice is refused with its path, instead of the last one winning."""
        path = tmp_path / "pack.json"
        path.write_text(
            '{"pack": {"name": "a", "version": "1", "hide": ["acne-flare"]},'
            ' "pack": {"name": "a", "version": "1"}}',
            encoding="utf-8",
        )
        with pytest.raises(ContentError) as info:
            loading.load_pack(path)
        assert [(p.path, p.message) for p in info.value.problems] == [
            ("$.pack", "duplicate key 'pack'")
        ]
        path.write_text('{"causes": [{"id": "a", "name": "x", "name": "y"}]}', encoding="utf-8")
        _problem(path, "duplicate key 'name'", "$.causes[0].name")
        path.write_text('{"causes": [{"odd key": 1, "odd key": 2}]}', encoding="utf-8")
        _problem(path, "duplicate key 'odd key'", '$.causes[0]["odd key"]')

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("\\ud800", "contains a lone surrogate U+D800"),
            ("Call \\udfff now", "contains a lone surrogate U+DFFF"),
            ("\\u001b[2J", "contains the control character U+001B"),
            ("ring\\u0007", "contains the control character U+0007"),
            ("line\\nbreak", "contains the control character U+000A"),
            ("del\\u007f", "contains the control character U+007F"),
            ("next\\u0085line", "contains the control character U+0085"),
            ("sep\\u2028line", "contains the control character U+2028"),
        ],
    )
    def test_unsafe_text_in_a_clinic_pack(self, tmp_path: Path, text: str, expected: str) -> None:
        """Control characters and lone surrogates in any text are refused with the path."""
        path = tmp_path / "pack.json"
        path.write_text(
            '{"pack": {"name": "Lakeview", "version": "1",'
            ' "replace": [{"id": "acne-flare", "name": "' + text + '"}]}}',
            encoding="utf-8",
        )
        with pytest.raises(ContentError) as info:
            loading.load_pack(path)
        [problem] = info.value.problems
        assert problem.path == "$.pack.replace[0].name"
        assert expected in problem.message
        result = run("validate", str(path))
        assert result.returncode == 1
        assert "$.pack.replace[0].name" in result.stderr
        assert "\x1b" not in result.stdout + result.stderr

    def test_unsafe_text_in_a_content_pack(self, packaged_data: dict[str, Any]) -> None:
        """The same holds for a content pack given as data, and in the clinician's notes."""
        packaged_data["causes"][1]["evidence_notes"] = "x\x1by"
        packaged_data["myths"][0]["claim"] = "\ud800"
        with pytest.raises(ContentError) as info:
            loading.parse(packaged_data)
        assert [p.path for p in info.value.problems] == [
            "$.causes[1].evidence_notes",
            "$.myths[0].claim",
        ]

    def test_content_dates_in_range(self, packaged_data: dict[str, Any]) -> None:
        """A content date outside the years 1900 to 2200 is refused with its path."""
        packaged_data["reviewed"] = "9999-12-31"
        with pytest.raises(ContentError) as info:
            loading.parse(packaged_data)
        [problem] = info.value.problems
        assert problem.path == "$.reviewed"
        assert problem.message == "the date 9999-12-31 is not in the years 1900 to 2200"

    def test_windows_in_range(self, packaged_data: dict[str, Any]) -> None:
        """A step starting 9,000 years out is refused, not validated."""
        packaged_data["aftercare_steps"][0]["window"] = {"start_hours": 9000 * 365 * 24}
        with pytest.raises(ContentError) as info:
            loading.parse(packaged_data)
        [problem] = info.value.problems
        assert problem.path == "$.aftercare_steps[0].window"
        assert "start_hours 78840000 is out of range: at most 87600 hours" in problem.message
        with pytest.raises(OutOfRangeError):
            mc.TimeWindow(0, MAX_WINDOW_HOURS + 1)
        assert mc.TimeWindow(0, MAX_WINDOW_HOURS).end_hours == 87600


class TestDatesAndContacts:
    @pytest.mark.parametrize("year", [1, 1899, 2201, 9999])
    def test_treatment_date_out_of_range(self, year: int) -> None:
        """A treatment date outside 1900 to 2200 is an OutOfRangeError, not an OverflowError."""
        with pytest.raises(OutOfRangeError) as info:
            mc.build_checklist(treatment_date=datetime.date(year, 12, 31))
        assert isinstance(info.value, ValueError)
        assert isinstance(info.value, mc.MicroneedleCareError)
        assert "treatment_date" in str(info.value)
        assert "years 1900 to 2200" in str(info.value)

    def test_treatment_date_edges(self) -> None:
        """The first and last accepted years build a dated checklist."""
        for date in (datetime.date(1900, 1, 1), datetime.date(2200, 12, 31)):
            assert mc.build_checklist(treatment_date=date).treatment_date == date

    def test_command_date_out_of_range(self) -> None:
        """`--date 9999-12-31` is one line and exit 2."""
        result = run("checklist", "--date", "9999-12-31")
        assert result.returncode == 2
        assert result.stderr.splitlines() == [
            "microneedle-care checklist: error: argument --date: invalid date '9999-12-31':"
            " the year must be 1900 to 2200 (see --help)"
        ]

    def test_clinic_contact_refuses_lone_surrogates(self) -> None:
        """A lone surrogate in a clinic field would make every output unencodable."""
        with pytest.raises(ValueError, match="control character"):
            mc.ClinicContact(name="Lakeview \udc80", phone="905-555-0134")


class TestChecklistJson:
    def test_unknown_locale(self) -> None:
        """A checklist in a locale this release has no labels for is refused when read."""
        data = json.loads(mc.render_json(mc.build_checklist()))
        data["locale"] = "xx"
        with pytest.raises(ContentError) as info:
            mc.parse_checklist_json(json.dumps(data))
        [problem] = info.value.problems
        assert problem.path == "$.locale"
        assert "no content in locale 'xx'" in problem.message

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("[" * 100_000, "nested more than 32 levels deep"),
            ('{"format": ' + "7" * 5000 + "}", "a number has too many digits"),
            ('{"format": 1, "format": 2}', "duplicate key 'format'"),
            (b"\xff", "not UTF-8 text"),
        ],
    )
    def test_malformed(self, text: str | bytes, expected: str) -> None:
        """Deep nesting, huge integers and duplicate keys are ContentErrors too."""
        with pytest.raises(ContentError, match=expected):
            mc.parse_checklist_json(text)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


class TestWriting:
    @pytest.mark.parametrize("umask", [0o022, 0o027, 0o077])
    def test_new_file_follows_the_umask(self, tmp_path: Path, umask: int) -> None:
        """A new output file gets 0o666 less the umask, like any file a command creates."""
        out = tmp_path / "care.html"
        old = os.umask(umask)
        try:
            assert main(["checklist", "--format", "html", "-o", str(out)]) == 0
        finally:
            os.umask(old)
        assert _mode(out) == 0o666 & ~umask

    def test_existing_file_keeps_its_mode(self, tmp_path: Path) -> None:
        """Replacing a file keeps its permissions."""
        out = tmp_path / "care.txt"
        out.write_text("old", encoding="utf-8")
        out.chmod(0o640)
        assert main(["checklist", "-o", str(out)]) == 0
        assert _mode(out) == 0o640
        assert out.read_text(encoding="utf-8") == mc.render_text(mc.build_checklist())

    def test_symlink_target_is_written(self, tmp_path: Path) -> None:
        """A symbolic link stays a link; the file it points at gets the text."""
        real = tmp_path / "real" / "care.txt"
        real.parent.mkdir()
        real.write_text("old", encoding="utf-8")
        link = tmp_path / "link.txt"
        link.symlink_to(real)
        assert main(["checklist", "-o", str(link)]) == 0
        assert link.is_symlink()
        assert os.readlink(link) == str(real)
        assert real.read_text(encoding="utf-8") == mc.render_text(mc.build_checklist())
        assert sorted(p.name for p in real.parent.iterdir()) == ["care.txt"]

    def test_dangling_symlink_creates_its_target(self, tmp_path: Path) -> None:
        """A link to a file not yet there creates that file and keeps the link."""
        real = tmp_path / "new.txt"
        link = tmp_path / "link.txt"
        link.symlink_to(real)
        assert main(["checklist", "-o", str(link)]) == 0
        assert link.is_symlink()
        assert real.read_text(encoding="utf-8") == mc.render_text(mc.build_checklist())

    def test_directory_is_refused(self, tmp_path: Path) -> None:
        """A directory is refused with a clear reason and left as it was."""
        target = tmp_path / "out"
        target.mkdir()
        result = run("checklist", "-o", str(target))
        assert result.returncode == 2
        assert result.stderr == (
            f"microneedle-care: error: cannot write {target}: it is a directory\n"
        )
        assert target.is_dir()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]

    @pytest.mark.parametrize("device", ["/dev/null", "/dev/full"])
    def test_device_is_written_through(self, device: str) -> None:
        """A device is written to, never replaced by a regular file."""
        if not os.path.exists(device):
            pytest.skip(f"no {device}")
        result = run("checklist", "-o", device)
        assert stat.S_ISCHR(os.stat(device).st_mode)
        if device == "/dev/full":
            assert result.returncode == 2
            assert result.stderr == (
                "microneedle-care: error: cannot write /dev/full: No space left on device\n"
            )
        else:
            assert result.returncode == 0, result.stderr
            assert result.stderr == ""

    @pytest.mark.skipif(not os.path.exists("/dev/stdout"), reason="needs /dev/stdout")
    def test_dev_stdout_into_a_pipe_and_a_file(self, tmp_path: Path) -> None:
        """`-o /dev/stdout` writes to whatever standard output is, and `>>` appends."""
        text = mc.render_text(mc.build_checklist())
        assert run("checklist", "-o", "/dev/stdout").stdout == text  # a pipe
        out = tmp_path / "out.txt"
        out.write_text("first\n", encoding="utf-8")
        with out.open("a", encoding="utf-8") as stream:
            result = subprocess.run(
                [str(Path(sys.executable).with_name("microneedle-care")), "checklist",
                 "-o", "/dev/stdout"],
                stdout=stream, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert out.read_text(encoding="utf-8") == "first\n" + text
        assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]

    @posix_only
    def test_fifo_with_a_reader_is_written_through(self, tmp_path: Path) -> None:
        """A FIFO someone reads gets the text and stays a FIFO."""
        fifo = tmp_path / "out"
        os.mkfifo(fifo)
        received: list[bytes] = []

        def reader() -> None:
            with fifo.open("rb") as stream:
                received.append(stream.read())

        thread = threading.Thread(target=reader)
        thread.start()
        deadline = time.monotonic() + 30
        code = None
        while code != 0 and time.monotonic() < deadline:
            # The reader may not have opened its end yet: the command then refuses.
            code = main(["checklist", "-o", str(fifo)])
        thread.join(30)
        assert code == 0
        assert received == [mc.render_text(mc.build_checklist()).encode()]
        assert stat.S_ISFIFO(fifo.stat().st_mode)

    @posix_only
    def test_fifo_without_a_reader_is_refused(self, tmp_path: Path) -> None:
        """A FIFO nobody reads is refused at once, not waited on or replaced."""
        fifo = tmp_path / "out"
        os.mkfifo(fifo)
        result = run("checklist", "-o", str(fifo))
        assert result.returncode == 2
        assert result.stderr == (
            f"microneedle-care: error: cannot write {fifo}: no process is reading the FIFO\n"
        )
        assert stat.S_ISFIFO(fifo.stat().st_mode)


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


class TestTemporaryFiles:
    def test_stale_temporary_of_a_killed_run_is_removed(self, tmp_path: Path) -> None:
        """What a `kill -9` mid-write leaves behind is removed by the next write."""
        out = tmp_path / "care.txt"
        stale = tmp_path / f".care.txt.microneedle-care-{_dead_pid()}-0123abcd.tmp"
        stale.write_text("half a checklist", encoding="utf-8")
        assert main(["checklist", "-o", str(out)]) == 0
        assert sorted(p.name for p in tmp_path.iterdir()) == ["care.txt"]

    def test_old_temporary_is_removed(self, tmp_path: Path) -> None:
        """A temporary of ours older than ten minutes is stale even if its pid is reused."""
        out = tmp_path / "care.txt"
        old = tmp_path / f".care.txt.microneedle-care-{os.getpid()}-0123abcd.tmp"
        old.write_text("x", encoding="utf-8")
        an_hour_ago = time.time() - 3600
        os.utime(old, (an_hour_ago, an_hour_ago))
        assert main(["checklist", "-o", str(out)]) == 0
        assert sorted(p.name for p in tmp_path.iterdir()) == ["care.txt"]

    def test_others_files_are_left_alone(self, tmp_path: Path) -> None:
        """A live run's temporary, and files not named as ours, are never removed."""
        out = tmp_path / "care.txt"
        keep = [
            f".care.txt.microneedle-care-{os.getpid()}-0123abcd.tmp",  # a write in progress
            f".care.txt.other-tool-{_dead_pid()}-0123abcd.tmp",
            f".other.txt.microneedle-care-{_dead_pid()}-0123abcd.tmp",
            ".care.txt.tmp",
        ]
        for name in keep:
            (tmp_path / name).write_text("x", encoding="utf-8")
        assert main(["checklist", "-o", str(out)]) == 0
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*keep, "care.txt"])

    def test_temporary_is_ours_and_removed_on_failure(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The temporary file has our name, in the target's directory, and goes on failure."""
        seen: list[str] = []

        def fail(source: str, target: str) -> None:
            seen.append(os.path.basename(source))
            raise KeyboardInterrupt

        monkeypatch.setattr(os, "replace", fail)
        out = tmp_path / "care.txt"
        assert main(["checklist", "-o", str(out)]) == 130
        [name] = seen
        assert name.startswith(".care.txt.microneedle-care-")
        assert name.endswith(".tmp")
        assert list(tmp_path.iterdir()) == []


class TestHostileTemporaryNames:
    """Attack report 0.5.0, H1 and M1, for the writer ``-o`` uses."""

    @posix_only
    @pytest.mark.parametrize("kind", ["link", "fifo", "file"])
    def test_h1_planted_entry_at_the_temp_name_is_never_opened(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
    ) -> None:
        """H1/M1: a link, FIFO or file at the exact temporary name tried is skipped, not used."""
        import secrets

        from microneedle_care import _io

        victim = tmp_path / "victim"
        victim.write_text("PRECIOUS\n", encoding="utf-8")
        out = tmp_path / "out"
        out.mkdir()
        planted = out / f".care.txt.microneedle-care-{os.getpid()}-0123abcd.tmp"
        if kind == "link":
            planted.symlink_to(victim)
        elif kind == "fifo":
            os.mkfifo(planted)
        else:
            planted.write_text("someone else's\n", encoding="utf-8")
        names = iter(["0123abcd", "0123abcd"])
        monkeypatch.setattr(secrets, "token_hex", lambda n=None: next(names, "fedcba98"))
        _io.write_text(out / "care.txt", "new\n")
        assert (out / "care.txt").read_text(encoding="utf-8") == "new\n"
        assert victim.read_text(encoding="utf-8") == "PRECIOUS\n"
        assert planted.is_symlink() if kind == "link" else planted.exists()

    def test_h1_every_name_taken_is_one_clear_error(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """If every random name tried is taken, the write fails with one line, naming the file."""
        import secrets

        from microneedle_care import _io

        (tmp_path / f".care.txt.microneedle-care-{os.getpid()}-0123abcd.tmp").write_text("x")
        monkeypatch.setattr(secrets, "token_hex", lambda n=None: "0123abcd")
        with pytest.raises(_io.WriteError, match=r"^cannot write .*care\.txt: File exists$"):
            _io.write_text(tmp_path / "care.txt", "new\n")
        assert not (tmp_path / "care.txt").exists()


@given(st.text(max_size=40))
def test_l1_shown_is_always_printable(text: str) -> None:
    """L1: what messages show of a file name or cell is printable, and unchanged if it was."""
    from microneedle_care._io import shown

    assert shown(text).isprintable()
    if text.isprintable():
        assert shown(text) == text


class TestWriteThroughIdentity:
    """The write-through path (a FIFO or device at ``-o``) writes only what it checked."""

    @pytest.mark.skipif(
        not (os.path.exists("/dev/null") and os.path.exists("/dev/zero")), reason="needs /dev"
    )
    def test_a_file_swapped_in_after_the_check_is_refused(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """If what is opened is not what was checked, nothing is written, with one line."""
        from microneedle_care import _io

        null = os.stat("/dev/null")
        real = os.stat

        def stat_(path: Any, *args: Any, **kwargs: Any) -> os.stat_result:
            return null if os.fspath(path) == "/dev/zero" else real(path, *args, **kwargs)

        monkeypatch.setattr(os, "stat", stat_)
        with pytest.raises(_io.WriteError, match=r"^cannot write /dev/zero: it changed while"):
            _io.write_bytes("/dev/zero", b"x")

    @posix_only
    def test_a_link_swapped_in_at_the_last_step_is_not_followed(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A FIFO replaced by a link to a file between the check and the open: refused."""
        from microneedle_care import _io
        from microneedle_care._io import _write

        fifo = tmp_path / "out"
        os.mkfifo(fifo)
        checked = os.stat(fifo)
        fifo.unlink()
        victim = tmp_path / "victim"
        victim.write_text("PRECIOUS\n", encoding="utf-8")
        fifo.symlink_to(victim)
        real = os.path.realpath
        monkeypatch.setattr(
            os.path, "realpath", lambda p, **k: str(fifo) if p == str(fifo) else real(p, **k)
        )
        with pytest.raises(_io.WriteError, match="cannot write"):
            _write._write_through(str(fifo), b"x", checked)
        assert victim.read_text(encoding="utf-8") == "PRECIOUS\n"


@pytest.mark.skipif(not os.path.exists("/dev/stdin"), reason="needs /dev/stdin")
def test_l16_writing_back_to_standard_input_is_refused(tmp_path: Path) -> None:
    """L16: `approve /dev/stdin < pack.json` is refused; the pack is not given a second copy."""
    pack = tmp_path / "pack.json"
    text = json.dumps({"pack": {"name": "Lakeview Skin Clinic", "version": "1"}}, indent=2)
    pack.write_text(text, encoding="utf-8")
    script = Path(sys.executable).with_name("microneedle-care")
    with pack.open("rb") as stdin:
        result = subprocess.run(
            [str(script), "approve", "/dev/stdin", "--by", "Dr. Ana Diaz, MD"],
            stdin=stdin, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr == (
        "microneedle-care: error: cannot write /dev/stdin: it is standard input, which is read\n"
    )
    assert pack.read_text(encoding="utf-8") == text

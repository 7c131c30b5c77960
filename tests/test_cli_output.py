"""The command's output: failed writes, unencodable text, Ctrl-C: one line, no traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import microneedle_care as mc
from microneedle_care import cli
from microneedle_care.cli import main

SCRIPT = Path(sys.executable).with_name("microneedle-care")
needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
posix_only = pytest.mark.skipif(os.name != "posix", reason="needs a POSIX shell")


def _commands(tmp_path: Path) -> list[list[str]]:
    """One invocation of every command, each of which writes to standard output."""
    pack = tmp_path / "content.json"
    pack.write_text(mc.loading.dumps(mc.load()), encoding="utf-8")
    clinic = tmp_path / "clinic.json"
    clinic.write_text('{"pack": {"name": "Lakeview", "version": "1"}}', encoding="utf-8")
    return [
        ["approve", "--by", "Dr. Ana Diaz, MD", str(clinic)],
        ["checklist"],
        ["checklist", "--format", "html"],
        ["list", "myths"],
        ["show", "acne-flare"],
        ["summary"],
        ["validate", str(pack)],
        ["export"],
        ["export-fhir"],
        ["diff", str(pack)],
        ["--version"],
    ]


@needs_dev_full
def test_full_disk_on_stdout_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """`COMMAND > /dev/full` reports the failed write on one line and exits 2, for every command."""
    for args in _commands(tmp_path):
        with open("/dev/full", "w") as full:
            result = subprocess.run(
                [str(SCRIPT), *args], stdout=full, stderr=subprocess.PIPE, text=True
            )
        assert result.returncode == 2, args
        assert result.stderr == (
            "microneedle-care: error: cannot write to standard output: No space left on device\n"
        ), args


@posix_only
def test_closed_stdout_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """`COMMAND >&-` says standard output is closed and exits 2, for every command."""
    for args in _commands(tmp_path):
        quoted = " ".join(f"'{a}'" for a in args)
        result = subprocess.run(
            f"'{SCRIPT}' {quoted} >&-", shell=True, capture_output=True, text=True
        )
        assert result.returncode == 2, args
        assert result.stderr == (
            "microneedle-care: error: cannot write to standard output: it is closed\n"
        ), args


def test_closed_stdout_with_output_file_is_fine(tmp_path: Path) -> None:
    """With --output, a closed standard output does not matter."""
    out = tmp_path / "care.txt"
    result = subprocess.run(
        f"'{SCRIPT}' checklist -o '{out}' >&-", shell=True, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert out.read_text(encoding="utf-8") == mc.render_text(mc.build_checklist())


@pytest.mark.parametrize(
    "command", [["checklist", "--locale", "fr"], ["summary", "--locale", "fr"]]
)
def test_terminal_that_cannot_encode_degrades(command: list[str]) -> None:
    """`LANG=C PYTHONIOENCODING=ascii` shows "?" for what it cannot encode; no traceback."""
    env = {**os.environ, "LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"}
    result = subprocess.run([str(SCRIPT), *command], capture_output=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    text = result.stdout.decode("ascii")
    assert "?" in text


def test_unencodable_error_message_degrades(tmp_path: Path) -> None:
    """An error naming a file whose name the terminal cannot show is still one line."""
    env = {**os.environ, "LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"}
    result = subprocess.run(
        [str(SCRIPT), "validate", str(tmp_path / "soins-aprés.json")], capture_output=True, env=env
    )
    assert result.returncode == 2
    lines = result.stderr.decode("ascii").splitlines()
    assert len(lines) == 1
    assert "soins-apr\\xe9s.json" in lines[0]


def test_keyboard_interrupt_is_one_line_and_exit_130(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C during a command prints one line and exits 130, as shells expect."""

    def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setitem(cli._COMMANDS, "summary", interrupted)
    assert main(["summary"]) == 130
    assert capsys.readouterr().err == "microneedle-care: error: interrupted\n"


@posix_only
def test_sigint_in_a_real_process(tmp_path: Path) -> None:
    """A real SIGINT, delivered while the command waits, ends it with 130 and one line."""
    script = (
        "import os, signal, sys, threading\n"
        "from microneedle_care import cli\n"
        "def slow(args):\n"
        "    threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGINT)).start()\n"
        "    threading.Event().wait(60)\n"
        "    return 0\n"
        "cli._COMMANDS['summary'] = slow\n"
        "sys.exit(cli.main(['summary']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 130
    assert result.stderr == "microneedle-care: error: interrupted\n"


@posix_only
def test_broken_pipe_is_quiet_for_every_command(tmp_path: Path) -> None:
    """A reader that stops early (`| head -c 1`) is not an error: no message at all."""
    for args in _commands(tmp_path):
        quoted = " ".join(f"'{a}'" for a in args)
        result = subprocess.run(
            f"'{SCRIPT}' {quoted} | head -c 1 > /dev/null; exit ${{PIPESTATUS[0]}}",
            shell=True,
            executable="/bin/bash",
            capture_output=True,
            text=True,
        )
        assert result.stderr == "", args
        assert result.returncode == 0, args


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_short_write_to_stdout_is_an_error(tmp_path: Path) -> None:
    """M19: with a 1 KiB file-size limit, the HTML sheet was cut at 1,024 bytes and exit was 0."""
    import resource

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    out = tmp_path / "o.html"
    with out.open("wb") as sink:
        result = subprocess.run(
            [str(SCRIPT), "checklist", "--format", "html"],
            stdout=sink, stderr=subprocess.PIPE, preexec_fn=limit, check=False,
        )
    assert result.returncode == 2
    assert result.stderr.decode().startswith("microneedle-care: error: cannot write to standard")
    assert result.stderr.count(b"\n") == 1


@pytest.mark.parametrize("fmt", ["json", "fhir", "html", "markdown"])
def test_machine_formats_are_utf8_whatever_the_pipe(fmt: str) -> None:
    """M27: to an ASCII stdout, JSON and FHIR were silently corrupted to "?"."""
    env = {**os.environ, "LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"}
    result = subprocess.run(
        [str(SCRIPT), "checklist", "--locale", "fr", "--format", fmt], capture_output=True, env=env
    )
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8")
    assert text == mc.render(mc.build_checklist(locale="fr"), fmt)
    assert "é" in text


def test_version_and_json_record_need_no_distribution_metadata() -> None:
    """M20: from a zip with no dist-info, --version and the JSON record crashed.

    Neither reads importlib.metadata any more (the version is in the package itself).
    """
    code = (
        "import sys, io, contextlib\n"
        "import importlib.metadata as m\n"
        "def gone(*a, **k):\n"
        "    raise m.PackageNotFoundError('microneedle-care')\n"
        "m.version = m.distribution = m.metadata = gone\n"
        "from microneedle_care.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    assert main(['--version']) == 0\n"
        "    assert main(['checklist', '--format', 'json']) == 0\n"
        "print(out.getvalue().splitlines()[0])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"microneedle-care {mc.__version__} (content ")


def test_check_in_with_stdin_closed_is_one_line() -> None:
    """M10: `check-in <&-` was an AttributeError traceback (sys.stdin is None)."""
    result = subprocess.run(f"'{SCRIPT}' check-in <&-", shell=True, capture_output=True, text=True)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("microneedle-care: error: no yes/no answer")


def _pack(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "char",
    ["\ufffe", "\ufdd0", "\u202e", "\u202c", "\u200b", "\u2060", "\u00ad", "\ufeff", "\u2066"],
)
def test_pack_text_refuses_what_the_contact_fields_refuse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], char: str
) -> None:
    """M25: bidi controls, zero-width characters and noncharacters passed validate."""
    import json

    data = {"pack": {"name": "x", "version": "1",
                     "replace": [{"id": "wash-gently", "action": f"Wash {char}gently."}]}}
    path = _pack(tmp_path, "p.json", json.dumps(data))
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "$.pack.replace[0].action" in err
    assert f"U+{ord(char):04X}" in err
    assert char not in err


def test_unknown_keys_are_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """M18: cattrs' "extra fields found (...)" printed an unknown key's ESC and BEL raw."""
    path = _pack(tmp_path, "k.json", '{"pack":{"name":"x","version":"1","\\u001b[2J\\u0007":1}}')
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert "\x07" not in err
    assert "\\x1b[2J\\x07" in err


def test_file_names_are_escaped_in_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """L1: a file name with control characters was printed raw by validate."""
    path = _pack(tmp_path, "a\x1b[31m.json", '{"pack":{"name":"x","version":"1"}}')
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out
    assert "a\\x1b[31m.json: valid clinic pack" in out


def test_strict_validate_passes_without_the_readability_extra(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attack report: validate --strict failed every pack when textstat was missing."""
    import sys as _sys

    monkeypatch.setitem(_sys.modules, "textstat", None)
    pack = (
        '{"pack":{"name":"x","version":"1","replace":'
        '[{"id":"wash-gently","action":"Wash with cool water."}]}}'
    )
    path = _pack(tmp_path, "p.json", pack)
    assert main(["validate", "--strict", str(path)]) == 0
    captured = capsys.readouterr()
    assert "valid clinic pack" in captured.out
    assert "notice: reading level not checked" in captured.err


def test_an_undecodable_argument_blames_the_locale() -> None:
    """L20: under PYTHONUTF8=0 LC_ALL=C a non-ASCII clinic name was a "control character"."""
    env = {**os.environ, "PYTHONUTF8": "0", "LC_ALL": "C", "LANG": "C"}
    env.pop("PYTHONIOENCODING", None)
    result = subprocess.run(
        [str(SCRIPT), "checklist", "--clinic-name", "Clinique \u00c9l\u00e9gance".encode().decode(),
         "--clinic-phone", "514-555-0134"],
        capture_output=True, env=env,
    )
    assert result.returncode == 2
    err = result.stderr.decode("ascii", "replace")
    assert "not text in this locale" in err
    assert "control character" not in err


@pytest.mark.parametrize(
    "date", ["20261125", "2026-W48-3", "2026-11-25T00:00", "\uff12\uff10\uff12\uff16-11-25"]
)
def test_only_yyyy_mm_dd_dates_on_the_command_line(
    date: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """L12: --date accepted 20261125 and 2026-W48-3, though YYYY-MM-DD is documented."""
    with pytest.raises(SystemExit) as exited:
        main(["schedule", "--date", date, "--tz", "UTC", "--patient-key", "k"])
    assert exited.value.code == 2
    assert "use YYYY-MM-DD" in capsys.readouterr().err

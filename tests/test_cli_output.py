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

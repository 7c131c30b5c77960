from __future__ import annotations

import subprocess
import sys

import pytest

import microneedle_care as mc
from microneedle_care.cli import main


def test_summary_lists_every_item(capsys: pytest.CaptureFixture[str]) -> None:
    """`summary` prints the versions, the digest and every item id."""
    assert main(["summary"]) == 0
    out = capsys.readouterr().out
    catalog = mc.load()
    assert f"content {catalog.content_version}" in out
    assert catalog.content_digest in out
    for item in catalog:
        if not isinstance(item, mc.Reference):
            assert item.id in out


def test_module_entry_point() -> None:
    """`python -m microneedle_care --version` prints the version and exits 0."""
    out = subprocess.run(
        [sys.executable, "-m", "microneedle_care", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == f"microneedle-care {mc.__version__}"


def test_unknown_command_exits_2() -> None:
    """An unknown command is a usage error with exit code 2 and no traceback."""
    out = subprocess.run(
        [sys.executable, "-m", "microneedle_care", "frobnicate"], capture_output=True, text=True
    )
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert "invalid choice" in out.stderr

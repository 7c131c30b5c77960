"""CONTRIBUTING.md, noxfile.py and the architecture page describe the code as it is."""

from __future__ import annotations

import ast
import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
NOXFILE = ROOT / "noxfile.py"
CI = ROOT / ".ci" / "run"
ARCHITECTURE = ROOT / "docs" / "explanation" / "architecture.rst"
SESSIONS = {"tests", "lint", "typecheck", "docs"}

pytestmark = pytest.mark.skipif(
    not (CONTRIBUTING.exists() and NOXFILE.exists() and CI.exists()),
    reason="needs a source checkout (CONTRIBUTING.md, noxfile.py, .ci/run)",
)


def _ci_commands() -> list[list[str]]:
    """Every `.venv/bin/python -m ...` command that .ci/run runs, as argv, split at `&&`."""
    commands = []
    for line in CI.read_text(encoding="utf-8").splitlines():
        if not line.startswith((".venv/bin/python", "python3 -m venv")):
            continue
        for part in line.split("&&"):
            argv = shlex.split(part)
            if argv[:1] == [".venv/bin/python"] and argv[1:3] != ["-m", "pip"]:
                commands.append(["python", *argv[1:]])
    return commands


def _nox_literal(name: str) -> object:
    """The value of the module-level assignment *name* in noxfile.py (read without nox)."""
    for node in ast.parse(NOXFILE.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", None) == name:
            assert node.value is not None
            return ast.literal_eval(node.value)
    raise AssertionError(f"noxfile.py has no {name}")


def test_nox_sessions_run_exactly_the_ci_commands() -> None:
    """The nox sessions, together, run every check .ci/run runs, and nothing else."""
    commands = _nox_literal("COMMANDS")
    assert isinstance(commands, dict)
    assert set(commands) == SESSIONS
    nox_commands = sorted(list(c) for session in commands.values() for c in session)
    assert nox_commands == sorted(_ci_commands())


def test_nox_sessions_are_defined_and_default() -> None:
    """Each documented session is a nox session function, and `nox` alone runs them all."""
    text = NOXFILE.read_text(encoding="utf-8")
    tree = ast.parse(text)
    decorated = {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and any(ast.unparse(d).startswith("nox.session") for d in node.decorator_list)
    }
    assert decorated == SESSIONS
    (default,) = re.findall(r"nox\.options\.sessions = (\[.*?\])", text)
    assert set(ast.literal_eval(default)) == SESSIONS


def test_contributing_gives_the_ci_commands_verbatim() -> None:
    """Every command line .ci/run runs after its set-up appears, verbatim, in CONTRIBUTING.md."""
    guide = CONTRIBUTING.read_text(encoding="utf-8").splitlines()
    ci = [
        line
        for line in CI.read_text(encoding="utf-8").splitlines()
        if line.startswith((".venv/bin/python", "python3 -m venv"))
    ]
    assert ci
    missing = [line for line in ci if line not in guide]
    assert not missing


def test_contributing_names_the_documented_tools() -> None:
    """The guide gives the golden, schema and clinical-rule commands and every nox session."""
    guide = CONTRIBUTING.read_text(encoding="utf-8")
    for needle in (
        "UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_rendering.py",
        ".venv/bin/python tools/schemas.py",
        ".venv/bin/python tools/schemas.py --check",
        ".venv/bin/python -m tests.clinical",
        "content/ids.txt",
        "src/microneedle_care/_version.py",
        "content_version",
        *(f"nox -s {name}" for name in sorted(SESSIONS)),
    ):
        assert needle in guide, needle


def test_architecture_page_is_in_the_explanation_toctree() -> None:
    """The architecture page exists and is listed with the other explanation pages."""
    assert ARCHITECTURE.exists()
    index = (ROOT / "docs" / "index.rst").read_text(encoding="utf-8")
    explanation = index.split(":caption: Explanation", 1)[1].split(".. toctree::", 1)[0]
    assert "explanation/architecture" in explanation.split()


def test_architecture_page_names_real_files() -> None:
    """Every module or file the architecture page names in double backquotes exists."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    package = ROOT / "src" / "microneedle_care"
    named = set(re.findall(r"``((?:[\w/]+/)?[\w.]+\.(?:py|json))``", text))
    assert named
    missing = []
    for name in sorted(named):
        candidates = [ROOT / name, package / name, package / "rendering" / name]
        candidates.append(package / "data" / name.removeprefix("data/"))
        if not any(p.exists() for p in candidates):
            missing.append(name)
    assert not missing

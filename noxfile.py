"""nox sessions that run the checks CI runs (.ci/run), as CONTRIBUTING.md documents them.

nox is not a dependency of the package: ``pip install nox``, then ``nox -s tests``,
``nox -s lint``, ``nox -s typecheck`` or ``nox -s docs`` (``nox -l`` lists them). Each
session installs the package (not an editable install: the tests run against the
installed build) into its own virtual environment.

The commands are kept as data in :data:`COMMANDS`, so that tests/test_contributing.py can
check, without nox, that they are the commands .ci/run and CONTRIBUTING.md give.
"""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck", "docs"]
nox.options.reuse_existing_virtualenvs = True

INSTALLS: dict[str, tuple[str, ...]] = {
    "tests": (".[test]",),
    "lint": (".[test]",),
    "typecheck": (".[test]",),
    "docs": (".[test]", ".[docs]"),
}
"""What each session installs (the extras .ci/run installs before the same commands)."""

COMMANDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "tests": (("python", "-m", "pytest", "-n", "auto", "--cov", "--cov-fail-under=93"),),
    "lint": (
        ("python", "-m", "ruff", "check", "src", "tests", "typing_tests", "benchmarks", "tools"),
        ("python", "-m", "ruff", "format", "--check", "src"),
    ),
    "typecheck": (
        ("python", "-m", "mypy", "--strict", "src/microneedle_care"),
        ("python", "-m", "mypy", "--strict", "typing_tests"),
    ),
    "docs": (
        (
            "python",
            "-m",
            "sphinx",
            "-W",
            "-n",
            "--keep-going",
            "-b",
            "html",
            "docs",
            "docs/_build/html",
        ),
        ("python", "-m", "pytest", "-q", "tests/test_docs.py"),
    ),
}
"""The commands of each session, as .ci/run runs them (there with ``.venv/bin/python``)."""


def _run(session: nox.Session, name: str, *extra: str) -> None:
    for requirement in INSTALLS[name]:
        session.install(requirement)
    for command in COMMANDS[name]:
        session.run(*command, *extra)


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite, the README's and the docs' examples against the installed package.

    In parallel (pytest-xdist), with coverage and its floor, as .ci/run does. Arguments
    after ``--`` replace those options and go to pytest alone (a few files' coverage is
    not the suite's): ``nox -s tests -- -q -x tests/test_catalog.py``.
    """
    if not session.posargs:
        _run(session, "tests")
        return
    for requirement in INSTALLS["tests"]:
        session.install(requirement)
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Run ruff: the lint rules, and the formatting of the package."""
    _run(session, "lint")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Run mypy --strict on the package and on the public types as users see them."""
    _run(session, "typecheck")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation, warnings as errors, and run the docs machinery's tests."""
    _run(session, "docs")

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The two commands", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```console\n(.+?)\n```", section)


def test_readme_has_two_commands() -> None:
    """The README names exactly two commands: the main job and the tests."""
    main_job, tests = _commands()
    assert "microneedle-care" in main_job
    assert "pytest" in tests


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run runs the README's test command verbatim, so CI tests what users are told to run."""
    _, tests = _commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in ci.splitlines()


def test_ci_builds_the_docs_as_the_readme_says() -> None:
    """.ci/run builds the docs with the README's command, warnings as errors."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Documentation", 1)[1].split("\n## ", 1)[0]
    (command,) = re.findall(r"```console\n(.+?)\n```", section)
    assert "-W" in command.split()
    assert command in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()


RECORD_DOCS = ("README.md", "docs/tutorial.rst", "docs/howto/pin-and-upgrade.rst")
RECORD_KEYS = {"package_version", "content_version", "content_digest", "locale", "packs"}


def test_record_examples_agree() -> None:
    """The three "record what the patient got" examples keep the JSON and show the same keys."""
    for name in RECORD_DOCS:
        text = (ROOT / name).read_text(encoding="utf-8")
        assert 'mc.render(checklist, "json")' in text, name
        assert "record" in text.lower(), name
        assert set(re.findall(r'record\["(\w+)"\]', text)) == RECORD_KEYS, name


INSTALL_DOCS = ("README.md", "docs/index.rst", "docs/tutorial.rst")
FUTURE = "# future: once published on PyPI (not yet)"


def test_install_docs_work_today() -> None:
    """Install docs show a source checkout and a built wheel; PyPI only as the marked future."""
    for name in INSTALL_DOCS:
        text = (ROOT / name).read_text(encoding="utf-8")
        assert "pip install ." in text, name
        assert "python -m build" in text, name
        assert "pip install dist/microneedle_care-*.whl" in text, name
        for line in text.splitlines():
            if re.search(r"pip install microneedle-care\b(?!\[)", line):
                assert FUTURE in line, f"{name}: {line.strip()}"


def test_pinning_guide_pins_this_release() -> None:
    """The pinning guide pins a version with the installed package's major.minor."""
    import importlib.metadata

    installed = importlib.metadata.version("microneedle-care")
    text = (ROOT / "docs" / "howto" / "pin-and-upgrade.rst").read_text(encoding="utf-8")
    pins = re.findall(r"microneedle-care==(\d+)\.(\d+)\.(\d+)", text)
    assert pins
    for major, minor, _ in pins:
        assert f"{major}.{minor}" == ".".join(installed.split(".")[:2])

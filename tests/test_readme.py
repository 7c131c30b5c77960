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

"""Tests of the package as users install it: the public API, the files shipped, the wheel."""

from __future__ import annotations

import importlib.metadata
import inspect
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

import microneedle_care as mc

ROOT = Path(__file__).resolve().parent.parent


def test_all_is_complete() -> None:
    """Every name in __all__ exists, once, and dir() lists them all."""
    assert len(set(mc.__all__)) == len(mc.__all__)
    for name in mc.__all__:
        assert hasattr(mc, name), name
    assert set(mc.__all__) <= set(dir(mc))


def test_unknown_attribute() -> None:
    """A name the package does not have raises AttributeError, as for any module."""
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        mc.nope  # noqa: B018


def test_public_names_are_documented() -> None:
    """Every public class and function has a docstring."""
    for name in mc.__all__:
        obj = getattr(mc, name)
        if isinstance(obj, type) or inspect.isfunction(obj):
            assert (obj.__doc__ or "").strip(), name


def test_version_comes_from_metadata() -> None:
    """__version__ is the installed distribution's version."""
    assert mc.__version__ == importlib.metadata.version("microneedle-care")


def test_ships_py_typed_and_data() -> None:
    """py.typed, the content and its schema are installed with the package."""
    files = {str(f) for f in importlib.metadata.files("microneedle-care") or []}
    for name in (
        "py.typed",
        "data/content.json",
        "data/content.fr.json",
        "data/content.schema.json",
        "data/checklist.schema.json",
        "data/pack.schema.json",
        "data/translation.schema.json",
        "data/messages.schema.json",
        "data/messages/en.json",
        "data/messages/fr-CA.json",
    ):
        assert f"microneedle_care/{name}" in files


def _runtime_dependency_paths() -> list[Path]:
    """The installed top-level paths of microneedle-care's runtime dependencies, recursively."""
    paths: set[Path] = set()
    todo = ["microneedle-care"]
    seen: set[str] = set()
    while todo:
        dist = importlib.metadata.distribution(todo.pop())
        for spec in dist.requires or []:
            req = Requirement(spec)
            if req.marker and not req.marker.evaluate({"extra": ""}):
                continue
            if req.name not in seen:
                seen.add(req.name)
                todo.append(req.name)
                for file in importlib.metadata.distribution(req.name).files or []:
                    top = Path(str(file)).parts[0]
                    if not top.endswith(".pth") and top != "..":
                        paths.add(
                            Path(str(file.locate())).parents[len(Path(str(file)).parts) - 1] / top
                        )
    return sorted(paths)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel from the source tree, offline."""
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("microneedle_care-*.whl")
    return found


def test_wheel_contents(wheel: Path) -> None:
    """The wheel holds the package, its data and py.typed, and no tests."""
    names = zipfile.ZipFile(wheel).namelist()
    for name in (
        "py.typed",
        "data/content.json",
        "data/content.schema.json",
        "data/content.cache",
        "data/messages/en.json",
        "data/messages/fr-CA.json",
        "cli/__init__.py",
        "fhir/__init__.py",
    ):
        assert f"microneedle_care/{name}" in names
    assert not [n for n in names if n.startswith("tests/") or "/tests/" in n]


def test_wheel_in_fresh_venv(wheel: Path, tmp_path: Path) -> None:
    """The built wheel, installed alone into a new venv, loads its content outside the source tree.

    The venv gets only the wheel plus links to the declared runtime dependencies, so a
    dependency missing from pyproject.toml fails here.
    """
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True,
    )
    deps = tmp_path / "deps"
    deps.mkdir()
    for path in _runtime_dependency_paths():
        (deps / path.name).symlink_to(path)
    site = next((env / "lib").glob("python*/site-packages"))
    (site / "runtime-deps.pth").write_text(str(deps) + "\n")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    code = (
        "import microneedle_care as mc; c = mc.load();"
        "print(mc.__file__); print(c.content_version, len(c.causes), c.content_digest)"
    )
    clean_env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME"}}
    result = subprocess.run(
        [str(python), "-c", code],
        cwd=outside,
        capture_output=True,
        text=True,
        check=True,
        env=clean_env,
    )
    where, summary = result.stdout.splitlines()
    assert Path(where).is_relative_to(env)
    version, causes, digest = summary.split()
    assert (version, int(causes), digest) == (
        mc.load().content_version,
        len(mc.load().causes),
        mc.load().content_digest,
    )
    script = subprocess.run(
        [str(env / "bin" / "microneedle-care"), "--version"],
        cwd=outside,
        capture_output=True,
        text=True,
        check=True,
        env=clean_env,
    )
    assert mc.__version__ in script.stdout
    # Issue 12's "done when": a calendar from a new virtual environment, read back.
    subprocess.run(
        [
            str(env / "bin" / "microneedle-care"),
            *("schedule", "--date", "2026-11-25", "--tz", "America/Toronto", "--patient-key", "k1"),
            *("--format", "ics", "-o", "care.ics"),
        ],
        cwd=outside,
        check=True,
        env=clean_env,
    )
    icalendar = pytest.importorskip("icalendar")
    calendar = icalendar.Calendar.from_ical((outside / "care.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert events
    assert all(len(list(event.walk("VALARM"))) == 1 for event in events)


def test_every_public_name_is_in_the_api_reference() -> None:
    """docs/reference/api.rst documents every name in __all__ (autodoc :members: lists)."""
    import re

    text = (ROOT / "docs" / "reference" / "api.rst").read_text(encoding="utf-8")
    members = set()
    for block in re.findall(r":members: (.+?)(?:\n   :|\n\n)", text, flags=re.S):
        members |= {name.strip() for name in block.replace("\n", " ").split(",")}
    members |= {m.rpartition(".")[2] for m in re.findall(r"\.\. autofunction:: (\S+)", text)}
    documented = members | {"__version__"}
    assert set(mc.__all__) - documented == set()


def test_api_reference_opens_with_load_build_checklist_render() -> None:
    """The first three entries of the API reference are load, build_checklist and render."""
    import re

    text = (ROOT / "docs" / "reference" / "api.rst").read_text(encoding="utf-8")
    entries = re.findall(r"^\.\. (?:autofunction|automodule|py:data|autoclass):: (\S+)", text, re.M)
    assert entries[:3] == [
        "microneedle_care.loading.load",
        "microneedle_care.checklist.build_checklist",
        "microneedle_care.rendering.render",
    ]


def test_dir_shows_only_the_public_api() -> None:
    """dir() lists __all__ and the public modules: no typing helpers or imported modules."""
    assert dir(mc) == sorted({*mc.__all__, *mc._MODULES})
    for name in ("Any", "TYPE_CHECKING", "annotations", "importlib"):
        assert name not in dir(mc)
    public_globals = {
        name
        for name, value in vars(mc).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert public_globals <= set(mc.__all__)


def test_public_modules_are_attributes() -> None:
    """Every public module in dir() is reachable as an attribute of the package."""
    for name in mc._MODULES:
        assert inspect.ismodule(getattr(mc, name)), name


# The import-graph check moved to tests/test_imports.py (deferred imports counted, cycles
# named, a short explained allow-list).


def test_every_module_is_reachable_from_the_package() -> None:
    """Issue 18: mc.schedule, mc.checkin, mc.batch raised AttributeError until imported."""
    code = (
        "import microneedle_care as mc\n"
        "for name in ('schedule', 'checkin', 'batch', 'regions', 'messaging', 'fhir'):\n"
        "    assert getattr(mc, name).__name__ == 'microneedle_care.' + name, name\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr

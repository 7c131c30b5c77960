"""The content cache shipped in the wheel: used only when it matches, never trusted otherwise."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import microneedle_care as mc
from microneedle_care import _cache, _locale, loading

PACKAGE = Path(mc.__file__).parent
CACHE = PACKAGE / "data" / _cache.FILE_NAME

pytestmark = pytest.mark.skipif(
    not CACHE.exists(), reason="the package was not installed from a wheel (no content cache)"
)


def _python(code: str, path: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if path is not None:
        env["PYTHONPATH"] = str(path)
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """A copy of the installed package, importable from the returned directory."""
    shutil.copytree(PACKAGE, tmp_path / "microneedle_care")
    return tmp_path


_PROBE = (
    "import sys, microneedle_care as mc; c = mc.load();"
    "print('cattrs' in sys.modules, c.content_digest, c.aftercare_step('wash-gently').action)"
)


def test_installed_wheel_ships_the_cache() -> None:
    """The installed package holds the cache next to the content it was built from."""
    assert CACHE.read_bytes().startswith(b"microneedle-care content cache 3\n")


@pytest.mark.parametrize("locale", _locale.LOCALES)
def test_cache_equals_the_parsed_json(locale: str) -> None:
    """The cached catalog equals the one parsed from JSON, digest included."""
    cached = _cache.read(locale)
    assert cached is not None
    parsed = loading._parse_packaged(locale)
    assert cached == (parsed.pack, parsed.content_digest)
    assert mc.load(locale=locale) == parsed
    assert mc.load(locale=locale).content_digest == parsed.content_digest


def test_cold_start_does_not_import_cattrs() -> None:
    """Loading the packaged content and rendering an HTML checklist never imports cattrs."""
    result = _python(
        "import sys\n"
        "from microneedle_care.cli import main\n"
        "import io, contextlib\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['checklist', '--format', 'html'])\n"
        "print('cattrs' in sys.modules)\n"
    )
    assert result.stdout == "False\n", result.stderr


# What `checklist --format html` does not need, so must not import (issue 18, item 8):
# every other command's modules, the other formats' renderers, the JSON-structuring
# path (the cache replaces it) and the optional or heavy libraries behind them.
_NOT_ON_THE_COLD_PATH = (
    # structuring and checking JSON: the cache holds it structured and checked
    "cattrs",
    "microneedle_care._converter",
    "microneedle_care._rules",
    "microneedle_care._patterns",
    # other commands and what only they use
    *(
        f"microneedle_care.{name}"
        for name in (
            "approval",
            "batch",
            "_batch_input",
            "check",
            "checkin",
            "_replies",
            "diff",
            "fhir",
            "messaging",
            "_planning",
            "_segments",
            "packs",
            "readability",
            "schedule",
            "translation",  # parsing a translation: the cache holds it parsed
            "_io",  # files: only with --output or --pack
        )
    ),
    # the modules of the other subcommands (argparse needs only the invoked one's)
    "microneedle_care.cli.content",
    "microneedle_care.cli.text",
    # the other formats
    *(
        f"microneedle_care.rendering.{name}"
        for name in ("ical", "json", "markdown", "messages", "_message_words", "pdf", "text")
    ),
    # optional dependencies and slow standard modules nothing on the path needs
    "icalendar",
    "weasyprint",
    "jinja2",
    "selectolax",
    "importlib.metadata",
    "importlib.resources",
    "urllib",
    "email",
    "csv",
    "tempfile",
    "subprocess",
    "zipfile",
    "difflib",
    "secrets",
)


def test_the_cold_path_imports_only_what_it_needs() -> None:
    """`python -X importtime -m microneedle_care checklist --format html` imports none of
    the modules above: each would be paid by every cold start."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    command = ["-X", "importtime", "-m", "microneedle_care", "checklist", "--format", "html"]
    result = subprocess.run(
        [sys.executable, *command],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("<!DOCTYPE html>"), result.stdout[:200]
    imported = {
        line.rpartition("|")[2].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "microneedle_care.rendering.html" in imported  # the probe sees the imports
    assert "microneedle_care.model" in imported
    unneeded = {
        name
        for name in imported
        for banned in _NOT_ON_THE_COLD_PATH
        if name == banned or name.startswith(banned + ".")
    }
    assert not unneeded, sorted(unneeded)


def test_edited_content_is_parsed_not_cached(copy: Path) -> None:
    """A content file that differs from the one the cache was built from is parsed instead."""
    content = copy / "microneedle_care" / "data" / "content.json"
    data = json.loads(content.read_text("utf-8"))
    step = next(s for s in data["aftercare_steps"] if s["id"] == "wash-gently")
    step["action"] = "Wash with care."
    content.write_text(json.dumps(data), encoding="utf-8")
    result = _python(_PROBE, copy)
    uses_cattrs, digest, action = result.stdout.split(" ", 2)
    assert (uses_cattrs, action) == ("True", "Wash with care.\n"), result.stderr
    assert digest != mc.load().content_digest


def test_broken_content_reports_every_problem(copy: Path) -> None:
    """With the cache intact, broken content still fails with the detailed JSON paths."""
    content = copy / "microneedle_care" / "data" / "content.json"
    data = json.loads(content.read_text("utf-8"))
    data["causes"][0]["likelihood"] = "often"
    data["myths"][0]["claim"] = 3
    content.write_text(json.dumps(data), encoding="utf-8")
    result = _python(
        "import microneedle_care as mc\ntry:\n    mc.load()\nexcept mc.ContentError as e:\n"
        "    print(e)",
        copy,
    )
    assert "2 problems" in result.stdout, result.stderr
    assert "$.causes[0].likelihood: unknown value 'often'" in result.stdout
    assert "$.myths[0].claim: expected a string, got a number" in result.stdout


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[:-10],  # truncated
        lambda raw: _flip(raw, raw.index(b"\n\n") + 12),  # one bit flipped in en's pickle
        lambda raw: raw + b"\0",  # padded: the lengths in the header no longer add up
        lambda raw: b"not a cache" + raw,  # wrong magic
        lambda raw: raw.replace(b"model.py ", b"model.py 0", 1),  # a wrong fingerprint
    ],
)
def test_damaged_cache_is_ignored(copy: Path, damage: object) -> None:
    """A damaged cache file is ignored: the content is parsed and loads as usual."""
    cache = copy / "microneedle_care" / "data" / _cache.FILE_NAME
    cache.write_bytes(damage(cache.read_bytes()))  # type: ignore[operator]
    result = _python(_PROBE, copy)
    assert result.stdout.startswith(f"True {mc.load().content_digest} "), result.stderr


def _flip(raw: bytes, at: int) -> bytes:
    return raw[:at] + bytes([raw[at] ^ 1]) + raw[at + 1 :]


def test_each_locale_is_unpickled_alone(copy: Path) -> None:
    """A start in one language unpickles only its own pickle: a damaged French one makes
    French parse from its JSON, and English still comes from the cache."""
    cache = copy / "microneedle_care" / "data" / _cache.FILE_NAME
    raw = cache.read_bytes()
    cache.write_bytes(_flip(raw, len(raw) - 1))  # the last pickle is French's
    probe = "import sys, microneedle_care as mc; mc.load(locale=%r); print('cattrs' in sys.modules)"
    assert _python(probe % "en", copy).stdout == "False\n"
    assert _python(probe % "fr", copy).stdout == "True\n"


def test_changed_model_is_not_unpickled(copy: Path) -> None:
    """If model.py differs from the one the cache was built with, the cache is not used."""
    model = copy / "microneedle_care" / "model.py"
    model.write_text(model.read_text("utf-8") + "\n# changed\n", encoding="utf-8")
    result = _python(_PROBE, copy)
    assert result.stdout.startswith("True "), result.stderr


class _Evil:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("echo PWNED",))


def test_foreign_globals_are_refused(copy: Path) -> None:
    """A cache whose hashes all match but whose pickle names other globals is not run."""
    cache = copy / "microneedle_care" / "data" / _cache.FILE_NAME
    raw = cache.read_bytes()
    magic, _, rest = raw.partition(b"\n")
    header, _, _ = rest.partition(b"\n\n")
    payload = pickle.dumps(_Evil(), protocol=4)
    lines = [line for line in header.decode("ascii").splitlines() if not line.startswith("pickle ")]
    lines.append(f"pickle en {len(payload)} {hashlib.sha256(payload).hexdigest()}")
    cache.write_bytes(magic + b"\n" + "\n".join(lines).encode("ascii") + b"\n\n" + payload)
    result = _python(_PROBE, copy)
    assert "PWNED" not in result.stdout
    assert result.stdout.startswith(f"True {mc.load().content_digest} "), result.stderr


# Every module on the parse path, and the content: the cache fingerprint must cover each.
_SHAPERS = (
    "model.py",
    "_converter.py",
    "_locale.py",
    "_rules.py",
    "_patterns.py",
    "loading.py",
    "packs.py",
    "catalog.py",
    "errors.py",
    "_limits.py",
    "_digest.py",
)


def test_the_fingerprint_covers_every_file_that_shapes_the_content() -> None:
    """The list is derived from the imports, and the header records all of it."""
    derived = _cache.sources(str(PACKAGE))
    assert set(_SHAPERS) <= set(derived)
    data = {f"data/{_locale.file_name(x)}" for x in _locale.LOCALES if x != "en"}
    assert {"data/content.json", *data} <= set(derived)
    header = CACHE.read_bytes().partition(b"\n\n")[0].decode("ascii").splitlines()[1:]
    assert (
        sorted(line.split(" ")[0] for line in header if not line.startswith("pickle ")) == derived
    )


def test_the_derived_list_follows_a_new_import(tmp_path: Path) -> None:
    """A module the loader comes to import joins the fingerprint with nobody editing a list."""
    root = tmp_path / "microneedle_care"
    shutil.copytree(PACKAGE, root)
    (root / "_newdep.py").write_text("X = 1\n", encoding="utf-8")
    loading_py = root / "_locale.py"
    loading_py.write_text(
        loading_py.read_text("utf-8") + "\n\ndef _f() -> None:\n    from . import _newdep\n",
        encoding="utf-8",
    )
    assert "_newdep.py" in _cache.sources(str(root))
    assert "_newdep.py" not in _cache.sources(str(PACKAGE))


@pytest.mark.parametrize("name", ["_locale.py", "_converter.py", "_rules.py", "packs.py"])
def test_an_edited_module_on_the_parse_path_is_not_cached(copy: Path, name: str) -> None:
    """Editing any module that shapes the content (not only model.py) bypasses the cache."""
    module = copy / "microneedle_care" / name
    module.write_text(module.read_text("utf-8") + "\n# changed\n", encoding="utf-8")
    result = _python(_PROBE, copy)
    assert result.stdout.startswith("True "), result.stderr


def test_an_edited_module_in_process_is_not_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same, in process: point the cache at a copy with one changed module."""
    root = tmp_path / "microneedle_care"
    shutil.copytree(PACKAGE, root)
    monkeypatch.setattr(_cache, "_HERE", str(root))
    assert _cache._read_one("en") is not None
    catalog_py = root / "catalog.py"
    catalog_py.write_bytes(catalog_py.read_bytes() + b"\n")
    assert _cache._read_one("en") is None


def test_a_header_naming_a_file_outside_the_package_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "microneedle_care"
    shutil.copytree(PACKAGE, root)
    cache = root / "data" / _cache.FILE_NAME
    raw = cache.read_bytes()
    magic, rest = raw.split(b"\n", 1)
    outside = tmp_path / "x.py"
    outside.write_bytes(b"")
    line = f"../x.py {hashlib.sha256(b'').hexdigest()}\n".encode()
    cache.write_bytes(magic + b"\n" + line + rest)
    monkeypatch.setattr(_cache, "_HERE", str(root))
    assert _cache._read_one("en") is None


def test_the_cache_path_does_not_check_the_rules_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache was built with every check: loading from it does not run them again."""
    from microneedle_care import _rules

    calls = []
    real = _rules.check

    def counting(pack: object) -> object:
        calls.append(pack)
        return real(pack)  # type: ignore[arg-type]

    monkeypatch.setattr(_rules, "check", counting)
    loading.clear_cache()
    try:
        assert mc.load().aftercare_step("wash-gently") is not None
        assert calls == []
        assert mc.load(locale="fr").content_digest == _cache.read("fr-CA")[1]  # type: ignore[index]
        assert calls == []
    finally:
        loading.clear_cache()

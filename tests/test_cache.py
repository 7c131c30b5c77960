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
    assert CACHE.read_bytes().startswith(b"microneedle-care content cache 1\n")


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
        lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]),  # one bit flipped in the pickle
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
    payload = pickle.dumps({"en": _Evil()}, protocol=4)
    lines = [
        line
        for line in header.decode("ascii").splitlines()
        if not line.startswith("pickle ")
    ]
    lines.append(f"pickle {hashlib.sha256(payload).hexdigest()}")
    cache.write_bytes(magic + b"\n" + "\n".join(lines).encode("ascii") + b"\n\n" + payload)
    result = _python(_PROBE, copy)
    assert "PWNED" not in result.stdout
    assert result.stdout.startswith(f"True {mc.load().content_digest} "), result.stderr

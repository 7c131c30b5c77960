"""A pickle of the packaged content, built with the wheel, so start-up skips cattrs.

Structuring the packaged JSON with cattrs (and importing cattrs) is most of the cost of
a cold start. The wheel's build hook (``tools/hatch_build.py``) therefore structures the
packaged content once, with the full checks, and ships the result as
``microneedle_care/data/content.cache``. :func:`read` trusts that file only when:

* it sits in this package's own directory (the path comes from ``__file__``, never from
  an argument, the environment or a user-writable cache directory);
* the BLAKE2b digest of every file that shapes it matches the installed file now: each packaged
  content file (``data/content*.json``) and every module the loader runs to build it
  (``loading`` and everything it imports, deferred imports too, so ``model``,
  ``_converter``, ``_locale``, ``_rules``, ``packs``, ``catalog``, ...). :func:`build`
  derives that list from the source with :mod:`ast` and records it in the header;
* the BLAKE2b digest of the locale's own pickle matches the one in its header (each locale is
  pickled apart, so a start in one language unpickles only that one); and
* it unpickles using nothing but the model's classes, ``datetime.date`` and built-in
  containers.

Anything else (no file, another version, an edited content file, a damaged file) makes
:func:`read` return ``None``, and the content is parsed from its JSON by the one detailed
cattrs path, which reports every problem. Clinic packs and other files never use it.
"""

from __future__ import annotations

import io
import os

try:  # pickle's own C unpickler: pickle.py (the pure-Python pickler, struct) is not needed
    from _pickle import Unpickler as _Unpickler
    from _pickle import UnpicklingError
except ImportError:  # pragma: no cover - an interpreter without CPython's _pickle module
    from pickle import Unpickler as _Unpickler
    from pickle import UnpicklingError

try:  # hashlib's own blake2b; importing hashlib also loads OpenSSL, a cost every start paid
    from _blake2 import blake2b as _blake2b
except ImportError:  # pragma: no cover - an interpreter without CPython's _blake2 module
    from hashlib import blake2b as _blake2b

from .model import ContentPack

__all__ = ["FILE_NAME", "build", "forget", "read"]

FILE_NAME = "content.cache"
"""The cache's file name inside ``microneedle_care/data``."""

_MAGIC = b"microneedle-care content cache 4\n"
_ROOT_MODULE = "loading"  # the module that builds the cached content
_HERE = os.path.dirname(os.path.abspath(__file__))


def sources(root: str = _HERE) -> list[str]:
    """Return the files under *root* that shape the cached content, sorted.

    Every packaged content file, and the loader's module with every package module it
    imports, directly or not (imports under ``if TYPE_CHECKING:`` never run, so they do
    not count). Derived from the source, so a new module on the parse path is covered
    without anyone editing a list.
    """
    import ast

    def imports(module: str) -> set[str]:
        path = os.path.join(root, *module.split(".")) + ".py"
        if not os.path.isfile(path):
            path = os.path.join(root, *module.split("."), "__init__.py")
        with open(path, encoding="utf-8") as stream:
            tree = ast.parse(stream.read())
        package = module.rpartition(".")[0] if not path.endswith("__init__.py") else module
        found: set[str] = set()
        nodes: list[ast.AST] = [tree]
        while nodes:
            node = nodes.pop()
            if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
                nodes.extend(node.orelse)
                continue
            if isinstance(node, ast.ImportFrom) and node.level:
                parts = package.split(".") if package else []
                base = parts[: len(parts) - (node.level - 1)]
                if node.module:
                    found.add(".".join([*base, node.module]))
                for alias in node.names:
                    found.add(".".join([*base, alias.name]))
            nodes.extend(ast.iter_child_nodes(node))
        return {m for m in found if _module_file(root, m) is not None}

    seen: set[str] = set()
    todo = [_ROOT_MODULE]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        todo.extend(imports(module) - seen)
    files = {_module_file(root, m) for m in seen}
    data = os.path.join(root, "data")
    files.update(
        f"data/{n}"
        for n in os.listdir(data)
        if n.startswith("content") and n.endswith(".json") and not n.endswith(".schema.json")
    )
    return sorted(f for f in files if f is not None)


def _module_file(root: str, module: str) -> str | None:
    """Return the file of package module *module* (``"rendering._labels"``), if any."""
    if not module:
        return "__init__.py"
    for name in (module.replace(".", "/") + ".py", module.replace(".", "/") + "/__init__.py"):
        if os.path.isfile(os.path.join(root, *name.split("/"))):
            return name
    return None


def _inside(name: str) -> bool:
    """Whether *name* (from the header) names a file inside the package directory."""
    return "\\" not in name and all(part and not part.startswith(".") for part in name.split("/"))


def _digest(data: bytes) -> str:
    """Return the 256-bit BLAKE2b hex digest of *data*: as strong as sha256.

    BLAKE2b rather than sha256 because :mod:`hashlib`'s sha256 comes from OpenSSL, and
    loading OpenSSL cost each cold start more than hashing the files (issue 18, item 8).
    """
    return _blake2b(data, digest_size=32).hexdigest()


def _fingerprints(root: str, names: list[str]) -> list[tuple[str, str]]:
    out = []
    for name in names:
        with open(os.path.join(root, *name.split("/")), "rb") as stream:
            out.append((name, _digest(stream.read())))
    return out


class _ModelUnpickler(_Unpickler):
    """Unpickles the model's classes and dates, and refuses every other global."""

    def find_class(self, module: str, name: str) -> type:
        if module == "microneedle_care.model" and not name.startswith("_"):
            from . import model

            found = getattr(model, name, None)
            if isinstance(found, type):
                return found
        if (module, name) == ("datetime", "date"):
            import datetime

            return datetime.date
        raise UnpicklingError(f"{module}.{name} is not allowed in the content cache")


def build(entries: dict[str, tuple[ContentPack, str]]) -> bytes:
    """Return the cache file holding *entries*: each locale's content and its digest.

    :func:`microneedle_care.loading._build_cache` passes the packaged content of every
    locale, parsed from this package's own files with every check. Each locale is one
    pickle, named in the header with its length and digest, in the header's order.
    """
    import pickle

    blobs = {locale: pickle.dumps(entry, protocol=4) for locale, entry in entries.items()}
    header = "".join(f"{name} {digest}\n" for name, digest in _fingerprints(_HERE, sources(_HERE)))
    header += "".join(
        f"pickle {locale} {len(blob)} {_digest(blob)}\n" for locale, blob in blobs.items()
    )
    return _MAGIC + header.encode("ascii") + b"\n" + b"".join(blobs.values())


def _read_one(locale: str) -> tuple[ContentPack, str] | None:
    try:
        with open(os.path.join(_HERE, "data", FILE_NAME), "rb") as stream:
            raw = stream.read()
        if not raw.startswith(_MAGIC):
            return None
        header, _, payload = raw[len(_MAGIC) :].partition(b"\n\n")
        recorded: dict[str, str] = {}
        blobs: dict[str, tuple[int, int, str]] = {}  # locale: offset, length, digest
        offset = 0
        for line in header.decode("ascii").splitlines():
            if line.startswith("pickle "):
                _, name, size, digest = line.split(" ")
                blobs[name] = (offset, int(size), digest)
                offset += int(size)
            else:
                name, digest = line.split(" ", 1)
                recorded[name] = digest
        if offset != len(payload) or locale not in blobs:
            return None  # a truncated or padded file, or no such locale
        if not recorded or not all(map(_inside, recorded)):
            return None
        if recorded != dict(_fingerprints(_HERE, sorted(recorded))):
            return None
        start, length, digest = blobs[locale]
        blob = payload[start : start + length]
        if _digest(blob) != digest:
            return None
        entry = _ModelUnpickler(io.BytesIO(blob)).load()
    except Exception:  # any problem at all: parse the JSON instead, which reports it
        return None
    if (
        isinstance(entry, tuple)
        and len(entry) == 2
        and isinstance(entry[0], ContentPack)
        and isinstance(entry[1], str)
    ):
        return entry
    return None


_entries: dict[str, tuple[ContentPack, str] | None] = {}


def read(locale: str) -> tuple[ContentPack, str] | None:
    """Return the cached content of *locale* and its digest, or ``None`` to parse the JSON.

    Callers hold the loader's lock; the file is read at most once per locale and process.
    """
    if locale not in _entries:
        _entries[locale] = _read_one(locale)
    return _entries[locale]


def forget() -> None:
    """Read the file again on the next :func:`read` (for :func:`loading.clear_cache`)."""
    _entries.clear()

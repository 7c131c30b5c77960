"""A pickle of the packaged content, built with the wheel, so start-up skips cattrs.

Structuring the packaged JSON with cattrs (and importing cattrs) is most of the cost of
a cold start. The wheel's build hook (``tools/hatch_build.py``) therefore structures the
packaged content once, with the full checks, and ships the result as
``microneedle_care/data/content.cache``. :func:`read` trusts that file only when:

* it sits in this package's own directory (the path comes from ``__file__``, never from
  an argument, the environment or a user-writable cache directory);
* the sha256 of every file it was built from (each packaged content file, and
  ``model.py`` whose classes it holds) matches the installed file now;
* the sha256 of the pickle matches the one in its header; and
* it unpickles using nothing but the model's classes, ``datetime.date`` and built-in
  containers.

Anything else (no file, another version, an edited content file, a damaged file) makes
:func:`read` return ``None``, and the content is parsed from its JSON by the one detailed
cattrs path, which reports every problem. Clinic packs and other files never use it.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle

from .model import ContentPack

__all__ = ["FILE_NAME", "build", "forget", "read"]

FILE_NAME = "content.cache"
"""The cache's file name inside ``microneedle_care/data``."""

_MAGIC = b"microneedle-care content cache 1\n"
_SOURCES = ("data/content.json", "data/content.fr.json", "model.py")
_HERE = os.path.dirname(os.path.abspath(__file__))


def _fingerprints(root: str) -> list[tuple[str, str]]:
    out = []
    for name in _SOURCES:
        with open(os.path.join(root, *name.split("/")), "rb") as stream:
            out.append((name, hashlib.sha256(stream.read()).hexdigest()))
    return out


class _ModelUnpickler(pickle.Unpickler):
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
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the content cache")


def build(entries: dict[str, tuple[ContentPack, str]]) -> bytes:
    """Return the cache file holding *entries*: each locale's content and its digest.

    :func:`microneedle_care.loading._build_cache` passes the packaged content of every
    locale, parsed from this package's own files with every check.
    """
    payload = pickle.dumps(entries, protocol=4)
    header = "".join(f"{name} {digest}\n" for name, digest in _fingerprints(_HERE))
    header += f"pickle {hashlib.sha256(payload).hexdigest()}\n\n"
    return _MAGIC + header.encode("ascii") + payload


def _read_all() -> dict[str, tuple[ContentPack, str]] | None:
    try:
        with open(os.path.join(_HERE, "data", FILE_NAME), "rb") as stream:
            raw = stream.read()
        if not raw.startswith(_MAGIC):
            return None
        header, _, payload = raw[len(_MAGIC) :].partition(b"\n\n")
        recorded = dict(line.split(" ", 1) for line in header.decode("ascii").splitlines())
        if recorded.pop("pickle", None) != hashlib.sha256(payload).hexdigest():
            return None
        if recorded != dict(_fingerprints(_HERE)):
            return None
        entries = _ModelUnpickler(io.BytesIO(payload)).load()
    except Exception:  # any problem at all: parse the JSON instead, which reports it
        return None
    if not isinstance(entries, dict):
        return None
    return entries


_entries: dict[str, tuple[ContentPack, str]] | None = None
_tried = False


def read(locale: str) -> tuple[ContentPack, str] | None:
    """Return the cached content of *locale* and its digest, or ``None`` to parse the JSON.

    Callers hold the loader's lock; the file is read at most once per process.
    """
    global _entries, _tried
    if not _tried:
        _entries, _tried = _read_all(), True
    entry = None if _entries is None else _entries.get(locale)
    if (
        isinstance(entry, tuple)
        and len(entry) == 2
        and isinstance(entry[0], ContentPack)
        and isinstance(entry[1], str)
    ):
        return entry
    return None


def forget() -> None:
    """Read the file again on the next :func:`read` (for :func:`loading.clear_cache`)."""
    global _entries, _tried
    _entries, _tried = None, False

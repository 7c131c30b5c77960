"""Reading content packs: :func:`parse` (pure) and the readers built on it.

:func:`load` is the one cached reader of the content packaged with the library. It
reads through :mod:`importlib.resources`, so it works from a wheel, a zip or a source
tree alike, and it parses nothing until first called.
"""

from __future__ import annotations

import functools
import json
import os
import threading
from importlib import resources
from importlib.resources import abc as resources_abc
from typing import Literal

import cattrs

from ._converter import describe_error, structure
from .catalog import Catalog
from .errors import ContentError, Problem
from .model import ContentPack

__all__ = ["PACKAGED_CONTENT", "clear_cache", "load", "load_file", "parse", "schema"]

PACKAGED_CONTENT = "content.json"
"""File name of the packaged content pack inside ``microneedle_care/data``."""


def parse(data: object, *, source: str = "<data>") -> Catalog:
    """Build a checked :class:`~microneedle_care.catalog.Catalog` from a decoded JSON document.

    This is pure: it reads no files. Shape and types are checked first; if they are
    right, every content rule is checked next, and all problems found are reported
    together.

    Args:
        data: The decoded JSON, normally a :class:`dict`.
        source: Where *data* came from, named in error messages.

    Returns:
        The catalog.

    Raises:
        ContentError: If anything is wrong; its ``problems`` list every one with its
            JSON path. Nothing is returned half-built.

    >>> parse({"content_version": "1.0.0"}, source="pack.json")
    Traceback (most recent call last):
    ...
    microneedle_care.errors.ContentError: pack.json: 8 problems
      $.reviewed: required field missing
    ...
    """
    if not isinstance(data, dict):
        raise ContentError(source, (Problem("$", "expected a JSON object at the top level"),))
    try:
        pack = structure(data, ContentPack)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as exc:
        problems = tuple(Problem(path, message) for path, message in describe_error(exc))
        raise ContentError(source, problems) from None
    return Catalog(pack, source=source)


def _decode(raw: bytes, source: str) -> object:
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        problem = Problem("$", f"not UTF-8 text (byte {exc.start})")
    except json.JSONDecodeError as exc:
        problem = Problem("$", f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
    raise ContentError(source, (problem,))


def load_file(path: str | os.PathLike[str]) -> Catalog:
    """Load and check a content pack from a JSON file, with the same checks as :func:`load`.

    Args:
        path: The file to read.

    Returns:
        A new catalog (not cached).

    Raises:
        ContentError: If the file cannot be read, is not JSON, or is not a valid pack.
    """
    source = os.fspath(path)
    try:
        with open(source, "rb") as stream:
            raw = stream.read()
    except OSError as exc:
        raise ContentError(
            source, (Problem("$", f"cannot read the file: {exc.strerror}"),)
        ) from None
    return parse(_decode(raw, source), source=source)


def _data_file(name: str) -> resources_abc.Traversable:
    return resources.files("microneedle_care").joinpath("data", name)


_lock = threading.Lock()


@functools.cache
def _load_packaged() -> Catalog:
    raw = _data_file(PACKAGED_CONTENT).read_bytes()
    source = f"microneedle_care/data/{PACKAGED_CONTENT}"
    return parse(_decode(raw, source), source=source)


def load() -> Catalog:
    """Return the content packaged with the library.

    The first call parses and checks the packaged JSON; every later call in the
    process returns the same immutable :class:`~microneedle_care.catalog.Catalog`, from any thread.

    >>> import microneedle_care as mc
    >>> mc.load() is mc.load()
    True
    """
    with _lock:
        return _load_packaged()


def clear_cache() -> None:
    """Forget the cached catalog, so the next :func:`load` reads the packaged files again.

    Only tests need this: the packaged content cannot change while a process runs.
    """
    with _lock:
        _load_packaged.cache_clear()


def schema(kind: Literal["content", "checklist"] = "content") -> dict[str, object]:
    """Return a JSON Schema (draft 2020-12) shipped in the package.

    Args:
        kind: ``"content"`` for content packs, ``"checklist"`` for the JSON that
            :func:`~microneedle_care.rendering.json.render_json` writes.

    >>> schema()["title"], schema("checklist")["title"]
    ('microneedle-care content pack', 'microneedle-care checklist')
    """
    if kind not in ("content", "checklist"):
        raise ValueError(f"unknown schema {kind!r}; expected 'content' or 'checklist'")
    raw = _data_file(f"{kind}.schema.json").read_bytes()
    result: dict[str, object] = json.loads(raw)
    return result

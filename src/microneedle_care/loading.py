"""Reading content packs: :func:`parse` (pure) and the readers built on it.

:func:`load` is the one cached reader of the content packaged with the library. It
reads the files from the package's directory (through :mod:`importlib.resources` when
the package is in a zip), so it works from a wheel, a zip or a source tree alike, and it
parses nothing until first called. Installed from a wheel, it takes the structured
content from a cache built with the wheel, used only when the hashes of the files it was
built from match the installed ones; otherwise it parses the JSON, with every check.
"""

from __future__ import annotations

import datetime
import functools
import json
import os
import threading
import warnings
from collections.abc import Iterable
from typing import Literal

from . import _cache, _i18n
from .catalog import Catalog
from .errors import (
    ContentDueForReviewWarning,
    ContentError,
    InvalidTypeError,
    InvalidValueError,
    Problem,
)
from .model import ClinicPack, ContentPack

__all__ = [
    "PACKAGED_CONTENT",
    "clear_cache",
    "dumps",
    "is_clinic_pack",
    "load",
    "load_file",
    "load_pack",
    "parse",
    "parse_pack",
    "read_json",
    "schema",
    "validate_file",
]

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
    from ._converter import structure  # imports cattrs: only when JSON must be structured

    return Catalog(structure(_unschema(data), ContentPack, source=source), source=source)


def _unschema(data: object) -> object:
    """Return *data* without its ``"$schema"`` key, which names a schema for editors."""
    if isinstance(data, dict) and "$schema" in data:
        return {k: v for k, v in data.items() if k != "$schema"}
    return data


def _decode(raw: bytes, source: str) -> object:
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        problem = Problem("$", f"not UTF-8 text (byte {exc.start})")
    except json.JSONDecodeError as exc:
        problem = Problem("$", f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}")
    raise ContentError(source, (problem,))


def _path(path: object, what: str = "path") -> str:
    if isinstance(path, (str, os.PathLike)):
        result = os.fspath(path)
        if isinstance(result, str):
            return result
    raise InvalidTypeError(f"{what} must be a str or os.PathLike, got {type(path).__name__}")


def load_file(path: str | os.PathLike[str]) -> Catalog:
    """Load and check a content pack from a JSON file, with the same checks as :func:`load`.

    Args:
        path: The file to read.

    Returns:
        A new catalog (not cached).

    Raises:
        ContentError: If the file cannot be read, is not JSON, or is not a valid pack.
    """
    return parse(read_json(path), source=_path(path))


# One reader of packaged data files, _i18n's (a directory on disk, or a zip through
# importlib.resources); the message files, the content and the schemas all come through it.
_read_data = _i18n.read_data


_lock = threading.Lock()


def _new_lock_in_child() -> None:
    # A fork while another thread holds the lock copies it locked, and no thread of
    # the child will ever release it: the child starts with a fresh one.
    global _lock
    _lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_lock_in_child)


def _parse_packaged(locale: str) -> Catalog:
    """Parse and check the packaged content of *locale* from its JSON, with every check."""
    source = f"microneedle_care/data/{PACKAGED_CONTENT}"
    data = _decode(_read_data(PACKAGED_CONTENT), source)
    if locale == _i18n.locales()[0]:
        return parse(data, source=source)
    from . import translation  # only to parse a translation: the cache holds it parsed

    name = _i18n.file_name(locale)
    french_source = f"microneedle_care/data/{name}"
    translated = _decode(_read_data(name), french_source)
    # The translation's own phrasings join the English ones (translation.add_phrasings),
    # and are checked with the rest of the content.
    english = parse(translation.add_phrasings(data, {locale: translated}), source=source)
    return Catalog(
        translation.translate(english.pack, translated, source=french_source),
        source=french_source,
        locale=locale,
    )


def _build_cache() -> bytes:
    """Return the content cache for the wheel (see ``tools/hatch_build.py``)."""
    entries = {}
    for locale in _i18n.locales():
        catalog = _parse_packaged(locale)
        entries[locale] = (catalog.pack, catalog.content_digest)
    return _cache.build(entries)


@functools.cache
def _load_packaged(locale: str) -> Catalog:
    cached = _cache.read(locale)
    if cached is not None:
        pack, digest = cached
        source = f"microneedle_care/data/{_cache.FILE_NAME}"
        return Catalog(pack, source=source, locale=locale, _digest=digest, _checked=True)
    return _parse_packaged(locale)


def load(
    *,
    locale: str = "en",
    packs: Iterable[str | os.PathLike[str]] = (),
    require_approval: bool = False,
) -> Catalog:
    """Return the content packaged with the library, in *locale*, with clinic *packs* merged.

    The packaged content of each locale is parsed and checked once per process; later
    calls return the same immutable :class:`~microneedle_care.catalog.Catalog`, from any
    thread. With *packs*, each call reads the pack files and returns a new catalog; the
    cached one is never changed.

    Past the content's next review date (:attr:`Catalog.next_review
    <microneedle_care.catalog.Catalog.next_review>`) it warns with
    :class:`~microneedle_care.errors.ContentDueForReviewWarning`; the content still loads.

    Args:
        locale: ``"en"`` (the default) or ``"fr"`` (French for Canada, ``"fr-CA"``).
        packs: Clinic pack files to merge, in order (see :func:`load_pack`).
        require_approval: Refuse the content unless a clinic pack carries a sealed,
            unedited approval of exactly this content, package release and packs (see
            :mod:`microneedle_care.approval`).

    Raises:
        UnknownLocaleError: If the content is not available in *locale* (a
            :exc:`ValueError`).
        InvalidTypeError: If *packs* is a single path instead of a list of them.
        ContentError: If a pack cannot be read, is malformed, or conflicts with the
            content or another pack; with *require_approval*, an
            :class:`~microneedle_care.errors.ApprovalError` if no pack carries an
            approval, the record was edited or has no seal, its date is implausible, or
            the content, package release or packs differ from those approved (the
            message names the pack file and what does not match).

    >>> import microneedle_care as mc
    >>> mc.load() is mc.load()
    True
    >>> mc.load(locale="fr").cause("acne-flare").name != mc.load().cause("acne-flare").name
    True

    .. versionchanged:: 0.5.0 Added *require_approval* and the review-date warning.
    .. versionchanged:: 0.6.0 *require_approval* checks the approval's seal, date,
       package release and packs, and raises :class:`~microneedle_care.errors.ApprovalError`.
    """
    locale = _i18n.normalise(locale)
    if isinstance(packs, (str, os.PathLike)):
        raise InvalidTypeError("packs must be a list of paths, not a single path")
    try:
        paths = [_path(p, "each of packs") for p in packs]
    except TypeError as exc:
        if isinstance(exc, InvalidTypeError):
            raise
        raise InvalidTypeError(
            f"packs must be a list of paths, got {type(packs).__name__}"
        ) from None
    with _lock:
        base = _load_packaged(locale)
    catalog = base
    if paths:
        from .packs import merge  # only with clinic packs

        catalog = merge(base, [(load_pack(path), path) for path in paths])
    if require_approval:
        from .approval import check_approval

        check_approval(catalog, source=", ".join(paths) or "packaged content")
    if catalog.is_due_for_review(_today()):
        warnings.warn(
            f"content {catalog.content_version} was due for review on"
            f" {catalog.next_review}; look for a newer release of microneedle-care",
            ContentDueForReviewWarning,
            stacklevel=2,
        )
    return catalog


def _today() -> datetime.date:
    """Today's date; a separate function so that tests can move the clock."""
    return datetime.date.today()


def clear_cache() -> None:
    """Forget the cached catalogs, so the next :func:`load` reads the packaged files again.

    Only tests need this: the packaged content cannot change while a process runs.
    """
    with _lock:
        _load_packaged.cache_clear()
        _cache.forget()


def parse_pack(data: object, *, source: str = "<data>") -> ClinicPack:
    """Build a :class:`~microneedle_care.model.ClinicPack` from decoded JSON (pure).

    Raises:
        ContentError: If the shape or types are wrong; every problem with its path.
    """
    from ._converter import structure

    return structure(_unschema(data), ClinicPack, source=source)


def read_json(path: str | os.PathLike[str]) -> object:
    """Read and decode a JSON file, as every loader here does.

    Only a regular file is read: a directory, FIFO or device is refused before it is
    opened, so reading never hangs. A UTF-8 byte order mark at the start is ignored.

    Raises:
        ContentError: If the file is missing, unreadable or not a regular file, or is
            larger than 32 MiB, not UTF-8 or not JSON, or has a duplicate key, ``NaN``,
            an integer of more than 4,300 digits or nesting more than 32 levels deep.
            Its problem names the reason and, where there is one, the JSON path.
    """
    from . import _io

    return _io.read_json(_path(path))


def load_pack(path: str | os.PathLike[str]) -> ClinicPack:
    """Read a clinic pack file: a ``pack`` section plus, optionally, new items.

    Its relations and conflicts are checked when it is merged (:func:`load` with
    ``packs``, or :meth:`Catalog.with_pack <microneedle_care.catalog.Catalog.with_pack>`).

    Raises:
        ContentError: If the file cannot be read, is not JSON, or is malformed.
    """
    return parse_pack(read_json(path), source=_path(path))


def is_clinic_pack(data: object) -> bool:
    """Whether decoded JSON is a clinic pack (it has a ``pack`` section)."""
    return isinstance(data, dict) and "pack" in data


def dumps(catalog: Catalog) -> str:
    """Return *catalog*'s content as a content pack in JSON, as :func:`load_file` reads it.

    This exports the packaged content (or a merged or translated catalog) so that two
    releases can be compared with ``microneedle-care diff``.

    >>> import microneedle_care as mc
    >>> parse(json.loads(dumps(mc.load()))) == mc.load()
    True
    """
    from ._converter import converter

    return json.dumps(converter.unstructure(catalog.pack), indent=2, ensure_ascii=False) + "\n"


def schema(kind: Literal["content", "checklist", "pack"] = "content") -> dict[str, object]:
    """Return a JSON Schema (draft 2020-12) shipped in the package.

    Args:
        kind: ``"content"`` for content packs, ``"checklist"`` for the JSON that
            :func:`~microneedle_care.rendering.json.render_json` writes, ``"pack"`` for
            clinic packs.

    >>> schema()["title"], schema("checklist")["title"]
    ('microneedle-care content pack', 'microneedle-care checklist')
    """
    if kind not in ("content", "checklist", "pack"):
        raise InvalidValueError(
            f"unknown schema {kind!r}; expected 'content', 'checklist' or 'pack'"
        )
    raw = _read_data(f"{kind}.schema.json")
    result: dict[str, object] = json.loads(raw)
    return result


def validate_file(path: str | os.PathLike[str]) -> Catalog:
    """Check a content pack or clinic pack file, as ``microneedle-care validate`` does.

    A clinic pack (a file with a ``pack`` section) is merged onto the packaged content in
    its locale, so every conflict with the content is found; a content pack is parsed
    with every check of :func:`parse`.

    Returns:
        The content pack's catalog, or the packaged content with the clinic pack merged.

    Raises:
        ContentError: If the file cannot be read, is not JSON or is malformed, or (a
            clinic pack) conflicts with the content, or hides or rewords a warning sign
            without a reason (:exc:`~microneedle_care.errors.SafetyOverrideError`).

    .. versionadded:: 0.6.0
    """
    from . import _io

    source = _path(path)
    return _validate(_io.read_bytes(source), source)[0]


def _validate(raw: bytes, source: str) -> tuple[Catalog, ClinicPack | None]:
    """Validate a file's bytes: the catalog, and the clinic pack if the file is one."""
    from . import _io

    data = _io.decode_json(raw, source)
    if not is_clinic_pack(data):
        return parse(data, source=source), None
    pack = parse_pack(data, source=source)
    try:
        base = load(locale=pack.pack.locale)
    except ValueError:
        base = load()  # the merge reports the unknown locale with its path
    return base.with_pack(pack, source=source), pack

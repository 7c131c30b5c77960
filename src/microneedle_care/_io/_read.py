"""Reading files and JSON from untrusted sources, safely (private; see ``_io``).

Every problem becomes a :class:`~microneedle_care.errors.ContentError` naming the file.
"""

from __future__ import annotations

import json
import os
import re
import stat
from typing import Any

from ..errors import ContentError, Problem

MAX_BYTES = 32 * 1024 * 1024
"""The largest input file read (32 MiB): the packaged content is about 100 kB."""

MAX_DEPTH = 32
"""The deepest nesting of JSON arrays and objects accepted; content packs need 5."""


# os.open flags that a platform may lack (0 there); writing uses them too.
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOCTTY = getattr(os, "O_NOCTTY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def _problem(source: str, message: str, path: str = "$") -> ContentError:
    return ContentError(source, (Problem(path, message),))


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """Return the bytes of the regular file at *path*.

    The file type is checked before the file is opened, and again on the open file
    (which is opened without blocking), so a FIFO or a device can never make this hang.

    Raises:
        ContentError: If *path* is missing, unreadable, not a regular file, or larger
            than :data:`MAX_BYTES`.
    """
    source = os.fspath(path)
    try:
        before = os.stat(source)
        if not stat.S_ISREG(before.st_mode):
            raise _problem(source, f"cannot read the file: it is {_kind(before.st_mode)}")
        fd = os.open(source, os.O_RDONLY | _NONBLOCK | _NOCTTY | _CLOEXEC | _BINARY)
        try:
            opened = os.fstat(fd)
            if not stat.S_ISREG(opened.st_mode):
                raise _problem(source, f"cannot read the file: it is {_kind(opened.st_mode)}")
            if opened.st_size > MAX_BYTES:
                raise _problem(source, f"the file is larger than {MAX_BYTES // 2**20} MiB")
            chunks = []
            size = 0
            while chunk := os.read(fd, 1 << 20):
                size += len(chunk)
                if size > MAX_BYTES:
                    raise _problem(source, f"the file is larger than {MAX_BYTES // 2**20} MiB")
                chunks.append(chunk)
            return b"".join(chunks)
        finally:
            os.close(fd)
    except OSError as exc:
        raise _problem(source, f"cannot read the file: {_reason(exc)}") from None
    except ValueError as exc:  # a NUL character in the path
        if isinstance(exc, ContentError):
            raise
        raise _problem(source, f"cannot read the file: {exc}") from None


class _Duplicates(dict[str, Any]):
    """A JSON object that had a key more than once (the first key repeated is kept)."""

    duplicate: str = ""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            marked = _Duplicates(result)
            marked.duplicate = key
            return marked
        result[key] = value
    return result


class _Constant(ValueError):
    pass


def _refuse_constant(name: str) -> object:
    raise _Constant(name)


_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _key_path(path: str, key: str) -> str:
    return f"{path}.{key}" if _NAME.match(key) else f"{path}[{json.dumps(key)}]"


def _check_tree(data: object, source: str) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` and duplicate keys, with their paths.

    A first pass looks for a problem without writing any path; only a tree that has one is
    walked again to say where (most files have none, and a path for every node was most of
    the cost of reading a content file).
    """
    stack: list[tuple[object, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            if isinstance(value, _Duplicates) or depth >= MAX_DEPTH:
                break
            stack += [(v, depth + 1) for v in value.values() if isinstance(v, (dict, list))]
        elif isinstance(value, list):
            if depth >= MAX_DEPTH:
                break
            stack += [(v, depth + 1) for v in value if isinstance(v, (dict, list))]
    else:
        return
    _say_where(data, source)


def _say_where(data: object, source: str) -> None:
    """Raise the first problem :func:`_check_tree` found, with its JSON path."""
    stack: list[tuple[object, str, int]] = [(data, "$", 0)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, dict):
            if isinstance(value, _Duplicates):
                where = _key_path(path, value.duplicate)
                raise _problem(source, f"duplicate key {value.duplicate!r}", where)
            children = [(v, _key_path(path, k)) for k, v in value.items()]
        elif isinstance(value, list):
            children = [(v, f"{path}[{i}]") for i, v in enumerate(value)]
        else:
            continue
        if depth >= MAX_DEPTH:
            raise _problem(source, f"nested more than {MAX_DEPTH} levels deep", path)
        stack += [(child, where, depth + 1) for child, where in reversed(children)]
    raise AssertionError("the first pass found a problem the second did not")  # pragma: no cover


def decode_json(raw: str | bytes, source: str) -> object:
    """Decode a JSON document from an untrusted source.

    Bytes must be UTF-8 (a leading UTF-8 byte order mark is ignored, as RFC 8259
    allows). Duplicate keys, ``NaN`` and ``Infinity``, integers of more than 4,300
    digits and nesting deeper than :data:`MAX_DEPTH` are refused.

    Raises:
        ContentError: Naming *source*, the reason and, where there is one, the JSON path.
    """
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _problem(source, f"not UTF-8 text (byte {exc.start})") from None
    else:
        text = raw
    text = text.removeprefix("\ufeff")
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        raise _problem(source, message) from None
    except _Constant as exc:
        raise _problem(source, f"not valid JSON: {exc} is not a number") from None
    except RecursionError:
        raise _problem(source, f"nested more than {MAX_DEPTH} levels deep") from None
    except ValueError:  # an integer too long to convert (sys.get_int_max_str_digits)
        raise _problem(source, "a number has too many digits") from None
    _check_tree(data, source)
    return data


def read_json(path: str | os.PathLike[str]) -> object:
    """Read and decode the JSON file at *path* (see :func:`read_bytes`, :func:`decode_json`)."""
    return decode_json(read_bytes(path), os.fspath(path))

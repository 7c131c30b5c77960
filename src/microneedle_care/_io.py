"""Private file input and output: reading JSON safely, and writing output files atomically.

Reading never hangs and never lets an exception of the standard library escape: a
directory, a FIFO, a device, a missing or unreadable file, bytes that are not UTF-8,
JSON that is malformed, nested too deeply, has duplicate keys, ``NaN`` or integers too
long to convert all become a :class:`~microneedle_care.errors.ContentError` naming the
file and the reason.

Writing replaces only regular files, and does so atomically: the text goes to a
temporary file of our own naming in the same directory, which is then renamed over the
target. A device or a FIFO is written through; a directory is refused; a symbolic link's
target is written, never the link itself. A process killed in the middle of a write can
leave at most one such temporary file; the next write to the same target removes it.

Temporary names are random and created with ``O_EXCL | O_NOFOLLOW``: whatever someone
planted at a name (a link, a FIFO) is never opened; another name is tried. A device or
FIFO written through must be the very file that was checked (same device and inode).
:class:`OutputFolder` is stricter still, for folders others can write to: nothing in
it is followed or written through, and a group of files is written all or none.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import secrets
import stat
import sys
import threading
import time
from typing import Any

from .errors import ContentError, Problem
from .errors import shown as shown  # re-exported: callers use _io.shown

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "STALE_SECONDS",
    "TEMP_TAG",
    "OutputFolder",
    "WriteError",
    "clean_stale",
    "csv_cell",
    "decode_json",
    "read_bytes",
    "read_json",
    "shown",
    "write_bytes",
    "write_text",
]

MAX_BYTES = 32 * 1024 * 1024
"""The largest input file read (32 MiB): the packaged content is about 100 kB."""

MAX_DEPTH = 32
"""The deepest nesting of JSON arrays and objects accepted; content packs need 5."""

TEMP_TAG = "microneedle-care"
"""Part of the name of every temporary file this package writes."""

STALE_SECONDS = 10 * 60
"""A temporary file of ours older than this is left over from a killed process."""

_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOCTTY = getattr(os, "O_NOCTTY", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_TEMP_TRIES = 8
"""How many random temporary names are tried before giving up (a name taken is refused)."""


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
    """Refuse nesting deeper than :data:`MAX_DEPTH` and duplicate keys, with their paths."""
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


class WriteError(Exception):
    """Output could not be written; the message is one line, naming the file."""


_umask_lock = threading.Lock()


def _umask() -> int:
    with _umask_lock:
        mask = os.umask(0o022)
        os.umask(mask)
    return mask


def _temp_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(name[:64])}\.{TEMP_TAG}-(\d+)-[0-9a-f]{{8}}\.tmp$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # os.kill would end the process there; go by age alone
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True


_ANY_TEMP = re.compile(rf"^\..+\.{TEMP_TAG}-(\d+)-[0-9a-f]{{8}}\.tmp$")


def clean_stale(directory: str, name: str | None = None, *, dir_fd: int | None = None) -> None:
    """Remove temporary files of ours for *name* left by a dead process or long ago.

    With no *name*, those for every name in *directory* are removed. With *dir_fd* (the
    directory, opened), the entries are listed and removed relative to it.
    """
    pattern = _ANY_TEMP if name is None else _temp_pattern(name)
    try:
        entries = os.listdir(directory if dir_fd is None else dir_fd)
    except OSError:
        return
    now = time.time()
    for entry in entries:
        match = pattern.match(entry)
        if match is None:
            continue
        path = entry if dir_fd is not None else os.path.join(directory, entry)
        try:
            info = os.stat(path, dir_fd=dir_fd, follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode):
                continue
            if now - info.st_mtime > STALE_SECONDS or not _alive(int(match.group(1))):
                os.unlink(path, dir_fd=dir_fd)
        except OSError:
            continue


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _write_through(path: str, data: bytes, existing: os.stat_result) -> None:
    mode = existing.st_mode
    # A regular file reached through /dev/stdout or /proc/self/fd is a shell's
    # redirection: append, so that ">>" appends and ">" (already emptied) fills it.
    append = os.O_APPEND if stat.S_ISREG(mode) else 0
    flags = os.O_WRONLY | append | _NONBLOCK | _NOCTTY | _CLOEXEC | _BINARY
    target = path
    if not os.path.abspath(path).startswith(("/dev/", "/proc/")):
        # Resolve the links now and follow none when opening: a link swapped in at
        # the last step between the stat and the open is refused (ELOOP), not followed.
        # /dev/stdout and /proc/self/fd/N only work by their own name.
        target, flags = os.path.realpath(path), flags | _NOFOLLOW
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        if stat.S_ISFIFO(mode) and exc.errno == errno.ENXIO:
            raise WriteError(f"cannot write {path}: no process is reading the FIFO") from None
        raise WriteError(f"cannot write {path}: {_reason(exc)}") from None
    try:
        opened = os.fstat(fd)
        if (opened.st_dev, opened.st_ino) != (existing.st_dev, existing.st_ino):
            # Not the file that was checked: something was swapped in meanwhile.
            raise WriteError(f"cannot write {path}: it changed while being opened")
        if _NONBLOCK:
            import fcntl

            flags = fcntl.fcntl(fd, fcntl.F_GETFL)
            fcntl.fcntl(fd, fcntl.F_SETFL, flags & ~_NONBLOCK)
        _write_all(fd, data)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {_reason(exc)}") from None
    finally:
        os.close(fd)


def _write_atomic(path: str, target: str, data: bytes, existing: os.stat_result | None) -> None:
    directory, name = os.path.split(target)
    directory = directory or "."
    clean_stale(directory, name)
    try:
        fd, temp = _create_temp(directory, name)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {_reason(exc)}") from None
    try:
        try:
            if existing is None:
                mode = 0o666 & ~_umask()
            else:
                mode = stat.S_IMODE(existing.st_mode)
                if hasattr(os, "fchown") and existing.st_uid != os.geteuid():
                    # Only root can give the file back to its owner.
                    with contextlib.suppress(OSError):
                        os.fchown(fd, existing.st_uid, existing.st_gid)
            if hasattr(os, "fchmod"):
                os.fchmod(fd, mode)
            else:  # pragma: no cover - Windows
                os.chmod(temp, mode)
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temp, target)
    except OSError as exc:
        _unlink(temp)
        raise WriteError(f"cannot write {path}: {_reason(exc)}") from None
    except BaseException:
        _unlink(temp)
        raise


def _temp_name(name: str) -> str:
    return f".{name[:64]}.{TEMP_TAG}-{os.getpid()}-{secrets.token_hex(4)}.tmp"


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC | _BINARY


def _create_temp(directory: str, name: str) -> tuple[int, str]:
    """Create a new temporary file for *name* in *directory*: ``(fd, path)``.

    The name is random, and the file is created with ``O_EXCL`` and ``O_NOFOLLOW``:
    whatever already sits at a name (a planted symbolic link, a FIFO, a file) is never
    opened, followed or written; another random name is tried instead.
    """
    for attempt in range(_TEMP_TRIES):
        temp = os.path.join(directory, _temp_name(name))
        try:
            return os.open(temp, _CREATE, 0o600), temp
        except FileExistsError:
            if attempt == _TEMP_TRIES - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write *text* as UTF-8 to *path*: atomically over a regular file or a new path.

    A symbolic link is followed and its target written. A device or FIFO is written
    through (a FIFO only if a process is reading it). A new file gets the usual
    permissions (``0o666`` less the umask); an existing file keeps its permissions.

    Raises:
        WriteError: With a one-line message, if *path* is a directory, socket or block
            device, or the write fails.
    """
    shown = os.fspath(path)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        reason = f"the text is not encodable ({exc.reason})"
        raise WriteError(f"cannot write {shown}: {reason}") from None
    write_bytes(path, data)


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write *data* to *path* with the same rules as :func:`write_text`.

    Raises:
        WriteError: With a one-line message, if *path* is a directory, socket or block
            device, or the write fails.
    """
    shown = os.fspath(path)
    try:
        existing: os.stat_result | None = os.stat(shown)  # of what a link points at
    except FileNotFoundError:
        existing = None
    except (OSError, ValueError) as exc:
        reason = _reason(exc) if isinstance(exc, OSError) else str(exc)
        raise WriteError(f"cannot write {shown}: {reason}") from None
    if existing is not None:
        mode = existing.st_mode
        if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode) or _through_the_system(shown, mode):
            if stat.S_ISREG(mode) and _is_stdin(existing):
                # `approve /dev/stdin < pack.json` would append a second document.
                raise WriteError(f"cannot write {shown}: it is standard input, which is read")
            # Opened by its own name: /dev/stdout and /proc/self/fd/N only work that way.
            _write_through(shown, data, existing)
            return
        if not stat.S_ISREG(mode):
            raise WriteError(f"cannot write {shown}: it is {_kind(mode)}")
    _write_atomic(shown, os.path.realpath(shown), data, existing)


def _is_stdin(info: os.stat_result) -> bool:
    """Whether *info* is of the file this process's standard input reads."""
    try:
        stdin = os.fstat(0)
    except OSError:
        return False
    return (stdin.st_dev, stdin.st_ino) == (info.st_dev, info.st_ino)


def _through_the_system(path: str, mode: int) -> bool:
    """Whether *path* is a regular file reached through ``/dev`` or ``/proc`` links."""
    if not stat.S_ISREG(mode):
        return False
    absolute = os.path.abspath(path)
    return absolute.startswith(("/dev/", "/proc/")) and os.path.realpath(path) != absolute


_AT = {os.open, os.replace, os.unlink, os.stat} <= os.supports_dir_fd


class OutputFolder:
    """A folder that many files are written into, each replaced atomically.

    Unlike :func:`write_bytes`, nothing already in the folder is ever followed or
    written through: a symbolic link, FIFO or file at a file's name (or at any
    temporary name) is replaced by the new regular file, never opened. New files get
    the usual permissions (``0o666`` less the umask), not those of what they replace.
    That is what a folder others can write to (a shared drop folder, a synced
    directory) needs.
    The folder itself is opened once (where the platform allows), so moving or
    replacing it part-way through a run cannot redirect later files.

    Raises:
        WriteError: If the folder cannot be created or opened.
    """

    def __init__(self, path: str | os.PathLike[str], *, shown: str | None = None) -> None:
        self.path = os.fspath(path)
        self.shown = self.path if shown is None else shown
        self._renamed = False
        try:
            os.makedirs(self.path, exist_ok=True)
            self._fd: int | None = None
            if _AT:
                self._fd = os.open(self.path, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
        except (OSError, ValueError) as exc:
            reason = _reason(exc) if isinstance(exc, OSError) else str(exc)
            raise WriteError(f"cannot write into {self.shown}: {reason}") from None
        clean_stale(self.path, dir_fd=self._fd)

    def close(self) -> None:
        """Close the folder (the files written stay), flushing its renames to disk."""
        if self._fd is not None:
            if self._renamed:
                with contextlib.suppress(OSError):
                    os.fsync(self._fd)  # so the renames themselves survive a power cut
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> OutputFolder:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _name(self, name: str) -> str:
        return name if self._fd is not None else os.path.join(self.path, name)

    def _create(self, name: str) -> tuple[int, str]:
        for attempt in range(_TEMP_TRIES):
            temp = _temp_name(name)
            try:
                return os.open(self._name(temp), _CREATE, 0o600, dir_fd=self._fd), temp
            except FileExistsError:
                if attempt == _TEMP_TRIES - 1:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _existing(self, name: str) -> os.stat_result | None:
        try:
            return os.stat(self._name(name), dir_fd=self._fd, follow_symlinks=False)
        except FileNotFoundError:
            return None

    def _holds(self, name: str, data: bytes) -> bool:
        """Whether a regular file (not a link) at *name* holds exactly *data*."""
        flags = os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _NOCTTY | _CLOEXEC | _BINARY
        try:
            fd = os.open(self._name(name), flags, dir_fd=self._fd)
        except OSError:
            return False
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
                return False
            chunks = []
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
            return b"".join(chunks) == data
        except OSError:
            return False
        finally:
            os.close(fd)

    def _unlink(self, name: str) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self._name(name), dir_fd=self._fd)

    def write(self, files: list[tuple[str, bytes]], *, keep_identical: bool = False) -> bool:
        """Write each ``(name, data)`` into the folder: all of them, or none.

        Every file goes first to a new temporary file of its own; only when all are
        complete and flushed to disk are they renamed over their names, in order. If
        anything fails, the temporary files are removed, and any file of *files*
        already renamed is removed too, so the folder never holds some of *files*
        new and others not.

        Args:
            files: Plain file names (no folder part) and their bytes.
            keep_identical: Leave the files alone, and return ``False``, when every
                one is already a regular file holding exactly its bytes.

        Returns:
            Whether the files were written.

        Raises:
            WriteError: Naming the file (never the temporary one) and the reason.
        """
        where = ""
        temps: list[str] = []
        renamed: list[str] = []
        try:
            existing = []
            for name, _ in files:
                where = os.path.join(self.shown, name)
                info = self._existing(name)
                if info is not None and stat.S_ISDIR(info.st_mode):
                    raise WriteError(f"cannot write {where}: it is a directory")
                existing.append(info)
            if keep_identical and all(
                info is not None and stat.S_ISREG(info.st_mode) and self._holds(name, data)
                for (name, data), info in zip(files, existing, strict=True)
            ):
                return False
            for name, data in files:
                where = os.path.join(self.shown, name)
                fd, temp = self._create(name)
                temps.append(temp)
                try:
                    # The usual permissions, whatever was at the name: a file planted
                    # there world-writable must not make the patient's file so.
                    if hasattr(os, "fchmod"):
                        os.fchmod(fd, 0o666 & ~_umask())
                    _write_all(fd, data)
                    os.fsync(fd)
                finally:
                    os.close(fd)
            for (name, _), temp in zip(files, temps, strict=True):
                where = os.path.join(self.shown, name)
                os.replace(
                    self._name(temp), self._name(name), src_dir_fd=self._fd, dst_dir_fd=self._fd
                )
                renamed.append(name)
        except BaseException as exc:
            for temp in temps:
                self._unlink(temp)
            if len(renamed) < len(files):
                for name in renamed:
                    self._unlink(name)
            if isinstance(exc, (OSError, ValueError)):
                reason = _reason(exc) if isinstance(exc, OSError) else str(exc)
                raise WriteError(f"cannot write {where}: {reason}") from None
            raise
        self._renamed = True
        return True


_FORMULA = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""First characters that make a spreadsheet read a CSV cell as a formula (or hide it).

``= + - @``, TAB and CR are the ones OWASP and ASVS name; LF and NUL are added, and
the full-width forms, in case a spreadsheet folds them to the ASCII ones.
"""


def csv_cell(value: str) -> str:
    r"""Return *value* safe to open in a spreadsheet as one CSV cell.

    A cell whose first character that is not a space is one of ``= + - @``, a tab, a
    carriage return, a line feed or NUL (or the full-width form of ``= + - @``) gets a
    single quote put before it, which spreadsheets show as text rather than run as a
    formula. Every other cell is returned unchanged. Quoting the cell (commas, quotes,
    line breaks) is left to :mod:`csv`.

    >>> csv_cell('=HYPERLINK("http://x")'), csv_cell("p-001"), csv_cell("-1")
    ('\'=HYPERLINK("http://x")', 'p-001', "'-1")
    """
    if value.lstrip(" ").startswith(_FORMULA):
        return "'" + value
    return value

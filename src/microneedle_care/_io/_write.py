"""Writing one file atomically, and cleaning up after killed writers (private).

See ``_io`` for the rules; ``_folder.OutputFolder`` builds on these for a folder of files.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import sys
import threading
import time

from ._read import _BINARY, _CLOEXEC, _NOCTTY, _NONBLOCK, _kind, _reason

TEMP_TAG = "microneedle-care"
"""Part of the name of every temporary file this package writes."""

STALE_SECONDS = 10 * 60
"""A temporary file of ours older than this is left over from a killed process."""

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_TEMP_TRIES = 8
"""How many random temporary names are tried before giving up (a name taken is refused)."""


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

"""A folder of output files, each replaced atomically, that follows nothing (private)."""

from __future__ import annotations

import contextlib
import os
import stat

from ._read import _BINARY, _CLOEXEC, _NOCTTY, _NONBLOCK, _reason
from ._write import (
    _CREATE,
    _NOFOLLOW,
    _TEMP_TRIES,
    WriteError,
    _temp_name,
    _umask,
    _write_all,
    clean_stale,
)

_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
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

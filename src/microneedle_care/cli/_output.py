"""The command's output layer: standard output and error, files, progress, and two errors.

Nothing here knows a subcommand. Every write to standard output goes through
:func:`_print` or :func:`_write`, so a closed stream, a short write or a full disk is
reported in one line by :func:`microneedle_care.cli.main`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import TextIO

PROG = "microneedle-care"


class _UsageError(Exception):
    """Bad input on the command line; the message is printed as one line."""


class _OutputError(Exception):
    """Standard output cannot be written; the message is printed as one line."""


def _print(*values: object, end: str = "\n") -> None:
    """Print to standard output, which may have been closed when the command started."""
    if sys.stdout is None:
        raise _OutputError("cannot write to standard output: it is closed")
    print(*values, end=end)


def _write(text: str, output: str | None, *, machine: bool = False) -> None:
    """Write *text* to *output* atomically, or all of it to standard output.

    Machine formats (JSON, FHIR, iCalendar, HTML, Markdown) are always UTF-8: a pipe whose
    encoding cannot hold them used to get ``?`` in their place (attack M27). Plain text, for
    people, goes in standard output's own encoding, with ``?`` for what a terminal cannot show.
    """
    if output is not None:
        from .. import _io

        try:
            _io.write_text(output, text)
        except _io.WriteError as exc:
            raise _UsageError(str(exc)) from None
        return
    stdout = sys.stdout
    if stdout is None:
        raise _OutputError("cannot write to standard output: it is closed")
    if machine:
        encoding, errors = "utf-8", "strict"
    else:
        encoding = getattr(stdout, "encoding", None) or "utf-8"
        errors = getattr(stdout, "errors", None) or "replace"
    _write_all(stdout, text.encode(encoding, errors), encoding)


def _write_bytes(data: bytes, output: str) -> None:
    """Write *data* to the file *output* atomically (a PDF)."""
    from .. import _io

    try:
        _io.write_bytes(output, data)
    except _io.WriteError as exc:
        raise _UsageError(str(exc)) from None


def _write_all(stdout: TextIO, data: bytes, encoding: str) -> None:
    """Write every byte to *stdout*, or raise OSError: a short write is never success (M19)."""
    stdout.flush()
    try:
        fd = stdout.fileno()
    except (OSError, ValueError, AttributeError):
        fd = None  # not a file (a test captures it): its buffer takes everything
    if fd is None:
        buffer = getattr(stdout, "buffer", None)
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:
            stdout.write(data.decode(encoding))
        return
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:  # pragma: no cover - os.write raises rather than return 0
            raise OSError(errno.EIO, "nothing was written")
        view = view[written:]


def _error(message: str) -> None:
    if sys.stderr is not None:
        try:
            print(f"{PROG}: error: {message}", file=sys.stderr)
            sys.stderr.flush()
        except (OSError, ValueError):
            pass


def _warn(message: str) -> None:
    """Print one warning line on standard error."""
    if sys.stderr is not None:
        print(f"{PROG}: warning: {message}", file=sys.stderr)


def _degrade_encoding() -> None:
    """Let a terminal or pipe that cannot encode the text show ``?`` rather than fail."""
    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):  # a closed or odd stream
                reconfigure(errors=errors)


def _silence_stdout() -> None:
    """Point the process's standard output at the null device.

    Called when a write has failed: otherwise the interpreter tries to flush the same
    buffered text again at exit and prints a second, raw error.
    """
    stdout = sys.stdout
    if stdout is not sys.__stdout__ or stdout is None:
        return  # not the process's own stream (a test captures it): nothing to flush at exit
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # pragma: no cover - nothing better to do
        pass


class _Progress:
    """A one-line progress bar on standard error, drawn only on a terminal."""

    def __init__(self, total: int) -> None:
        self.total, self.shown = total, -1
        self.active = sys.stderr.isatty() and total > 0

    def __call__(self, done: int) -> None:
        percent = done * 100 // self.total if self.total else 100
        if not self.active or percent == self.shown:
            return
        self.shown = percent
        bar = "#" * (percent // 4)
        sys.stderr.write(f"\r[{bar:<25}] {done}/{self.total}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.active and self.shown >= 0:
            sys.stderr.write("\n")

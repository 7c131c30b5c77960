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

The package is the one place callers import from (``from . import _io``); its parts are
private modules, one concept each: ``_read`` (reading files and JSON), ``_write`` (one
file, atomically), ``_folder`` (:class:`OutputFolder`) and ``_csv`` (:func:`csv_cell`).
"""

from __future__ import annotations

from ..errors import shown as shown  # re-exported: callers use _io.shown
from ._csv import csv_cell
from ._folder import OutputFolder
from ._read import MAX_BYTES, MAX_DEPTH, decode_json, read_bytes, read_json
from ._write import STALE_SECONDS, TEMP_TAG, WriteError, clean_stale, write_bytes, write_text

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

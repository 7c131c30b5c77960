r"""Schedules and calendar files for a clinic's whole list of patients: a CSV in, a folder out.

The CSV has a header row with the columns ``patient_id`` and ``treatment_date``
(``YYYY-MM-DD``), and optionally ``risk_factors`` (ids separated by spaces or ``;``) and
``locale`` (``en`` or ``fr``). For each good row, :func:`run_batch` writes
``<patient_id>.ics`` and ``<patient_id>.json`` (the touchpoints with their SMS and
email) into the folder. A bad row is reported with its line number and the run goes on.

The whole CSV is read and checked before anything is written: a file that cannot be
read or parsed, or a clinic pack that cannot be used, stops the run with nothing
written. Each patient's two files are written together or not at all, and nothing
already in the folder (a symbolic link, a FIFO) is ever followed or written through.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "patients.csv").write_text(
...     "patient_id,treatment_date,risk_factors\n"
...     "p-001,2026-11-25,cold-sore-history\n"
...     "p-002,2026-13-01,\n",
...     encoding="utf-8",
... )
>>> summary = run_batch(folder / "patients.csv", folder / "out", tz="America/Toronto")
>>> summary.written, [(e.line, e.message) for e in summary.errors]
(1, [(3, "invalid treatment_date '2026-13-01': use YYYY-MM-DD")])
>>> sorted(p.name for p in (folder / "out").iterdir())
['p-001.ics', 'p-001.json']
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from . import _io
from .errors import (
    BatchInputError,
    BatchOutputError,
    ContentError,
    InvalidTypeError,
    InvalidValueError,
    MicroneedleCareError,
    ScheduleError,
    UnknownLocaleError,
)

if TYPE_CHECKING:
    from .catalog import Catalog
    from .checklist import ClinicContact

__all__ = ["BatchSummary", "RowError", "count_rows", "run_batch"]

_PATIENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_ID_RULE = "use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_REQUIRED = ("patient_id", "treatment_date")
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10)), *(f"LPT{n}" for n in range(10))}
)
"""Names Windows keeps for devices, whatever extension follows them."""


@attrs.frozen
class RowError:
    """One row that could not be scheduled.

    Attributes:
        line: The row's line number in the CSV file (the header is line 1); for a
            record that spans several lines, the line it starts on.
        message: What is wrong, in one line.
    """

    line: int
    message: str


@attrs.frozen(kw_only=True)
class BatchSummary:
    """What a batch run did.

    Attributes:
        rows: The number of data rows read.
        written: The number of patients whose files were written.
        errors: The rows that failed, in file order.
        unchanged: With ``resume=True``, the number of patients whose files were
            already complete and exactly as they would be written, so were left alone.
    """

    rows: int
    written: int
    errors: tuple[RowError, ...]
    unchanged: int = 0


def _read(csv_path: str | os.PathLike[str]) -> tuple[str, str]:
    """Return ``(shown name, text)`` of the CSV, read once, never hanging on a FIFO."""
    source = _io.shown(os.fspath(csv_path))
    try:
        raw = _io.read_bytes(csv_path)
    except ContentError as exc:
        raise BatchInputError(source, None, exc.problems[0].message) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
        raise BatchInputError(source, line, f"not UTF-8 text (byte {exc.start})") from None
    return source, text.removeprefix("\ufeff")


def _records(source: str, text: str) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(first line, fields)`` of every non-empty record of *text*."""
    reader = csv.reader(io.StringIO(text, newline=""))
    last = 0
    try:
        for record in reader:
            start, last = last + 1, reader.line_num
            if record:
                yield start, record
    except csv.Error as exc:
        raise BatchInputError(source, last + 1, f"cannot read the CSV record: {exc}") from None


def _rows(source: str, text: str) -> Iterator[tuple[int, dict[str, str]]]:
    records = _records(source, text)
    header = next(records, (1, []))[1]
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        raise BatchInputError(source, 1, f"missing column {missing[0]!r}")
    for line, record in records:
        row = dict.fromkeys(header, "")
        row.update((k, v.strip()) for k, v in zip(header, record, strict=False))
        row.pop("", None)
        yield line, row


def count_rows(csv_path: str | os.PathLike[str]) -> int:
    """Return the number of data rows in *csv_path* (for a progress bar).

    Raises:
        BatchInputError: As :func:`run_batch` does, for a CSV it would refuse.

    .. versionchanged:: 0.6.0 A FIFO or device is refused rather than read (which
       could hang); records spanning several lines count once.
    """
    return sum(1 for _ in _rows(*_read(csv_path)))


@attrs.frozen
class _Patient:
    line: int
    id: str
    date: datetime.date
    locale: str
    risks: tuple[str, ...]


def _check(line: int, row: dict[str, str], seen: dict[str, tuple[str, int]]) -> _Patient:
    """Check one row's own fields; raise InvalidValueError saying what is wrong."""
    from ._locale import normalise

    patient = row.get("patient_id", "")
    if not _PATIENT_ID.fullmatch(patient):
        raise InvalidValueError(f"invalid patient_id {patient!r}: {_ID_RULE}")
    stem = patient.split(".", 1)[0].upper()
    if stem in _RESERVED:
        raise InvalidValueError(
            f"invalid patient_id {patient!r}: {stem} is a device name on Windows"
        )
    key = patient.lower()  # ids are ASCII: file names that differ only in case collide
    if key in seen:
        first, first_line = seen[key]
        if first == patient:
            raise InvalidValueError(f"patient_id {patient!r} repeats line {first_line}")
        raise InvalidValueError(
            f"patient_id {patient!r} differs from {first!r} on line {first_line} only in"
            " case: on macOS and Windows they would be the same files"
        )
    seen[key] = (patient, line)
    raw_date = row.get("treatment_date", "")
    try:
        date = datetime.date.fromisoformat(raw_date) if _DATE.fullmatch(raw_date) else None
    except ValueError:
        date = None
    if date is None:
        raise InvalidValueError(f"invalid treatment_date {raw_date!r}: use YYYY-MM-DD")
    locale = normalise(row.get("locale") or "en")
    risks = tuple(row.get("risk_factors", "").replace(";", " ").split())
    return _Patient(line, patient, date, locale, risks)


def run_batch(
    csv_path: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    tz: str,
    send_time: datetime.time = datetime.time(18, 0),
    clinic: ClinicContact | None = None,
    packs: Sequence[str | os.PathLike[str]] = (),
    locale_packs: Mapping[str, Sequence[str | os.PathLike[str]]] | None = None,
    require_approval: bool = False,
    resume: bool = False,
    report: str | os.PathLike[str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Write a calendar file and a JSON schedule for every patient in *csv_path*.

    The CSV is read and every row checked first; the clinic packs are loaded once per
    locale the rows use. Only then is anything written, so a CSV or pack that is
    refused leaves the folder as it was. Each patient's ``.ics`` and ``.json`` are
    written together: both new, or (if either cannot be written) neither, and the row
    is reported. Files already in the folder are replaced, never followed: a symbolic
    link or FIFO at a patient's file name is replaced by a regular file.

    Args:
        csv_path: The CSV file (UTF-8, header row; see the module's description). It
            must be a regular file of at most 32 MiB: a FIFO or device is refused.
        out_dir: The folder to write into; it is created if needed.
        tz: The clinic's IANA time zone.
        send_time: The local send time.
        clinic: How to reach the clinic, in every message.
        packs: Clinic packs to merge onto the content of every row.
        locale_packs: More clinic packs for the rows of one locale only, by locale
            (``{"fr": ["lakeview-fr.json"]}``), merged after *packs*.
        require_approval: Refuse the run, before writing anything, unless the packs
            of every locale used carry an approval of exactly that content (see
            :func:`~microneedle_care.loading.load`).
        resume: Leave alone a patient whose two files are already regular files
            holding exactly what would be written (counted in
            :attr:`BatchSummary.unchanged <BatchSummary>`), so that running the same batch again
            after an interruption only writes what is missing or different.
        report: A CSV file to write when the run ends: one record per data row,
            with its ``line``, ``patient_id`` (as read), ``status`` (``written``,
            ``unchanged`` or ``failed``) and ``message``. Every cell is made safe to
            open in a spreadsheet (a cell starting with ``=``, ``+``, ``-``, ``@``, a
            tab or a line break gets a leading ``'``, so it is shown, not run). It is
            written like the command's ``-o`` output: a link at *report* is followed.
        progress: Called with the number of rows done after each row.

    Returns:
        How many rows were read and written, and every bad row with its line number.

    Raises:
        ScheduleError: If the time zone is unknown (also a zoneinfo folder such as
            ``"America"``).
        InvalidTypeError: If *tz* is not a string.
        BatchInputError: If the CSV cannot be read, is not UTF-8, misses a required
            column or holds a record the CSV reader cannot take (a
            :exc:`~microneedle_care.errors.ScheduleError`). Nothing is written.
        BatchOutputError: If the folder cannot be created or opened (an
            :exc:`OSError`); nothing is written. Or, after the patients' files were
            written, if *report* cannot be written.
        ContentError: If a clinic pack cannot be read or merged, or (with
            *require_approval*) is not approved. Nothing is written.
        UnknownLocaleError: If a key of *locale_packs* is not a locale.

    .. versionchanged:: 0.6.0 The whole CSV and the packs are checked before anything
       is written; a patient's files are written together and never through a link;
       added *locale_packs*, *require_approval*, *resume* and *report*.
    """
    from ._locale import normalise
    from .checklist import build_checklist
    from .loading import load
    from .schedule import _zone, build_schedule, to_ical, to_json

    if not isinstance(tz, str):
        raise InvalidTypeError(f"tz must be a string, got {type(tz).__name__}")
    try:
        _zone(tz)
    except OSError:  # a zoneinfo directory ('America') or a name too long for the system
        raise ScheduleError(
            f"unknown time zone {_io.shown(repr(tz))}: use an IANA name such as 'America/Toronto'"
        ) from None
    extra = {normalise(k): list(v) for k, v in (locale_packs or {}).items()}
    source, text = _read(csv_path)
    seen: dict[str, tuple[str, int]] = {}
    refused: dict[int, str] = {}
    locales: list[str] = []
    for line, row in _rows(source, text):
        try:
            patient = _check(line, row, seen)
        except (InvalidValueError, UnknownLocaleError) as exc:
            refused[line] = str(exc)
            continue
        if patient.locale not in locales:
            locales.append(patient.locale)
    catalogs: dict[str, Catalog] = {
        locale: load(
            locale=locale,
            packs=[*packs, *extra.get(locale, ())],
            require_approval=require_approval,
        )
        for locale in locales
    }
    try:
        folder = _io.OutputFolder(out_dir, shown=_io.shown(os.fspath(out_dir)))
    except _io.WriteError as exc:
        raise BatchOutputError(str(exc)) from None
    errors: list[RowError] = []
    records: list[tuple[str, str, str, str]] = []
    rows = written = unchanged = 0
    seen.clear()
    with folder:
        for line, row in _rows(source, text):
            rows += 1
            status = "failed"
            try:
                if line in refused:
                    raise InvalidValueError(refused[line])
                patient = _check(line, row, seen)
                catalog = catalogs[patient.locale]
                checklist = build_checklist(
                    catalog,
                    treatment_date=patient.date,
                    risk_factors=list(patient.risks),
                    clinic=clinic,
                )
                schedule = build_schedule(
                    checklist, tz=tz, patient=patient.id, send_time=send_time, catalog=catalog
                )
                files = [
                    (f"{patient.id}.ics", to_ical(schedule)),
                    (f"{patient.id}.json", to_json(schedule).encode("utf-8")),
                ]
                if folder.write(files, keep_identical=resume):
                    written, status = written + 1, "written"
                else:
                    unchanged, status = unchanged + 1, "unchanged"
            except (ValueError, MicroneedleCareError, _io.WriteError) as exc:
                errors.append(RowError(line, str(exc)))
            if report is not None:
                message = errors[-1].message if status == "failed" else ""
                records.append((str(line), row.get("patient_id", ""), status, message))
            if progress is not None:
                progress(rows)
    if report is not None:
        _write_report(report, records)
    return BatchSummary(rows=rows, written=written, errors=tuple(errors), unchanged=unchanged)


def _write_report(path: str | os.PathLike[str], records: list[tuple[str, str, str, str]]) -> None:
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")  # RFC 4180
    writer.writerow(("line", "patient_id", "status", "message"))
    writer.writerows(tuple(_io.csv_cell(cell) for cell in record) for record in records)
    try:
        _io.write_text(path, stream.getvalue())
    except _io.WriteError as exc:
        raise BatchOutputError(_io.shown(str(exc))) from None

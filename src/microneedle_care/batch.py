r"""Schedules and calendar files for a clinic's whole list of patients: a CSV in, a folder out.

The CSV has a header row with the columns ``patient_id`` and ``treatment_date``
(``YYYY-MM-DD``), and optionally ``risk_factors`` (ids separated by spaces or ``;``) and
``locale`` (``en`` or ``fr``). For each good row, :func:`run_batch` writes
``<patient_id>.ics`` and ``<patient_id>.json`` (the touchpoints with their SMS and
email) into the folder, or any of :data:`OUTPUT_KINDS` asked for with *outputs*. A bad
row is reported with its line number and the run goes on. :func:`due` reads the same CSV
and lists, without writing anything, every SMS and email to send in a window of time.

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
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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
    UnknownLocaleError,
)

if TYPE_CHECKING:
    from .catalog import Catalog
    from .checklist import Checklist, ClinicContact
    from .schedule import Schedule, Touchpoint

__all__ = [
    "OUTPUT_KINDS",
    "BatchSummary",
    "DueMessage",
    "DueResult",
    "RowError",
    "count_rows",
    "due",
    "due_csv",
    "due_json",
    "messages_csv",
    "run_batch",
]

_PATIENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_ID_RULE = "use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_REQUIRED = ("patient_id", "treatment_date")
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10)), *(f"LPT{n}" for n in range(10))}
)
"""Names Windows keeps for devices, whatever extension follows them."""

OUTPUT_KINDS = ("ics", "json", "html", "pdf", "record", "messages", "fhir")
"""What :func:`run_batch` can write for each patient, and the file each gives.

``ics``: ``<id>.ics``, the calendar file. ``json``: ``<id>.json``, the schedule
(:func:`~microneedle_care.schedule.to_json`). ``html``: ``<id>.html``, the printable
sheet. ``pdf``: ``<id>.pdf``, the same sheet as a PDF (needs the ``pdf`` extra).
``record``: ``<id>.record.json``, the checklist as a JSON record (``render(checklist,
"json")``). ``messages``: ``<id>.messages.csv``, every SMS and email with its send time,
channel and idempotency key, each cell safe to open in a spreadsheet. ``fhir``:
``<id>.fhir.json``, the FHIR Bundle (:func:`~microneedle_care.fhir.schedule_bundle`).

.. versionadded:: 0.6.0
"""
_SUFFIX = {
    "ics": ".ics",
    "json": ".json",
    "html": ".html",
    "pdf": ".pdf",
    "record": ".record.json",
    "messages": ".messages.csv",
    "fhir": ".fhir.json",
}
_MESSAGE_COLUMNS = ("day", "send_at", "channel", "idempotency_key", "subject", "text")
_SENT = ("sms", "email")


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
    outputs: Sequence[str] = ("ics", "json"),
) -> BatchSummary:
    """Write a calendar file and a JSON schedule (or *outputs*) for every patient in *csv_path*.

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
        outputs: What to write for each patient, from :data:`OUTPUT_KINDS` (by
            default the calendar file and the JSON schedule). All of a patient's files
            are written together or none of them; with ``"pdf"``, a missing ``pdf``
            extra stops the run before anything is written.

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
        InvalidValueError: If *outputs* is empty or names an unknown kind (a
            :exc:`ValueError`). Nothing is written.
        MissingDependencyError: If *outputs* holds ``"pdf"`` and the ``pdf`` extra
            is missing. Nothing is written.

    .. versionchanged:: 0.6.0 The whole CSV and the packs are checked before anything
       is written; a patient's files are written together and never through a link;
       added *locale_packs*, *require_approval*, *resume*, *report* and *outputs*.
    """
    kinds = _kinds(outputs)
    prepared = _prepare(
        csv_path, tz, packs=packs, locale_packs=locale_packs, require_approval=require_approval
    )
    if "pdf" in kinds:
        from .rendering.pdf import _weasyprint

        _weasyprint()  # a missing extra stops the run before anything is written
    try:
        folder = _io.OutputFolder(out_dir, shown=_io.shown(os.fspath(out_dir)))
    except _io.WriteError as exc:
        raise BatchOutputError(str(exc)) from None
    errors: list[RowError] = []
    records: list[tuple[str, str, str, str]] = []
    rows = written = unchanged = 0
    seen: dict[str, tuple[str, int]] = {}
    with folder:
        for line, row in _rows(prepared.source, prepared.text):
            rows += 1
            status = "failed"
            try:
                patient, checklist, schedule = _build(
                    prepared, line, row, seen, tz=tz, clinic=clinic, send_time=send_time
                )
                files = [
                    (f"{patient.id}{_SUFFIX[kind]}", _render(kind, checklist, schedule))
                    for kind in kinds
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


@attrs.frozen
class _Prepared:
    source: str
    text: str
    refused: dict[int, str]
    catalogs: dict[str, Catalog]


def _check_zone(tz: object) -> None:
    from .schedule import _zone

    if not isinstance(tz, str):
        raise InvalidTypeError(f"tz must be a string, got {type(tz).__name__}")
    _zone(tz)  # ScheduleError for anything that is not an IANA name (folders, paths, M11)


def _prepare(
    csv_path: str | os.PathLike[str],
    tz: object,
    *,
    packs: Sequence[str | os.PathLike[str]],
    locale_packs: Mapping[str, Sequence[str | os.PathLike[str]]] | None,
    require_approval: bool,
) -> _Prepared:
    """Check the zone, read and check the whole CSV, and load the packs of every locale used."""
    from ._locale import normalise
    from .loading import load

    _check_zone(tz)
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
    return _Prepared(source, text, refused, catalogs)


def _build(
    prepared: _Prepared,
    line: int,
    row: dict[str, str],
    seen: dict[str, tuple[str, int]],
    *,
    tz: str,
    clinic: ClinicContact | None,
    send_time: datetime.time,
) -> tuple[_Patient, Checklist, Schedule]:
    """Build one row's checklist and schedule, or raise saying what is wrong with the row."""
    from .checklist import build_checklist
    from .schedule import build_schedule

    if line in prepared.refused:
        raise InvalidValueError(prepared.refused[line])
    patient = _check(line, row, seen)
    catalog = prepared.catalogs[patient.locale]
    checklist = build_checklist(
        catalog=catalog,
        treatment_date=patient.date,
        risk_factors=list(patient.risks),
        clinic=clinic,
    )
    schedule = build_schedule(
        checklist, tz=tz, patient=patient.id, send_time=send_time, catalog=catalog
    )
    return patient, checklist, schedule


def _kinds(outputs: object) -> tuple[str, ...]:
    """Return the output kinds asked for, each once, in the order of :data:`OUTPUT_KINDS`."""
    if isinstance(outputs, str) or not isinstance(outputs, Sequence):
        raise InvalidTypeError(
            f"outputs must be a sequence of output kinds, got {type(outputs).__name__}"
        )
    for kind in outputs:
        if kind not in OUTPUT_KINDS:
            raise InvalidValueError(
                f"unknown output kind {_io.shown(repr(kind))}: use {', '.join(OUTPUT_KINDS)}"
            )
    if not outputs:
        raise InvalidValueError(f"outputs is empty: use one or more of {', '.join(OUTPUT_KINDS)}")
    return tuple(kind for kind in OUTPUT_KINDS if kind in outputs)


def _render(kind: str, checklist: Checklist, schedule: Schedule) -> bytes:
    """One patient's file of *kind*, exactly as the library renders it."""
    from . import fhir
    from .rendering import render
    from .schedule import to_ical, to_json

    if kind == "ics":
        return to_ical(schedule)
    if kind == "json":
        return to_json(schedule).encode("utf-8")
    if kind == "html":
        return render(checklist, "html").encode("utf-8")
    if kind == "pdf":
        return render(checklist, "pdf")
    if kind == "record":
        return render(checklist, "json").encode("utf-8")
    if kind == "messages":
        return messages_csv(schedule).encode("utf-8")
    return fhir.to_json(fhir.schedule_bundle(checklist, schedule)).encode("utf-8")


def _messages(schedule: Schedule) -> Iterator[tuple[Touchpoint, str, str | None, str, str]]:
    """Yield ``(touchpoint, channel, subject, text, idempotency key)`` of every SMS and email."""
    from .schedule import idempotency_key, render_email, render_sms

    for touchpoint in schedule.touchpoints:
        email = render_email(schedule, touchpoint)
        sms_key = idempotency_key(schedule, touchpoint, "sms")
        yield touchpoint, "sms", None, render_sms(schedule, touchpoint), sms_key
        email_key = idempotency_key(schedule, touchpoint, "email")
        yield touchpoint, "email", email.subject, email.text, email_key


def _csv_text(header: Sequence[str], records: Iterable[Sequence[str]]) -> str:
    """RFC 4180 CSV text, every cell made safe to open in a spreadsheet."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(tuple(_io.csv_cell(cell) for cell in record) for record in records)
    return stream.getvalue()


def messages_csv(schedule: Schedule) -> str:
    """Return every SMS and email of *schedule* as CSV text, as ``batch`` writes them.

    One record per touchpoint and channel (the SMS first, then the email), with the
    columns ``day``, ``send_at`` (ISO 8601, with its offset), ``channel`` (``sms`` or
    ``email``), ``idempotency_key``, ``subject`` (empty for an SMS) and ``text``. Every
    cell is made safe to open in a spreadsheet: one that starts with ``=``, ``+``,
    ``-``, ``@``, a tab or a line break gets a leading ``'``.

    .. versionadded:: 0.6.0
    """
    return _csv_text(
        _MESSAGE_COLUMNS,
        (
            (str(t.day), t.send_at.isoformat(), channel, key, subject or "", text)
            for t, channel, subject, text, key in _messages(schedule)
        ),
    )


@attrs.frozen(kw_only=True)
class DueMessage:
    """One SMS or email to send, found by :func:`due`.

    Attributes:
        patient_id: The row's ``patient_id``.
        day: The day after the treatment (day 1 is the treatment day).
        send_at: When to send it, an aware datetime in the clinic's time zone.
        channel: ``"sms"`` or ``"email"``.
        subject: The email's subject line; ``None`` for an SMS.
        text: The SMS text, or the email's plain-text body.
        idempotency_key: The key to store once it is sent
            (:func:`~microneedle_care.schedule.idempotency_key`): the same patient,
            treatment date, day and channel always give the same key, so a sender that
            skips the keys it has already stored never sends one message twice.

    .. versionadded:: 0.6.0
    """

    patient_id: str
    day: int
    send_at: datetime.datetime
    channel: str
    subject: str | None
    text: str
    idempotency_key: str


@attrs.frozen(kw_only=True)
class DueResult:
    """What :func:`due` found.

    Attributes:
        messages: The messages due in the window, by send time (then patient, day and
            channel, SMS first).
        errors: The rows that could not be scheduled, in file order, with their line
            numbers: their patients get nothing from this window until they are fixed.

    .. versionadded:: 0.6.0
    """

    messages: tuple[DueMessage, ...]
    errors: tuple[RowError, ...]


def _instant(value: object, name: str) -> datetime.datetime:
    if not isinstance(value, datetime.datetime):
        raise InvalidTypeError(f"{name} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidValueError(
            f"{name} {value.isoformat()} has no time zone: give an aware datetime"
            " (for example with tzinfo=datetime.timezone.utc)"
        )
    return value


def due(
    csv_path: str | os.PathLike[str],
    start: datetime.datetime,
    end: datetime.datetime,
    *,
    tz: str,
    send_time: datetime.time = datetime.time(18, 0),
    clinic: ClinicContact | None = None,
    packs: Sequence[str | os.PathLike[str]] = (),
    locale_packs: Mapping[str, Sequence[str | os.PathLike[str]]] | None = None,
    require_approval: bool = False,
) -> DueResult:
    """Return every SMS and email, across all patients in *csv_path*, due in ``[start, end)``.

    The CSV is read and checked as :func:`run_batch` reads it, with the same
    arguments, and each patient's schedule is built the same way; nothing is written.
    A message is due when ``start <= send_at < end``: the window is half-open, so
    back-to-back windows (``[10:00, 10:05)``, ``[10:05, 10:10)``) never both hold one.

    A sender runs this every few minutes with windows that overlap the last one (so
    nothing is missed if a run is late or fails), stores each message's
    ``idempotency_key`` when it is sent, and skips every message whose
    key it already holds. The same patient, day and channel always give the same key,
    so overlapping windows never send a message twice.

    Args:
        csv_path: The CSV of patients (see the module's description).
        start: The start of the window, included: an aware datetime in any zone.
        end: The end of the window, left out: an aware datetime, not before *start*.
        tz: The clinic's IANA time zone, as for :func:`run_batch`.
        send_time: The local send time.
        clinic: How to reach the clinic, in every message.
        packs: Clinic packs to merge onto the content of every row.
        locale_packs: More clinic packs for the rows of one locale only.
        require_approval: Refuse, before building anything, unless the packs of every
            locale used carry an approval of exactly that content.

    Returns:
        The messages due, by send time, and every bad row with its line number.

    Raises:
        InvalidTypeError: If *start* or *end* is not a datetime, or *tz* not a string.
        InvalidValueError: If *start* or *end* has no time zone (a naive datetime), or
            *end* is before *start*.
        ScheduleError: If the time zone is unknown.
        BatchInputError: If the CSV is refused as a whole (as :func:`run_batch`).
        ContentError: If a clinic pack cannot be read or merged, or is not approved.

    .. versionadded:: 0.6.0
    """
    start, end = _instant(start, "start"), _instant(end, "end")
    if end < start:
        raise InvalidValueError(
            f"end {end.isoformat()} is before start {start.isoformat()}: the window is empty"
        )
    prepared = _prepare(
        csv_path, tz, packs=packs, locale_packs=locale_packs, require_approval=require_approval
    )
    found: list[DueMessage] = []
    errors: list[RowError] = []
    seen: dict[str, tuple[str, int]] = {}
    for line, row in _rows(prepared.source, prepared.text):
        try:
            patient, _, schedule = _build(
                prepared, line, row, seen, tz=tz, clinic=clinic, send_time=send_time
            )
            if not any(start <= t.send_at < end for t in schedule.touchpoints):
                continue
            found.extend(
                DueMessage(
                    patient_id=patient.id,
                    day=t.day,
                    send_at=t.send_at,
                    channel=channel,
                    subject=subject,
                    text=text,
                    idempotency_key=key,
                )
                for t, channel, subject, text, key in _messages(schedule)
                if start <= t.send_at < end
            )
        except (ValueError, MicroneedleCareError) as exc:
            errors.append(RowError(line, str(exc)))
    found.sort(key=lambda m: (m.send_at, m.patient_id, m.day, _SENT.index(m.channel)))
    return DueResult(messages=tuple(found), errors=tuple(errors))


def due_csv(messages: Iterable[DueMessage]) -> str:
    """Return *messages* as CSV text, every cell safe to open in a spreadsheet.

    The columns are ``patient_id``, ``day``, ``send_at`` (ISO 8601 with its offset),
    ``channel``, ``idempotency_key``, ``subject`` (empty for an SMS) and ``text``.

    .. versionadded:: 0.6.0
    """
    return _csv_text(
        ("patient_id", *_MESSAGE_COLUMNS),
        (
            (
                m.patient_id,
                str(m.day),
                m.send_at.isoformat(),
                m.channel,
                m.idempotency_key,
                m.subject or "",
                m.text,
            )
            for m in messages
        ),
    )


def due_json(messages: Iterable[DueMessage]) -> str:
    """Return *messages* as a JSON array of objects with the fields of :class:`DueMessage`.

    ``send_at`` is ISO 8601 with its offset; ``subject`` is ``null`` for an SMS.

    .. versionadded:: 0.6.0
    """
    rows = [
        {
            "patient_id": m.patient_id,
            "day": m.day,
            "send_at": m.send_at.isoformat(),
            "channel": m.channel,
            "subject": m.subject,
            "text": m.text,
            "idempotency_key": m.idempotency_key,
        }
        for m in messages
    ]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


def _write_report(path: str | os.PathLike[str], records: list[tuple[str, str, str, str]]) -> None:
    text = _csv_text(("line", "patient_id", "status", "message"), records)
    try:
        _io.write_text(path, text)
    except _io.WriteError as exc:
        raise BatchOutputError(_io.shown(str(exc))) from None

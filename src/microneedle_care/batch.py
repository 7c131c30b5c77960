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

import datetime
import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from . import _batch_pool as _pool
from . import _io
from ._batch_input import Patient as _Patient
from ._batch_input import make as _make
from ._batch_input import prepare as _prepare
from ._batch_input import read as _read
from ._batch_input import rows as _rows
from ._due import (
    _MESSAGE_COLUMNS,
    DueMessage,
    DueResult,
    RowError,
    _csv_text,
    _messages,
    due,
    due_csv,
    due_json,
)
from .errors import (
    BatchOutputError,
    InvalidTypeError,
    InvalidValueError,
    MicroneedleCareError,
)

if TYPE_CHECKING:
    from .catalog import Catalog
    from .checklist import Checklist, ClinicContact
    from .schedule import Schedule

# The due-message half lives in _due; its public names are this module's (docs, pickles).
for _name in ("DueMessage", "DueResult", "RowError", "due", "due_csv", "due_json"):
    globals()[_name].__module__ = __name__
del _name

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

OUTPUT_KINDS = ("ics", "json", "html", "pdf", "record", "messages", "fhir")
"""What :func:`run_batch` can write for each patient, and the file each gives.

``ics``: ``<id>.ics``, the calendar file. ``json``: ``<id>.json``, the schedule
(:func:`~microneedle_care.rendering.ical.render_schedule_json`). ``html``: ``<id>.html``,
the printable sheet. ``pdf``: ``<id>.pdf``, the same sheet as a PDF (needs the ``pdf`` extra).
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


def count_rows(csv_path: str | os.PathLike[str]) -> int:
    """Return the number of data rows in *csv_path* (for a progress bar).

    Raises:
        BatchInputError: As :func:`run_batch` does, for a CSV it would refuse.

    .. versionchanged:: 0.6.0 A FIFO or device is refused rather than read (which
       could hang); records spanning several lines count once.
    """
    return sum(1 for _ in _rows(*_read(csv_path)))


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
    jobs: int = 1,
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
        jobs: How many processes render the patients' files: ``1`` (the default)
            renders them in this process; ``0`` starts one per CPU this process may
            use. With more than one, a pool of processes (started with ``spawn``, each
            loading the content and packs once) renders the rows, while this process
            reads the CSV, checks each row and writes every file itself, in the CSV's
            order and exactly as with one job: the same files, byte for byte, the same
            errors, the same report and progress. A script that uses more than one job
            must call this under ``if __name__ == "__main__":`` (each worker imports
            the main module again).

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
        InvalidValueError: If *outputs* is empty or names an unknown kind, or *jobs*
            is negative (a :exc:`ValueError`). Nothing is written.
        InvalidTypeError: If *jobs* is not an :class:`int` (a :exc:`TypeError`).
        MissingDependencyError: If *outputs* holds ``"pdf"`` and the ``pdf`` extra
            is missing. Nothing is written.
        BatchWorkerError: With *jobs* above 1, if a worker process was killed or could
            not load the content. The files written before are whole; the report is
            not written.

    .. versionchanged:: 0.6.0 The whole CSV and the packs are checked before anything
       is written; a patient's files are written together and never through a link;
       added *locale_packs*, *require_approval*, *resume*, *report*, *outputs* and
       *jobs*.
    """
    kinds = _kinds(outputs)
    workers = _jobs(jobs)
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
    work = _Work(tz=tz, clinic=clinic, send_time=send_time, kinds=kinds)
    with folder, _pool.Renderer(prepared, _files, work, workers) as outcomes:
        for line, row, files in outcomes:
            rows += 1
            status = "failed"
            if isinstance(files, str):  # what was wrong with the row, as it was raised
                errors.append(RowError(line, files))
            else:
                try:
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


def _jobs(jobs: object) -> int:
    """Return how many processes to render with: *jobs*, or one per usable CPU for 0."""
    if isinstance(jobs, bool) or not isinstance(jobs, int):
        raise InvalidTypeError(f"jobs must be an int, got {type(jobs).__name__}")
    if jobs < 0:
        raise InvalidValueError(f"jobs must be 0 (one per CPU) or more, got {jobs}")
    if jobs:
        return jobs
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


@attrs.frozen(kw_only=True)
class _Work:
    """What every row is rendered with (sent once to each worker process)."""

    tz: str
    clinic: ClinicContact | None
    send_time: datetime.time
    kinds: tuple[str, ...]


def _files(catalog: Catalog, patient: _Patient, work: _Work) -> _pool.Files | str:
    """One admitted patient's files, or the message saying why they cannot be made."""
    try:
        checklist, schedule = _make(
            catalog, patient, tz=work.tz, clinic=work.clinic, send_time=work.send_time
        )
        return [
            (f"{patient.id}{_SUFFIX[kind]}", _render(kind, checklist, schedule))
            for kind in work.kinds
        ]
    except (ValueError, MicroneedleCareError) as exc:
        return str(exc)


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
    from .rendering.ical import render_ical, render_schedule_json

    if kind == "ics":
        return render_ical(schedule)
    if kind == "json":
        return render_schedule_json(schedule).encode("utf-8")
    if kind == "html":
        return render(checklist, "html").encode("utf-8")
    if kind == "pdf":
        return render(checklist, "pdf")
    if kind == "record":
        return render(checklist, "json").encode("utf-8")
    if kind == "messages":
        return messages_csv(schedule).encode("utf-8")
    return fhir.to_json(fhir.schedule_bundle(checklist, schedule)).encode("utf-8")


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


def _write_report(path: str | os.PathLike[str], records: list[tuple[str, str, str, str]]) -> None:
    text = _csv_text(("line", "patient_id", "status", "message"), records)
    try:
        _io.write_text(path, text)
    except _io.WriteError as exc:
        raise BatchOutputError(_io.shown(str(exc))) from None

r"""Schedules and calendar files for a clinic's whole list of patients: a CSV in, a folder out.

The CSV has a header row with the columns ``patient_id`` and ``treatment_date``
(``YYYY-MM-DD``), and optionally ``risk_factors`` (ids separated by spaces or ``;``) and
``locale`` (``en`` or ``fr``). For each good row, :func:`run_batch` writes
``<patient_id>.ics`` and ``<patient_id>.json`` (the touchpoints with their SMS and
email) into the folder. A bad row is reported with its line number and the run goes on.

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
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from .errors import InvalidValueError, MicroneedleCareError, ScheduleError

if TYPE_CHECKING:
    from .catalog import Catalog
    from .checklist import ClinicContact

__all__ = ["BatchSummary", "RowError", "count_rows", "run_batch"]

_PATIENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_REQUIRED = ("patient_id", "treatment_date")


@attrs.frozen
class RowError:
    """One row that could not be scheduled.

    Attributes:
        line: The row's line number in the CSV file (the header is line 1).
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
    """

    rows: int
    written: int
    errors: tuple[RowError, ...]


def count_rows(csv_path: str | os.PathLike[str]) -> int:
    """Return the number of data rows in *csv_path* (for a progress bar)."""
    with open(csv_path, encoding="utf-8-sig", newline="") as stream:
        return max(sum(1 for _ in csv.reader(stream)) - 1, 0)


def _rows(csv_path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with open(csv_path, encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        missing = [c for c in _REQUIRED if c not in (reader.fieldnames or ())]
        if missing:
            raise ScheduleError(f"{csv_path}: line 1: missing column {missing[0]!r}")
        for row in reader:
            yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}


def _write(path: Path, data: bytes) -> None:
    temp = path.with_name(f".{path.name}.tmp")
    temp.write_bytes(data)
    os.replace(temp, path)


def run_batch(
    csv_path: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    tz: str,
    send_time: datetime.time = datetime.time(18, 0),
    clinic: ClinicContact | None = None,
    packs: tuple[str, ...] = (),
    progress: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Write a calendar file and a JSON schedule for every patient in *csv_path*.

    Args:
        csv_path: The CSV file (UTF-8, header row; see the module's description).
        out_dir: The folder to write into; it is created if needed.
        tz: The clinic's IANA time zone.
        send_time: The local send time.
        clinic: How to reach the clinic, in every message.
        packs: Clinic packs to merge onto the content.
        progress: Called with the number of rows done after each row.

    Returns:
        How many rows were read and written, and every bad row with its line number.

    Raises:
        ScheduleError: If the time zone is unknown or a required column is missing.
        OSError: If the CSV cannot be read or the folder cannot be written.
    """
    from .checklist import build_checklist
    from .loading import load
    from .schedule import _zone, build_schedule, to_ical, to_json

    _zone(tz)
    source, folder = Path(csv_path), Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    catalogs: dict[str, Catalog] = {}
    seen: dict[str, int] = {}
    errors: list[RowError] = []
    rows = written = 0
    for line, row in _rows(source):
        rows += 1
        try:
            patient = row.get("patient_id", "")
            if not _PATIENT_ID.fullmatch(patient):
                raise InvalidValueError(
                    f"invalid patient_id {patient!r}: use letters, digits, '.', '_' or '-'"
                )
            if patient in seen:
                raise InvalidValueError(f"patient_id {patient!r} repeats line {seen[patient]}")
            seen[patient] = line
            raw_date = row.get("treatment_date", "")
            try:
                date = datetime.date.fromisoformat(raw_date)
            except ValueError:
                raise InvalidValueError(
                    f"invalid treatment_date {raw_date!r}: use YYYY-MM-DD"
                ) from None
            locale = row.get("locale") or "en"
            if locale not in catalogs:
                catalogs[locale] = load(locale=locale, packs=list(packs))
            catalog = catalogs[locale]
            risks = row.get("risk_factors", "").replace(";", " ").split()
            checklist = build_checklist(
                catalog, treatment_date=date, risk_factors=risks, clinic=clinic
            )
            schedule = build_schedule(
                checklist, tz=tz, patient=patient, send_time=send_time, catalog=catalog
            )
            _write(folder / f"{patient}.ics", to_ical(schedule))
            _write(folder / f"{patient}.json", to_json(schedule).encode("utf-8"))
            written += 1
        except (ValueError, MicroneedleCareError) as exc:
            errors.append(RowError(line, str(exc)))
        if progress is not None:
            progress(rows)
    return BatchSummary(rows=rows, written=written, errors=tuple(errors))

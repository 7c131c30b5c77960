"""A batch run's input: the CSV read and checked, and each row's checklist and schedule (private).

:mod:`microneedle_care.batch` writes and lists what these build.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from . import _io
from .errors import (
    BatchInputError,
    ContentError,
    InvalidTypeError,
    InvalidValueError,
    UnknownLocaleError,
)

if TYPE_CHECKING:
    from .catalog import Catalog
    from .checklist import Checklist, ClinicContact
    from .schedule import Schedule

__all__ = [
    "Patient",
    "Prepared",
    "admit",
    "build",
    "check",
    "check_zone",
    "make",
    "prepare",
    "read",
    "records",
    "rows",
]

_PATIENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_ID_RULE = "use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_REQUIRED = ("patient_id", "treatment_date")
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10)), *(f"LPT{n}" for n in range(10))}
)
"""Names Windows keeps for devices, whatever extension follows them."""


def read(csv_path: str | os.PathLike[str]) -> tuple[str, str]:
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


def records(source: str, text: str) -> Iterator[tuple[int, list[str]]]:
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


def rows(source: str, text: str) -> Iterator[tuple[int, dict[str, str]]]:
    found = records(source, text)
    header = next(found, (1, []))[1]
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        raise BatchInputError(source, 1, f"missing column {missing[0]!r}")
    for line, record in found:
        row = dict.fromkeys(header, "")
        row.update((k, v.strip()) for k, v in zip(header, record, strict=False))
        row.pop("", None)
        yield line, row


@attrs.frozen
class Patient:
    line: int
    id: str
    date: datetime.date
    locale: str
    risks: tuple[str, ...]


def check(line: int, row: dict[str, str], seen: dict[str, tuple[str, int]]) -> Patient:
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
    return Patient(line, patient, date, locale, risks)


@attrs.frozen
class Prepared:
    source: str
    text: str
    refused: dict[int, str]
    catalogs: dict[str, Catalog]
    loads: dict[str, tuple[tuple[str, ...], bool]] = attrs.field(factory=dict)
    """Each catalog's ``load`` arguments by locale (packs, require_approval), for workers."""


def check_zone(tz: object) -> None:
    from ._zones import zone

    if not isinstance(tz, str):
        raise InvalidTypeError(f"tz must be a string, got {type(tz).__name__}")
    zone(tz)  # ScheduleError for anything that is not an IANA name (folders, paths, M11)


def prepare(
    csv_path: str | os.PathLike[str],
    tz: object,
    *,
    packs: Sequence[str | os.PathLike[str]],
    locale_packs: Mapping[str, Sequence[str | os.PathLike[str]]] | None,
    require_approval: bool,
) -> Prepared:
    """Check the zone, read and check the whole CSV, and load the packs of every locale used."""
    from ._locale import normalise
    from .loading import load

    check_zone(tz)
    extra = {normalise(k): list(v) for k, v in (locale_packs or {}).items()}
    source, text = read(csv_path)
    seen: dict[str, tuple[str, int]] = {}
    refused: dict[int, str] = {}
    locales: list[str] = []
    for line, row in rows(source, text):
        try:
            patient = check(line, row, seen)
        except (InvalidValueError, UnknownLocaleError) as exc:
            refused[line] = str(exc)
            continue
        if patient.locale not in locales:
            locales.append(patient.locale)
    loads = {
        locale: (
            tuple(os.fspath(p) for p in (*packs, *extra.get(locale, ()))),
            require_approval,
        )
        for locale in locales
    }
    catalogs: dict[str, Catalog] = {
        locale: load(locale=locale, packs=list(paths), require_approval=approval)
        for locale, (paths, approval) in loads.items()
    }
    return Prepared(source, text, refused, catalogs, loads)


def admit(
    prepared: Prepared, line: int, row: dict[str, str], seen: dict[str, tuple[str, int]]
) -> Patient:
    """Check one row in file order (ids must not repeat), or raise saying what is wrong."""
    if line in prepared.refused:
        raise InvalidValueError(prepared.refused[line])
    return check(line, row, seen)


def make(
    catalog: Catalog,
    patient: Patient,
    *,
    tz: str,
    clinic: ClinicContact | None,
    send_time: datetime.time,
) -> tuple[Checklist, Schedule]:
    """Build an admitted patient's checklist and schedule (in any process, in any order)."""
    from .checklist import build_checklist
    from .schedule import build_schedule

    checklist = build_checklist(
        catalog=catalog,
        treatment_date=patient.date,
        risk_factors=list(patient.risks),
        clinic=clinic,
    )
    schedule = build_schedule(
        checklist, tz=tz, patient=patient.id, send_time=send_time, catalog=catalog
    )
    return checklist, schedule


def build(
    prepared: Prepared,
    line: int,
    row: dict[str, str],
    seen: dict[str, tuple[str, int]],
    *,
    tz: str,
    clinic: ClinicContact | None,
    send_time: datetime.time,
) -> tuple[Patient, Checklist, Schedule]:
    """Build one row's checklist and schedule, or raise saying what is wrong with the row."""
    patient = admit(prepared, line, row, seen)
    checklist, schedule = make(
        prepared.catalogs[patient.locale], patient, tz=tz, clinic=clinic, send_time=send_time
    )
    return patient, checklist, schedule

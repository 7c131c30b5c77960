"""Every SMS and email due in a window of time, across a clinic's list of patients (private).

:func:`due` reads the CSV :func:`~microneedle_care.batch.run_batch` reads and lists, without
writing anything, every message to send in ``[start, end)``; :func:`due_csv` and
:func:`due_json` write that list. The public names live in :mod:`microneedle_care.batch`.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from . import _io
from ._batch_input import build as _build
from ._batch_input import prepare as _prepare
from ._batch_input import rows as _rows
from .errors import InvalidTypeError, InvalidValueError, MicroneedleCareError

if TYPE_CHECKING:
    from .checklist import ClinicContact
    from .schedule import Schedule, Touchpoint

__all__ = ["DueMessage", "DueResult", "RowError", "due", "due_csv", "due_json"]

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


def _messages(schedule: Schedule) -> Iterator[tuple[Touchpoint, str, str | None, str, str]]:
    """Yield ``(touchpoint, channel, subject, text, idempotency key)`` of every SMS and email."""
    from .rendering.messages import render_email, render_sms
    from .schedule import idempotency_key

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

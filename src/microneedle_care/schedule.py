"""A schedule of aftercare touchpoints built from a dated checklist (pure).

Touchpoints fall on the days where a step starts, or the day after one ends ("you can go
back to the gym"): they come from the content's own time windows. Each one has a local
send time in the clinic's time zone. The renderers are in :mod:`microneedle_care.rendering`:
:func:`~microneedle_care.rendering.messages.render_sms` and
:func:`~microneedle_care.rendering.messages.render_email` write a touchpoint's text and
email, :func:`~microneedle_care.rendering.ical.render_ical` the calendar file and
:func:`~microneedle_care.rendering.ical.render_schedule_json` the JSON.

>>> import datetime
>>> import microneedle_care as mc
>>> checklist = mc.build_checklist(treatment_date=datetime.date(2026, 11, 25))
>>> schedule = build_schedule(checklist, tz="America/Toronto", patient="c0ffee-42")
>>> [(t.day, t.send_at.isoformat()) for t in schedule.touchpoints][:2]
[(1, '2026-11-25T18:00:00-05:00'), (2, '2026-11-26T18:00:00-05:00')]
>>> uid(schedule, schedule.touchpoints[0]).endswith("-day1-calendar@microneedle-care")
True

.. deprecated:: 0.6.0
   ``render_sms``, ``render_email``, ``to_ical`` and ``to_json`` here still work, with a
   :exc:`DeprecationWarning`, until 0.7.0: import ``render_sms`` and ``render_email`` from
   :mod:`microneedle_care.rendering.messages`, and ``render_ical`` (ex ``to_ical``) and
   ``render_schedule_json`` (ex ``to_json``) from :mod:`microneedle_care.rendering.ical`.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from . import _deprecation
from ._zones import zone as _zone
from .errors import ScheduleError
from .model import OMIT_IF_DEFAULT, AftercareStep, StepScope, TreatmentRole, WarningSign

if TYPE_CHECKING:
    from .catalog import Catalog
    from .checklist import Checklist, ClinicContact
    from .model import Approval

__all__ = [
    "CHANNELS",
    "SMS_LIMIT",
    "Email",
    "Schedule",
    "Touchpoint",
    "build_schedule",
    "idempotency_key",
    "sequence",
    "uid",
]

#: The most characters one SMS text may have, three concatenated GSM 7-bit segments of 153.
#: A French text is sent in UCS-2 (its accents), 67 characters a segment, so it takes more
#: segments; :mod:`microneedle_care.messaging` counts them and holds a clinic's budget.
SMS_LIMIT = 459
_HOURS = 24


@attrs.frozen(kw_only=True)
class Touchpoint:
    """One message to the patient on one day after the treatment.

    Attributes:
        day: The day after the treatment; day 1 is the treatment day.
        date: The calendar date of that day.
        send_at: When to send, as an aware datetime in the clinic's time zone.
        starts: Steps that start that day.
        ends: Steps that ended the day before: the patient may stop them.
        watch: Warning signs to watch for until the next touchpoint, most urgent first.
        asks: On a treatment's late check-in day (see
            ``Treatment.late_touchpoints``), the warning signs
            that day's check-in asks about, most urgent first; they are watched for too.
            Empty on the other days.

    .. versionchanged:: 0.6.0 Added *asks*.
    """

    day: int
    date: datetime.date
    send_at: datetime.datetime
    starts: tuple[AftercareStep, ...]
    ends: tuple[AftercareStep, ...]
    watch: tuple[WarningSign, ...]
    asks: tuple[WarningSign, ...] = attrs.field(default=(), metadata={OMIT_IF_DEFAULT: True})


@attrs.frozen(kw_only=True)
class Schedule:
    """A patient's touchpoints, with what they were built from.

    Attributes:
        treatment_date: The day of the treatment.
        tz: The IANA time zone name of the clinic.
        touchpoints: The touchpoints, in order of day.
        clinic: How to reach the clinic, if given.
        locale: The language of the text.
        content_version: The content release the schedule came from.
        content_digest: The digest of that content.
        patient_ref: A one-way hash of the patient key given to :func:`build_schedule`;
            every UID and idempotency key derives from it. The key itself is not kept.

            .. versionadded:: 0.6.0
        approval: The clinic's approval of exactly that content, if it has one. Every
            text and email says who approved it and when, or that no clinician at the
            clinic has yet.

    .. versionchanged:: 0.6.0 Added *approval*.
    """

    treatment_date: datetime.date
    tz: str
    touchpoints: tuple[Touchpoint, ...]
    clinic: ClinicContact | None
    locale: str
    content_version: str
    content_digest: str
    patient_ref: str
    approval: Approval | None = None


@attrs.frozen(kw_only=True)
class Email:
    """One touchpoint as an email.

    Attributes:
        subject: The subject line.
        text: The plain-text body.
        html: The HTML body; every string from the content is escaped.
    """

    subject: str
    text: str
    html: str


#: Channels a touchpoint is sent on; each gets its own id (see :func:`idempotency_key`).
CHANNELS = ("calendar", "sms", "email")
_PATIENT_KEY_MAX = 256
_MAX_DAY = 3660  # ten years of days, as for the content's time windows


def _patient_ref(patient: object) -> str:
    if not isinstance(patient, str):
        raise ScheduleError(f"patient must be a string key, got {type(patient).__name__}")
    if not patient.strip() or len(patient) > _PATIENT_KEY_MAX:
        raise ScheduleError(
            f"patient must be a key of 1 to {_PATIENT_KEY_MAX} characters, got {len(patient)}"
        )
    if any(not ch.isprintable() for ch in patient):
        raise ScheduleError("patient must not contain control or invisible characters")
    digest = hashlib.sha256(b"microneedle-care patient v1\0" + patient.encode("utf-8"))
    return digest.hexdigest()[:32]


def build_schedule(
    checklist: Checklist,
    *,
    tz: str,
    patient: str,
    send_time: datetime.time = datetime.time(18, 0),
    days: Iterable[int] | None = None,
    catalog: Catalog | None = None,
) -> Schedule:
    """Build the touchpoints for a dated checklist.

    Args:
        checklist: A checklist built with a ``treatment_date``.
        tz: The clinic's IANA time zone; send times are local times there. There is no
            default: a wrong zone sends every text at the wrong hour.
        patient: An opaque key for the patient, unique within the clinic, such as a random
            id your system keeps. It is hashed and never shown; calendar UIDs and message
            ids derive from it, so two patients never share one, and the same patient sent
            again after a content upgrade keeps them. Do not pass a name or a bare record
            number: a short number can be found again by trying every number.
        send_time: The local time of day to send each touchpoint (default 18:00).
        days: The days to send on (day 1 is the treatment day). By default, every day
            a step starts or the day after one ends, and the late check-in days of the
            checklist's treatments (a serum or exosome product: weeks 2 to 12).
        catalog: The content the checklist was built from (with its packs), to pick the
            warning signs for each window from the causes' onsets; by default the packaged
            content in the checklist's locale, which must then be what the checklist came from.

    Returns:
        The schedule, as data.

    Raises:
        ScheduleError: If the checklist has no treatment date, the time zone is not an IANA
            name, the patient key is empty, too long or not printable, *send_time* has a UTC
            offset or a fraction of a second, *days* is empty or has a day outside 1 to 3,660,
            or *catalog* is not the content the checklist was built from (its digest differs),
            or every treatment of the checklist is one to stop and report (a home roller),
            which has no day-by-day schedule.

    .. versionchanged:: 0.6.0 The checklist's treatments add their late check-in days.
    """
    if checklist.treatment_date is None:
        raise ScheduleError("the checklist has no treatment date; build it with treatment_date")
    if checklist.treatments and all(
        t.role is TreatmentRole.STOP_AND_REPORT for t in checklist.treatments
    ):
        names = ", ".join(t.id for t in checklist.treatments)
        raise ScheduleError(
            f"{names}: nothing to schedule; a treatment to stop and report gives a sheet"
            " (what to stop, what to watch for, how to report harm), not day-by-day messages"
        )
    zone = _zone(tz)
    patient_ref = _patient_ref(patient)
    if not isinstance(send_time, datetime.time):
        raise ScheduleError(f"send_time must be a datetime.time, got {type(send_time).__name__}")
    if send_time.tzinfo is not None:
        raise ScheduleError(
            "send_time is a clock time in the clinic's time zone: give it without a UTC offset"
        )
    if send_time.microsecond:
        raise ScheduleError("send_time must be whole seconds (calendar files keep no fractions)")
    if catalog is None:
        from .loading import load

        catalog = load(locale=checklist.locale)
    if catalog.content_digest != checklist.content_digest:
        raise ScheduleError(
            "the checklist was built from other content than the catalog"
            f" ({checklist.content_digest[:12]} vs {catalog.content_digest[:12]}): pass the"
            " catalog the checklist was built from, with its packs, as catalog="
        )
    items = [item for section in checklist.sections for item in section.items]
    # Steps for a breakout only matter if one appears: they are not scheduled.
    items = [i for i in items if i.step.scope is not StepScope.BREAKOUT]
    starts: dict[int, list[AftercareStep]] = {}
    ends: dict[int, list[AftercareStep]] = {}
    for item in items:
        starts.setdefault(item.first_day, []).append(item.step)
        if item.last_day is not None:
            ends.setdefault(item.last_day + 1, []).append(item.step)
    late = {point.day: point.asks for point in checklist.late_touchpoints}
    if days is None:
        chosen = sorted(set(starts) | set(ends) | set(late))
    else:
        given = list(days)
        for day in given:
            if isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= _MAX_DAY:
                raise ScheduleError(
                    f"a touchpoint day must be an integer from 1 to {_MAX_DAY}, got {day!r}"
                )
        chosen = sorted(set(given))
        if not chosen:
            raise ScheduleError("days is empty: give at least one day, or leave it out")
    signs = [sign for group in checklist.warnings for sign in group.signs]
    touchpoints = []
    for index, day in enumerate(chosen):
        until = chosen[index + 1] if index + 1 < len(chosen) else None
        date = checklist.treatment_date + datetime.timedelta(days=day - 1)
        asks = tuple(s for s in signs if s.id in late.get(day, ()))
        watch = tuple(s for s in signs if s in asks or _may_start(catalog, s, day, until))
        touchpoints.append(
            Touchpoint(
                day=day,
                date=date,
                send_at=datetime.datetime.combine(date, send_time, tzinfo=zone),
                starts=tuple(starts.get(day, ())),
                ends=tuple(ends.get(day, ())),
                watch=watch,
                asks=asks,
            )
        )
    return Schedule(
        treatment_date=checklist.treatment_date,
        tz=tz,
        touchpoints=tuple(touchpoints),
        clinic=checklist.clinic,
        locale=checklist.locale,
        content_version=checklist.content_version,
        content_digest=checklist.content_digest,
        patient_ref=patient_ref,
        approval=checklist.approval,
    )


def _may_start(catalog: Catalog, sign: WarningSign, day: int, until: int | None) -> bool:
    """Whether a cause the sign points to can start between *day* and *until* (exclusive).

    A sign that can only apply from a later day (``asked_from_day``, such as redness still
    there after 2 weeks) is not watched for before it.
    """
    start = (day - 1) * _HOURS
    end = None if until is None else (until - 1) * _HOURS
    if until is not None and sign.asked_from_day > until - 2:
        return False  # days_since_treatment runs from day - 1 to until - 2 in this window
    for cause_id in sign.points_to:
        if cause_id not in catalog:
            continue
        onset = catalog.cause(cause_id).onset
        if onset is None:
            return True
        if (end is None or onset.start_hours < end) and (
            onset.end_hours is None or onset.end_hours > start
        ):
            return True
    return False


def uid(schedule: Schedule, touchpoint: Touchpoint, channel: str = "calendar") -> str:
    """Return the UID of *touchpoint* on *channel*: patient, treatment date and day.

    The UID is the same for the same patient, treatment date, day and channel, whatever the
    content version: re-sending after an upgrade updates the events (their ``SEQUENCE``
    rises with the content version) instead of adding copies. Two patients never share one.

    Raises:
        ScheduleError: If *channel* is not one of :data:`CHANNELS`.
    """
    if channel not in CHANNELS:
        raise ScheduleError(f"unknown channel {channel!r}: use one of {', '.join(CHANNELS)}")
    return (
        f"{schedule.patient_ref}-{schedule.treatment_date.isoformat()}"
        f"-day{touchpoint.day}-{channel}@microneedle-care"
    )


def idempotency_key(schedule: Schedule, touchpoint: Touchpoint, channel: str) -> str:
    """Return a key a sender stores to send *touchpoint* on *channel* at most once.

    It is a hex digest of :func:`uid`: 64 characters of ``0-9a-f``, safe as a database key
    or an HTTP ``Idempotency-Key`` header, and stable across content upgrades.

    Raises:
        ScheduleError: If *channel* is not one of :data:`CHANNELS`.
    """
    return hashlib.sha256(uid(schedule, touchpoint, channel).encode("ascii")).hexdigest()


def sequence(schedule: Schedule) -> int:
    """Return the iCalendar ``SEQUENCE`` of *schedule*'s events: it rises with the content.

    Content ``X.Y.Z`` gives ``X * 1_000_000 + Y * 1_000 + Z``, so every later content release
    updates the events a patient already has.
    """
    parts = [int(p) if p.isdigit() else 0 for p in schedule.content_version.split(".")[:3]]
    major, minor, patch = [*parts, 0, 0, 0][:3]
    return major * 1_000_000 + min(minor, 999) * 1_000 + min(patch, 999)


#: Old names of the renderers, now in :mod:`microneedle_care.rendering`; they go in 0.7.0.
__getattr__ = _deprecation.moved(
    __name__,
    {
        "render_sms": ("microneedle_care.rendering.messages", "render_sms"),
        "render_email": ("microneedle_care.rendering.messages", "render_email"),
        "to_ical": ("microneedle_care.rendering.ical", "render_ical"),
        "to_json": ("microneedle_care.rendering.ical", "render_schedule_json"),
    },
)

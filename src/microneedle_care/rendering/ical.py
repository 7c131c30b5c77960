"""A schedule as an iCalendar file and as JSON (pure).

:func:`render_ical` writes one event and alarm per touchpoint (RFC 5545);
:func:`render_schedule_json` writes each touchpoint's ids, send time, SMS and email.

.. versionadded:: 0.6.0 Moved here from :mod:`microneedle_care.schedule` (``to_ical`` and
   ``to_json`` there).
"""

from __future__ import annotations

import datetime
import functools
import json
from typing import TYPE_CHECKING

from ..errors import ScheduleError
from ..schedule import CHANNELS, idempotency_key, sequence, uid
from .messages import render_email, render_sms

if TYPE_CHECKING:
    from ..schedule import Schedule

__all__ = ["render_ical", "render_schedule_json"]


def render_ical(schedule: Schedule) -> bytes:
    """Return *schedule* as an iCalendar file (RFC 5545), one event and alarm per touchpoint.

    Uses the ``icalendar`` library, a dependency of the package.
    The output is byte-identical for the same input: ``DTSTAMP`` is the treatment date at
    00:00 UTC, never the current time.

    Raises:
        ScheduleError: If ``icalendar`` is not installed, or the schedule has no touchpoints
            (RFC 5545 does not allow an empty calendar).

    .. versionadded:: 0.6.0 Moved here from ``schedule.to_ical``.
    """
    try:
        import icalendar
    except ImportError:
        raise ScheduleError("calendar files need icalendar: pip install icalendar") from None
    if not schedule.touchpoints:
        # RFC 5545 needs at least one component in a calendar.
        raise ScheduleError(
            "the schedule has no touchpoints: there is nothing to put in a calendar"
        )
    cal = icalendar.Calendar()
    cal.add("prodid", "-//microneedle-care//aftercare schedule//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    stamp = datetime.datetime.combine(
        schedule.treatment_date, datetime.time(0, 0), tzinfo=datetime.timezone.utc
    )
    for touchpoint in schedule.touchpoints:
        email = render_email(schedule, touchpoint)
        event = icalendar.Event()
        event.add("uid", uid(schedule, touchpoint))
        event.add("sequence", sequence(schedule))
        # For the clinic's records, not the patient's eyes: the text no longer ends with
        # an internal "3.0.0 (digest)" line (attack report).
        event.add(
            "x-microneedle-care-content", f"{schedule.content_version} {schedule.content_digest}"
        )
        event.add("dtstamp", stamp)
        event.add("dtstart", touchpoint.send_at)
        event.add("duration", datetime.timedelta(minutes=15))
        event.add("summary", email.subject)
        event.add("description", email.text)
        if schedule.clinic is not None and schedule.clinic.email:
            organizer = icalendar.vCalAddress(f"mailto:{schedule.clinic.email}")
            organizer.params["cn"] = icalendar.vText(schedule.clinic.name)
            event.add("organizer", organizer)
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", email.subject)
        alarm.add("trigger", datetime.timedelta(0))
        event.add_component(alarm)
        cal.add_component(event)
    data = bytes(cal.to_ical())
    # The VTIMEZONE is the same for every patient of a clinic and costs more to build than
    # the events: build it once per zone and put it before the first event, where
    # Calendar.add_missing_timezones() would put it.
    at = data.index(b"BEGIN:VEVENT\r\n")
    return data[:at] + _vtimezone(schedule.tz) + data[at:]


@functools.lru_cache(maxsize=64)
def _vtimezone(tz: str) -> bytes:
    """Return the zone's rules for every date this package accepts, and ten years more.

    icalendar's default covers 1970 to 2038 only, so a client that follows the embedded
    rules put a 2045 event an hour off (attack report L2). The range is the same for every
    file, because some parsers (vobject) keep the first VTIMEZONE they see for a TZID. Each
    change of offset is its own STANDARD or DAYLIGHT part: dateutil, so vobject, ignores
    ``RDATE``. About 60 kB for a zone with daylight saving time; built once per zone.
    """
    import icalendar

    from ..model import MAX_YEAR, MIN_YEAR

    zone = icalendar.Timezone.from_tzid(
        tz,
        first_date=datetime.date(MIN_YEAR, 1, 1),
        last_date=datetime.date(MAX_YEAR + 11, 1, 1),
    )
    out = icalendar.Timezone()
    for key, value in zone.items():
        out.add(key, value)
    for part in zone.subcomponents:
        starts = [part.decoded("dtstart")]
        rdates = part.get("rdate")
        for group in [] if rdates is None else rdates if isinstance(rdates, list) else [rdates]:
            starts.extend(value.dt for value in group.dts)
        for start in starts:
            piece = type(part)()
            piece.add("dtstart", start)
            for key, value in part.items():
                if key not in ("DTSTART", "RDATE"):
                    piece.add(key, value)
            out.add_component(piece)
    return bytes(out.to_ical())


def render_schedule_json(schedule: Schedule) -> str:
    """Return *schedule* as JSON: each touchpoint's UID, keys, day, send time, SMS and email.

    The same schedule always gives the same text.

    .. versionadded:: 0.6.0 Moved here from ``schedule.to_json``.
    """
    rows = []
    for touchpoint in schedule.touchpoints:
        email = render_email(schedule, touchpoint)
        rows.append(
            {
                "uid": uid(schedule, touchpoint),
                "content": {
                    "version": schedule.content_version,
                    "digest": schedule.content_digest,
                },
                "idempotency_keys": {
                    channel: idempotency_key(schedule, touchpoint, channel) for channel in CHANNELS
                },
                "day": touchpoint.day,
                "send_at": touchpoint.send_at.isoformat(),
                "sms": render_sms(schedule, touchpoint),
                "email": {"subject": email.subject, "text": email.text, "html": email.html},
            }
        )
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"

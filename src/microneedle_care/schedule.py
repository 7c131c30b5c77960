"""A schedule of aftercare touchpoints built from a dated checklist (pure).

Touchpoints fall on the days where a step starts, or the day after one ends ("you can go
back to the gym"): they come from the content's own time windows. Each one has a local
send time in the clinic's time zone and renders to an SMS text, an email and an
iCalendar event (see :func:`to_ical`, which needs the ``calendar`` extra).

>>> import datetime
>>> import microneedle_care as mc
>>> checklist = mc.build_checklist(treatment_date=datetime.date(2026, 11, 25))
>>> schedule = build_schedule(checklist, tz="America/Toronto")
>>> [(t.day, t.send_at.isoformat()) for t in schedule.touchpoints][:2]
[(1, '2026-11-25T18:00:00-05:00'), (2, '2026-11-26T18:00:00-05:00')]
>>> len(render_sms(schedule, schedule.touchpoints[0])) <= SMS_LIMIT
True
"""

from __future__ import annotations

import datetime
import functools
import html
import json
import zoneinfo
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from .errors import ScheduleError
from .model import AftercareStep, StepScope, WarningSign

if TYPE_CHECKING:
    from .catalog import Catalog
    from .checklist import Checklist, ClinicContact
    from .model import Approval

__all__ = [
    "SMS_LIMIT",
    "Email",
    "Schedule",
    "Touchpoint",
    "build_schedule",
    "render_email",
    "render_sms",
    "to_ical",
    "to_json",
    "uid",
]

#: The most characters one SMS text may have (two concatenated GSM segments hold 306).
SMS_LIMIT = 320
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
    """

    day: int
    date: datetime.date
    send_at: datetime.datetime
    starts: tuple[AftercareStep, ...]
    ends: tuple[AftercareStep, ...]
    watch: tuple[WarningSign, ...]


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


def _zone(tz: str) -> zoneinfo.ZoneInfo:
    try:
        return zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(
            f"unknown time zone {tz!r}: use an IANA name such as 'America/Toronto'"
        ) from None


def build_schedule(
    checklist: Checklist,
    *,
    tz: str = "UTC",
    send_time: datetime.time = datetime.time(18, 0),
    days: Iterable[int] | None = None,
    catalog: Catalog | None = None,
) -> Schedule:
    """Build the touchpoints for a dated checklist.

    Args:
        checklist: A checklist built with a ``treatment_date``.
        tz: The clinic's IANA time zone; send times are local times there.
        send_time: The local time of day to send each touchpoint (default 18:00).
        days: The days to send on (day 1 is the treatment day). By default, every day
            a step starts or the day after one ends.
        catalog: The content, to pick the warning signs for each window from the causes'
            onsets; by default the packaged content in the checklist's locale.

    Returns:
        The schedule, as data.

    Raises:
        ScheduleError: If the checklist has no treatment date, the time zone is unknown,
            or a day is not 1 or more.
    """
    if checklist.treatment_date is None:
        raise ScheduleError("the checklist has no treatment date; build it with treatment_date")
    zone = _zone(tz)
    if catalog is None:
        from .loading import load

        catalog = load(locale=checklist.locale)
    items = [item for section in checklist.sections for item in section.items]
    # Steps for a breakout only matter if one appears: they are not scheduled.
    items = [i for i in items if i.step.scope is not StepScope.BREAKOUT]
    starts: dict[int, list[AftercareStep]] = {}
    ends: dict[int, list[AftercareStep]] = {}
    for item in items:
        starts.setdefault(item.first_day, []).append(item.step)
        if item.last_day is not None:
            ends.setdefault(item.last_day + 1, []).append(item.step)
    if days is None:
        chosen = sorted(set(starts) | set(ends))
    else:
        chosen = sorted(set(days))
        for day in chosen:
            if isinstance(day, bool) or not isinstance(day, int) or day < 1:
                raise ScheduleError(f"a touchpoint day must be an integer, 1 or more, got {day!r}")
    signs = [sign for group in checklist.warnings for sign in group.signs]
    touchpoints = []
    for index, day in enumerate(chosen):
        until = chosen[index + 1] if index + 1 < len(chosen) else None
        date = checklist.treatment_date + datetime.timedelta(days=day - 1)
        touchpoints.append(
            Touchpoint(
                day=day,
                date=date,
                send_at=datetime.datetime.combine(date, send_time, tzinfo=zone),
                starts=tuple(starts.get(day, ())),
                ends=tuple(ends.get(day, ())),
                watch=tuple(s for s in signs if _may_start(catalog, s, day, until)),
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
        approval=checklist.approval,
    )


def _may_start(catalog: Catalog, sign: WarningSign, day: int, until: int | None) -> bool:
    """Whether a cause the sign points to can start between *day* and *until* (exclusive)."""
    start = (day - 1) * _HOURS
    end = None if until is None else (until - 1) * _HOURS
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


_TEXT = {
    "en": {
        "day": "Day {day} after your treatment",
        "start": "Start today",
        "end": "No longer needed",
        "watch": "Call {phone} if you notice",
        "watch_no_phone": "Call your clinic if you notice",
        "sms_call": "Worried about your skin? Call {phone}.",
        "emergency": "Trouble breathing or swelling of the face: call 911.",
        "subject": "{name}: your aftercare, day {day}",
        "subject_no_clinic": "Your aftercare, day {day}",
        "colon": ":",
    },
    "fr": {
        "day": "Jour {day} après votre traitement",
        "start": "À commencer aujourd'hui",
        "end": "Ne s'applique plus",
        "watch": "Appelez le {phone} si vous remarquez",
        "watch_no_phone": "Appelez votre clinique si vous remarquez",
        "sms_call": "Votre peau vous inquiète? Appelez le {phone}.",
        "emergency": "Mal à respirer ou visage qui enfle\u00a0: faites le 911.",
        "subject": "{name}\u00a0: vos soins, jour {day}",
        "subject_no_clinic": "Vos soins, jour {day}",
        "colon": "\u00a0:",  # French puts a no-break space before a colon
    },
}


def _labels(locale: str) -> dict[str, str]:
    return _TEXT["fr" if locale.startswith("fr") else "en"]


def _approval_line(schedule: Schedule, clinic: ClinicContact | None) -> str:
    """Who at the clinic approved these messages and when, or that no clinician has."""
    from .rendering._labels import labels_for_locale

    labels = labels_for_locale(schedule.locale)
    return labels.approval_line(schedule.approval, clinic, what="messages")


def _first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + "." if dot else text


def render_sms(schedule: Schedule, touchpoint: Touchpoint) -> str:
    """Render *touchpoint* as one SMS text of at most :data:`SMS_LIMIT` characters.

    It names the day, the steps that start and end, and the clinic's phone, and says who
    at the clinic approved the messages and when (or that no clinician there has yet);
    whatever does not fit is left for the email. The fixed wording uses only the GSM
    7-bit alphabet in English (accents aside, in French too), so a text stays one
    encoding.
    """
    labels = _labels(schedule.locale)
    clinic = schedule.clinic
    colon = labels["colon"]
    head = (f"{clinic.name}{colon} " if clinic else "") + labels["day"].format(day=touchpoint.day)
    head += "."
    tails = []
    if any(w.urgency.value == "emergency" for w in touchpoint.watch):
        tails.append(labels["emergency"])
    if clinic is not None:
        tails.append(labels["sms_call"].format(phone=clinic.phone))
    notice = _approval_line(schedule, schedule.clinic)
    if clinic is not None and len(head) + len(" ".join([*tails, notice])) + 2 > SMS_LIMIT:
        notice = _approval_line(schedule, None)  # "your clinic": the head names it
    tails.append(notice)
    tail = " ".join(tails)
    parts = [head]
    budget = SMS_LIMIT - len(head) - len(tail) - 2
    for label, steps in ((labels["start"], touchpoint.starts), (labels["end"], touchpoint.ends)):
        for step in steps:
            line = f" {label}{colon} {_first_sentence(step.action)}"
            if len(line) <= budget:
                parts.append(line)
                budget -= len(line)
    if tail:
        parts.append(" " + tail)
    text = "".join(parts)
    if len(text) > SMS_LIMIT and clinic is not None:
        # A very long clinic name: keep the day, the steps and the number, drop the name.
        text = text[len(f"{clinic.name}{colon} ") :]
    return text[:SMS_LIMIT]


def render_email(schedule: Schedule, touchpoint: Touchpoint) -> Email:
    """Render *touchpoint* as an email: subject, plain text and HTML."""
    labels = _labels(schedule.locale)
    clinic = schedule.clinic
    subject = (
        labels["subject"].format(name=clinic.name, day=touchpoint.day)
        if clinic
        else labels["subject_no_clinic"].format(day=touchpoint.day)
    )
    watch_label = labels["watch"].format(phone=clinic.phone) if clinic else labels["watch_no_phone"]
    blocks: list[tuple[str, list[str]]] = [
        (labels["start"], [s.action for s in touchpoint.starts]),
        (labels["end"], [s.action for s in touchpoint.ends]),
        (watch_label, [f"{w.sign} {w.action}" for w in touchpoint.watch]),
    ]
    title = labels["day"].format(day=touchpoint.day) + f" ({touchpoint.date.isoformat()})"
    text_lines = [title, ""]
    html_parts = [f"<h1>{html.escape(title)}</h1>"]
    for heading, lines in blocks:
        if not lines:
            continue
        text_lines.append(f"{heading}{labels['colon']}")
        text_lines.extend(f"- {line}" for line in lines)
        text_lines.append("")
        html_parts.append(f"<h2>{html.escape(heading)}</h2>")
        html_parts.append(
            "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul>"
        )
    if clinic is not None:
        contact = f"{clinic.name}{labels['colon']} {clinic.phone}"
        text_lines.extend([contact, ""])
        html_parts.append(f"<p>{html.escape(contact)}</p>")
    notice = _approval_line(schedule, clinic)
    text_lines.extend([notice, ""])
    html_parts.append(f"<p>{html.escape(notice)}</p>")
    footer = f"{schedule.content_version} ({schedule.content_digest[:12]})"
    text_lines.append(footer)
    html_parts.append(f"<p><small>{html.escape(footer)}</small></p>")
    return Email(
        subject=subject, text="\n".join(text_lines) + "\n", html="\n".join(html_parts) + "\n"
    )


def uid(schedule: Schedule, touchpoint: Touchpoint) -> str:
    """Return the stable UID of *touchpoint*: content digest, treatment date and day.

    Re-sending the same schedule updates the events instead of adding copies.
    """
    return (
        f"{schedule.content_digest[:16]}-{schedule.treatment_date.isoformat()}"
        f"-day{touchpoint.day}@microneedle-care"
    )


def to_ical(schedule: Schedule) -> bytes:
    """Return *schedule* as an iCalendar file (RFC 5545), one event and alarm per touchpoint.

    Uses the ``icalendar`` library, a dependency of the package.
    The output is byte-identical for the same input: ``DTSTAMP`` is the treatment date at
    00:00 UTC, never the current time.

    Raises:
        ScheduleError: If ``icalendar`` is not installed.
    """
    try:
        import icalendar
    except ImportError:
        raise ScheduleError("calendar files need icalendar: pip install icalendar") from None
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
    if not schedule.touchpoints:
        return data
    # The VTIMEZONE is the same for every patient of a clinic and costs more to build than
    # the events: build it once per zone and put it before the first event, where
    # Calendar.add_missing_timezones() would put it.
    at = data.index(b"BEGIN:VEVENT\r\n")
    return data[:at] + _vtimezone(schedule.tz) + data[at:]


@functools.lru_cache(maxsize=64)
def _vtimezone(tz: str) -> bytes:
    import icalendar

    return bytes(icalendar.Timezone.from_tzid(tz).to_ical())


def to_json(schedule: Schedule) -> str:
    """Return *schedule* as JSON: each touchpoint's UID, day, send time, SMS and email.

    The same schedule always gives the same text.
    """
    rows = []
    for touchpoint in schedule.touchpoints:
        email = render_email(schedule, touchpoint)
        rows.append(
            {
                "uid": uid(schedule, touchpoint),
                "day": touchpoint.day,
                "send_at": touchpoint.send_at.isoformat(),
                "sms": render_sms(schedule, touchpoint),
                "email": {"subject": email.subject, "text": email.text, "html": email.html},
            }
        )
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"

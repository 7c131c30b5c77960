"""A schedule of aftercare touchpoints built from a dated checklist (pure).

Touchpoints fall on the days where a step starts, or the day after one ends ("you can go
back to the gym"): they come from the content's own time windows. Each one has a local
send time in the clinic's time zone and renders to an SMS text, an email and an
iCalendar event (see :func:`to_ical`, which needs the ``calendar`` extra).

>>> import datetime
>>> import microneedle_care as mc
>>> checklist = mc.build_checklist(treatment_date=datetime.date(2026, 11, 25))
>>> schedule = build_schedule(checklist, tz="America/Toronto", patient="c0ffee-42")
>>> [(t.day, t.send_at.isoformat()) for t in schedule.touchpoints][:2]
[(1, '2026-11-25T18:00:00-05:00'), (2, '2026-11-26T18:00:00-05:00')]
>>> len(render_sms(schedule, schedule.touchpoints[0])) <= SMS_LIMIT
True
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import html
import json
import zoneinfo
from collections.abc import Iterable
from typing import TYPE_CHECKING

import attrs

from .errors import ScheduleError
from .model import AftercareStep, StepScope, Urgency, WarningSign

if TYPE_CHECKING:
    from .catalog import Catalog
    from .checklist import Checklist, ClinicContact
    from .model import Approval
    from .regions import WhoToCall

__all__ = [
    "CHANNELS",
    "SMS_LIMIT",
    "Email",
    "Schedule",
    "Touchpoint",
    "build_schedule",
    "idempotency_key",
    "render_email",
    "render_sms",
    "sequence",
    "to_ical",
    "to_json",
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


@functools.lru_cache(maxsize=1)
def _iana_names() -> frozenset[str]:
    # Not zone names: the host's own zone, a tzdata build artefact and a placeholder.
    return frozenset(zoneinfo.available_timezones()) - {"localtime", "posixrules", "Factory"}


def _zone(tz: object) -> zoneinfo.ZoneInfo:
    """Return the zone named *tz*, an IANA name such as ``America/Toronto``.

    Only names in the time-zone database count: not ``localtime`` (the host's own zone, so
    output would depend on the machine), ``posixrules``, ``Factory``, ``posix/…`` or
    ``right/…`` copies, a folder such as ``America``, or a file path (attack M11, L3).
    """
    if not isinstance(tz, str):
        raise ScheduleError(f"the time zone must be a string, got {type(tz).__name__}")
    if tz not in _iana_names():
        shown = tz if len(tz) <= 64 else tz[:64] + "…"
        raise ScheduleError(
            f"unknown time zone {shown!r}: use an IANA name such as 'America/Toronto'"
        )
    try:
        return zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise ScheduleError(f"cannot read the time zone {tz!r}") from None


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
            a step starts or the day after one ends.
        catalog: The content the checklist was built from (with its packs), to pick the
            warning signs for each window from the causes' onsets; by default the packaged
            content in the checklist's locale, which must then be what the checklist came from.

    Returns:
        The schedule, as data.

    Raises:
        ScheduleError: If the checklist has no treatment date, the time zone is not an IANA
            name, the patient key is empty, too long or not printable, *send_time* has a UTC
            offset or a fraction of a second, *days* is empty or has a day outside 1 to 3,660,
            or *catalog* is not the content the checklist was built from (its digest differs).
    """
    if checklist.treatment_date is None:
        raise ScheduleError("the checklist has no treatment date; build it with treatment_date")
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
    if days is None:
        chosen = sorted(set(starts) | set(ends))
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


_TEXT = {
    "en": {
        "day": "Day {day} of your aftercare",
        "day_one": "Treatment day",
        "start": "Start today",
        "end": "You no longer need to follow",
        "watch": "Call {phone} if you notice",
        "watch_911": "Get emergency help now if you notice",
        "watch_no_phone": "Call your clinic if you notice",
        "sms_call": "Worried about your skin? Call {phone}.",
        "subject": "{name}: your aftercare, day {day}",
        "subject_no_clinic": "Your aftercare, day {day}",
        "colon": ":",
    },
    "fr": {
        "day": "Jour {day} de vos soins",
        "day_one": "Jour du traitement",
        "start": "À commencer aujourd'hui",
        "end": "Vous n'avez plus à suivre",
        "watch": "Appelez le {phone} si vous remarquez",
        "watch_911": "Obtenez de l'aide d'urgence tout de suite si vous remarquez",
        "watch_no_phone": "Appelez votre clinique si vous remarquez",
        "sms_call": "Votre peau vous inquiète? Appelez le {phone}.",
        "subject": "{name}\u00a0: vos soins, jour {day}",
        "subject_no_clinic": "Vos soins, jour {day}",
        "colon": "\u00a0:",  # French puts a no-break space before a colon
    },
}


def _labels(locale: str) -> dict[str, str]:
    return _TEXT["fr" if locale.startswith("fr") else "en"]


def _who_to_call(schedule: Schedule) -> WhoToCall | None:
    """Return the regional "who to call" lines for the schedule's clinic, if it has a region."""
    if schedule.clinic is None or schedule.clinic.region is None:
        return None
    from .regions import who_to_call

    return who_to_call(schedule.clinic.region, schedule.locale)


def _approval_line(schedule: Schedule, clinic: ClinicContact | None) -> str:
    """Who at the clinic approved these messages and when, or that no clinician has."""
    from .rendering._labels import labels_for_locale

    labels = labels_for_locale(schedule.locale)
    return labels.approval_line(schedule.approval, clinic, what="messages")


def _first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + "." if dot else text


def _ends_first(step: AftercareStep) -> int:
    end = step.window.end_hours
    return end if end is not None else _MAX_DAY * _HOURS + 1


def _day_label(labels: dict[str, str], day: int) -> str:
    """Day 1 is the treatment day: it was called "Day 1 after your treatment" (attack report)."""
    return labels["day_one"] if day == 1 else labels["day"].format(day=day)


def render_sms(schedule: Schedule, touchpoint: Touchpoint) -> str:
    """Render *touchpoint* as one SMS text of at most :data:`SMS_LIMIT` characters.

    A text says, in this order: the clinic and the day; the steps that start that day,
    the shortest-lived first (steps that end are in the email); the emergencies that can
    start before the next text, each as its warning sign's question and first action;
    the clinic's phone and the region's nurse line. The first text of the series also
    says who at the clinic approved the messages and when, or that no clinician there
    has yet (every email says it too). The steps get what room is left: from the first
    that does not fit on, the rest is left for the email. If even the rest is too long,
    the clinic's name goes first, then the nurse line; a text is never cut part-way
    through. The fixed English wording uses only the GSM 7-bit alphabet; French accents,
    and a clinic's name or the content's own words, may need UCS-2.
    :mod:`microneedle_care.messaging` counts segments and holds a clinic's policy.
    """
    labels = _labels(schedule.locale)
    clinic = schedule.clinic
    colon = labels["colon"]
    day = _day_label(labels, touchpoint.day) + "."
    name = f"{clinic.name}{colon} " if clinic else ""
    # The emergencies that can start in this window, each as its own question and first
    # action: day 1 asks about the allergy, days 2 to 7 about spreading sores. A fixed
    # allergy line was sent on days when only the sores could start (review R2-4).
    emergencies = [
        f"{sign.question or _first_sentence(sign.sign)} {_first_sentence(sign.action)}"
        for sign in touchpoint.watch
        if sign.urgency is Urgency.EMERGENCY
    ]
    call = [labels["sms_call"].format(phone=clinic.phone)] if clinic is not None else []
    where = _who_to_call(schedule)
    nurse = [where.sms] if where is not None and where.sms else []
    first = bool(schedule.touchpoints) and touchpoint == schedule.touchpoints[0]
    # "your clinic": the text already starts with the clinic's name (review R5-1).
    notice = [_approval_line(schedule, None)] if first else []
    # Each group's label once ("Start today: A. B."); the steps that start today, the
    # shortest-lived first: "do not wash for the first few hours" comes before rules that
    # last all recovery, which the sheet carries anyway (review F13). Steps that end are
    # left for the email: a rule's first sentence sent as "you no longer need to follow"
    # can lift it without its condition (review R4-4).
    starts = sorted(touchpoint.starts, key=_ends_first)
    lines = [
        (f" {labels['start']}{colon} " if index == 0 else " ") + _first_sentence(step.action)
        for index, step in enumerate(starts)
    ]
    lead = len(lines[0]) if lines else 0
    # What must be said, least needed first to go: the clinic's name, then the nurse line,
    # then the notice (every email carries it too). The day's first step is kept ahead of
    # all three (review R6-1); if even the emergencies and the phone leave no room for it,
    # the text goes without steps.
    candidates = [
        (name + day, [*emergencies, *call, *nurse, *notice]),
        (day, [*emergencies, *call, *nurse, *notice]),
        (day, [*emergencies, *call, *notice]),
        (day, [*emergencies, *call]),
    ]
    fits = [
        (h, t)
        for room in (lead, 0)
        for h, t in candidates
        if len(h) + room + len(" ".join(t)) + 1 <= SMS_LIMIT
    ]
    head, tails = fits[0] if fits else candidates[-1]
    tail = " ".join(tails)
    budget = SMS_LIMIT - len(head) - len(tail) - (1 if tail else 0)
    parts = [head]
    for index, line in enumerate(lines):
        if len(line) > budget:
            if index == 0:
                # The most time-bound step does not fit: send no step rather than a later
                # one without it ("wash gently" without "wait before washing", F13).
                break
            continue  # left for the email; a shorter later step may still fit (R5-2)
        parts.append(line)
        budget -= len(line)
    if tail:
        parts.append(" " + tail)
    return "".join(parts)


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
    emergency = [w for w in touchpoint.watch if w.urgency is Urgency.EMERGENCY]
    other = [w for w in touchpoint.watch if w.urgency is not Urgency.EMERGENCY]
    blocks: list[tuple[str, list[str]]] = [
        (labels["start"], [s.action for s in touchpoint.starts]),
        (labels["end"], [s.action for s in touchpoint.ends]),
        # 911 signs under their own heading, first: not under "call the clinic" (attack report).
        (labels["watch_911"], [f"{w.sign} {w.action}" for w in emergency]),
        (watch_label, [f"{w.sign} {w.action}" for w in other]),
    ]
    title = _day_label(labels, touchpoint.day) + f" ({touchpoint.date.isoformat()})"
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
        where = _who_to_call(schedule)
        if where is not None:
            regional = " ".join(where.lines)
            text_lines.extend([regional, ""])
            html_parts.append(f"<p>{html.escape(regional)}</p>")
    notice = _approval_line(schedule, clinic)
    text_lines.extend([notice, ""])
    html_parts.append(f"<p>{html.escape(notice)}</p>")
    return Email(
        subject=subject, text="\n".join(text_lines) + "\n", html="\n".join(html_parts) + "\n"
    )


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


def to_ical(schedule: Schedule) -> bytes:
    """Return *schedule* as an iCalendar file (RFC 5545), one event and alarm per touchpoint.

    Uses the ``icalendar`` library, a dependency of the package.
    The output is byte-identical for the same input: ``DTSTAMP`` is the treatment date at
    00:00 UTC, never the current time.

    Raises:
        ScheduleError: If ``icalendar`` is not installed, or the schedule has no touchpoints
            (RFC 5545 does not allow an empty calendar).
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

    from .model import MAX_YEAR, MIN_YEAR

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


def to_json(schedule: Schedule) -> str:
    """Return *schedule* as JSON: each touchpoint's UID, keys, day, send time, SMS and email.

    The same schedule always gives the same text.
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

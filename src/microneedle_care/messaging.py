"""Texts a clinic may send: a messaging policy, honest segment counts, replies (pure).

A :class:`MessagingPolicy` says what every text must hold and how often texts may go:
its length in characters and in SMS segments for each language, how many a day and a
week, the hours they may arrive in the *patient's* time zone, and whether each names
its sender and says how to opt out. :func:`plan_messages` builds a schedule's texts to a
policy and checks them against it; a schedule that cannot meet it raises
:exc:`~microneedle_care.errors.PolicyError` naming the rule, never a silent breach.
:func:`parse_reply` reads what a patient texts back. See the how-to "Sending the
texts" for the rules and their sources. This module is not legal advice.

>>> import datetime
>>> import microneedle_care as mc
>>> from microneedle_care import schedule as sched
>>> clinic = mc.ClinicContact(name="Lakeview Skin", phone="905-555-0134", region="CA-ON")
>>> checklist = mc.build_checklist(treatment_date=datetime.date(2026, 11, 25), clinic=clinic)
>>> plan = sched.build_schedule(checklist, tz="America/Toronto", patient="c0ffee-42")
>>> messages = plan_messages(plan, CA_CASL, patient_tz="America/Vancouver")
>>> messages[0].send_at.isoformat(), messages[0].encoding, messages[0].segments
('2026-11-25T15:00:00-08:00', 'GSM-7', 3)
>>> messages[0].text.endswith("Reply STOP to opt out.")
True
>>> segments("Hello").count, segments("ça va?").encoding
(1, 'UCS-2')
>>> parse_reply("please stop texting me", "en").kind is ReplyKind.OPT_OUT
True
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs

from . import _i18n
from ._replies import Reply, ReplyKind, parse_reply
from ._segments import Segments, segments
from .errors import PolicyError

if TYPE_CHECKING:
    from .checklist import ClinicContact
    from .schedule import Schedule

__all__ = [
    "CA_CASL",
    "POLICIES",
    "US_CONSENTED",
    "US_HEALTHCARE_EXEMPT",
    "EmailFooter",
    "Message",
    "MessagingPolicy",
    "Reply",
    "ReplyKind",
    "Segments",
    "check_messages",
    "email_footer",
    "parse_reply",
    "plan_messages",
    "policy",
    "segments",
]

# --- Policies ------------------------------------------------------------------------


def _budget(value: Mapping[str, int]) -> Mapping[str, int]:
    if not isinstance(value, Mapping):
        raise PolicyError("max_segments", "max_segments must map a language to a count")
    out: dict[str, int] = {}
    known = _i18n.languages()
    for lang, count in value.items():
        if lang not in known:
            raise PolicyError(
                "max_segments", f"unknown language {lang!r}: use one of {', '.join(known)}"
            )
        if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= 10:
            raise PolicyError(
                "max_segments", f"a segment budget must be 1 to 10, got {count!r} for {lang}"
            )
        out[lang] = count
    if "en" not in out:
        raise PolicyError("max_segments", "give a segment budget for 'en' at least")
    return MappingProxyType(out)


@attrs.frozen(kw_only=True)
class MessagingPolicy:
    """What every text must hold and how often texts may go.

    Change a named policy with :meth:`evolve`; the result is checked again, so a clinic
    can narrow it (a budget of fewer segments, a later first hour) but not widen it past
    the law it stands for (*earliest* and *latest*).

    Attributes:
        name: The policy's name, such as ``"us-healthcare-exempt"``.
        max_segments: The most SMS segments a text may take, per language (``"en"``,
            ``"fr"``, ``"es"``). English is required; a language not given gets English's.
        max_chars: The most characters a text may have, whatever its segments, or ``None``.
        per_day: The most texts on one day in the patient's zone, or ``None``.
        per_week: The most texts in any 7 days in a row in the patient's zone, or ``None``.
        send_from: The earliest local time a text may arrive (default 9:00).
        send_until: The latest local time a text may arrive (default 20:00).
        earliest: The earliest *send_from* the law allows (8:00 under the FCC's rules).
        latest: The latest *send_until* the law allows (21:00 under the FCC's rules).
        needs_sender: Every text names the clinic and its phone.
        needs_opt_out: Every text says how to opt out, in the patient's language.
        minimal_info: Texts name no procedure and no symptom: only the day, the visit
            date, the clinic's link to the full sheet and the emergency line.
        source: Where the rules come from, in a few words (see the how-to for addresses).

    .. versionadded:: 0.6.0
    """

    name: str
    max_segments: Mapping[str, int] = attrs.field(converter=_budget, hash=False)
    max_chars: int | None = None
    per_day: int | None = 1
    per_week: int | None = None
    send_from: datetime.time = datetime.time(9, 0)
    send_until: datetime.time = datetime.time(20, 0)
    earliest: datetime.time = datetime.time(8, 0)
    latest: datetime.time = datetime.time(21, 0)
    needs_sender: bool = True
    needs_opt_out: bool = True
    minimal_info: bool = False
    source: str = ""

    def __attrs_post_init__(self) -> None:
        for what, count in (
            ("max_chars", self.max_chars),
            ("per_day", self.per_day),
            ("per_week", self.per_week),
        ):
            if count is not None and (
                isinstance(count, bool) or not isinstance(count, int) or count < 1
            ):
                raise PolicyError(what, f"{what} must be a whole number of 1 or more, or None")
        if self.max_chars is not None and self.max_chars < 60:
            raise PolicyError("max_chars", "max_chars below 60 leaves no room for the sender")
        for what, value in (("send_from", self.send_from), ("send_until", self.send_until)):
            if not isinstance(value, datetime.time) or value.tzinfo is not None:
                raise PolicyError("send_window", f"{what} must be a local time with no offset")
        if not self.earliest <= self.send_from < self.send_until <= self.latest:
            raise PolicyError(
                "send_window",
                f"texts may arrive from {self.earliest:%H:%M} to {self.latest:%H:%M} under"
                f" {self.name}: {self.send_from:%H:%M} to {self.send_until:%H:%M} is not within",
            )

    def evolve(self, **changes: Any) -> MessagingPolicy:
        """Return a copy with *changes*, checked like a new policy.

        Raises:
            PolicyError: If a change breaks a rule (the error names it), or names a field
                the law fixes (*earliest*, *latest*) or one that does not exist.
        """
        fixed = {"earliest", "latest", "needs_sender", "needs_opt_out"} & set(changes)
        if fixed:
            raise PolicyError(sorted(fixed)[0], f"{', '.join(sorted(fixed))} is set by the law")
        unknown = set(changes) - {a.name for a in attrs.fields(MessagingPolicy)}
        if unknown:
            raise PolicyError("policy", f"no such policy field: {', '.join(sorted(unknown))}")
        new = attrs.evolve(self, **changes)
        limit = self.max_chars
        if limit is not None and (new.max_chars is None or new.max_chars > limit):
            raise PolicyError("max_chars", f"{self.name} allows at most {limit} characters")
        for what in ("per_day", "per_week"):
            old, value = getattr(self, what), getattr(new, what)
            if old is not None and (value is None or value > old):
                raise PolicyError(what, f"{self.name} allows at most {old} ({what})")
        return new

    def budget(self, locale: str) -> int:
        """Return the most segments a text in *locale* may take."""
        return _i18n.by_language(self.max_segments, locale)


_FCC = "FCC rules on calls and texts (47 CFR 64.1200), health care exemption"
#: The FCC's health care exemption. No prior consent, but at most 160 characters, one
#: text a day and three a week, each naming the provider and how to opt out. 160
#: characters is one GSM-7 segment, or three UCS-2 segments (a French text, or an
#: English one whose clinic name has a character outside GSM-7, such as ô or an emoji).
US_HEALTHCARE_EXEMPT = MessagingPolicy(
    name="us-healthcare-exempt",
    max_segments={"en": 3, "fr": 3, "es": 3},
    max_chars=160,
    per_day=1,
    per_week=3,
    source=_FCC,
)
#: Texts the patient agreed to in writing. The FCC's hours, opt-out and sender, with
#: budgets of three GSM-7 (English) or seven UCS-2 (French) segments, one text a day.
US_CONSENTED = MessagingPolicy(
    name="us-consented",
    max_segments={"en": 3, "fr": 7, "es": 7},
    per_day=1,
    source="FCC rules on calls and texts (47 CFR 64.1200), with the patient's consent",
)
#: Canada's anti-spam law. Every message identifies its sender and offers an
#: unsubscribe; the same hours and budgets as :data:`US_CONSENTED`.
CA_CASL = MessagingPolicy(
    name="ca-casl",
    max_segments={"en": 3, "fr": 7, "es": 7},
    per_day=1,
    source="Canada's anti-spam legislation (S.C. 2010, c. 23), s. 6",
)
#: The named policies, by name.
POLICIES: Mapping[str, MessagingPolicy] = MappingProxyType(
    {p.name: p for p in (US_HEALTHCARE_EXEMPT, US_CONSENTED, CA_CASL)}
)


def policy(name: str) -> MessagingPolicy:
    """Return the named policy: ``us-healthcare-exempt``, ``us-consented`` or ``ca-casl``.

    Raises:
        PolicyError: If there is no policy of that name.
    """
    if not isinstance(name, str) or name not in POLICIES:
        shown = name if isinstance(name, str) and len(name) <= 40 else type(name).__name__
        raise PolicyError("policy", f"unknown policy {shown!r}: use one of {', '.join(POLICIES)}")
    return POLICIES[name]


# --- Messages ------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class Message:
    """One text to send, checked against its policy.

    Attributes:
        text: The text.
        send_at: When to send it, as an aware datetime in the patient's time zone.
        days: The schedule's days it carries, first the day it is sent for.
        segments: How many SMS segments it takes.
        encoding: ``"GSM-7"`` or ``"UCS-2"``.
        idempotency_key: The key to send it at most once: the SMS key of its first day
            (see :func:`~microneedle_care.schedule.idempotency_key`).
        policy: The name of the policy it was built to.
    """

    text: str
    send_at: datetime.datetime
    days: tuple[int, ...]
    segments: int
    encoding: str
    idempotency_key: str
    policy: str


def plan_messages(
    schedule: Schedule,
    policy: MessagingPolicy,
    *,
    patient_tz: str | None = None,
    link: str | None = None,
    first_name: str | None = None,
    minimal: bool | None = None,
) -> tuple[Message, ...]:
    """Build *schedule*'s texts to *policy*, and check them against it.

    Send times move into the policy's hours in the patient's zone, on the same local day
    (a text due at 23:00 there goes at *send_until*; one due at 6:00 goes at
    *send_from*). Touchpoints then merge until the day and week caps hold. Each text says,
    most needed first: the clinic (its sender), the emergency line, the clinic's phone
    and how to opt out in the patient's language (STOP, or ARRET in French); then the
    first text's note of who approved the messages, the link and the nurse line, each if
    it fits; then the steps, in order, until one does not fit; last, the patient's first
    name. The emergency signs' own words give way to the
    region's emergency line when they do not fit. What does not fit is left for the
    email, which carries everything.

    Args:
        schedule: The schedule from :func:`~microneedle_care.schedule.build_schedule`.
        policy: The policy, such as :data:`US_HEALTHCARE_EXEMPT` or ``policy("ca-casl")``.
        patient_tz: The patient's IANA time zone; by default the clinic's.
        link: An ``https://`` address of the full sheet, which the clinic supplies.
        first_name: The patient's first name, used only if it fits.
        minimal: Name no procedure and no symptom (only "your visit on <date>", the
            link and the emergency line); by default the policy's *minimal_info*.

    Raises:
        PolicyError: If the schedule cannot meet the policy; the error names the rule
            (such as ``needs_sender`` without a clinic, ``link`` in minimal mode without
            one, or ``max_chars`` when the clinic's name and phone leave no room).
        ScheduleError: If *patient_tz* is not an IANA time zone name.
    """
    from ._planning import Group, check_first_name, check_link, compose, merge, window_time
    from ._zones import zone as _zone
    from .rendering._labels import labels_for_locale
    from .rendering.messages import (
        asked_lines,
        day_label,
        emergency_lines,
        step_lines,
        who_to_call,
    )
    from .schedule import idempotency_key

    if not isinstance(policy, MessagingPolicy):
        kind = type(policy).__name__
        raise PolicyError("policy", f"policy must be a MessagingPolicy, got {kind}")
    zone = _zone(schedule.tz if patient_tz is None else patient_tz)
    link = check_link(link)
    first_name = check_first_name(first_name)
    minimal = policy.minimal_info if minimal is None else bool(minimal)
    said = _i18n.messages(schedule.locale)
    words = said.texts
    clinic = schedule.clinic
    if policy.needs_sender and clinic is None:
        raise PolicyError(
            "needs_sender",
            f"{policy.name} needs the sender in every text: build the checklist with a clinic",
        )
    if minimal and link is None:
        raise PolicyError(
            "minimal_info", "minimal texts point to the full sheet: give the clinic's link"
        )
    if not schedule.touchpoints:
        return ()
    groups = [
        Group((t,), window_time(t.send_at.astimezone(zone), zone, policy))
        for t in schedule.touchpoints
    ]
    groups = merge(groups, policy)
    where = who_to_call(schedule)
    emergency_line = where.emergency if where is not None else words["emergency"]
    colon = said.colon
    sender = f"{clinic.name}{colon}" if clinic is not None else ""
    call = (words["sms_call"].format(phone=clinic.phone),) if clinic is not None else ()
    call_short = (words["call_short"].format(phone=clinic.phone),) if clinic is not None else ()
    call_min = (words["call_min"].format(phone=clinic.phone),) if clinic is not None else ()
    stops = said.stops if policy.needs_opt_out else ("",)
    greeting = words["hi"].format(name=first_name) if first_name else ""
    labels = labels_for_locale(schedule.locale)
    messages = []
    for index, group in enumerate(groups):
        days = tuple(t.day for t in group.touchpoints)
        first = group.touchpoints[0]
        if len(days) == 1:
            day = day_label(words, days[0]) + "."
        else:
            two = len(days) == 2 and days[1] == days[0] + 1
            day = words["two_days" if two else "days"].format(first=days[0], last=days[-1])
        if minimal:
            day = ""  # "Day 2 of your aftercare" would say there was a procedure
            visit = words["visit"].format(
                date=labels.short_date(schedule.treatment_date), colon=colon, link=link
            )
            musts: tuple[tuple[str, ...], ...] = (
                (visit, emergency_line, *call_short),
                (visit, emergency_line, *call_min),
                (visit, words["emergency_short"], *call_min),
            )
            steps: tuple[str, ...] = ()
            extras: tuple[str, ...] = ()
            late: tuple[str, ...] = ()
        else:
            emergencies = tuple(emergency_lines(s for t in group.touchpoints for s in t.watch))
            # A late check-in day's own questions (a firm lump weeks after a serum) are
            # what its text is for: every form but the last carries them.
            asked = tuple(asked_lines(group.touchpoints))
            musts = (
                (*emergencies, *asked, *call),
                (*emergencies, *asked, *call_short),
                (emergency_line, *asked, *call_short) if emergencies else (*asked, *call_short),
                (emergency_line, *asked, *call_min) if emergencies else (*asked, *call_min),
                (words["emergency_short"], *call_min) if emergencies else call_min,
            )
            # Steps that end are left for the email (review R4-4).
            steps = tuple(step_lines(group.touchpoints, words, colon))
            notice = (
                # "your clinic": the text already starts with the clinic's name (R5-1).
                labels.approval_line(schedule.approval, None, what="messages") if index == 0 else ""
            )
            # The approval notice first (review R3-1), then the nurse line; the link gives
            # way to the day's steps (R6-2).
            extras = (notice, where.sms if where is not None and where.sms else "")
            late = (words["link"].format(colon=colon, link=link) if link else "",)
        # The notice is kept first but written after the nurse line, so that "Or call
        # 811" follows the clinic's phone (review R4-5).
        text = compose(
            policy, said.locale, sender, day, greeting, steps, musts, extras, late, stops, (1, 0)
        )
        if text is None:
            rule = "max_chars" if policy.max_chars is not None else "max_segments"
            limit = (
                f"{policy.max_chars} characters"
                if rule == "max_chars"
                else f"{policy.budget(schedule.locale)} segments"
            )
            raise PolicyError(
                rule,
                f"{policy.name}: day {days[0]}'s text cannot fit in {limit} even with only the"
                " sender, the emergency line, the phone and the opt-out: shorten the clinic's"
                " name, phone or link",
            )
        seg = segments(text)
        messages.append(
            Message(
                text=text,
                send_at=group.send_at,
                days=days,
                segments=seg.count,
                encoding=seg.encoding,
                idempotency_key=idempotency_key(schedule, first, "sms"),
                policy=policy.name,
            )
        )
    result = tuple(messages)
    check_messages(result, policy, locale=schedule.locale, clinic=clinic)
    return result


def check_messages(
    messages: tuple[Message, ...],
    policy: MessagingPolicy,
    *,
    locale: str,
    clinic: ClinicContact | None = None,
) -> None:
    """Check *messages* against *policy*; :func:`plan_messages` calls it on what it builds.

    Raises:
        PolicyError: At the first rule a text breaks, naming it.
    """
    stops = _i18n.messages(locale).stops
    for message in messages:
        where = f"{policy.name}: the text for day {message.days[0]}"
        if policy.max_chars is not None and len(message.text) > policy.max_chars:
            raise PolicyError("max_chars", f"{where} has more than {policy.max_chars} characters")
        seg = segments(message.text)
        if seg.count > policy.budget(locale) or seg.count != message.segments:
            raise PolicyError("max_segments", f"{where} takes {seg.count} segments")
        if policy.needs_opt_out and not any(stop in message.text for stop in stops):
            raise PolicyError("needs_opt_out", f"{where} does not say how to opt out")
        if policy.needs_sender and (
            clinic is None or clinic.name not in message.text or clinic.phone not in message.text
        ):
            raise PolicyError("needs_sender", f"{where} does not name the clinic and its phone")
        wall = message.send_at.timetz().replace(tzinfo=None)
        if not policy.send_from <= wall <= policy.send_until:
            raise PolicyError("send_window", f"{where} arrives at {wall:%H:%M}")
    dates = [m.send_at.date() for m in messages]
    for index, date in enumerate(dates):
        if policy.per_day is not None and dates.count(date) > policy.per_day:
            raise PolicyError("per_day", f"{policy.name}: more than {policy.per_day} on {date}")
        week = [d for d in dates[index:] if (d - date).days < 7]
        if policy.per_week is not None and len(week) > policy.per_week:
            raise PolicyError(
                "per_week", f"{policy.name}: more than {policy.per_week} in the week from {date}"
            )


# --- Email footer --------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class EmailFooter:
    """The lines every email ends with: the sender and how to unsubscribe.

    Attributes:
        text: The plain-text lines.
        html: The same as an HTML paragraph; every string is escaped.
    """

    text: str
    html: str


def email_footer(schedule: Schedule, policy: MessagingPolicy) -> EmailFooter:
    """Return the sender and unsubscribe lines to end each of *schedule*'s emails with.

    Raises:
        PolicyError: If *policy* needs the sender and the schedule has no clinic.
    """
    if policy.needs_sender and schedule.clinic is None:
        raise PolicyError(
            "needs_sender", f"{policy.name} needs the sender: build the checklist with a clinic"
        )
    words = _i18n.messages(schedule.locale).texts
    clinic = schedule.clinic
    name = clinic.name if clinic is not None else ""
    phone = f", {clinic.phone}" if clinic is not None else ""
    or_call = words["or_call"].format(phone=clinic.phone) if clinic is not None else ""
    lines = [words["unsubscribe"].format(or_call=or_call)]
    if clinic is not None:
        lines.insert(0, words["footer"].format(name=name, phone=phone))
    return EmailFooter(
        text="\n".join(lines) + "\n",
        html="<p><small>" + "<br>".join(html.escape(line) for line in lines) + "</small></p>\n",
    )

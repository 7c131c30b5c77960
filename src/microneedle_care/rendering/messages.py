"""A schedule's touchpoints as texts and emails (pure), and the text composer they share.

:func:`render_sms` writes a touchpoint's text with no messaging policy (at most
:data:`~microneedle_care.schedule.SMS_LIMIT` characters); :func:`render_email` writes
its email. :func:`microneedle_care.messaging.plan_messages` writes the texts under a
policy from the same words and the same line builders (``emergency_lines``,
``step_lines``, ``day_label``) and the same rule for which steps a text keeps
(``add_steps``).

>>> import datetime
>>> import microneedle_care as mc
>>> from microneedle_care.schedule import SMS_LIMIT, build_schedule
>>> checklist = mc.build_checklist(treatment_date=datetime.date(2026, 11, 25))
>>> schedule = build_schedule(checklist, tz="America/Toronto", patient="c0ffee-42")
>>> len(render_sms(schedule, schedule.touchpoints[0])) <= SMS_LIMIT
True

.. versionadded:: 0.6.0 Moved here from :mod:`microneedle_care.schedule`.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from .. import _i18n
from ..model import AftercareStep, Urgency, WarningSign
from ..schedule import SMS_LIMIT, Email

if TYPE_CHECKING:
    from ..checklist import ClinicContact
    from ..regions import WhoToCall
    from ..schedule import Schedule, Touchpoint

__all__ = ["render_email", "render_sms"]

_HOURS = 24
_MAX_DAY = 3660


def first_sentence(text: str) -> str:
    """Return the first sentence of *text* (all of it if it has one)."""
    head, dot, _ = text.partition(". ")
    return head + "." if dot else text


def _ends_first(step: AftercareStep) -> int:
    end = step.window.end_hours
    return end if end is not None else _MAX_DAY * _HOURS + 1


def day_label(words: Mapping[str, str], day: int) -> str:
    """Day 1 is the treatment day: it was called "Day 1 after your treatment" (attack report)."""
    return words["day_one"] if day == 1 else words["day"].format(day=day)


def emergency_lines(signs: Iterable[WarningSign]) -> list[str]:
    """Each emergency sign as its own question and first action, each sign once.

    Day 1 asks about the allergy, days 2 to 7 about spreading sores. A fixed allergy line
    was sent on days when only the sores could start (review R2-4).
    """
    seen: list[WarningSign] = []
    for sign in signs:
        if sign.urgency is Urgency.EMERGENCY and sign not in seen:
            seen.append(sign)
    return [f"{s.question or first_sentence(s.sign)} {first_sentence(s.action)}" for s in seen]


def asked_lines(touchpoints: Iterable[Touchpoint]) -> list[str]:
    """Return what a late check-in day asks, each sign as its question and first action.

    A treatment's late touchpoint (weeks after a serum or exosome product) exists to ask
    about a problem that can begin then, such as a firm lump; its text said only "Day 28
    of your aftercare" (treatment review). Emergencies are left to ``emergency_lines``;
    each sign once.
    """
    seen: list[WarningSign] = []
    for touchpoint in touchpoints:
        for sign in touchpoint.asks:
            if sign.urgency is not Urgency.EMERGENCY and sign not in seen:
                seen.append(sign)
    return [f"{s.question or first_sentence(s.sign)} {first_sentence(s.action)}" for s in seen]


def step_lines(
    touchpoints: Sequence[Touchpoint], words: Mapping[str, str], colon: str
) -> list[str]:
    """Return the steps that start on each touchpoint, each label once, shortest-lived first.

    "Start today: A. B." for the first touchpoint, "From day 4: C." for a later one
    merged into the same text. "Do not wash for the first few hours" comes before rules
    that last all recovery, which the sheet carries anyway (review F13). Steps that end
    are left for the email: a rule's first sentence sent as "you no longer need to
    follow" can lift it without its condition (review R4-4).
    """
    lines: list[str] = []
    for index, touchpoint in enumerate(touchpoints):
        label = words["start"] if index == 0 else words["from_day"].format(day=touchpoint.day)
        for n, step in enumerate(sorted(touchpoint.starts, key=_ends_first)):
            action = first_sentence(step.action)
            lines.append(f"{label}{colon} {action}" if n == 0 else action)
    return lines


def add_steps(
    body: list[str], steps: Sequence[str], fits: Callable[[list[str]], bool], *, first: bool
) -> None:
    """Add to *body* the steps a text keeps: the rule both composers share.

    With *first*, only the day's most time-bound step, if it fits; without, each later
    step that still fits, and none if the first was not kept ("wash gently" without
    "wait before washing", F13). A step that does not fit is left for the email and a
    shorter one may follow (reviews R4-1, R5-1, R5-2).
    """
    if first:
        if steps and fits([steps[0]]):
            body.append(steps[0])
        return
    if not body:
        return
    for step in steps[1:]:
        if fits([*body, step]):
            body.append(step)


def who_to_call(schedule: Schedule) -> WhoToCall | None:
    """Return the regional "who to call" lines for the schedule's clinic, if it has a region."""
    if schedule.clinic is None or schedule.clinic.region is None:
        return None
    from ..regions import who_to_call as lookup

    return lookup(schedule.clinic.region, schedule.locale)


def approval_line(schedule: Schedule, clinic: ClinicContact | None) -> str:
    """Who at the clinic approved these messages and when, or that no clinician has."""
    from ._labels import labels_for_locale

    labels = labels_for_locale(schedule.locale)
    return labels.approval_line(schedule.approval, clinic, what="messages")


def render_sms(schedule: Schedule, touchpoint: Touchpoint) -> str:
    """Render *touchpoint* as one SMS text within the limit.

    The limit is :data:`~microneedle_care.schedule.SMS_LIMIT` characters.

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

    .. versionadded:: 0.6.0 Moved here from :mod:`microneedle_care.schedule`.
    """
    said = _i18n.messages(schedule.locale)
    words = said.texts
    clinic = schedule.clinic
    colon = said.colon
    day = day_label(words, touchpoint.day) + "."
    name = f"{clinic.name}{colon} " if clinic else ""
    emergencies = emergency_lines(touchpoint.watch) + asked_lines((touchpoint,))
    call = [words["sms_call"].format(phone=clinic.phone)] if clinic is not None else []
    where = who_to_call(schedule)
    nurse = [where.sms] if where is not None and where.sms else []
    first = bool(schedule.touchpoints) and touchpoint == schedule.touchpoints[0]
    # "your clinic": the text already starts with the clinic's name (review R5-1).
    notice = [approval_line(schedule, None)] if first else []
    steps = step_lines((touchpoint,), words, colon)
    lead = len(steps[0]) + 1 if steps else 0
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

    def room(body: list[str]) -> bool:
        return sum(len(line) + 1 for line in body) <= budget

    body: list[str] = []
    add_steps(body, steps, room, first=True)
    add_steps(body, steps, room, first=False)
    return " ".join([head, *body, *([tail] if tail else [])])


def render_email(schedule: Schedule, touchpoint: Touchpoint) -> Email:
    """Render *touchpoint* as an email: subject, plain text and HTML.

    .. versionadded:: 0.6.0 Moved here from :mod:`microneedle_care.schedule`.
    """
    said = _i18n.messages(schedule.locale)
    words = said.texts
    clinic = schedule.clinic
    subject = (
        words["subject"].format(name=clinic.name, day=touchpoint.day)
        if clinic
        else words["subject_no_clinic"].format(day=touchpoint.day)
    )
    watch_label = words["watch"].format(phone=clinic.phone) if clinic else words["watch_no_phone"]
    emergency = [w for w in touchpoint.watch if w.urgency is Urgency.EMERGENCY]
    other = [w for w in touchpoint.watch if w.urgency is not Urgency.EMERGENCY]
    blocks: list[tuple[str, list[str]]] = [
        (words["start"], [s.action for s in touchpoint.starts]),
        (words["end"], [s.action for s in touchpoint.ends]),
        # 911 signs under their own heading, first: not under "call the clinic" (attack report).
        (words["watch_911"], [f"{w.sign} {w.action}" for w in emergency]),
        (watch_label, [f"{w.sign} {w.action}" for w in other]),
    ]
    title = day_label(words, touchpoint.day) + f" ({touchpoint.date.isoformat()})"
    text_lines = [title, ""]
    html_parts = [f"<h1>{html.escape(title)}</h1>"]
    for heading, lines in blocks:
        if not lines:
            continue
        text_lines.append(f"{heading}{said.colon}")
        text_lines.extend(f"- {line}" for line in lines)
        text_lines.append("")
        html_parts.append(f"<h2>{html.escape(heading)}</h2>")
        html_parts.append(
            "<ul>" + "".join(f"<li>{html.escape(line)}</li>" for line in lines) + "</ul>"
        )
    if clinic is not None:
        contact = f"{clinic.name}{said.colon} {clinic.phone}"
        text_lines.extend([contact, ""])
        html_parts.append(f"<p>{html.escape(contact)}</p>")
        where = who_to_call(schedule)
        if where is not None:
            regional = " ".join(where.lines)
            text_lines.extend([regional, ""])
            html_parts.append(f"<p>{html.escape(regional)}</p>")
    notice = approval_line(schedule, clinic)
    text_lines.extend([notice, ""])
    html_parts.append(f"<p>{html.escape(notice)}</p>")
    return Email(
        subject=subject, text="\n".join(text_lines) + "\n", html="\n".join(html_parts) + "\n"
    )

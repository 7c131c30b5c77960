"""How a patient sheet is laid out: what comes first, what gets a box, the timeline.

Every renderer that writes for patients (text, Markdown, HTML) follows the same order:

1. the urgent box: how to reach the clinic and the signs that need 911 or same-day help;
2. the healing timeline ("at a glance"): the bands of days with their dates and what to avoid;
3. what is special for this patient: the steps their risk factors added, marked as such;
4. the days, section by section, with the remaining steps;
5. every warning sign, grouped by urgency; then the disclaimer and the content record.

Only things done once or daily (a step to *do* in a bounded window) get a checkbox;
standing rules (things to avoid, and open-ended advice) are plain bullets. The JSON keeps
the checklist's data as it is: the order is a presentation choice.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

import attrs

from ..checklist import Checklist, ChecklistItem, ChecklistSection, WarningGroup
from ..model import (
    HOURS_PER_DAY,
    AftercareStep,
    StepKind,
    StepScope,
    TimeWindow,
    TreatmentRole,
    Urgency,
)

__all__ = [
    "BANDS",
    "GLANCE_LIMITS",
    "URGENT",
    "USUAL_ROUTINE",
    "Band",
    "bands",
    "day_sections",
    "glance",
    "is_task",
    "later",
    "personal_items",
    "standing_rules",
    "urgent",
    "usual_day",
]

# The healing bands of the timeline: (first day, last day or None), day 1 = treatment day.
# The timeline stops at the "back to usual" day (see `usual_day`): one open band from then on.
BANDS: tuple[tuple[int, int | None], ...] = ((1, 1), (2, 3), (4, 7), (8, 14), (15, None))

USUAL_ROUTINE = frozenset(
    {"back-to-usual-routine", "resume-exercise-when-calm", "restart-actives-slowly"}
)
"""The steps that bring the patient back to their usual routine (skin care, workouts, actives)."""

GLANCE_LIMITS = frozenset({"light-activity-only"})
"""Steps to *do* that set a limit ("light activity only"): the timeline lists them with the
things to avoid, so a patient who reads only the timeline still sees the limit."""


@attrs.frozen(kw_only=True)
class Band:
    """One block of the healing timeline."""

    first_day: int
    last_day: int | None
    first_date: datetime.date | None
    last_date: datetime.date | None
    avoid: tuple[AftercareStep, ...]
    usual: bool = False
    """Whether this is the last band: back to the usual routine, nothing timed left to avoid.

    Its :attr:`avoid` is then empty, or, when a stop-and-report treatment (a home roller)
    is in the visit, what the patient must still not go back to."""


def is_task(item: ChecklistItem) -> bool:
    """Whether *item* is done once or daily (a box), rather than a standing rule (a bullet)."""
    step = item.step
    return step.kind is StepKind.DO and step.window.end_hours is not None


URGENT = (Urgency.EMERGENCY, Urgency.SAME_DAY)
"""The urgency levels shown in the urgent box at the top; the rest are listed at the end."""


def urgent(checklist: Checklist) -> tuple[WarningGroup, ...]:
    """Return the warning groups for the urgent box: 911 first, then same-day help."""
    return tuple(group for group in checklist.warnings if group.urgency in URGENT)


def later(checklist: Checklist) -> tuple[WarningGroup, ...]:
    """Return the warning groups listed at the end: within days, and at the next visit."""
    return tuple(group for group in checklist.warnings if group.urgency not in URGENT)


def personal_items(checklist: Checklist) -> tuple[tuple[ChecklistSection, ChecklistItem], ...]:
    """Return the steps this patient's risk factors added, with the section each belongs to."""
    return tuple(
        (section, item)
        for section in checklist.sections
        for item in section.items
        if item.step.scope is StepScope.RISK_FACTOR
    )


def day_sections(
    checklist: Checklist,
) -> tuple[tuple[ChecklistSection, tuple[ChecklistItem, ...]], ...]:
    """Return the sections with their remaining items (the personal ones are shown before)."""
    out = []
    for section in checklist.sections:
        items = tuple(i for i in section.items if i.step.scope is not StepScope.RISK_FACTOR)
        if items:
            out.append((section, items))
    return tuple(out)


def standing_rules(checklist: Checklist) -> tuple[AftercareStep, ...]:
    """Return the things to avoid with no end date: they hold on every day of the timeline."""
    return tuple(
        item.step
        for section in checklist.sections
        for item in section.items
        if item.step.kind is StepKind.AVOID
        and item.step.scope is StepScope.EVERYONE
        and item.step.window.end_hours is None
    )


def glance(step: AftercareStep, words: Mapping[str, str] | None = None) -> str:
    """Return the few words the timeline uses for *step*; its first sentence otherwise.

    The words are the step's :attr:`~microneedle_care.model.AftercareStep.short` name.
    *words* (step id to name) is an older way to give them, tried after it.
    """
    if step.short:
        return step.short
    if words and step.id in words:
        return words[step.id]
    end = step.action.find(". ")
    return step.action if end < 0 else step.action[: end + 1]


def _timed_avoids(checklist: Checklist) -> list[AftercareStep]:
    return [
        item.step
        for section in checklist.sections
        for item in section.items
        if (item.step.kind is StepKind.AVOID or item.step.id in GLANCE_LIMITS)
        and item.step.scope is StepScope.EVERYONE
        and item.step.window.end_hours is not None  # standing rules are listed below the bands
    ]


def usual_day(checklist: Checklist) -> int:
    """Return the day the timeline says "back to your usual routine" (day 1 = treatment day).

    It is the latest start of the usual-routine steps (:data:`USUAL_ROUTINE`), and never
    before every timed thing to avoid has ended, so the timeline cannot send the patient
    back to their routine while a pause still runs, nor later than the steps say.
    """
    starts = [
        item.step.window.start_hours // HOURS_PER_DAY + 1
        for section in checklist.sections
        for item in section.items
        if item.step.id in USUAL_ROUTINE
    ]
    ends = [
        -(-step.window.end_hours // HOURS_PER_DAY) + 1
        for step in _timed_avoids(checklist)
        if step.window.end_hours is not None
    ]
    return max(starts + ends, default=1)


def bands(checklist: Checklist) -> tuple[Band, ...]:
    """Return the timeline: each band of days with its dates and the things to avoid in it.

    The bands run up to the day before :func:`usual_day`; one open band follows from that day.
    """
    avoid_steps = _timed_avoids(checklist)
    start = checklist.treatment_date
    back = usual_day(checklist)

    def date(day: int | None) -> datetime.date | None:
        if start is None or day is None:
            return None
        return start + datetime.timedelta(days=day - 1)

    out = []
    for first, last in BANDS:
        if first >= back:
            break
        if last is None or last >= back:
            last = back - 1
        days = TimeWindow((first - 1) * HOURS_PER_DAY, last * HOURS_PER_DAY)
        avoid = tuple(step for step in avoid_steps if days.overlaps(step.window))
        out.append(
            Band(
                first_day=first,
                last_day=last,
                first_date=date(first),
                last_date=date(last),
                avoid=avoid,
            )
        )
    if _stop_and_report(checklist):
        # A stop-and-report sheet gives no care steps, so it never says "back to your
        # usual routine": its open band names what to stop (review V2).
        stop = tuple(
            item.step
            for section in checklist.sections
            for item in section.items
            if item.step.kind is StepKind.AVOID and item.step.short
        )
        out.append(
            Band(first_day=back, last_day=None, first_date=date(back), last_date=None, avoid=stop)
        )
        return tuple(out)
    # Given with a clinic treatment, something to stop (a home roller) is not part of the
    # usual routine: the open band still names it (review W2). Standing rules for every
    # patient are listed below the bands already, so only the others are named here.
    still: tuple[AftercareStep, ...] = ()
    if any(t.role is TreatmentRole.STOP_AND_REPORT for t in checklist.treatments):
        still = tuple(
            item.step
            for section in checklist.sections
            for item in section.items
            if item.step.kind is StepKind.AVOID
            and item.step.short
            and item.step.window.end_hours is None
            and item.step.scope is StepScope.RISK_FACTOR
        )
    out.append(
        Band(
            first_day=back,
            last_day=None,
            first_date=date(back),
            last_date=None,
            avoid=still,
            usual=True,
        )
    )
    return tuple(out)


def _stop_and_report(checklist: Checklist) -> bool:
    """Whether every treatment of *checklist* is something to stop and report."""
    return bool(checklist.treatments) and all(
        t.role is TreatmentRole.STOP_AND_REPORT for t in checklist.treatments
    )

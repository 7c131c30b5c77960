"""The records of a checklist, and what a visit gives to build one (private).

:mod:`microneedle_care.checklist` re-exports every public name here (that is where they
are documented and imported from) and holds the builder,
:func:`~microneedle_care.checklist.build_checklist`. Here are the records themselves: the
clinic's contact and a provider's per-visit override (what goes in), and the checklist, its
sections, items and warning groups (what comes out), as data with no layout.
"""

from __future__ import annotations

import datetime
import enum

import attrs

from ._validate import _clean_text, _email, _one_line, _one_line_or_none
from .errors import InvalidTypeError, InvalidValueError
from .model import (
    HOURS_PER_DAY,
    OMIT_IF_DEFAULT,
    AftercareStep,
    Approval,
    Cause,
    LateTouchpoint,
    RiskFactor,
    TimeWindow,
    Treatment,
    Urgency,
    WarningSign,
)
from .regions import WhoToCall, normalise_region

__all__ = [
    "Checklist",
    "ChecklistItem",
    "ChecklistSection",
    "ClinicContact",
    "SectionKind",
    "StepOverride",
    "WarningGroup",
    "day_span",
]


def _region_code(value: str | None) -> str | None:
    # Checked here rather than by a validator: the code is stored in capitals.
    return normalise_region(value, "ClinicContact.region")


@attrs.frozen(kw_only=True)
class ClinicContact:
    """How a patient reaches the clinic; shown with the warning signs.

    Every field is one line of plain text: line breaks and other control characters are
    refused, runs of spaces become one space and the ends are trimmed; renderers escape
    everything else.

    Attributes:
        name: The clinic's name.
        phone: The phone number to call, as it should be shown.
        email: An email address, if the clinic wants patients to use one.
        after_hours: A phone number or instruction for nights and weekends.
        region: Where the clinic is, as an ISO 3166-2 code such as ``"CA-ON"``,
            ``"CA-QC"`` or ``"US-NY"`` (stored in capitals). It picks the public nurse
            line and the words for same-day care that the sheet, the messages and the
            check-in name (see :mod:`microneedle_care.regions`). Without it, no province
            or nurse line is named.

    Raises:
        InvalidValueError: If ``name`` or ``phone`` is empty, a field has a control
            character, ``email`` is not one plain address, or ``region`` is not shaped
            like an ISO 3166-2 code (a :exc:`ValueError`).
        InvalidTypeError: If a field is not a string (a :exc:`TypeError`).

    >>> ClinicContact(name="Lakeview Skin Clinic", phone="905-555-0134").phone
    '905-555-0134'
    """

    name: str = attrs.field(converter=_one_line, validator=_clean_text)
    phone: str = attrs.field(converter=_one_line, validator=_clean_text)
    email: str | None = attrs.field(default=None, converter=_one_line_or_none, validator=_email)
    after_hours: str | None = attrs.field(
        default=None, converter=_one_line_or_none, validator=_clean_text
    )
    region: str | None = attrs.field(default=None, converter=_region_code)


_NEW = {OMIT_IF_DEFAULT: True}  # left out of the JSON record while at its default


@attrs.frozen(kw_only=True)
class StepOverride:
    """A provider's change to one step's window for one visit, with who made it.

    Attributes:
        step: The id of an aftercare step on the checklist.
        window: The window to use for this patient instead.
        set_by: Who set it, as it should be recorded ("Dr. Ana Diaz, MD").
        reason: Why, for the record (optional).

    Raises:
        InvalidValueError: If *set_by* is empty or any text is not one line.

    .. versionadded:: 0.6.0
    """

    step: str = attrs.field(converter=_one_line, validator=lambda i, a, v: _override_text(a, v))
    window: TimeWindow = attrs.field()
    set_by: str = attrs.field(converter=_one_line, validator=lambda i, a, v: _override_text(a, v))
    reason: str = attrs.field(
        default="", converter=_one_line, validator=lambda i, a, v: _override_text(a, v, True)
    )

    @window.validator
    def _check_window(self, attribute: attrs.Attribute[TimeWindow], value: object) -> None:
        if not isinstance(value, TimeWindow):
            raise InvalidTypeError(
                f"StepOverride.window must be a TimeWindow, got {type(value).__name__}"
            )


def _override_text(attribute: attrs.Attribute[str], value: object, empty: bool = False) -> None:
    name = f"StepOverride.{attribute.name}"
    if not isinstance(value, str):
        raise InvalidTypeError(f"{name} must be a string, got {type(value).__name__}")
    if not empty and not value:
        raise InvalidValueError(f"{name} must not be empty", argument=name)
    if any(not ch.isprintable() for ch in value):
        raise InvalidValueError(f"{name} must be one line of plain text", argument=name)


class SectionKind(enum.Enum):
    """The sections of a checklist, in the order they are shown."""

    FIRST_DAY = "first-24-hours"
    DAYS_2_TO_3 = "days-2-to-3"
    DAYS_4_TO_7 = "days-4-to-7"
    WEEK_2_ON = "week-2-on"
    BEFORE_NEXT_SESSION = "before-next-session"
    IF_BREAKOUT = "if-breakout"

    @property
    def window(self) -> TimeWindow | None:
        """The time window the section covers; ``None`` for the sections with no days."""
        return _SECTION_WINDOWS.get(self)


_SECTION_WINDOWS = {
    SectionKind.FIRST_DAY: TimeWindow(0, 24),
    SectionKind.DAYS_2_TO_3: TimeWindow(24, 72),
    SectionKind.DAYS_4_TO_7: TimeWindow(72, 168),
    SectionKind.WEEK_2_ON: TimeWindow(168),
}


def day_span(window: TimeWindow) -> tuple[int, int | None]:
    """Return the first and last day (day 1 is the treatment day) that *window* touches.

    The last day is ``None`` for an open window.

    >>> day_span(TimeWindow(24, 72)), day_span(TimeWindow(6, 30)), day_span(TimeWindow(168))
    ((2, 3), (1, 2), (8, None))
    """
    first = window.start_hours // HOURS_PER_DAY + 1
    if window.end_hours is None:
        return first, None
    return first, -(-window.end_hours // HOURS_PER_DAY)


@attrs.frozen(kw_only=True)
class ChecklistItem:
    """One aftercare step on a checklist, with its dates and why it is there.

    Attributes:
        step: The aftercare step.
        first_day: The first day the step applies (day 1 is the treatment day).
        last_day: The last day it applies; ``None`` if it stays open.
        first_date: The calendar date of ``first_day``, if a treatment date was given.
        last_date: The calendar date of ``last_day``; ``None`` if open or undated.
        because_of: The patient's risk factors that this step helps with; empty for
            steps every patient gets for no particular reason.
        prevents: The causes this step helps prevent for this patient.
        asked_by: The ids of the checklist's treatments that added this step, or kept it
            longer than the content's own window (then *step* carries the longer window
            and its reason ends with theirs); empty for a shared step.
        override: The provider's change to this step's window for this visit, if any
            (then *step* carries that window).

    .. versionchanged:: 0.6.0 Added *asked_by* and *override*.
    """

    step: AftercareStep
    first_day: int
    last_day: int | None
    first_date: datetime.date | None = None
    last_date: datetime.date | None = None
    because_of: tuple[RiskFactor, ...] = ()
    prevents: tuple[Cause, ...] = ()
    asked_by: tuple[str, ...] = attrs.field(default=(), metadata=_NEW)
    override: StepOverride | None = attrs.field(default=None, metadata=_NEW)


@attrs.frozen(kw_only=True)
class ChecklistSection:
    """A group of checklist items: days after treatment, before the next session, or a breakout.

    Attributes:
        kind: Which section this is.
        first_day: The section's first day (day 1 is the treatment day); ``None`` for
            ``SectionKind.BEFORE_NEXT_SESSION`` and ``SectionKind.IF_BREAKOUT``, which
            have no time window.
        last_day: Its last day; ``None`` if open-ended or without a window.
        first_date: The calendar date of ``first_day``, if a treatment date was given.
        last_date: The calendar date of ``last_day``; ``None`` if open-ended or undated.
        items: The steps, in content order.
    """

    kind: SectionKind
    first_day: int | None = None
    last_day: int | None = None
    first_date: datetime.date | None = None
    last_date: datetime.date | None = None
    items: tuple[ChecklistItem, ...] = ()


@attrs.frozen(kw_only=True)
class WarningGroup:
    """The warning signs that share one urgency level.

    Attributes:
        urgency: How quickly to act on these signs.
        signs: The signs, in content order.
    """

    urgency: Urgency
    signs: tuple[WarningSign, ...]


@attrs.frozen(kw_only=True)
class Checklist:
    """A personalised aftercare checklist, ready to render.

    Build one with :func:`build_checklist`; render it with
    :func:`microneedle_care.rendering.render`.

    Attributes:
        treatment_date: The day of the treatment, or ``None`` for an undated checklist.
        clinic: How to reach the clinic, if given.
        risk_factors: The patient's risk factors, in content order.
        sections: The time sections in order, then the "if a breakout appears" section.
        warnings: Warning signs grouped by urgency, most urgent first.
        disclaimer: That the checklist supports and does not replace the clinician's advice.
        content_version: The content release it was built from.
        content_digest: The digest of that content, to store with the patient record.
        locale: The language of the text: ``"en"`` or ``"fr-CA"``.
        reviewed: The date the content was last checked against its sources.
        packs: The names and versions of the clinic packs in the content, if any.
        next_review: The date after which the content is due for review.
        approval: The clinic's approval of exactly this content, if it has one.
        prepared_for: The patient's name as it should be shown on the sheet, if given.
        regional: Who else to call where the clinic is (its nurse line, same-day care
            and the emergency number), in the checklist's language, when the clinic's
            contact names a region that the packaged regions data covers; ``None``
            otherwise, and then no province is named.
        treatments: The treatments the checklist is for, in the order given; empty for
            the default treatment (:data:`~microneedle_care.model.DEFAULT_TREATMENT`).
        late_touchpoints: The check-in days the treatments need after the steps' own
            days (see :func:`~microneedle_care.schedule.build_schedule`).

    .. versionchanged:: 0.5.0 Added *next_review* and *approval*.
    .. versionchanged:: 0.6.0 Added *treatments* and *late_touchpoints*.
    """

    treatment_date: datetime.date | None
    clinic: ClinicContact | None
    risk_factors: tuple[RiskFactor, ...]
    sections: tuple[ChecklistSection, ...]
    warnings: tuple[WarningGroup, ...]
    disclaimer: str
    content_version: str
    content_digest: str
    locale: str = "en"
    packs: tuple[tuple[str, str], ...] = ()
    reviewed: datetime.date | None = None
    next_review: datetime.date | None = None
    approval: Approval | None = None
    prepared_for: str | None = None
    regional: WhoToCall | None = None
    treatments: tuple[Treatment, ...] = attrs.field(default=(), metadata=_NEW)
    late_touchpoints: tuple[LateTouchpoint, ...] = attrs.field(default=(), metadata=_NEW)

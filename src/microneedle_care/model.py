"""The content model: frozen, slotted attrs classes and enums.

This module holds data only. It does no I/O and knows nothing about JSON or cattrs;
:mod:`microneedle_care.loading` turns packaged JSON into these objects.

Fields are split by audience. Fields documented as *patient-facing* are plain
language that may be shown to a patient as is. Fields documented as
*clinician-facing* (mechanisms, evidence notes) are for staff and documentation.
"""

from __future__ import annotations

import datetime
import enum
from typing import Any, Union

import attrs

from . import _limits
from ._repr import attrs_repr
from .errors import InvalidTypeError, InvalidValueError, OutOfRangeError

__all__ = [
    "ALL",
    "DEFAULT_TREATMENT",
    "ITEM_SET_KINDS",
    "KINDS",
    "MAX_WINDOW_HOURS",
    "MAX_YEAR",
    "MIN_YEAR",
    "OMIT_IF_DEFAULT",
    "AftercareStep",
    "Approval",
    "Cause",
    "CauseCategory",
    "ClinicPack",
    "ContentPack",
    "Deprecation",
    "EvidenceLevel",
    "Item",
    "ItemSet",
    "Kind",
    "LateTouchpoint",
    "Likelihood",
    "Modifiability",
    "Myth",
    "PackInfo",
    "Phrasing",
    "Reference",
    "ReportingRoute",
    "Review",
    "RiskFactor",
    "SafetyOverride",
    "SourceType",
    "StepKind",
    "StepScope",
    "TimeWindow",
    "Treatment",
    "TreatmentRole",
    "Urgency",
    "WarningSign",
    "WindowChange",
    "WordingChange",
    "clinician_fields",
    "patient_fields",
]

# The limits live in the leaf module _limits (so errors can serve its deprecated aliases
# without importing the model); they are documented and imported from here.
MIN_YEAR = _limits.MIN_YEAR
"""The earliest year of a treatment date or content date."""

MAX_YEAR = _limits.MAX_YEAR
"""The latest year of a treatment date or content date."""

MAX_WINDOW_HOURS = _limits.MAX_WINDOW_HOURS
"""The furthest a time window may reach, in hours after the treatment (ten years)."""

HOURS_PER_DAY = 24

AUDIENCE = "audience"
"""Key of the attrs field metadata that says who a text field is written for."""
_PATIENT = {AUDIENCE: "patient"}
_CLINICIAN = {AUDIENCE: "clinician"}

OMIT_IF_DEFAULT = "omit_if_default"
"""The attrs field metadata key for a field added after a format was fixed.

Its JSON form leaves the field out while it has its default, so older records and digests
stay the same byte for byte."""
_NEW = {OMIT_IF_DEFAULT: True}


def patient_fields(cls: type) -> tuple[str, ...]:
    """Return the names of *cls*'s patient-facing text fields, in definition order.

    These are the fields written in plain language for patients; translations and
    readability checks cover exactly these.

    >>> patient_fields(Myth)
    ('claim', 'correction')
    """
    return tuple(f.name for f in attrs.fields(cls) if f.metadata.get(AUDIENCE) == "patient")


def clinician_fields(cls: type) -> tuple[str, ...]:
    """Return the names of *cls*'s clinician-facing text fields, in definition order.

    >>> clinician_fields(Myth)
    ('evidence_notes',)
    """
    return tuple(f.name for f in attrs.fields(cls) if f.metadata.get(AUDIENCE) == "clinician")


class EvidenceLevel(enum.Enum):
    """How strong the evidence behind an item is (a GRADE-like scale).

    ``HIGH``: systematic reviews of randomised trials. ``MODERATE``: systematic reviews of
    mixed studies, or cohorts. ``LOW``: small pilots, case series, consensus statements.
    ``VERY_LOW``: case reports, expert opinion, what clinics commonly advise.
    """

    HIGH = "high"
    MODERATE = "moderate"
    LOW = "low"
    VERY_LOW = "very-low"


class Likelihood(enum.Enum):
    """How often something happens after microneedling.

    ``UNKNOWN`` is used where no study gives a rate, rather than inventing one.
    """

    COMMON = "common"
    UNCOMMON = "uncommon"
    RARE = "rare"
    UNKNOWN = "unknown"


class Urgency(enum.Enum):
    """How quickly a patient should act on a warning sign, most urgent first."""

    EMERGENCY = "emergency"
    """Call emergency services (911 in North America) now."""
    SAME_DAY = "same-day"
    """Contact the clinic the same day."""
    WITHIN_DAYS = "within-days"
    """Contact the clinic within a day or two."""
    NEXT_VISIT = "next-visit"
    """Mention it at the next visit."""

    @property
    def rank(self) -> int:
        """0 for the most urgent level, rising as urgency falls."""
        return _URGENCY_ORDER.index(self)


_URGENCY_ORDER = (Urgency.EMERGENCY, Urgency.SAME_DAY, Urgency.WITHIN_DAYS, Urgency.NEXT_VISIT)


class CauseCategory(enum.Enum):
    """What kind of thing a :class:`Cause` is, seen from the patient's side."""

    BREAKOUT = "breakout"
    """Pimples or clogged pores that the treatment or aftercare can bring on."""
    LOOK_ALIKE = "look-alike"
    """Another problem (an infection, a rash, cysts) that a patient may take for a breakout."""
    COINCIDENTAL = "coincidental"
    """A breakout that happens at the same time as the treatment, not because of it."""
    SEQUELA = "sequela"
    """Something left behind after inflammation, such as dark marks, mistaken for a breakout."""
    UNPROVEN = "unproven"
    """An explanation that is widely repeated but that no study supports."""


class Modifiability(enum.Enum):
    """Whether a patient or clinic can change a risk factor."""

    YES = "yes"
    PARTLY = "partly"
    NO = "no"


class StepKind(enum.Enum):
    """Whether an aftercare step is something to do or something to avoid."""

    DO = "do"
    AVOID = "avoid"


class StepScope(enum.Enum):
    """Which patients an aftercare step applies to."""

    EVERYONE = "everyone"
    """Every patient, after every treatment."""
    RISK_FACTOR = "risk-factor"
    """Only patients with a risk factor whose ``mitigated_by`` lists the step."""
    BREAKOUT = "breakout"
    """Only if a breakout appears."""


class SourceType(enum.Enum):
    """What kind of source a :class:`Reference` is, strongest first."""

    SYSTEMATIC_REVIEW = "systematic-review"
    TRIAL = "trial"
    OBSERVATIONAL_STUDY = "observational-study"
    CASE_REPORT = "case-report"
    LABORATORY_STUDY = "laboratory-study"
    """An animal, skin-model or assay experiment, not a study of patients (added in content 2.1)."""
    REVIEW = "review"
    GUIDELINE = "guideline"
    REGULATOR = "regulator"
    PROFESSIONAL_BODY = "professional-body"
    CLINIC_PAGE = "clinic-page"
    LAY_ARTICLE = "lay-article"


def _non_negative(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        kind = type(value).__name__
        raise InvalidTypeError(f"{attribute.name} must be a whole number of hours, got {kind}")
    if value < 0:
        raise InvalidValueError(f"{attribute.name} must be 0 or more, got {value}")
    _within_reach(instance, attribute, value)


def _day(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        kind = type(value).__name__
        raise InvalidTypeError(f"{attribute.name} must be a whole number of days, got {kind}")
    if not 0 <= value <= MAX_WINDOW_HOURS // 24:
        raise OutOfRangeError(attribute.name, value, f"0 to {MAX_WINDOW_HOURS // 24} days")


def _within_reach(instance: object, attribute: attrs.Attribute[Any], value: int | None) -> None:
    if value is not None and value > MAX_WINDOW_HOURS:
        raise OutOfRangeError(
            attribute.name, value, f"at most {MAX_WINDOW_HOURS} hours (ten years)"
        )


def _after_start(
    instance: TimeWindow, attribute: attrs.Attribute[int | None], value: int | None
) -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool):
        kind = type(value).__name__
        raise InvalidTypeError(f"{attribute.name} must be a whole number of hours, got {kind}")
    if value <= instance.start_hours:
        raise InvalidValueError(
            f"end_hours ({value}) must be greater than start_hours ({instance.start_hours})"
        )


@attrs.frozen
class TimeWindow:
    """A span of time counted in hours from the end of the treatment.

    ``end_hours`` of ``None`` means the window stays open. Windows are half-open:
    ``TimeWindow(0, 24)`` covers the first 24 hours and ``TimeWindow(72, 168)`` covers
    days 4 to 7. Onsets and durations of causes use the same type, read as a range.

    Attributes:
        start_hours: Where the window starts, 0 or more.
        end_hours: Where it ends (exclusive), greater than ``start_hours``; ``None`` if open.

    >>> TimeWindow(72, 168).describe()
    'days 4 to 7'
    >>> TimeWindow.days(1, 1).describe()
    'first 24 hours'
    """

    __repr__ = attrs_repr

    start_hours: int = attrs.field(validator=_non_negative)
    end_hours: int | None = attrs.field(
        default=None,
        validator=[_after_start, _within_reach],
    )

    @classmethod
    def days(cls, first: int, last: int | None = None) -> TimeWindow:
        """Return the window from the start of day *first* to the end of day *last*.

        Day 1 is the first 24 hours after the treatment. Without *last* the window stays open.

        >>> TimeWindow.days(4, 7)
        TimeWindow(start_hours=72, end_hours=168)
        """
        for name, value in (("first", first), ("last", last)):
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                kind = type(value).__name__
                raise InvalidTypeError(f"{name} must be a whole number of days, got {kind}")
        end = None if last is None else last * HOURS_PER_DAY
        return cls((first - 1) * HOURS_PER_DAY, end)

    @property
    def is_open(self) -> bool:
        """Whether the window has no end."""
        return self.end_hours is None

    def contains(self, hour: float) -> bool:
        """Return whether *hour* (hours after the treatment) falls inside the window.

        >>> TimeWindow(0, 24).contains(23.5), TimeWindow(0, 24).contains(24)
        (True, False)
        """
        return self.start_hours <= hour and (self.end_hours is None or hour < self.end_hours)

    def overlaps(self, other: TimeWindow) -> bool:
        """Return whether the two windows share any time.

        >>> TimeWindow(0, 24).overlaps(TimeWindow(24, 72))
        False
        """
        starts_before_other_ends = other.end_hours is None or self.start_hours < other.end_hours
        ends_after_other_starts = self.end_hours is None or other.start_hours < self.end_hours
        return starts_before_other_ends and ends_after_other_starts

    def describe(self) -> str:
        """Return the window in plain English, in hours or days as fits best.

        >>> TimeWindow(6, 48).describe()
        '6 to 48 hours'
        >>> TimeWindow.days(8).describe()
        'from day 8 on'
        """
        start, end = self.start_hours, self.end_hours
        if end is None:
            if start == 0:
                return "any time"
            if start % HOURS_PER_DAY == 0:
                return f"from day {start // HOURS_PER_DAY + 1} on"
            return f"from {start} hours on"
        if start == 0 and end <= 2 * HOURS_PER_DAY:
            return f"first {end} hours"
        if start % HOURS_PER_DAY or end % HOURS_PER_DAY or end <= 2 * HOURS_PER_DAY:
            return f"{start} to {end} hours"
        first, last = start // HOURS_PER_DAY + 1, end // HOURS_PER_DAY
        return f"day {first}" if first == last else f"days {first} to {last}"


@attrs.frozen(kw_only=True)
class Reference:
    """A source that content items cite.

    Attributes:
        id: Stable kebab-case id.
        authors: Author names as cited (``"Chu S"``); empty for an organisation's page.
        title: Title of the article, page or document.
        publisher: The journal, or the organisation that published it.
        year: Year of publication, if known.
        source_type: What kind of source it is.
        verified: ``True`` only if title, authors, publisher, year and identifiers were
            checked against a record of the source (see *verified_at*). ``False`` means
            the citation must be checked before anyone relies on it; the packaged content
            cites only verified references.
        doi: Digital Object Identifier, without the ``https://doi.org/`` prefix.
        pmid: PubMed identifier.
        url: The canonical address of the source (its PubMed, DOI or publisher page).
        note: Clinician-facing remark about the source (funding, limits).
        verified_at: The address of the record the citation was checked against.
        verified_on: The date it was checked.

    .. versionchanged:: 0.5.0 Added *verified_at* and *verified_on*.
    """

    __repr__ = attrs_repr

    id: str
    authors: tuple[str, ...]
    title: str
    publisher: str
    year: int | None
    source_type: SourceType
    verified: bool
    doi: str | None = None
    pmid: str | None = None
    url: str | None = None
    note: str = attrs.field(default="", metadata=_CLINICIAN)
    verified_at: str | None = None
    verified_on: datetime.date | None = None


@attrs.frozen(kw_only=True)
class Cause:
    """Something that can cause a breakout after microneedling, or be mistaken for one.

    Attributes:
        id: Stable kebab-case id.
        name: Patient-facing short name.
        category: Breakout, look-alike, coincidental, sequela or unproven.
        summary: Patient-facing explanation in plain language.
        how_to_tell: Patient-facing: what it looks like and how to tell it apart.
        mechanism: Clinician-facing: how it comes about.
        evidence_notes: Clinician-facing: what the evidence does and does not show.
        onset: When it usually starts, in hours after the treatment; ``None`` if unknown.
        duration: How long it usually lasts, as a range of hours; ``None`` if unknown.
        likelihood: How often it happens; ``UNKNOWN`` where no rate is known.
        evidence: Strength of the evidence behind this entry.
        references: Ids of the :class:`Reference` objects this entry cites.
    """

    __repr__ = attrs_repr

    id: str
    name: str = attrs.field(metadata=_PATIENT)
    category: CauseCategory
    summary: str = attrs.field(metadata=_PATIENT)
    how_to_tell: str = attrs.field(metadata=_PATIENT)
    mechanism: str = attrs.field(metadata=_CLINICIAN)
    evidence_notes: str = attrs.field(metadata=_CLINICIAN)
    onset: TimeWindow | None
    duration: TimeWindow | None
    likelihood: Likelihood
    evidence: EvidenceLevel
    references: tuple[str, ...]


@attrs.frozen(kw_only=True)
class RiskFactor:
    """Something about a patient or a treatment that makes a cause more likely.

    Attributes:
        id: Stable kebab-case id.
        name: Patient-facing short name.
        description: Patient-facing explanation of why it matters.
        question: A plain intake question a clinic can ask to screen for it.
        modifiable: Whether it can be changed.
        raises: Ids of the :class:`Cause` objects it makes more likely.
        mitigated_by: Ids of the :class:`AftercareStep` objects that lower the risk.
        clinician_notes: Clinician-facing detail.
        evidence: Strength of the evidence behind this entry.
        references: Ids of the :class:`Reference` objects this entry cites.
    """

    __repr__ = attrs_repr

    id: str
    name: str = attrs.field(metadata=_PATIENT)
    description: str = attrs.field(metadata=_PATIENT)
    question: str = attrs.field(metadata=_PATIENT)
    modifiable: Modifiability
    raises: tuple[str, ...]
    mitigated_by: tuple[str, ...]
    clinician_notes: str = attrs.field(metadata=_CLINICIAN)
    evidence: EvidenceLevel
    references: tuple[str, ...]


@attrs.frozen(kw_only=True)
class AftercareStep:
    """One thing to do, or to avoid, in a time window after the treatment.

    Attributes:
        id: Stable kebab-case id.
        action: Patient-facing instruction, short and direct.
        reason: Patient-facing reason: why the step helps.
        kind: Something to do, or something to avoid.
        window: When the step applies, in hours after the treatment.
        scope: Which patients it applies to.
        addresses: Ids of the :class:`Cause` objects the step helps prevent or treat.
        clinician_notes: Clinician-facing detail, such as the range clinics advise.
        evidence: Strength of the evidence behind this entry.
        references: Ids of the :class:`Reference` objects this entry cites.
        contradicted_by: Phrasings of advice that goes against this step ("use your
            vitamin C serum right after treatment"), for
            :func:`~microneedle_care.check.check_text`.
        short: Patient-facing name of the step in a few words ("makeup", "swimming"),
            for the sheet's "at a glance" timeline; ``""`` (the default) uses the first
            sentence of *action* instead.

    .. versionchanged:: 0.5.0 Added *contradicted_by*.
    .. versionchanged:: 0.6.0 Added *short*.
    """

    __repr__ = attrs_repr

    id: str
    action: str = attrs.field(metadata=_PATIENT)
    reason: str = attrs.field(metadata=_PATIENT)
    kind: StepKind
    window: TimeWindow
    scope: StepScope
    addresses: tuple[str, ...]
    clinician_notes: str = attrs.field(metadata=_CLINICIAN)
    evidence: EvidenceLevel
    references: tuple[str, ...]
    contradicted_by: tuple[Phrasing, ...] = ()
    short: str = attrs.field(default="", metadata=_PATIENT)


@attrs.frozen(kw_only=True)
class WarningSign:
    """A sign that needs a clinician, with how urgently and what to do.

    Attributes:
        id: Stable kebab-case id.
        sign: Patient-facing description of what the patient notices.
        action: Patient-facing instruction: what to do about it.
        short: Patient-facing name of the sign in a few words ("Hives, but you can
            breathe well"), for the phone's first screen, where each sign that needs help
            now or today is one line linking to its full text; ``""`` (the default, and
            what a clinic pack may leave it) uses the first sentence of *sign* instead.

            .. versionadded:: 0.6.0
        question: Patient-facing yes/no question that asks about the sign, for a
            symptom check-in (see :func:`microneedle_care.checkin.check_in`); empty
            if the content gives none.

            .. versionadded:: 0.5.0
        asked_from_day: The first day after treatment on which the sign can apply (0, the
            day of treatment, unless the sign is about something that lasts, such as redness
            still there after 2 weeks). A check-in on an earlier day does not ask it.

            .. versionadded:: 0.6.0
        urgency: How quickly to act.
        points_to: Ids of the :class:`Cause` objects the sign may point to.
        clinician_notes: Clinician-facing detail.
        evidence: Strength of the evidence behind this entry.
        references: Ids of the :class:`Reference` objects this entry cites.
    """

    __repr__ = attrs_repr

    id: str
    sign: str = attrs.field(metadata=_PATIENT)
    action: str = attrs.field(metadata=_PATIENT)
    question: str = attrs.field(default="", metadata=_PATIENT)
    short: str = attrs.field(default="", metadata=_PATIENT)
    asked_from_day: int = attrs.field(default=0, validator=_day)
    urgency: Urgency
    points_to: tuple[str, ...]
    clinician_notes: str = attrs.field(metadata=_CLINICIAN)
    evidence: EvidenceLevel
    references: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Phrasing:
    """A way people put a claim or a piece of advice into words, for finding it in text.

    A pattern is one or more groups joined by ``+``; every group must occur in a sentence,
    in any order. A group lists alternatives joined by ``|``; an alternative is one or more
    words, and a word ending in ``*`` matches any word it begins. Text is compared without
    case or accents. ``"microneedl*|needling + detox*|toxin*|impurit*"`` matches
    "Microneedling flushes toxins out" and "toxins are pushed out by needling".

    Attributes:
        locale: The language of the pattern: ``"en"``, ``"fr"`` or ``"es"``.
        pattern: The pattern.

    .. versionadded:: 0.5.0
    """

    __repr__ = attrs_repr

    locale: str
    pattern: str


@attrs.frozen(kw_only=True)
class Myth:
    """A claim often made about microneedling and breakouts, with its correction.

    Attributes:
        id: Stable kebab-case id.
        claim: Patient-facing statement of the claim, as people say it.
        correction: Patient-facing correction in plain language.
        distorts: Ids of the :class:`Cause` objects the claim misdescribes.
        evidence_notes: Clinician-facing summary of the evidence behind the correction.
        evidence: Strength of the evidence behind the correction.
        references: Ids of the :class:`Reference` objects this entry cites.
        phrasings: How people state the myth, in each language, for
            :func:`~microneedle_care.check.check_text`.

    .. versionchanged:: 0.5.0 Added *phrasings*.
    """

    __repr__ = attrs_repr

    id: str
    claim: str = attrs.field(metadata=_PATIENT)
    correction: str = attrs.field(metadata=_PATIENT)
    distorts: tuple[str, ...]
    evidence_notes: str = attrs.field(metadata=_CLINICIAN)
    evidence: EvidenceLevel
    references: tuple[str, ...]
    phrasings: tuple[Phrasing, ...] = ()


class TreatmentRole(enum.Enum):
    """What the package gives a patient after a :class:`Treatment`.

    .. versionadded:: 0.6.0
    """

    CLINIC_TREATMENT = "clinic-treatment"
    """A treatment done at a clinic, with day-by-day aftercare, a schedule and check-ins."""
    STOP_AND_REPORT = "stop-and-report"
    """Something the patient should stop, such as a roller used at home.

    The sheet says what to stop, what to watch for and how to report harm; there is no
    day-by-day schedule."""


ALL = "*"
"""In a treatment's ``include``, every *base* item of that kind (see :class:`Treatment`)."""


@attrs.frozen(kw_only=True)
class ItemSet:
    """Item ids by kind, as a :class:`Treatment` names them.

    .. versionadded:: 0.6.0
    """

    __repr__ = attrs_repr

    causes: tuple[str, ...] = ()
    risk_factors: tuple[str, ...] = ()
    aftercare_steps: tuple[str, ...] = ()
    warning_signs: tuple[str, ...] = ()
    myths: tuple[str, ...] = ()


ITEM_SET_KINDS = ("causes", "risk_factors", "aftercare_steps", "warning_signs", "myths")
"""The kinds an :class:`ItemSet` names, in content order."""


@attrs.frozen(kw_only=True)
class WindowChange:
    """A treatment keeps one shared step for longer (it never shortens it).

    Attributes:
        item: The :class:`AftercareStep` id.
        window: The longer window; it must contain the step's own window.
        reason: Patient-facing: why this treatment needs the longer time. The sheet shows
            it after the step's own reason.
        clinician_notes: Clinician-facing detail.
        evidence: Strength of the evidence for the longer window.
        references: Ids of the :class:`Reference` objects it rests on.

    .. versionadded:: 0.6.0
    """

    __repr__ = attrs_repr

    item: str
    window: TimeWindow
    reason: str = attrs.field(metadata=_PATIENT)
    clinician_notes: str = attrs.field(default="", metadata=_CLINICIAN)
    evidence: EvidenceLevel
    references: tuple[str, ...]


@attrs.frozen(kw_only=True)
class LateTouchpoint:
    """A check-in day a treatment needs after the steps' own days.

    Attributes:
        day: The day after the treatment (day 1 is the treatment day), 1 to 3,660.
        asks: Ids of the :class:`WarningSign` objects that day's check-in asks about.

    .. versionadded:: 0.6.0
    """

    __repr__ = attrs_repr

    day: int = attrs.field(validator=_day)
    asks: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Treatment:
    """A kind of microneedling (or a home device), and which content items apply to it.

    Items stay shared: a treatment only names them. An item that some treatment *adds*
    is *treatment-only*: it reaches a patient only through a treatment that adds it.
    Every other item is a *base* item, and ``"*"`` in ``include`` means every base
    item of that kind, so the default treatment, :data:`DEFAULT_TREATMENT`, gives
    exactly the content as it was before treatments existed.

    Attributes:
        id: Stable kebab-case id.
        name: Patient-facing name ("Microneedling with PRP (from your own blood)").
        summary: Patient-facing: what it is, in plain words.
        role: A clinic treatment, or something to stop and report.
        also_known_as: Other and trade names (clinician-facing).
        inherits: The id of the treatment whose items this one starts from, or ``None``.
        include: The items of a treatment that inherits nothing.
        add: Items this treatment adds to what it inherits.
        drop: Inherited aftercare steps that do not apply: steps about a part of the
            body that was not treated, or a shared step a stricter step the treatment
            adds takes the place of (the serum or exosome treatment's serum rule).
            Warning signs, causes, risk factors and myths are never dropped.
        window_changes: Shared steps this treatment keeps for longer.
        late_touchpoints: Check-in days after the steps' own days.
        checkin_questions: Warning sign ids its check-ins ask first within their
            urgency (an emergency or same-day question always comes before a less
            urgent one), in this order.
        reporting: Ids of the :class:`ReportingRoute` objects where a complication of
            this treatment is reported to a regulator; a treatment that inherits also
            has its parent's (see :func:`~microneedle_care.reporting.reporting_routes`).
        clinician_notes: Clinician-facing detail.
        not_yet_covered: Clinician-facing: what this treatment's sheet does not cover yet,
            because its own items wait on a source (empty when nothing is missing).
            :func:`~microneedle_care.checklist.build_checklist` warns with it
            (:exc:`~microneedle_care.errors.IncompleteTreatmentWarning`).
        evidence: Strength of the evidence behind the record.
        references: Ids of the :class:`Reference` objects it cites.

    .. versionadded:: 0.6.0
    """

    __repr__ = attrs_repr

    id: str
    name: str = attrs.field(metadata=_PATIENT)
    summary: str = attrs.field(metadata=_PATIENT)
    role: TreatmentRole
    also_known_as: tuple[str, ...] = ()
    inherits: str | None = None
    include: ItemSet = ItemSet()
    add: ItemSet = ItemSet()
    drop: tuple[str, ...] = ()
    window_changes: tuple[WindowChange, ...] = ()
    late_touchpoints: tuple[LateTouchpoint, ...] = ()
    checkin_questions: tuple[str, ...] = ()
    reporting: tuple[str, ...] = attrs.field(default=(), metadata=_NEW)
    clinician_notes: str = attrs.field(metadata=_CLINICIAN)
    not_yet_covered: str = attrs.field(default="", metadata={**_CLINICIAN, OMIT_IF_DEFAULT: True})
    evidence: EvidenceLevel
    references: tuple[str, ...]


DEFAULT_TREATMENT = "pen-microneedling"
"""The treatment a checklist is for when none is named."""


@attrs.frozen(kw_only=True)
class ReportingRoute:
    """Where a complication is reported to a regulator, in one country or region.

    Clinician-facing: no patient sheet shows it. A :class:`Treatment` names the routes
    that apply to it (``reporting``); the clinic's region selects among them (see
    :func:`~microneedle_care.reporting.reporting_routes`).

    Attributes:
        id: Stable kebab-case id.
        region: Where it applies: a country (``"US"``, ``"CA"``), which covers every
            region in it, or an ISO 3166-2 region (``"CA-QC"``).
        regulator: Clinician-facing: the regulator and its reporting program.
        who: Clinician-facing: who may report there, and who must.
        address: The official page to report from, on the regulator's own site.
        address_fr: The same page in French, where the regulator has one; ``None``
            otherwise (see :func:`~microneedle_care.reporting.address_for`).
        clinician_notes: Clinician-facing: what to report there, and what goes elsewhere.
        references: Ids of the :class:`Reference` objects the address was checked against.

    .. versionadded:: 0.6.0
    """

    __repr__ = attrs_repr

    id: str
    region: str
    regulator: str = attrs.field(metadata=_CLINICIAN)
    who: str = attrs.field(metadata=_CLINICIAN)
    address: str
    address_fr: str | None = None
    clinician_notes: str = attrs.field(metadata=_CLINICIAN)
    references: tuple[str, ...]


@attrs.frozen(kw_only=True)
class Deprecation:
    """A retired id, kept so that records naming it can still be read.

    Ids are never reused. When an item is removed or renamed, its id moves here with
    the ids that replace it.

    Attributes:
        id: The retired id.
        replaced_by: Ids of the live items that take its place; empty if none does.
        since: The content version that retired it.
        reason: Clinician-facing note on why it was retired.
    """

    __repr__ = attrs_repr

    id: str
    replaced_by: tuple[str, ...]
    since: str
    reason: str = attrs.field(metadata=_CLINICIAN)


@attrs.frozen(kw_only=True)
class WordingChange:
    """New patient-facing wording for one existing item, from a clinic pack.

    Only the fields given (not ``None``) change, and each must be a patient-facing field
    of the item's kind (see :func:`patient_fields`): a clinic can reword an item, not
    change what it means for the checklist.

    Attributes:
        id: The item to reword.

    .. versionchanged:: 0.6.0 Added *short* (a step's name in the timeline).
    """

    __repr__ = attrs_repr

    id: str
    name: str | None = attrs.field(default=None, metadata=_PATIENT)
    summary: str | None = attrs.field(default=None, metadata=_PATIENT)
    how_to_tell: str | None = attrs.field(default=None, metadata=_PATIENT)
    description: str | None = attrs.field(default=None, metadata=_PATIENT)
    question: str | None = attrs.field(default=None, metadata=_PATIENT)
    action: str | None = attrs.field(default=None, metadata=_PATIENT)
    reason: str | None = attrs.field(default=None, metadata=_PATIENT)
    sign: str | None = attrs.field(default=None, metadata=_PATIENT)
    claim: str | None = attrs.field(default=None, metadata=_PATIENT)
    correction: str | None = attrs.field(default=None, metadata=_PATIENT)
    short: str | None = attrs.field(default=None, metadata=_PATIENT)

    def changes(self) -> dict[str, str]:
        """Return the fields this change sets, by name.

        >>> WordingChange(id="wash-gently", action="Wash twice a day.").changes()
        {'action': 'Wash twice a day.'}
        """
        return {
            name: value
            for name in patient_fields(WordingChange)
            if (value := getattr(self, name)) is not None
        }


@attrs.frozen(kw_only=True)
class Approval:
    """A clinic's sign-off: who approved the content its patients get, and exactly which.

    It is stored in a clinic pack's ``pack`` section (``microneedle-care approve`` writes
    it) and binds the approval to one content digest (``Catalog.content_digest``: the
    packaged content with every clinic pack merged), to one output digest (the content
    and the package release) and to the packs' names and versions. Any later change to
    them, or to the record itself, means the approval no longer applies.

    Attributes:
        name: The approver's name, as it should be shown (``"Dr. Ana Diaz"``).
        credentials: Their credentials and role (``"MD, FRCPC, medical director"``).
        date: The day they approved the content.
        content_digest: The digest of the content they approved.
        content_version: The content version they approved, for people to read.
        item_digests: A short digest of every item they approved, by id, so that a
            refused approval can name the items that changed since.
        output_digest: The digest of everything the patients get from this package
            version: the content digest and the package's own fixed wording and logic
            (see :func:`~microneedle_care.approval.output_digest`).
        output_parts: A digest of each part of that output, by part name, so that a
            refused approval can name the part that changed.
        packs: The name and version of every merged clinic pack, in order.
        seal: A sha256 over every other field (see
            :func:`~microneedle_care.approval.seal`): an edit to the record breaks it. It
            is a checksum, not a signature. A record without one (written by 0.5.0) is
            not accepted as an approval.

    .. versionadded:: 0.5.0
    .. versionchanged:: 0.6.0 Added *output_digest*, *output_parts*, *packs* and *seal*.
    """

    __repr__ = attrs_repr

    name: str
    credentials: str
    date: datetime.date
    content_digest: str
    content_version: str
    item_digests: dict[str, str] = attrs.field(factory=dict, hash=False)
    output_digest: str | None = None
    output_parts: dict[str, str] = attrs.field(factory=dict, hash=False)
    packs: tuple[tuple[str, str], ...] = ()
    seal: str | None = None


@attrs.frozen(kw_only=True)
class SafetyOverride:
    """A clinic pack's explicit acknowledgement that it weakens one safety item.

    Hiding or rewording an emergency or same-day warning sign, or replacing the medical
    disclaimer, is refused unless the pack lists the item here with its reason.

    Attributes:
        id: The warning sign's id, or ``"disclaimer"`` for the disclaimer.
        reason: Why the clinic makes the change (not empty).

    .. versionadded:: 0.6.0
    """

    __repr__ = attrs_repr

    id: str
    reason: str


@attrs.frozen(kw_only=True)
class PackInfo:
    """The ``pack`` section of a clinic pack: who it is from and what it changes.

    Attributes:
        name: The clinic or pack name, recorded with the catalog.
        version: The pack's own version, chosen by the clinic.
        locale: The language of the pack's text; it must match the catalog's.
        replace: New wording for existing items.
        hide: Ids of items the clinic does not use. Hiding an item that another item
            needs (a step a risk factor lists, a cited reference) is an error.
        disclaimer: A disclaimer to use instead of the packaged one.
        approval: The clinic's sign-off on the merged content, if it has given one.
        safety_overrides: The pack's acknowledgements of each emergency or same-day
            warning sign it hides or rewords, and of a replaced disclaimer (see
            :class:`SafetyOverride`).

    .. versionchanged:: 0.5.0 Added *approval*.
    .. versionchanged:: 0.6.0 Added *safety_overrides*.
    """

    __repr__ = attrs_repr

    name: str
    version: str
    locale: str = "en"
    replace: tuple[WordingChange, ...] = ()
    hide: tuple[str, ...] = ()
    disclaimer: str | None = attrs.field(default=None, metadata=_PATIENT)
    approval: Approval | None = None
    safety_overrides: tuple[SafetyOverride, ...] = ()


@attrs.frozen(kw_only=True)
class ClinicPack:
    """A clinic's own additions and changes, applied on top of the packaged content.

    It has the content pack's lists (all optional) for new items, and a ``pack`` section
    (:class:`PackInfo`) for rewording and hiding existing ones.

    .. versionchanged:: 0.6.0 Added *treatments*: a clinic's own device, which must
       inherit a packaged treatment; and *reporting_routes*.
    """

    __repr__ = attrs_repr

    pack: PackInfo
    causes: tuple[Cause, ...] = ()
    risk_factors: tuple[RiskFactor, ...] = ()
    aftercare_steps: tuple[AftercareStep, ...] = ()
    warning_signs: tuple[WarningSign, ...] = ()
    myths: tuple[Myth, ...] = ()
    references: tuple[Reference, ...] = ()
    treatments: tuple[Treatment, ...] = attrs.field(default=(), metadata=_NEW)
    reporting_routes: tuple[ReportingRoute, ...] = attrs.field(default=(), metadata=_NEW)


Item = Union[  # noqa: UP007
    Cause, RiskFactor, AftercareStep, WarningSign, Myth, Reference, Treatment, ReportingRoute
]
"""Any content item that has an ``id``."""


@attrs.frozen(kw_only=True)
class Review:
    """The honest record of how the content was reviewed, and when it must be again.

    Attributes:
        next_review: The content is due for review after this date;
            :func:`~microneedle_care.loading.load` warns with
            :class:`~microneedle_care.errors.ContentDueForReviewWarning` past it.
        reviewed_against: What the content was checked against (the fact sheet, the
            verified sources).
        reviewers: Who reviewed it and how, stated plainly.
        clinician_reviewed: Whether a licensed clinician has reviewed the content.
        funding: Who paid for the content.
        conflicts_of_interest: Conflicts of interest of the authors and reviewers.

    .. versionadded:: 0.5.0
    """

    __repr__ = attrs_repr

    next_review: datetime.date
    reviewed_against: tuple[str, ...]
    reviewers: str = attrs.field(metadata=_CLINICIAN)
    clinician_reviewed: bool
    funding: str = attrs.field(metadata=_CLINICIAN)
    conflicts_of_interest: str = attrs.field(metadata=_CLINICIAN)


@attrs.frozen(kw_only=True)
class ContentPack:
    """A whole release of content, as stored in a JSON content pack.

    Use :class:`~microneedle_care.catalog.Catalog` to look things up in it.

    Attributes:
        content_version: Semantic version of the content, apart from the package version.
        reviewed: The date the content was last reviewed against its sources.
        disclaimer: Patient-facing note that the content does not replace a clinician.
        causes: Every :class:`Cause`, in a stable order.
        risk_factors: Every :class:`RiskFactor`.
        aftercare_steps: Every :class:`AftercareStep`.
        warning_signs: Every :class:`WarningSign`.
        myths: Every :class:`Myth`.
        references: Every :class:`Reference`.
        deprecated: Every retired id, with its replacements.
        review: How the content was reviewed and when it is next due for review.
        treatments: Every :class:`Treatment`.
        reporting_routes: Every :class:`ReportingRoute`.

    .. versionchanged:: 0.5.0 Added *review*.
    .. versionchanged:: 0.6.0 Added *treatments* and *reporting_routes*.
    """

    __repr__ = attrs_repr

    content_version: str
    reviewed: datetime.date
    disclaimer: str = attrs.field(metadata=_PATIENT)
    causes: tuple[Cause, ...]
    risk_factors: tuple[RiskFactor, ...]
    aftercare_steps: tuple[AftercareStep, ...]
    warning_signs: tuple[WarningSign, ...]
    myths: tuple[Myth, ...]
    references: tuple[Reference, ...]
    deprecated: tuple[Deprecation, ...] = ()
    review: Review | None = None
    treatments: tuple[Treatment, ...] = attrs.field(default=(), metadata=_NEW)
    reporting_routes: tuple[ReportingRoute, ...] = attrs.field(default=(), metadata=_NEW)


@attrs.frozen(kw_only=True)
class Kind:
    """One kind of item in a content pack: where it is kept and what it is called.

    Attributes:
        attribute: The collection's name in a :class:`ContentPack` and its JSON, such as
            ``"aftercare_steps"``.
        item: The item class, such as :class:`AftercareStep`.
        label: What one item is called in a message, such as ``"aftercare step"``.
        cli_name: The collection's name on the command line, such as ``"steps"``.
        translated: Whether the content's translation files carry its patient text.
        title_field: The field that names an item in a list, such as ``"action"``.

    .. versionadded:: 0.6.0
    """

    __repr__ = attrs_repr

    attribute: str
    item: type[Item]
    label: str
    cli_name: str
    translated: bool
    title_field: str


KINDS: tuple[Kind, ...] = (
    Kind(
        attribute="causes",
        item=Cause,
        label="cause",
        cli_name="causes",
        translated=True,
        title_field="name",
    ),
    Kind(
        attribute="risk_factors",
        item=RiskFactor,
        label="risk factor",
        cli_name="risk-factors",
        translated=True,
        title_field="name",
    ),
    Kind(
        attribute="aftercare_steps",
        item=AftercareStep,
        label="aftercare step",
        cli_name="steps",
        translated=True,
        title_field="action",
    ),
    Kind(
        attribute="warning_signs",
        item=WarningSign,
        label="warning sign",
        cli_name="warning-signs",
        translated=True,
        title_field="sign",
    ),
    Kind(
        attribute="myths",
        item=Myth,
        label="myth",
        cli_name="myths",
        translated=True,
        title_field="claim",
    ),
    Kind(
        attribute="references",
        item=Reference,
        label="reference",
        cli_name="references",
        translated=False,
        title_field="title",
    ),
    Kind(
        attribute="treatments",
        item=Treatment,
        label="treatment",
        cli_name="treatments",
        translated=True,
        title_field="name",
    ),
    Kind(
        attribute="reporting_routes",
        item=ReportingRoute,
        label="reporting route",
        cli_name="reporting-routes",
        translated=False,
        title_field="regulator",
    ),
)
"""Every kind of item, in the order of a content pack. The one list the others derive from.

.. versionadded:: 0.6.0
"""

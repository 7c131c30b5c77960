"""Personalised aftercare checklists: content plus a patient's context, as data.

:func:`build_checklist` chooses and orders the content; the functions in
:mod:`microneedle_care.rendering` turn the result into text, Markdown, HTML or JSON.
"""

# The records build_checklist takes and returns (Checklist, ClinicContact, ...) are
# defined in _checklist_records and are this module's public names (see below).

from __future__ import annotations

import datetime
from collections.abc import Iterable
from warnings import warn as _warn

import attrs

from . import _checklist_records, _locale
from ._checklist_records import (
    _SECTION_WINDOWS,
    Checklist,
    ChecklistItem,
    ChecklistSection,
    ClinicContact,
    SectionKind,
    StepOverride,
    WarningGroup,
    day_span,
)
from ._identity import ByIdentity
from ._validate import _display_name, _expect
from .catalog import Catalog
from .errors import (
    InvalidTypeError,
    InvalidValueError,
    OutOfRangeError,
    UnknownIdError,
)
from .model import (
    MAX_YEAR,
    MIN_YEAR,
    AftercareStep,
    Cause,
    RiskFactor,
    StepScope,
    TreatmentRole,
    Urgency,
)

# The other names the records' annotations use: typing.get_type_hints (cattrs, the
# schema tool, the docs) resolves them in the records' public module, this one.
from .model import Approval as Approval
from .model import LateTouchpoint as LateTouchpoint
from .model import TimeWindow as TimeWindow
from .model import Treatment as Treatment
from .model import WarningSign as WarningSign
from .regions import WhoToCall as WhoToCall
from .regions import who_to_call

__all__ = [
    "Checklist",
    "ChecklistItem",
    "ChecklistSection",
    "ClinicContact",
    "SectionKind",
    "StepOverride",
    "WarningGroup",
    "build_checklist",
    "day_span",
]

# The records are defined in _checklist_records; their public names are this module's
# (docs, pickles), as batch does for _due.
for _name in _checklist_records.__all__:
    globals()[_name].__module__ = __name__
del _name


def _date(treatment_date: datetime.date | None, day: int | None) -> datetime.date | None:
    if treatment_date is None or day is None:
        return None
    return treatment_date + datetime.timedelta(days=day - 1)


# Each section with its first and last day, in order; and each kind's position.
_SECTIONS: tuple[tuple[SectionKind, int | None, int | None], ...] = tuple(
    (kind, *(day_span(kind.window) if kind.window is not None else (None, None)))
    for kind in SectionKind
)
_SECTION_INDEX = {kind: index for index, (kind, _, _) in enumerate(_SECTIONS)}


SCREENING_PREFIX = "tell-clinic-"
"""Steps whose id starts with this are screening: what to tell the clinic before a session.

They sit in :attr:`SectionKind.BEFORE_NEXT_SESSION`, not in the day their window starts,
so a sheet handed out after a treatment does not file them under its first day.
"""


def _section_of(step: AftercareStep) -> SectionKind:
    if step.scope is StepScope.BREAKOUT:
        return SectionKind.IF_BREAKOUT
    if step.id.startswith(SCREENING_PREFIX):
        return SectionKind.BEFORE_NEXT_SESSION
    for kind, window in _SECTION_WINDOWS.items():
        if window.contains(step.window.start_hours):
            return kind
    raise AssertionError(step.window)  # pragma: no cover - the windows cover every hour >= 0


_Plan = tuple[tuple[tuple[AftercareStep, int, int, int | None], ...], tuple["WarningGroup", ...]]
_plans: ByIdentity[_Plan] = ByIdentity()


def _plan(catalog: Catalog) -> _Plan:
    """Each step with its section and days, and the warning groups, once per catalog."""
    return _plans.get((catalog,), None, lambda: _make_plan(catalog))


def _make_plan(catalog: Catalog) -> _Plan:
    steps = tuple(
        (step, _SECTION_INDEX[_section_of(step)], *day_span(step.window))
        for step in catalog.aftercare_steps
    )
    warnings = tuple(
        WarningGroup(urgency=urgency, signs=signs)
        for urgency in Urgency
        if (signs := tuple(s for s in catalog.warning_signs if s.urgency is urgency))
    )
    return steps, warnings


def _risk_factor_ids(risk_factors: Iterable[str]) -> list[str]:
    if isinstance(risk_factors, str):
        raise InvalidTypeError(
            "risk_factors must be a collection of ids, not a single string;"
            f" write ({risk_factors!r},) for one risk factor"
        )
    ids = list(risk_factors)
    for value in ids:
        if not isinstance(value, str):
            raise InvalidTypeError(f"risk factor ids must be strings, got {value!r}")
    return ids


def build_checklist(
    _catalog: Catalog | None = None,
    /,
    *,
    catalog: Catalog | None = None,
    treatment_date: datetime.date | None = None,
    risk_factors: Iterable[str] = (),
    clinic: ClinicContact | None = None,
    locale: str | None = None,
    prepared_for: str | None = None,
    treatments: Iterable[str] = (),
    overrides: Iterable[StepOverride] = (),
) -> Checklist:
    """Build a personalised aftercare checklist.

    Every patient gets the steps meant for everyone. A risk factor adds the steps that
    mitigate it (and marks the everyone-steps that help with it), naming the causes
    each step helps prevent. Each step sits in the section where its time window
    starts; the "if a breakout appears" section holds what to do, and not do, about
    a breakout. Warning signs come grouped by urgency.

    .. deprecated:: 0.6.0
       Passing the catalog positionally (``build_checklist(catalog)``) still works, with
       a :exc:`DeprecationWarning`, until 0.7.0: write ``build_checklist(catalog=catalog)``.

    Args:
        catalog: The content to use (keyword-only); :func:`~microneedle_care.loading.load`
            in *locale* by default.
        treatment_date: The day of the treatment. With it, every section and item
            carries calendar dates; day 1 is the treatment day.
        risk_factors: Ids of the patient's risk factors.
        clinic: How to reach the clinic, shown with the warning signs.
        locale: The language, ``"en"`` or ``"fr"``. Without a *catalog* it picks the
            packaged content's language; with one it must match the catalog's.
        prepared_for: The patient's name as the sheet should show it ("prepared for").
        treatments: Ids of the treatments given in this session
            (:attr:`Catalog.treatments <microneedle_care.catalog.Catalog.treatments>`);
            by default the pen (:data:`~microneedle_care.model.DEFAULT_TREATMENT`).
            Several merge into one sheet (see :mod:`microneedle_care.treatments`): each
            step once, the strictest window, and each item says which treatment asked
            for it (``ChecklistItem.asked_by``).
            A treatment to stop and report (a home roller) implies the risk factors it
            names.
        overrides: A provider's per-visit windows for steps on the checklist
            (:class:`StepOverride`), recorded on the item with who set them.

    .. versionchanged:: 0.6.0 Added *treatments* and *overrides*.

    Returns:
        The checklist, as data.

    Raises:
        UnknownIdError: If a risk factor or treatment id is not in the catalog, or an
            override names a step that is not on the checklist.
        InvalidValueError: If *prepared_for* is empty or not one line of text.
        InvalidTypeError: If *treatment_date* is not a :class:`datetime.date` (a
            :class:`datetime.datetime` is refused too: a time of day would be dropped
            silently), *clinic* is not a :class:`ClinicContact`, or *risk_factors* is a
            single string or holds something other than strings.
        UnknownLocaleError: If *locale* is unknown.
        InvalidValueError: If *locale* differs from the catalog's.
        OutOfRangeError: If *treatment_date* is not in the years 1900 to 2200.

    >>> import datetime
    >>> checklist = build_checklist(
    ...     treatment_date=datetime.date(2026, 11, 25), risk_factors=["cold-sore-history"]
    ... )
    >>> [section.kind.value for section in checklist.sections][:4]
    ['first-24-hours', 'days-2-to-3', 'days-4-to-7', 'week-2-on']
    >>> [section.kind.value for section in checklist.sections][4:]
    ['before-next-session', 'if-breakout']
    >>> checklist.sections[1].first_date
    datetime.date(2026, 11, 26)
    """
    if _catalog is not None:
        if catalog is not None:
            raise InvalidValueError(
                "the catalog was given twice, positionally and as catalog=", argument="catalog"
            )
        _warn(
            "build_checklist(catalog) is deprecated since 0.6.0 and goes in 0.7.0;"
            " pass the catalog by keyword: build_checklist(catalog=catalog)",
            DeprecationWarning,
            stacklevel=2,
        )
        catalog = _catalog
    if catalog is None:
        from .loading import load

        catalog = load(locale=locale or "en")
    else:
        _expect(catalog, Catalog, "catalog")
    if locale is not None and _locale.normalise(locale) != catalog.locale:
        raise InvalidValueError(
            f"locale {locale!r} does not match the catalog's locale {catalog.locale!r}",
            argument="locale",
        )
    if isinstance(treatment_date, datetime.datetime):
        # datetime is a subclass of date; taking its date part would silently drop the
        # time and, for an aware datetime, maybe shift the day.
        raise InvalidTypeError(
            "treatment_date must be a datetime.date, not a datetime.datetime"
            f" ({treatment_date.isoformat()}); pass .date() of it in the clinic's time zone"
        )
    if treatment_date is not None and not isinstance(treatment_date, datetime.date):
        raise InvalidTypeError(f"treatment_date must be a datetime.date, got {treatment_date!r}")
    if clinic is not None and not isinstance(clinic, ClinicContact):
        raise InvalidTypeError(f"clinic must be a ClinicContact, got {type(clinic).__name__}")
    if treatment_date is not None and not MIN_YEAR <= treatment_date.year <= MAX_YEAR:
        raise OutOfRangeError("treatment_date", treatment_date, f"years {MIN_YEAR} to {MAX_YEAR}")
    from .treatments import plan_for

    treatment_plan = plan_for(catalog, treatments)
    for treatment in treatment_plan.treatments:
        if treatment.not_yet_covered:
            import warnings as _warnings  # "warnings" is the checklist's warning groups here

            from .errors import IncompleteTreatmentWarning

            _warnings.warn(
                f"{treatment.id}: {treatment.not_yet_covered}",
                IncompleteTreatmentWarning,
                stacklevel=2,
            )
    wanted = {catalog.risk_factor(rf_id).id for rf_id in _risk_factor_ids(risk_factors)}
    # Everyone given a treatment to stop and report (a home roller) has the risk factors
    # it names: they used the device.
    wanted |= {
        rf_id
        for t in treatment_plan.treatments
        if t.role is TreatmentRole.STOP_AND_REPORT
        for rf_id in (*t.include.risk_factors, *t.add.risk_factors)
    }
    chosen = tuple(rf for rf in catalog.risk_factors if rf.id in wanted)

    helps_by_step: dict[str, tuple[RiskFactor, ...]] = {}
    for rf in chosen:
        for step_id in rf.mitigated_by:
            # A shared step a stricter one takes the place of (the serum rule on the
            # serum or exosome sheet) passes its risk factors to that step.
            step_id = treatment_plan.stands_in.get(step_id, step_id)
            helps_by_step[step_id] = (*helps_by_step.get(step_id, ()), rf)

    by_override = _overrides(overrides)
    steps_wanted = treatment_plan.items["aftercare_steps"]
    signs_wanted = treatment_plan.items["warning_signs"]
    plan, warnings = _plan(catalog)
    if any(s.id not in signs_wanted for group in warnings for s in group.signs):
        warnings = tuple(
            WarningGroup(urgency=group.urgency, signs=signs)
            for group in warnings
            if (signs := tuple(s for s in group.signs if s.id in signs_wanted))
        )
    if first := treatment_plan.checkin_questions:
        # A treatment's own signs lead their urgency, as its check-in asks them (AA9).
        rank = {id: index for index, id in enumerate(first)}
        warnings = tuple(
            attrs.evolve(g, signs=tuple(sorted(g.signs, key=lambda s: rank.get(s.id, len(rank)))))
            for g in warnings
        )
    by_section: list[list[ChecklistItem]] = [[] for _ in _SECTIONS]
    placed: set[str] = set()
    for step, section, first_day, last_day in plan:
        if step.id not in steps_wanted:
            continue
        helps = helps_by_step.get(step.id, ())
        if step.scope is StepScope.RISK_FACTOR and not helps:
            continue
        prevents: tuple[Cause, ...] = ()
        if helps:
            raised = {cause for rf in helps for cause in rf.raises}
            prevents = tuple(catalog.cause(c) for c in step.addresses if c in raised)
        merged = treatment_plan.windows.get(step.id)
        if merged is not None:
            window, changes = merged
            reasons = " ".join(dict.fromkeys(c.reason for c in changes))
            step = attrs.evolve(step, window=window, reason=f"{step.reason} {reasons}")
        override = by_override.get(step.id)
        if override is not None:
            step = attrs.evolve(step, window=override.window)
        if merged is not None or override is not None:
            section = _SECTION_INDEX[_section_of(step)]
            first_day, last_day = day_span(step.window)
        placed.add(step.id)
        item = ChecklistItem(
            step=step,
            first_day=first_day,
            last_day=last_day,
            first_date=_date(treatment_date, first_day),
            last_date=_date(treatment_date, last_day),
            because_of=helps,
            prevents=prevents,
            asked_by=treatment_plan.asked_by.get(step.id, ()),
            override=override,
        )
        by_section[section].append(item)
    for step_id in by_override:
        if step_id not in placed:
            raise UnknownIdError(step_id, "step on this checklist", ())
    if treatment_plan.windows or by_override:
        order = {step.id: index for index, step in enumerate(catalog.aftercare_steps)}
        for items in by_section:
            items.sort(key=lambda i: order[i.step.id])

    sections = []
    for (kind, section_first, section_last), items in zip(_SECTIONS, by_section, strict=True):
        sections.append(
            ChecklistSection(
                kind=kind,
                first_day=section_first,
                last_day=section_last,
                first_date=_date(treatment_date, section_first),
                last_date=_date(treatment_date, section_last),
                items=tuple(items),
            )
        )
    return Checklist(
        treatment_date=treatment_date,
        clinic=clinic,
        risk_factors=chosen,
        sections=tuple(sections),
        warnings=warnings,
        disclaimer=catalog.disclaimer,
        content_version=catalog.content_version,
        content_digest=catalog.content_digest,
        locale=catalog.locale,
        packs=tuple((p.name, p.version) for p in catalog.packs),
        reviewed=catalog.reviewed,
        next_review=catalog.next_review,
        approval=catalog.approval,
        prepared_for=_display_name(prepared_for),
        regional=who_to_call(clinic.region, catalog.locale) if clinic is not None else None,
        treatments=treatment_plan.treatments,
        late_touchpoints=treatment_plan.late_touchpoints,
    )


def _overrides(overrides: Iterable[StepOverride]) -> dict[str, StepOverride]:
    if isinstance(overrides, (str, StepOverride)):
        raise InvalidTypeError("overrides must be a collection of StepOverride objects")
    out: dict[str, StepOverride] = {}
    for override in overrides:
        if not isinstance(override, StepOverride):
            raise InvalidTypeError(
                f"overrides must hold StepOverride objects, got {type(override).__name__}"
            )
        if override.step in out:
            raise InvalidValueError(f"step {override.step!r} is overridden twice")
        out[override.step] = override
    return out

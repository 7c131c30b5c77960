"""Treatments: which items apply to a patient given one or more treatments (pure).

A :class:`~microneedle_care.model.Treatment` names shared items by id. An item that some
treatment *adds* is *treatment-only*; every other item is a *base* item. A treatment that
inherits nothing lists its items in ``include`` (``"*"``: every base item of the kind);
one that inherits starts from its parent's items, adds its own and may drop inherited
steps about a part of the body that was not treated.

Several treatments given in one session merge into one plan:

* the items are the union of each treatment's items, so a step appears once, and a step
  one treatment drops stays if another keeps it;
* each step's window is the strictest any treatment asks for: the latest end (an open end
  is the longest) and, for a step to avoid, the earliest start; a step to *do* never
  starts earlier than the content says, so nothing resumes before a pause has ended;
* each item records which of the treatments asked for it or kept it longer;
* a shared step one treatment drops for a stricter step it adds (same kind and glance
  word, at least the same causes) is left out even if another treatment keeps it: the
  stricter rule wins;
* the late touchpoints are the union by day, and the check-in questions each treatment
  asks first come in the order the treatments were given, each once.

>>> import microneedle_care as mc
>>> catalog = mc.load()
>>> plan = plan_for(catalog, ["rf-microneedling", "microneedling-prp"])
>>> "keep-a-treatment-record" in plan.items["aftercare_steps"]
True
>>> plan.asked_by["keep-a-treatment-record"]
('microneedling-prp',)

.. versionadded:: 0.6.0
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from ._repr import attrs_repr
from .errors import InvalidTypeError
from .model import (
    ALL,
    DEFAULT_TREATMENT,
    ITEM_SET_KINDS,
    LateTouchpoint,
    StepKind,
    TimeWindow,
    Treatment,
    TreatmentRole,
    WindowChange,
)

if TYPE_CHECKING:
    from .catalog import Catalog

__all__ = ["TreatmentPlan", "applies_to", "plan_for", "resolve", "treatment_ids", "treatment_only"]


@attrs.frozen(kw_only=True)
class TreatmentPlan:
    """What a set of treatments gives a patient, merged.

    Attributes:
        treatments: The treatments named, in the order given; empty for the default
            (:data:`~microneedle_care.model.DEFAULT_TREATMENT`, or every base item if
            the content has no treatments).
        items: The ids of the items that apply, by kind (``"aftercare_steps"``, ...).
        asked_by: For each treatment-only item and each step kept longer, the ids of the
            given treatments that asked for it, in the order given.
        windows: For each step a treatment keeps longer, the merged window and the
            changes that made it.
        late_touchpoints: The treatments' late touchpoints, one per day, in day order.
        checkin_questions: The warning signs the treatments ask first, in order, each once.
        stands_in: For each shared step a treatment drops because a stricter step it adds
            takes its place (same kind and glance word, addressing at least the same
            causes), that step's id: a risk factor the shared step helps with is shown
            with the stricter one.
    """

    __repr__ = attrs_repr

    treatments: tuple[Treatment, ...]
    items: Mapping[str, frozenset[str]]
    asked_by: Mapping[str, tuple[str, ...]]
    windows: Mapping[str, tuple[TimeWindow, tuple[WindowChange, ...]]]
    late_touchpoints: tuple[LateTouchpoint, ...]
    checkin_questions: tuple[str, ...]
    stands_in: Mapping[str, str] = attrs.field(factory=lambda: MappingProxyType({}))

    @property
    def stop_and_report_only(self) -> bool:
        """Whether every treatment given is something to stop and report (no schedule)."""
        return bool(self.treatments) and all(
            t.role is TreatmentRole.STOP_AND_REPORT for t in self.treatments
        )


def treatment_ids(treatments: Iterable[str]) -> list[str]:
    """Return *treatments* as a list of ids, refusing a bare string or a non-string."""
    if isinstance(treatments, str):
        raise InvalidTypeError(
            "treatments must be a collection of ids, not a single string;"
            f" write ({treatments!r},) for one treatment"
        )
    ids = list(treatments)
    for value in ids:
        if not isinstance(value, str):
            raise InvalidTypeError(f"treatment ids must be strings, got {value!r}")
    return list(dict.fromkeys(ids))


def treatment_only(catalog: Catalog) -> frozenset[str]:
    """Return the ids of the items some treatment adds: they reach only its patients."""
    return frozenset(
        item_id
        for treatment in catalog.treatments
        for kind in ITEM_SET_KINDS
        for item_id in getattr(treatment.add, kind)
    )


def _chain(catalog: Catalog, treatment: Treatment) -> list[Treatment]:
    """Return the treatment and its ancestors, the furthest ancestor first."""
    chain = [treatment]
    while chain[0].inherits is not None:
        chain.insert(0, catalog.treatment(chain[0].inherits))
    return chain


def resolve(catalog: Catalog, treatment: Treatment) -> dict[str, frozenset[str]]:
    """Return the ids of the items that apply to one *treatment*, by kind."""
    only = treatment_only(catalog)
    out: dict[str, set[str]] = {kind: set() for kind in ITEM_SET_KINDS}
    for link in _chain(catalog, treatment):
        for kind in ITEM_SET_KINDS:
            listed = getattr(link.include, kind)
            if ALL in listed:
                out[kind] |= {i.id for i in getattr(catalog, kind) if i.id not in only}
            else:
                out[kind] |= set(listed)
            out[kind] |= set(getattr(link.add, kind))
        out["aftercare_steps"] -= set(link.drop)
    return {kind: frozenset(ids) for kind, ids in out.items()}


def _base(catalog: Catalog) -> dict[str, frozenset[str]]:
    only = treatment_only(catalog)
    return {
        kind: frozenset(i.id for i in getattr(catalog, kind) if i.id not in only)
        for kind in ITEM_SET_KINDS
    }


def _merged_window(
    step_window: TimeWindow, kind: StepKind, changes: list[WindowChange]
) -> TimeWindow:
    windows = [step_window, *(c.window for c in changes)]
    start = step_window.start_hours
    if kind is StepKind.AVOID:
        start = min(w.start_hours for w in windows)
    ends = [w.end_hours for w in windows]
    end = None if None in ends else max(e for e in ends if e is not None)
    return TimeWindow(start, end)


def _stands_in(catalog: Catalog, treatment: Treatment) -> dict[str, str]:
    """Map each step *treatment* drops to the stricter step it adds in its place, if any."""
    out: dict[str, str] = {}
    for dropped_id in treatment.drop:
        if dropped_id not in catalog:
            continue
        dropped = catalog.aftercare_step(dropped_id)
        for added_id in treatment.add.aftercare_steps:
            added = catalog.aftercare_step(added_id)
            if (
                added.kind is dropped.kind
                and added.short == dropped.short
                and set(dropped.addresses) <= set(added.addresses)
            ):
                out[dropped_id] = added_id
                break
    return out


def plan_for(catalog: Catalog, treatments: Iterable[str] = ()) -> TreatmentPlan:
    """Return the merged plan for the treatments with these ids, in the order given.

    With no ids, the plan is the default treatment's, if the content has it, else every
    base item; either way it names no treatment, so the checklist stays as before.

    Raises:
        UnknownIdError: If an id is not a treatment in *catalog*.
        InvalidTypeError: If *treatments* is a single string or holds a non-string.
    """
    ids = treatment_ids(treatments)
    given = tuple(catalog.treatment(i) for i in ids)
    if not given:
        if DEFAULT_TREATMENT in catalog and isinstance(catalog.get(DEFAULT_TREATMENT), Treatment):
            items = resolve(catalog, catalog.treatment(DEFAULT_TREATMENT))
        else:
            items = _base(catalog)
        return TreatmentPlan(
            treatments=(),
            items=MappingProxyType(items),
            asked_by=MappingProxyType({}),
            windows=MappingProxyType({}),
            late_touchpoints=(),
            checkin_questions=(),
        )
    only = treatment_only(catalog)
    merged: dict[str, set[str]] = {kind: set() for kind in ITEM_SET_KINDS}
    asked_by: dict[str, list[str]] = {}
    changes: dict[str, list[WindowChange]] = {}
    late: dict[int, list[str]] = {}
    questions: list[str] = []
    stands_in: dict[str, str] = {}
    for treatment in given:
        items = resolve(catalog, treatment)
        for link in _chain(catalog, treatment):
            stands_in |= _stands_in(catalog, link)
        for kind, found in items.items():
            merged[kind] |= found
            for item_id in sorted(found & only):
                asked_by.setdefault(item_id, []).append(treatment.id)
        for link in _chain(catalog, treatment):
            for change in link.window_changes:
                if change.item in items["aftercare_steps"]:
                    changes.setdefault(change.item, []).append(change)
                    by = asked_by.setdefault(change.item, [])
                    if treatment.id not in by:
                        by.append(treatment.id)
            for point in link.late_touchpoints:
                asks = late.setdefault(point.day, [])
                asks += [a for a in point.asks if a not in asks]
            questions += [q for q in link.checkin_questions if q not in questions]
    # The stricter rule wins: a shared step another treatment keeps still gives way to the
    # stricter step one of the treatments puts in its place (never two serum rules).
    merged["aftercare_steps"] -= set(stands_in)
    windows: dict[str, tuple[TimeWindow, tuple[WindowChange, ...]]] = {}
    for step_id, asked in changes.items():
        step = catalog.aftercare_step(step_id)
        windows[step_id] = (_merged_window(step.window, step.kind, asked), tuple(asked))
    return TreatmentPlan(
        treatments=given,
        items=MappingProxyType({kind: frozenset(ids) for kind, ids in merged.items()}),
        asked_by=MappingProxyType({k: tuple(v) for k, v in asked_by.items()}),
        windows=MappingProxyType(windows),
        late_touchpoints=tuple(
            LateTouchpoint(day=day, asks=tuple(late[day])) for day in sorted(late)
        ),
        checkin_questions=tuple(questions),
        stands_in=MappingProxyType(stands_in),
    )


def applies_to(catalog: Catalog, step_id: str) -> tuple[tuple[str, ...], bool]:
    """Return the clinic treatments whose items include the step, and whether that is all.

    Used for the protocol's applicability: a step every clinic treatment has needs no
    condition on the treatment.
    """
    clinic = [t for t in catalog.treatments if t.role is TreatmentRole.CLINIC_TREATMENT]
    having = tuple(
        t.id for t in catalog.treatments if step_id in resolve(catalog, t)["aftercare_steps"]
    )
    return having, all(t.id in having for t in clinic)

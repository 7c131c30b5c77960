"""The content rules a well-typed pack must also follow, checked in one pass.

Shape and types are cattrs' job; this module checks what types cannot say: id syntax,
uniqueness across kinds, relations that resolve to the right kind of item, required
text and citations, and the content version's syntax. It returns every problem it
finds, not only the first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

import attrs

from ._i18n import normalise
from ._patterns import pattern_sources
from .errors import Problem, UnknownLocaleError
from .model import (
    ALL,
    ITEM_SET_KINDS,
    ContentPack,
    Item,
    Phrasing,
    Reference,
    TimeWindow,
    Treatment,
)
from .model import KINDS as _KINDS

__all__ = ["ID_PATTERN", "KINDS", "check"]

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SEMVER = re.compile(
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?"
)

PHRASING_LOCALES = ("en", "fr", "es")
"""The languages of the packaged phrasings. Any name :func:`~microneedle_care._i18n.normalise`
accepts (``"fr"``, ``"fr-CA"``) is a valid :class:`~microneedle_care.model.Phrasing` locale.

.. versionchanged:: 0.6.0 The one locale policy decides, not this list.
"""

KINDS: tuple[str, ...] = tuple(kind.attribute for kind in _KINDS)
"""The pack's collections, in document order."""

# (collection, field) -> the collection its ids must point into.
_RELATIONS: dict[tuple[str, str], str] = {
    ("risk_factors", "raises"): "causes",
    ("risk_factors", "mitigated_by"): "aftercare_steps",
    ("aftercare_steps", "addresses"): "causes",
    ("warning_signs", "points_to"): "causes",
    ("myths", "distorts"): "causes",
    ("treatments", "reporting"): "reporting_routes",
}
# Relations that must name at least one item.
_NON_EMPTY = {("warning_signs", "points_to"), ("risk_factors", "raises")}
# Text every item of a kind must have (patient-facing fields first).
_REQUIRED_TEXT: dict[str, tuple[str, ...]] = {
    "causes": ("name", "summary", "how_to_tell"),
    "risk_factors": ("name", "description", "question"),
    "aftercare_steps": ("action", "reason"),
    "warning_signs": ("sign", "action"),
    "myths": ("claim", "correction"),
    "references": ("title", "publisher"),
    "treatments": ("name", "summary"),
    "reporting_routes": ("regulator", "who", "address", "clinician_notes"),
}

REGULATOR_DOMAINS = ("fda.gov", "canada.ca", "gc.ca")
"""Where a :class:`~microneedle_care.model.ReportingRoute`'s addresses may point: the
regulators' own sites (the domain or one of its subdomains), over ``https``."""
# A region code, as regions.REGION_PATTERN (not imported: regions sits above this layer).
_REGION = re.compile(r"[A-Z]{2}(?:-[A-Z0-9]{1,3})?")


def _items(pack: ContentPack) -> Iterator[tuple[str, str, Item]]:
    for kind in KINDS:
        for index, item in enumerate(getattr(pack, kind)):
            yield kind, f"$.{kind}[{index}]", item


def check(pack: ContentPack) -> tuple[Problem, ...]:
    """Return every content-rule problem in *pack*, in document order."""
    problems: list[Problem] = []
    if not _SEMVER.fullmatch(pack.content_version):
        problems.append(
            Problem("$.content_version", f"{pack.content_version!r} is not a semantic version")
        )
    if not pack.disclaimer.strip():
        problems.append(Problem("$.disclaimer", "must not be empty"))

    kind_of: dict[str, str] = {}
    first_path: dict[str, str] = {}
    for kind, path, item in _items(pack):
        item_id = item.id
        if not ID_PATTERN.fullmatch(item_id):
            problems.append(
                Problem(f"{path}.id", f"{item_id!r} is not a kebab-case id (like 'acne-flare')")
            )
        if item_id in first_path:
            problems.append(
                Problem(
                    f"{path}.id", f"duplicate id {item_id!r}, first used at {first_path[item_id]}"
                )
            )
        else:
            first_path[item_id] = path
            kind_of[item_id] = kind

    for kind, path, item in _items(pack):
        for name in _REQUIRED_TEXT[kind]:
            if not getattr(item, name).strip():
                problems.append(Problem(f"{path}.{name}", "must not be empty"))
        fields = attrs.fields_dict(type(item))
        for name in fields:
            target = _RELATIONS.get((kind, name))
            if target is not None:
                ids: Sequence[str] = getattr(item, name)
                if not ids and (kind, name) in _NON_EMPTY:
                    problems.append(Problem(f"{path}.{name}", "must name at least one item"))
                problems += _check_ids(ids, f"{path}.{name}", target, kind_of)
        if not isinstance(item, Reference):
            refs = item.references
            if not refs:
                problems.append(Problem(f"{path}.references", "must cite at least one reference"))
            problems += _check_ids(refs, f"{path}.references", "references", kind_of)
        for name in ("phrasings", "contradicted_by"):
            for index, phrasing in enumerate(getattr(item, name, ())):
                problems += _check_phrasing(phrasing, f"{path}.{name}[{index}]")
    problems += _check_deprecations(pack, kind_of)
    problems += _check_treatments(pack, kind_of)
    problems += _check_reporting_routes(pack)
    return tuple(problems)


def _check_reporting_routes(pack: ContentPack) -> list[Problem]:
    """Check each route's region code and that its addresses are on a regulator's site."""
    from urllib.parse import urlsplit  # only when content is checked, not on the cache's path

    problems = []
    for index, route in enumerate(pack.reporting_routes):
        path = f"$.reporting_routes[{index}]"
        if _REGION.fullmatch(route.region) is None:
            problems.append(
                Problem(f"{path}.region", f"{route.region!r} is not a code like 'US' or 'CA-QC'")
            )
        for name in ("address", "address_fr"):
            address = getattr(route, name)
            if address is None:
                continue
            parts = urlsplit(address)
            host = (parts.hostname or "").lower()
            if parts.scheme != "https" or not any(
                host == d or host.endswith("." + d) for d in REGULATOR_DOMAINS
            ):
                problems.append(
                    Problem(
                        f"{path}.{name}",
                        f"{address!r} is not an https page on a regulator's own site"
                        f" ({', '.join(REGULATOR_DOMAINS)})",
                    )
                )
    return problems


def _check_treatments(pack: ContentPack, kind_of: dict[str, str]) -> list[Problem]:
    """Check the rules of :class:`~microneedle_care.model.Treatment` records."""
    problems: list[Problem] = []
    by_id = {t.id: t for t in pack.treatments}
    steps = {s.id: s for s in pack.aftercare_steps}
    for index, treatment in enumerate(pack.treatments):
        path = f"$.treatments[{index}]"
        problems += _check_lineage(treatment, by_id, path)
        for set_name in ("include", "add"):
            item_set = getattr(treatment, set_name)
            for kind in ITEM_SET_KINDS:
                ids: tuple[str, ...] = getattr(item_set, kind)
                where = f"{path}.{set_name}.{kind}"
                if ALL in ids:
                    if set_name == "add" or treatment.inherits is not None:
                        problems.append(
                            Problem(where, "'*' is allowed only in the include of a base treatment")
                        )
                    elif len(ids) > 1:
                        problems.append(Problem(where, "'*' already names every base item"))
                    continue
                problems += _check_ids(ids, where, kind, kind_of)
        if treatment.inherits is not None and any(
            getattr(treatment.include, kind) for kind in ITEM_SET_KINDS
        ):
            problems.append(
                Problem(f"{path}.include", "a treatment that inherits adds items with 'add'")
            )
        problems += _check_ids(treatment.drop, f"{path}.drop", "aftercare_steps", kind_of)
        for i, change in enumerate(treatment.window_changes):
            where = f"{path}.window_changes[{i}]"
            problems += _check_ids((change.item,), f"{where}.item", "aftercare_steps", kind_of)
            problems += _check_ids(change.references, f"{where}.references", "references", kind_of)
            if not change.references:
                problems.append(Problem(f"{where}.references", "must cite at least one reference"))
            if not change.reason.strip():
                problems.append(Problem(f"{where}.reason", "must not be empty"))
            step = steps.get(change.item)
            if step is not None and not _contains(change.window, step.window):
                problems.append(
                    Problem(
                        f"{where}.window",
                        f"must contain the step's own window ({step.window.describe()}):"
                        " a treatment can keep a step longer, never shorten it",
                    )
                )
        days: set[int] = set()
        for i, late in enumerate(treatment.late_touchpoints):
            where = f"{path}.late_touchpoints[{i}]"
            if late.day < 1:
                problems.append(
                    Problem(f"{where}.day", "must be 1 or more (day 1 is treatment day)")
                )
            if late.day in days:
                problems.append(Problem(f"{where}.day", f"day {late.day} is listed twice"))
            days.add(late.day)
            if not late.asks:
                problems.append(Problem(f"{where}.asks", "must name at least one item"))
            problems += _check_ids(late.asks, f"{where}.asks", "warning_signs", kind_of)
        problems += _check_ids(
            treatment.checkin_questions, f"{path}.checkin_questions", "warning_signs", kind_of
        )
    return problems


def _check_lineage(treatment: Treatment, by_id: dict[str, Treatment], path: str) -> list[Problem]:
    seen = {treatment.id}
    parent = treatment.inherits
    while parent is not None:
        if parent not in by_id:
            return [Problem(f"{path}.inherits", f"{parent!r} is not a treatment")]
        if parent in seen:
            return [Problem(f"{path}.inherits", f"inherits in a circle through {parent!r}")]
        seen.add(parent)
        parent = by_id[parent].inherits
    return []


def _contains(outer: TimeWindow, inner: TimeWindow) -> bool:
    """Whether *outer* covers every hour of *inner* (an open end is the longest)."""
    if outer.start_hours > inner.start_hours:
        return False
    if outer.end_hours is None:
        return True
    return inner.end_hours is not None and outer.end_hours >= inner.end_hours


def _check_phrasing(phrasing: Phrasing, path: str) -> list[Problem]:
    problems = []
    try:
        normalise(phrasing.locale)
    except UnknownLocaleError as exc:
        expected = ", ".join(repr(x) for x in exc.available)
        problems.append(Problem(f"{path}.locale", f"{phrasing.locale!r} is not one of {expected}"))
    try:
        pattern_sources(phrasing.pattern)  # checks it; compiling waits for the checker
    except ValueError as exc:
        problems.append(Problem(f"{path}.pattern", str(exc)))
    return problems


def _check_deprecations(pack: ContentPack, kind_of: dict[str, str]) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for index, retired in enumerate(pack.deprecated):
        path = f"$.deprecated[{index}]"
        if not ID_PATTERN.fullmatch(retired.id):
            problems.append(Problem(f"{path}.id", f"{retired.id!r} is not a kebab-case id"))
        if retired.id in kind_of:
            problems.append(
                Problem(f"{path}.id", f"{retired.id!r} is retired but still used by a live item")
            )
        if retired.id in seen:
            problems.append(Problem(f"{path}.id", f"{retired.id!r} is retired twice"))
        seen.add(retired.id)
        if not _SEMVER.fullmatch(retired.since):
            problems.append(
                Problem(f"{path}.since", f"{retired.since!r} is not a semantic version")
            )
        for i, new in enumerate(retired.replaced_by):
            if new not in kind_of:
                problems.append(
                    Problem(f"{path}.replaced_by[{i}]", f"{new!r} is not the id of a live item")
                )
    return problems


def _check_ids(
    ids: Sequence[str], path: str, target: str, kind_of: dict[str, str]
) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for index, ref in enumerate(ids):
        where = f"{path}[{index}]"
        if ref in seen:
            problems.append(Problem(where, f"{ref!r} is listed twice"))
        seen.add(ref)
        found = kind_of.get(ref)
        if found is None:
            problems.append(Problem(where, f"{ref!r} does not exist in {target}"))
        elif found != target:
            problems.append(Problem(where, f"{ref!r} is in {found}, expected an id from {target}"))
    return problems

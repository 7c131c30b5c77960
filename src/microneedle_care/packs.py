"""Clinic packs: a clinic's own items, wording and hidden items, merged onto the content.

A clinic pack is a JSON file with a ``pack`` section (:class:`~microneedle_care.model.PackInfo`)
and, optionally, the content pack's lists of items to add. Merging never changes the
catalog it starts from: it returns a new one, checks every relation again, and refuses
the whole result if anything conflicts, naming the files involved.

A pack cannot weaken safety silently. Hiding or rewording an emergency or same-day
warning sign, lowering its urgency, or replacing the medical disclaimer is refused with
:exc:`~microneedle_care.errors.SafetyOverrideError` unless the pack acknowledges it in
``pack.safety_overrides``::

    "safety_overrides": [
      {"id": "severe-allergic-reaction", "reason": "We hand out our own emergency card."},
      {"id": "disclaimer", "reason": "Our legal team wrote our disclaimer."}
    ]

:func:`safety_changes` lists the acknowledged changes, which ``microneedle-care
validate`` reports as notices.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from . import _locale, _rules
from .errors import ContentError, Problem, SafetyOverrideError
from .model import (
    ITEM_SET_KINDS,
    ClinicPack,
    ContentPack,
    Item,
    ItemSet,
    Reference,
    SafetyOverride,
    Treatment,
    Urgency,
    WarningSign,
    patient_fields,
)

if TYPE_CHECKING:  # only for annotations: the catalog imports this module, never the reverse
    from .catalog import Catalog

__all__ = ["DISCLAIMER_ID", "PACKAGED", "SafetyChange", "merge", "safety_changes"]

PACKAGED = "packaged content"
"""How error messages name the content the packs are merged onto."""

DISCLAIMER_ID = "disclaimer"
"""The id a ``safety_overrides`` entry uses to acknowledge a replaced disclaimer."""

_URGENT = (Urgency.EMERGENCY, Urgency.SAME_DAY)

_PATH = re.compile(r"^\$\.(\w+)\[(\d+)\](.*)$")


@attrs.frozen
class _Origin:
    source: str
    path: str


@attrs.frozen(kw_only=True)
class SafetyChange:
    """One way a clinic pack weakens a safety item.

    That is a hidden or reworded emergency or same-day warning sign, a lowered urgency,
    or a replaced disclaimer.

    Attributes:
        source: The clinic pack file that makes the change.
        path: Where in that file, as a JSON path (``$.pack.hide[0]``).
        id: The warning sign's id, or :data:`DISCLAIMER_ID`.
        what: What is weakened, in a few words (``"hides the emergency warning sign"``).
        reason: The reason the pack gives in ``safety_overrides``, or ``None`` if it
            does not acknowledge the change (then the pack is refused).

    .. versionadded:: 0.6.0
    """

    source: str
    path: str
    id: str
    what: str
    reason: str | None

    @property
    def message(self) -> str:
        """What is weakened and whether the pack acknowledges it, in one line."""
        text = self.what if self.id == DISCLAIMER_ID else f"{self.what} {self.id!r}"
        if self.reason is None:
            return (
                f"{text} without acknowledging it; if this is intended, add"
                f' {{"id": "{self.id}", "reason": "..."}} to pack.safety_overrides'
            )
        return f"{text} (acknowledged: {self.reason})"

    def __str__(self) -> str:
        return f"{self.source} {self.path}: {self.message}"


def safety_changes(catalog: Catalog) -> tuple[SafetyChange, ...]:
    """Return every safety change the clinic packs merged into *catalog* acknowledge.

    A catalog that loaded has no unacknowledged ones (it would have been refused), so
    every returned change has a ``reason``. The packaged content alone has none.

    >>> import microneedle_care as mc
    >>> safety_changes(mc.load())
    ()
    """
    merged_from = catalog._merged_from
    if merged_from is None:
        return ()
    base, packs = merged_from
    return _combine(base.pack, base.locale, packs)[2]


def merge(base: Catalog, packs: Sequence[tuple[ClinicPack, str]]) -> Catalog:
    """Return a new catalog: *base* with each ``(pack, source)`` applied in order.

    This is the one merge: :func:`~microneedle_care.loading.load` and :meth:`Catalog.with_pack
    <microneedle_care.catalog.Catalog.with_pack>` both call it. When *base* is itself the
    result of a merge, the new packs stack onto its packs, and each is checked against all
    of them (two packs rewording one field is a conflict).

    Raises:
        ContentError: If a pack's locale differs from the catalog's, adds an id that
            exists, rewords a missing item or a field that is not patient-facing, rewords
            a field another pack rewords too, or hides an item that something needs. Every
            problem names the file it comes from.
        SafetyOverrideError: If a pack hides or rewords an emergency or same-day warning
            sign, lowers its urgency, or replaces the disclaimer without a
            ``safety_overrides`` entry for it (a
            :exc:`~microneedle_care.errors.ContentError`).
    """
    if base._merged_from is not None:
        base, applied = base._merged_from
        packs = (*applied, *packs)
    packs = tuple(packs)
    merged, origin, _ = _combine(base.pack, base.locale, packs)
    # type(base) builds the catalog, so this module needs the Catalog class for its
    # annotations only: catalog -> packs, and no import runs back.
    try:
        return type(base)(
            merged,
            source="clinic packs",
            locale=base.locale,
            packs=tuple(pack.pack for pack, _ in packs),
            _merged_from=(base, packs),
        )
    except ContentError as exc:
        raise relocate(exc, merged, origin) from None


def _combine(
    base: ContentPack, locale: str, packs: Sequence[tuple[ClinicPack, str]]
) -> tuple[ContentPack, dict[str, _Origin], tuple[SafetyChange, ...]]:
    problems: list[Problem] = []
    changes: list[SafetyChange] = []
    items: dict[str, dict[str, Item]] = {}
    origin: dict[str, _Origin] = {}
    for kind in _rules.KINDS:
        items[kind] = {}
        for index, item in enumerate(getattr(base, kind)):
            items[kind][item.id] = item
            origin[item.id] = _Origin(PACKAGED, f"$.{kind}[{index}]")
    kind_of = {item_id: kind for kind, by_id in items.items() for item_id in by_id}
    reworded: dict[tuple[str, str], str] = {}
    hidden: dict[str, tuple[str, int]] = {}
    disclaimer = base.disclaimer

    for pack, source in packs:
        try:
            same_locale = _locale.normalise(pack.pack.locale) == locale
        except ValueError as exc:
            problems.append(Problem("$.pack.locale", str(exc), source))
        else:
            if not same_locale:
                message = f"the pack is in {pack.pack.locale!r} but the content is in {locale!r}"
                problems.append(Problem("$.pack.locale", message, source))
        for kind in _rules.KINDS:
            for index, item in enumerate(getattr(pack, kind)):
                if item.id in origin:
                    first = origin[item.id]
                    problems.append(
                        Problem(
                            f"$.{kind}[{index}].id",
                            f"{item.id!r} is already defined in {first.source} at {first.path}",
                            source,
                        )
                    )
                    continue
                if isinstance(item, Treatment) and item.inherits is None:
                    problems.append(
                        Problem(
                            f"$.{kind}[{index}].inherits",
                            "a clinic's treatment must inherit a packaged treatment,"
                            " so that it keeps that treatment's safety items",
                            source,
                        )
                    )
                items[kind][item.id] = item
                kind_of[item.id] = kind
                origin[item.id] = _Origin(source, f"$.{kind}[{index}]")
        weakened: list[tuple[str, str, str]] = []  # (path, id, what) for this pack
        for index, change in enumerate(pack.pack.replace):
            path = f"$.pack.replace[{index}]"
            target_kind = kind_of.get(change.id)
            if target_kind is None:
                problems.append(Problem(f"{path}.id", f"no item has the id {change.id!r}", source))
                continue
            current = items[target_kind][change.id]
            fields = change.changes()
            if not fields:
                problems.append(Problem(path, "changes no field", source))
            allowed = set(patient_fields(type(current)))
            for name in sorted(set(fields) - allowed):
                problems.append(
                    Problem(
                        f"{path}.{name}",
                        f"{change.id!r} has no patient-facing field {name!r}"
                        f" (it has {', '.join(sorted(allowed))})",
                        source,
                    )
                )
                del fields[name]
            for name in fields:
                other = reworded.get((change.id, name))
                if other is not None:
                    problems.append(
                        Problem(
                            f"{path}.{name}",
                            f"{change.id}.{name} is reworded by both {other} and {source}",
                            source,
                        )
                    )
                reworded[(change.id, name)] = source
            new = attrs.evolve(current, **fields)  # type: ignore[arg-type]
            if fields and origin[change.id].source != source:
                weakened += _weakenings(path, current, new, sorted(fields))
            items[target_kind][change.id] = new
        for index, item_id in enumerate(pack.pack.hide):
            if item_id not in kind_of:
                problems.append(
                    Problem(f"$.pack.hide[{index}]", f"no item has the id {item_id!r}", source)
                )
            else:
                hidden.setdefault(item_id, (source, index))
                shown = items[kind_of[item_id]][item_id]
                if (
                    isinstance(shown, WarningSign)
                    and shown.urgency in _URGENT
                    and origin[item_id].source != source
                ):
                    what = f"hides the {shown.urgency.value} warning sign"
                    weakened.append((f"$.pack.hide[{index}]", item_id, what))
        if pack.pack.disclaimer is not None:
            if pack.pack.disclaimer != disclaimer:
                weakened.append(("$.pack.disclaimer", DISCLAIMER_ID, "replaces the disclaimer"))
            disclaimer = pack.pack.disclaimer
        changes += _acknowledge(pack.pack.safety_overrides, weakened, source, problems)

    for by_id in items.values():
        for item_id, item in by_id.items():
            if item_id in hidden:
                continue
            needed = _needs(item)
            for field, target in needed:
                if target in hidden:
                    where = origin[item_id]
                    hider, index = hidden[target]
                    problems.append(
                        Problem(
                            f"$.pack.hide[{index}]",
                            f"hides {target!r}, which {item_id!r} ({where.source}"
                            f" {where.path}) needs in {field}",
                            hider,
                        )
                    )
    unacknowledged = [c for c in changes if c.reason is None]
    problems += [Problem(c.path, c.message, c.source) for c in unacknowledged]
    if unacknowledged:
        raise SafetyOverrideError("clinic packs", tuple(problems))
    if problems:
        raise ContentError("clinic packs", tuple(problems))

    merged = attrs.evolve(
        base,
        disclaimer=disclaimer,
        **{  # type: ignore[arg-type]
            kind: tuple(
                _unhidden(item, hidden) if isinstance(item, Treatment) else item
                for item_id, item in by_id.items()
                if item_id not in hidden
            )
            for kind, by_id in items.items()
        },
    )
    return merged, origin, tuple(changes)


def _unhidden(treatment: Treatment, hidden: Mapping[str, object]) -> Treatment:
    """Return *treatment* without the items a clinic hides: they no longer apply to it."""
    if not hidden:
        return treatment

    def keep(ids: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(i for i in ids if i not in hidden)

    def sets(item_set: ItemSet) -> ItemSet:
        return ItemSet(**{kind: keep(getattr(item_set, kind)) for kind in ITEM_SET_KINDS})

    touchpoints = tuple(
        attrs.evolve(point, asks=keep(point.asks))
        for point in treatment.late_touchpoints
        if keep(point.asks)
    )
    return attrs.evolve(
        treatment,
        include=sets(treatment.include),
        add=sets(treatment.add),
        drop=keep(treatment.drop),
        window_changes=tuple(c for c in treatment.window_changes if c.item not in hidden),
        late_touchpoints=touchpoints,
        checkin_questions=keep(treatment.checkin_questions),
    )


def _weakenings(path: str, old: Item, new: Item, fields: list[str]) -> list[tuple[str, str, str]]:
    """Return how rewording *old* into *new* weakens an urgent warning sign, if it does."""
    if not isinstance(old, WarningSign) or not isinstance(new, WarningSign):
        return []
    if old.urgency not in _URGENT:
        return []
    out = [(path, old.id, f"rewords ({', '.join(fields)}) the {old.urgency.value} warning sign")]
    if new.urgency.rank > old.urgency.rank:
        what = (
            f"lowers the urgency (to {new.urgency.value}) of the {old.urgency.value} warning sign"
        )
        out.append((path, old.id, what))
    return out


def _acknowledge(
    overrides: Sequence[SafetyOverride],
    weakened: list[tuple[str, str, str]],
    source: str,
    problems: list[Problem],
) -> list[SafetyChange]:
    """Match one pack's *weakened* items with its *overrides*; report bad overrides."""
    reasons: dict[str, str] = {}
    for index, override in enumerate(overrides):
        path = f"$.pack.safety_overrides[{index}]"
        if not override.reason.strip():
            message = f"the override of {override.id!r} needs a reason"
            problems.append(Problem(f"{path}.reason", message, source))
        elif override.id in reasons:
            message = f"{override.id!r} is acknowledged twice"
            problems.append(Problem(f"{path}.id", message, source))
        else:
            reasons[override.id] = " ".join(override.reason.split())
        if override.id not in {item_id for _, item_id, _ in weakened}:
            message = (
                f"acknowledges a safety change to {override.id!r}, but this pack does not"
                " hide or reword an emergency or same-day warning sign or replace the"
                " disclaimer with that id"
            )
            problems.append(Problem(f"{path}.id", message, source))
    return [
        SafetyChange(source=source, path=path, id=item_id, what=what, reason=reasons.get(item_id))
        for path, item_id, what in weakened
    ]


def _needs(item: Item) -> list[tuple[str, str]]:
    """Return ``(field, id)`` for every id *item* points at."""
    out = []
    for field in attrs.fields(type(item)):
        if field.name == "id" or isinstance(item, Reference):
            continue
        if isinstance(item, Treatment) and field.name != "references":
            continue  # a hidden item leaves the treatments that name it (_unhidden)
        value = getattr(item, field.name)
        if isinstance(value, tuple) and all(isinstance(v, str) for v in value):
            out += [(field.name, v) for v in value]
    return out


def relocate(error: ContentError, merged: ContentPack, origin: dict[str, _Origin]) -> ContentError:
    """Point each problem the catalog found in the *merged* pack back into its own file."""
    problems = []
    for problem in error.problems:
        match = _PATH.match(problem.path)
        if match is None:
            problems.append(attrs.evolve(problem, source=PACKAGED))
            continue
        kind, index, rest = match.group(1), int(match.group(2)), match.group(3)
        item_id = getattr(merged, kind)[index].id
        where = origin[item_id]
        problems.append(Problem(where.path + rest, problem.message, where.source))
    return ContentError("clinic packs", tuple(problems))

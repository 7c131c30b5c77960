"""Clinic packs: a clinic's own items, wording and hidden items, merged onto the content.

A clinic pack is a JSON file with a ``pack`` section (:class:`~microneedle_care.model.PackInfo`)
and, optionally, the content pack's lists of items to add. Merging never changes the
catalog it starts from: it returns a new one, checks every relation again, and refuses
the whole result if anything conflicts, naming the files involved.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from . import _locale, _rules
from .errors import ContentError, Problem
from .model import ClinicPack, ContentPack, Item, Reference, patient_fields

if TYPE_CHECKING:  # only for annotations: the catalog imports this module, not the reverse
    from .catalog import Catalog

__all__ = ["PACKAGED", "merge"]

PACKAGED = "packaged content"
"""How error messages name the content the packs are merged onto."""

_PATH = re.compile(r"^\$\.(\w+)\[(\d+)\](.*)$")


@attrs.frozen
class _Origin:
    source: str
    path: str


def merge(base: Catalog, packs: Sequence[tuple[ClinicPack, str]]) -> Catalog:
    """Return a new catalog: *base* with each ``(pack, source)`` applied in order.

    *base* must not itself be the result of a merge; :meth:`Catalog.with_pack
    <microneedle_care.catalog.Catalog.with_pack>` takes care of that.

    Raises:
        ContentError: If a pack's locale differs from the catalog's, adds an id that
            exists, rewords a missing item or a field that is not patient-facing, rewords
            a field another pack rewords too, or hides an item that something needs. Every
            problem names the file it comes from.
    """
    return base._with_packs(packs)


def combine(
    base: ContentPack, locale: str, packs: Sequence[tuple[ClinicPack, str]]
) -> tuple[ContentPack, dict[str, _Origin]]:
    """Return *base* with the *packs* applied, and where each item of the result came from.

    The relations of the result are not checked here: building a
    :class:`~microneedle_care.catalog.Catalog` from it does that, and :func:`relocate`
    then points each problem back into its own file.

    Raises:
        ContentError: For the conflicts listed under :func:`merge`.
    """
    problems: list[Problem] = []
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
                items[kind][item.id] = item
                kind_of[item.id] = kind
                origin[item.id] = _Origin(source, f"$.{kind}[{index}]")
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
            items[target_kind][change.id] = attrs.evolve(current, **fields)  # type: ignore[arg-type]
        for index, item_id in enumerate(pack.pack.hide):
            if item_id not in kind_of:
                problems.append(
                    Problem(f"$.pack.hide[{index}]", f"no item has the id {item_id!r}", source)
                )
            else:
                hidden.setdefault(item_id, (source, index))
        if pack.pack.disclaimer is not None:
            disclaimer = pack.pack.disclaimer

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
    if problems:
        raise ContentError("clinic packs", tuple(problems))

    merged = attrs.evolve(
        base,
        disclaimer=disclaimer,
        **{  # type: ignore[arg-type]
            kind: tuple(item for item_id, item in by_id.items() if item_id not in hidden)
            for kind, by_id in items.items()
        },
    )
    return merged, origin


def _needs(item: Item) -> list[tuple[str, str]]:
    """Return ``(field, id)`` for every id *item* points at."""
    out = []
    for field in attrs.fields(type(item)):
        if field.name == "id" or isinstance(item, Reference):
            continue
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

"""What changes between two releases of the content: ids added, removed, retired, reworded.

This answers the question a clinic asks before moving its pin: "we are on 1.2; what do
patients get differently on 1.3?" :attr:`ContentDiff.patient_visible` is the answer a
continuous-integration gate needs (``microneedle-care diff`` exits 1 when it is true).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import attrs

from . import _rules
from .model import AUDIENCE, Item, Reference

if TYPE_CHECKING:  # only for annotations: the catalog imports this module, not the reverse
    from .catalog import Catalog

__all__ = [
    "DIFF_FORMAT_NAME",
    "DIFF_FORMAT_VERSION",
    "ContentDiff",
    "FieldChange",
    "ItemChange",
    "diff",
]

DIFF_FORMAT_NAME = "microneedle-care/diff"
"""The value of the ``format`` key of :meth:`ContentDiff.to_json`'s document."""
DIFF_FORMAT_VERSION = 1
"""The version of that document's shape."""

# Fields that only list citations: patients never see them.
_CITATIONS = frozenset({"references"})


@attrs.frozen(kw_only=True)
class FieldChange:
    """One field whose value differs between the two releases.

    Attributes:
        field: The field's name (``"kind"`` when an id moved to another kind of item).
        old: The old value, as in the content's JSON (the wording, for a text field).
        new: The new value, likewise.
        audience: ``"patient"`` or ``"clinician"`` for text fields written for them;
            ``""`` for other fields (relations, time windows, urgency, ...).
        patient_visible: Whether a patient may see the change: everything except
            clinician-facing text and lists of citations.

    .. versionadded:: 0.5.0
    """

    field: str
    old: object
    new: object
    audience: str = ""
    patient_visible: bool = True


@attrs.frozen(kw_only=True)
class ItemChange:
    """One item present in both releases whose fields differ.

    Attributes:
        id: The item's id.
        kind: Its kind (``"causes"``, ``"aftercare_steps"``, ...).
        fields: The names of the fields that differ, in the model's order.
        changes: Each of those fields with its old and new value, in the same order.
    """

    id: str
    kind: str
    fields: tuple[str, ...]
    changes: tuple[FieldChange, ...] = ()

    @property
    def patient_visible(self) -> bool:
        """Whether any of the changes may be seen by a patient."""
        return any(change.patient_visible for change in self.changes)


@attrs.frozen(kw_only=True)
class ContentDiff:
    """The differences between an old and a new catalog.

    Attributes:
        old_version: The old content version.
        new_version: The new content version.
        added: Ids only in the new content.
        removed: Ids gone from the new content without a deprecation (a breaking change).
        deprecated: Ids gone from the new content that it lists as retired, with what
            replaces each: ``(old id, replacement ids)``.
        changed: Items in both whose fields differ.
        disclaimer_changed: Whether the disclaimer's wording changed.
        old_digest: The old content's digest (``Catalog.content_digest``).
        new_digest: The new content's digest.
        disclaimer: The disclaimer's old and new wording, if it changed.
        reference_ids: The ids among ``added``, ``removed`` and ``deprecated`` that are
            references (citations), which patients never see.
    """

    old_version: str
    new_version: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    deprecated: tuple[tuple[str, tuple[str, ...]], ...] = ()
    changed: tuple[ItemChange, ...] = ()
    disclaimer_changed: bool = False
    old_digest: str = ""
    new_digest: str = ""
    disclaimer: FieldChange | None = None
    reference_ids: frozenset[str] = frozenset()

    @property
    def is_empty(self) -> bool:
        """Whether the two catalogs say exactly the same thing."""
        return not (
            self.added or self.removed or self.deprecated or self.changed or self.disclaimer_changed
        )

    @property
    def patient_visible(self) -> bool:
        """Whether anything a patient may see differs.

        That is: an item (other than a reference) added, removed or retired; the
        disclaimer; or any field of an item except clinician-facing text and lists of
        citations. The content version and review date, which every release changes,
        are not counted.

        .. versionadded:: 0.5.0
        """
        ids = (*self.added, *self.removed, *(old for old, _ in self.deprecated))
        return (
            any(item_id not in self.reference_ids for item_id in ids)
            or self.disclaimer_changed
            or any(change.patient_visible for change in self.changed)
        )

    def format(self) -> str:
        """Return the differences as plain text: ids, then each changed field's old and new value.

        >>> print(ContentDiff(old_version="1.0.0", new_version="1.1.0", added=("a",)).format())
        content 1.0.0 -> 1.1.0
        added (1): a
        removed (0)
        deprecated (0)
        changed (0)
        patients see a difference: yes
        """
        lines = [f"content {self.old_version} -> {self.new_version}"]
        if self.old_digest or self.new_digest:
            lines.append(f"digest {self.old_digest} -> {self.new_digest}")
        lines.append(_count("added", self.added))
        lines.append(_count("removed", self.removed))
        lines.append(f"deprecated ({len(self.deprecated)})")
        lines += [
            f"  {old} -> {', '.join(new) or '(no replacement)'}" for old, new in self.deprecated
        ]
        lines.append(f"changed ({len(self.changed)})")
        for change in self.changed:
            lines.append(f"  {change.id} ({change.kind}): {', '.join(change.fields)}")
            for field in change.changes:
                lines += _old_new(f"    {field.field}", field)
        if self.disclaimer is not None:
            lines.append("disclaimer changed")
            lines += _old_new("  disclaimer", self.disclaimer)
        elif self.disclaimer_changed:
            lines.append("disclaimer changed")
        lines.append(f"patients see a difference: {'yes' if self.patient_visible else 'no'}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        """Return the differences as JSON-ready data (the shape :meth:`to_json` writes).

        .. versionadded:: 0.5.0
        """
        return {
            "format": DIFF_FORMAT_NAME,
            "format_version": DIFF_FORMAT_VERSION,
            "old": {"content_version": self.old_version, "content_digest": self.old_digest},
            "new": {"content_version": self.new_version, "content_digest": self.new_digest},
            "patient_visible": self.patient_visible,
            "added": list(self.added),
            "removed": list(self.removed),
            "deprecated": [{"id": old, "replaced_by": list(new)} for old, new in self.deprecated],
            "changed": [
                {
                    "id": change.id,
                    "kind": change.kind,
                    "patient_visible": change.patient_visible,
                    "fields": [_field_dict(field) for field in change.changes],
                }
                for change in self.changed
            ],
            "disclaimer": None if self.disclaimer is None else _field_dict(self.disclaimer),
        }

    def to_json(self) -> str:
        """Return :meth:`to_dict` as JSON text (two-space indents, a final newline).

        >>> import json, microneedle_care as mc
        >>> data = json.loads(mc.load().diff(mc.load()).to_json())
        >>> data["patient_visible"], data["old"] == data["new"]
        (False, True)

        .. versionadded:: 0.5.0
        """
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _field_dict(change: FieldChange) -> dict[str, object]:
    return {
        "field": change.field,
        "audience": change.audience,
        "patient_visible": change.patient_visible,
        "old": change.old,
        "new": change.new,
    }


def _old_new(label: str, change: FieldChange) -> list[str]:
    indent = label[: len(label) - len(label.lstrip())]
    return [f"{label}:", f"{indent}  - {_show(change.old)}", f"{indent}  + {_show(change.new)}"]


def _show(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _count(label: str, ids: tuple[str, ...]) -> str:
    return f"{label} ({len(ids)})" + (f": {', '.join(ids)}" if ids else "")


def _field_changes(kind: str, old_item: Item, item: Item) -> tuple[FieldChange, ...]:
    from ._converter import converter

    out = []
    for f in attrs.fields(type(item)):
        old_value, new_value = getattr(old_item, f.name), getattr(item, f.name)
        if old_value == new_value:
            continue
        audience = f.metadata.get(AUDIENCE, "")
        out.append(
            FieldChange(
                field=f.name,
                old=converter.unstructure(old_value),
                new=converter.unstructure(new_value),
                audience=audience,
                patient_visible=not isinstance(item, Reference)
                and audience != "clinician"
                and f.name not in _CITATIONS,
            )
        )
    return tuple(out)


def diff(old: Catalog, new: Catalog) -> ContentDiff:
    """Return the differences from *old* to *new*, each list in the new (or old) order."""
    old_items = {item.id: (kind, item) for kind in _rules.KINDS for item in getattr(old, kind)}
    new_items = {item.id: (kind, item) for kind in _rules.KINDS for item in getattr(new, kind)}
    retired = {d.id: d.replaced_by for d in new.deprecated}
    changed = []
    for item_id, (kind, item) in new_items.items():
        if item_id not in old_items:
            continue
        old_kind, old_item = old_items[item_id]
        if old_kind != kind:
            moved = FieldChange(field="kind", old=old_kind, new=kind)
            changed.append(ItemChange(id=item_id, kind=kind, fields=("kind",), changes=(moved,)))
        elif old_item != item:
            changes = _field_changes(kind, old_item, item)
            changed.append(
                ItemChange(
                    id=item_id,
                    kind=kind,
                    fields=tuple(c.field for c in changes),
                    changes=changes,
                )
            )
    gone = [item_id for item_id in old_items if item_id not in new_items]
    references = frozenset(
        item_id
        for items in (old_items, new_items)
        for item_id, (kind, _) in items.items()
        if kind == "references"
    )
    added = tuple(i for i in new_items if i not in old_items)
    disclaimer = None
    if old.disclaimer != new.disclaimer:
        disclaimer = FieldChange(
            field="disclaimer", old=old.disclaimer, new=new.disclaimer, audience="patient"
        )
    return ContentDiff(
        old_version=old.content_version,
        new_version=new.content_version,
        added=added,
        removed=tuple(i for i in gone if i not in retired),
        deprecated=tuple((i, retired[i]) for i in gone if i in retired),
        changed=tuple(changed),
        disclaimer_changed=disclaimer is not None,
        old_digest=old.content_digest,
        new_digest=new.content_digest,
        disclaimer=disclaimer,
        reference_ids=references & frozenset((*added, *gone)),
    )

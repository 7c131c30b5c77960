"""What changes between two releases of the content: ids added, removed, retired, reworded.

This answers the question a clinic asks before moving its pin: "we are on 1.2; what do
patients get differently on 1.3?"
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from . import _rules

if TYPE_CHECKING:  # only for annotations: the catalog imports this module, not the reverse
    from .catalog import Catalog

__all__ = ["ContentDiff", "ItemChange", "diff"]


@attrs.frozen(kw_only=True)
class ItemChange:
    """One item present in both releases whose fields differ.

    Attributes:
        id: The item's id.
        kind: Its kind (``"causes"``, ``"aftercare_steps"``, ...).
        fields: The names of the fields that differ, in the model's order.
    """

    id: str
    kind: str
    fields: tuple[str, ...]


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
    """

    old_version: str
    new_version: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    deprecated: tuple[tuple[str, tuple[str, ...]], ...] = ()
    changed: tuple[ItemChange, ...] = ()
    disclaimer_changed: bool = False

    @property
    def is_empty(self) -> bool:
        """Whether the two catalogs say exactly the same thing."""
        return not (
            self.added or self.removed or self.deprecated or self.changed or self.disclaimer_changed
        )

    def format(self) -> str:
        """Return the differences as plain text, one line per id.

        >>> print(ContentDiff(old_version="1.0.0", new_version="1.1.0", added=("a",)).format())
        content 1.0.0 -> 1.1.0
        added (1): a
        removed (0)
        deprecated (0)
        changed (0)
        """
        lines = [f"content {self.old_version} -> {self.new_version}"]
        lines.append(_count("added", self.added))
        lines.append(_count("removed", self.removed))
        lines.append(f"deprecated ({len(self.deprecated)})")
        lines += [
            f"  {old} -> {', '.join(new) or '(no replacement)'}" for old, new in self.deprecated
        ]
        lines.append(f"changed ({len(self.changed)})")
        lines += [f"  {c.id} ({c.kind}): {', '.join(c.fields)}" for c in self.changed]
        if self.disclaimer_changed:
            lines.append("disclaimer changed")
        return "\n".join(lines)


def _count(label: str, ids: tuple[str, ...]) -> str:
    return f"{label} ({len(ids)})" + (f": {', '.join(ids)}" if ids else "")


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
            changed.append(ItemChange(id=item_id, kind=kind, fields=("kind",)))
        elif old_item != item:
            fields = tuple(
                f.name
                for f in attrs.fields(type(item))
                if getattr(item, f.name) != getattr(old_item, f.name)
            )
            changed.append(ItemChange(id=item_id, kind=kind, fields=fields))
    gone = [item_id for item_id in old_items if item_id not in new_items]
    return ContentDiff(
        old_version=old.content_version,
        new_version=new.content_version,
        added=tuple(i for i in new_items if i not in old_items),
        removed=tuple(i for i in gone if i not in retired),
        deprecated=tuple((i, retired[i]) for i in gone if i in retired),
        changed=tuple(changed),
        disclaimer_changed=old.disclaimer != new.disclaimer,
    )

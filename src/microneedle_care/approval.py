"""A clinic's sign-off, bound to the exact content its patients get.

A clinic's medical director approves what patients are given. :func:`approve` makes the
:class:`~microneedle_care.model.Approval` record for a catalog (the packaged content with
the clinic's packs merged); ``microneedle-care approve PACK --by "Name, credentials"``
writes it into the clinic pack. :func:`check_approval` (and ``load(packs=...,
require_approval=True)``) then refuses any content whose digest differs from the approved
one, so that an upgrade of the package or an edit to a pack forces a new review, and the
error names what changed.
"""

from __future__ import annotations

import datetime

from .catalog import Catalog
from .errors import ContentError, InvalidTypeError, InvalidValueError, Problem
from .model import Approval

__all__ = ["approve", "as_json", "changes_since", "check_approval", "parse_approver"]


def parse_approver(by: str) -> tuple[str, str]:
    """Split ``"Name, credentials"`` into the approver's name and credentials.

    >>> parse_approver("Dr. Ana Diaz, MD, FRCPC, medical director")
    ('Dr. Ana Diaz', 'MD, FRCPC, medical director')

    Raises:
        InvalidValueError: If there is no comma, or the name or the credentials are empty
            (a :exc:`ValueError`).
    """
    name, comma, credentials = by.partition(",")
    name, credentials = " ".join(name.split()), " ".join(credentials.split())
    if not comma or not name or not credentials:
        raise InvalidValueError(
            f"expected the approver as 'Name, credentials' (like 'Dr. Ana Diaz, MD'), got {by!r}"
        )
    return name, credentials


def approve(catalog: Catalog, *, name: str, credentials: str, date: datetime.date) -> Approval:
    """Return the approval of exactly *catalog*'s content by *name* on *date*.

    Args:
        catalog: The content being approved: normally ``load(packs=[...])``, the packaged
            content with the clinic's packs merged.
        name: The approver's name.
        credentials: Their credentials and role.
        date: The day they approved it.

    Raises:
        InvalidValueError: If *name* or *credentials* is empty or not one line (a
            :exc:`ValueError`).
        InvalidTypeError: If *date* is not a :class:`datetime.date` (a ``datetime`` is
            refused; a :exc:`TypeError`).

    >>> import datetime, microneedle_care as mc
    >>> catalog = mc.load()
    >>> record = approve(catalog, name="Dr. Ana Diaz", credentials="MD",
    ...                  date=datetime.date(2026, 12, 1))
    >>> record.content_digest == catalog.content_digest
    True
    """
    for field, value in (("name", name), ("credentials", credentials)):
        if not isinstance(value, str):
            raise InvalidTypeError(
                f"the approver's {field} must be a string, got {type(value).__name__}"
            )
        if not value.strip() or not value.isprintable():
            raise InvalidValueError(
                f"the approver's {field} must be one line of text, got {value!r}"
            )
    if isinstance(date, datetime.datetime) or not isinstance(date, datetime.date):
        raise InvalidTypeError(f"date must be a datetime.date, got {date!r}")
    return Approval(
        name=name.strip(),
        credentials=credentials.strip(),
        date=date,
        content_digest=catalog.content_digest,
        content_version=catalog.content_version,
        item_digests=catalog.item_digests(),
    )


def as_json(approval: Approval) -> dict[str, object]:
    """Return *approval* as the JSON object stored in a clinic pack's ``pack.approval``.

    >>> import datetime, microneedle_care as mc
    >>> record = approve(mc.load(), name="A", credentials="MD", date=datetime.date(2026, 12, 1))
    >>> sorted(as_json(record))[:3]
    ['content_digest', 'content_version', 'credentials']
    """
    from ._converter import converter

    data: dict[str, object] = converter.unstructure(approval)
    return data


def changes_since(approval: Approval, catalog: Catalog) -> tuple[str, ...]:
    """Name what differs between the approved content and *catalog*, one phrase each.

    Items are compared by the digests stored in the approval: ids added, removed and
    changed, then pack-wide fields (``content_version``, ``disclaimer``, ...).

    >>> import datetime, microneedle_care as mc
    >>> catalog = mc.load()
    >>> record = approve(catalog, name="A", credentials="MD", date=datetime.date(2026, 12, 1))
    >>> changes_since(record, catalog)
    ()
    """
    old, new = approval.item_digests, catalog.item_digests()
    ids_old = [key for key in old if not key.startswith("$")]
    ids_new = [key for key in new if not key.startswith("$")]
    changed = [key for key in ids_new if key in old and old[key] != new[key]]
    added = [key for key in ids_new if key not in old]
    removed = [key for key in ids_old if key not in new]
    fields = [key[1:] for key in new if key.startswith("$") and old.get(key) != new[key]]
    out = []
    if changed:
        out.append("changed: " + ", ".join(changed))
    if added:
        out.append("added: " + ", ".join(added))
    if removed:
        out.append("removed: " + ", ".join(removed))
    if "content_version" in fields:
        out.append(f"content version {approval.content_version} -> {catalog.content_version}")
        fields.remove("content_version")
    if fields:
        out.append("also changed: " + ", ".join(fields))
    if not out and approval.content_digest != catalog.content_digest:
        out.append("the approval records no item digests to compare")
    return tuple(out)


def check_approval(catalog: Catalog, *, source: str = "clinic packs") -> Approval:
    """Return the approval that covers exactly *catalog*'s content, or refuse it.

    The approval is read from the last merged clinic pack that carries one.

    Raises:
        ContentError: If no clinic pack carries an approval, or if the approved content
            digest differs from *catalog*'s; the problem names who approved what, and
            which ids changed since.
    """
    approvals = [(p.name, p.approval) for p in catalog.packs if p.approval is not None]
    if not approvals:
        message = (
            "no clinic pack carries an approval; ask your medical director to review the"
            " content and run 'microneedle-care approve PACK --by \"Name, credentials\"'"
        )
        raise ContentError(source, (Problem("$.pack.approval", message),))
    pack_name, approval = approvals[-1]
    if approval.content_digest == catalog.content_digest:
        return approval
    what = "; ".join(changes_since(approval, catalog))
    message = (
        f"the content differs from what {approval.name} approved on"
        f" {approval.date.isoformat()} (digest {approval.content_digest[:12]}, content"
        f" {approval.content_version}; now {catalog.content_digest[:12]}, content"
        f" {catalog.content_version}): {what}; review the changes and approve again"
    )
    raise ContentError(f"{source} ({pack_name})", (Problem("$.pack.approval", message),))

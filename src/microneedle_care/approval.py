"""A clinic's sign-off, bound to exactly what its patients get.

A clinic's medical director approves what patients are given. :func:`approve` makes the
:class:`~microneedle_care.model.Approval` record for a catalog (the packaged content with
the clinic's packs merged); ``microneedle-care approve PACK --by "Name, credentials"``
writes it into the clinic pack. The record binds:

* the content digest (the packaged content with every pack merged) and a digest per item;
* the :func:`output_digest`: the content digest plus the package release, whose own
  fixed patient wording (sheet headings, SMS and email templates, the "who to call" lines
  and regional numbers) and check-in and message logic patients also get;
* the name and version of every merged clinic pack;
* a :func:`seal`, a sha256 over all of the above and the approver's name, credentials and
  date, so that an edit to any field of the record is detected.

:func:`check_approval` (and ``load(packs=..., require_approval=True)``) refuses anything
else with an :class:`~microneedle_care.errors.ApprovalError` that names the pack file and
what does not match; without the requirement, :attr:`Catalog.approval
<microneedle_care.catalog.Catalog.approval>` is ``None`` and every output says that no
clinician has approved it.

The seal is a checksum, not a signature: anyone who can edit the pack file can also
recompute it. It catches accidental and naive edits and ties the approval to exact
output; it does not prove who approved. Nor does anything here protect against someone
who can write to the installed package itself (its data files, its cache or its code).
"""

from __future__ import annotations

import datetime
import hashlib
import json
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .errors import ApprovalError, InvalidTypeError, InvalidValueError, Problem
from .model import Approval

if TYPE_CHECKING:
    from .catalog import Catalog

__all__ = [
    "DATE_SLACK_DAYS",
    "approve",
    "changes_since",
    "check_approval",
    "output_digest",
    "output_parts",
    "parse_approver",
    "problems",
    "seal",
    "to_dict",
]

DATE_SLACK_DAYS = 30
"""How many days before the content's review date an approval may still be dated."""


def _plain(value: object) -> object:
    """*value* as plain JSON data: mappings become dicts and sequences lists."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _hash(value: object) -> str:
    canonical = json.dumps(_plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _package() -> str:
    """Name the package release whose own wording and logic patients get."""
    from ._version import VERSION

    return f"microneedle-care {VERSION}"


def output_parts(catalog: Catalog) -> dict[str, str]:
    """Return what :func:`output_digest` hashes, by part name.

    ``content`` is the catalog's ``content_digest`` (the packaged content with the
    packs merged). ``package`` names the package release: its fixed patient wording (the
    headings and notes of sheets and check-ins, the SMS and email templates, the "who to
    call" lines and regional numbers) and its logic (which check-in questions are asked
    and what an answer leads to, which steps a message names on which day) are those of
    that release, so any upgrade gives another output digest.

    >>> import microneedle_care as mc
    >>> sorted(output_parts(mc.load()))
    ['content', 'package']

    .. versionadded:: 0.6.0
    """
    return {"content": catalog.content_digest, "package": _package()}


def output_digest(catalog: Catalog) -> str:
    """Return the digest of everything patients get from *catalog* with this package.

    It is the sha256 of the sorted, compact JSON of :func:`output_parts`: the content
    digest and the package release. An approval binds it, so an upgrade that could change
    a label, an SMS template or the check-in logic makes the approval lapse even when the
    content digest is unchanged.

    >>> import microneedle_care as mc
    >>> output_digest(mc.load()) == output_digest(mc.load())
    True
    >>> output_digest(mc.load()) != output_digest(mc.load(locale="fr"))
    True

    .. versionadded:: 0.6.0
    """
    return _hash(output_parts(catalog))


def seal(approval: Approval) -> str:
    """Return the seal of *approval*: a sha256 of the canonical JSON of its other fields.

    It covers the name, credentials, date, content version and digest, the item
    digests, the output digest and its parts, and the merged packs' names and versions;
    :func:`approve` stores it in the record's ``seal``. Any later edit to one of them no
    longer matches. It is a checksum, not a signature: whoever can edit the record can
    recompute it.

    .. versionadded:: 0.6.0
    """
    fields = to_dict(approval)
    fields.pop("seal", None)
    return _hash(fields)


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


def _today() -> datetime.date:
    """Today's date; a separate function so that tests can move the clock."""
    return datetime.date.today()


def _date_problem(date: datetime.date, catalog: Catalog) -> str | None:
    earliest = catalog.reviewed - datetime.timedelta(days=DATE_SLACK_DAYS)
    latest = _today() + datetime.timedelta(days=1)
    if date < earliest:
        return (
            f"the approval date {date.isoformat()} is before this content existed (its"
            f" sources were checked on {catalog.reviewed.isoformat()})"
        )
    if date > latest:
        return f"the approval date {date.isoformat()} is in the future"
    return None


def approve(catalog: Catalog, *, name: str, credentials: str, date: datetime.date) -> Approval:
    """Return the sealed approval of exactly what *catalog* gives, by *name* on *date*.

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
        InvalidValueError: If *date* is more than :data:`DATE_SLACK_DAYS` days before the
            content's review date, or more than one day after today.

    >>> import datetime, microneedle_care as mc
    >>> catalog = mc.load()
    >>> record = approve(catalog, name="Dr. Ana Diaz", credentials="MD",
    ...                  date=datetime.date(2026, 12, 1))
    >>> record.content_digest == catalog.content_digest
    True
    >>> record.seal == seal(record)
    True

    .. versionchanged:: 0.6.0 The record binds the :func:`output_digest`, the packs'
       names and versions, and a :func:`seal`; an implausible *date* is refused.
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
    problem = _date_problem(date, catalog)
    if problem is not None:
        raise InvalidValueError(problem)
    parts = output_parts(catalog)
    record = Approval(
        name=name.strip(),
        credentials=credentials.strip(),
        date=date,
        content_digest=catalog.content_digest,
        content_version=catalog.content_version,
        item_digests=catalog.item_digests(),
        output_digest=_hash(parts),
        output_parts={k: v for k, v in parts.items() if k != "content"},
        packs=tuple((p.name, p.version) for p in catalog.packs),
    )
    return attrs.evolve(record, seal=seal(record))


def to_dict(approval: Approval) -> dict[str, object]:
    """Return *approval* as the JSON object stored in a clinic pack's ``pack.approval``.

    .. versionadded:: 0.6.0 Named ``as_json`` before; that name still works, with a
       :exc:`DeprecationWarning`, until 0.7.0 (it returns a dict, not JSON text).

    >>> import datetime, microneedle_care as mc
    >>> record = approve(mc.load(), name="A", credentials="MD", date=datetime.date(2026, 12, 1))
    >>> sorted(to_dict(record))[:3]
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


def _carrier(catalog: Catalog) -> tuple[str, str, Approval] | None:
    """Return the pack that carries the last approval: its file, name and approval."""
    merged = catalog._merged_from
    sources = [source for _, source in merged[1]] if merged is not None else []
    found = None
    for index, info in enumerate(catalog.packs):
        if info.approval is not None:
            source = sources[index] if index < len(sources) else "clinic packs"
            found = (source, info.name, info.approval)
    return found


def _output_changes(approval: Approval, catalog: Catalog) -> list[str]:
    parts = output_parts(catalog)
    out = []
    if approval.output_digest != _hash(parts):
        then = approval.output_parts.get("package", "another release")
        if then != parts["package"]:
            out.append(
                f"the package changed from {then} to {parts['package']}: its own patient"
                " wording (sheet headings, texts and emails, who to call) and check-in logic"
                " may differ; read the new sheets and messages"
            )
    packs = tuple((p.name, p.version) for p in catalog.packs)
    if approval.packs != packs:

        def _names(value: tuple[tuple[str, str], ...]) -> str:
            return ", ".join(f"{n!r} {v}" for n, v in value) or "none"

        out.append(f"the clinic packs were {_names(approval.packs)}, now {_names(packs)}")
    return out


def problems(catalog: Catalog) -> tuple[str, tuple[Problem, ...]]:
    """Return the pack file carrying *catalog*'s approval and why the approval fails.

    No problems means the approval covers exactly what *catalog* gives. The checks are:
    a clinic pack carries an approval; the record has a seal and its seal matches
    (:func:`seal`); its date is plausible; the content digest, the :func:`output_digest`
    and the merged packs' names and versions are the approved ones.

    .. versionadded:: 0.6.0
    """
    found = _carrier(catalog)
    path = "$.pack.approval"
    if found is None:
        message = (
            "no clinic pack carries an approval; ask your medical director to review the"
            " content and run 'microneedle-care approve PACK --by \"Name, credentials\"'"
        )
        return "clinic packs", (Problem(path, message),)
    source, pack_name, approval = found
    where = f"{source} ({pack_name})"
    if approval.seal is None:
        message = (
            f"the approval by {approval.name} has no seal (it was recorded by"
            " microneedle-care 0.5.0, which did not bind the package's own wording);"
            " have it reviewed and run 'microneedle-care approve' again"
        )
        return where, (Problem(f"{path}.seal", message),)
    if approval.seal != seal(approval):
        message = (
            "the approval record does not match its seal: its name, credentials, date,"
            " digests or pack names were edited after 'microneedle-care approve' wrote"
            " it; do not edit the record, run 'microneedle-care approve' again"
        )
        return where, (Problem(f"{path}.seal", message),)
    found_problems = []
    date_problem = _date_problem(approval.date, catalog)
    if date_problem is not None:
        found_problems.append(Problem(f"{path}.date", date_problem))
    whats = []
    if approval.content_digest != catalog.content_digest:
        whats += list(changes_since(approval, catalog))
    whats += _output_changes(approval, catalog)
    if not whats and approval.output_digest != output_digest(catalog):
        whats.append("the output digest differs from the approved one")
    if whats:
        message = (
            f"what patients get differs from what {approval.name} approved on"
            f" {approval.date.isoformat()} (digest {approval.content_digest[:12]}, content"
            f" {approval.content_version}; now {catalog.content_digest[:12]}, content"
            f" {catalog.content_version}): {'; '.join(whats)}; review the changes and"
            " approve again"
        )
        found_problems.append(Problem(path, message))
    return where, tuple(found_problems)


def check_approval(catalog: Catalog, *, source: str = "clinic packs") -> Approval:
    """Return the approval that covers exactly what *catalog* gives, or refuse it.

    The approval is read from the last merged clinic pack that carries one. It must be
    sealed, its seal must match, its date must be plausible, and the content, the
    package's own wording (:func:`output_digest`) and the merged packs must be those
    approved (see :func:`problems`).

    Raises:
        ApprovalError: If not (a :exc:`~microneedle_care.errors.ContentError`). Its
            source names the pack file that carries the approval; each problem says what
            does not match, who approved what, and which ids changed since.

    .. versionchanged:: 0.6.0 Checks the seal, the date, the output digest and the
       packs; raises :exc:`~microneedle_care.errors.ApprovalError`.
    """
    where, found = problems(catalog)
    if found:
        raise ApprovalError(source if where == "clinic packs" else where, found)
    carrier = _carrier(catalog)
    assert carrier is not None
    return carrier[2]


def __getattr__(name: str) -> Any:
    if name == "as_json":
        warnings.warn(
            "microneedle_care.approval.as_json was renamed to_dict in 0.6.0 (it returns a"
            " dict); the old name goes in 0.7.0",
            DeprecationWarning,
            stacklevel=2,
        )
        return to_dict
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

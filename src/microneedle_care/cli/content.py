"""The content commands: list, show, summary, export, export-fhir, diff, validate, approve."""

from __future__ import annotations

import argparse
import datetime
import sys
from typing import TYPE_CHECKING

from ..errors import ContentError, MicroneedleCareError
from ..model import KINDS
from ._options import (
    Command,
    Subparsers,
    _catalog,
    _date,
    content_options,
    output_options,
)
from ._output import _print, _UsageError, _write

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..model import ClinicPack
    from ..translation import StaleField

_LISTS = {kind.cli_name: kind.attribute for kind in KINDS}
_TITLES = {kind.attribute: kind.title_field for kind in KINDS}


# -- list, show, summary -------------------------------------------------------------------


def _add_list(commands: Subparsers) -> None:
    listing = commands.add_parser(
        "list", parents=[content_options()], help="list the ids and names of one kind of item"
    )
    listing.add_argument("kind", choices=list(_LISTS), help="what to list")


def _list(args: argparse.Namespace) -> int:
    attribute = _LISTS[args.kind]
    for item in getattr(_catalog(args), attribute):
        _print(f"{item.id}\t{getattr(item, _TITLES[attribute])}")
    return 0


def _add_show(commands: Subparsers) -> None:
    show = commands.add_parser(
        "show", parents=[content_options()], help="show one item in full, by id"
    )
    show.add_argument("id", help="the id of any item")


def _show(args: argparse.Namespace) -> int:
    import attrs

    catalog = _catalog(args)
    item = catalog[args.id]
    _print(f"{type(item).__name__} {item.id}")
    for field in attrs.fields(type(item))[1:]:
        value = getattr(item, field.name)
        if hasattr(value, "value"):
            value = value.value
        elif hasattr(value, "describe"):
            value = value.describe()
        elif isinstance(value, tuple):
            # Ids are strings; phrasings are records, shown "en: pattern; fr: pattern"
            # (a step with phrasings crashed `show` with a TypeError).
            if all(isinstance(v, str) for v in value):
                value = ", ".join(value) or "-"
            else:
                value = "; ".join(_record(v) for v in value)
        elif attrs.has(type(value)):
            value = _record(value)
        elif value is None:
            value = "-"
        _print(f"  {field.name}: {value}")
    return 0


def _record(value: object) -> str:
    """One nested record of an item in a line: a phrasing, a treatment's parts."""
    import attrs

    if hasattr(value, "pattern"):
        return f"{value.locale}: {value.pattern}"  # type: ignore[attr-defined]
    parts = []
    for field in attrs.fields(type(value)):  # type: ignore[arg-type]
        part = getattr(value, field.name)
        if hasattr(part, "describe"):
            part = part.describe()
        elif isinstance(part, tuple):
            if not part:
                continue
            part = ", ".join(str(p) for p in part)
        parts.append(f"{field.name} {part}")
    return "; ".join(parts) or "-"


def _add_summary(commands: Subparsers) -> None:
    commands.add_parser(
        "summary", parents=[content_options()], help="print a summary of the packaged content"
    )


def _summary(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    dates = f"sources checked {catalog.reviewed.isoformat()}"
    if catalog.next_review is not None:
        dates += f"; next review due {catalog.next_review.isoformat()}"
    _print(f"content {catalog.content_version} ({dates})")
    _print(f"content digest: {catalog.content_digest}")
    routes = catalog.reporting_routes
    for title, items in (
        ("Causes", [f"{c.id}: {c.name}" for c in catalog.causes]),
        ("Risk factors", [f"{r.id}: {r.name}" for r in catalog.risk_factors]),
        ("Aftercare steps", [f"{s.id} [{s.window.describe()}]" for s in catalog.aftercare_steps]),
        ("Warning signs", [f"{w.id} ({w.urgency.value})" for w in catalog.warning_signs]),
        ("Myths", [f"{m.id}: {m.claim}" for m in catalog.myths]),
        ("Treatments", [f"{t.id}: {t.name} ({t.role.value})" for t in catalog.treatments]),
        ("Reporting routes", [f"{r.id}: {r.regulator} ({r.region})" for r in routes]),
    ):
        _print(f"\n{title} ({len(items)})")
        for line in items:
            _print(f"  - {line}")
    _print(f"\n{catalog.disclaimer}")
    return 0


# -- export, export-fhir, diff -------------------------------------------------------------


def _add_export(commands: Subparsers) -> None:
    export = commands.add_parser(
        "export",
        parents=[content_options(), output_options()],
        help="write the content as a content pack (JSON), for 'diff' or other tools",
    )
    export.set_defaults(fhir=False)


def _export(args: argparse.Namespace) -> int:
    from ..loading import dumps

    _write(dumps(_catalog(args)), args.output, machine=True)
    return 0


def _add_export_fhir(commands: Subparsers) -> None:
    export_fhir = commands.add_parser(
        "export-fhir",
        parents=[content_options(), output_options()],
        help="write the aftercare protocol as a FHIR R4B Bundle",
        description=(
            "Write a FHIR R4B Bundle (collection) with the PlanDefinition, one"
            " ActivityDefinition per aftercare step, and the risk-factor Questionnaire."
        ),
    )
    export_fhir.add_argument(
        "--base",
        default=None,
        metavar="URL",
        help="the base of the canonical URLs (default: urn:microneedle-care)",
    )


def _export_fhir(args: argparse.Namespace) -> int:
    from .. import fhir

    base = fhir.DEFAULT_BASE if args.base is None else args.base
    _write(fhir.to_json(fhir.protocol_bundle(_catalog(args), base=base)), args.output, machine=True)
    return 0


def _add_diff(commands: Subparsers) -> None:
    diff = commands.add_parser(
        "diff",
        help="list what changes between two content packs; exit 1 if patients see a change",
        description=(
            "List the ids added, removed and deprecated, and for changed ids each field's"
            " old and new value, from OLD to NEW, with both digests. Each is a content pack"
            " file (see 'export'); NEW defaults to the installed content. Exit 0 when"
            " patients see no difference, 1 when they do (a gate for upgrades in CI)."
        ),
    )
    diff.add_argument("old", metavar="OLD", help="the content you have now")
    diff.add_argument("new", metavar="NEW", nargs="?", help="the content to move to")
    diff.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="output format (default: text; json: for programs)",
    )


def _diff(args: argparse.Namespace) -> int:
    from ..loading import load, load_file

    old = load_file(args.old)
    new = load() if args.new is None else load_file(args.new)
    changes = old.diff(new)
    if args.format == "json":
        _print(changes.to_json(), end="")
    else:
        _print(changes.format())
    return 1 if changes.patient_visible else 0


# -- validate ------------------------------------------------------------------------------


def _add_validate(commands: Subparsers) -> None:
    validate = commands.add_parser(
        "validate",
        help="check a content pack or clinic pack file and list every problem with its path",
        description=(
            "Check a file. A clinic pack (a file with a 'pack' section) is merged onto the"
            " packaged content in its locale, and every conflict is reported. Hiding or"
            " rewording an emergency or same-day warning sign, or replacing the disclaimer,"
            " is an error unless the pack's safety_overrides gives a reason for it; each"
            " acknowledged one is printed as a notice."
        ),
    )
    validate.add_argument("path", help="the content pack or clinic pack (JSON) to check")
    validate.add_argument(
        "--strict",
        action="store_true",
        help="treat myths, advice against the aftercare and hard sentences in a clinic"
        " pack's own wording as errors (exit 1); they are warnings otherwise",
    )


def _validate(args: argparse.Namespace) -> int:
    from .. import _io, loading
    from ..errors import shown
    from ..packs import safety_changes

    # What loading.validate_file does, in two steps: a file that cannot be read is bad
    # input (exit 2), a file that can be read but is not valid content is a finding (exit 1).
    raw = _io.read_bytes(args.path)
    try:
        catalog, pack = loading._validate(raw, args.path)
        if pack is not None:
            kind = "clinic pack"
            warnings, unchecked = _wording_warnings(pack, catalog)
            notices = [f"{c.path}: {c.message}" for c in safety_changes(catalog)]
            notices += unchecked
            notices += _approval_notices(catalog) if pack.pack.approval is not None else []
        else:
            kind = "content pack"
            warnings, notices = [], []
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    for line in notices:  # acknowledged safety overrides: the pack says why
        print(f"{shown(args.path)}: notice: {line}", file=sys.stderr)
    label = "error" if args.strict else "warning"
    for line in warnings:
        print(f"{shown(args.path)}: {label}: {line}", file=sys.stderr)
    try:
        stale = _stale_translations(args.path, raw, pack is None)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    for field in stale:
        print(f"{shown(args.path)}: stale translation: {field}", file=sys.stderr)
    if (warnings and args.strict) or stale:
        return 1
    _print(
        f"{shown(args.path)}: valid {kind}, content {catalog.content_version},"
        f" {len(catalog)} items, digest {catalog.content_digest}"
    )
    return 0


def _stale_translations(path: str, raw: bytes, content_pack: bool) -> list[StaleField]:
    """Return every translated field whose English changed since, for each other locale.

    A content pack is compared with the translation files beside it
    (``content.<language>.json``, as in the package's data folder; none beside it, none
    compared); a clinic pack with the packaged translations it is merged with.
    """
    import os

    from .. import _i18n, _io, translation

    english = _io.decode_json(raw, path) if content_pack else None
    folder = os.path.dirname(os.path.abspath(path))
    out: list[StaleField] = []
    for locale in _i18n.locales()[1:]:
        if english is None:
            out += translation.stale(locale)
            continue
        beside = os.path.join(folder, _i18n.file_name(locale))
        if os.path.isfile(beside):
            data = _io.decode_json(_io.read_bytes(beside), beside)
            out += translation.stale(locale, english=english, translation=data)
    return out


def _approval_notices(catalog: Catalog) -> list[str]:
    """Why the pack's own approval does not cover this pack merged alone, if it does not."""
    from ..approval import problems

    return [f"{p.path}: {p.message}" for p in problems(catalog)[1]]


def _wording_warnings(pack: ClinicPack, catalog: Catalog) -> tuple[list[str], list[str]]:
    """Return the wording findings, and what could not be checked (a notice, not a failure).

    Without the optional readability extra, ``validate --strict`` failed every pack
    (attack report): a check that could not run is not a problem with the pack.
    """
    from ..check import check_pack
    from ..errors import MissingDependencyError

    try:
        return [f.message for f in check_pack(pack, catalog, readability=True)], []
    except MissingDependencyError:
        found = check_pack(pack, catalog, readability=False)
        unchecked = "reading level not checked: install the readability extra"
        return [f.message for f in found], [unchecked]


# -- approve -------------------------------------------------------------------------------


def _add_approve(commands: Subparsers) -> None:
    approve = commands.add_parser(
        "approve",
        help="record a clinician's approval of the content in a clinic pack",
        description=(
            "Record in PACK (rewritten atomically) that the person named by --by approved"
            " the packaged content with PACK merged (after any --pack given), bound to its"
            " content digest, the package's own patient wording and the packs' names and"
            " versions, and sealed with a checksum (not a signature). 'checklist"
            " --require-approval' then refuses anything else, and an edited record."
        ),
    )
    approve.add_argument("path", metavar="PACK", help="the clinic pack (JSON) to record it in")
    approve.add_argument(
        "--by",
        required=True,
        metavar="'NAME, CREDENTIALS'",
        help="who approved it, with credentials: 'Dr. Ana Diaz, MD, medical director'",
    )
    approve.add_argument(
        "--date", type=_date, metavar="YYYY-MM-DD", help="the day of the approval (default: today)"
    )
    approve.add_argument(
        "--pack",
        action="append",
        default=[],
        metavar="PATH",
        help="a clinic pack merged before PACK; repeat for several",
    )


def _approve(args: argparse.Namespace) -> int:
    import json

    from ..approval import approve, parse_approver
    from ..approval import to_dict as as_json
    from ..loading import load, load_pack, read_json

    try:
        name, credentials = parse_approver(args.by)
    except ValueError as exc:
        raise _UsageError(str(exc)) from None
    data = read_json(args.path)
    pack = load_pack(args.path)
    if not isinstance(data, dict):  # pragma: no cover - load_pack refuses it first
        raise _UsageError(f"{args.path}: not a clinic pack")
    try:
        locale = pack.pack.locale
        catalog = load(locale=locale, packs=[*args.pack, args.path])
    except ValueError as exc:
        if isinstance(exc, MicroneedleCareError):
            raise
        raise _UsageError(str(exc)) from None
    try:
        record = approve(
            catalog, name=name, credentials=credentials, date=args.date or datetime.date.today()
        )
    except ValueError as exc:  # an implausible --date
        raise _UsageError(str(exc)) from None
    data["pack"]["approval"] = as_json(record)
    _write(json.dumps(data, indent=2, ensure_ascii=False) + "\n", args.path)
    from ..packs import safety_changes

    for change in safety_changes(catalog):  # what the approver signed off on, with reasons
        print(f"{change.source}: notice: {change.path}: {change.message}", file=sys.stderr)
    _print(
        f"{args.path}: approved by {record.name}, {record.credentials} on"
        f" {record.date.isoformat()} (content {record.content_version},"
        f" digest {record.content_digest}, output digest {record.output_digest})"
    )
    return 0


COMMANDS = {
    "list": Command(_add_list, _list),
    "show": Command(_add_show, _show),
    "validate": Command(_add_validate, _validate),
    "summary": Command(_add_summary, _summary),
    "export": Command(_add_export, _export),
    "export-fhir": Command(_add_export_fhir, _export_fhir),
    "approve": Command(_add_approve, _approve),
    "diff": Command(_add_diff, _diff),
}
"""This module's subcommands, by name."""


def register(commands: Subparsers) -> None:
    """Add this module's subcommands to *commands*."""
    for command in COMMANDS.values():
        command.add(commands)

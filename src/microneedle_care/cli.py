"""The ``microneedle-care`` command. The only module that prints or picks exit codes.

Exit codes: 0 on success; 1 when ``validate`` finds problems in a content pack; 2 for bad
input (an unknown id or format, a bad date, a file that cannot be read or written),
with one line on standard error and never a traceback.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from .errors import ContentError, MicroneedleCareError
from .rendering import FORMATS

__all__ = ["main"]

PROG = "microneedle-care"

_LISTS = {
    "causes": "causes",
    "risk-factors": "risk_factors",
    "steps": "aftercare_steps",
    "warning-signs": "warning_signs",
    "myths": "myths",
    "references": "references",
}


class _UsageError(Exception):
    """Bad input on the command line; the message is printed as one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, as for every other bad input; --help has the full usage.
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date {value!r}: use YYYY-MM-DD") from None


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description="Evidence-based aftercare about breakouts after microneedling.",
        epilog="Run 'microneedle-care COMMAND --help' for a command's options.",
    )
    parser.add_argument(
        "--version", action="store_true", help="print the package and content versions"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    checklist = commands.add_parser(
        "checklist",
        help="print a personalised aftercare checklist",
        description=(
            "Print an aftercare checklist. With no options: the default, undated checklist."
        ),
    )
    checklist.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="treatment date")
    checklist.add_argument(
        "--risk",
        action="extend",
        nargs="+",
        default=[],
        metavar="ID",
        help="a risk factor id (see 'list risk-factors'); repeat or list several",
    )
    checklist.add_argument("--clinic-name", metavar="NAME", help="the clinic's name")
    checklist.add_argument("--clinic-phone", metavar="PHONE", help="the clinic's phone number")
    checklist.add_argument("--clinic-email", metavar="EMAIL", help="the clinic's email address")
    checklist.add_argument(
        "--clinic-after-hours", metavar="PHONE", help="a number to call after hours"
    )
    checklist.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    checklist.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE (atomically) instead of stdout"
    )

    listing = commands.add_parser("list", help="list the ids and names of one kind of item")
    listing.add_argument("kind", choices=list(_LISTS), help="what to list")

    show = commands.add_parser("show", help="show one item in full, by id")
    show.add_argument("id", help="the id of any item")

    validate = commands.add_parser(
        "validate", help="check a content pack file and list every problem with its path"
    )
    validate.add_argument("path", help="the content pack (JSON) to check")

    commands.add_parser("summary", help="print a summary of the packaged content")
    return parser


def _write(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    import tempfile
    from pathlib import Path

    target = Path(output)
    try:
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise _UsageError(f"cannot write {output}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, target)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise _UsageError(f"cannot write {output}: {exc.strerror}") from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _checklist(args: argparse.Namespace) -> int:
    from .checklist import ClinicContact, build_checklist
    from .rendering import render

    clinic = None
    details = (args.clinic_name, args.clinic_phone, args.clinic_email, args.clinic_after_hours)
    if any(d is not None for d in details):
        if args.clinic_name is None or args.clinic_phone is None:
            raise _UsageError("--clinic-name and --clinic-phone must be given together")
        try:
            clinic = ClinicContact(
                name=args.clinic_name,
                phone=args.clinic_phone,
                email=args.clinic_email,
                after_hours=args.clinic_after_hours,
            )
        except ValueError as exc:
            raise _UsageError(str(exc)) from None
    checklist = build_checklist(treatment_date=args.date, risk_factors=args.risk, clinic=clinic)
    _write(render(checklist, args.format), args.output)
    return 0


def _list(args: argparse.Namespace) -> int:
    from .loading import load

    for item in getattr(load(), _LISTS[args.kind]):
        label = getattr(item, "name", None) or getattr(item, "title", None)
        label = label or getattr(item, "claim", None) or getattr(item, "sign", None)
        label = label or getattr(item, "action", "")
        print(f"{item.id}\t{label}")
    return 0


def _show(args: argparse.Namespace) -> int:
    import attrs

    from .loading import load

    catalog = load()
    item = catalog[args.id]
    print(f"{type(item).__name__} {item.id}")
    for field in attrs.fields(type(item))[1:]:
        value = getattr(item, field.name)
        if hasattr(value, "value"):
            value = value.value
        elif hasattr(value, "describe"):
            value = value.describe()
        elif isinstance(value, tuple):
            value = ", ".join(value) if value else "-"
        elif value is None:
            value = "-"
        print(f"  {field.name}: {value}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from .loading import load_file

    if not os.path.isfile(args.path):
        raise _UsageError(f"{args.path}: no such file")
    try:
        catalog = load_file(args.path)
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(
        f"{args.path}: valid content pack, content {catalog.content_version},"
        f" {len(catalog)} items, digest {catalog.content_digest}"
    )
    return 0


def _summary(args: argparse.Namespace) -> int:
    from .loading import load

    catalog = load()
    print(f"content {catalog.content_version} (reviewed {catalog.reviewed.isoformat()})")
    print(f"content digest: {catalog.content_digest}")
    for title, items in (
        ("Causes", [f"{c.id}: {c.name}" for c in catalog.causes]),
        ("Risk factors", [f"{r.id}: {r.name}" for r in catalog.risk_factors]),
        ("Aftercare steps", [f"{s.id} [{s.window.describe()}]" for s in catalog.aftercare_steps]),
        ("Warning signs", [f"{w.id} ({w.urgency.value})" for w in catalog.warning_signs]),
        ("Myths", [f"{m.id}: {m.claim}" for m in catalog.myths]),
    ):
        print(f"\n{title} ({len(items)})")
        for line in items:
            print(f"  - {line}")
    print(f"\n{catalog.disclaimer}")
    return 0


def _version() -> int:
    from . import __version__
    from .loading import load

    print(f"{PROG} {__version__} (content {load().content_version})")
    return 0


_COMMANDS = {
    "checklist": _checklist,
    "list": _list,
    "show": _show,
    "validate": _validate,
    "summary": _summary,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``) and return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.version:
            return _version()
        if args.command is None:
            parser.print_help(sys.stderr)
            return 2
        return _COMMANDS[args.command](args)
    except (_UsageError, MicroneedleCareError) as exc:
        message = str(exc).splitlines()[0] if not isinstance(exc, ContentError) else str(exc)
        print(f"{PROG}: error: {message}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (for example `| head`); that is not an error of ours.
        sys.stderr.close()
        return 0

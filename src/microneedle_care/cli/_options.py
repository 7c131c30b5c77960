"""Options shared by several subcommands, declared once, and the values they parse to.

The parents: :func:`content_options` (``--locale``, ``--pack``, ``--require-approval``),
:func:`output_options` (``-o``) and :func:`clinic_options` (every ``--clinic-*`` option),
with :func:`clinic_from_args`, the one reader of the clinic options.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, NoReturn, TypeAlias

from ..errors import MicroneedleCareError
from ._output import _UsageError

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..checklist import ClinicContact

REGION_HELP = (
    "the clinic's region, an ISO 3166-2 code such as CA-ON, CA-QC or US-NY: the sheet"
    " names the nurse line and same-day care that fit there"
)


def _columns() -> int:
    """Return ``shutil.get_terminal_size().columns``, worked out the same way.

    argparse's help formatter asks shutil, and importing shutil (with the compression
    modules it loads) was a cost of every start, although declaring the options makes
    a formatter only to check the metavars and never prints help (issue 18, item 8).
    """
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return columns


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, as wide as the terminal, measured without shutil."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
        **kwargs: Any,
    ) -> None:
        if width is None:
            width = _columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width, **kwargs)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        # One line, as for every other bad input; --help has the full usage.
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


Subparsers: TypeAlias = "argparse._SubParsersAction[_Parser]"
"""What ``add_subparsers`` returns: each module's ``register`` adds its commands to it."""


class Command(NamedTuple):
    """A subcommand: how to declare its options, and its handler (which returns the exit code)."""

    add: Callable[[Subparsers], None]
    run: Callable[[argparse.Namespace], int]


def content_options() -> _Parser:
    """Return the parent of commands that read the content: locale, packs, approval."""
    content = _Parser(add_help=False)
    content.add_argument(
        "--locale", default="en", metavar="LANG", help="language of the content: en, fr or es"
    )
    content.add_argument(
        "--pack",
        action="append",
        default=[],
        metavar="PATH",
        help="merge a clinic pack onto the content; repeat for several, applied in order",
    )
    content.add_argument(
        "--require-approval",
        action="store_true",
        help="refuse content that a clinic pack's approval does not cover exactly",
    )
    return content


def output_options() -> _Parser:
    """Return the parent of commands that write one output: ``--output``/``-o``."""
    output = _Parser(add_help=False)
    output.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE (atomically) instead of stdout"
    )
    return output


def clinic_options() -> _Parser:
    """Return the parent of commands that name the clinic: every ``--clinic-*`` option."""
    clinic = _Parser(add_help=False)
    clinic.add_argument("--clinic-name", metavar="NAME", help="the clinic's name")
    clinic.add_argument("--clinic-phone", metavar="PHONE", help="the clinic's phone number")
    clinic.add_argument("--clinic-email", metavar="EMAIL", help="the clinic's email address")
    clinic.add_argument(
        "--clinic-after-hours", metavar="PHONE", help="a number to call after hours"
    )
    clinic.add_argument("--clinic-region", metavar="CODE", help=REGION_HELP)
    return clinic


def visit_options(parser: argparse.ArgumentParser) -> None:
    """Add this visit's treatments and a provider's window overrides to *parser*, in place.

    ``checklist`` and ``schedule`` take them at the same place in their options, so they
    are added where called rather than through a parent (a parent's options come first).
    """
    parser.add_argument(
        "--treatment",
        dest="treatments",
        action="extend",
        nargs="+",
        default=[],
        metavar="ID",
        help="a treatment id (see 'list treatments'); repeat for several given together"
        " (default: pen-microneedling)",
    )
    parser.add_argument(
        "--override",
        dest="overrides",
        action="append",
        default=[],
        metavar="STEP=DAYS",
        help="a provider's window for one step for this visit, in days: 'no-swimming=1-7'"
        " (day 1 is the treatment day; '8-' stays open); needs --override-by",
    )
    parser.add_argument(
        "--override-by", metavar="NAME", help="who set the --override windows, for the record"
    )


def clinic_from_args(args: argparse.Namespace) -> ClinicContact | None:
    """Return the clinic the ``--clinic-*`` options name, or ``None`` if none is given."""
    from ..checklist import ClinicContact

    details = (
        args.clinic_name,
        args.clinic_phone,
        args.clinic_email,
        args.clinic_after_hours,
        args.clinic_region,
    )
    if all(d is None for d in details):
        return None
    if args.clinic_name is None or args.clinic_phone is None:
        if args.clinic_region is not None:
            raise _UsageError("--clinic-region needs --clinic-name and --clinic-phone")
        raise _UsageError("--clinic-name and --clinic-phone must be given together")
    try:
        return ClinicContact(
            name=args.clinic_name,
            phone=args.clinic_phone,
            email=args.clinic_email,
            after_hours=args.clinic_after_hours,
            region=args.clinic_region,
        )
    except ValueError as exc:
        raise _UsageError(str(exc)) from None


def _catalog(args: argparse.Namespace) -> Catalog:
    """Load the content the content options ask for."""
    from ..loading import load

    try:
        return load(locale=args.locale, packs=args.pack, require_approval=args.require_approval)
    except ValueError as exc:
        if isinstance(exc, MicroneedleCareError):
            raise
        raise _UsageError(str(exc)) from None


def _date(value: str) -> datetime.date:
    import re

    from ..model import MAX_YEAR, MIN_YEAR

    # Only YYYY-MM-DD: Python also reads 20261125 and 2026-W48-3 (attack report L12).
    shaped = re.fullmatch(r"\d{4}-\d{2}-\d{2}", value, flags=re.ASCII) is not None
    try:
        date = datetime.date.fromisoformat(value) if shaped else None
    except ValueError:
        date = None
    if date is None:
        raise argparse.ArgumentTypeError(f"invalid date {value!r}: use YYYY-MM-DD")
    if not MIN_YEAR <= date.year <= MAX_YEAR:
        raise argparse.ArgumentTypeError(
            f"invalid date {value!r}: the year must be {MIN_YEAR} to {MAX_YEAR}"
        )
    return date


def _send_time(value: str) -> datetime.time:
    try:
        return datetime.time.fromisoformat(value)
    except ValueError:
        raise _UsageError(f"invalid --send-time {value!r}: use HH:MM") from None

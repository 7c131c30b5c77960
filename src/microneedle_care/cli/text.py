"""The ``check`` command: a clinic's own text against the content's myths and steps."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..errors import ContentError, MicroneedleCareError
from ._options import Command, Subparsers
from ._output import _print, _UsageError

if TYPE_CHECKING:
    from .._check_html import _Lines


def _add_check(commands: Subparsers) -> None:
    check = commands.add_parser(
        "check",
        help="check a clinic's own text for myths, advice against the aftercare and reading level",
        description=(
            "Read each FILE (plain text, Markdown or HTML) and report every sentence that"
            " states a myth (with the correction and its sources), gives advice against an"
            " aftercare step, or reads above grade 9. Exit 1 if anything is found."
        ),
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="the text files to check")
    check.add_argument(
        "--locale", default="en", metavar="LANG", help="language of the text: en, fr or es"
    )
    check.add_argument(
        "--pack",
        action="append",
        default=[],
        metavar="PATH",
        help="merge a clinic pack onto the content first, so its own myths and steps are"
        " looked for too; repeat for several",
    )
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    check.add_argument(
        "--no-readability",
        action="store_true",
        help="skip the reading level (it needs the readability extra)",
    )


def _read_text(path: str) -> tuple[str, _Lines]:
    """Read a text file for 'check'; HTML (by suffix or a leading tag) becomes plain text.

    Returns the text and, for each offset in it, its line in the file.
    """
    from .. import _io
    from .._check_html import _Lines, _read_html
    from ..errors import Problem

    raw = _io.read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContentError(path, (Problem("$", f"not UTF-8 text (byte {exc.start})"),)) from None
    if path.lower().endswith((".html", ".htm")) or text.lstrip().startswith("<"):
        return _read_html(text)
    return text, _Lines.of_text(text)


def _check(args: argparse.Namespace) -> int:
    import json

    from ..check import check_text
    from ..loading import load

    try:
        catalog = load(locale=args.locale, packs=args.pack)
    except ValueError as exc:
        if isinstance(exc, MicroneedleCareError):
            raise
        raise _UsageError(str(exc)) from None
    reports = [
        (path, lines, check_text(text, catalog=catalog, readability=not args.no_readability))
        for path in args.files
        for text, lines in [_read_text(path)]
    ]
    if args.format == "json":
        rows = [report.to_dict(path, line=lines.line) for path, lines, report in reports]
        _print(json.dumps(rows, indent=2), end="\n")
    else:
        for path, lines, report in reports:
            _print(report.format(path, line=lines.line))
    return 1 if any(report.findings for _, _, report in reports) else 0


COMMANDS = {"check": Command(_add_check, _check)}
"""This module's subcommands, by name."""


def register(commands: Subparsers) -> None:
    """Add this module's subcommands to *commands*."""
    for command in COMMANDS.values():
        command.add(commands)

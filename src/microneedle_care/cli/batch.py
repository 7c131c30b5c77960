"""The ``batch`` command: a CSV of patients in, a folder out (or, with --due-between, a list)."""

from __future__ import annotations

import argparse
import datetime
import sys
from typing import Any

from ._options import Command, Subparsers, _send_time, clinic_from_args, clinic_options
from ._output import _Progress, _UsageError

_OUTPUT_KINDS = ("ics", "json", "html", "pdf", "record", "messages", "fhir")
"""``batch --write`` choices: :data:`microneedle_care.batch.OUTPUT_KINDS`, without importing it."""


def _add_batch(commands: Subparsers) -> None:
    batch = commands.add_parser(
        "batch",
        parents=[clinic_options()],
        help="write a calendar file and a JSON schedule for every patient in a CSV",
        description=(
            "Read a CSV with the columns patient_id and treatment_date (and optionally"
            " risk_factors and locale) and write <patient_id>.ics and <patient_id>.json into"
            " the folder. A bad row is reported with its line number and the run goes on;"
            " exit 1 if any row failed. The whole CSV and the packs are checked first: a"
            " CSV or pack that cannot be used writes nothing (exit 2). Links and FIFOs in"
            " the folder are replaced, never followed; a patient's files are written"
            " together or not at all. With --due-between START END, write nothing: print"
            " every SMS and email due in [START, END) across all patients, each with its"
            " idempotency key."
        ),
    )
    batch.add_argument("csv", metavar="CSV", help="the patients, one per row")
    batch.add_argument(
        "--output", "-o", metavar="FOLDER", help="where to write (required unless --due-between)"
    )
    batch.add_argument(
        "--write",
        nargs="+",
        choices=_OUTPUT_KINDS,
        metavar="KIND",
        help=f"what to write for each patient: {', '.join(_OUTPUT_KINDS)} (default: ics json)",
    )
    batch.add_argument(
        "--due-between",
        nargs=2,
        metavar=("START", "END"),
        help="print the messages to send in [START, END) (ISO 8601 with a zone offset,"
        " such as 2026-11-25T18:00Z); nothing is written",
    )
    batch.add_argument(
        "--format",
        choices=("csv", "json"),
        help="how --due-between prints (default: csv, every cell safe in a spreadsheet)",
    )
    batch.add_argument(
        "--tz", required=True, metavar="ZONE", help="the clinic's IANA time zone (required)"
    )
    batch.add_argument("--send-time", default="18:00", metavar="HH:MM", help="local send time")
    batch.add_argument(
        "--pack", action="append", default=[], metavar="PATH", help="clinic pack for every row"
    )
    batch.add_argument(
        "--pack-for",
        action="append",
        default=[],
        nargs=2,
        metavar=("LOCALE", "PATH"),
        help="clinic pack for the rows of one locale only (for example: --pack-for fr x.json)",
    )
    batch.add_argument(
        "--require-approval",
        action="store_true",
        help="refuse to write anything unless the packs of every locale used are approved",
    )
    batch.add_argument(
        "--report",
        metavar="FILE",
        help="write a CSV of every row's outcome, safe to open in a spreadsheet",
    )
    batch.add_argument(
        "--resume",
        action="store_true",
        help="leave alone patients whose files are already complete and identical",
    )
    batch.add_argument(
        "--jobs",
        "-j",
        type=_job_count,
        default=1,
        metavar="N",
        help="render with N processes (0: one per CPU; default 1); the files are the same",
    )


def _job_count(value: str) -> int:
    try:
        jobs = int(value, 10)
    except ValueError:
        jobs = -1
    if jobs < 0:
        raise argparse.ArgumentTypeError(
            f"invalid number of jobs {value!r}: use 0 (one per CPU) or a whole number of processes"
        )
    return jobs


def _instant(option: str, value: str) -> datetime.datetime:
    try:
        when = datetime.datetime.fromisoformat(value)
    except ValueError:
        when = None
    if when is None or when.utcoffset() is None:
        raise _UsageError(
            f"invalid {option} time {value!r}: use ISO 8601 with a zone offset,"
            " such as 2026-11-25T18:00Z or 2026-11-25T13:00-05:00"
        )
    return when


def _shared(args: argparse.Namespace) -> dict[str, Any]:
    """Return the arguments ``run_batch`` and ``due`` both take, from the options they share."""
    locale_packs: dict[str, list[str]] = {}
    for locale, path in args.pack_for:
        locale_packs.setdefault(locale, []).append(path)
    return {
        "tz": args.tz,
        "send_time": _send_time(args.send_time),
        "clinic": clinic_from_args(args),
        "packs": tuple(args.pack),
        "locale_packs": locale_packs,
        "require_approval": args.require_approval,
    }


def _batch_due(args: argparse.Namespace, shared: dict[str, Any]) -> int:
    from .._io import shown
    from ..batch import due, due_csv, due_json

    if args.output is not None or args.resume or args.report is not None or args.write:
        raise _UsageError(
            "--due-between writes nothing: drop --output, --write, --resume and --report"
        )
    if args.jobs != 1:
        raise _UsageError("--jobs applies to writing files, not to --due-between")
    start = _instant("--due-between START", args.due_between[0])
    end = _instant("--due-between END", args.due_between[1])
    result = due(args.csv, start, end, **shared)
    render = due_json if args.format == "json" else due_csv
    sys.stdout.write(render(result.messages))
    source = shown(args.csv)
    for error in result.errors:
        print(f"{source}:{error.line}: {error.message}", file=sys.stderr)
    print(f"{len(result.messages)} messages due; {len(result.errors)} rows failed", file=sys.stderr)
    return 1 if result.errors else 0


def _batch(args: argparse.Namespace) -> int:
    from .._io import shown
    from ..batch import count_rows, run_batch

    shared = _shared(args)
    if args.due_between is not None:
        return _batch_due(args, shared)
    if args.output is None:
        raise _UsageError("batch needs --output FOLDER (or --due-between START END)")
    if args.format is not None:
        raise _UsageError("--format applies to --due-between only")
    progress = _Progress(count_rows(args.csv))
    try:
        summary = run_batch(
            args.csv,
            args.output,
            **shared,
            resume=args.resume,
            report=args.report,
            progress=progress,
            outputs=tuple(args.write or ("ics", "json")),
            jobs=args.jobs,
        )
    finally:
        progress.close()
    source, output = shown(args.csv), shown(args.output)
    for error in summary.errors:
        print(f"{source}:{error.line}: {error.message}", file=sys.stderr)
    unchanged = f"; {summary.unchanged} already up to date" if args.resume else ""
    print(
        f"wrote {summary.written} of {summary.rows} patients to {output}{unchanged};"
        f" {len(summary.errors)} rows failed",
        file=sys.stderr,
    )
    return 1 if summary.errors else 0


COMMANDS = {"batch": Command(_add_batch, _batch)}
"""This module's subcommands, by name."""


def register(commands: Subparsers) -> None:
    """Add this module's subcommands to *commands*."""
    for command in COMMANDS.values():
        command.add(commands)

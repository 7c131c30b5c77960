"""The ``microneedle-care`` command. The only module that prints or picks exit codes.

Exit codes: 0 on success; 1 when ``validate`` finds problems in a content pack, ``diff``
finds a difference patients would see, ``check`` finds something to fix, or ``batch`` skips
a bad row; 2 for bad
input (an unknown id or format, a bad date, a file that cannot be read or written,
standard output that cannot be written), with one line on standard error and never a
traceback; 130 when interrupted (Ctrl-C).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import errno
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn, TextIO

from .errors import ContentError, MicroneedleCareError
from .rendering import BINARY_FORMATS, FORMATS

if TYPE_CHECKING:
    from .catalog import Catalog
    from .check import TextReport, _Lines
    from .checklist import ClinicContact
    from .model import ClinicPack
    from .readability import Score
    from .schedule import Schedule

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


_OUTPUT_KINDS = ("ics", "json", "html", "pdf", "record", "messages", "fhir")
"""``batch --write`` choices: :data:`microneedle_care.batch.OUTPUT_KINDS`, without importing it."""
_REGION_HELP = (
    "the clinic's region, an ISO 3166-2 code such as CA-ON, CA-QC or US-NY: the sheet"
    " names the nurse line and same-day care that fit there"
)


class _UsageError(Exception):
    """Bad input on the command line; the message is printed as one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        # One line, as for every other bad input; --help has the full usage.
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _date(value: str) -> datetime.date:
    import re

    from .model import MAX_YEAR, MIN_YEAR

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


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG,
        description=(
            "Evidence-informed aftercare about breakouts after microneedling:"
            " most timings are clinic practice, not study results."
        ),
        epilog="Run 'microneedle-care COMMAND --help' for a command's options.",
    )
    parser.add_argument(
        "--version", action="store_true", help="print the package and content versions"
    )
    content = _Parser(add_help=False)
    content.add_argument(
        "--locale", default="en", metavar="LANG", help="language of the content: en or fr"
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
    output = _Parser(add_help=False)
    output.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE (atomically) instead of stdout"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    checklist = commands.add_parser(
        "checklist",
        parents=[content, output],
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
    checklist.add_argument("--clinic-region", metavar="CODE", help=_REGION_HELP)
    checklist.add_argument(
        "--prepared-for", metavar="NAME", help="the patient's name, as the sheet should show it"
    )
    checklist.add_argument(
        "--paper",
        choices=("letter", "a4"),
        default="letter",
        help="paper size of the print rules (html and pdf; default: letter)",
    )
    checklist.add_argument(
        "--compact",
        action="store_true",
        help="leave out the 'Why' lines (text, markdown, html and pdf), for a shorter printout",
    )
    checklist.add_argument(
        "--format",
        choices=(*FORMATS, *BINARY_FORMATS),
        default="text",
        help="output format (default: text; fhir: a FHIR R4B CarePlan; pdf: needs -o and"
        " the pdf extra)",
    )
    checklist.add_argument(
        "--patient",
        metavar="REF",
        help=(
            "with --format fhir: the patient, as a FHIR reference such as Patient/123"
            " (without it the CarePlan says it names no patient)"
        ),
    )

    listing = commands.add_parser(
        "list", parents=[content], help="list the ids and names of one kind of item"
    )
    listing.add_argument("kind", choices=list(_LISTS), help="what to list")

    show = commands.add_parser("show", parents=[content], help="show one item in full, by id")
    show.add_argument("id", help="the id of any item")

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
        "--locale", default="en", metavar="LANG", help="language of the text: en or fr"
    )
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    check.add_argument(
        "--no-readability",
        action="store_true",
        help="skip the reading level (it needs the readability extra)",
    )

    commands.add_parser(
        "summary", parents=[content], help="print a summary of the packaged content"
    )

    export = commands.add_parser(
        "export",
        parents=[content, output],
        help="write the content as a content pack (JSON), for 'diff' or other tools",
    )
    export.set_defaults(fhir=False)
    export_fhir = commands.add_parser(
        "export-fhir",
        parents=[content, output],
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
    _add_schedule_commands(commands, content, output)

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
    return parser


def _add_schedule_commands(
    commands: argparse._SubParsersAction[_Parser],
    content: _Parser,
    output: _Parser,
) -> None:
    schedule = commands.add_parser(
        "schedule",
        parents=[content, output],
        help="print the aftercare messages to send, day by day, or a calendar file",
    )
    schedule.add_argument(
        "--date", type=_date, required=True, metavar="YYYY-MM-DD", help="treatment date"
    )
    schedule.add_argument(
        "--tz",
        required=True,
        metavar="ZONE",
        help="the clinic's IANA time zone, such as America/Toronto (required: no default)",
    )
    schedule.add_argument(
        "--patient-key",
        required=True,
        metavar="KEY",
        help="an opaque key for the patient, such as a random id your system keeps (hashed;"
        " calendar and message ids derive from it). Not a name or record number",
    )
    schedule.add_argument(
        "--send-time", default="18:00", metavar="HH:MM", help="local send time (default 18:00)"
    )
    schedule.add_argument(
        "--day",
        dest="days",
        action="extend",
        nargs="+",
        type=int,
        metavar="N",
        help="send on day N (1 is the treatment day); default: from the content",
    )
    schedule.add_argument(
        "--risk", action="extend", nargs="+", default=[], metavar="ID", help="a risk factor id"
    )
    schedule.add_argument("--clinic-name", metavar="NAME", help="the clinic's name")
    schedule.add_argument("--clinic-phone", metavar="PHONE", help="the clinic's phone number")
    schedule.add_argument("--clinic-email", metavar="EMAIL", help="the clinic's email address")
    schedule.add_argument("--clinic-region", metavar="CODE", help=_REGION_HELP)
    schedule.add_argument(
        "--format",
        choices=("text", "json", "ics", "fhir"),
        default="text",
        help="output format (ics: an iCalendar file; fhir: a Bundle of the CarePlan and"
        " one CommunicationRequest per message)",
    )
    schedule.add_argument(
        "--subject", metavar="REF", help="patient reference, such as Patient/123 (fhir)"
    )
    schedule.add_argument(
        "--policy",
        choices=("us-healthcare-exempt", "us-consented", "ca-casl"),
        metavar="NAME",
        help="build the texts to a messaging policy (us-healthcare-exempt, us-consented or"
        " ca-casl) and check them against it: sender, opt-out, hours, daily and weekly caps"
        " (text and json formats)",
    )
    schedule.add_argument(
        "--patient-tz",
        metavar="ZONE",
        help="the patient's IANA time zone, for the hours texts may arrive (default: --tz)",
    )
    schedule.add_argument(
        "--link", metavar="URL", help="an https:// address of the full sheet (with --policy)"
    )
    schedule.add_argument(
        "--minimal",
        action="store_true",
        help="texts name no procedure and no symptom, only the visit date and --link"
        " (with --policy)",
    )
    schedule.add_argument(
        "--first-name", metavar="NAME", help="greet the patient by name, if it fits (with --policy)"
    )
    batch = commands.add_parser(
        "batch",
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
    batch.add_argument("--clinic-name", metavar="NAME", help="the clinic's name")
    batch.add_argument("--clinic-phone", metavar="PHONE", help="the clinic's phone number")
    batch.add_argument("--clinic-email", metavar="EMAIL", help="the clinic's email address")
    batch.add_argument("--clinic-region", metavar="CODE", help=_REGION_HELP)
    check = commands.add_parser(
        "check-in",
        parents=[content, output],
        help="triage yes/no answers to the warning-sign questions",
        description="Answer every warning sign's question with --yes ID or --no ID.",
    )
    check.add_argument("--yes", action="extend", nargs="+", default=[], metavar="ID")
    check.add_argument("--no", action="extend", nargs="+", default=[], metavar="ID")
    check.add_argument("--days", type=int, metavar="N", help="days since the treatment")
    check.add_argument("--clinic-region", metavar="CODE", help=_REGION_HELP)


def _clinic(args: argparse.Namespace) -> ClinicContact | None:
    from .checklist import ClinicContact

    details = (args.clinic_name, args.clinic_phone, args.clinic_email, args.clinic_region)
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
            region=args.clinic_region,
        )
    except ValueError as exc:
        raise _UsageError(str(exc)) from None


def _schedule(args: argparse.Namespace) -> int:
    from . import schedule as sched
    from .checklist import build_checklist

    send_time = _send_time(args.send_time)
    catalog = _catalog(args)
    checklist = build_checklist(
        catalog=catalog, treatment_date=args.date, risk_factors=args.risk, clinic=_clinic(args)
    )
    plan = sched.build_schedule(
        checklist,
        tz=args.tz,
        patient=args.patient_key,
        send_time=send_time,
        days=args.days,
        catalog=catalog,
    )
    policy_only = ("patient_tz", "link", "minimal", "first_name")
    if args.policy is None and any(getattr(args, name) for name in policy_only):
        raise _UsageError("--patient-tz, --link, --minimal and --first-name need --policy")
    if args.policy is not None:
        return _schedule_messages(args, plan)
    if args.format == "ics":
        _write(sched.to_ical(plan).decode("utf-8"), args.output, machine=True)
    elif args.format == "fhir":
        from . import fhir

        bundle = fhir.schedule_bundle(checklist, plan, subject=args.subject)
        _write(fhir.to_json(bundle), args.output, machine=True)
    elif args.format == "json":
        _write(sched.to_json(plan), args.output, machine=True)
    else:
        lines = [f"{t.send_at.isoformat()}  {sched.render_sms(plan, t)}" for t in plan.touchpoints]
        _write("\n".join(lines) + "\n", args.output)
    return 0


def _schedule_messages(args: argparse.Namespace, plan: Schedule) -> int:
    """Print the texts of *plan* built to ``--policy``: as lines, or as JSON."""
    import json

    from . import messaging

    if args.format not in ("text", "json"):
        raise _UsageError("--policy applies to the text and json formats")
    messages = messaging.plan_messages(
        plan,
        messaging.policy(args.policy),
        patient_tz=args.patient_tz,
        link=args.link,
        first_name=args.first_name,
        minimal=True if args.minimal else None,
    )
    if args.format == "json":
        rows = [
            {
                "idempotency_key": m.idempotency_key,
                "days": list(m.days),
                "send_at": m.send_at.isoformat(),
                "sms": m.text,
                "segments": m.segments,
                "encoding": m.encoding,
                "policy": m.policy,
            }
            for m in messages
        ]
        _write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", args.output, machine=True)
    else:
        lines = [
            f"{m.send_at.isoformat()}  [{m.segments} {m.encoding}]  {m.text}" for m in messages
        ]
        _write("\n".join(lines) + "\n", args.output)
    return 0


def _send_time(value: str) -> datetime.time:
    try:
        return datetime.time.fromisoformat(value)
    except ValueError:
        raise _UsageError(f"invalid --send-time {value!r}: use HH:MM") from None


class _Progress:
    """A one-line progress bar on standard error, drawn only on a terminal."""

    def __init__(self, total: int) -> None:
        self.total, self.shown = total, -1
        self.active = sys.stderr.isatty() and total > 0

    def __call__(self, done: int) -> None:
        percent = done * 100 // self.total if self.total else 100
        if not self.active or percent == self.shown:
            return
        self.shown = percent
        bar = "#" * (percent // 4)
        sys.stderr.write(f"\r[{bar:<25}] {done}/{self.total}")
        sys.stderr.flush()

    def close(self) -> None:
        if self.active and self.shown >= 0:
            sys.stderr.write("\n")


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


def _batch_due(
    args: argparse.Namespace,
    send_time: datetime.time,
    clinic: ClinicContact | None,
    locale_packs: dict[str, list[str]],
) -> int:
    from ._io import shown
    from .batch import due, due_csv, due_json

    if args.output is not None or args.resume or args.report is not None or args.write:
        raise _UsageError(
            "--due-between writes nothing: drop --output, --write, --resume and --report"
        )
    start = _instant("--due-between START", args.due_between[0])
    end = _instant("--due-between END", args.due_between[1])
    result = due(
        args.csv,
        start,
        end,
        tz=args.tz,
        send_time=send_time,
        clinic=clinic,
        packs=tuple(args.pack),
        locale_packs=locale_packs,
        require_approval=args.require_approval,
    )
    render = due_json if args.format == "json" else due_csv
    sys.stdout.write(render(result.messages))
    source = shown(args.csv)
    for error in result.errors:
        print(f"{source}:{error.line}: {error.message}", file=sys.stderr)
    print(f"{len(result.messages)} messages due; {len(result.errors)} rows failed", file=sys.stderr)
    return 1 if result.errors else 0


def _batch(args: argparse.Namespace) -> int:
    from ._io import shown
    from .batch import count_rows, run_batch

    send_time = _send_time(args.send_time)
    clinic = _clinic(args)
    locale_packs: dict[str, list[str]] = {}
    for locale, path in args.pack_for:
        locale_packs.setdefault(locale, []).append(path)
    if args.due_between is not None:
        return _batch_due(args, send_time, clinic, locale_packs)
    if args.output is None:
        raise _UsageError("batch needs --output FOLDER (or --due-between START END)")
    if args.format is not None:
        raise _UsageError("--format applies to --due-between only")
    progress = _Progress(count_rows(args.csv))
    try:
        summary = run_batch(
            args.csv,
            args.output,
            tz=args.tz,
            send_time=send_time,
            clinic=clinic,
            packs=tuple(args.pack),
            locale_packs=locale_packs,
            require_approval=args.require_approval,
            resume=args.resume,
            report=args.report,
            progress=progress,
            outputs=tuple(args.write or ("ics", "json")),
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


_YES_NO = {"en": ("y", "n", "(y/n)"), "fr": ("o", "n", "(o/n)")}


def _ask(catalog: Catalog, days: int | None) -> dict[str, bool]:
    """Ask the warning-sign questions that can apply on *days*, most urgent first.

    A "yes" to an emergency question ends the questions at once: the patient must
    call 911 first. A "yes" to any other question does not end them: the check-in
    needs every other answer to find the most urgent match.
    """
    from .checkin import questions
    from .model import Urgency

    yes, no, hint = _YES_NO["fr" if catalog.locale.startswith("fr") else "en"]
    answers: dict[str, bool] = {}
    for sign in questions(catalog, days):
        while True:
            try:
                reply = input(f"{sign.question or sign.sign} {hint} ").strip().lower()
            except EOFError:
                return answers  # check_in names the first unanswered question
            if reply[:1] in (yes, no):
                answers[sign.id] = reply[:1] == yes
                break
        if answers[sign.id] and sign.urgency is Urgency.EMERGENCY:
            break
    return answers


def _check_in(args: argparse.Namespace) -> int:
    from .checkin import check_in
    from .model import Urgency
    from .regions import normalise_region, who_to_call

    try:
        where = who_to_call(normalise_region(args.clinic_region, "--clinic-region"), args.locale)
    except ValueError as exc:
        raise _UsageError(str(exc)) from None
    catalog = _catalog(args)
    both = sorted(set(args.yes) & set(args.no))
    if both:
        raise _UsageError(f"{both[0]!r} is answered both --yes and --no")
    answers = {id: True for id in args.yes} | {id: False for id in args.no}
    try:
        if not answers and sys.stdin is not None and sys.stdin.isatty():
            answers = _ask(catalog, args.days)
        result = check_in(catalog, answers, days_since_treatment=args.days)
    except ValueError as exc:
        if isinstance(exc, MicroneedleCareError):
            raise
        raise _UsageError(str(exc)) from None
    lines = []
    if result.first_action is not None:
        lines.append(result.first_action)
        lines.append("")
    lines.extend(f"[{s.urgency.value}] {s.sign} {s.action}" for s in result.matches)
    if where is not None and result.urgency in (Urgency.SAME_DAY, Urgency.WITHIN_DAYS):
        # Who else to call where the clinic is; an emergency's action already says 911.
        same_day = where.same_day if result.urgency is Urgency.SAME_DAY else None
        lines += ["", *(line for line in (same_day, where.service) if line)]
    if result.reassurance:
        lines.append(result.reassurance)
    lines += ["", result.approval_notice]
    _write("\n".join(lines).strip() + "\n", args.output)
    return 0


def _catalog(args: argparse.Namespace) -> Catalog:
    from .loading import load

    try:
        return load(locale=args.locale, packs=args.pack, require_approval=args.require_approval)
    except ValueError as exc:
        if isinstance(exc, MicroneedleCareError):
            raise
        raise _UsageError(str(exc)) from None


class _OutputError(Exception):
    """Standard output cannot be written; the message is printed as one line."""


def _print(*values: object, end: str = "\n") -> None:
    """Print to standard output, which may have been closed when the command started."""
    if sys.stdout is None:
        raise _OutputError("cannot write to standard output: it is closed")
    print(*values, end=end)


def _write(text: str, output: str | None, *, machine: bool = False) -> None:
    """Write *text* to *output* atomically, or all of it to standard output.

    Machine formats (JSON, FHIR, iCalendar, HTML, Markdown) are always UTF-8: a pipe whose
    encoding cannot hold them used to get ``?`` in their place (attack M27). Plain text, for
    people, goes in standard output's own encoding, with ``?`` for what a terminal cannot show.
    """
    if output is not None:
        from . import _io

        try:
            _io.write_text(output, text)
        except _io.WriteError as exc:
            raise _UsageError(str(exc)) from None
        return
    stdout = sys.stdout
    if stdout is None:
        raise _OutputError("cannot write to standard output: it is closed")
    if machine:
        encoding, errors = "utf-8", "strict"
    else:
        encoding = getattr(stdout, "encoding", None) or "utf-8"
        errors = getattr(stdout, "errors", None) or "replace"
    _write_all(stdout, text.encode(encoding, errors), encoding)


def _write_all(stdout: TextIO, data: bytes, encoding: str) -> None:
    """Write every byte to *stdout*, or raise OSError: a short write is never success (M19)."""
    stdout.flush()
    try:
        fd = stdout.fileno()
    except (OSError, ValueError, AttributeError):
        fd = None  # not a file (a test captures it): its buffer takes everything
    if fd is None:
        buffer = getattr(stdout, "buffer", None)
        if buffer is not None:
            buffer.write(data)
            buffer.flush()
        else:
            stdout.write(data.decode(encoding))
        return
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:  # pragma: no cover - os.write raises rather than return 0
            raise OSError(errno.EIO, "nothing was written")
        view = view[written:]


def _checklist(args: argparse.Namespace) -> int:
    from .checklist import ClinicContact, build_checklist
    from .rendering import render

    clinic = None
    details = (
        args.clinic_name,
        args.clinic_phone,
        args.clinic_email,
        args.clinic_after_hours,
        args.clinic_region,
    )
    if any(d is not None for d in details):
        if args.clinic_name is None or args.clinic_phone is None:
            if args.clinic_region is not None:
                raise _UsageError("--clinic-region needs --clinic-name and --clinic-phone")
            raise _UsageError("--clinic-name and --clinic-phone must be given together")
        try:
            clinic = ClinicContact(
                name=args.clinic_name,
                phone=args.clinic_phone,
                email=args.clinic_email,
                after_hours=args.clinic_after_hours,
                region=args.clinic_region,
            )
        except ValueError as exc:
            raise _UsageError(str(exc)) from None
    checklist = build_checklist(
        catalog=_catalog(args),
        treatment_date=args.date,
        risk_factors=args.risk,
        clinic=clinic,
        prepared_for=args.prepared_for,
    )
    if args.patient is not None and args.format != "fhir":
        raise _UsageError("--patient needs --format fhir")
    if args.compact and args.format not in ("text", "markdown", "html", "pdf"):
        raise _UsageError("--compact applies to text, markdown, html and pdf")
    if args.format == "pdf":
        if args.output is None:
            raise _UsageError("--format pdf needs --output FILE (a PDF is not text)")
        from . import _io

        data = render(checklist, "pdf", compact=args.compact, paper=args.paper)
        try:
            _io.write_bytes(args.output, data)
        except _io.WriteError as exc:
            raise _UsageError(str(exc)) from None
        return 0
    if args.paper != "letter" and args.format != "html":
        raise _UsageError("--paper applies to html and pdf")
    text = render(
        checklist, args.format, subject=args.patient, compact=args.compact, paper=args.paper
    )
    _write(text, args.output, machine=args.format != "text")
    return 0


def _list(args: argparse.Namespace) -> int:
    for item in getattr(_catalog(args), _LISTS[args.kind]):
        label = getattr(item, "name", None) or getattr(item, "title", None)
        label = label or getattr(item, "claim", None) or getattr(item, "sign", None)
        label = label or getattr(item, "action", "")
        _print(f"{item.id}\t{label}")
    return 0


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
                value = "; ".join(f"{v.locale}: {v.pattern}" for v in value)
        elif value is None:
            value = "-"
        _print(f"  {field.name}: {value}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    from . import _io
    from .errors import shown
    from .loading import is_clinic_pack, load, parse, parse_pack
    from .packs import safety_changes

    raw = _io.read_bytes(args.path)  # a file that cannot be read is bad input: exit 2
    try:
        data = _io.decode_json(raw, args.path)
        if is_clinic_pack(data):
            pack = parse_pack(data, source=args.path)
            try:
                base = load(locale=pack.pack.locale)
            except ValueError:
                base = load()  # the merge reports the unknown locale with its path
            catalog = base.with_pack(pack, source=args.path)
            kind = "clinic pack"
            warnings, unchecked = _wording_warnings(pack, catalog)
            notices = [f"{c.path}: {c.message}" for c in safety_changes(catalog)]
            notices += unchecked
            notices += _approval_notices(catalog) if pack.pack.approval is not None else []
        else:
            catalog = parse(data, source=args.path)
            kind = "content pack"
            warnings = []
            notices = []
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    for line in notices:  # acknowledged safety overrides: the pack says why
        print(f"{shown(args.path)}: notice: {line}", file=sys.stderr)
    label = "error" if args.strict else "warning"
    for line in warnings:
        print(f"{shown(args.path)}: {label}: {line}", file=sys.stderr)
    if warnings and args.strict:
        return 1
    _print(
        f"{shown(args.path)}: valid {kind}, content {catalog.content_version},"
        f" {len(catalog)} items, digest {catalog.content_digest}"
    )
    return 0


def _approval_notices(catalog: Catalog) -> list[str]:
    """Why the pack's own approval does not cover this pack merged alone, if it does not."""
    from .approval import problems

    return [f"{p.path}: {p.message}" for p in problems(catalog)[1]]


def _wording_warnings(pack: ClinicPack, catalog: Catalog) -> tuple[list[str], list[str]]:
    """Return the wording findings, and what could not be checked (a notice, not a failure).

    Without the optional readability extra, ``validate --strict`` failed every pack
    (attack report): a check that could not run is not a problem with the pack.
    """
    from .errors import MissingDependencyError

    try:
        return _pack_wording_findings(pack, catalog, readability=True), []
    except MissingDependencyError:
        notes = _pack_wording_findings(pack, catalog, readability=False)
        return notes, ["reading level not checked: install the readability extra"]


def _read_text(path: str) -> tuple[str, _Lines]:
    """Read a text file for 'check'; HTML (by suffix or a leading tag) becomes plain text.

    Returns the text and, for each offset in it, its line in the file.
    """
    from . import _io
    from .check import _Lines, _read_html
    from .errors import Problem

    raw = _io.read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ContentError(path, (Problem("$", f"not UTF-8 text (byte {exc.start})"),)) from None
    if path.lower().endswith((".html", ".htm")) or text.lstrip().startswith("<"):
        return _read_html(text)
    return text, _Lines.of_text(text)


def _visible(text: str) -> str:
    """*text* safe for a terminal: a control or other unprintable character as an escape.

    A checked file or its name may hold ESC, OSC or BEL sequences (attack M17, L1).
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def _check(args: argparse.Namespace) -> int:
    import json

    from .check import check_text
    from .loading import load

    catalog = load(locale=args.locale)
    reports = [
        (path, lines, check_text(text, catalog=catalog, readability=not args.no_readability))
        for path in args.files
        for text, lines in [_read_text(path)]
    ]
    if args.format == "json":
        _print(json.dumps([_report_json(p, t, r) for p, t, r in reports], indent=2), end="\n")
    else:
        for path, text, report in reports:
            _print(_report_text(path, text, report))
    return 1 if any(report.findings for _, _, report in reports) else 0


def _report_json(path: str, lines: _Lines, report: TextReport) -> dict[str, object]:
    from .check import AdviceFinding, MythFinding

    findings: list[dict[str, object]] = []
    for finding in report.findings:
        entry: dict[str, object] = {
            "line": lines.line(finding.start),
            "offset": finding.start,
            "sentence": finding.sentence,
        }
        if isinstance(finding, MythFinding):
            entry |= {
                "kind": "myth",
                "id": finding.myth.id,
                "correction": finding.correction,
                "references": [r.id for r in finding.references],
            }
        elif isinstance(finding, AdviceFinding):
            entry |= {
                "kind": "advice",
                "id": finding.step.id,
                "step": finding.step.action,
                "when": finding.step.window.describe(),
                "references": [r.id for r in finding.references],
            }
        else:
            entry |= {
                "kind": "hard-sentence",
                "grade": finding.score.grade,
                "ease": finding.score.ease,
            }
        findings.append(entry)
    score = report.score
    return {
        "file": path,
        "locale": report.locale,
        "grade": None if score is None else score.grade,
        "ease": None if score is None else score.ease,
        "findings": findings,
    }


def _report_text(path: str, lines: _Lines, report: TextReport) -> str:
    from .check import AdviceFinding, MythFinding

    score = report.score
    level = ""
    if score is not None:
        level = f"reading ease {score.ease:.1f}"
        if score.grade is not None:
            level = f"grade {score.grade:.1f}, " + level
    counts = (
        f"{len(report.myths)} myth(s), {len(report.advice)} against the aftercare,"
        f" {len(report.hard_sentences)} hard sentence(s)"
    )
    out = [f"{_visible(path)}: {counts}" + (f"; {level}" if level else "")]
    for finding in report.findings:
        sentence = _visible(" ".join(finding.sentence.split()))
        out.append(f"  line {lines.line(finding.start)}: {sentence}")
        if isinstance(finding, MythFinding):
            refs = ", ".join(r.id for r in finding.references)
            out.append(f"    myth {finding.myth.id}: {finding.correction}")
            out.append(f"    sources: {refs}")
        elif isinstance(finding, AdviceFinding):
            refs = ", ".join(r.id for r in finding.references)
            step = finding.step
            out.append(f"    against {step.id} ({step.window.describe()}): {step.action}")
            out.append(f"    sources: {refs}")
        else:
            grade = finding.score.grade
            what = f"grade {grade:.1f}" if grade is not None else f"ease {finding.score.ease:.1f}"
            out.append(f"    hard to read: {what}")
    return "\n".join(out)


def _pack_wording_findings(pack: ClinicPack, catalog: Catalog, *, readability: bool) -> list[str]:
    """Check a clinic pack's own wording: reworded fields, new items and its disclaimer."""
    from .check import MythFinding, check_text
    from .model import patient_fields

    texts: list[tuple[str, str]] = []
    for index, change in enumerate(pack.pack.replace):
        texts += [(f"$.pack.replace[{index}].{n}", v) for n, v in change.changes().items()]
    if pack.pack.disclaimer is not None:
        texts.append(("$.pack.disclaimer", pack.pack.disclaimer))
    for kind in ("causes", "risk_factors", "aftercare_steps", "warning_signs", "myths"):
        if kind == "myths":
            continue  # a pack's own myths state a claim on purpose
        for index, item in enumerate(getattr(pack, kind)):
            texts += [
                (f"$.{kind}[{index}].{n}", getattr(item, n)) for n in patient_fields(type(item))
            ]
    out = []
    for path, text in texts:
        report = check_text(text, catalog=catalog, readability=readability)
        for finding in report.findings:
            if isinstance(finding, MythFinding):
                out.append(f"{path}: states the myth {finding.myth.id!r}: {finding.sentence}")
            elif hasattr(finding, "step"):
                out.append(f"{path}: goes against the step {finding.step.id!r}: {finding.sentence}")
            else:
                out.append(f"{path}: hard to read ({_level(finding.score)}): {finding.sentence}")
    return out


def _level(score: Score) -> str:
    return f"grade {score.grade:.1f}" if score.grade is not None else f"ease {score.ease:.1f}"


def _export(args: argparse.Namespace) -> int:
    from .loading import dumps

    _write(dumps(_catalog(args)), args.output, machine=True)
    return 0


def _export_fhir(args: argparse.Namespace) -> int:
    from . import fhir

    base = fhir.DEFAULT_BASE if args.base is None else args.base
    _write(fhir.to_json(fhir.protocol_bundle(_catalog(args), base=base)), args.output, machine=True)
    return 0


def _diff(args: argparse.Namespace) -> int:
    from .loading import load, load_file

    old = load_file(args.old)
    new = load() if args.new is None else load_file(args.new)
    changes = old.diff(new)
    if args.format == "json":
        _print(changes.to_json(), end="")
    else:
        _print(changes.format())
    return 1 if changes.patient_visible else 0


def _approve(args: argparse.Namespace) -> int:
    import json

    from .approval import approve, parse_approver
    from .approval import to_dict as as_json
    from .loading import load, load_pack, read_json

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
    from .packs import safety_changes

    for change in safety_changes(catalog):  # what the approver signed off on, with reasons
        print(f"{change.source}: notice: {change.path}: {change.message}", file=sys.stderr)
    _print(
        f"{args.path}: approved by {record.name}, {record.credentials} on"
        f" {record.date.isoformat()} (content {record.content_version},"
        f" digest {record.content_digest}, output digest {record.output_digest})"
    )
    return 0


def _summary(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
    dates = f"sources checked {catalog.reviewed.isoformat()}"
    if catalog.next_review is not None:
        dates += f"; next review due {catalog.next_review.isoformat()}"
    _print(f"content {catalog.content_version} ({dates})")
    _print(f"content digest: {catalog.content_digest}")
    for title, items in (
        ("Causes", [f"{c.id}: {c.name}" for c in catalog.causes]),
        ("Risk factors", [f"{r.id}: {r.name}" for r in catalog.risk_factors]),
        ("Aftercare steps", [f"{s.id} [{s.window.describe()}]" for s in catalog.aftercare_steps]),
        ("Warning signs", [f"{w.id} ({w.urgency.value})" for w in catalog.warning_signs]),
        ("Myths", [f"{m.id}: {m.claim}" for m in catalog.myths]),
    ):
        _print(f"\n{title} ({len(items)})")
        for line in items:
            _print(f"  - {line}")
    _print(f"\n{catalog.disclaimer}")
    return 0


def _version() -> int:
    from . import __version__
    from .loading import load

    _print(f"{PROG} {__version__} (content {load().content_version})")
    return 0


def _one_line(exc: Exception) -> str:
    """Say what went wrong in one line; a pack with several problems lists them after it."""
    if isinstance(exc, ContentError):
        if len(exc.problems) == 1:
            return f"{exc.source}: {exc.problems[0]}"
        return str(exc)  # every problem, each on its own line, as validate prints them
    return str(exc)


_COMMANDS = {
    "checklist": _checklist,
    "list": _list,
    "show": _show,
    "validate": _validate,
    "summary": _summary,
    "export": _export,
    "export-fhir": _export_fhir,
    "diff": _diff,
    "approve": _approve,
    "check": _check,
    "schedule": _schedule,
    "check-in": _check_in,
    "batch": _batch,
}


def _check_decoded(argv: Sequence[str]) -> None:
    """Refuse arguments the locale could not decode (attack report L20).

    With ``PYTHONUTF8=0 LC_ALL=C`` Python decodes ``é`` in an argument to two lone
    surrogates; a clinic name then failed as a "control character",
    which blamed the text instead of the locale.
    """
    for value in argv:
        if any("\udc80" <= char <= "\udcff" for char in value):
            shown = value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            raise _UsageError(
                f"the argument {shown!r} is not text in this locale's encoding"
                f" ({sys.getfilesystemencoding()}): use a UTF-8 locale, such as LC_ALL=C.UTF-8"
            )


def _degrade_encoding() -> None:
    """Let a terminal or pipe that cannot encode the text show ``?`` rather than fail."""
    for stream, errors in ((sys.stdout, "replace"), (sys.stderr, "backslashreplace")):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):  # a closed or odd stream
                reconfigure(errors=errors)


def _error(message: str) -> None:
    if sys.stderr is not None:
        try:
            print(f"{PROG}: error: {message}", file=sys.stderr)
            sys.stderr.flush()
        except (OSError, ValueError):
            pass


def _silence_stdout() -> None:
    """Point the process's standard output at the null device.

    Called when a write has failed: otherwise the interpreter tries to flush the same
    buffered text again at exit and prints a second, raw error.
    """
    stdout = sys.stdout
    if stdout is not sys.__stdout__ or stdout is None:
        return  # not the process's own stream (a test captures it): nothing to flush at exit
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # pragma: no cover - nothing better to do
        pass


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``) and return the exit code."""
    _degrade_encoding()
    try:
        parser = _parser()
        _check_decoded(sys.argv[1:] if argv is None else argv)
        args = parser.parse_args(argv)
        if args.version:
            code = _version()
        elif args.command is None:
            parser.print_help(sys.stderr)
            return 2
        else:
            code = _COMMANDS[args.command](args)
        if sys.stdout is not None:
            sys.stdout.flush()  # so a full disk or closed pipe is reported here, not at exit
        return code
    except (_UsageError, _OutputError, MicroneedleCareError) as exc:
        _error(_one_line(exc))
        return 2
    except BrokenPipeError:
        # The reader went away (for example `| head`); that is not an error of ours.
        _silence_stdout()
        return 0
    except OSError as exc:  # writing to standard output failed (a full disk, /dev/full)
        _silence_stdout()
        _error(f"cannot write to standard output: {exc.strerror or exc}")
        return 2
    except KeyboardInterrupt:
        _error("interrupted")
        return 130

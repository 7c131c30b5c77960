"""The patient commands: checklist, schedule, check-in and batch."""

from __future__ import annotations

import argparse
import datetime
import sys
from typing import TYPE_CHECKING

from ..errors import MicroneedleCareError
from ..rendering import BINARY_FORMATS, FORMATS
from ._options import (
    REGION_HELP,
    Command,
    Subparsers,
    _catalog,
    _date,
    _send_time,
    clinic_from_args,
    clinic_options,
    content_options,
    output_options,
    visit_options,
)
from ._output import _Progress, _UsageError, _warn, _write, _write_bytes

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..catalog import Catalog
    from ..checklist import ClinicContact, StepOverride
    from ..schedule import Schedule

_OUTPUT_KINDS = ("ics", "json", "html", "pdf", "record", "messages", "fhir")
"""``batch --write`` choices: :data:`microneedle_care.batch.OUTPUT_KINDS`, without importing it."""


# -- checklist -----------------------------------------------------------------------------


def _add_checklist(commands: Subparsers) -> None:
    checklist = commands.add_parser(
        "checklist",
        parents=[content_options(), output_options(), clinic_options()],
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
    visit_options(checklist)
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


# rendering._check_options names the misfit option by its argument; the command's words.
_MISFITS = {
    "subject": "--patient needs --format fhir",
    "compact": "--compact applies to text, markdown, html and pdf",
    "paper": "--paper applies to html and pdf",
}


def _checklist(args: argparse.Namespace) -> int:
    from ..checklist import build_checklist
    from ..errors import InvalidValueError
    from ..rendering import _check_options, render

    clinic = clinic_from_args(args)
    checklist = build_checklist(
        catalog=_catalog(args),
        treatment_date=args.date,
        risk_factors=args.risk,
        clinic=clinic,
        prepared_for=args.prepared_for,
        treatments=args.treatments,
        overrides=_overrides(args),
    )
    try:  # the library's one check of which option fits which format, in our words
        _check_options(args.format, subject=args.patient, compact=args.compact, paper=args.paper)
    except InvalidValueError as exc:
        raise _UsageError(_MISFITS[exc.argument or ""]) from None
    if args.format == "pdf":
        if args.output is None:
            raise _UsageError("--format pdf needs --output FILE (a PDF is not text)")
        _write_bytes(render(checklist, "pdf", compact=args.compact, paper=args.paper), args.output)
        return 0
    text = render(
        checklist, args.format, subject=args.patient, compact=args.compact, paper=args.paper
    )
    _write(text, args.output, machine=args.format != "text")
    return 0


def _overrides(args: argparse.Namespace) -> list[StepOverride]:
    """Return the --override STEP=DAYS windows, set by --override-by."""
    from ..checklist import StepOverride
    from ..model import TimeWindow

    if not args.overrides:
        if args.override_by is not None:
            raise _UsageError("--override-by needs at least one --override")
        return []
    if not args.override_by or not args.override_by.strip():
        raise _UsageError("--override needs --override-by NAME: who set the window")
    out = []
    for value in args.overrides:
        step, sep, days = value.partition("=")
        first, dash, last = days.partition("-")
        if not sep or not dash or not first.isdigit() or not (last == "" or last.isdigit()):
            raise _UsageError(
                f"--override {value!r}: write STEP=FIRST-LAST in days, such as"
                " 'no-swimming=1-7' or 'no-tanning=1-' (open)"
            )
        try:
            window = TimeWindow.days(int(first), int(last) if last else None)
        except ValueError as exc:
            raise _UsageError(f"--override {value!r}: {exc}") from None
        out.append(StepOverride(step=step.strip(), window=window, set_by=args.override_by))
    return out


# -- schedule ------------------------------------------------------------------------------


def _add_schedule(commands: Subparsers) -> None:
    schedule = commands.add_parser(
        "schedule",
        parents=[content_options(), output_options(), clinic_options()],
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
    visit_options(schedule)
    schedule.add_argument(
        "--format",
        choices=("text", "json", "ics", "fhir"),
        default="text",
        help="output format (ics: an iCalendar file; fhir: a Bundle of the CarePlan and"
        " one CommunicationRequest per message)",
    )
    schedule.add_argument(
        "--patient",
        metavar="REF",
        help="with --format fhir: the patient, as a FHIR reference such as Patient/123"
        " (without it the Bundle names no patient)",
    )
    # The name before 0.6.0; deprecated, hidden, and still read (with one warning line).
    schedule.add_argument("--subject", metavar="REF", help=argparse.SUPPRESS)
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


def _patient(args: argparse.Namespace) -> str | None:
    """Return ``schedule --patient``, or its deprecated name ``--subject`` with a warning."""
    if args.subject is None:
        return args.patient  # type: ignore[no-any-return]
    if args.patient is not None:
        raise _UsageError("--subject is the old name of --patient: give only --patient")
    _warn("--subject is deprecated and will be removed: use --patient")
    return args.subject  # type: ignore[no-any-return]


def _schedule(args: argparse.Namespace) -> int:
    from .. import schedule as sched
    from ..checklist import build_checklist
    from ..rendering.ical import render_ical, render_schedule_json
    from ..rendering.messages import render_sms

    patient = _patient(args)
    send_time = _send_time(args.send_time)
    catalog = _catalog(args)
    checklist = build_checklist(
        catalog=catalog,
        treatment_date=args.date,
        risk_factors=args.risk,
        clinic=clinic_from_args(args),
        treatments=args.treatments,
        overrides=_overrides(args),
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
        _write(render_ical(plan).decode("utf-8"), args.output, machine=True)
    elif args.format == "fhir":
        from .. import fhir

        bundle = fhir.schedule_bundle(checklist, plan, subject=patient)
        _write(fhir.to_json(bundle), args.output, machine=True)
    elif args.format == "json":
        _write(render_schedule_json(plan), args.output, machine=True)
    else:
        lines = [f"{t.send_at.isoformat()}  {render_sms(plan, t)}" for t in plan.touchpoints]
        _write("\n".join(lines) + "\n", args.output)
    return 0


def _schedule_messages(args: argparse.Namespace, plan: Schedule) -> int:
    """Print the texts of *plan* built to ``--policy``: as lines, or as JSON."""
    import json

    from .. import messaging

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


# -- batch ---------------------------------------------------------------------------------


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
    from .._io import shown
    from ..batch import due, due_csv, due_json

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
    from .._io import shown
    from ..batch import count_rows, run_batch

    send_time = _send_time(args.send_time)
    clinic = clinic_from_args(args)
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


# -- check-in ------------------------------------------------------------------------------


def _add_check_in(commands: Subparsers) -> None:
    check = commands.add_parser(
        "check-in",
        parents=[content_options(), output_options()],
        help="triage yes/no answers to the warning-sign questions",
        description="Answer every warning sign's question with --yes ID or --no ID.",
    )
    check.add_argument("--yes", action="extend", nargs="+", default=[], metavar="ID")
    check.add_argument("--no", action="extend", nargs="+", default=[], metavar="ID")
    check.add_argument("--days", type=int, metavar="N", help="days since the treatment")
    check.add_argument(
        "--treatment",
        dest="treatments",
        action="extend",
        nargs="+",
        default=[],
        metavar="ID",
        help="a treatment id: ask its own questions and only the signs that apply to it",
    )
    check.add_argument("--clinic-region", metavar="CODE", help=REGION_HELP)


def _ask(catalog: Catalog, days: int | None, treatments: Sequence[str] = ()) -> dict[str, bool]:
    """Ask the warning-sign questions that can apply on *days*, most urgent first.

    A "yes" to an emergency question ends the questions at once: the patient must
    call 911 first. A "yes" to any other question does not end them: the check-in
    needs every other answer to find the most urgent match.
    """
    from .._i18n import messages
    from ..checkin import questions
    from ..model import Urgency

    words = messages(catalog.locale).cli  # the letter a reply starts with, and the hint
    yes, no, hint = words["yes"], words["no"], words["yes_no"]
    answers: dict[str, bool] = {}
    for sign in questions(catalog, days, treatments=treatments):
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
    from ..checkin import check_in
    from ..model import Urgency
    from ..regions import normalise_region, who_to_call

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
            # Two arguments without treatments: tests stand in for _ask with (catalog, days).
            extra = (args.treatments,) if args.treatments else ()
            answers = _ask(catalog, args.days, *extra)
        result = check_in(
            catalog, answers, days_since_treatment=args.days, treatments=args.treatments
        )
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


COMMANDS = {
    "checklist": Command(_add_checklist, _checklist),
    "schedule": Command(_add_schedule, _schedule),
    "batch": Command(_add_batch, _batch),
    "check-in": Command(_add_check_in, _check_in),
}
"""This module's subcommands, by name."""


def register(commands: Subparsers) -> None:
    """Add this module's subcommands to *commands*."""
    for command in COMMANDS.values():
        command.add(commands)

"""The patient commands: checklist, schedule and check-in (``batch`` is in ``cli/batch.py``)."""

from __future__ import annotations

import argparse
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
from ._output import _UsageError, _warn, _write, _write_bytes

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..catalog import Catalog
    from ..checklist import StepOverride
    from ..schedule import Schedule

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
    from .._i18n import messages
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
    # Each urgency's matches under its heading, in the patient's language (the sheet's own
    # headings): not the English urgency codes, which a French or Spanish reader cannot use.
    words = messages(catalog.locale)
    tier = None
    for sign in result.matches:
        if sign.urgency is not tier:
            tier = sign.urgency
            lines.append(words.urgencies[tier.value] + words.colon)
        lines.append(f"- {sign.sign} {sign.action}")
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
    "check-in": Command(_add_check_in, _check_in),
}
"""This module's subcommands, by name."""


def register(commands: Subparsers) -> None:
    """Add this module's subcommands to *commands*."""
    for command in COMMANDS.values():
        command.add(commands)

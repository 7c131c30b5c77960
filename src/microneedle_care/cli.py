"""The ``microneedle-care`` command. The only module that prints or picks exit codes.

Exit codes: 0 on success; 1 when ``validate`` finds problems in a content pack or ``batch``
skips a bad row; 2 for bad
input (an unknown id or format, a bad date, a file that cannot be read or written),
with one line on standard error and never a traceback.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

from .errors import ContentError, MicroneedleCareError
from .rendering import FORMATS

if TYPE_CHECKING:
    from .catalog import Catalog
    from .checklist import ClinicContact

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
    checklist.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="output format (default: text; fhir: a FHIR R4B CarePlan)",
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
            " packaged content in its locale, and every conflict is reported."
        ),
    )
    validate.add_argument("path", help="the content pack or clinic pack (JSON) to check")

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

    _add_schedule_commands(commands, content, output)

    diff = commands.add_parser(
        "diff",
        help="list what changes between two content packs",
        description=(
            "List the ids added, removed and deprecated, and for changed ids which fields"
            " changed, from OLD to NEW. Each is a content pack file (see 'export');"
            " NEW defaults to the installed content."
        ),
    )
    diff.add_argument("old", metavar="OLD", help="the content you have now")
    diff.add_argument("new", metavar="NEW", nargs="?", help="the content to move to")
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
        "--tz", default="UTC", metavar="ZONE", help="the clinic's time zone (default: UTC)"
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
    schedule.add_argument(
        "--format",
        choices=("text", "json", "ics", "fhir"),
        default="text",
        help="output format (ics: an iCalendar file; fhir: a Bundle of the CarePlan and"
        " one CommunicationRequest per message)",
    )
    schedule.add_argument(
        "--subject", default="Patient/example", metavar="REF", help="patient reference (fhir)"
    )
    batch = commands.add_parser(
        "batch",
        help="write a calendar file and a JSON schedule for every patient in a CSV",
        description=(
            "Read a CSV with the columns patient_id and treatment_date (and optionally"
            " risk_factors and locale) and write <patient_id>.ics and <patient_id>.json into"
            " the folder. A bad row is reported with its line number and the run goes on;"
            " exit 1 if any row failed."
        ),
    )
    batch.add_argument("csv", metavar="CSV", help="the patients, one per row")
    batch.add_argument("--output", "-o", required=True, metavar="FOLDER", help="where to write")
    batch.add_argument("--tz", default="UTC", metavar="ZONE", help="the clinic's time zone")
    batch.add_argument("--send-time", default="18:00", metavar="HH:MM", help="local send time")
    batch.add_argument("--pack", action="append", default=[], metavar="PATH", help="clinic pack")
    batch.add_argument("--clinic-name", metavar="NAME", help="the clinic's name")
    batch.add_argument("--clinic-phone", metavar="PHONE", help="the clinic's phone number")
    batch.add_argument("--clinic-email", metavar="EMAIL", help="the clinic's email address")
    check = commands.add_parser(
        "check-in",
        parents=[content, output],
        help="triage yes/no answers to the warning-sign questions",
        description="Answer every warning sign's question with --yes ID or --no ID.",
    )
    check.add_argument("--yes", action="extend", nargs="+", default=[], metavar="ID")
    check.add_argument("--no", action="extend", nargs="+", default=[], metavar="ID")
    check.add_argument("--days", type=int, metavar="N", help="days since the treatment")


def _clinic(args: argparse.Namespace) -> ClinicContact | None:
    from .checklist import ClinicContact

    details = (args.clinic_name, args.clinic_phone, args.clinic_email)
    if all(d is None for d in details):
        return None
    if args.clinic_name is None or args.clinic_phone is None:
        raise _UsageError("--clinic-name and --clinic-phone must be given together")
    try:
        return ClinicContact(
            name=args.clinic_name, phone=args.clinic_phone, email=args.clinic_email
        )
    except ValueError as exc:
        raise _UsageError(str(exc)) from None


def _schedule(args: argparse.Namespace) -> int:
    from . import schedule as sched
    from .checklist import build_checklist

    send_time = _send_time(args.send_time)
    catalog = _catalog(args)
    checklist = build_checklist(
        catalog, treatment_date=args.date, risk_factors=args.risk, clinic=_clinic(args)
    )
    plan = sched.build_schedule(
        checklist, tz=args.tz, send_time=send_time, days=args.days, catalog=catalog
    )
    if args.format == "ics":
        _write(sched.to_ical(plan).decode("utf-8"), args.output)
    elif args.format == "fhir":
        from . import fhir

        bundle = fhir.schedule_bundle(checklist, plan, subject=args.subject)
        _write(fhir.to_json(bundle), args.output)
    elif args.format == "json":
        _write(sched.to_json(plan), args.output)
    else:
        lines = [f"{t.send_at.isoformat()}  {sched.render_sms(plan, t)}" for t in plan.touchpoints]
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


def _batch(args: argparse.Namespace) -> int:
    from .batch import count_rows, run_batch

    send_time = _send_time(args.send_time)
    clinic = _clinic(args)
    try:
        progress = _Progress(count_rows(args.csv))
        summary = run_batch(
            args.csv,
            args.output,
            tz=args.tz,
            send_time=send_time,
            clinic=clinic,
            packs=tuple(args.pack),
            progress=progress,
        )
    except OSError as exc:
        raise _UsageError(f"{exc.filename or args.csv}: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise _UsageError(f"{args.csv}: not UTF-8 text") from None
    progress.close()
    for error in summary.errors:
        print(f"{args.csv}:{error.line}: {error.message}", file=sys.stderr)
    print(
        f"wrote {summary.written} of {summary.rows} patients to {args.output};"
        f" {len(summary.errors)} rows failed",
        file=sys.stderr,
    )
    return 1 if summary.errors else 0


_YES_NO = {"en": ("y", "n", "(y/n)"), "fr": ("o", "n", "(o/n)")}


def _ask(catalog: Catalog) -> dict[str, bool]:
    """Ask every warning sign's question on the terminal, most urgent first.

    After a "yes" to an emergency question, only the other emergency questions are
    asked: the patient must call 911 first.
    """
    yes, no, hint = _YES_NO["fr" if catalog.locale.startswith("fr") else "en"]
    answers: dict[str, bool] = {}
    for sign in sorted(catalog.warning_signs, key=lambda sign: sign.urgency.rank):
        if sign.urgency.value != "emergency" and any(answers.values()):
            break
        while True:
            try:
                reply = input(f"{sign.question or sign.sign} {hint} ").strip().lower()
            except EOFError:
                return answers  # check_in names the first unanswered question
            if reply[:1] in (yes, no):
                answers[sign.id] = reply[:1] == yes
                break
    return answers


def _check_in(args: argparse.Namespace) -> int:
    from .checkin import check_in

    catalog = _catalog(args)
    both = sorted(set(args.yes) & set(args.no))
    if both:
        raise _UsageError(f"{both[0]!r} is answered both --yes and --no")
    answers = {id: True for id in args.yes} | {id: False for id in args.no}
    if not answers and sys.stdin.isatty():
        answers = _ask(catalog)
    try:
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
    if result.reassurance:
        lines.append(result.reassurance)
    _write("\n".join(lines).strip() + "\n", args.output)
    return 0


def _catalog(args: argparse.Namespace) -> Catalog:
    from .loading import load

    try:
        return load(locale=args.locale, packs=args.pack)
    except ValueError as exc:
        if isinstance(exc, MicroneedleCareError):
            raise
        raise _UsageError(str(exc)) from None


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
    checklist = build_checklist(
        _catalog(args), treatment_date=args.date, risk_factors=args.risk, clinic=clinic
    )
    _write(render(checklist, args.format), args.output)
    return 0


def _list(args: argparse.Namespace) -> int:
    for item in getattr(_catalog(args), _LISTS[args.kind]):
        label = getattr(item, "name", None) or getattr(item, "title", None)
        label = label or getattr(item, "claim", None) or getattr(item, "sign", None)
        label = label or getattr(item, "action", "")
        print(f"{item.id}\t{label}")
    return 0


def _show(args: argparse.Namespace) -> int:
    import attrs

    catalog = _catalog(args)
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
    from .loading import is_clinic_pack, load, parse, parse_pack, read_json

    if not os.path.isfile(args.path):
        raise _UsageError(f"{args.path}: no such file")
    try:
        data = read_json(args.path)
        if is_clinic_pack(data):
            pack = parse_pack(data, source=args.path)
            try:
                base = load(locale=pack.pack.locale)
            except ValueError:
                base = load()  # the merge reports the unknown locale with its path
            catalog = base.with_pack(pack, source=args.path)
            kind = "clinic pack"
        else:
            catalog = parse(data, source=args.path)
            kind = "content pack"
    except ContentError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(
        f"{args.path}: valid {kind}, content {catalog.content_version},"
        f" {len(catalog)} items, digest {catalog.content_digest}"
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    from .loading import dumps

    _write(dumps(_catalog(args)), args.output)
    return 0


def _export_fhir(args: argparse.Namespace) -> int:
    from . import fhir

    base = args.base or fhir.DEFAULT_BASE
    _write(fhir.to_json(fhir.protocol_bundle(_catalog(args), base=base)), args.output)
    return 0


def _diff(args: argparse.Namespace) -> int:
    from .loading import load, load_file

    for path in (args.old, args.new):
        if path is not None and not os.path.isfile(path):
            raise _UsageError(f"{path}: no such file")
    old = load_file(args.old)
    new = load() if args.new is None else load_file(args.new)
    print(old.diff(new).format())
    return 0


def _summary(args: argparse.Namespace) -> int:
    catalog = _catalog(args)
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
    "schedule": _schedule,
    "check-in": _check_in,
    "batch": _batch,
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
        print(f"{PROG}: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (for example `| head`); that is not an error of ours.
        sys.stderr.close()
        return 0

"""Write every output the package gives, for a refactor's byte-for-byte check.

    python tools/snapshot.py OUT_DIR [--pdf]

Renders, through the installed package and its command, every format and locale of the
sheet (default, personalised, compact, with a region and with an approved clinic pack), the
schedule (text, JSON, calendar, FHIR, and the texts under every messaging policy), the
emails, the check-in questions and triage, the FHIR exports, and the content commands.
Run it before a change and after it, then ``diff -r before after``: a refactor that should
not change what users get must leave no difference, and every difference it does leave
belongs in the CHANGELOG.

Nothing here is a test: the goldens (tests/golden/) lock a small fixture's output; this
covers the real content, once, around a change.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import sys
from pathlib import Path

import microneedle_care as mc
from microneedle_care import approval, messaging
from microneedle_care.cli import main
from microneedle_care.rendering.messages import render_email, render_sms
from microneedle_care.schedule import build_schedule

LOCALES = ("en", "fr")
DAY = "2026-11-25"
CLINIC = ["--clinic-name", "Lakeview Skin Clinic", "--clinic-phone", "416-555-0134"]
PERSON = [
    *CLINIC,
    "--clinic-email",
    "care@lakeview.example",
    "--clinic-after-hours",
    "416-555-0199",
    "--prepared-for",
    "Ana Diaz",
    "--date",
    DAY,
    "--risk",
    "active-acne",
    "darker-skin-or-dark-marks",
    "home-or-unsterile-needling",
]


def run(out: Path, name: str, argv: list[str]) -> None:
    """Run the command; keep its stdout, stderr and exit code under *name*."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        try:
            code = main(argv)
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    (out / f"{name}.out").write_text(stdout.getvalue(), encoding="utf-8")
    if stderr.getvalue() or code:
        (out / f"{name}.err").write_text(f"exit {code}\n{stderr.getvalue()}", encoding="utf-8")


def pack(out: Path, locale: str) -> Path:
    """Write a clinic pack that carries an approval of exactly what it gives."""
    path = out / f"_pack-{locale}.json"
    lang = "en" if locale == "en" else "fr-CA"
    data: dict[str, object] = {
        "pack": {"name": "Lakeview Skin Clinic", "version": "2027.1", "locale": lang}
    }
    path.write_text(json.dumps(data), encoding="utf-8")
    catalog = mc.load(locale=locale, packs=[path])
    record = mc.approve(
        catalog, name="Dr. Ana Diaz", credentials="MD", date=datetime.date(2026, 12, 1)
    )
    data["pack"] = {**data["pack"], "approval": approval.to_dict(record)}  # type: ignore[dict-item]
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def sheets(out: Path) -> None:
    """Write the sheet in every format, locale and variant."""
    for locale in LOCALES:
        approved = pack(out, locale)
        variants = {
            "default": [],
            "person": PERSON,
            "compact": [*PERSON, "--compact"],
            "region-on": [*PERSON, "--clinic-region", "CA-ON"],
            "region-qc": [*PERSON, "--clinic-region", "CA-QC"],
            "region-ny": [*PERSON, "--clinic-region", "US-NY"],
            "approved": [*PERSON, "--pack", str(approved), "--require-approval"],
            "a4": [*PERSON, "--paper", "a4"],
        }
        for variant, extra in variants.items():
            for fmt in ("text", "markdown", "html", "json", "fhir"):
                more = ["--patient", "Patient/123"] if fmt == "fhir" and variant == "person" else []
                run(
                    out,
                    f"checklist-{locale}-{variant}-{fmt}",
                    ["checklist", "--locale", locale, "--format", fmt, *extra, *more],
                )


def pdfs(out: Path) -> None:
    """Write the PDFs (slow: only with --pdf)."""
    for locale in LOCALES:
        for variant, extra in {"default": [], "compact": [*PERSON, "--compact"]}.items():
            target = out / f"checklist-{locale}-{variant}.pdf"
            run(
                out,
                f"pdf-{locale}-{variant}",
                ["checklist", "--locale", locale, "--format", "pdf", "-o", str(target), *extra],
            )


def schedules(out: Path) -> None:
    """Write the schedules, texts under every policy, and the emails."""
    base = ["--date", DAY, "--tz", "America/Toronto", "--patient-key", "k-1", *CLINIC]
    for locale in LOCALES:
        for region in ("", "CA-ON", "CA-QC"):
            where = ["--clinic-region", region] if region else []
            tag = f"{locale}-{region or 'none'}"
            for fmt in ("text", "json", "ics", "fhir"):
                run(
                    out,
                    f"schedule-{tag}-{fmt}",
                    ["schedule", "--locale", locale, "--format", fmt, *base, *where],
                )
            for policy in messaging.POLICIES:
                run(
                    out,
                    f"schedule-{tag}-{policy}",
                    [
                        "schedule",
                        "--locale",
                        locale,
                        "--policy",
                        policy,
                        *base,
                        *where,
                        "--link",
                        "https://lakeview.example/after",
                        "--first-name",
                        "Ana",
                    ],
                )
            run(
                out,
                f"schedule-{tag}-minimal",
                [
                    "schedule",
                    "--locale",
                    locale,
                    "--policy",
                    "us-consented",
                    "--minimal",
                    *base,
                    *where,
                ],
            )
        # The library's own renderers, beside the command's.
        catalog = mc.load(locale=locale)
        clinic = mc.ClinicContact(name="Lakeview Skin Clinic", phone="416-555-0134", region="CA-ON")
        checklist = mc.build_checklist(
            catalog=catalog, treatment_date=datetime.date(2026, 11, 25), clinic=clinic
        )
        schedule = build_schedule(checklist, tz="America/Toronto", patient="k-1", catalog=catalog)
        lines = []
        for touchpoint in schedule.touchpoints:
            email = render_email(schedule, touchpoint)
            lines += [
                f"== day {touchpoint.day}",
                render_sms(schedule, touchpoint),
                email.subject,
                email.text,
                email.html,
            ]
        (out / f"lib-messages-{locale}.out").write_text("\n".join(lines), encoding="utf-8")


def checkins(out: Path) -> None:
    """Write the check-in for each sign answered yes, on days 1, 3 and 14."""
    catalog = mc.load()
    signs = [sign.id for sign in catalog.warning_signs]
    for locale in LOCALES:
        for days in ("1", "3", "14"):
            run(
                out,
                f"checkin-{locale}-{days}-none",
                ["check-in", "--locale", locale, "--days", days, "--no", *signs],
            )
            for sign in signs:
                rest = [s for s in signs if s != sign]
                run(
                    out,
                    f"checkin-{locale}-{days}-{sign}",
                    [
                        "check-in",
                        "--locale",
                        locale,
                        "--days",
                        days,
                        "--clinic-region",
                        "CA-QC",
                        "--yes",
                        sign,
                        "--no",
                        *rest,
                    ],
                )


def content(out: Path) -> None:
    """Write the content commands' output and the text checker's."""
    catalog = mc.load()
    for locale in LOCALES:
        run(out, f"summary-{locale}", ["summary", "--locale", locale])
        run(out, f"export-fhir-{locale}", ["export-fhir", "--locale", locale])
        for kind in ("causes", "risk-factors", "steps", "warning-signs", "myths", "references"):
            run(out, f"list-{locale}-{kind}", ["list", kind, "--locale", locale])
        for item in catalog.ids():
            run(out, f"show-{locale}-{item}", ["show", item, "--locale", locale])
    sample = out / "_clinic-page.txt"
    sample.write_text(
        "Microneedling detoxifies your skin. A breakout means it is working.\n"
        "You can wear makeup right after your session. Use a sauna the same day.\n",
        encoding="utf-8",
    )
    for fmt in ("text", "json"):
        run(out, f"check-{fmt}", ["check", str(sample), "--format", fmt])


def main_(argv: list[str]) -> int:
    """Write everything into the folder named first in *argv*."""
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    out = Path(argv[0])
    out.mkdir(parents=True, exist_ok=True)
    sheets(out)
    schedules(out)
    checkins(out)
    content(out)
    if "--pdf" in argv:
        pdfs(out)
    print(f"wrote {len(list(out.iterdir()))} files to {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main_(sys.argv[1:]))

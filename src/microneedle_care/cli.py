"""The ``microneedle-care`` command. The only module that prints or picks exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from . import __version__
from .errors import MicroneedleCareError
from .loading import load

__all__ = ["main"]


def _summary() -> str:
    catalog = load()
    lines = [
        f"microneedle-care {__version__}, content {catalog.content_version}"
        f" (reviewed {catalog.reviewed.isoformat()})",
        f"content digest: {catalog.content_digest}",
        "",
    ]
    for title, items in (
        (
            "Causes",
            [
                f"{c.id}: {c.name} ({c.likelihood.value}, evidence {c.evidence.value})"
                for c in catalog.causes
            ],
        ),
        ("Risk factors", [f"{r.id}: {r.name}" for r in catalog.risk_factors]),
        (
            "Aftercare steps",
            [f"{s.id} [{s.window.describe()}]: {s.action}" for s in catalog.aftercare_steps],
        ),
        ("Warning signs", [f"{w.id} ({w.urgency.value}): {w.sign}" for w in catalog.warning_signs]),
        ("Myths", [f"{m.id}: {m.claim}" for m in catalog.myths]),
    ):
        lines.append(f"{title} ({len(items)})")
        lines += [f"  - {line}" for line in items]
        lines.append("")
    lines.append(catalog.disclaimer)
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="microneedle-care",
        description="Evidence-based aftercare content about breakouts after microneedling.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser("summary", help="print a summary of the packaged content")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with *argv* (default: ``sys.argv[1:]``) and return the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command in (None, "summary"):
            print(_summary())
            return 0
    except MicroneedleCareError as exc:
        print(f"microneedle-care: {exc}", file=sys.stderr)
        return 2
    # argparse has already refused any other command.
    raise AssertionError(args.command)  # pragma: no cover

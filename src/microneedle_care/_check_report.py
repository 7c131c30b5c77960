"""The text checker's report as plain text and as JSON-ready data.

Private: :meth:`microneedle_care.check.TextReport.format` and
:meth:`~microneedle_care.check.TextReport.to_dict` call it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from . import readability as _readability
from ._findings import AdviceFinding, MythFinding

if TYPE_CHECKING:
    from ._findings import Trigger
    from .check import TextReport


def _visible(text: str) -> str:
    """*text* safe for a terminal: a control or other unprintable character as an escape.

    A checked file or its name may hold ESC, OSC or BEL sequences (attack M17, L1).
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def _level(score: _readability.Score) -> str:
    return f"grade {score.grade:.1f}" if score.grade is not None else f"ease {score.ease:.1f}"


def _format(report: TextReport, source: str, line: Callable[[int], int] | None) -> str:
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
    out = [f"{_visible(source)}: {counts}" + (f"; {level}" if level else "")]
    for finding in report.findings:
        sentence = _visible(" ".join(finding.sentence.split()))
        where = f"offset {finding.start}" if line is None else f"line {line(finding.start)}"
        out.append(f"  {where}: {sentence}")
        if isinstance(finding, MythFinding):
            refs = ", ".join(r.id for r in finding.references)
            out.append(f"    myth {finding.myth.id}: {finding.correction}")
            out.append(f"    why: {_why(finding.triggers)}")
            out.append(f"    sources: {refs}")
        elif isinstance(finding, AdviceFinding):
            refs = ", ".join(r.id for r in finding.references)
            step = finding.step
            out.append(f"    against {step.id} ({step.window.describe()}): {step.action}")
            said, end = finding.allowed_from_hours, step.window.end_hours
            when = (
                ""
                if said is None
                else f" (the text allows it from hour {said}; the step: not before hour {end})"
            )
            out.append(f"    why: {_why(finding.triggers)}{when}")
            out.append(f"    sources: {refs}")
        else:
            out.append(f"    hard to read: {_level(finding.score)}")
    return "\n".join(out)


def _why(triggers: tuple[Trigger, ...]) -> str:
    """Return the words that made a finding, with their offsets: ``"detox" [12:17]``."""
    return ", ".join(f'"{_visible(t.text)}" [{t.start}:{t.end}]' for t in triggers)


def _triggers(triggers: tuple[Trigger, ...]) -> list[dict[str, object]]:
    return [{"start": t.start, "end": t.end, "text": t.text} for t in triggers]


def _to_dict(
    report: TextReport, source: str, line: Callable[[int], int] | None
) -> dict[str, object]:
    findings: list[dict[str, object]] = []
    for finding in report.findings:
        entry: dict[str, object] = {
            "line": None if line is None else line(finding.start),
            "offset": finding.start,
            "sentence": finding.sentence,
        }
        if isinstance(finding, MythFinding):
            entry |= {
                "kind": "myth",
                "id": finding.myth.id,
                "correction": finding.correction,
                "references": [r.id for r in finding.references],
                "triggers": _triggers(finding.triggers),
            }
        elif isinstance(finding, AdviceFinding):
            entry |= {
                "kind": "advice",
                "id": finding.step.id,
                "step": finding.step.action,
                "when": finding.step.window.describe(),
                "references": [r.id for r in finding.references],
                "triggers": _triggers(finding.triggers),
                "allowed_from_hours": finding.allowed_from_hours,
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
        "file": source,
        "locale": report.locale,
        "grade": None if score is None else score.grade,
        "ease": None if score is None else score.ease,
        "findings": findings,
    }

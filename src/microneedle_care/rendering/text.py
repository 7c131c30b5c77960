"""Plain text: 80 columns, ``[ ]`` boxes, for printing or for a text message thread."""

from __future__ import annotations

import re

from ..checklist import Checklist
from ._labels import labels_for

__all__ = ["render_text"]

WIDTH = 80
# Only ASCII white space separates words: a no-break space (French "Pourquoi :") stays.
_SPACES = re.compile(r"[ \t\n\r\f\v]+")


def _wrap(text: str, first: str = "", rest: str = "") -> list[str]:
    """Fill *text* into lines of at most :data:`WIDTH` characters, in linear time.

    Words are separated by ASCII white space. A word goes on the next line when it does
    not fit, and a word longer than a whole line is cut to fill the lines it needs, as
    :func:`textwrap.wrap` does with ``break_long_words``; but each character is copied
    a fixed number of times, where :mod:`textwrap` copies the rest of a long word once
    per line it fills.
    """
    lines: list[str] = []
    parts = [first]  # the current line, built up piece by piece
    length = len(first)  # its length
    empty = True  # no word on it yet
    for word in _SPACES.split(text):
        start = 0
        while start < len(word):
            left = len(word) - start
            gap = 0 if empty else 1
            if length + gap + left <= WIDTH:
                parts.append(" " * gap + word[start:])
                length += gap + left
                empty = False
                break
            indent = first if not lines else rest
            if left > WIDTH - len(indent):
                # Longer than a whole line: cut it to fill this line.
                room = WIDTH - length - gap
                if room > 0 or empty:
                    room = max(room, 1)
                    parts.append(" " * gap + word[start : start + room])
                    start += room
                    empty = False
            if not empty:
                lines.append("".join(parts))
            parts, length, empty = [rest], len(rest), True
    if not empty:
        lines.append("".join(parts))
    return lines or [first.rstrip()]


def render_text(checklist: Checklist) -> str:
    """Render *checklist* as plain text wrapped at 80 columns, with ``[ ]`` boxes.

    >>> from microneedle_care import build_checklist
    >>> text = render_text(build_checklist())
    >>> text.splitlines()[0]
    'YOUR AFTERCARE CHECKLIST'
    >>> max(len(line) for line in text.splitlines()) <= 80
    True
    """
    labels = labels_for(checklist)
    lines = [labels.title.upper(), *_wrap(labels.subtitle), ""]
    if checklist.treatment_date is not None:
        date = labels.date(checklist.treatment_date, year=True)
        lines += _wrap(f"{labels.treatment_date}{labels.colon} {date}")
    else:
        lines += _wrap(labels.undated)
    if checklist.clinic is not None:
        lines += _wrap(
            f"{labels.clinic}{labels.colon} {labels.contact(checklist.clinic)}", rest="  "
        )
    if checklist.risk_factors:
        names = "; ".join(rf.name for rf in checklist.risk_factors)
        lines += _wrap(f"{labels.planned_for}{labels.colon} {names}.", rest="  ")
    for section in checklist.sections:
        if not section.items:
            continue
        title, dates = labels.section_heading(section)
        lines += ["", *_wrap(title.upper() + (f" ({dates})" if dates else "")), ""]
        for item in section.items:
            lines += _wrap(item.step.action, "[ ] ", "    ")
            if when := labels.when(item, section):
                lines += _wrap(when, "    ", "    ")
            lines += _wrap(f"{labels.why}{labels.colon} {item.step.reason}", "    ", "    ")
            if personal := labels.personal(item):
                lines += _wrap(personal, "    ", "    ")
    lines += ["", labels.get_help.upper()]
    for group in checklist.warnings:
        lines += ["", *_wrap(labels.urgency_heading(group.urgency, checklist.clinic) + ":")]
        for sign in group.signs:
            lines += _wrap(f"{sign.sign} {sign.action}", "  - ", "    ")
    if checklist.clinic is not None:
        lines += [
            "",
            *_wrap(f"{labels.clinic}{labels.colon} {labels.contact(checklist.clinic)}", rest="  "),
        ]
    lines += ["", *_wrap(checklist.disclaimer), ""]
    lines += _wrap(labels.footer(checklist))
    return "\n".join(lines) + "\n"

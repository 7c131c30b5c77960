"""Plain text: 80 columns, ``[ ]`` boxes, for printing or for a text message thread."""

from __future__ import annotations

import re

from ..checklist import Checklist, ChecklistItem, ChecklistSection
from ._labels import Labels, labels_for, regional
from ._layout import (
    bands,
    day_sections,
    glance,
    is_task,
    later,
    personal_items,
    standing_rules,
    urgent,
)

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


def render_text(checklist: Checklist, *, compact: bool = False) -> str:
    """Render *checklist* as plain text wrapped at 80 columns, with ``[ ]`` boxes.

    The order is the patient sheet's: the urgent signs and the clinic's phone, the days at
    a glance, the steps added for this patient, then the days. Only things done once or
    daily get a ``[ ]`` box; standing rules get a ``-``. *compact* leaves out the "Why"
    lines.

    >>> from microneedle_care import build_checklist
    >>> text = render_text(build_checklist())
    >>> text.splitlines()[0]
    'YOUR AFTERCARE CHECKLIST'
    >>> max(len(line) for line in text.splitlines()) <= 80
    True
    """
    labels = labels_for(checklist)
    lines = [labels.title.upper(), *_wrap(labels.subtitle), ""]
    if checklist.prepared_for:
        lines += _wrap(f"{labels.prepared_for}{labels.colon} {checklist.prepared_for}")
    if checklist.treatment_date is not None:
        date = labels.date(checklist.treatment_date, year=True)
        lines += _wrap(f"{labels.treatment_date}{labels.colon} {date}")
    else:
        lines += _wrap(labels.undated)
    if checklist.risk_factors:
        names = "; ".join(rf.name for rf in checklist.risk_factors)
        lines += _wrap(f"{labels.planned_for}{labels.colon} {names}.", rest="  ")
    lines += ["", labels.urgent_title.upper()]
    if checklist.clinic is not None:
        lines += _wrap(labels.contact(checklist.clinic), rest="  ")
    for group in urgent(checklist):
        lines += ["", *_wrap(labels.urgency_heading(group.urgency, None) + labels.colon)]
        for sign in group.signs:
            lines += _wrap(f"{sign.sign} {sign.action}", "  ! ", "    ")
    where = regional(checklist)
    if where is not None:
        lines += ["", *_wrap(" ".join(s for s in (where.same_day, where.service) if s))]
    lines += ["", *_wrap(labels.urgent_more)]
    lines += ["", labels.timeline_title.upper()]
    for band in bands(checklist):
        lines += _wrap(labels.glance_line(band), "  - ", "    ")
    if standing := standing_rules(checklist):
        words = ", ".join(glance(step) for step in standing)
        rule = f"{labels.always}{labels.colon} {labels.avoid_lead} {words}."
        lines += _wrap(rule, "  - ", "    ")
    if personal := personal_items(checklist):
        lines += ["", labels.for_you_title.upper(), *_wrap(labels.for_you_intro), ""]
        for section, item in personal:
            lines += _item_lines(item, section, labels, compact, True)
    for section, items in day_sections(checklist):
        title, dates = labels.section_heading(section)
        lines += ["", *_wrap(title.upper() + (f" ({dates})" if dates else "")), ""]
        for item in items:
            lines += _item_lines(item, section, labels, compact, False)
    lines += ["", labels.get_help.upper()]
    for group in later(checklist):
        lines += ["", *_wrap(labels.urgency_heading(group.urgency, checklist.clinic) + ":")]
        for sign in group.signs:
            lines += _wrap(f"{sign.sign} {sign.action}", "  - ", "    ")
    if checklist.clinic is not None:
        lines += [
            "",
            *_wrap(f"{labels.clinic}{labels.colon} {labels.contact(checklist.clinic)}", rest="  "),
        ]
    if where is not None:
        lines += _wrap(" ".join(where.lines))
    lines += ["", *_wrap(labels.approval_line(checklist.approval, checklist.clinic)), ""]
    lines += [*_wrap(checklist.disclaimer), ""]
    lines += _wrap(labels.footer(checklist))
    return "\n".join(lines) + "\n"


def _item_lines(
    item: ChecklistItem, section: ChecklistSection, labels: Labels, compact: bool, show_when: bool
) -> list[str]:
    lines = _wrap(item.step.action, "[ ] " if is_task(item) else " -  ", "    ")
    if when := labels.item_when(item, section, name_section=show_when):
        lines += _wrap(when, "    ", "    ")
    if not compact:
        lines += _wrap(f"{labels.why}{labels.colon} {item.step.reason}", "    ", "    ")
    if personal := labels.personal(item):
        lines += _wrap(personal, "    ", "    ")
    return lines

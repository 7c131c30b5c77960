"""Plain text: 80 columns, ``[ ]`` boxes, for printing or for a text message thread."""

from __future__ import annotations

import re

from ..checklist import Checklist
from ._sheet import Item, Labelled, Sheet, sheet_for

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
    return serialise(sheet_for(checklist, compact=compact))


def serialise(sheet: Sheet) -> str:
    """Write *sheet* as plain text: headings in capitals, ``[ ]`` boxes, 80 columns."""
    head, urgent, timeline = sheet.header, sheet.urgent, sheet.timeline
    lines = [head.title.upper(), *_wrap(head.subtitle), ""]
    if head.prepared_for is not None:
        lines += _wrap(head.prepared_for.text)
    lines += _wrap(_words(head.treatment))
    if head.treatments is not None:
        lines += _wrap(head.treatments.text, rest="  ")
    if head.planned_for is not None:
        lines += _wrap(head.planned_for.text, rest="  ")
    lines += ["", urgent.title.upper()]
    if urgent.contact is not None:
        lines += _wrap(urgent.contact.line, rest="  ")
    for group in urgent.groups:
        lines += ["", *_wrap(group.lead)]
        for sign in group.signs:
            lines += _wrap(f"{sign.sign} {sign.action}", "  ! ", "    ")
    if urgent.regional is not None:
        lines += ["", *_wrap(urgent.regional)]
    lines += ["", *_wrap(urgent.more)]
    lines += ["", timeline.title.upper()]
    for band in timeline.bands:
        lines += _wrap(band.line, "  - ", "    ")
    if timeline.standing is not None:
        lines += _wrap(timeline.standing, "  - ", "    ")
    if (for_you := sheet.for_you) is not None:
        lines += ["", for_you.title.upper(), *_wrap(for_you.intro), ""]
        for item in for_you.items:
            lines += _item_lines(item)
    for day in sheet.days:
        lines += ["", *_wrap(day.title.upper() + (f" ({day.dates})" if day.dates else "")), ""]
        for item in day.items:
            lines += _item_lines(item)
    warnings, footer = sheet.warnings, sheet.footer
    lines += ["", warnings.title.upper()]
    for group in warnings.groups:
        lines += ["", *_wrap(group.lead)]
        for sign in group.signs:
            lines += _wrap(f"{sign.sign} {sign.action}", "  - ", "    ")
    if warnings.clinic is not None:
        lines += ["", *_wrap(warnings.clinic.text, rest="  ")]
    if warnings.regional is not None:
        lines += _wrap(warnings.regional)
    lines += ["", *_wrap(footer.approval), ""]
    lines += [*_wrap(footer.disclaimer), ""]
    lines += _wrap(footer.record)
    return "\n".join(lines) + "\n"


def _words(part: Labelled | str) -> str:
    return part if isinstance(part, str) else part.text


def _item_lines(item: Item) -> list[str]:
    lines = _wrap(item.text, "[ ] " if item.box else " -  ", "    ")
    for note in (item.when, _words(item.why) if item.why else "", item.personal):
        if note:
            lines += _wrap(note, "    ", "    ")
    return lines

"""One standalone HTML5 page: no scripts, no external assets, readable on a phone and on paper."""

from __future__ import annotations

import functools
import re
import unicodedata

import attrs

from ..checklist import Checklist
from ..errors import InvalidValueError
from ._css import _STYLE as _STYLE  # _STYLE, margin_boxes and page_footer lived here:
from ._css import DENSE_CHARACTERS, PAPERS, _style
from ._css import margin_boxes as margin_boxes  # they are still importable from here
from ._sheet import Item, Labelled, Sheet, SignGroup, sheet_for
from ._sheet import page_footer as page_footer

__all__ = ["render_html"]


def _escape(s: str, quote: bool = True) -> str:
    """:func:`html.escape`, the same replacements in the same order.

    Written out because importing :mod:`html` loads its entity table (``html.entities``),
    a cost every cold start paid for a function this short (issue 18, item 8).
    """
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        s = s.replace('"', "&quot;").replace("'", "&#x27;")
    return s


# Content strings repeat on every page, so escaping each one once saves most of the work.
escape = functools.lru_cache(maxsize=4096)(_escape)


_KEYPAD = {
    c: d
    for d, letters in zip(
        "23456789", ("ABC", "DEF", "GHI", "JKL", "MNO", "PQRS", "TUV", "WXYZ"), strict=True
    )
    for c in letters
}
# What ends the main number: an extension, a second number, a note. Patterns, not compiled
# here: only a sheet with a clinic phone needs them, and re caches them on first use.
_NUMBER_END = r"(?i)\s*(?:\bext\b\.?|\bx(?=\s*\d)|\bposte\b|#|,|;|/|\bor\b|\bou\b)"
_EXTENSION = r"(?i)^\s*(?:\bext\b\.?|\bx|\bposte\b|#)\s*(\d{1,6})\b"


def _tel(phone: str) -> str | None:
    """Return the ``tel:`` address that dials *phone* as shown, or ``None`` if none can.

    Only the first number counts (not a second one after "or"); an extension becomes
    ``;ext=`` (RFC 3966); letters after the first digit dial their keypad digits
    (``1-800-SKIN-CARE``); digits in other scripts count as the digits they are. A phone
    that starts with words gets no link: it is shown as written. It used to keep every
    ASCII digit, so ``905-555-0134 ext. 22`` dialled ``905555013422`` (attack report M8).
    """
    text = unicodedata.normalize("NFKC", phone).strip()
    end = re.search(_NUMBER_END, text)
    main, rest = (text[: end.start()], text[end.start() :]) if end else (text, "")
    if not main or not (main[0] in "+(" or main[0].isdecimal()):
        return None  # words first ("Call us at ..."): show it, do not guess a number
    digits = []
    for char in main:
        if char.isdecimal():
            digits.append(str(unicodedata.decimal(char)))
        elif char.upper() in _KEYPAD:
            digits.append(_KEYPAD[char.upper()])
    if len(digits) < 3:
        return None
    address = ("+" if main.startswith("+") else "") + "".join(digits)
    extension = re.match(_EXTENSION, rest)
    return address + (f";ext={extension.group(1)}" if extension else "")


_SHORT_NUMBER = re.compile(r"(?<![\w#&])(\d{3})(?!\w)")


def _dial_links(escaped: str) -> str:
    """Make the three-digit numbers (811, 911) of an escaped regional line ``tel:`` links."""
    return _SHORT_NUMBER.sub(r'<a class="tel" href="tel:\1">\1</a>', escaped)


def render_html(checklist: Checklist, *, compact: bool = False, paper: str = "letter") -> str:
    r"""Render *checklist* as one standalone HTML5 page.

    The page opens with what matters most: a box with the clinic's phone (a ``tel:`` link
    that never wraps) and the signs that need 911 or same-day help; then a timeline of the
    healing days with what to avoid in each; then the steps added for this patient; then
    the days. On screen the box lists each of those signs on one line, by its ``short``
    name, linking to its full text in the last section, so that a phone's first screen
    reaches the first step; printed, the box holds the full texts, as before. Only things
    done once or daily have a checkbox. Print rules give Letter pages (A4 with the ``a4``
    page name) with the clinic, the patient, the content version and page numbers in the
    footer.

    Every string from the content or the caller is escaped, so a clinic name such as
    ``<script>`` shows as text. There are no scripts and no external assets.

    Args:
        checklist: The checklist.
        compact: Leave out the "Why" lines, for a shorter printout.
        paper: The paper the print rules are for: ``"letter"`` (the default) or ``"a4"``.

    Raises:
        InvalidValueError: If *paper* is neither.

    >>> from microneedle_care import build_checklist
    >>> page = render_html(build_checklist())
    >>> page.startswith('<!DOCTYPE html>\n<html lang="en">')
    True
    >>> "<script" in page
    False
    >>> len(render_html(build_checklist(), compact=True)) < len(page)
    True

    .. versionchanged:: 0.5.0 Added *compact*; the urgent box, timeline and
       "just for you" section come first.
    .. versionchanged:: 0.6.0 On screen, the urgent box lists its signs one line each
       (:attr:`WarningSign.short <microneedle_care.model.WarningSign>`), linked to their
       full texts.
    """
    if paper not in PAPERS:
        raise InvalidValueError(f"paper must be 'letter' or 'a4', got {paper!r}")
    return serialise(sheet_for(checklist, compact=compact), paper=paper)


def _fact(part: Labelled | str) -> str:
    if isinstance(part, str):
        return escape(part)
    value = escape(part.value)
    if part.iso is not None:
        value = f'<time datetime="{part.iso}">{value}</time>'
    return f"{escape(part.lead)} {value}{escape(part.end)}"


def _signs(group: SignGroup, *, urgent: bool, anchors: bool = False) -> list[str]:
    e = escape
    out = [f"<h3>{e(group.heading)}</h3>", "<ul>"]
    for s in group.signs:
        action = f"<em>{e(s.action)}</em>" if urgent else e(s.action)
        target = f' id="sign-{e(s.id)}"' if anchors else ""
        out.append(f"<li{target}>{e(s.sign)} {action}</li>")
    return [*out, "</ul>"]


def _quick(groups: tuple[SignGroup, ...], contact: str | None = None) -> list[str]:
    """Write the phone's list: one line per urgent sign, each linking to its full text.

    The 911 of a lead ("Call 911 or go to the emergency room now:") is a ``tel:`` link, so
    that a sheet with no clinic still has a number to tap on its first screen. The
    clinic's line (*contact*, already written) goes after the 911 signs, with the signs
    that say to get help today (independent review round 4, DD9): the 911 lead comes
    first. The list is then two blocks around it; print hides both and keeps the line.
    """
    e = escape
    out = ['<div class="quick" id="quick">']
    for i, group in enumerate(groups):
        if contact is not None and i == 1:
            out += ["</div>", contact, '<div class="quick">']
        lead = _dial_links(e(group.short_lead))
        out += [f'<p class="quick-lead urgency-{group.urgency}">{lead}</p>', "<ul>"]
        out += [f'<li><a href="#sign-{e(s.id)}">{e(s.short)}</a></li>' for s in group.signs]
        out.append("</ul>")
    return [*out, "</div>"]


def _characters(block: object) -> int:
    """Count the characters of every phrase in *block*, a sheet or any part of it."""
    if isinstance(block, str):
        return len(block)
    if isinstance(block, tuple):
        return sum(_characters(part) for part in block)
    if attrs.has(type(block)):
        fields = attrs.fields(type(block))  # type: ignore[arg-type]  # narrowed by attrs.has
        return sum(_characters(getattr(block, f.name)) for f in fields)
    return 0


def _dense(sheet: Sheet) -> bool:
    """Tell whether *sheet* is compact and long enough to print at 8 pt (``DENSE_CHARACTERS``)."""
    return sheet.compact and _characters(sheet) > DENSE_CHARACTERS


def serialise(sheet: Sheet, *, paper: str = "letter") -> str:
    """Write *sheet* as one standalone HTML5 page for *paper*, every string escaped."""
    e = escape
    head, urgent, timeline, footer = sheet.header, sheet.urgent, sheet.timeline, sheet.footer
    footer_css = footer.page_footer.replace("\\", "\\\\").replace('"', '\\"')
    footer_css = "".join(c if c.isprintable() and c not in "<>" else " " for c in footer_css)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(head.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(head.title)}</title>",
        f"<style>{_style(paper, footer.page, sheet.compact, _dense(sheet))}</style>",
        f'<style>:root {{ --footer: "{footer_css}"; }}</style>',
        "</head>",
        "<body>",
        "<main>",
        "<header>",
        f"<h1>{e(head.title)}</h1>",
        f"<p>{e(head.subtitle)}</p>",
    ]
    facts = [f for f in (head.prepared_for, head.treatment, head.treatments) if f is not None]
    out += [f'<p class="meta">{_fact(fact)}</p>' for fact in facts]
    out.append("</header>")

    # 1. The urgent box.
    out += [
        '<section class="urgent" aria-labelledby="urgent">',
        f'<h2 id="urgent">{e(urgent.title)}</h2>',
    ]
    contact_line = None
    if (contact := urgent.contact) is not None:
        tel = _tel(contact.phone)
        phone = e(contact.phone)
        shown = f'<a class="tel" href="tel:{e(tel)}">{phone}</a>' if tel else phone
        line = f"{e(contact.name_lead)} {shown}{e(contact.after_hours)}"
        contact_line = f'<p class="contact">{line}</p>'
    # With a 911 group first and another after it, the clinic's line goes between them
    # (DD9); otherwise above the list, as before.
    between = len(urgent.groups) > 1 and urgent.groups[0].urgency == "emergency"
    if contact_line is not None and not between:
        out.append(contact_line)
    if urgent.groups:
        # On screen, one line per sign (the full texts are in the last section); in print,
        # the full texts, as before.
        out += [
            *_quick(urgent.groups, contact_line if between else None),
            '<div class="urgent-full">',
        ]
        for group in urgent.groups:
            out += _signs(group, urgent=True)
        out.append("</div>")
    if urgent.regional is not None:
        out.append(f'<p class="contact regional">{_dial_links(e(urgent.regional))}</p>')
    # The tap hint shares the note's line on screen; print has no links to tap.
    hint = (
        f'<span class="screen-only">{e(urgent.hint)} </span>'
        if urgent.groups and urgent.hint
        else ""
    )
    out += [f'<p class="note">{hint}{e(urgent.more)}</p>', "</section>"]

    # 2. The timeline.
    out += [
        '<section aria-labelledby="timeline">',
        f'<h2 id="timeline">{e(timeline.title)}</h2>',
        # On a phone the row of blocks scrolls sideways: a keyboard can scroll it too.
        '<ol class="timeline" tabindex="0">',
    ]
    for band in timeline.bands:
        out.append(f'<li><span class="band">{e(band.name)}</span>')
        if band.dates:
            out.append(f'<span class="when">{e(band.dates)}</span>')
        kind = ' class="avoid"' if band.avoid else ""
        out += [f"<span{kind}>{e(band.note)}</span>", "</li>"]
    out.append("</ol>")
    if timeline.standing is not None:
        out.append(f'<p class="note">{e(timeline.standing)}</p>')
    out.append("</section>")

    # 3. Just for this patient; 4. the days.
    if (for_you := sheet.for_you) is not None:
        out += [
            '<section class="for-you" aria-labelledby="for-you">',
            f'<h2 id="for-you">{e(for_you.title)}</h2>',
            f'<p class="note">{e(for_you.intro)}</p>',
            '<ul class="checklist">',
        ]
        for item in for_you.items:
            out += _item(item)
        out += ["</ul>", "</section>"]
    for day in sheet.days:
        sid = f"section-{day.id}"
        out.append(f'<section aria-labelledby="{sid}">')
        dates = f' <span class="dates">({e(day.dates)})</span>' if day.dates else ""
        out += [f'<h2 id="{sid}">{e(day.title)}{dates}</h2>', '<ul class="checklist">']
        for item in day.items:
            out += _item(item)
        out += ["</ul>", "</section>"]

    # 5. Every warning sign.
    warnings = sheet.warnings
    out += [
        '<section aria-labelledby="section-get-help">',
        f'<h2 id="section-get-help">{e(warnings.title)}</h2>',
    ]
    for group in warnings.urgent:
        out.append(f'<div class="warning-group urgency-{group.urgency} screen-only">')
        out += [*_signs(group, urgent=True, anchors=True), "</div>"]
    if warnings.urgent and warnings.back:
        out.append(f'<p class="back screen-only"><a href="#quick">{e(warnings.back)}</a></p>')
    for group in warnings.groups:
        out.append(f'<div class="warning-group urgency-{group.urgency}">')
        out += [*_signs(group, urgent=False), "</div>"]
    if warnings.clinic is not None:
        out.append(f"<p>{_fact(warnings.clinic)}</p>")
    if warnings.regional is not None:
        out.append(f'<p class="regional">{_dial_links(e(warnings.regional))}</p>')
    out += [
        "</section>",
        "<footer>",
        f'<p class="approval">{e(footer.approval)}</p>',
        f"<p>{e(footer.disclaimer)}</p>",
        f"<p>{e(footer.record)}</p>",
        "</footer>",
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


def _item(item: Item) -> list[str]:
    e = escape
    iid = f"step-{e(item.id)}"
    if item.box:
        head = f'<li><input type="checkbox" id="{iid}"><label for="{iid}">{e(item.text)}</label>'
    else:
        head = f'<li class="rule" id="{iid}">{e(item.text)}'
    out = [head]
    if item.when:
        out.append(f'<p class="note"><em>{e(item.when)}</em></p>')
    if item.why is not None:
        out.append(f'<p class="note">{_fact(item.why)}</p>')
    if item.personal:
        out.append(f'<p class="personal">{e(item.personal)}</p>')
    out.append("</li>")
    return out

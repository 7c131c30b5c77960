"""One standalone HTML5 page: no scripts, no external assets, readable on a phone and on paper."""

from __future__ import annotations

import functools
import html
import re
import unicodedata

from ..checklist import Checklist, ChecklistItem, ChecklistSection
from ..errors import InvalidValueError
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

__all__ = ["render_html"]

# Content strings repeat on every page, so escaping each one once saves most of the work.
escape = functools.lru_cache(maxsize=4096)(html.escape)


def margin_boxes(footer: str, page: str) -> str:
    """Return the ``@page`` margin boxes of every printed page (the HTML's and the PDF's).

    *footer* (a CSS value) goes bottom left; *page* (a CSS string, the word for "Page"
    and a space) and the page numbers bottom right.
    """
    return (
        f"@bottom-left {{ content: {footer}; font-size: 7pt; }}\n"
        f'  @bottom-right {{ content: {page} counter(page) " / " counter(pages); font-size: 7pt; }}'
    )


def page_footer(checklist: Checklist, labels: Labels) -> str:
    """Return the footer line of every printed page: clinic, patient, content version, digest."""
    bits = [checklist.clinic.name] if checklist.clinic is not None else []
    if checklist.prepared_for:
        bits.append(f"{labels.prepared_for}{labels.colon} {checklist.prepared_for}")
    bits.append(f"{labels.content} {checklist.content_version}")
    bits.append(checklist.content_digest[:12])
    return " · ".join(bits)


_STYLE = (
    """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  line-height: 1.45; margin: 0; color: #1a1a1a; background: #fff; overflow-wrap: anywhere; }
main { max-width: 44rem; margin: 0 auto; padding: 0.75rem 1rem; }
h1 { font-size: 1.5rem; margin: 0.25rem 0; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 0.5rem; border-bottom: 2px solid #bbb; }
h3 { font-size: 1rem; margin: 0.75rem 0 0.25rem; }
p { margin: 0.25rem 0; }
.dates { font-weight: normal; color: #404040; }
.meta { margin: 0.25rem 0; color: #333; }
.urgent { border: 3px solid #9b0000; border-radius: 0.5rem; padding: 0.5rem 0.75rem;
  margin: 0.75rem 0; }
.urgent h2 { margin-top: 0.25rem; border: 0; color: #9b0000; }
.urgent ul { margin: 0.25rem 0; padding-left: 1.25rem; }
.contact { font-size: 1.05rem; }
a.tel { white-space: nowrap; font-weight: 700; color: #0b3d91; }
ol.timeline { list-style: none; padding: 0; margin: 0.5rem 0; display: grid; gap: 0.4rem;
  grid-template-columns: repeat(auto-fit, minmax(7.5rem, 1fr)); }
ol.timeline > li { border: 2px solid #555; border-radius: 0.4rem; padding: 0.35rem 0.5rem;
  font-size: 0.9rem; }
ol.timeline .band { display: block; font-weight: 700; }
ol.timeline .when { display: block; color: #404040; }
ul.checklist { list-style: none; padding: 0; margin: 0.25rem 0; }
ul.checklist li { margin: 0.5rem 0; padding-left: 1.9rem; position: relative; }
ul.checklist li.rule::before { content: "\\2022"; position: absolute; left: 0.55rem; }
ul.checklist input { position: absolute; left: 0; top: 0.15rem; width: 1.2rem; height: 1.2rem;
  margin: 0; }
.note { color: #333; font-size: 0.95rem; }
.personal { color: #0b3d91; font-size: 0.95rem; }
.for-you { border-left: 4px solid #0b3d91; padding-left: 0.75rem; }
footer { margin-top: 1.5rem; border-top: 1px solid #bbb; font-size: 0.85rem; color: #333; }
footer .approval { font-size: 1rem; font-weight: bold; color: #000; }
@media (max-width: 30rem) {
  main { padding: 0.5rem 0.75rem; }
  h1 { font-size: 1.2rem; margin: 0; }
  header > p { margin: 0; font-size: 0.85rem; line-height: 1.3; color: #333; }
  .urgent { margin: 0.4rem 0; padding: 0.35rem 0.6rem; }
  .urgent h2 { margin: 0 0 0.2rem; font-size: 1.15rem; }
}
@page { size: Letter; margin: 1cm 1cm 1.2cm;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  """
    + margin_boxes("var(--footer)", '"PAGE "')
    + """ }
@media print {
  body { font-size: 8.5pt; line-height: 1.08; }
  main { max-width: none; padding: 0; columns: 2; column-gap: 1.2em; }
  header, .urgent { column-span: all; }
  h1 { font-size: 1.5em; margin: 0; }
  header > p { display: inline; margin: 0 1.2em 0 0; }
  h2 { font-size: 1.2em; margin: 0.4em 0 0.1em; border-bottom-width: 1px; break-after: avoid; }
  h3 { font-size: 1em; margin: 0.25em 0 0.05em; break-after: avoid; }
  p { margin: 0.1em 0; }
  .contact { font-size: 1.1em; }
  .note, .personal { font-size: 0.95em; }
  .urgent { border-width: 2px; padding: 0.15em 0.5em 0.2em; margin: 0.3em 0 0.2em; }
  .urgent h2 { margin: 0.1em 0; }
  .urgent ul, .warning-group ul { margin: 0.1em 0; padding-left: 1.2em; }
  ol.timeline { display: block; margin: 0.3em 0; break-inside: avoid; }
  ol.timeline > li { margin: 0 0 0.15em; font-size: 0.95em; padding: 0.1em 0.4em;
    border-width: 1px; }
  ol.timeline .band, ol.timeline .when { display: inline; margin-right: 0.4em; }
  .for-you { padding-left: 0.5em; border-left-width: 3px; }
  .for-you > p { break-after: avoid; }
  ul.checklist { margin: 0.1em 0; }
  ul.checklist li { margin: 0.08em 0; padding-left: 1.35em; display: block; }
  ul.checklist li .note, ul.checklist li .personal { display: inline; margin-left: 0.3em; }
  ul.checklist li.rule::before { left: 0.4em; }
  ul.checklist input { appearance: none; border: 1px solid #000; width: 1em; height: 1em;
    top: 0.1em; }
  ol.timeline li, section > p { break-inside: avoid; }
  li { orphans: 2; widows: 2; }
  h2, h3 { break-inside: avoid; }
  footer { margin-top: 0.5em; font-size: 0.9em; }
  footer .approval { font-size: 1.1em; }
  a.tel { color: #000; text-decoration: none; }
}
"""
)


_KEYPAD = {
    c: d
    for d, letters in zip(
        "23456789", ("ABC", "DEF", "GHI", "JKL", "MNO", "PQRS", "TUV", "WXYZ"), strict=True
    )
    for c in letters
}
# What ends the main number: an extension, a second number, a note.
_NUMBER_END = re.compile(r"(?i)\s*(?:\bext\b\.?|\bx(?=\s*\d)|\bposte\b|#|,|;|/|\bor\b|\bou\b)")
_EXTENSION = re.compile(r"(?i)^\s*(?:\bext\b\.?|\bx|\bposte\b|#)\s*(\d{1,6})\b")


def _tel(phone: str) -> str | None:
    """Return the ``tel:`` address that dials *phone* as shown, or ``None`` if none can.

    Only the first number counts (not a second one after "or"); an extension becomes
    ``;ext=`` (RFC 3966); letters after the first digit dial their keypad digits
    (``1-800-SKIN-CARE``); digits in other scripts count as the digits they are. A phone
    that starts with words gets no link: it is shown as written. It used to keep every
    ASCII digit, so ``905-555-0134 ext. 22`` dialled ``905555013422`` (attack report M8).
    """
    text = unicodedata.normalize("NFKC", phone).strip()
    end = _NUMBER_END.search(text)
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
    extension = _EXTENSION.match(rest)
    return address + (f";ext={extension.group(1)}" if extension else "")


_SHORT_NUMBER = re.compile(r"(?<![\w#&])(\d{3})(?!\w)")


def _dial_links(escaped: str) -> str:
    """Make the three-digit numbers (811, 911) of an escaped regional line ``tel:`` links."""
    return _SHORT_NUMBER.sub(r'<a class="tel" href="tel:\1">\1</a>', escaped)


PAPERS = {"letter": "Letter", "a4": "A4"}
"""The paper sizes the print rules can be written for."""


@functools.lru_cache(maxsize=16)
def _style(paper: str, page: str) -> str:
    """Return the style sheet with the page size for *paper* and the word for "Page"."""
    label = "".join(c for c in page if c.isprintable() and c not in '"\\<>')
    return _STYLE.replace("size: Letter;", f"size: {PAPERS[paper]};").replace(
        '"PAGE "', f'"{label} "'
    )


def render_html(checklist: Checklist, *, compact: bool = False, paper: str = "letter") -> str:
    r"""Render *checklist* as one standalone HTML5 page.

    The page opens with what matters most: a box with the clinic's phone (a ``tel:`` link
    that never wraps) and the signs that need 911 or same-day help; then a timeline of the
    healing days with what to avoid in each; then the steps added for this patient; then
    the days. Only things done once or daily have a checkbox. Print rules give Letter
    pages (A4 with the ``a4`` page name) with the clinic, the patient, the content version
    and page numbers in the footer.

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
    """
    if paper not in PAPERS:
        raise InvalidValueError(f"paper must be 'letter' or 'a4', got {paper!r}")
    labels = labels_for(checklist)
    e = escape
    footer_css = page_footer(checklist, labels).replace("\\", "\\\\").replace('"', '\\"')
    footer_css = "".join(c if c.isprintable() and c not in "<>" else " " for c in footer_css)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(labels.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(labels.title)}</title>",
        f"<style>{_style(paper, labels.page)}</style>",
        f'<style>:root {{ --footer: "{footer_css}"; }}</style>',
        "</head>",
        "<body>",
        "<main>",
        "<header>",
        f"<h1>{e(labels.title)}</h1>",
        f"<p>{e(labels.subtitle)}</p>",
    ]
    facts = []
    if checklist.prepared_for:
        facts.append(f"{e(labels.prepared_for)}{e(labels.colon)} {e(checklist.prepared_for)}")
    if checklist.treatment_date is not None:
        iso = checklist.treatment_date.isoformat()
        date = labels.date(checklist.treatment_date, year=True)
        facts.append(
            f'{e(labels.treatment_date)}{e(labels.colon)} <time datetime="{iso}">{e(date)}</time>'
        )
    else:
        facts.append(e(labels.undated))
    out += [f'<p class="meta">{fact}</p>' for fact in facts]
    out.append("</header>")

    # 1. The urgent box.
    out += [
        '<section class="urgent" aria-labelledby="urgent">',
        f'<h2 id="urgent">{e(labels.urgent_title)}</h2>',
    ]
    if checklist.clinic is not None:
        clinic = checklist.clinic
        tel = _tel(clinic.phone)
        shown = (
            f'<a class="tel" href="tel:{e(tel)}">{e(clinic.phone)}</a>' if tel else e(clinic.phone)
        )
        line = f"{e(clinic.name)}{e(labels.colon)} {shown}"
        if clinic.after_hours:
            line += f"; {e(labels.after_hours)}{e(labels.colon)} {e(clinic.after_hours)}"
        out.append(f'<p class="contact">{line}</p>')
    for group in urgent(checklist):
        out.append(f"<h3>{e(labels.urgency_heading(group.urgency, None))}</h3>")
        out.append("<ul>")
        out += [f"<li>{e(s.sign)} <em>{e(s.action)}</em></li>" for s in group.signs]
        out.append("</ul>")
    where = regional(checklist)
    if where is not None:
        same_day = " ".join(s for s in (where.same_day, where.service) if s)
        out.append(f'<p class="contact regional">{_dial_links(e(same_day))}</p>')
    out += [f'<p class="note">{e(labels.urgent_more)}</p>', "</section>"]

    # 2. The timeline.
    out += [
        '<section aria-labelledby="timeline">',
        f'<h2 id="timeline">{e(labels.timeline_title)}</h2>',
        '<ol class="timeline">',
    ]
    for band in bands(checklist):
        out.append(f'<li><span class="band">{e(labels.band(band.first_day, band.last_day))}</span>')
        if when := labels.band_dates(band):
            out.append(f'<span class="when">{e(when)}</span>')
        if band.usual:
            out.append(f"<span>{e(labels.nothing_to_avoid)}</span>")
        elif band.avoid:
            words = ", ".join(glance(step, labels.glance) for step in band.avoid)
            out.append(f'<span class="avoid">{e(labels.avoid)}{e(labels.colon)} {e(words)}</span>')
        else:
            out.append(f"<span>{e(labels.nothing_more)}</span>")
        out.append("</li>")
    out.append("</ol>")
    if standing := standing_rules(checklist):
        words = ", ".join(glance(step, labels.glance) for step in standing)
        rule = f"{labels.always}{labels.colon} {labels.avoid_lead} {words}."
        out.append(f'<p class="note">{e(rule)}</p>')
    out.append("</section>")

    # 3. Just for this patient; 4. the days.
    personal = personal_items(checklist)
    if personal:
        out += [
            '<section class="for-you" aria-labelledby="for-you">',
            f'<h2 id="for-you">{e(labels.for_you_title)}</h2>',
            f'<p class="note">{e(labels.for_you_intro)}</p>',
            '<ul class="checklist">',
        ]
        for section, item in personal:
            out += _item(item, section, labels, compact, show_when=True)
        out += ["</ul>", "</section>"]
    for section, items in day_sections(checklist):
        title, dates = labels.section_heading(section)
        sid = f"section-{section.kind.value}"
        out.append(f'<section aria-labelledby="{sid}">')
        heading = e(title) + (f' <span class="dates">({e(dates)})</span>' if dates else "")
        out += [f'<h2 id="{sid}">{heading}</h2>', '<ul class="checklist">']
        for item in items:
            out += _item(item, section, labels, compact, show_when=False)
        out += ["</ul>", "</section>"]

    # 5. Every warning sign.
    out += [
        '<section aria-labelledby="section-get-help">',
        f'<h2 id="section-get-help">{e(labels.get_help)}</h2>',
    ]
    for group in later(checklist):
        out.append(f'<div class="warning-group urgency-{group.urgency.value}">')
        out.append(f"<h3>{e(labels.urgency_heading(group.urgency, checklist.clinic))}</h3>")
        out.append("<ul>")
        out += [f"<li>{e(s.sign)} {e(s.action)}</li>" for s in group.signs]
        out += ["</ul>", "</div>"]
    if checklist.clinic is not None:
        out.append(
            f"<p>{e(labels.clinic)}{e(labels.colon)} {e(labels.contact(checklist.clinic))}</p>"
        )
    if where is not None:
        out.append(f'<p class="regional">{_dial_links(e(" ".join(where.lines)))}</p>')
    out += [
        "</section>",
        "<footer>",
        f'<p class="approval">{e(labels.approval_line(checklist.approval, checklist.clinic))}</p>',
        f"<p>{e(checklist.disclaimer)}</p>",
        f"<p>{e(labels.footer(checklist))}</p>",
        "</footer>",
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"


def _item(
    item: ChecklistItem, section: ChecklistSection, labels: Labels, compact: bool, show_when: bool
) -> list[str]:
    e = escape
    iid = f"step-{e(item.step.id)}"
    if is_task(item):
        head = (
            f'<li><input type="checkbox" id="{iid}">'
            f'<label for="{iid}">{e(item.step.action)}</label>'
        )
    else:
        head = f'<li class="rule" id="{iid}">{e(item.step.action)}'
    out = [head]
    if when := labels.item_when(item, section, name_section=show_when):
        out.append(f'<p class="note"><em>{e(when)}</em></p>')
    if not compact:
        out.append(f'<p class="note">{e(labels.why)}{e(labels.colon)} {e(item.step.reason)}</p>')
    if personal := labels.personal(item):
        out.append(f'<p class="personal">{e(personal)}</p>')
    out.append("</li>")
    return out

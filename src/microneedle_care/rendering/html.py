"""One standalone HTML5 page: no scripts, no external assets, readable on a phone and on paper."""

from __future__ import annotations

import functools
import html

from ..checklist import Checklist
from ._labels import labels_for

__all__ = ["render_html"]

# Content strings repeat on every page, so escaping each one once saves most of the work.
escape = functools.lru_cache(maxsize=4096)(html.escape)

_STYLE = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  line-height: 1.5; margin: 0; color: #1a1a1a; background: #fff; }
main { max-width: 42rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; }
h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 2px solid #ccc; }
h3 { font-size: 1.05rem; margin-top: 1.25rem; }
.dates { font-weight: normal; color: #444; }
dt { font-weight: 600; }
dd { margin: 0 0 0.5rem; }
ul.checklist { list-style: none; padding: 0; }
ul.checklist li { margin: 0.75rem 0; padding-left: 2rem; position: relative; }
ul.checklist input { position: absolute; left: 0; top: 0.2rem; width: 1.25rem; height: 1.25rem; }
ul.checklist label { font-weight: 600; }
.note { margin: 0.2rem 0 0; color: #333; }
.personal { margin: 0.2rem 0 0; color: #0b4f8a; }
.urgency-emergency h3 { color: #a00; }
footer { margin-top: 2rem; border-top: 1px solid #ccc; font-size: 0.9rem; color: #333; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  li { break-inside: avoid; }
  ul.checklist input { appearance: none; border: 1px solid #000; }
}
"""


def render_html(checklist: Checklist) -> str:
    r"""Render *checklist* as one standalone HTML5 page.

    Every string from the content or the caller is escaped, so a clinic name such as
    ``<script>`` shows as text. The page has real checkboxes with labels, a print
    stylesheet, no scripts and no external assets.

    >>> from microneedle_care import build_checklist
    >>> page = render_html(build_checklist())
    >>> page.startswith('<!DOCTYPE html>\n<html lang="en">')
    True
    >>> "<script" in page
    False
    """
    labels = labels_for(checklist)
    e = escape
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{e(labels.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(labels.title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<main>",
        "<header>",
        f"<h1>{e(labels.title)}</h1>",
        f"<p>{e(labels.subtitle)}</p>",
        "<dl>",
    ]
    if checklist.treatment_date is not None:
        iso = checklist.treatment_date.isoformat()
        date = labels.date(checklist.treatment_date, year=True)
        out.append(
            f'<dt>{e(labels.treatment_date)}</dt><dd><time datetime="{iso}">{e(date)}</time></dd>'
        )
    if checklist.clinic is not None:
        contact = e(labels.contact(checklist.clinic))
        out.append(f'<dt>{e(labels.clinic)}</dt><dd class="clinic">{contact}</dd>')
    if checklist.risk_factors:
        names = "; ".join(rf.name for rf in checklist.risk_factors)
        out.append(f"<dt>{e(labels.planned_for)}</dt><dd>{e(names)}</dd>")
    out.append("</dl>")
    if checklist.treatment_date is None:
        out.append(f"<p>{e(labels.undated)}</p>")
    out.append("</header>")
    for section in checklist.sections:
        if not section.items:
            continue
        title, dates = labels.section_heading(section)
        sid = f"section-{section.kind.value}"
        out.append(f'<section aria-labelledby="{sid}">')
        heading = e(title) + (f' <span class="dates">({e(dates)})</span>' if dates else "")
        out += [f'<h2 id="{sid}">{heading}</h2>', '<ul class="checklist">']
        for item in section.items:
            iid = f"step-{e(item.step.id)}"
            box = f'<input type="checkbox" id="{iid}">'
            out.append(f'<li>{box}<label for="{iid}">{e(item.step.action)}</label>')
            if when := labels.when(item, section):
                out.append(f'<p class="note"><em>{e(when)}</em></p>')
            out.append(
                f'<p class="note">{e(labels.why)}{e(labels.colon)} {e(item.step.reason)}</p>'
            )
            if personal := labels.personal(item):
                out.append(f'<p class="personal">{e(personal)}</p>')
            out.append("</li>")
        out += ["</ul>", "</section>"]
    out += [
        '<section aria-labelledby="section-get-help">',
        f'<h2 id="section-get-help">{e(labels.get_help)}</h2>',
    ]
    for group in checklist.warnings:
        out.append(f'<div class="urgency-{group.urgency.value}">')
        out.append(f"<h3>{e(labels.urgency_heading(group.urgency, checklist.clinic))}</h3>")
        out.append("<ul>")
        out += [f"<li><strong>{e(s.sign)}</strong> {e(s.action)}</li>" for s in group.signs]
        out += ["</ul>", "</div>"]
    if checklist.clinic is not None:
        out.append(
            f"<p><strong>{e(labels.clinic)}:</strong> {e(labels.contact(checklist.clinic))}</p>"
        )
    out += [
        "</section>",
        "<footer>",
        f"<p>{e(checklist.disclaimer)}</p>",
        f"<p>{e(labels.footer(checklist))}</p>",
        "</footer>",
        "</main>",
        "</body>",
        "</html>",
    ]
    return "\n".join(out) + "\n"

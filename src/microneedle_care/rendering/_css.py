"""The style sheet of the HTML page and its print rules (Letter or A4), and no words.

The page word ("Page") and the paper size are parameters of the ``@page`` rules; the
PDF (:mod:`.pdf`) writes the same margin boxes with the footer line spelt out.
"""

from __future__ import annotations

import functools

__all__ = ["PAPERS", "margin_boxes"]


def margin_boxes(footer: str, page: str) -> str:
    """Return the ``@page`` margin boxes of every printed page (the HTML's and the PDF's).

    *footer* (a CSS value) goes bottom left; *page* (a CSS string, the word for "Page"
    and a space) and the page numbers bottom right.
    """
    return (
        f"@bottom-left {{ content: {footer}; font-size: 7pt; }}\n"
        f'  @bottom-right {{ content: {page} counter(page) " / " counter(pages); font-size: 7pt; }}'
    )


_SCREEN = """
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
.quick-lead { font-weight: 700; margin: 0.3rem 0 0; }
.quick ul { list-style: none; padding: 0; margin: 0 0 0.15rem; }
.quick li { margin: 0.1rem 0; line-height: 1.3; }
.quick a { color: inherit; }
.back { margin: 0.5rem 0; }
.urgent-full { display: none; }
:target { outline: 3px solid #9b0000; outline-offset: 2px; }
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
.personal { color: #0b3d91; font-size: 0.8rem; width: fit-content; margin-top: 0.15rem;
  border: 1px solid; border-radius: 0.25rem; padding: 0 0.3rem; }
.for-you { border-left: 4px solid #0b3d91; padding-left: 0.75rem; }
footer { margin-top: 1.5rem; border-top: 1px solid #bbb; font-size: 0.85rem; color: #333; }
footer .approval { font-size: 1rem; font-weight: bold; color: #000; }
@media (max-width: 30rem) {
  main { padding: 0.5rem 0.75rem; }
  h1 { font-size: 1.1rem; margin: 0; line-height: 1.3; }
  h2 { margin-top: 1rem; }
  header > p { margin: 0; font-size: 0.85rem; line-height: 1.3; color: #333; }
  .urgent { margin: 0.4rem 0; padding: 0.35rem 0.6rem; }
  .urgent h2 { margin: 0 0 0.1rem; font-size: 1.05rem; line-height: 1.3; }
  header > .meta { display: inline; margin-right: 0.75rem; }
  .contact { font-size: 1rem; }
  .quick { font-size: 0.85rem; font-stretch: semi-condensed; }
  .quick-lead { margin-top: 0.2rem; line-height: 1.25; }
  .quick li { margin: 0; line-height: 1.3; }
  .urgent .note, .urgent .regional { font-size: 0.85rem; line-height: 1.3; }
  ol.timeline { grid-template-columns: none; grid-auto-flow: column;
    grid-auto-columns: 78%; overflow-x: auto; padding-bottom: 0.2rem; }
  ol.timeline > li { font-size: 0.8rem; line-height: 1.3; }
  ol.timeline .band, ol.timeline .when { display: inline; margin-right: 0.4rem; }
  ol.timeline .avoid, ol.timeline span:last-child { display: block; }
  .note { font-size: 0.9rem; line-height: 1.35; }
}
"""


_MARGIN = "1cm 1cm 1.2cm"
_COMPACT_MARGIN = "0.8cm 0.9cm 1cm"
"""The compact sheet's page margins: it is meant to fit one sheet of paper, both sides."""


def _page_rules(size: str, page: str, margin: str = _MARGIN) -> str:
    """Return the ``@page`` rules: the paper *size* (a CSS size) and the word for "Page"."""
    return (
        f"@page {{ size: {size}; margin: {margin};\n"
        '  font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;\n  '
        + margin_boxes("var(--footer)", page)
        + " }\n"
    )


_PRINT = """@media print {
  body { font-size: 8.5pt; line-height: 1.07; }
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
  .quick, .screen-only { display: none; }
  .urgent-full { display: block; }
  .personal { border: 0; padding: 0; font-style: italic; }
}
"""

_COMPACT = """@media print {
  body { font-stretch: semi-condensed; }
  main { column-gap: 1em; }
  ul.checklist li { padding-left: 1.2em; }
  .urgent ul, .warning-group ul { padding-left: 1em; }
}
"""
"""The compact sheet's print rules, after :data:`_PRINT`: the same 8.5 pt type, a narrower face.

``semi-condensed`` picks the font's narrower face where it has one (DejaVu Sans
Condensed, on the Linux machines the page counts are measured on); a font without one
prints at its own width. With the narrower margins and indents, it brings the
personalised French compact sheet from 3 pages to 2 without smaller type or fewer words
(docs/howto/print.rst gives the page counts).
"""

_DENSE = """@media print {
  body { font-size: 8pt; line-height: 1.03; }
}
"""
"""A long compact sheet's print type, after :data:`_COMPACT`: 8 pt on 1.03 lines instead of
8.5 pt on 1.07.

The compact sheet is one sheet of paper, printed on both sides. A French sheet with two or
more risk factors, or a sheet with a treatment's own items, holds more text than two pages
take at 8.5 pt; at 8 pt they keep to two (measured in Chromium and the PDF library, Letter
and A4; docs/howto/print.rst). :data:`DENSE_CHARACTERS` says which sheets get it.
"""

DENSE_CHARACTERS = 25_500
"""A compact sheet whose worded text is longer than this many characters prints at 8 pt.

Measured on the packaged content (3 December 2026): English sheets up to 25,398 characters
and French ones up to 25,664 take two pages at 8.5 pt; from 26,707 (French) and 27,036
(English) they take three. At 8 pt every pen sheet, English or French with up to five risk
factors, and every RF sheet but a French one with three or more risk factors (over 34,000
characters: 3 pages), keeps to two pages in both engines.
"""

_STYLE = _SCREEN + _page_rules("Letter", '"PAGE "') + _PRINT
"""The style sheet for Letter paper, before the word for "Page" is filled in."""


PAPERS = {"letter": "Letter", "a4": "A4"}
"""The paper sizes the print rules can be written for."""


@functools.lru_cache(maxsize=16)
def _style(paper: str, page: str, compact: bool = False, dense: bool = False) -> str:
    """Return the style sheet with the page size for *paper* and the word for "Page".

    A *compact* sheet's print rules add :data:`_COMPACT` and narrower page margins, and a
    *dense* one (a long compact sheet) :data:`_DENSE` too.
    """
    label = "".join(c for c in page if c.isprintable() and c not in '"\\<>')
    if compact:
        rules = _page_rules(PAPERS[paper], f'"{label} "', _COMPACT_MARGIN)
        return _SCREEN + rules + _PRINT + _COMPACT + (_DENSE if dense else "")
    return _SCREEN + _page_rules(PAPERS[paper], f'"{label} "') + _PRINT

"""PDF: the HTML patient sheet laid out on Letter pages by WeasyPrint.

WeasyPrint is an optional dependency: ``pip install ".[pdf]"``. It needs the Pango text
library from the operating system (on Debian and Ubuntu: ``apt-get install libpango-1.0-0
libpangoft2-1.0-0``; on macOS: ``brew install pango``); see WeasyPrint's installation notes.

The same checklist always gives byte-identical PDF bytes: the document's dates are the
content's review date (not the time of rendering) and its identifier is derived from the
checklist, so a PDF can be stored and compared like the other formats.

.. versionadded:: 0.5.0
"""

from __future__ import annotations

import datetime
import hashlib
import importlib
from types import ModuleType

from ..checklist import Checklist
from ..errors import InvalidValueError, MissingDependencyError
from ._css import PAPERS, margin_boxes
from ._sheet import sheet_for
from .html import serialise

__all__ = ["render_pdf"]


def _weasyprint() -> ModuleType:
    try:
        return importlib.import_module("weasyprint")
    except (ImportError, OSError):  # OSError: the Pango system library is missing
        raise MissingDependencyError(
            "weasyprint",
            'PDF needs WeasyPrint and Pango: pip install "microneedle-care[pdf]"'
            " (see the rendering how-to for the system libraries)",
        ) from None


def _css_string(text: str) -> str:
    """Quote *text* as a CSS string: printable characters only, quotes escaped."""
    clean = "".join(c if c.isprintable() else " " for c in text)
    return '"' + clean.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_pdf(checklist: Checklist, *, compact: bool = False, paper: str = "letter") -> bytes:
    """Render *checklist* as a PDF on Letter pages, with the footer on every page.

    Args:
        checklist: The checklist.
        compact: Leave out the "Why" lines, for a shorter printout.
        paper: ``"letter"`` (the default) or ``"a4"``.

    Raises:
        MissingDependencyError: If WeasyPrint (the ``pdf`` extra) or Pango is missing.

    >>> from microneedle_care import build_checklist
    >>> render_pdf(build_checklist())[:5]  # doctest: +SKIP
    b'%PDF-'
    """
    if paper not in PAPERS:
        raise InvalidValueError(f"paper must be 'letter' or 'a4', got {paper!r}")
    weasyprint = _weasyprint()
    sheet = sheet_for(checklist, compact=compact)
    page = serialise(sheet, paper=paper)
    when = (checklist.reviewed or datetime.date(2000, 1, 1)).isoformat()
    meta = (
        f'<meta name="dcterms.created" content="{when}T00:00:00Z">'
        f'<meta name="dcterms.modified" content="{when}T00:00:00Z">'
        '<meta name="generator" content="microneedle-care">'
    )
    page = page.replace("</head>", meta + "</head>", 1)
    # The page size, margins and font come from the page's own print rules; WeasyPrint
    # does not read custom properties in margin boxes, so the footer is written out here,
    # in the same margin boxes as the page's.
    words = _css_string(sheet.footer.page_footer)
    boxes = margin_boxes(words, _css_string(sheet.footer.page + " "))
    footer = weasyprint.CSS(
        string=(
            f"@page {{ {boxes} }}"
            # WeasyPrint balances columns by laying them out again and again; filling
            # them in turn gives the same pages in about two thirds of the time.
            " @media print { main { column-fill: auto; } }"
        )
    )
    identifier = hashlib.sha256(page.encode("utf-8")).hexdigest()[:32].encode("ascii")
    document = weasyprint.HTML(string=page).render(stylesheets=[footer])
    data: bytes = document.write_pdf(pdf_identifier=identifier)
    return data

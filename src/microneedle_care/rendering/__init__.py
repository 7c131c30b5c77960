"""Renderers: pure functions from a :class:`~microneedle_care.checklist.Checklist` to a string.

Each format lives in its own module and is imported only when used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, overload

if TYPE_CHECKING:  # the command line imports FORMATS without loading the rest
    from ..checklist import Checklist

__all__ = ["BINARY_FORMATS", "FORMATS", "Format", "render"]

Format = Literal["text", "markdown", "html", "json", "fhir"]
"""The name of an output format."""

FORMATS: tuple[Format, ...] = ("text", "markdown", "html", "json", "fhir")
"""Every text output format, in the order the command line lists them."""

BINARY_FORMATS: tuple[Literal["pdf"], ...] = ("pdf",)
"""Output formats that :func:`render` returns as bytes: ``"pdf"`` (the ``pdf`` extra)."""


_COMPACT_FORMATS = ("text", "markdown", "html", "pdf")
_PAPER_FORMATS = ("html", "pdf")


def _check_options(
    format: str, *, subject: str | None = None, compact: bool = False, paper: str = "letter"
) -> None:
    """Refuse an option that *format* does not take: the one check of what fits what.

    :func:`render` runs it, and so does the command, before it builds anything, mapping
    the error's ``argument`` (``"subject"``, ``"compact"`` or ``"paper"``) to its own
    option's name. The options are checked in that order; the first misfit is raised.

    Raises:
        InvalidValueError: Naming the option in its ``argument``.
    """
    from ..errors import InvalidValueError

    if subject is not None and format != "fhir":
        raise InvalidValueError(
            f"subject applies only to the 'fhir' format, not {format!r}", argument="subject"
        )
    if compact and format not in _COMPACT_FORMATS:
        raise InvalidValueError(
            f"compact applies to text, markdown, html and pdf, not {format!r}",
            argument="compact",
        )
    if paper != "letter" and format not in _PAPER_FORMATS:
        raise InvalidValueError(f"paper applies to html and pdf, not {format!r}", argument="paper")


@overload
def render(
    checklist: Checklist,
    format: Format = "text",
    *,
    subject: str | None = None,
    compact: bool = False,
    paper: str = "letter",
) -> str: ...
@overload
def render(
    checklist: Checklist,
    format: Literal["pdf"],
    *,
    subject: str | None = None,
    compact: bool = False,
    paper: str = "letter",
) -> bytes: ...
def render(
    checklist: Checklist,
    format: Format | Literal["pdf"] = "text",
    *,
    subject: str | None = None,
    compact: bool = False,
    paper: str = "letter",
) -> str | bytes:
    """Render *checklist* in one of :data:`FORMATS`.

    The formats are ``"text"``, ``"markdown"``, ``"html"``, ``"json"`` and ``"fhir"``
    (a FHIR R4B CarePlan, see :func:`microneedle_care.fhir.care_plan`), which give a
    string, and ``"pdf"`` (see :func:`~microneedle_care.rendering.pdf.render_pdf`), which
    gives bytes and needs the ``pdf`` extra.

    The same checklist always gives byte-identical output.

    Args:
        checklist: The checklist to render.
        format: The output format.
        subject: For ``"fhir"`` only: the patient, as a reference such as
            ``"Patient/123"``. Without it the CarePlan says that it names no patient
            (:func:`microneedle_care.fhir.subject_reference`).
        compact: For ``"text"``, ``"markdown"``, ``"html"`` and ``"pdf"``: leave out the
            "Why" lines, for a shorter printout.
        paper: For ``"html"`` and ``"pdf"``: ``"letter"`` (the default) or ``"a4"``.

    Raises:
        InvalidValueError: If *subject* is not a ``Patient/<id>`` or ``Group/<id>``
            reference, or is given for a format other than ``"fhir"``.
        UnknownFormatError: If *format* is not one of :data:`FORMATS` (a
            :exc:`ValueError`).

    >>> from microneedle_care import build_checklist, render
    >>> render(build_checklist(), "markdown").startswith("# ")
    True
    >>> '"reference": "Patient/123"' in render(build_checklist(), "fhir", subject="Patient/123")
    True
    >>> render(build_checklist(), "docx")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    microneedle_care.errors.UnknownFormatError: unknown format 'docx'; expected one of 'text', ...
    """
    from .._validate import _expect
    from ..checklist import Checklist

    _expect(checklist, Checklist, "checklist")
    _check_options(format, subject=subject, compact=compact, paper=paper)
    if format == "text":
        from .text import render_text

        return render_text(checklist, compact=compact)
    if format == "markdown":
        from .markdown import render_markdown

        return render_markdown(checklist, compact=compact)
    if format == "html":
        from .html import render_html

        return render_html(checklist, compact=compact, paper=paper)
    if format == "json":
        from .json import render_json

        return render_json(checklist)
    if format == "pdf":
        from .pdf import render_pdf

        return render_pdf(checklist, compact=compact, paper=paper)
    if format == "fhir":
        from .. import fhir

        return fhir.to_json(fhir.care_plan(checklist, subject=subject))
    from ..errors import UnknownFormatError

    raise UnknownFormatError(format, FORMATS)

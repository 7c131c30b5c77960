"""JSON: a documented, versioned shape that other programs can read back.

The shape is described by ``microneedle_care/data/checklist.schema.json``. It is the
checklist's attrs fields, with the content items in full, under four header keys:
``format`` (always ``"microneedle-care/checklist"``), ``format_version``,
``package_version`` (the version of this package that wrote it) and ``approval_notice``
(the line every patient output carries: who at the clinic approved this content and when,
or that no clinician there has yet). Reading a document back ignores the notice; it
follows from ``approval``.

The document is the self-contained record of what a patient was given: the package
version, the content version and digest, the locale and the clinic packs, and every
word of the checklist. Keep it with the patient record.
"""

from __future__ import annotations

import json
import os

from .. import _deprecation, _locale
from .._converter import converter, structure
from .._io import decode_json
from .._validate import _expect
from ..checklist import Checklist
from ..errors import ContentError, Problem

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "load_checklist_json",
    "parse_checklist_json",
    "render_json",
]

FORMAT_NAME = "microneedle-care/checklist"
"""The value of the ``format`` key of every checklist JSON document."""
FORMAT_VERSION = 1
"""The version of the checklist JSON shape; it changes only with a major release."""


def render_json(checklist: Checklist) -> str:
    """Render *checklist* as JSON (UTF-8 text, two-space indents, a final newline).

    >>> from microneedle_care import build_checklist
    >>> import json
    >>> data = json.loads(render_json(build_checklist()))
    >>> data["format"], data["format_version"]
    ('microneedle-care/checklist', 1)
    >>> [data[key] for key in ("content_version", "locale", "packs")]
    ['3.0.0', 'en', []]
    """
    from .. import __version__
    from ._sheet import approval_notice

    notice = approval_notice(checklist)
    data: dict[str, object] = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "package_version": __version__,
        "approval_notice": notice,
    }
    data.update(converter.unstructure(checklist))
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def parse_checklist_json(text: str | bytes, *, source: str = "<checklist json>") -> Checklist:
    """Read a checklist back from the JSON text that :func:`render_json` wrote.

    *Parse* takes the document, as :func:`microneedle_care.loading.parse` does; *load*
    (:func:`load_checklist_json`) takes a path.

    Args:
        text: The JSON document.
        source: Where it came from, named in error messages.

    Returns:
        A checklist equal to the one that was rendered.

    Raises:
        ContentError: If the document is not JSON (or is nested too deeply, has a
            duplicate key or an integer of more than 4,300 digits), is not a checklist of
            a format version this release reads, is in an unknown locale, or is
            malformed; every problem is listed with its path.

    >>> from microneedle_care import build_checklist
    >>> checklist = build_checklist()
    >>> parse_checklist_json(render_json(checklist)) == checklist
    True

    .. versionadded:: 0.6.0 The new name of ``read_checklist_json``.
    """
    _expect(text, (str, bytes), "text")
    data = decode_json(text, source)
    if not isinstance(data, dict):
        raise ContentError(source, (Problem("$", "expected a JSON object at the top level"),))
    if data.get("format") != FORMAT_NAME:
        raise ContentError(source, (Problem("$.format", f"expected {FORMAT_NAME!r}"),))
    if data.get("format_version") != FORMAT_VERSION:
        message = f"this release reads version {FORMAT_VERSION}, got {data.get('format_version')!r}"
        raise ContentError(source, (Problem("$.format_version", message),))
    if not isinstance(data.get("approval_notice", ""), str):
        message = f"expected the approval notice as a string, got {data['approval_notice']!r}"
        raise ContentError(source, (Problem("$.approval_notice", message),))
    if not isinstance(data.get("package_version", ""), str):
        message = f"expected the package version as a string, got {data['package_version']!r}"
        raise ContentError(source, (Problem("$.package_version", message),))
    locale = data.get("locale", "en")
    if isinstance(locale, str):
        try:
            _locale.normalise(locale)
        except ValueError as exc:
            raise ContentError(source, (Problem("$.locale", str(exc)),)) from None
    header = ("format", "format_version", "package_version", "approval_notice")
    body = {k: v for k, v in data.items() if k not in header}
    return structure(body, Checklist, source=source)


def load_checklist_json(path: str | os.PathLike[str]) -> Checklist:
    """Read a checklist back from a JSON file that :func:`render_json` wrote.

    Raises:
        ContentError: If the file is missing, unreadable, not a regular file or too
            large, or for any reason :func:`parse_checklist_json` gives.

    .. versionadded:: 0.6.0
    """
    from .._io import read_bytes

    return parse_checklist_json(read_bytes(path), source=os.fspath(path))


#: ``read_checklist_json`` took text, not a path: it is :func:`parse_checklist_json` now.
#:
#: .. deprecated:: 0.6.0 ``read_checklist_json`` still works, with a
#:    :exc:`DeprecationWarning`, until 0.7.0.
__getattr__ = _deprecation.moved(
    __name__, {"read_checklist_json": (__name__, "parse_checklist_json")}
)

"""Argument checks shared by the public functions (private).

:func:`_expect` (the type check every public function shares; it is defined in
:mod:`microneedle_care.errors` as ``_expect_type``, beside the error it raises, so that
``errors`` imports nothing of the package) and the one-line text checks of
:class:`~microneedle_care.checklist.ClinicContact` and of
``build_checklist(prepared_for=...)`` (moved here from :mod:`microneedle_care.checklist`).

.. versionadded:: 0.6.0
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import attrs

from .errors import InvalidTypeError, InvalidValueError, _expect_type

__all__: list[str] = []


# The shared type check lives in errors, beside the error it raises (errors imports
# nothing of the package); it is imported from here as _expect.
_expect = _expect_type


def _clean_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None and attribute.name not in ("name", "phone"):
        return
    if not isinstance(value, str):
        kind = type(value).__name__
        raise InvalidTypeError(
            f"ClinicContact.{attribute.name} must be a string, got {kind}",
            argument=f"ClinicContact.{attribute.name}",
        )
    if attribute.name in ("name", "phone") and not value.strip():
        raise InvalidValueError(
            f"ClinicContact.{attribute.name} must not be empty",
            argument=f"ClinicContact.{attribute.name}",
        )
    if attribute.name == "phone" and len(value) > _PHONE_MAX:
        # A text message must end with the whole number: a longer "phone" was cut
        # part-way through it (attack report L8). Put instructions in after_hours.
        raise InvalidValueError(
            f"ClinicContact.phone must be at most {_PHONE_MAX} characters, got {len(value)}",
            argument="ClinicContact.phone",
        )
    bad = [c for c in value if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp")]
    bad += [c for c in value if _noncharacter(c)]
    if bad:
        raise InvalidValueError(
            f"ClinicContact.{attribute.name} must be one line of text;"
            f" it contains the control character {bad[0]!r}",
            argument=f"ClinicContact.{attribute.name}",
        )


# One address: a local part without spaces, quotes, brackets or backslashes, "@", and a
# domain of dotted labels (letters of any script, digits, hyphens). Not every address
# RFC 5321 allows, but every one a clinic gives patients, and nothing that can break out
# of a mailto: URI or a calendar property (attack report L6).
_EMAIL = re.compile(
    r"[^\s@\\\"<>()\[\],:;]+@(?:[^\W_](?:[\w-]*[^\W_])?\.)+(?:[^\W\d_]{2,}|(?i:xn--)[\w-]+)"
)


def _email(instance: object, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    _clean_text(instance, attribute, value)
    if value is not None and (len(value) > 254 or _EMAIL.fullmatch(value) is None):
        raise InvalidValueError(
            f"ClinicContact.email must be one address such as info@clinic.example, got {value!r}",
            argument="ClinicContact.email",
        )


_PHONE_MAX = 64


def _noncharacter(char: str) -> bool:
    """Whether *char* is a Unicode noncharacter (U+FDD0..U+FDEF, U+xxFFFE, U+xxFFFF).

    They are not text: HTML parsers report them as errors.
    """
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def _one_line(value: str) -> str:
    # Runs of spaces and tabs become one space and the ends are trimmed, so renderers
    # never see layout in the clinic's details. Anything else (line breaks, non-strings)
    # is left for the validator to refuse. The annotations are what mypy shows callers
    # as the __init__ parameter types, so they are the fields' real types.
    if isinstance(value, str):
        return re.sub(r"[ \t]+", " ", value).strip(" \t")
    return value


def _one_line_or_none(value: str | None) -> str | None:
    return _one_line(value) if value is not None else None


def _display_name(value: object) -> str | None:
    """Check the optional patient name for the sheet: one line of plain text."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidTypeError(
            f"prepared_for must be a string, got {type(value).__name__}", argument="prepared_for"
        )
    name = " ".join(value.split(" ")).strip()
    bad = [
        c
        for c in name
        if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp") or _noncharacter(c)
    ]
    if not name or bad:
        raise InvalidValueError(
            "prepared_for must be one non-empty line of text", argument="prepared_for"
        )
    return name

"""The private cattrs converter that maps content packs to and from the model.

It is strict where cattrs is lenient by default: a string is never coerced from a
number, a list is never accepted as a string of characters, and unknown keys are
refused, so that every mistake in a hand-edited JSON file is reported.
"""

from __future__ import annotations

import datetime
import enum
import re
from typing import Any, TypeVar, get_args, get_origin

import attrs
import cattrs
import cattrs.cols
import cattrs.gen
from cattrs.v import format_exception

from .errors import ContentError, Problem
from .model import MAX_YEAR, MIN_YEAR, OMIT_IF_DEFAULT

__all__ = ["converter", "structure"]


class _ShapeError(ValueError):
    """A value of the wrong JSON type or form; its message is shown as is."""


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


# C0 and C1 controls, DEL, lone surrogates and the Unicode line separators: none
# belongs in one line of patient-facing text, and none reaches a terminal or a digest.
# Also the invisible format characters that can reorder or hide text (bidi controls,
# zero-width characters, the soft hyphen, the byte order mark) and the noncharacters,
# which the clinic's contact fields already refuse (attack report M25, L18).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb\ud800-\udfff\u2028\u2029\ufdd0-\ufdef\ufffe\uffff]"
)


def _structure_str(value: object, _: type) -> str:
    if not isinstance(value, str):
        raise _ShapeError(f"expected a string, got {_json_type(value)}")
    bad = _UNSAFE.search(value)
    if bad is not None:
        char = ord(bad.group())
        kind = (
            "a lone surrogate"
            if 0xD800 <= char <= 0xDFFF
            else "the noncharacter"
            if 0xFDD0 <= char <= 0xFDEF or char & 0xFFFE == 0xFFFE
            else "the control character"
            if char < 0xA0 or char in (0x2028, 0x2029)
            else "the invisible format character"
        )
        raise _ShapeError(f"contains {kind} U+{char:04X}; text must be one line of plain text")
    return value


def _structure_int(value: object, _: type) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _ShapeError(f"expected a whole number, got {_json_type(value)}")
    return value


def _structure_bool(value: object, _: type) -> bool:
    if not isinstance(value, bool):
        raise _ShapeError(f"expected true or false, got {_json_type(value)}")
    return value


def _structure_date(value: object, _: type) -> datetime.date:
    if not isinstance(value, str):
        raise _ShapeError(f"expected a date as a string (YYYY-MM-DD), got {_json_type(value)}")
    try:
        date = datetime.date.fromisoformat(value)
    except ValueError:
        raise _ShapeError(f"expected a date as YYYY-MM-DD, got {value!r}") from None
    if not MIN_YEAR <= date.year <= MAX_YEAR:
        raise _ShapeError(f"the date {value} is not in the years {MIN_YEAR} to {MAX_YEAR}")
    return date


def _structure_enum(value: object, type_: type[enum.Enum]) -> enum.Enum:
    try:
        return type_(value)
    except ValueError:
        allowed = ", ".join(repr(member.value) for member in type_)
        raise _ShapeError(f"unknown value {value!r}; expected one of {allowed}") from None


def _is_homogeneous_tuple(type_: Any) -> bool:
    args = get_args(type_)
    return get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _strict_tuple_factory(type_: Any, converter: cattrs.BaseConverter) -> Any:
    inner = cattrs.cols.homogenous_tuple_structure_factory(type_, converter)

    def structure(value: object, target: Any) -> Any:
        if not isinstance(value, (list, tuple)):
            raise _ShapeError(f"expected a list, got {_json_type(value)}")
        return inner(value, target)

    return structure


def _has_new_fields(type_: Any) -> bool:
    return attrs.has(type_) and any(f.metadata.get(OMIT_IF_DEFAULT) for f in attrs.fields(type_))


def _omitting_factory(type_: Any, converter: cattrs.Converter) -> Any:
    # Fields added after a format was fixed are left out while they hold their default,
    # so records, files and digests written before them stay the same byte for byte.
    overrides = {
        f.name: cattrs.gen.override(omit_if_default=True)
        for f in attrs.fields(type_)
        if f.metadata.get(OMIT_IF_DEFAULT)
    }
    return cattrs.gen.make_dict_unstructure_fn(type_, converter, **overrides)  # type: ignore[arg-type]


def _make_converter(*, detailed: bool = True) -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(datetime.date, _structure_date)
    conv.register_unstructure_hook(datetime.date, datetime.date.isoformat)
    conv.register_structure_hook_func(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), _structure_enum
    )
    conv.register_structure_hook_factory(_is_homogeneous_tuple, _strict_tuple_factory)
    conv.register_unstructure_hook_factory(_has_new_fields, _omitting_factory)
    return conv


converter = _make_converter()
"""The converter for every model class; used by loading and by the digest."""

# Without detailed validation cattrs generates simpler code, roughly halving the cost of
# the first structuring in a process. It stops at the first error, so it is only the
# fast path: any failure is redone with `converter` to report every problem.
_fast = _make_converter(detailed=False)

_T = TypeVar("_T")


def structure(data: object, type_: type[_T], *, source: str) -> _T:
    """Structure decoded JSON *data* into *type_*.

    Raises:
        ContentError: Naming *source* and listing every shape or type problem with its
            JSON path, if *data* is not a JSON object or does not fit *type_*.
    """
    if not isinstance(data, dict):
        raise ContentError(source, (Problem("$", "expected a JSON object at the top level"),))
    try:
        return _fast.structure(data, type_)
    except Exception:  # any failure is redone in detail, to report every problem
        pass
    try:
        return converter.structure(data, type_)
    except (cattrs.BaseValidationError, ValueError, TypeError, KeyError) as exc:
        problems = tuple(Problem(path, message) for path, message in describe_error(exc))
        raise ContentError(source, problems) from None


def _format(exc: BaseException, type_: type | None) -> str:
    if isinstance(exc, ValueError) and not isinstance(exc, KeyError) and str(exc):
        # Our own hooks and the model's attrs validators say precisely what is wrong.
        return str(exc)
    return format_exception(exc, type_)


def describe_error(exc: BaseException) -> list[tuple[str, str]]:
    """Turn a structuring error into ``(path, message)`` pairs, one per problem."""
    pairs = []
    for line in cattrs.transform_error(exc, format_exception=_format):
        message, _, path = line.rpartition(" @ ")
        pairs.append((path or "$", message or line))
    return pairs

"""Generate src/microneedle_care/data/checklist.schema.json from the model.

The checklist JSON embeds content items, so the schema reuses the content pack schema's
definitions and adds the checklist's own. tests/test_rendering.py fails when the
shipped file differs from what this script generates.

Usage: python tools/checklist_schema.py [--check]
"""

from __future__ import annotations

import datetime
import enum
import json
import sys
import types
import typing
from pathlib import Path
from typing import Any

import attrs

import microneedle_care as mc
from microneedle_care import loading
from microneedle_care.rendering.json import FORMAT_NAME, FORMAT_VERSION

TARGET = Path(__file__).resolve().parent.parent / "src/microneedle_care/data/checklist.schema.json"
OWN = (mc.ClinicContact, mc.ChecklistItem, mc.ChecklistSection, mc.WarningGroup)


def _type(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in args if a is not type(None)]
        return {"oneOf": [_type(inner, defs), {"type": "null"}]}
    if origin is tuple:
        return {"type": "array", "items": _type(args[0], defs)}
    if tp is str:
        return {"type": "string"}
    if tp is int:
        return {"type": "integer", "minimum": 1}
    if tp is datetime.date:
        return {"type": "string", "format": "date"}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        if tp.__name__ not in defs:
            defs[tp.__name__] = {"enum": [m.value for m in tp]}
        return {"$ref": f"#/$defs/{tp.__name__}"}
    if attrs.has(tp):
        return {"$ref": f"#/$defs/{tp.__name__}"}
    raise TypeError(tp)


def _object(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    fields = attrs.fields(cls)
    return {
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "type": "object",
        "additionalProperties": False,
        "required": [f.name for f in fields if f.default is attrs.NOTHING],
        "properties": {f.name: _type(hints[f.name], defs) for f in fields},
    }


def build() -> dict[str, Any]:
    """Return the checklist JSON Schema as a dict."""
    defs: dict[str, Any] = dict(loading.schema()["$defs"])  # type: ignore[arg-type]
    for cls in OWN:
        defs[cls.__name__] = _object(cls, defs)
    top = _object(mc.Checklist, defs)
    top["required"] = ["format", "format_version", *top["required"]]
    top["properties"] = {
        "format": {"const": FORMAT_NAME},
        "format_version": {"const": FORMAT_VERSION},
        **top["properties"],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:microneedle-care:schema:checklist",
        "title": "microneedle-care checklist",
        **top,
        "$defs": dict(sorted(defs.items())),
    }


def text() -> str:
    """Return the schema as the file's text."""
    return json.dumps(build(), indent=2) + "\n"


if __name__ == "__main__":
    if "--check" in sys.argv:
        sys.exit(0 if TARGET.read_text(encoding="utf-8") == text() else 1)
    TARGET.write_text(text(), encoding="utf-8")

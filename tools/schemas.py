"""Generate the derived JSON Schemas in src/microneedle_care/data/ from the model.

``content.schema.json`` is written by hand (it carries rules such as id patterns).
The checklist and clinic pack schemas embed content items, so they reuse its
definitions and add their own classes' definitions, generated from the attrs classes.
tests/test_rendering.py and tests/test_schema.py fail when a shipped file differs
from what this script generates.

Usage: python tools/schemas.py [--check]
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
from microneedle_care.regions import WhoToCall
from microneedle_care.rendering.json import FORMAT_NAME, FORMAT_VERSION

DATA = Path(__file__).resolve().parent.parent / "src" / "microneedle_care" / "data"


def _type(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in args if a is not type(None)]
        return {"oneOf": [_type(inner, defs), {"type": "null"}]}
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _type(args[0], defs)}
        return {"type": "array", "prefixItems": [_type(a, defs) for a in args], "items": False}
    if origin is dict:
        return {"type": "object", "additionalProperties": _type(args[1], defs)}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
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


def _schema(name: str, title: str, top: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:microneedle-care:schema:{name}",
        "title": title,
        **top,
        "$defs": dict(sorted(defs.items())),
    }


def checklist() -> dict[str, Any]:
    """Return the checklist JSON Schema."""
    defs: dict[str, Any] = dict(loading.schema()["$defs"])  # type: ignore[call-overload]
    for cls in (
        mc.ClinicContact,
        mc.ChecklistItem,
        mc.ChecklistSection,
        mc.WarningGroup,
        mc.Approval,
        WhoToCall,
    ):
        defs[cls.__name__] = _object(cls, defs)
    top = _object(mc.Checklist, defs)
    top["required"] = ["format", "format_version", *top["required"]]
    top["properties"] = {
        "format": {"const": FORMAT_NAME},
        "format_version": {"const": FORMAT_VERSION},
        "package_version": {
            "description": "The version of microneedle-care that wrote the document.",
            "type": "string",
        },
        "approval_notice": {
            "description": (
                "Who at the clinic approved the content and when, or that no clinician"
                " there has yet, as the patient sees it."
            ),
            "type": "string",
        },
        **top["properties"],
    }
    return _schema("checklist", "microneedle-care checklist", top, defs)


def pack() -> dict[str, Any]:
    """Return the clinic pack JSON Schema."""
    defs: dict[str, Any] = dict(loading.schema()["$defs"])  # type: ignore[call-overload]
    for cls in (mc.WordingChange, mc.Approval, mc.SafetyOverride, mc.PackInfo):
        defs[cls.__name__] = _object(cls, defs)
    defs["WordingChange"]["properties"]["id"] = {"$ref": "#/$defs/Id"}
    defs["SafetyOverride"]["properties"]["id"] = {"$ref": "#/$defs/Id"}
    defs["SafetyOverride"]["properties"]["reason"]["minLength"] = 1
    defs["SafetyOverride"]["properties"]["reason"]["pattern"] = "\\S"
    defs["PackInfo"]["properties"]["hide"]["items"] = {"$ref": "#/$defs/Id"}
    return _schema("clinic-pack", "microneedle-care clinic pack", _object(mc.ClinicPack, defs), defs)


SCHEMAS = {"checklist.schema.json": checklist, "pack.schema.json": pack}


def text(name: str) -> str:
    """Return the schema file *name* as it should be written."""
    return json.dumps(SCHEMAS[name](), indent=2) + "\n"


if __name__ == "__main__":
    stale = [
        n for n in SCHEMAS if not (DATA / n).exists() or (DATA / n).read_text("utf-8") != text(n)
    ]
    if "--check" in sys.argv:
        print("\n".join(f"stale: {n}" for n in stale))
        sys.exit(1 if stale else 0)
    for name in SCHEMAS:
        (DATA / name).write_text(text(name), encoding="utf-8")

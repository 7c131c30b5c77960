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
    top = _object(mc.ClinicPack, defs)
    top["properties"] = {"$schema": _SCHEMA_KEY, **top["properties"]}
    return _schema("clinic-pack", "microneedle-care clinic pack", top, defs)


_SCHEMA_KEY = {
    "description": "The schema of this file, for editors that check it as you type; ignored.",
    "type": "string",
}
_TEXT = {"type": "string", "minLength": 1}


def _closed(properties: dict[str, Any], required: bool = True) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        **({"required": [k for k in properties if k != "$schema"]} if required else {}),
        "properties": properties,
    }


def messages() -> dict[str, Any]:
    """Return the JSON Schema of a message file (``data/messages/<locale>.json``)."""
    from microneedle_care import _i18n
    from microneedle_care.checklist import SectionKind

    keyed = {
        "sections": tuple(kind.value for kind in SectionKind),
        "urgencies": tuple(urgency.value for urgency in mc.Urgency),
    }
    sections: dict[str, Any] = {}
    for section, keys in _i18n._spec(keyed).items():
        props: dict[str, Any] = {}
        for key in keys:
            if (section, key) in _i18n._LISTS:
                count = _i18n._LISTS[section, key]
                sizes = {} if count is None else {"minItems": count, "maxItems": count}
                props[key] = {"type": "array", "items": _TEXT, **sizes}
            elif (section, key) in _i18n._NESTED:
                props[key] = _closed({name: _TEXT for name in _i18n._NESTED[section, key]})
            else:
                props[key] = {"type": "string"}
        sections[section] = _closed(props)
    top = _closed({"$schema": _SCHEMA_KEY, "locale": {"type": "string"}, **sections})
    return _schema("messages", "microneedle-care message file", top, {})


def translation() -> dict[str, Any]:
    """Return the JSON Schema of a content translation file (``data/content.<lang>.json``)."""
    from microneedle_care import translation as tr

    classes = {
        "causes": mc.Cause,
        "risk_factors": mc.RiskFactor,
        "aftercare_steps": mc.AftercareStep,
        "warning_signs": mc.WarningSign,
        "myths": mc.Myth,
        "treatments": mc.Treatment,
    }
    hex12 = {"type": "string", "pattern": f"^[0-9a-f]{{{tr.FINGERPRINT_LENGTH}}}$"}
    defs: dict[str, Any] = {"Fingerprint": hex12}
    props: dict[str, Any] = {
        "$schema": _SCHEMA_KEY,
        "locale": {"type": "string"},
        "content_version": {"type": "string"},
        "disclaimer": _TEXT,
        "$source": _closed({"disclaimer": {"$ref": "#/$defs/Fingerprint"}}),
    }
    for kind in tr.TRANSLATED_KINDS:
        fields = mc.patient_fields(classes[kind])
        name = classes[kind].__name__
        item = _closed({f: _TEXT for f in fields}, required=False)
        item["properties"] = {
            "$source": _closed({f: {"$ref": "#/$defs/Fingerprint"} for f in fields}, False),
            **item["properties"],
        }
        defs[name] = item
        props[kind] = {"type": "object", "additionalProperties": {"$ref": f"#/$defs/{name}"}}
    props["review"] = _closed(
        {
            "translated": _TEXT,
            "checked": {"type": "array", "items": _TEXT},
            "certified_medical_translator": {"type": "boolean"},
        }
    )
    patterns = {"type": "array", "items": _TEXT}
    props["phrasings"] = _closed(
        {
            "myths": {
                "type": "object",
                "additionalProperties": _closed({"phrasings": patterns}, False),
            },
            "aftercare_steps": {
                "type": "object",
                "additionalProperties": _closed({"contradicted_by": patterns}, False),
            },
        },
        False,
    )
    top = _closed(props)
    top["required"] = ["locale", "content_version", "disclaimer", *tr.TRANSLATED_KINDS]
    return _schema("translation", "microneedle-care content translation", top, defs)


SCHEMAS = {
    "checklist.schema.json": checklist,
    "pack.schema.json": pack,
    "messages.schema.json": messages,
    "translation.schema.json": translation,
}


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

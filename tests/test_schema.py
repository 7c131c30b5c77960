from __future__ import annotations

import json
import typing
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st

import microneedle_care as mc
from microneedle_care import loading

from .strategies import packaged_data as fresh_data

SCHEMA = loading.schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def test_schema_is_valid_draft_2020_12() -> None:
    """The shipped schema is itself a valid JSON Schema."""
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_packaged_content_matches_schema(packaged_data: dict[str, Any]) -> None:
    """The packaged content validates against the shipped schema."""
    errors = [f"{e.json_path}: {e.message}" for e in VALIDATOR.iter_errors(packaged_data)]
    assert errors == []


@pytest.mark.parametrize(
    "cls",
    [
        mc.ContentPack,
        mc.Cause,
        mc.RiskFactor,
        mc.AftercareStep,
        mc.WarningSign,
        mc.Myth,
        mc.Reference,
        mc.TimeWindow,
        mc.Deprecation,
        mc.Review,
        mc.Phrasing,
    ],
)
def test_schema_matches_the_model(cls: type) -> None:
    """Each class's fields are the schema's properties, and required means no default."""
    definition = SCHEMA if cls is mc.ContentPack else SCHEMA["$defs"][cls.__name__]
    fields = attrs.fields(cls)
    # A file may name its schema for editors ("$schema"); the loader ignores the key.
    names = [n for n in definition["properties"] if n != "$schema"]
    assert names == [f.name for f in fields]
    assert definition["required"] == [f.name for f in fields if f.default is attrs.NOTHING]
    assert definition["additionalProperties"] is False


@pytest.mark.parametrize(
    "enum",
    [
        mc.EvidenceLevel,
        mc.Likelihood,
        mc.Urgency,
        mc.CauseCategory,
        mc.StepKind,
        mc.StepScope,
        mc.SourceType,
        mc.Modifiability,
    ],
)
def test_schema_enums_match_the_model(enum: type) -> None:
    """Every enum in the schema lists exactly the model's values."""
    assert SCHEMA["$defs"][enum.__name__]["enum"] == [m.value for m in enum]  # type: ignore[attr-defined]


@given(st.data())
def test_schema_and_loader_agree_on_dropped_fields(data: st.DataObject) -> None:
    """Whatever the loader refuses for a missing field, the schema refuses too."""
    packaged_data = fresh_data()
    kind = data.draw(
        st.sampled_from(
            ["causes", "risk_factors", "aftercare_steps", "warning_signs", "myths", "references"]
        )
    )
    i = data.draw(st.integers(0, len(packaged_data[kind]) - 1))
    key = data.draw(st.sampled_from(sorted(packaged_data[kind][i])))
    corrupted = json.loads(json.dumps(packaged_data))
    del corrupted[kind][i][key]
    try:
        mc.parse(corrupted)
        loader_ok = True
    except mc.ContentError:
        loader_ok = False
    assert VALIDATOR.is_valid(corrupted) is loader_ok


def test_type_hints_resolve() -> None:
    """The public classes' annotations resolve, so type checkers and cattrs see real types."""
    for cls in (mc.ContentPack, mc.Cause, mc.TimeWindow):
        assert typing.get_type_hints(cls)

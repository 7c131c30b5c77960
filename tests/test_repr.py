"""The shared ``__repr__`` (``_repr.attrs_repr``) writes exactly what attrs would generate."""

from __future__ import annotations

import datetime
import sys
import threading
from typing import Any

import attrs
import pytest

import microneedle_care as mc
from microneedle_care import _repr
from microneedle_care.errors import Problem
from microneedle_care.model import Approval, ClinicPack, PackInfo, TimeWindow, WordingChange

_MODULES = (
    "microneedle_care.model",
    "microneedle_care.regions",
    "microneedle_care.errors",
    "microneedle_care._i18n",
    "microneedle_care.treatments",
    "microneedle_care.rendering._labels",
    "microneedle_care.checklist",  # its records live in _checklist_records
    "microneedle_care.catalog",
    "microneedle_care.rendering._layout",
)


def _classes() -> list[type]:
    found = []
    for name in _MODULES:
        __import__(name)
        module = sys.modules[name]
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type) and attrs.has(value) and value.__module__ == name
        ]
    return found


def test_every_class_of_those_modules_shares_it() -> None:
    """Each attrs class of the modules that use it has the shared repr, none a generated one."""
    classes = _classes()
    assert len(classes) >= 37
    assert all(cls.__repr__ is _repr.attrs_repr for cls in classes), [
        cls.__qualname__ for cls in classes if cls.__repr__ is not _repr.attrs_repr
    ]


def _attrs_own_repr(value: Any) -> str:
    """The repr attrs generates, from a twin class with the same fields and values."""
    cls = type(value)
    fields = attrs.fields(cls)
    twin = attrs.make_class(
        cls.__name__, {f.name: attrs.field(repr=f.repr) for f in fields}, frozen=True
    )
    twin_value = twin(**{f.alias: getattr(value, f.name) for f in fields})
    return repr(twin_value)


def _instances() -> list[Any]:
    """Every attrs object of the packaged content, and one of each other class in reach."""
    from microneedle_care import _i18n, regions, treatments
    from microneedle_care.model import KINDS, EvidenceLevel, SafetyOverride, WindowChange
    from microneedle_care.rendering import _labels, _layout

    catalog = mc.load()
    checklist = mc.build_checklist(
        treatment_date=datetime.date(2026, 11, 25),
        risk_factors=["cold-sore-history"],
        clinic=mc.ClinicContact(name="Lakeview", phone="905-555-0134", region="CA-ON"),
        overrides=[
            mc.StepOverride(
                step="wash-gently", window=TimeWindow(0, 48), set_by="Dr. A", reason="Ours."
            )
        ],
    )
    wording = WordingChange(id="wash-gently", action="Wash twice a day.")
    approval = Approval(
        name="Dr. A",
        credentials="MD",
        date=datetime.date(2026, 1, 2),
        content_digest="abc",
        content_version="3.0.0",
        item_digests={"x": "y"},
    )
    pack = PackInfo(
        name="Clinic",
        version="1",
        replace=(wording,),
        approval=approval,
        safety_overrides=(SafetyOverride(id="disclaimer", reason="ours"),),
    )
    todo: list[Any] = [
        catalog.pack,
        TimeWindow(0, None),
        ClinicPack(pack=pack),
        Problem(path="$.x", message="bad", source=None),
        _i18n.messages("fr-CA"),
        _labels.labels_for_locale("en"),
        treatments.plan_for(catalog, ()),
        regions.who_to_call("CA-ON"),
        *_layout.bands(checklist),
        checklist,
        catalog,
        *KINDS,
        *regions._entries().values(),
    ]
    todo.append(
        WindowChange(
            item="wash-gently",
            window=TimeWindow(0, 48),
            reason="Longer here.",
            evidence=EvidenceLevel.LOW,
            references=(),
        )
    )
    out: list[Any] = []
    while todo:
        value = todo.pop()
        if attrs.has(type(value)):
            out.append(value)
            todo.extend(getattr(value, f.name) for f in attrs.fields(type(value)))
        elif isinstance(value, (tuple, list)):
            todo.extend(value)
        elif isinstance(value, dict):
            todo.extend(value.values())
    return out


def test_it_writes_what_attrs_writes() -> None:
    """For every object in reach, the shared repr equals attrs' generated one."""
    instances = _instances()
    assert {type(i) for i in instances} >= set(_classes())
    for value in instances:
        assert repr(value) == _attrs_own_repr(value)


def test_doctest_repr() -> None:
    assert repr(TimeWindow.days(4, 7)) == "TimeWindow(start_hours=72, end_hours=168)"


@pytest.mark.parametrize("shown", [False, True])
def test_fields_left_out_and_a_repeat(shown: bool) -> None:
    """``repr=False`` fields are left out, a callable ``repr`` is used, and an object met
    inside its own repr is ``...`` (attrs' rules), in every thread."""

    @attrs.define
    class Node:
        __repr__ = _repr.attrs_repr

        name: str = attrs.field(repr=lambda v: v.upper())
        hidden: int = attrs.field(default=0, repr=False)
        child: Any = None

    node = Node("a")
    node.child = node if shown else Node("b")
    expected = (
        "Node(name=A, child=...)" if shown else "Node(name=A, child=Node(name=B, child=None))"
    )
    results: list[str] = []
    thread = threading.Thread(target=lambda: results.append(repr(node)))
    thread.start()
    thread.join()
    assert [repr(node), *results] == [expected, expected]

"""Fuzzing: 1,000 corruptions each of a content pack and of a clinic pack, read from files.

Every corruption must either be refused with a documented error (a
:class:`~microneedle_care.MicroneedleCareError`, in practice a ``ContentError``) or be
accepted as a valid pack that then builds and renders in every format. Anything else --
a ``RecursionError``, a bare ``ValueError``, a ``UnicodeEncodeError`` -- fails the test.
The outcomes are counted and printed in the terminal summary of the run.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import microneedle_care as mc
from microneedle_care import loading

from .strategies import FUZZ_COUNTS, packaged_data

Path = tuple[str | int, ...]

CLINIC_PACK: dict[str, Any] = {
    "pack": {
        "name": "Lakeview Skin Clinic",
        "version": "2026.11",
        "locale": "en",
        "replace": [{"id": "wash-gently", "action": "Wash with our Lakeview cleanser."}],
        "hide": ["no-hair-removal"],
        "disclaimer": "Lakeview's own words. Call us with any question.",
        "safety_overrides": [{"id": "disclaimer", "reason": "Our medical director wrote it."}],
    },
    "aftercare_steps": [
        {
            "id": "lakeview-cool-compress",
            "action": "Hold a cool, clean cloth on your skin for a few minutes.",
            "reason": "Cool cloths can ease heat and redness.",
            "kind": "do",
            "window": {"start_hours": 0, "end_hours": 24},
            "scope": "everyone",
            "addresses": ["expected-healing"],
            "clinician_notes": "Lakeview house protocol.",
            "evidence": "very-low",
            "references": ["aeterna-aesthetics-microneedling-care"],
        }
    ],
}

SENTINEL = "@@fuzz@@"

RAW_VALUES = [
    "[" * 100_000,
    "[" * 40 + "]" * 40,
    '{"a":' * 40 + "1" + "}" * 40,
    "9" * 4301,
    "-" + "1" * 5000,
    "1e999",
    "NaN",
    "-Infinity",
    '"\\ud800"',
    '"\\udfff tail"',
    '"a\\u001bb"',
    '"\\u0007"',
    '"x\\u0085y"',
    '"\\u2028"',
    '"\\u0000"',
    "tru",
    '"unterminated',
    "",
]

WRONG_VALUES: list[Any] = [
    None, True, False, 0, -1, 1.5, 10**30, -(10**30), 87_601, 2**63, "", " ", "x",
    "9999-12-31", "0001-01-01", "2026-02-30", "\ud800", "a\x1bb", "\x7f", "\u0085", "ok\nno",
    [], [1], ["x"], [None], {}, {"id": "x"}, {"start_hours": 10**9},
]  # fmt: skip


def _nodes(tree: object) -> list[Path]:
    """Every path in *tree*, the root included, in document order."""
    out: list[Path] = []
    stack: list[tuple[object, Path]] = [(tree, ())]
    while stack:
        value, path = stack.pop()
        out.append(path)
        if isinstance(value, dict):
            stack += [(v, (*path, k)) for k, v in reversed(value.items())]
        elif isinstance(value, list):
            stack += [(v, (*path, i)) for i, v in reversed(list(enumerate(value)))]
    return out


def _get(tree: Any, path: Path) -> Any:
    for step in path:
        tree = tree[step]
    return tree


def _set(tree: Any, path: Path, value: Any) -> Any:
    if not path:
        return value
    _get(tree, path[:-1])[path[-1]] = value
    return tree


class Corruption(tuple[str, bytes]):
    """A mutation's name and the file's bytes, shown briefly when a test fails."""

    def __repr__(self) -> str:
        kind, raw = self
        return f"Corruption({kind!r}, {len(raw)} bytes)"


def corruptions(base: dict[str, Any]) -> st.SearchStrategy[Corruption]:
    """A corruption of *base*: its name and the bytes of the file.

    *base* is decoded JSON, so each example starts from a copy made by decoding its JSON text,
    and the paths of *base* and of its non-empty objects are listed once, not once per
    example (``copy.deepcopy`` and listing the paths took half of each example's time).
    """
    text = json.dumps(base)
    paths = _nodes(base)
    objects = [p for p in paths if isinstance(_get(base, p), dict) and _get(base, p)]
    return _corruptions(text, paths, objects)


@st.composite
def _corruptions(
    draw: st.DrawFn, base: str, base_paths: list[Path], base_objects: list[Path]
) -> Corruption:
    """A corruption of the JSON text *base*, whose paths and objects are given."""
    tree = json.loads(base)
    path = draw(st.sampled_from(base_paths))
    kind = draw(
        st.sampled_from(
            [
                "drop",
                "wrong value",
                "raw value",
                "duplicate key",
                "extra key",
                "out of range",
                "text",
                "list",
                "bytes",
                "drop several",
            ]
        )
    )
    rounds = draw(st.integers(2, 4)) if kind == "drop several" else 1
    for n in range(rounds):
        if kind == "drop several":
            # The first round's tree is still *base*; later rounds see the earlier drops.
            path = draw(st.sampled_from(_nodes(tree) if n else base_paths))
        value = _get(tree, path) if path else tree
        if kind in ("drop", "drop several") and path:
            parent = _get(tree, path[:-1])
            del parent[path[-1]]
        elif kind == "wrong value":
            tree = _set(tree, path, copy.deepcopy(draw(st.sampled_from(WRONG_VALUES))))
        elif kind == "out of range" and isinstance(value, int) and not isinstance(value, bool):
            tree = _set(tree, path, draw(st.sampled_from([-1, 87_600, 87_601, 10**9, 10**100])))
        elif kind == "out of range" and isinstance(value, str):
            dates = ["1899-12-31", "2201-01-01", "2200-12-31"]
            tree = _set(tree, path, draw(st.sampled_from(dates)))
        elif kind == "text" and isinstance(value, str):
            unsafe = ["\x1b[31m", "\x07", "\ud800", "\x00", "\x9b", "\u2029", "\n"]
            bad = draw(st.sampled_from(unsafe))
            at = draw(st.integers(0, len(value)))
            tree = _set(tree, path, value[:at] + bad + value[at:])
        elif kind == "list" and isinstance(value, list) and value:
            if draw(st.booleans()):
                value.append(copy.deepcopy(value[draw(st.integers(0, len(value) - 1))]))
            else:
                value.pop(draw(st.integers(0, len(value) - 1)))
        elif kind == "extra key" and isinstance(value, dict):
            value[draw(st.sampled_from(["extra", "Id", "id ", "\ud800", "pack"]))] = "x"
        elif kind in ("raw value", "duplicate key", "bytes"):
            pass  # applied to the text below
        else:
            tree = _set(tree, path, copy.deepcopy(draw(st.sampled_from(WRONG_VALUES))))
    if kind == "raw value":
        tree = _set(tree, path, SENTINEL)
        text = json.dumps(tree).replace(json.dumps(SENTINEL), draw(st.sampled_from(RAW_VALUES)), 1)
        return Corruption((kind, text.encode("utf-8")))
    if kind == "duplicate key":
        # The tree is still *base* here: a duplicate key is applied to the text only.
        target = _get(tree, draw(st.sampled_from(base_objects)))
        key = draw(st.sampled_from(sorted(target)))
        target[SENTINEL] = 0
        repeat = f"{json.dumps(key)}: {json.dumps(draw(st.sampled_from(WRONG_VALUES[:12])))}"
        text = json.dumps(tree).replace(f"{json.dumps(SENTINEL)}: 0", repeat, 1)
        return Corruption((kind, text.encode("utf-8")))
    raw = json.dumps(tree).encode("utf-8")
    if kind == "bytes":
        at = draw(st.integers(0, len(raw)))
        how = draw(st.sampled_from(["truncate", "invalid utf-8", "bom", "utf-16", "nul"]))
        if how == "truncate":
            raw = raw[:at]
        elif how == "invalid utf-8":
            raw = raw[:at] + b"\xff\xc0" + raw[at:]
        elif how == "bom":
            raw = b"\xef\xbb\xbf" + raw
        elif how == "utf-16":
            raw = raw.decode("utf-8").encode("utf-16")
        else:
            raw = raw[:at] + b"\x00" + raw[at:]
    return Corruption((kind, raw))


@pytest.fixture(scope="module")
def scratch() -> Iterator[str]:
    """A directory for the corrupted files, shared by every example."""
    with tempfile.TemporaryDirectory() as directory:
        yield directory


def _render_everything(catalog: mc.Catalog) -> None:
    checklist = mc.build_checklist(
        catalog=catalog, risk_factors=[rf.id for rf in catalog.risk_factors]
    )
    for format in mc.FORMATS:
        mc.render(checklist, format).encode("utf-8")
    loading.dumps(catalog).encode("utf-8")


def _outcome(read: Callable[[str], mc.Catalog], directory: str, raw: bytes) -> str:
    path = os.path.join(directory, "pack.json")
    with open(path, "wb") as stream:
        stream.write(raw)
    try:
        catalog = read(path)
        _render_everything(catalog)
    except mc.MicroneedleCareError as exc:
        return f"refused: {type(exc).__name__}"
    except BaseException as exc:
        _COUNTS_OF_THE_RUN[f"undocumented: {type(exc).__name__}"] += 1
        raise
    return "accepted"


_COUNTS_OF_THE_RUN: Counter[str] = Counter()


@contextlib.contextmanager
def _counting(counts: Counter[str]) -> Iterator[None]:
    """Add the undocumented exceptions seen inside the block to *counts*."""
    _COUNTS_OF_THE_RUN.clear()
    try:
        yield
    finally:
        counts.update(_COUNTS_OF_THE_RUN)


FUZZ = settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)


@FUZZ
@given(corruption=corruptions(packaged_data()))
def test_corrupted_content_pack(scratch: str, corruption: tuple[str, bytes]) -> None:
    """A corrupted content pack file is refused with a documented error, or is valid."""
    kind, raw = corruption
    FUZZ_COUNTS["content pack"]["corruptions"] += 1
    with _counting(FUZZ_COUNTS["content pack"]):
        outcome = _outcome(loading.load_file, scratch, raw)
    FUZZ_COUNTS["content pack"][outcome] += 1
    FUZZ_COUNTS["content pack"][f"mutation: {kind}"] += 1


@FUZZ
@given(corruption=corruptions(CLINIC_PACK))
def test_corrupted_clinic_pack(scratch: str, corruption: tuple[str, bytes]) -> None:
    """A corrupted clinic pack file is refused with a documented error, or merges cleanly."""
    kind, raw = corruption
    FUZZ_COUNTS["clinic pack"]["corruptions"] += 1
    with _counting(FUZZ_COUNTS["clinic pack"]):
        outcome = _outcome(lambda path: mc.load(packs=[path]), scratch, raw)
    FUZZ_COUNTS["clinic pack"][outcome] += 1
    FUZZ_COUNTS["clinic pack"][f"mutation: {kind}"] += 1


def test_the_uncorrupted_packs_are_valid(scratch: str) -> None:
    """Both packs the fuzzer corrupts are valid, so what fails is the corruption."""
    content = json.dumps(packaged_data()).encode()
    assert _outcome(loading.load_file, scratch, content) == "accepted"
    clinic = json.dumps(CLINIC_PACK).encode()
    assert _outcome(lambda path: mc.load(packs=[path]), scratch, clinic) == "accepted"

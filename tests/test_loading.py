from __future__ import annotations

import datetime
import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import microneedle_care as mc
from microneedle_care import ContentError, loading
from microneedle_care._converter import converter

from .strategies import PACK_EXAMPLES, json_values, packs
from .strategies import packaged_data as fresh_data

KINDS = ["causes", "risk_factors", "aftercare_steps", "warning_signs", "myths", "references"]
RELATIONS = {
    "risk_factors": ["raises", "mitigated_by"],
    "aftercare_steps": ["addresses", "references"],
    "warning_signs": ["points_to", "references"],
    "myths": ["distorts", "references"],
    "causes": ["references"],
}


# Fields that may be null, with the type they have when they are not.
NULLABLE: dict[str, type] = {
    "onset": dict,
    "duration": dict,
    "year": int,
    "doi": str,
    "pmid": str,
    "url": str,
    "verified_at": str,
    "verified_on": str,
}


def problems_of(data: object) -> list[str]:
    with pytest.raises(ContentError) as info:
        mc.parse(data, source="test.json")
    assert info.value.source == "test.json"
    assert info.value.problems, "a ContentError must list at least one problem"
    return [str(p) for p in info.value.problems]


class TestParse:
    def test_packaged_data_parses(self, packaged_data: dict[str, Any]) -> None:
        """The packaged JSON parses into a catalog equal to the one load() returns."""
        assert mc.parse(packaged_data) == mc.load()

    def test_reports_every_shape_problem_with_paths(self, packaged_data: dict[str, Any]) -> None:
        """Missing fields, wrong types, unknown enum values and extra keys are all reported."""
        del packaged_data["causes"][0]["summary"]
        packaged_data["causes"][1]["name"] = 7
        packaged_data["causes"][1]["likelihood"] = "sometimes"
        packaged_data["warning_signs"][0]["urgencyy"] = "same-day"
        packaged_data["aftercare_steps"][0]["window"] = {"start_hours": 48, "end_hours": 24}
        problems = problems_of(packaged_data)
        assert "$.causes[0].summary: required field missing" in problems
        assert "$.causes[1].name: expected a string, got a number" in problems
        assert any(
            p.startswith("$.causes[1].likelihood: unknown value 'sometimes'") for p in problems
        )
        assert "$.warning_signs[0]: extra fields found (urgencyy)" in problems
        assert (
            "$.aftercare_steps[0].window: end_hours (24) must be greater than start_hours (48)"
            in problems
        )
        assert len(problems) == 5

    def test_reports_every_rule_problem_with_paths(self, packaged_data: dict[str, Any]) -> None:
        """Duplicate ids, dangling relations, wrong-kind relations and bad ids are all reported."""
        first = packaged_data["causes"][0]["id"]
        packaged_data["causes"][1]["id"] = first
        packaged_data["risk_factors"][0]["raises"].append("no-such-cause")
        packaged_data["myths"][0]["distorts"] = [packaged_data["references"][0]["id"]]
        packaged_data["warning_signs"][0]["id"] = "Not_Kebab"
        packaged_data["content_version"] = "1.0"
        packaged_data["aftercare_steps"][0]["references"] = []
        problems = problems_of(packaged_data)
        assert f"$.causes[1].id: duplicate id {first!r}, first used at $.causes[0]" in problems
        n = len(packaged_data["risk_factors"][0]["raises"]) - 1
        assert (
            f"$.risk_factors[0].raises[{n}]: 'no-such-cause' does not exist in causes" in problems
        )
        assert any(
            p.startswith("$.myths[0].distorts[0]:") and "expected an id from causes" in p
            for p in problems
        )
        assert any(
            p.startswith("$.warning_signs[0].id: 'Not_Kebab' is not a kebab-case id")
            for p in problems
        )
        assert "$.content_version: '1.0' is not a semantic version" in problems
        assert "$.aftercare_steps[0].references: must cite at least one reference" in problems

    @pytest.mark.parametrize("data", [[], "text", 3, None])
    def test_refuses_non_objects(self, data: object) -> None:
        """A document that is not a JSON object is one clear problem at $."""
        assert problems_of(data) == ["$: expected a JSON object at the top level"]

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("abc", "expected a list, got a string"),
            ({"a": 1}, "expected a list, got an object"),
            ([1], None),
        ],
    )
    def test_strings_and_lists_are_not_coerced(
        self, packaged_data: dict[str, Any], value: object, message: str | None
    ) -> None:
        """cattrs would turn 'abc' into ('a', 'b', 'c') or 1 into '1'; we refuse both."""
        packaged_data["causes"][0]["references"] = value
        problems = problems_of(packaged_data)
        if message:
            assert problems == [f"$.causes[0].references: {message}"]
        else:
            assert problems == ["$.causes[0].references[0]: expected a string, got a number"]


def _paths(data: dict[str, Any]) -> list[tuple[str, int, str]]:
    return [(kind, i, key) for kind in KINDS for i, item in enumerate(data[kind]) for key in item]


class TestCorruptions:
    """Any corruption of a valid pack is refused whole, with a path to the damage."""

    @given(st.data())
    def test_dropped_field(self, data: st.DataObject) -> None:
        """Dropping any field of any item gives 'required field missing' at its path."""
        packaged_data = fresh_data()
        kind, i, key = data.draw(st.sampled_from(_paths(packaged_data)))
        corrupted = json.loads(json.dumps(packaged_data))
        del corrupted[kind][i][key]
        optional = {"doi", "pmid", "url", "note", "verified_at", "verified_on"}
        if (
            (kind == "references" and key in optional)
            or key in ("phrasings", "contradicted_by")
            or (kind, key) in (("aftercare_steps", "short"), ("warning_signs", "short"))
            or (kind, key) in (("warning_signs", "question"), ("warning_signs", "asked_from_day"))
        ):
            mc.parse(corrupted)  # optional fields may be left out
            return
        assert f"$.{kind}[{i}].{key}: required field missing" in problems_of(corrupted)

    @given(st.data())
    def test_wrong_type(self, data: st.DataObject) -> None:
        """Replacing a field with a value of another JSON type is reported at that field."""
        packaged_data = fresh_data()
        kind, i, key = data.draw(st.sampled_from(_paths(packaged_data)))
        allowed: set[type] = {type(packaged_data[kind][i][key])}
        if key in NULLABLE:
            allowed |= {type(None), NULLABLE[key]}
        value = data.draw(json_values.filter(lambda v: type(v) not in allowed))
        corrupted = json.loads(json.dumps(packaged_data))
        corrupted[kind][i][key] = value
        prefix = f"$.{kind}[{i}].{key}"
        assert any(p.startswith(prefix) for p in problems_of(corrupted))

    @given(st.data())
    def test_duplicate_id(self, data: st.DataObject) -> None:
        """Giving an item the id of another item is reported at the later one."""
        packaged_data = fresh_data()
        items = [(kind, i) for kind in KINDS for i in range(len(packaged_data[kind]))]
        (k1, i1), (k2, i2) = sorted(
            data.draw(st.lists(st.sampled_from(items), min_size=2, max_size=2, unique=True)),
            key=items.index,
        )
        corrupted = json.loads(json.dumps(packaged_data))
        corrupted[k2][i2]["id"] = corrupted[k1][i1]["id"]
        assert any(p.startswith(f"$.{k2}[{i2}].id: duplicate id") for p in problems_of(corrupted))

    @given(st.data())
    def test_dangling_relation(self, data: st.DataObject) -> None:
        """A relation to an id that exists nowhere is reported with its index."""
        packaged_data = fresh_data()
        kind = data.draw(st.sampled_from(sorted(RELATIONS)))
        if not packaged_data[kind]:
            return
        i = data.draw(st.integers(0, len(packaged_data[kind]) - 1))
        field = data.draw(st.sampled_from(RELATIONS[kind]))
        corrupted = json.loads(json.dumps(packaged_data))
        corrupted[kind][i][field].append("zz-missing")
        n = len(corrupted[kind][i][field]) - 1
        assert any(
            p.startswith(f"$.{kind}[{i}].{field}[{n}]: 'zz-missing' does not exist")
            for p in problems_of(corrupted)
        )


class TestRoundTrip:
    @settings(max_examples=PACK_EXAMPLES)
    @given(packs())
    def test_unstructure_structure(self, pack: mc.ContentPack) -> None:
        """unstructure -> JSON -> parse gives back an equal pack."""
        data = json.loads(json.dumps(converter.unstructure(pack)))
        assert mc.parse(data).pack == pack

    @settings(max_examples=PACK_EXAMPLES)
    @given(packs())
    def test_digest_ignores_formatting(self, pack: mc.ContentPack) -> None:
        """The digest depends on the content, not on key order or whitespace."""
        data = converter.unstructure(pack)
        compact = json.loads(json.dumps(data, sort_keys=True))
        pretty = json.loads(json.dumps(dict(reversed(list(data.items()))), indent=4))
        assert mc.parse(compact).content_digest == mc.parse(pretty).content_digest


class TestLoadFile:
    def test_loads_a_valid_file(self, tmp_path: Path, packaged_data: dict[str, Any]) -> None:
        """load_file reads a pack with the same checks as load()."""
        path = tmp_path / "pack.json"
        path.write_text(json.dumps(packaged_data), encoding="utf-8")
        assert mc.load_file(path) == mc.load()
        assert mc.load_file(str(path)) is not mc.load()

    @pytest.mark.parametrize(
        ("content", "message"),
        [
            (
                b"{not json",
                "$: not valid JSON: Expecting property name enclosed in double quotes"
                " at line 1 column 2",
            ),
            (b"\xff\xfe", "$: not UTF-8 text (byte 0)"),
        ],
    )
    def test_bad_files(self, tmp_path: Path, content: bytes, message: str) -> None:
        """Undecodable files give one problem naming the file."""
        path = tmp_path / "bad.json"
        path.write_bytes(content)
        with pytest.raises(ContentError) as info:
            mc.load_file(path)
        assert info.value.source == str(path)
        assert [str(p) for p in info.value.problems] == [message]

    def test_missing_file(self, tmp_path: Path) -> None:
        """A file that cannot be read is a ContentError, not an OSError."""
        with pytest.raises(ContentError, match="cannot read the file: No such file or directory"):
            mc.load_file(tmp_path / "missing.json")


class TestLoad:
    def test_same_object(self) -> None:
        """load() returns the same catalog each time."""
        assert mc.load() is mc.load()

    @pytest.mark.usefixtures("fresh_loader")
    def test_sixteen_threads_get_one_object(self) -> None:
        """Racing first calls from 16 threads all get one and the same catalog."""
        barrier = threading.Barrier(16)
        results: list[mc.Catalog] = []

        def worker() -> None:
            barrier.wait()
            results.append(mc.load())

        threads = [threading.Thread(target=worker) for _ in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(results) == 16
        assert len({id(r) for r in results}) == 1

    @pytest.mark.usefixtures("fresh_loader")
    def test_clear_cache_reloads(self) -> None:
        """After clear_cache() the next load() builds a new, equal catalog."""
        first = mc.load()
        loading.clear_cache()
        second = mc.load()
        assert second is not first
        assert second == first
        assert second.content_digest == first.content_digest

    def test_import_parses_nothing(self) -> None:
        """Importing the package reads no content; the first load() does."""
        code = (
            "import microneedle_care, microneedle_care.loading as l;"
            "print(l._load_packaged.cache_info().currsize);"
            "microneedle_care.load();"
            "print(l._load_packaged.cache_info().currsize)"
        )
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert out.stdout.split() == ["0", "1"]

    def test_digest_is_stable_across_processes(self) -> None:
        """Another process (with another hash seed) computes the same digest."""
        code = "import microneedle_care; print(microneedle_care.load().content_digest)"
        env = {"PYTHONHASHSEED": "12345"}
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, **env},
        )
        assert out.stdout.strip() == mc.load().content_digest
        assert len(mc.load().content_digest) == 64


def test_schema_is_shipped() -> None:
    """schema() returns the packaged JSON Schema."""
    assert loading.schema()["title"] == "microneedle-care content pack"


class TestDeprecations:
    def test_valid_deprecation_loads(self, packaged_data: dict[str, Any]) -> None:
        """A retired id pointing at a live replacement is accepted and exposed."""
        live = packaged_data["causes"][0]["id"]
        packaged_data["deprecated"] = [
            {"id": "old-name", "replaced_by": [live], "since": "1.1.0", "reason": "renamed"}
        ]
        catalog = mc.parse(packaged_data)
        assert catalog.deprecated == (
            mc.Deprecation(id="old-name", replaced_by=(live,), since="1.1.0", reason="renamed"),
        )
        assert "old-name" not in catalog

    def test_bad_deprecations_are_reported(self, packaged_data: dict[str, Any]) -> None:
        """A retired id still in use, retired twice, or replaced by nothing real is refused."""
        live = packaged_data["causes"][0]["id"]
        packaged_data["deprecated"] = [
            {"id": live, "replaced_by": [], "since": "1.1.0", "reason": ""},
            {"id": "gone", "replaced_by": ["nowhere"], "since": "1.1", "reason": ""},
            {"id": "gone", "replaced_by": [], "since": "1.2.0", "reason": ""},
        ]
        problems = problems_of(packaged_data)
        assert problems == [
            f"$.deprecated[0].id: {live!r} is retired but still used by a live item",
            "$.deprecated[1].since: '1.1' is not a semantic version",
            "$.deprecated[1].replaced_by[0]: 'nowhere' is not the id of a live item",
            "$.deprecated[2].id: 'gone' is retired twice",
        ]


class TestReview:
    def test_packaged_content_has_an_honest_review_record(self) -> None:
        """The review record says what was checked, by whom, and that no clinician did."""
        review = mc.load().review
        assert review is not None
        assert review.next_review > mc.load().reviewed
        assert review.reviewed_against
        assert review.clinician_reviewed is False
        assert "No licensed clinician has reviewed" in review.reviewers
        assert review.funding
        assert review.conflicts_of_interest

    def test_warns_when_due_for_review(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Past the next review date load() warns, names the date, and still loads."""
        due = mc.load().next_review
        assert due is not None
        monkeypatch.setattr(loading, "_today", lambda: due + datetime.timedelta(days=1))
        with pytest.warns(mc.ContentDueForReviewWarning, match=due.isoformat()) as caught:
            catalog = mc.load()
        assert catalog.content_version
        assert caught[0].filename == __file__  # blamed on the caller, not on the library

    def test_no_warning_on_the_due_date(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """On the due date itself the content is not yet due (filterwarnings=error proves it)."""
        due = mc.load().next_review
        assert due is not None
        monkeypatch.setattr(loading, "_today", lambda: due)
        assert not mc.load().is_due_for_review(due)
        mc.load()
        assert mc.load().is_due_for_review(due + datetime.timedelta(days=1))

    def test_a_pack_without_review_is_never_due(self, packaged_data: dict[str, Any]) -> None:
        """Content packs without a review record (older releases) load and are never due."""
        del packaged_data["review"]
        catalog = loading.parse(packaged_data)
        assert catalog.review is None
        assert catalog.next_review is None
        assert not catalog.is_due_for_review(datetime.date(9999, 1, 1))

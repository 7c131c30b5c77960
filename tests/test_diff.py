"""Upgrade diffs between content releases, and lookups of retired ids."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import microneedle_care as mc
from microneedle_care.diff import FieldChange
from microneedle_care.loading import dumps

from .strategies import packaged_data


def next_release() -> dict[str, Any]:
    """A made-up 3.1.0: one step reworded, one renamed (retired), one myth removed."""
    data = packaged_data()
    data["content_version"] = "3.1.0"
    steps = data["aftercare_steps"]
    wash = next(s for s in steps if s["id"] == "wash-gently")
    wash["action"] = "Wash gently with lukewarm water."
    gym = next(s for s in steps if s["id"] == "no-gym-first-day")
    gym["id"] = "no-workout-first-day"
    data["myths"] = [m for m in data["myths"] if m["id"] != "shrinks-oil-glands"]
    data["deprecated"] = [
        {
            "id": "no-gym-first-day",
            "replaced_by": ["no-workout-first-day"],
            "since": "3.1.0",
            "reason": "renamed",
        }
    ]
    return data


NEW = mc.parse(next_release())


class TestDiff:
    def test_same_content_is_empty(self, catalog_en: mc.Catalog) -> None:
        """A catalog compared with itself has no differences."""
        diff = catalog_en.diff(catalog_en)
        assert diff.is_empty
        assert (diff.old_version, diff.new_version) == ("3.0.0", "3.0.0")

    def test_lists_each_kind_of_change(self, catalog_en: mc.Catalog) -> None:
        """Added, removed, deprecated and changed ids are each listed, changed with fields."""
        diff = catalog_en.diff(NEW)
        assert diff.added == ("no-workout-first-day",)
        assert diff.removed == ("shrinks-oil-glands",)
        assert diff.deprecated == (("no-gym-first-day", ("no-workout-first-day",)),)
        assert [(c.id, c.kind, c.fields) for c in diff.changed] == [
            ("wash-gently", "aftercare_steps", ("action",))
        ]
        assert not diff.disclaimer_changed
        wash = catalog_en.aftercare_step("wash-gently").action
        assert diff.format().splitlines() == [
            "content 3.0.0 -> 3.1.0",
            f"digest {catalog_en.content_digest} -> {NEW.content_digest}",
            "added (1): no-workout-first-day",
            "removed (1): shrinks-oil-glands",
            "deprecated (1)",
            "  no-gym-first-day -> no-workout-first-day",
            "changed (1)",
            "  wash-gently (aftercare_steps): action",
            "    action:",
            f"      - {wash}",
            "      + Wash gently with lukewarm water.",
            "patients see a difference: yes",
        ]
        (change,) = diff.changed
        assert change.changes == (
            FieldChange(
                field="action", old=wash, new="Wash gently with lukewarm water.", audience="patient"
            ),
        )
        assert diff.patient_visible

    def test_translation_changes_only_patient_fields(self, catalog_en: mc.Catalog) -> None:
        """English to French changes patient-facing fields and nothing else."""
        diff = catalog_en.diff(mc.load(locale="fr"))
        assert not diff.added
        assert not diff.removed
        # ... and the checker's phrasings: French adds its own (content.fr.json).
        phrasings = {"phrasings", "contradicted_by"}
        for change in diff.changed:
            fields = set(mc.patient_fields(type(catalog_en[change.id])))
            assert set(change.fields) <= fields | phrasings


class TestRetiredIds:
    def test_lookup_warns_and_returns_replacement(self) -> None:
        """A retired id with one replacement warns and returns the replacement."""
        with pytest.warns(
            DeprecationWarning, match="'no-gym-first-day' was retired in content 3.1.0"
        ):
            step = NEW.aftercare_step("no-gym-first-day")
        assert step.id == "no-workout-first-day"
        with pytest.warns(DeprecationWarning, match="retired"):
            assert NEW["no-gym-first-day"] is step
        with pytest.warns(DeprecationWarning, match="retired"):
            assert NEW.get("no-gym-first-day") is step

    def test_the_warning_has_its_own_class(self) -> None:
        """Callers can filter exactly these (review 3.4): a RetiredIdWarning."""
        with pytest.warns(mc.RetiredIdWarning, match="retired"):
            NEW.aftercare_step("no-gym-first-day")

    def test_retired_id_is_not_a_member(self) -> None:
        """`in` answers for live items only."""
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            assert "no-gym-first-day" not in NEW

    def test_wrong_kind_still_raises(self) -> None:
        """A retired step id looked up as a cause is still unknown."""
        with pytest.warns(DeprecationWarning, match="retired"), pytest.raises(mc.UnknownIdError):
            NEW.cause("no-gym-first-day")


class TestCommand:
    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        script = Path(sys.executable).with_name("microneedle-care")
        return subprocess.run([str(script), *args], capture_output=True, text=True)

    def test_export_then_diff(self, catalog_en: mc.Catalog, tmp_path: Path) -> None:
        """`export` writes the installed content; `diff` against a newer pack lists the changes."""
        old = tmp_path / "3.0.0.json"
        result = self._run("export", "-o", str(old))
        assert result.returncode == 0, result.stderr
        assert mc.load_file(old) == catalog_en
        new = tmp_path / "3.1.0.json"
        new.write_text(json.dumps(next_release()), encoding="utf-8")
        result = self._run("diff", str(old), str(new))
        assert result.returncode == 1, result.stderr
        assert result.stdout == catalog_en.diff(NEW).format() + "\n"

    def test_diff_against_installed(self, catalog_en: mc.Catalog, tmp_path: Path) -> None:
        """With one argument, `diff` compares with the installed content."""
        old = tmp_path / "old.json"
        old.write_text(dumps(catalog_en), encoding="utf-8")
        result = self._run("diff", str(old))
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[1:] == [
            f"digest {catalog_en.content_digest} -> {catalog_en.content_digest}",
            "added (0)",
            "removed (0)",
            "deprecated (0)",
            "changed (0)",
            "patients see a difference: no",
        ]

    def test_diff_missing_file(self, tmp_path: Path) -> None:
        """A missing file is bad input: one line, exit 2."""
        result = self._run("diff", str(tmp_path / "nope.json"))
        assert result.returncode == 2
        assert result.stderr == (
            f"microneedle-care: error: {tmp_path / 'nope.json'}: $: cannot read the file:"
            " No such file or directory\n"
        )


def _variant(change: Callable[[dict[str, Any]], None]) -> mc.Catalog:
    data = packaged_data()
    change(data)
    return mc.parse(data)


def _set(kind: str, item_id: str, field: str, value: object) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        next(i for i in data[kind] if i["id"] == item_id)[field] = value

    return change


class TestPatientVisible:
    @pytest.mark.parametrize(
        ("change", "visible"),
        [
            (_set("aftercare_steps", "wash-gently", "action", "Wash with care."), True),
            (_set("aftercare_steps", "wash-gently", "window", {"start_hours": 0}), True),
            (_set("warning_signs", "signs-of-infection", "urgency", "next-visit"), True),
            (_set("causes", "acne-flare", "mechanism", "Reworded for clinicians."), False),
            (_set("aftercare_steps", "wash-gently", "clinician_notes", "New note."), False),
            (lambda data: data.update(disclaimer="A new disclaimer."), True),
            (lambda data: data.update(content_version="1.0.1", reviewed="2027-01-01"), False),
        ],
    )
    def test_what_patients_see(
        self, catalog_en: mc.Catalog, change: Callable[[dict[str, Any]], None], visible: bool
    ) -> None:
        """Patient wording, windows, urgency and the disclaimer count; clinician text does not."""
        diff = catalog_en.diff(_variant(change))
        assert diff.patient_visible is visible

    def test_new_reference_is_not_visible(self, catalog_en: mc.Catalog) -> None:
        """Adding a citation only changes nothing a patient sees."""

        def add(data: dict[str, Any]) -> None:
            ref = dict(data["references"][0], id="new-ref-2027")
            data["references"].append(ref)

        diff = catalog_en.diff(_variant(add))
        assert diff.added == ("new-ref-2027",)
        assert not diff.patient_visible

    @given(
        st.sampled_from(sorted(mc.patient_fields(mc.AftercareStep))),
        st.text(st.characters(categories=("L", "N", "P")), min_size=1),
    )
    def test_any_patient_wording_change_is_visible(
        self, catalog_en: mc.Catalog, field: str, suffix: str
    ) -> None:
        """Any change to a patient-facing field is reported with its old and new wording."""
        old = catalog_en.aftercare_step("wash-gently")
        new_text = getattr(old, field) + " " + suffix.strip() + "."
        variant = _variant(_set("aftercare_steps", "wash-gently", field, new_text))
        diff = catalog_en.diff(variant)
        assert diff.patient_visible
        (change,) = diff.changed
        assert [(c.field, c.old, c.new) for c in change.changes] == [
            (field, getattr(old, field), new_text)
        ]

    def test_json(self, catalog_en: mc.Catalog) -> None:
        """to_json() has both digests and versions and each field's old and new value."""
        data = json.loads(catalog_en.diff(NEW).to_json())
        assert data["format"] == "microneedle-care/diff"
        assert data["old"] == {
            "content_version": "3.0.0",
            "content_digest": catalog_en.content_digest,
        }
        assert data["new"] == {"content_version": "3.1.0", "content_digest": NEW.content_digest}
        assert data["patient_visible"] is True
        assert data["changed"][0]["fields"][0]["new"] == "Wash gently with lukewarm water."
        assert data["deprecated"] == [
            {"id": "no-gym-first-day", "replaced_by": ["no-workout-first-day"]}
        ]


class TestGate:
    def test_exit_codes_and_json(
        self, catalog_en: mc.Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`diff` exits 1 on a patient-visible change, 0 otherwise; --format json says why."""
        from microneedle_care.cli import main

        old = tmp_path / "old.json"
        old.write_text(dumps(catalog_en), encoding="utf-8")
        new = tmp_path / "new.json"
        new.write_text(json.dumps(next_release()), encoding="utf-8")
        quiet = tmp_path / "quiet.json"
        quiet.write_text(
            dumps(_variant(_set("causes", "acne-flare", "mechanism", "Reworded."))),
            encoding="utf-8",
        )
        assert main(["diff", str(old), str(old)]) == 0
        assert main(["diff", str(old), str(quiet)]) == 0
        capsys.readouterr()
        assert main(["diff", "--format", "json", str(old), str(new)]) == 1
        data = json.loads(capsys.readouterr().out)
        assert (data["old"]["content_digest"], data["new"]["content_digest"]) == (
            catalog_en.content_digest,
            NEW.content_digest,
        )

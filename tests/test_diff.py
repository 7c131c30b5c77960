"""Upgrade diffs between content releases, and lookups of retired ids."""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

import microneedle_care as mc
from microneedle_care.loading import dumps

from .strategies import packaged_data

BASE = mc.load()


def next_release() -> dict[str, Any]:
    """A made-up 2.1.0: one step reworded, one renamed (retired), one myth removed."""
    data = packaged_data()
    data["content_version"] = "2.1.0"
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
            "since": "2.1.0",
            "reason": "renamed",
        }
    ]
    return data


NEW = mc.parse(next_release())


class TestDiff:
    def test_same_content_is_empty(self) -> None:
        """A catalog compared with itself has no differences."""
        diff = BASE.diff(BASE)
        assert diff.is_empty
        assert (diff.old_version, diff.new_version) == ("2.0.0", "2.0.0")

    def test_lists_each_kind_of_change(self) -> None:
        """Added, removed, deprecated and changed ids are each listed, changed with fields."""
        diff = BASE.diff(NEW)
        assert diff.added == ("no-workout-first-day",)
        assert diff.removed == ("shrinks-oil-glands",)
        assert diff.deprecated == (("no-gym-first-day", ("no-workout-first-day",)),)
        assert [(c.id, c.kind, c.fields) for c in diff.changed] == [
            ("wash-gently", "aftercare_steps", ("action",))
        ]
        assert not diff.disclaimer_changed
        assert diff.format().splitlines() == [
            "content 2.0.0 -> 2.1.0",
            "added (1): no-workout-first-day",
            "removed (1): shrinks-oil-glands",
            "deprecated (1)",
            "  no-gym-first-day -> no-workout-first-day",
            "changed (1)",
            "  wash-gently (aftercare_steps): action",
        ]

    def test_translation_changes_only_patient_fields(self) -> None:
        """English to French changes patient-facing fields and nothing else."""
        diff = BASE.diff(mc.load(locale="fr"))
        assert not diff.added
        assert not diff.removed
        for change in diff.changed:
            assert set(change.fields) <= set(mc.patient_fields(type(BASE[change.id])))


class TestRetiredIds:
    def test_lookup_warns_and_returns_replacement(self) -> None:
        """A retired id with one replacement warns and returns the replacement."""
        with pytest.warns(
            DeprecationWarning, match="'no-gym-first-day' was retired in content 2.1.0"
        ):
            step = NEW.aftercare_step("no-gym-first-day")
        assert step.id == "no-workout-first-day"
        with pytest.warns(DeprecationWarning, match="retired"):
            assert NEW["no-gym-first-day"] is step
        with pytest.warns(DeprecationWarning, match="retired"):
            assert NEW.get("no-gym-first-day") is step

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

    def test_export_then_diff(self, tmp_path: Path) -> None:
        """`export` writes the installed content; `diff` against a newer pack lists the changes."""
        old = tmp_path / "2.0.0.json"
        result = self._run("export", "-o", str(old))
        assert result.returncode == 0, result.stderr
        assert mc.load_file(old) == BASE
        new = tmp_path / "2.1.0.json"
        new.write_text(json.dumps(next_release()), encoding="utf-8")
        result = self._run("diff", str(old), str(new))
        assert result.returncode == 0, result.stderr
        assert result.stdout == BASE.diff(NEW).format() + "\n"

    def test_diff_against_installed(self, tmp_path: Path) -> None:
        """With one argument, `diff` compares with the installed content."""
        old = tmp_path / "old.json"
        old.write_text(dumps(BASE), encoding="utf-8")
        result = self._run("diff", str(old))
        assert result.stdout.splitlines()[1:] == [
            "added (0)",
            "removed (0)",
            "deprecated (0)",
            "changed (0)",
        ]

    def test_diff_missing_file(self, tmp_path: Path) -> None:
        """A missing file is bad input: one line, exit 2."""
        result = self._run("diff", str(tmp_path / "nope.json"))
        assert result.returncode == 2
        assert result.stderr == (
            f"microneedle-care: error: {tmp_path / 'nope.json'}: $: cannot read the file:"
            " No such file or directory\n"
        )

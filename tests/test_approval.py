"""Clinic sign-off: an approval bound to the exact content, refused after any change."""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import microneedle_care as mc
from microneedle_care import ContentError, approval
from microneedle_care.cli import main

from . import strategies

BASE = mc.load()
DAY = datetime.date(2027, 1, 4)
REWORDABLE = [
    (step.id, "action") for step in BASE.aftercare_steps[:10]
] + [(cause.id, "summary") for cause in BASE.causes[:5]]


def pack(**info: Any) -> dict[str, Any]:
    return {"pack": {"name": "Lakeview Skin Clinic", "version": "2027.1", **info}}


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def approved_pack(path: Path, data: dict[str, Any], locale: str = "en") -> Path:
    """Write *data* as a pack, then record an approval of exactly what it gives."""
    write(path, data)
    catalog = mc.load(locale=locale, packs=[path])
    record = mc.approve(catalog, name="Dr. Ana Diaz", credentials="MD, FRCPC", date=DAY)
    data = json.loads(path.read_text("utf-8"))
    data["pack"]["approval"] = approval.as_json(record)
    return write(path, data)


class TestApprove:
    def test_binds_digest_version_and_items(self) -> None:
        """The record holds the catalog's digest, version and a digest per item."""
        record = mc.approve(BASE, name="Dr. A", credentials="MD", date=DAY)
        assert record.content_digest == BASE.content_digest
        assert record.content_version == BASE.content_version
        assert set(record.item_digests) >= set(BASE.ids())
        assert {"$content_version", "$disclaimer"} <= set(record.item_digests)

    @pytest.mark.parametrize(
        ("kwargs", "error"),
        [
            ({"name": ""}, ValueError),
            ({"name": "Dr. A\nB"}, ValueError),
            ({"credentials": "  "}, ValueError),
            ({"date": datetime.datetime(2027, 1, 4, 9, 0)}, TypeError),
            ({"date": "2027-01-04"}, TypeError),
        ],
    )
    def test_refuses_bad_fields(self, kwargs: dict[str, Any], error: type[Exception]) -> None:
        """Empty or multi-line names and non-dates are refused with a clear error."""
        args: dict[str, Any] = {"name": "Dr. A", "credentials": "MD", "date": DAY, **kwargs}
        with pytest.raises(error, match=r"name|credentials|date"):
            mc.approve(BASE, **args)

    def test_parse_approver(self) -> None:
        """'Name, credentials' splits at the first comma; both parts are required."""
        assert approval.parse_approver(" Dr.  Ana Diaz ,MD, FRCPC") == ("Dr. Ana Diaz", "MD, FRCPC")
        for bad in ("Dr. Ana Diaz", ", MD", "Dr. Ana Diaz,  "):
            with pytest.raises(ValueError, match="Name, credentials"):
                approval.parse_approver(bad)


class TestRequireApproval:
    def test_approved_pack_loads_and_is_shown(self, tmp_path: Path) -> None:
        """An approved pack loads with require_approval, and checklists name the approver."""
        path = approved_pack(tmp_path / "lakeview.json", pack())
        catalog = mc.load(packs=[path], require_approval=True)
        assert catalog.approval is not None
        assert catalog.approval.name == "Dr. Ana Diaz"
        checklist = mc.build_checklist(catalog)
        assert checklist.approval == catalog.approval
        for fmt in ("text", "markdown", "html"):
            text = " ".join(mc.render(checklist, fmt).split())
            assert "Approved for this clinic by Dr. Ana Diaz, MD, FRCPC" in text, fmt
        french = approved_pack(tmp_path / "fr.json", pack(locale="fr"), locale="fr")
        page = mc.render(mc.build_checklist(mc.load(locale="fr", packs=[french])), "text")
        assert "Approuvé pour cette clinique par Dr. Ana Diaz, MD, FRCPC, le" in " ".join(
            page.split()
        )

    def test_no_approval_is_refused(self, tmp_path: Path) -> None:
        """Without any approval, require_approval refuses the content and says what to do."""
        path = write(tmp_path / "lakeview.json", pack())
        with pytest.raises(ContentError, match="no clinic pack carries an approval"):
            mc.load(packs=[path], require_approval=True)
        with pytest.raises(ContentError, match="microneedle-care approve"):
            mc.load(require_approval=True)
        assert mc.load(packs=[path]).approval is None

    def test_edit_after_approval_is_refused_naming_ids(self, tmp_path: Path) -> None:
        """Rewording an item after the approval is refused; the error names the item."""
        path = approved_pack(tmp_path / "lakeview.json", pack())
        data = json.loads(path.read_text("utf-8"))
        data["pack"]["replace"] = [{"id": "wash-gently", "action": "Wash with cool water."}]
        write(path, data)
        with pytest.raises(ContentError) as caught:
            mc.load(packs=[path], require_approval=True)
        (problem,) = caught.value.problems
        assert "changed: wash-gently" in problem.message
        assert "Dr. Ana Diaz approved on 2027-01-04" in problem.message
        assert "Lakeview Skin Clinic" in caught.value.source
        # Without the requirement it still loads, but claims no approval.
        assert mc.load(packs=[path]).approval is None

    def test_content_upgrade_is_refused_naming_ids(self, tmp_path: Path) -> None:
        """An approval of an older release names the ids and the version that changed."""
        path = approved_pack(tmp_path / "lakeview.json", pack())
        data = json.loads(path.read_text("utf-8"))
        record = data["pack"]["approval"]
        # What an approval of a previous release looks like: other digests, an old
        # version, an item that has since been added and one that has since gone.
        record["content_digest"] = "0" * 64
        record["content_version"] = "0.9.0"
        record["item_digests"]["acne-flare"] = "f" * 16
        record["item_digests"]["$content_version"] = "e" * 16
        del record["item_digests"]["milia"]
        record["item_digests"]["old-retired-step"] = "d" * 16
        write(path, data)
        with pytest.raises(ContentError) as caught:
            mc.load(packs=[path], require_approval=True)
        message = caught.value.problems[0].message
        assert "changed: acne-flare" in message
        assert "added: milia" in message
        assert "removed: old-retired-step" in message
        assert f"content version 0.9.0 -> {BASE.content_version}" in message

    def test_hiding_or_adding_after_approval_is_refused(self, tmp_path: Path) -> None:
        """Hiding an item after the approval changes the digest and names the item."""
        path = approved_pack(tmp_path / "lakeview.json", pack())
        data = json.loads(path.read_text("utf-8"))
        myth = BASE.myths[-1].id  # nothing points at a myth, so it can be hidden
        data["pack"]["hide"] = [myth]
        write(path, data)
        with pytest.raises(ContentError, match=f"removed: {myth}"):
            mc.load(packs=[path], require_approval=True)

    @settings(max_examples=25)
    @given(target=st.sampled_from(REWORDABLE), words=strategies.text)
    def test_any_rewording_is_refused(
        self, tmp_path_factory: pytest.TempPathFactory, target: tuple[str, str], words: str
    ) -> None:
        """Law: any rewording made after the approval is refused, naming that id."""
        item_id, field = target
        if not words.strip() or words == getattr(BASE[item_id], field):
            return
        path = approved_pack(tmp_path_factory.mktemp("pack") / "p.json", pack())
        data = json.loads(path.read_text("utf-8"))
        data["pack"]["replace"] = [{"id": item_id, field: words}]
        write(path, data)
        with pytest.raises(ContentError, match=f"changed: {re.escape(item_id)}"):
            mc.load(packs=[path], require_approval=True)

    def test_approval_does_not_change_the_digest(self, tmp_path: Path) -> None:
        """Recording the approval in the pack leaves the content digest as approved."""
        plain = write(tmp_path / "plain.json", pack())
        signed = approved_pack(tmp_path / "signed.json", pack())
        assert mc.load(packs=[plain]).content_digest == mc.load(packs=[signed]).content_digest

    def test_approval_round_trips_through_the_pack_schema(self, tmp_path: Path) -> None:
        """The approval written into a pack is valid against the shipped pack schema."""
        jsonschema = pytest.importorskip("jsonschema")
        path = approved_pack(tmp_path / "lakeview.json", pack())
        jsonschema.validate(json.loads(path.read_text("utf-8")), mc.loading.schema("pack"))
        loaded = mc.load_pack(path).pack.approval
        assert loaded is not None
        assert attrs.asdict(loaded)["item_digests"] == mc.load(packs=[path]).item_digests()


class TestCommand:
    def test_approve_then_require(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """'approve' records the approval; '--require-approval' accepts it, then refuses edits."""
        path = write(tmp_path / "lakeview.json", pack(hide=[]))
        code = main(["approve", str(path), "--by", "Dr. Ana Diaz, MD", "--date", "2027-01-04"])
        out = capsys.readouterr().out
        assert code == 0
        assert "approved by Dr. Ana Diaz, MD on 2027-01-04" in out
        data = json.loads(path.read_text("utf-8"))
        assert data["pack"]["name"] == "Lakeview Skin Clinic"
        assert data["pack"]["approval"]["credentials"] == "MD"
        assert not [p for p in tmp_path.iterdir() if p.name != "lakeview.json"]  # no temp left

        argv = ["checklist", "--pack", str(path), "--require-approval"]
        assert main(argv) == 0
        assert "Approved for this clinic by Dr. Ana Diaz, MD" in " ".join(
            capsys.readouterr().out.split()
        )

        data["pack"]["disclaimer"] = "Our own words."
        data["pack"]["safety_overrides"] = [{"id": "disclaimer", "reason": "House style."}]
        write(path, data)
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert "also changed: disclaimer" in err

    @pytest.mark.parametrize("by", ["Dr. Ana Diaz", ", MD"])
    def test_approve_needs_credentials(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], by: str
    ) -> None:
        """'approve' without credentials exits 2 with one line and leaves the pack as it was."""
        path = write(tmp_path / "lakeview.json", pack())
        before = path.read_bytes()
        assert main(["approve", str(path), "--by", by]) == 2
        assert "Name, credentials" in capsys.readouterr().err
        assert path.read_bytes() == before

    def test_require_approval_in_a_subprocess(self, tmp_path: Path) -> None:
        """The installed command refuses unapproved content with exit 2 and one line."""
        path = write(tmp_path / "lakeview.json", pack())
        result = subprocess.run(
            [sys.executable, "-m", "microneedle_care", "checklist", "--pack", str(path),
             "--require-approval"],
            capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "error"},
            check=False,
        )
        assert result.returncode == 2
        assert result.stdout == ""
        assert "no clinic pack carries an approval" in result.stderr

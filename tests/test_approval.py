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

DAY = datetime.date(2026, 12, 1)
# Read from the packaged JSON, so that collecting the tests runs no loader.
_PACKAGED = strategies.packaged_data()
REVIEWED = datetime.date.fromisoformat(_PACKAGED["reviewed"])
REWORDABLE = [(step["id"], "action") for step in _PACKAGED["aftercare_steps"][:10]] + [
    (cause["id"], "summary") for cause in _PACKAGED["causes"][:5]
]


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
    data["pack"]["approval"] = approval.to_dict(record)
    return write(path, data)


def reseal(data: dict[str, Any]) -> dict[str, Any]:
    """Recompute the seal of the pack's approval record, as anyone who edits it can."""
    from microneedle_care._converter import converter

    record = data["pack"]["approval"]
    record["seal"] = approval.seal(converter.structure(record, mc.Approval))
    return data


class TestApprove:
    def test_binds_digest_version_and_items(self, catalog_en: mc.Catalog) -> None:
        """The record holds the catalog's digest, version and a digest per item."""
        record = mc.approve(catalog_en, name="Dr. A", credentials="MD", date=DAY)
        assert record.content_digest == catalog_en.content_digest
        assert record.content_version == catalog_en.content_version
        assert set(record.item_digests) >= set(catalog_en.ids())
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
    def test_refuses_bad_fields(
        self, catalog_en: mc.Catalog, kwargs: dict[str, Any], error: type[Exception]
    ) -> None:
        """Empty or multi-line names and non-dates are refused with a clear error."""
        args: dict[str, Any] = {"name": "Dr. A", "credentials": "MD", "date": DAY, **kwargs}
        with pytest.raises(error, match=r"name|credentials|date"):
            mc.approve(catalog_en, **args)

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
        checklist = mc.build_checklist(catalog=catalog)
        assert checklist.approval == catalog.approval
        for fmt in ("text", "markdown", "html"):
            text = " ".join(mc.render(checklist, fmt).split())
            assert "Approved for this clinic by Dr. Ana Diaz, MD, FRCPC" in text, fmt
        french = approved_pack(tmp_path / "fr.json", pack(locale="fr"), locale="fr")
        page = mc.render(mc.build_checklist(catalog=mc.load(locale="fr", packs=[french])), "text")
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
        assert "Dr. Ana Diaz approved on 2026-12-01" in problem.message
        assert "Lakeview Skin Clinic" in caught.value.source
        # Without the requirement it still loads, but claims no approval.
        assert mc.load(packs=[path]).approval is None

    def test_content_upgrade_is_refused_naming_ids(
        self, catalog_en: mc.Catalog, tmp_path: Path
    ) -> None:
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
        write(path, reseal(data))
        with pytest.raises(ContentError) as caught:
            mc.load(packs=[path], require_approval=True)
        message = caught.value.problems[0].message
        assert "changed: acne-flare" in message
        assert "added: milia" in message
        assert "removed: old-retired-step" in message
        assert f"content version 0.9.0 -> {catalog_en.content_version}" in message

    def test_hiding_or_adding_after_approval_is_refused(
        self, catalog_en: mc.Catalog, tmp_path: Path
    ) -> None:
        """Hiding an item after the approval changes the digest and names the item."""
        path = approved_pack(tmp_path / "lakeview.json", pack())
        data = json.loads(path.read_text("utf-8"))
        myth = catalog_en.myths[-1].id  # nothing points at a myth, so it can be hidden
        data["pack"]["hide"] = [myth]
        write(path, data)
        with pytest.raises(ContentError, match=f"removed: {myth}"):
            mc.load(packs=[path], require_approval=True)

    @settings(max_examples=25)
    @given(target=st.sampled_from(REWORDABLE), words=strategies.text)
    def test_any_rewording_is_refused(
        self,
        catalog_en: mc.Catalog,
        tmp_path_factory: pytest.TempPathFactory,
        target: tuple[str, str],
        words: str,
    ) -> None:
        """Law: any rewording made after the approval is refused, naming that id."""
        item_id, field = target
        if not words.strip() or words == getattr(catalog_en[item_id], field):
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
        code = main(["approve", str(path), "--by", "Dr. Ana Diaz, MD", "--date", "2026-12-01"])
        out = capsys.readouterr().out
        assert code == 0
        assert "approved by Dr. Ana Diaz, MD on 2026-12-01" in out
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
            [
                sys.executable,
                "-m",
                "microneedle_care",
                "checklist",
                "--pack",
                str(path),
                "--require-approval",
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONWARNINGS": "error"},
            check=False,
        )
        assert result.returncode == 2
        assert result.stdout == ""
        assert "no clinic pack carries an approval" in result.stderr


SEALED_FIELDS = [
    ("name", "Dr. Mallory Forger"),
    ("credentials", "MD, PhD"),
    ("date", "2026-11-30"),
    ("content_version", "9.9.9"),
    ("content_digest", "0" * 64),
    ("output_digest", "1" * 64),
    ("seal", "2" * 64),
]


def _edit(record: dict[str, Any], field: str, value: Any) -> None:
    if field in ("item_digests", "output_parts"):
        key = sorted(record[field])[0]
        record[field][key] = value
    elif field == "packs":
        record["packs"] = [["Some Other Clinic", "1"]]
    else:
        record[field] = value


class TestTamperEvidence:
    """M21, L14: the approver, date, digests and packs are inside what is sealed."""

    def test_m21_forged_approver_is_refused_and_never_shown(self, tmp_path: Path) -> None:
        """Editing the approver's name breaks the seal: refused, and no sheet shows it."""
        path = approved_pack(tmp_path / "lakeview.json", pack())
        data = json.loads(path.read_text("utf-8"))
        data["pack"]["approval"]["name"] = "Dr. Mallory Forger"
        write(path, data)
        with pytest.raises(mc.errors.ApprovalError) as caught:
            mc.load(packs=[path], require_approval=True)
        assert str(path) in caught.value.source
        assert "Lakeview Skin Clinic" in caught.value.source
        (problem,) = caught.value.problems
        assert problem.path == "$.pack.approval.seal"
        assert "does not match its seal" in problem.message
        catalog = mc.load(packs=[path])
        assert catalog.approval is None
        text = " ".join(mc.render(mc.build_checklist(catalog=catalog), "text").split())
        assert "Mallory" not in text
        assert "No clinician at your clinic has approved this sheet yet." in text

    def test_m21_command_refuses_a_forged_approver(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """'checklist --require-approval' exits 2 naming the pack file, never the forger."""
        path = approved_pack(tmp_path / "lakeview.json", pack())
        data = json.loads(path.read_text("utf-8"))
        data["pack"]["approval"]["name"] = "Dr. Mallory Forger"
        write(path, data)
        assert main(["checklist", "--pack", str(path), "--require-approval"]) == 2
        captured = capsys.readouterr()
        assert "Mallory" not in captured.out
        assert str(path) in captured.err
        assert "seal" in captured.err
        assert main(["checklist", "--pack", str(path)]) == 0
        assert "Mallory" not in capsys.readouterr().out

    @settings(max_examples=30)
    @given(
        edit=st.sampled_from(
            [
                *SEALED_FIELDS,
                ("item_digests", "e" * 16),
                ("output_parts", "e" * 64),
                ("packs", None),
            ]
        )
    )
    def test_any_single_field_edit_is_detected(
        self, tmp_path_factory: pytest.TempPathFactory, edit: tuple[str, Any]
    ) -> None:
        """Law: editing any one field of a sealed record makes it refused and not shown."""
        field, value = edit
        path = approved_pack(tmp_path_factory.mktemp("pack") / "p.json", pack())
        data = json.loads(path.read_text("utf-8"))
        _edit(data["pack"]["approval"], field, value)
        write(path, data)
        with pytest.raises(mc.errors.ApprovalError, match="seal"):
            mc.load(packs=[path], require_approval=True)
        assert mc.load(packs=[path]).approval is None

    @settings(max_examples=25)
    @given(field=st.sampled_from(["name", "credentials"]), words=strategies.text)
    def test_any_rewording_of_the_approver_is_detected(
        self, tmp_path_factory: pytest.TempPathFactory, field: str, words: str
    ) -> None:
        """Law: any new name or credentials in the record breaks its seal."""
        path = approved_pack(tmp_path_factory.mktemp("pack") / "p.json", pack())
        data = json.loads(path.read_text("utf-8"))
        if data["pack"]["approval"][field] == words:
            return
        data["pack"]["approval"][field] = words
        write(path, data)
        with pytest.raises(mc.errors.ApprovalError, match="seal"):
            mc.load(packs=[path], require_approval=True)

    def test_l14_renamed_pack_is_refused(self, tmp_path: Path) -> None:
        """L14: renaming the pack (or changing its version) after the approval is refused."""
        for key, value in (("name", "Forged Clinic"), ("version", "9")):
            path = approved_pack(tmp_path / f"{key}.json", pack())
            data = json.loads(path.read_text("utf-8"))
            data["pack"][key] = value
            write(path, data)
            with pytest.raises(mc.errors.ApprovalError) as caught:
                mc.load(packs=[path], require_approval=True)
            message = caught.value.problems[0].message
            assert "the clinic packs were 'Lakeview Skin Clinic' 2027.1, now" in message
            assert mc.load(packs=[path]).approval is None
            sheet = mc.build_checklist(catalog=mc.load(packs=[path]))
            as_json = json.loads(mc.render(sheet, "json"))
            assert as_json["approval"] is None

    def test_unsealed_old_record_is_refused_with_advice(self, tmp_path: Path) -> None:
        """A 0.5.0 record (no seal, no output digest) is refused and must be re-approved."""
        path = approved_pack(tmp_path / "lakeview.json", pack())
        data = json.loads(path.read_text("utf-8"))
        for key in ("seal", "output_digest", "output_parts", "packs"):
            del data["pack"]["approval"][key]
        write(path, data)
        assert mc.load_pack(path).pack.approval is not None  # still reads
        with pytest.raises(mc.errors.ApprovalError, match=r"has no seal.*approve' again"):
            mc.load(packs=[path], require_approval=True)
        assert mc.load(packs=[path]).approval is None

    def test_a_hash_is_not_a_signature(self, tmp_path: Path) -> None:
        """As documented: whoever can edit the pack can recompute the seal."""
        path = approved_pack(tmp_path / "lakeview.json", pack())
        data = json.loads(path.read_text("utf-8"))
        data["pack"]["approval"]["name"] = "Dr. Mallory Forger"
        write(path, reseal(data))
        assert mc.load(packs=[path], require_approval=True).approval is not None

    def test_validate_reports_a_broken_approval(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """'validate' notes that the pack's approval no longer applies, and why."""
        path = approved_pack(tmp_path / "lakeview.json", pack())
        assert main(["validate", str(path)]) == 0
        assert "approval" not in capsys.readouterr().err
        data = json.loads(path.read_text("utf-8"))
        data["pack"]["approval"]["date"] = "2026-11-30"
        write(path, data)
        assert main(["validate", str(path)]) == 0
        err = capsys.readouterr().err
        assert "notice: $.pack.approval.seal: the approval record does not match" in err


class TestOutputDigest:
    """M22: the approval covers the package's own patient wording, not only the content."""

    def test_is_deterministic_and_per_language(self, catalog_en: mc.Catalog) -> None:
        """The same content and release give the same digest; English and French differ."""
        english, french = (
            approval.output_parts(catalog_en),
            approval.output_parts(mc.load(locale="fr")),
        )
        assert english == approval.output_parts(mc.load())
        package = f"microneedle-care {mc.__version__}"
        assert english == {"content": catalog_en.content_digest, "package": package}
        assert french["package"] == english["package"]
        assert re.fullmatch("[0-9a-f]{64}", approval.output_digest(catalog_en))
        assert approval.output_digest(catalog_en) != approval.output_digest(mc.load(locale="fr"))
        record = mc.approve(catalog_en, name="Dr. A", credentials="MD", date=DAY)
        assert record.output_digest == approval.output_digest(catalog_en)
        assert record.output_parts == {"package": english["package"]}

    def test_m22_an_upgrade_with_the_same_content_is_refused(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """M22: a release that may change the SMS 911 line, a label or the check-in logic
        lapses the approval even when the content digest is the same."""
        path = approved_pack(tmp_path / "lakeview.json", pack())
        before = mc.load(packs=[path], require_approval=True)
        assert before.approval is not None
        from microneedle_care import _version

        monkeypatch.setattr(_version, "VERSION", "99.0.0")
        after = mc.load(packs=[path])
        assert after.content_digest == before.content_digest
        assert after.approval is None
        with pytest.raises(mc.errors.ApprovalError) as caught:
            mc.load(packs=[path], require_approval=True)
        message = caught.value.problems[0].message
        assert (
            f"the package changed from microneedle-care {mc.__version__} to microneedle-care"
            " 99.0.0" in message
        )
        assert "check-in logic may differ" in message
        text = " ".join(mc.render(mc.build_checklist(catalog=after), "text").split())
        assert "No clinician at your clinic has approved this sheet yet." in text


class TestDate:
    """L17: the approval date must be plausible."""

    @pytest.mark.parametrize(
        ("day", "words"),
        [
            (datetime.date(1900, 1, 1), "before this content existed"),
            (datetime.date(2200, 1, 1), "in the future"),
            (REVIEWED - datetime.timedelta(days=approval.DATE_SLACK_DAYS + 1), "before"),
        ],
    )
    def test_l17_implausible_dates_are_refused(
        self, catalog_en: mc.Catalog, day: datetime.date, words: str
    ) -> None:
        """1900 and 2200 are refused with the reason; so is well before the content's review."""
        with pytest.raises(ValueError, match=words):
            mc.approve(catalog_en, name="Dr. A", credentials="MD", date=day)

    def test_plausible_dates_are_accepted(
        self, catalog_en: mc.Catalog, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """From the slack before the review date up to tomorrow, a date is accepted."""
        today = datetime.date(2027, 3, 1)
        monkeypatch.setattr(approval, "_today", lambda: today)
        for day in (
            catalog_en.reviewed - datetime.timedelta(days=approval.DATE_SLACK_DAYS),
            today + datetime.timedelta(days=1),
        ):
            assert mc.approve(catalog_en, name="Dr. A", credentials="MD", date=day).date == day
        with pytest.raises(ValueError, match="future"):
            mc.approve(
                catalog_en, name="Dr. A", credentials="MD", date=today + datetime.timedelta(2)
            )

    def test_l17_resealed_future_date_is_refused(self, tmp_path: Path) -> None:
        """A record dated 2200 with a recomputed seal is still refused, and not shown."""
        path = approved_pack(tmp_path / "lakeview.json", pack())
        data = json.loads(path.read_text("utf-8"))
        data["pack"]["approval"]["date"] = "2200-01-01"
        write(path, reseal(data))
        with pytest.raises(mc.errors.ApprovalError, match="2200-01-01 is in the future"):
            mc.load(packs=[path], require_approval=True)
        assert mc.load(packs=[path]).approval is None

    @pytest.mark.parametrize("day", ["1900-01-01", "2200-01-01"])
    def test_l17_command_refuses_implausible_dates(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], day: str
    ) -> None:
        """'approve --date 1900-01-01' exits 2 with one line and leaves the pack as it was."""
        path = write(tmp_path / "lakeview.json", pack())
        before = path.read_bytes()
        assert main(["approve", str(path), "--by", "Dr. Ana Diaz, MD", "--date", day]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert day in err
        assert path.read_bytes() == before


def test_as_json_is_a_deprecated_alias_of_to_dict() -> None:
    """Review 3.2: approval.as_json returns a dict, so it is to_dict now; the old name warns."""
    with pytest.warns(DeprecationWarning, match="renamed to_dict"):
        old = approval.as_json
    assert old is approval.to_dict
    assert "as_json" not in approval.__all__

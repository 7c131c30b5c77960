"""Translations: fingerprints of the English they translate, stale fields, phrasings."""

from __future__ import annotations

import copy
import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

import microneedle_care as mc
from microneedle_care import ContentError, translation
from microneedle_care.cli import main
from microneedle_care.translation import StaleField, fingerprint, stale, translate


def _raw(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("microneedle_care").joinpath("data", name).read_bytes()
    )
    return data


ENGLISH_RAW = _raw("content.json")
FRENCH_RAW = _raw("content.fr.json")


class TestStale:
    def test_packaged_translation_is_current(self) -> None:
        """Release gate: every French field translates the English as it is now."""
        found = stale("fr-CA")
        assert found == (), "\n".join(str(s) for s in found)

    def test_english_has_nothing_to_be_stale_against(self) -> None:
        assert stale("en") == ()

    def test_edited_english_field_is_reported(self) -> None:
        """Edit one English field in a copy: that one field, and no other, is stale."""
        english = copy.deepcopy(ENGLISH_RAW)
        step = next(s for s in english["aftercare_steps"] if s["id"] == "no-makeup-first-day")
        step["action"] = "Do not wear any makeup for the first 24 hours."
        found = stale("fr", english=english, translation=FRENCH_RAW)
        assert found == (
            StaleField(
                locale="fr-CA",
                path="$.aftercare_steps['no-makeup-first-day'].action",
                recorded=fingerprint("Do not wear makeup for the first 24 hours."),
                current=fingerprint(step["action"]),
            ),
        )
        assert "the English changed" in str(found[0])

    def test_edited_disclaimer_and_short_name_are_reported(self) -> None:
        english = copy.deepcopy(ENGLISH_RAW)
        english["disclaimer"] += " More."
        step = next(s for s in english["aftercare_steps"] if s["id"] == "no-tanning")
        step["short"] = "sun tanning"
        paths = [s.path for s in stale("fr", english=english, translation=FRENCH_RAW)]
        assert paths == ["$.disclaimer", "$.aftercare_steps['no-tanning'].short"]

    def test_missing_fingerprint_is_reported(self) -> None:
        french = copy.deepcopy(FRENCH_RAW)
        del french["causes"]["acne-flare"]["$source"]["name"]
        found = stale("fr", english=ENGLISH_RAW, translation=french)
        assert [(s.path, s.recorded) for s in found] == [("$.causes['acne-flare'].name", "")]
        assert "no fingerprint" in str(found[0])

    def test_fingerprint_is_twelve_hex_of_sha256(self) -> None:
        text = "Wash gently."
        assert fingerprint(text) == hashlib.sha256(text.encode()).hexdigest()[:12]

    def test_every_translated_field_has_a_fingerprint(self) -> None:
        for kind in translation.TRANSLATED_KINDS:
            for id_, fields in FRENCH_RAW[kind].items():
                texts = set(fields) - {"$source"}
                assert set(fields["$source"]) == texts, id_


class TestPhrasings:
    # The French catalog's phrasings before they moved out of content.json (main at
    # 47ef748): 42 rows of (kind, id, field, locale, pattern), sorted, as JSON, sha256.
    BEFORE = "9ba051d6c78a12abda3e7f52ba0b878570811d53bf4bd777a2c9e09ee5959944"

    @staticmethod
    def _rows(catalog: mc.Catalog) -> list[tuple[str, str, str, str, str]]:
        return sorted(
            (kind, item.id, field, p.locale, p.pattern)
            for kind, field in (("myths", "phrasings"), ("aftercare_steps", "contradicted_by"))
            for item in getattr(catalog, kind)
            for p in getattr(item, field)
        )

    def test_french_catalog_has_the_same_phrasings(self) -> None:
        # The myths added with the treatments (content 3.1) bring their own phrasings.
        added = {
            "own-blood-means-no-risk",
            "exosomes-are-approved-and-safe",
            "clean-home-roller-is-safe",
        }
        rows = [r for r in self._rows(mc.load(locale="fr")) if r[1] not in added]
        assert len(rows) == 42
        digest = hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()
        assert digest == self.BEFORE

    def test_english_file_holds_english_phrasings_only(self) -> None:
        for kind, field in (("myths", "phrasings"), ("aftercare_steps", "contradicted_by")):
            for item in ENGLISH_RAW[kind]:
                assert {p["locale"] for p in item.get(field, [])} <= {"en"}, item["id"]
        assert {r[3] for r in self._rows(mc.load())} == {"en"}

    def test_french_text_is_still_checked(self) -> None:
        report = mc.check_text(
            "Le microaiguilletage fait sortir les toxines de la peau.", locale="fr"
        )
        assert [f.myth.id for f in report.myths]

    def test_unknown_id_in_phrasings_is_refused(self) -> None:
        french = copy.deepcopy(FRENCH_RAW)
        french["phrasings"]["myths"]["no-such-myth"] = {"phrasings": ["detox*"]}
        with pytest.raises(ContentError, match="no-such-myth"):
            translate(mc.load().pack, french, source="fr.json")

    def test_phrasing_in_an_unknown_language_is_refused(self) -> None:
        data = translation.add_phrasings(ENGLISH_RAW, {"de-DE": {"phrasings": {}}})
        assert data == ENGLISH_RAW
        bad = copy.deepcopy(ENGLISH_RAW)
        bad["myths"][0].setdefault("phrasings", []).append({"locale": "de", "pattern": "x"})
        with pytest.raises(ContentError, match="'de' is not one of 'en', 'es-US', 'fr-CA'"):
            mc.parse(bad)


class TestSchemaKey:
    def test_shipped_files_name_their_schema(self) -> None:
        assert ENGLISH_RAW["$schema"] == "content.schema.json"
        assert FRENCH_RAW["$schema"] == "translation.schema.json"

    def test_loader_ignores_schema_key(self) -> None:
        assert mc.parse(ENGLISH_RAW) == mc.parse(
            {k: v for k, v in ENGLISH_RAW.items() if k != "$schema"}
        )

    @pytest.mark.parametrize(
        ("name", "schema"),
        [
            ("content.json", "content.schema.json"),
            ("content.fr.json", "translation.schema.json"),
            ("messages/en.json", "messages.schema.json"),
            ("messages/fr-CA.json", "messages.schema.json"),
        ],
    )
    def test_shipped_files_match_their_schema(self, name: str, schema: str) -> None:
        """What an editor's live validation checks, the shipped files pass."""
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.validate(_raw(name), _raw(schema))

    def test_stale_translation_schema_catches_a_bad_fingerprint(self) -> None:
        jsonschema = pytest.importorskip("jsonschema")
        french = copy.deepcopy(FRENCH_RAW)
        french["causes"]["acne-flare"]["$source"]["name"] = "not hex"
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(french, _raw("translation.schema.json"))

    def test_clinic_pack_may_name_its_schema(self) -> None:
        from microneedle_care.loading import parse_pack

        pack: dict[str, Any] = {"pack": {"name": "Lakeview", "version": "1.0.0"}}
        plain = parse_pack(pack)
        assert parse_pack({"$schema": "pack.schema.json", **pack}) == plain


class TestValidateReportsStale:
    """``validate`` names every stale translated field, for each other locale, and exits 1."""

    def _folder(self, tmp_path: Path, edit: bool) -> Path:
        data = copy.deepcopy(ENGLISH_RAW)
        if edit:
            step = next(s for s in data["aftercare_steps"] if s["id"] == "no-makeup-first-day")
            step["action"] = "Do not wear makeup on the first day."
        (tmp_path / "content.json").write_text(json.dumps(data), encoding="utf-8")
        (tmp_path / "content.fr.json").write_text(json.dumps(FRENCH_RAW), encoding="utf-8")
        return tmp_path / "content.json"

    def test_an_english_edit_is_reported(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = self._folder(tmp_path, edit=True)
        assert main(["validate", str(path)]) == 1
        err = capsys.readouterr().err
        wanted = "fr-CA $.aftercare_steps['no-makeup-first-day'].action: the English changed"
        assert f"stale translation: {wanted}" in err
        assert err.count("stale translation:") == 1

    def test_current_translations_pass(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["validate", str(self._folder(tmp_path, edit=False))]) == 0
        captured = capsys.readouterr()
        assert "stale" not in captured.err
        assert "valid content pack" in captured.out

    def test_a_content_pack_without_translations_beside_it(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = self._folder(tmp_path, edit=True)
        (tmp_path / "content.fr.json").unlink()
        assert main(["validate", str(path)]) == 0
        assert "stale" not in capsys.readouterr().err

    def test_a_clinic_pack_checks_the_packaged_translations(
        self,
        tmp_path: Path,
        capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        pack = tmp_path / "pack.json"
        pack.write_text(json.dumps({"pack": {"name": "Lakeview", "version": "1"}}), "utf-8")
        assert main(["validate", str(pack)]) == 0
        field = StaleField(locale="fr-CA", path="$.disclaimer", recorded="", current="x")
        monkeypatch.setattr(translation, "stale", lambda locale: (field,))
        assert main(["validate", str(pack)]) == 1
        assert f"stale translation: {field}" in capsys.readouterr().err

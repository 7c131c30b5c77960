"""Locales: one name policy, one message file per locale, and a locale added as two files."""

from __future__ import annotations

import datetime
import json
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pytest

import microneedle_care as mc
from microneedle_care import ContentError, UnknownLocaleError, _i18n, loading
from microneedle_care.checklist import SectionKind
from microneedle_care.model import Urgency
from microneedle_care.rendering import _labels


def _messages_raw(locale: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("microneedle_care")
        .joinpath("data", "messages", f"{locale}.json")
        .read_bytes()
    )
    return data


class TestNormalise:
    @pytest.mark.parametrize(
        ("name", "canonical"),
        [
            ("en", "en"),
            ("EN", "en"),
            ("en-CA", "en"),
            ("en_US", "en"),
            ("fr", "fr-CA"),
            ("fr-CA", "fr-CA"),
            ("fr_CA", "fr-CA"),
            ("FR-ca", "fr-CA"),
        ],
    )
    def test_aliases(self, name: str, canonical: str) -> None:
        assert _i18n.normalise(name) == canonical

    @pytest.mark.parametrize("name", ["de", "fr-FR", "", "english"])
    def test_unknown(self, name: str) -> None:
        with pytest.raises(UnknownLocaleError):
            _i18n.normalise(name)

    def test_locales_are_the_message_files(self) -> None:
        assert _i18n.LOCALES == _i18n.locales() == ("en", "fr-CA")

    def test_old_module_still_works(self) -> None:
        from microneedle_care import _locale

        assert _locale.normalise("fr") == "fr-CA"
        assert _locale.LOCALES == _i18n.LOCALES


class TestMessages:
    @pytest.mark.parametrize("locale", ["en", "fr-CA"])
    def test_every_word_is_in_the_file(self, locale: str) -> None:
        words = _i18n.messages(locale)
        raw = _messages_raw(locale)
        assert words.locale == locale
        assert words.sheet["title"] == raw["sheet"]["title"]
        assert list(words.sections) == [kind.value for kind in SectionKind]
        assert list(words.urgencies) == [urgency.value for urgency in Urgency]
        assert len(words.months) == 12
        assert len(words.weekdays) == 7
        labels = _labels.labels_for_locale(locale)
        assert labels.lang == locale
        assert labels.title == raw["sheet"]["title"]
        assert set(labels.sections) == set(SectionKind)

    def test_one_object_per_locale(self) -> None:
        assert _i18n.messages("fr") is _i18n.messages("fr_CA") is _i18n.messages("fr-CA")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            _i18n.messages("en").colon = "x"  # type: ignore[misc]
        with pytest.raises(TypeError):
            _i18n.messages("en").sheet["title"] = "x"  # type: ignore[index]

    def test_french_typography(self) -> None:
        assert _i18n.messages("fr").colon == "\u00a0:"
        assert "\u00a0:" in _i18n.messages("fr").sheet["subtitle"]
        assert _i18n.messages("en").colon == ":"

    def test_old_constants_still_work(self) -> None:
        assert _labels.ENGLISH is _labels.labels_for_locale("en")
        assert _labels.FRENCH is _labels.labels_for_locale("fr-CA")
        assert _labels.labels_for_locale("fr") is _labels.FRENCH

    def test_step_names_are_content_not_messages(self) -> None:
        """The glance words are each step's ``short`` field, in both languages."""
        english, french = mc.load(), mc.load(locale="fr")
        assert english["no-makeup-first-day"].short == "makeup"
        assert french["no-makeup-first-day"].short == "le maquillage"
        named = {s.id for s in english.aftercare_steps if s.short}
        assert len(named) == 14  # + no-take-home-serum-until-healed ("serums")
        assert {s.id for s in french.aftercare_steps if s.short} == named
        assert _labels.ENGLISH.glance == {}

    @pytest.mark.parametrize(
        ("edit", "path"),
        [
            (lambda d: d["sheet"].pop("title"), "$.sheet.title"),
            (lambda d: d["sheet"].update(extra="x"), "$.sheet.extra"),
            (lambda d: d["dates"]["months"].pop(), "$.dates.months"),
            (lambda d: d["approval"]["unapproved"].pop("sheet"), "$.approval.unapproved.sheet"),
            (lambda d: d["dates"].pop("days"), "$.dates.days"),
            (lambda d: d.update(locale="en"), "$.locale"),
            (lambda d: d["urgencies"].pop("emergency"), "$.urgencies.emergency"),
            (lambda d: d["sections"].update(extra="x"), "$.sections.extra"),
            (lambda d: d.update(footer={}), "$.footer"),
        ],
    )
    def test_missing_or_extra_key_names_file_and_key(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: Any, path: str
    ) -> None:
        data = _messages_raw("fr-CA")
        edit(data)
        folder = tmp_path / "data"
        shutil.copytree(Path(_i18n._DATA) / "messages", folder / "messages")
        (folder / "messages" / "fr-CA.json").write_text(json.dumps(data), encoding="utf-8")
        monkeypatch.setattr(_i18n, "_DATA", str(folder))
        with pytest.raises(ContentError) as caught:
            _i18n.messages("fr")
        assert caught.value.source == "microneedle_care/data/messages/fr-CA.json"
        assert path in [p.path for p in caught.value.problems]


@pytest.fixture
def test_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A locale ``xx-TEST`` added as two files: a message file and a content translation.

    The package's data folder is copied, the two files are added, and the package is
    pointed at the copy: no code names the locale.
    """
    folder = tmp_path / "data"
    shutil.copytree(Path(_i18n._DATA), folder)
    words = _messages_raw("en")
    words["locale"] = "xx-TEST"
    words["sheet"]["title"] = "XX checklist"
    words["typography"]["colon"] = " ::"
    (folder / "messages" / "xx-TEST.json").write_text(json.dumps(words), encoding="utf-8")
    english = json.loads((folder / "content.json").read_text(encoding="utf-8"))
    translation: dict[str, Any] = {
        "locale": "xx-TEST",
        "content_version": english["content_version"],
        "disclaimer": "XX " + english["disclaimer"],
    }
    for kind in (
        "causes",
        "risk_factors",
        "aftercare_steps",
        "warning_signs",
        "myths",
        "treatments",
    ):
        cls = {
            "causes": mc.Cause,
            "risk_factors": mc.RiskFactor,
            "aftercare_steps": mc.AftercareStep,
            "warning_signs": mc.WarningSign,
            "myths": mc.Myth,
            "treatments": mc.Treatment,
        }[kind]
        translation[kind] = {
            item["id"]: {f: "XX " + item[f] for f in mc.patient_fields(cls) if item.get(f)}
            for item in english[kind]
        }
    (folder / "content.xx.json").write_text(json.dumps(translation), encoding="utf-8")
    monkeypatch.setattr(_i18n, "_DATA", str(folder))
    monkeypatch.setattr(loading, "_DATA", str(folder))
    return "xx-TEST"


def test_a_locale_is_two_files(test_locale: str) -> None:
    """Render a sheet in a locale made of one message file and one translation file."""
    assert _i18n.locales() == ("en", "fr-CA", "xx-TEST")
    assert _i18n.normalise("xx") == "xx-TEST"
    catalog = mc.load(locale="xx_test")
    assert catalog.locale == "xx-TEST"
    checklist = mc.build_checklist(catalog=catalog, treatment_date=datetime.date(2026, 11, 25))
    text = mc.render(checklist, "text")
    assert "XX CHECKLIST" in text  # the text format writes the title in capitals
    assert "XX makeup" in text  # a step's short name, translated in the content file
    assert "XX Do not wear makeup" in text
    assert " ::" in text


class TestGlance:
    """The timeline names a step by its ``short`` field, which a clinic pack can reword."""

    def test_clinic_pack_rewords_a_step_name(self, tmp_path: Path) -> None:
        data = {
            "pack": {
                "name": "Lakeview Skin Clinic",
                "version": "2026.11",
                "replace": [{"id": "no-makeup-first-day", "short": "any cosmetics"}],
            }
        }
        path = tmp_path / "p.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        day = datetime.date(2026, 11, 25)

        def timeline(catalog: mc.Catalog) -> str:
            text = mc.render(mc.build_checklist(catalog=catalog, treatment_date=day), "text")
            return " ".join(text.split())  # the text format wraps lines

        assert "serums, makeup, workouts" in timeline(mc.load())
        assert "serums, any cosmetics, workouts" in timeline(mc.load(packs=[str(path)]))

    def test_a_step_without_a_name_uses_its_first_sentence(self) -> None:
        from microneedle_care.rendering._layout import glance

        step = attrs.evolve(mc.load()["no-makeup-first-day"], short="")
        assert glance(step) == "Do not wear makeup for the first 24 hours."
        assert glance(step, {"no-makeup-first-day": "old words"}) == "old words"
        assert glance(mc.load()["no-makeup-first-day"]) == "makeup"

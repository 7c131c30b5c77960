"""Translations (French for Canada, Spanish for the US): parity, readability, rendering."""

from __future__ import annotations

import copy
import datetime
import json
import re
from importlib import resources
from typing import Any

import html5lib
import pytest

import microneedle_care as mc
from microneedle_care import ContentError, patient_fields
from microneedle_care._i18n import LOCALES, normalise
from microneedle_care.translation import translate

KINDS = ("causes", "risk_factors", "aftercare_steps", "warning_signs", "myths", "treatments")
TRANSLATED = tuple(locale for locale in LOCALES if locale != "en")
"""Every locale with a content translation file: the parity tests run for each."""


def _raw(locale: str) -> dict[str, Any]:
    name = "content." + locale.split("-")[0] + ".json"
    data: dict[str, Any] = json.loads(
        resources.files("microneedle_care").joinpath("data", name).read_bytes()
    )
    return data


RAW = _raw("fr-CA")


def test_spanish_and_french_are_translated() -> None:
    """The packaged translations are French (Canada) and Spanish (US)."""
    assert TRANSLATED == ("es-US", "fr-CA")


class TestLoad:
    @pytest.mark.parametrize("name", ["fr", "fr-CA", "fr_ca", "FR"])
    def test_locale_names(self, catalog_fr: mc.Catalog, name: str) -> None:
        """Every spelling of French gives the same cached catalog, in locale fr-CA."""
        catalog = mc.load(locale=name)
        assert catalog is mc.load(locale="fr-CA")
        assert catalog == catalog_fr
        assert catalog.locale == "fr-CA"

    def test_unknown_locale(self) -> None:
        """A locale without content is a ValueError naming the available ones."""
        with pytest.raises(
            ValueError, match="no content in locale 'de'; available: en, es-US, fr-CA"
        ):
            mc.load(locale="de")
        with pytest.raises(ValueError, match="no content in locale"):
            normalise("pt")

    @pytest.mark.parametrize("locale", TRANSLATED)
    def test_same_structure_as_english(self, catalog_en: mc.Catalog, locale: str) -> None:
        """A translation changes only patient-facing text: ids, relations, windows stay."""
        catalog_fr = mc.load(locale=locale)
        assert catalog_fr.ids() == catalog_en.ids()
        assert catalog_fr.content_version == catalog_en.content_version
        assert catalog_fr.content_digest != catalog_en.content_digest
        for item in catalog_en:
            french = catalog_fr[item.id]
            patient = set(patient_fields(type(item)))
            for field in (f.name for f in __import__("attrs").fields(type(item))):
                if field in ("phrasings", "contradicted_by"):
                    # A translation adds its own phrasings after the English ones.
                    ours = getattr(item, field)
                    assert getattr(french, field)[: len(ours)] == ours, (item.id, field)
                elif field not in patient:
                    assert getattr(french, field) == getattr(item, field), (item.id, field)


class TestParity:
    @pytest.mark.parametrize("locale", TRANSLATED)
    def test_every_patient_field_is_translated(self, catalog_en: mc.Catalog, locale: str) -> None:
        """Each translation has every id and every patient-facing field, and nothing else."""
        RAW = _raw(locale)
        assert RAW["locale"] == locale
        assert RAW["disclaimer"].strip()
        for kind in KINDS:
            english = {item.id: item for item in getattr(catalog_en, kind)}
            assert set(RAW[kind]) == set(english), kind
            for item_id, fields in RAW[kind].items():
                item = english[item_id]
                # A field empty in English (a step with no short name) has no translation.
                wanted = {name for name in patient_fields(type(item)) if getattr(item, name)}
                texts = {k: v for k, v in fields.items() if k != "$source"}
                assert set(texts) == wanted, item_id
                assert set(fields["$source"]) == wanted, item_id
                assert all(value.strip() for value in texts.values()), item_id

    @pytest.mark.parametrize("locale", TRANSLATED)
    def test_nothing_is_stale(self, locale: str) -> None:
        """Every translated field records the fingerprint of the English it was made from,
        and that English has not changed since: a release with a stale field fails here."""
        assert mc.translation.stale(locale) == ()
        raw = _raw(locale)
        assert raw["$source"]["disclaimer"] == mc.translation.fingerprint(mc.load().disclaimer)

    def test_missing_translation_is_refused(self, catalog_en: mc.Catalog) -> None:
        """Removing one translated field or id makes the translation fail, naming it."""
        data = copy.deepcopy(RAW)
        del data["causes"]["acne-flare"]["summary"]
        del data["myths"]["detoxifies-skin"]
        data["warning_signs"]["not-an-item"] = {"sign": "x", "action": "y"}
        with pytest.raises(ContentError) as info:
            translate(catalog_en.pack, data, source="fr.json")
        assert [str(p) for p in info.value.problems] == [
            "$.causes['acne-flare'].summary: missing translation",
            "$.warning_signs['not-an-item']: 'not-an-item' is not in the content",
            "$.myths['detoxifies-skin']: no translation of 'detoxifies-skin'",
        ]

    def test_other_content_version_is_refused(self, catalog_en: mc.Catalog) -> None:
        """A translation of another content release is refused."""
        data = dict(RAW, content_version="0.9.0")
        with pytest.raises(ContentError, match=r"translates content 0\.9\.0"):
            translate(catalog_en.pack, data, source="fr.json")


def test_french_readability(catalog_fr: mc.Catalog) -> None:
    """The French corpus scores 60 or more on Flesch reading ease (Kandel-Moles for French)."""
    textstat = pytest.importorskip("textstat")
    texts = [catalog_fr.disclaimer]
    for item in catalog_fr:
        texts += [getattr(item, f) for f in patient_fields(type(item))]
    corpus = " ".join(t if t.rstrip().endswith((".", "?", "!")) else t + "." for t in texts)
    from microneedle_care.readability import measure  # the library's one measure

    ease = measure(corpus, "fr").ease
    assert textstat.flesch_reading_ease("Wash it.") > 0  # English state is restored
    print(f"\nFrench readability: {len(texts)} fields, Flesch reading ease {ease:.1f}")
    assert ease >= 60


class TestFrenchChecklist:
    CHECKLIST = mc.build_checklist(
        locale="fr", treatment_date=datetime.date(2026, 11, 30), risk_factors=["cold-sore-history"]
    )

    def test_checklist_is_french(self, catalog_fr: mc.Catalog) -> None:
        """The checklist records its locale and carries the French text."""
        assert self.CHECKLIST.locale == "fr-CA"
        assert self.CHECKLIST.disclaimer == catalog_fr.disclaimer

    def test_text_is_fully_french(self) -> None:
        """Headings, dates, urgency labels and the disclaimer are French; 1er for the first."""
        text = mc.render(self.CHECKLIST, "text")
        assert text.startswith("VOTRE LISTE DE SOINS")
        assert "Date du traitement\u00a0: lundi 30 novembre 2026" in text
        assert "JOURS 2 ET 3 (du mardi 1er décembre au mercredi 2 décembre)" in text
        assert "Composez le 911 tout de suite" in text
        for english in ("Why:", "First 24 hours", "Call your clinic", "November", "Treatment date"):
            assert english not in text

    def test_html_lang(self) -> None:
        """The HTML page says lang="fr-CA" and parses cleanly."""
        page = mc.render(self.CHECKLIST, "html")
        doc = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
        assert doc.get("lang") == "fr-CA"

    def test_locale_must_match_catalog(self, catalog_en: mc.Catalog) -> None:
        """Asking for French with an English catalog is refused."""
        with pytest.raises(ValueError, match="does not match the catalog's locale 'en'"):
            mc.build_checklist(catalog=catalog_en, locale="fr")

    def test_json_round_trip(self) -> None:
        """The French checklist survives JSON and reads back equal."""
        assert mc.parse_checklist_json(mc.render_json(self.CHECKLIST)) == self.CHECKLIST


def test_french_colons_have_a_no_break_space(catalog_fr: mc.Catalog) -> None:
    """French puts a no-break space before a colon; a plain one let the sheet's line
    wrapper leave the colon alone at the start of a line ("le jour même" / ": appelez")."""
    for item in catalog_fr:
        for name in patient_fields(type(item)):
            text = getattr(item, name)
            assert not re.search(r"\S :", text), (item.id, name, text)

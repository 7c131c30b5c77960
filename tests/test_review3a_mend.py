"""Independent review round 3a of the warning signs' short names and the phone's quick list
(BB1-BB16): one test (or a few) per behaviour mended, so that a finding that comes back
fails here by name."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import pytest

import microneedle_care as mc
from microneedle_care import _i18n

NBSP = "\u00a0"
LOCALES = _i18n.languages()


def _quick(page: str) -> str:
    """The phone's quick list of *page*: the ``div.quick`` block."""
    match = re.search(r'<div class="quick" id="quick">(.*?)</div>', page, re.S)
    assert match is not None
    return html.unescape(match.group(1))


def _short(catalog: mc.Catalog, sign: str) -> str:
    return catalog.warning_sign(sign).short


class TestLeads:
    def test_bb1_help_today_keeps_as_each_sign_says(self) -> None:
        """BB1: most signs under "today" say 911 or the ER in some cases."""
        en = mc.render_html(mc.build_checklist())
        fr = mc.render_html(mc.build_checklist(locale="fr"))
        assert "Get help today, as each sign says:" in _quick(en)
        assert f"Obtenez de l'aide aujourd'hui, selon le signe{NBSP}:" in _quick(fr)
        # Review round 4 (DD11): the full heading says the same words as the phone's lead
        # ("comme le dit chaque signe" takes two lines at 390 px and breaks the 422 px rule).
        assert "Obtenez de l&#x27;aide aujourd&#x27;hui, selon le signe, si vous avez" in fr
        es = mc.render_html(mc.build_checklist(locale="es"))
        assert "Busque ayuda hoy, como dice cada señal:" in _quick(es)

    @pytest.mark.parametrize("locale", LOCALES)
    def test_bb5_first_screen_of_a_sheet_with_no_clinic_dials_911(self, locale: str) -> None:
        """BB5: the list's first lead says how to get emergency help, with a tel:911 link."""
        checklist = mc.build_checklist(locale=locale)
        assert checklist.clinic is None
        quick = _quick(mc.render_html(checklist))
        lead = re.search(r'<p class="quick-lead urgency-emergency">(.*?)</p>', quick)
        assert lead is not None
        assert '<a class="tel" href="tel:911">911</a>' in lead.group(1)
        words = {
            "en": "emergency room now",
            "fr": "allez à l'urgence maintenant",
            "es": "vaya a la sala de emergencias ahora",
        }[locale]
        assert words in lead.group(1)

    def test_bb14_french_leads_are_imperatives(self) -> None:
        fr = mc.render_html(mc.build_checklist(locale="fr"))
        leads = re.findall(r'<p class="quick-lead[^"]*">(.*?)</p>', _quick(fr))
        assert leads[0].startswith("Composez le ")
        assert leads[1].startswith("Obtenez ")

    def test_bb14_spanish_leads_are_imperatives(self) -> None:
        es = mc.render_html(mc.build_checklist(locale="es"))
        leads = re.findall(r'<p class="quick-lead[^"]*">(.*?)</p>', _quick(es))
        assert leads[0].startswith("Llame al ")
        assert leads[1].startswith("Busque ")


class TestShortNames:
    def test_bb2_face_weakness_names_911_when_sudden(
        self,
        catalog_en: mc.Catalog,
        catalog_fr: mc.Catalog,
        catalogs: Callable[[str], mc.Catalog],
    ) -> None:
        assert "sudden: call 911" in _short(catalog_en, "rf-face-weakness")
        fr = _short(catalog_fr, "rf-face-weakness")
        assert f"soudain{NBSP}: 911" in fr
        assert "affaissé" in fr  # BB15: the word of Canadian stroke messaging
        es = _short(catalogs("es"), "rf-face-weakness")
        assert "de repente: 911" in es
        assert "caída" in es  # "cara caída": the word of US Spanish stroke messaging

    def test_bb3_severe_allergy_names_breathing_and_faintness(
        self,
        catalog_en: mc.Catalog,
        catalog_fr: mc.Catalog,
        catalogs: Callable[[str], mc.Catalog],
    ) -> None:
        en = _short(catalog_en, "severe-allergic-reaction")
        assert "hard to breathe" in en
        assert "faint" in en
        fr = _short(catalog_fr, "severe-allergic-reaction")
        assert "malaise" in fr
        assert "mal à respirer" not in fr  # BB13: reads "it hurts to breathe"
        es = _short(catalogs("es"), "severe-allergic-reaction")
        assert "ahogo" in es  # hard to breathe
        assert "desmayo" in es  # faint

    def test_bb4_hives_only_says_lips_and_throat_fine(
        self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog
    ) -> None:
        en = _short(catalog_en, "hives-without-breathing-trouble")
        assert en.startswith("Hives only")
        assert "lips and throat fine" in en
        # Review round 4 (DD12): lips and throat named, as in the English (fits 390 px).
        assert "lèvres, gorge et souffle normaux" in _short(
            catalog_fr, "hives-without-breathing-trouble"
        )

    def test_bb4_spanish_hives_only_says_lips_and_throat_fine(
        self, catalogs: Callable[[str], mc.Catalog]
    ) -> None:
        es = _short(catalogs("es"), "hives-without-breathing-trouble")
        assert es.startswith("Solo ronchas")
        assert "labios" in es
        assert "garganta" in es

    def test_bb6_prp_names_a_shot_not_any_prp(self, catalog_en: mc.Catalog) -> None:
        en = _short(catalog_en, "prp-injection-vision-or-skin-change")
        assert "PRP shot" in en
        assert "eye pain" in en

    def test_bb15_no_comma_before_ou(self, catalog_fr: mc.Catalog) -> None:
        assert ", ou " not in _short(catalog_fr, "fever-or-feeling-unwell")
        # Review round 4 (DD12): here the comma keeps the two kinds apart (pale or white
        # patches; red ones that peel), as the English does.
        assert _short(catalog_fr, "new-patches-on-treated-skin") == (
            "Nouvelles taches pâles ou blanches, ou rouges qui pèlent"
        )

    def test_bb15_spanish_lists(self, catalogs: Callable[[str], mc.Catalog]) -> None:
        """No comma before a list's "o"; the comma only keeps the two kinds of patch apart."""
        catalog = catalogs("es")
        assert ", o " not in _short(catalog, "fever-or-feeling-unwell")
        assert _short(catalog, "new-patches-on-treated-skin") == (
            "Manchas nuevas claras o blancas, o rojas escamosas"
        )


class TestBackLink:
    def test_bb16_full_texts_link_back_to_the_list_on_screen_only(self) -> None:
        page = mc.render_html(mc.build_checklist())
        assert '<p class="back screen-only"><a href="#quick">Return to the list</a></p>' in page
        assert '<span class="screen-only">Tap a line to see what to do. </span>' in page
        es = mc.render_html(mc.build_checklist(locale="es"))
        assert '<p class="back screen-only"><a href="#quick">Volver a la lista</a></p>' in es
        assert '<span class="screen-only">Toque una línea para ver qué hacer. </span>' in es

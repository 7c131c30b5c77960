"""Issue 20's treatment on the sheet (V10), the home-roller glance rows (W2) and the
reporting routes by region (issue 20, point 3).

Each test fails on the code before the change it guards.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest

import microneedle_care as mc
from microneedle_care.rendering._layout import bands

DATE = datetime.date(2026, 11, 25)
FORMATS = ("text", "markdown", "html")
LOCALES = ("en", "fr")


def _sheet(catalog: mc.Catalog, fmt: str, treatments: list[str] | None = None) -> str:
    kwargs = {} if treatments is None else {"treatments": treatments}
    checklist = mc.build_checklist(catalog=catalog, treatment_date=DATE, **kwargs)
    return str(mc.render(checklist, fmt))  # type: ignore[arg-type]


class TestTreatmentOnTheSheet:
    """V10: a sheet for another treatment says which one, in one short header line."""

    @pytest.mark.parametrize("locale", LOCALES)
    @pytest.mark.parametrize("fmt", FORMATS)
    def test_other_treatment_is_named(
        self, catalogs: Callable[[str], mc.Catalog], locale: str, fmt: str
    ) -> None:
        catalog = catalogs(locale)
        rf = catalog.treatment("microneedling-prp")
        text = _sheet(catalog, fmt, ["microneedling-prp"])
        word = "Treatment" if locale == "en" else "Traitement"
        line = next(ln for ln in text.splitlines() if word in ln and rf.name[:20] in ln)
        assert line.count(word) == 1
        # The header comes before the urgent box.
        urgent = "CALL NOW" if locale == "en" and fmt == "text" else None
        if urgent:
            assert text.index(line) < text.index(urgent)

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_several_treatments_on_one_line(self, catalog_en: mc.Catalog, fmt: str) -> None:
        # The text sheet wraps at 80 columns; its continuation lines start with 2 spaces.
        text = _sheet(catalog_en, fmt, ["microneedling-prp", "scalp-microneedling"])
        text = text.replace("\n  ", " ")
        prp = catalog_en.treatment("microneedling-prp").name
        scalp = catalog_en.treatment("scalp-microneedling").name
        lines = [ln for ln in text.splitlines() if "Treatments" in ln]
        assert len(lines) == 1
        assert prp.split(" (")[0] in lines[0]
        assert scalp in lines[0]

    def test_french_colon_has_a_no_break_space(self, catalog_fr: mc.Catalog) -> None:
        text = _sheet(catalog_fr, "text", ["microneedling-prp"])
        assert "Traitement\u00a0: " in text
        both = _sheet(catalog_fr, "markdown", ["microneedling-prp", "scalp-microneedling"])
        assert "sang)\u00a0; Microaiguilletage" in both

    @pytest.mark.parametrize("fmt", FORMATS)
    def test_default_pen_sheet_names_no_treatment(self, catalog_en: mc.Catalog, fmt: str) -> None:
        default = _sheet(catalog_en, fmt)
        assert _sheet(catalog_en, fmt, ["pen-microneedling"]) == default
        assert "Treatment:" not in default
        assert "Treatments:" not in default

    def test_sheet_model_carries_the_line(self, catalog_en: mc.Catalog) -> None:
        from microneedle_care.rendering._sheet import build_sheet

        checklist = mc.build_checklist(catalog=catalog_en, treatments=["body-microneedling"])
        header = build_sheet(checklist).header
        assert header.treatments is not None
        assert header.treatments.text == "Treatment: Microneedling on the body"
        assert build_sheet(mc.build_checklist(catalog=catalog_en)).header.treatments is None


class TestHomeRollerGlance:
    """W2: a pen + home-roller sheet's last glance row still says to stop home needling."""

    def test_last_band_names_home_needling(self, catalog_en: mc.Catalog) -> None:
        checklist = mc.build_checklist(
            catalog=catalog_en, treatment_date=DATE, treatments=["pen-microneedling", "home-roller"]
        )
        last = bands(checklist)[-1]
        assert last.usual
        assert [s.id for s in last.avoid] == ["stop-home-needling"]

    @pytest.mark.parametrize("locale", LOCALES)
    @pytest.mark.parametrize("fmt", FORMATS)
    def test_every_format_says_it(
        self, catalogs: Callable[[str], mc.Catalog], locale: str, fmt: str
    ) -> None:
        catalog = catalogs(locale)
        text = _sheet(catalog, fmt, ["pen-microneedling", "home-roller"])
        short = catalog.aftercare_step("stop-home-needling").short
        still = "Still avoid" if locale == "en" else "Évitez toujours"
        assert f"{still} {short}." in text

    def test_pen_sheet_with_the_home_needling_risk_is_unchanged(
        self, catalog_en: mc.Catalog
    ) -> None:
        # Keyed on the home-roller treatment: the default sheet stays as it was.
        checklist = mc.build_checklist(
            catalog=catalog_en, treatment_date=DATE, risk_factors=["home-or-unsterile-needling"]
        )
        assert bands(checklist)[-1].avoid == ()
        assert "Still avoid" not in str(mc.render(checklist, "text"))

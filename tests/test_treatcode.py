"""Issue 20's treatment on the sheet (V10), the home-roller glance rows (W2) and the
reporting routes by region (issue 20, point 3).

Each test fails on the code before the change it guards.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import attrs
import pytest

import microneedle_care as mc
from microneedle_care import _i18n
from microneedle_care.rendering._layout import bands

DATE = datetime.date(2026, 11, 25)
FORMATS = ("text", "markdown", "html")
LOCALES = _i18n.languages()
# The words these tests look for, per language: the header's "Treatment" line, the urgent
# box's heading, and the glance's "still avoid" lead (AA8).
TREATMENT = {"en": "Treatment", "fr": "Traitement", "es": "Tratamiento"}
URGENT = {"en": "call now or today", "fr": "appelez maintenant", "es": "llame ahora o hoy"}
STILL = {"en": "Do not go back to", "fr": "Ne reprenez pas"}
"""The glance lead AA8 asks for; Spanish is rendered with its message file's lead here (what
that lead says is checked in tests/test_review2_mend.py)."""


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
        prp = catalog.treatment("microneedling-prp")
        text = _sheet(catalog, fmt, ["microneedling-prp"])
        word = TREATMENT[locale]
        line = next(ln for ln in text.splitlines() if word in ln and prp.name[:20] in ln)
        assert line.count(word) == 1
        # The line is in the header, before the urgent box.
        urgent = URGENT[locale]
        assert text.lower().index(line.lower()) < text.lower().index(urgent)

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
        assert scalp[0].lower() + scalp[1:] in lines[0]  # lower-cased after "; " (AA7)

    def test_french_colon_has_a_no_break_space(self, catalog_fr: mc.Catalog) -> None:
        text = _sheet(catalog_fr, "text", ["microneedling-prp"])
        assert "Traitement\u00a0: " in text
        both = _sheet(catalog_fr, "markdown", ["microneedling-prp", "scalp-microneedling"])
        assert "sang)\u00a0; microaiguilletage" in both  # lower-cased after "; " (AA7)

    def test_spanish_treatments_line(self, catalogs: Callable[[str], mc.Catalog]) -> None:
        """Spanish keeps "Tratamiento: " (no French space) and lower-cases after "; " (AA7)."""
        catalog = catalogs("es")
        assert "Tratamiento: " in _sheet(catalog, "text", ["microneedling-prp"])
        both = _sheet(catalog, "markdown", ["microneedling-prp", "scalp-microneedling"])
        assert "sangre); microagujas en el cuero cabelludo" in both

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
        still = STILL.get(locale) or _i18n.messages(locale).sheet["still_avoid"]  # AA8
        assert f"{still} {short}." in text

    def test_pen_sheet_with_the_home_needling_risk_is_unchanged(
        self, catalog_en: mc.Catalog
    ) -> None:
        # Keyed on the home-roller treatment: the default sheet stays as it was.
        checklist = mc.build_checklist(
            catalog=catalog_en, treatment_date=DATE, risk_factors=["home-or-unsterile-needling"]
        )
        assert bands(checklist)[-1].avoid == ()
        assert "Do not go back to" not in str(mc.render(checklist, "text"))


class TestReportingRoutes:
    """Issue 20 point 3: where a complication is reported, by treatment and region."""

    CORE = ("us-fda-medwatch", "ca-health-canada-devices", "ca-health-canada-side-effects")

    def test_the_region_selects_the_routes(self, catalog_en: mc.Catalog) -> None:
        ids = lambda **kw: [r.id for r in mc.reporting_routes(catalog_en, **kw)]  # noqa: E731
        assert ids(region="US-NY") == ids(region="us") == ["us-fda-medwatch"]
        assert ids(region="CA-QC") == ids(region="CA") == list(self.CORE[1:])
        assert ids(region="FR-75") == []
        assert ids() == list(self.CORE)  # no region: every region's routes

    def test_treatments_add_their_own_and_inherit(self, catalog_en: mc.Catalog) -> None:
        def ids(*treatments: str) -> list[str]:
            return [r.id for r in mc.reporting_routes(catalog_en, treatments=treatments)]

        assert ids() == ids("pen-microneedling") == list(self.CORE)
        assert ids("rf-microneedling") == list(self.CORE)  # inherits the pen's
        assert ids("home-roller") == list(self.CORE)
        exosome = ids("microneedling-serum-or-exosome")
        assert exosome == ["us-fda-medwatch", "us-fda-regenerative-products", *self.CORE[1:]]
        # Merged, each once, in the content's order.
        assert ids("microneedling-serum-or-exosome", "rf-microneedling") == exosome
        with pytest.raises(mc.UnknownIdError):
            ids("no-such-treatment")
        with pytest.raises(mc.InvalidTypeError):
            mc.reporting_routes(catalog_en, treatments="home-roller")
        with pytest.raises(mc.InvalidValueError):
            mc.reporting_routes(catalog_en, region="Ontario")

    def test_every_treatment_has_a_route_in_each_country(self, catalog_en: mc.Catalog) -> None:
        for treatment in catalog_en.treatments:
            for country in ("US", "CA"):
                routes = mc.reporting_routes(catalog_en, region=country, treatments=[treatment.id])
                assert routes, (treatment.id, country)

    def test_addresses_are_official_and_were_checked(self, catalog_en: mc.Catalog) -> None:
        from urllib.parse import urlsplit

        routes = catalog_en.reporting_routes
        assert {r.id for r in routes} == {*self.CORE, "us-fda-regenerative-products"}
        for route in routes:
            host = urlsplit(route.address).hostname or ""
            assert route.address.startswith("https://")
            assert host in {"www.fda.gov", "www.canada.ca"}, route.id
            refs = [catalog_en.reference(i) for i in route.references]
            assert all(ref.verified and ref.verified_at for ref in refs), route.id
            # The first reference is the record of the address itself.
            assert refs[0].url == route.address, route.id
        from microneedle_care.reporting import address_for

        side = catalog_en.reporting_routes[-1]
        assert address_for(side, "fr-CA") == side.address_fr
        assert side.address_fr is not None
        assert "/fr/" in side.address_fr
        assert address_for(side, "en") == side.address
        medwatch = catalog_en["us-fda-medwatch"]
        assert isinstance(medwatch, mc.ReportingRoute)
        assert address_for(medwatch, "fr") == medwatch.address  # no French page
        # No route has a Spanish page: Spanish gets the main (English) address, not French.
        assert address_for(side, "es-US") == side.address

    def test_clinician_facing_only(self, catalogs: Callable[[str], mc.Catalog]) -> None:
        assert mc.patient_fields(mc.ReportingRoute) == ()
        assert mc.clinician_fields(mc.ReportingRoute) == ("regulator", "who", "clinician_notes")
        # The translated catalogs carry the same routes: nothing in them is translated.
        for locale in LOCALES:
            assert catalogs(locale).reporting_routes == catalogs("en").reporting_routes
        for locale in LOCALES:
            catalog = catalogs(locale)
            for treatments in (None, ["microneedling-serum-or-exosome"], ["home-roller"]):
                for fmt in FORMATS:
                    sheet = _sheet(catalog, fmt, treatments)
                    for route in catalog.reporting_routes:
                        assert route.address not in sheet
                        assert route.regulator not in sheet

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"address": "http://www.fda.gov/x"}, "not an https page on a regulator"),
            ({"address": "https://www.fda.gov.example.com/x"}, "not an https page"),
            ({"address_fr": "https://example.org/fr"}, "not an https page"),
            ({"region": "Canada"}, "is not a code like"),
        ],
    )
    def test_rules_refuse_a_bad_route(
        self, packaged_data: dict[str, object], change: dict[str, str], message: str
    ) -> None:
        routes = packaged_data["reporting_routes"]
        assert isinstance(routes, list)
        routes[0].update(change)
        with pytest.raises(mc.ContentError, match=message):
            mc.parse(packaged_data)

    def test_rules_refuse_an_unknown_route_id(self, packaged_data: dict[str, object]) -> None:
        treatments = packaged_data["treatments"]
        assert isinstance(treatments, list)
        treatments[0]["reporting"] = ["no-such-route"]
        with pytest.raises(mc.ContentError, match="does not exist in reporting_routes"):
            mc.parse(packaged_data)

    def test_a_clinic_pack_can_add_a_route(self, catalog_en: mc.Catalog) -> None:
        route = attrs.evolve(catalog_en.reporting_routes[0], id="clinic-qc-route", region="CA-QC")
        pack = mc.ClinicPack(pack=mc.PackInfo(name="c", version="1"), reporting_routes=(route,))
        merged = catalog_en.with_pack(pack)
        assert merged["clinic-qc-route"] == route
        # No treatment names it, so a visit does not get it; the full list has it.
        assert route in merged.reporting_routes
        assert route not in mc.reporting_routes(merged, region="CA-QC")

    def test_list_and_show(self, capsys: pytest.CaptureFixture[str]) -> None:
        from microneedle_care.cli import main

        assert main(["list", "reporting-routes"]) == 0
        out = capsys.readouterr().out
        assert out.splitlines()[0].startswith("us-fda-medwatch\tUS Food and Drug Administration")
        assert main(["show", "ca-health-canada-side-effects"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("ReportingRoute ca-health-canada-side-effects")
        assert "address_fr: https://www.canada.ca/fr/" in out

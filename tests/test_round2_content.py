"""Round-2 content review (issue 16 item 5): one test (or a few) per finding mended in the
content, so that a finding that comes back fails here by name (R2-2 ... R2-22)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

import microneedle_care as mc
from microneedle_care import _i18n

LOCALES = _i18n.languages()

EXPOSURE_TEXTS = {
    "sign": lambda c: c.warning_sign("needled-with-shared-tools").action,
    "step": lambda c: c.aftercare_step("get-tested-after-unsterile-needling").action,
    "cause": lambda c: c.cause("blood-borne-infection").how_to_tell,
}


class TestExposure:
    """R2-2, R2-19, R2-20: after another person's blood, the ER first, and test again later."""

    @pytest.mark.parametrize("where", sorted(EXPOSURE_TEXTS))
    def test_emergency_room_is_the_first_place(
        self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog, where: str
    ) -> None:
        en = EXPOSURE_TEXTS[where](catalog_en)
        fr = EXPOSURE_TEXTS[where](catalog_fr)
        assert "emergency room" in en, where
        assert "l'urgence d'un hôpital" in fr, where
        assert "go today to a hospital or a sexual health clinic" not in en
        assert "allez-y aujourd'hui" not in fr  # R2-2 (d): no place named

    def test_the_window_is_a_limit_not_a_best_case(
        self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog
    ) -> None:
        action = catalog_en.warning_sign("needled-with-shared-tools").action
        assert "works best if you start it within 3 days" not in action
        assert "must start within 3 days" in action
        assert "within 1 day" in action
        fr = catalog_fr.warning_sign("needled-with-shared-tools").action
        assert "doit commencer dans les 3 jours" in fr
        assert "première journée" in fr

    def test_a_sexual_health_clinic_only_if_it_can_see_you_today(
        self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog
    ) -> None:
        assert (
            "only if it can see you today"
            in catalog_en.warning_sign("needled-with-shared-tools").action
        )
        for text in (
            catalog_fr.warning_sign("needled-with-shared-tools").action,
            catalog_fr.aftercare_step("get-tested-after-unsterile-needling").action,
        ):
            assert "CLSC" in text
            assert "seulement s'ils peuvent vous voir aujourd'hui" in text

    def test_step_names_the_hepatitis_b_shot(
        self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog
    ) -> None:
        assert (
            "hepatitis B shot"
            in catalog_en.aftercare_step("get-tested-after-unsterile-needling").action
        )
        assert (
            "vaccin contre l'hépatite B"
            in catalog_fr.aftercare_step("get-tested-after-unsterile-needling").action
        )

    @pytest.mark.parametrize("where", ["sign", "step"])
    def test_tests_are_repeated_later(
        self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog, where: str
    ) -> None:
        assert "get tested again later" in EXPOSURE_TEXTS[where](catalog_en)
        assert "refaites les tests plus tard" in EXPOSURE_TEXTS[where](catalog_fr)

    def test_french_says_needled_not_treated(self, catalog_fr: mc.Catalog) -> None:
        """R2-19: « traité » is vaguer than needled, and masculine only."""
        catalog = catalog_fr
        texts = [
            catalog.warning_sign("needled-with-shared-tools").sign,
            catalog.warning_sign("needled-with-shared-tools").question,
            catalog.aftercare_step("get-tested-after-unsterile-needling").action,
            catalog.cause("blood-borne-infection").how_to_tell,
        ]
        for text in texts:
            assert "été traité" not in text, text


class TestAllergyAndInfection:
    def test_hives_escalate_for_faintness(
        self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog
    ) -> None:
        """R2-5: feeling faint or dizzy with hives is a 911 trigger, as in the allergy sign."""
        assert "faint or dizzy" in catalog_en.warning_sign("hives-without-breathing-trouble").action
        sign = catalog_fr.warning_sign("hives-without-breathing-trouble")
        assert "évanouir" in sign.action
        assert "sans difficulté à respirer" in sign.question
        assert "sans mal à respirer" not in sign.question

    def test_infection_goes_to_the_er_with_fever_not_for_fever_alone(
        self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog
    ) -> None:
        """R2-6: skin signs with fever -> ER; fever alone -> same-day doctor, ER if very unwell."""
        infection = catalog_en.warning_sign("signs-of-infection").action
        assert "also have a fever or chills" in infection
        assert "Do you have a fever, or redness" not in infection
        fever = catalog_en.warning_sign("fever-or-feeling-unwell").action
        assert fever.startswith("Get help the same day")
        assert "very unwell" in fever
        assert "aussi de la fièvre" in catalog_fr.warning_sign("signs-of-infection").action
        assert "très mal" in catalog_fr.warning_sign("fever-or-feeling-unwell").action

    def test_the_eye_trigger_is_spreading_swelling_around_it(
        self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog
    ) -> None:
        """R2-6: not any redness near the eye (normal on day 1 under the eyes)."""
        action = catalog_en.warning_sign("signs-of-infection").action
        assert "near your eye" not in action
        assert "around your eye keeps spreading" in action
        assert "est près de l'œil" not in catalog_fr.warning_sign("signs-of-infection").action


class TestEye:
    def test_reachable_same_day_eye_care(
        self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog
    ) -> None:
        """R2-7: the ER or an optometrist, not "an eye doctor"; what to do if rinsing fails."""
        action = catalog_en.warning_sign("eye-pain-or-vision-change").action
        assert "eye doctor" not in action
        assert "emergency room" in action
        assert "optometrist" in action
        assert "still hurts" in action
        fr = catalog_fr.warning_sign("eye-pain-or-vision-change").action
        assert "médecin des yeux" not in fr
        assert "optométriste" in fr
        assert "encore mal" in fr


class TestBreakout:
    def test_two_week_part_is_asked_from_day_14(self, catalog_en: mc.Catalog) -> None:
        """R2-8: "not better after 2 weeks" is not asked on day 1."""
        sign = catalog_en.warning_sign("breakout-not-improving")
        assert sign.asked_from_day == 14
        assert "2 weeks" in sign.question
        assert "lumps" not in sign.sign

    def test_painful_lumps_are_asked_from_day_1(
        self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog
    ) -> None:
        sign = catalog_en.warning_sign("large-painful-lumps")
        assert sign.asked_from_day == 0
        assert "lumps" in sign.question
        assert "2 weeks" not in sign.question
        assert sign.urgency is mc.Urgency.WITHIN_DAYS
        assert "same day" in sign.action  # an abscess is not left for days
        assert "kystes" in catalog_fr.warning_sign("large-painful-lumps").sign

    def test_day_1_check_in_asks_lumps_not_two_weeks(self, catalog_en: mc.Catalog) -> None:
        asked = {s.id for s in catalog_en.warning_signs if (s.asked_from_day or 0) <= 1}
        assert "large-painful-lumps" in asked
        assert "breakout-not-improving" not in asked


class TestDarkMarks:
    def test_sun_and_months(self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog) -> None:
        """R2-9: stay out of strong sun; the marks can take months."""
        action = catalog_en.warning_sign("dark-marks-lasting").action
        assert "strong sun" in action
        assert "months" in action
        fr = catalog_fr.warning_sign("dark-marks-lasting").action
        assert "soleil fort" in fr
        assert "mois" in fr


class TestScreening:
    def test_diabetes_time_frame_and_skin_cancer(
        self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog
    ) -> None:
        """R2-10: uncontrolled diabetes; a time frame for laser/peel/filler; skin cancer."""
        action = catalog_en.aftercare_step("tell-clinic-before-treatment").action
        assert "diabetes that is not well controlled" in action
        assert "in the last few months" in action
        assert "skin cancer" in action
        fr = catalog_fr.aftercare_step("tell-clinic-before-treatment").action
        assert "diabète mal contrôlé" in fr
        assert "dans les derniers mois" in fr
        assert "cancer de la peau" in fr

    @pytest.mark.parametrize("locale", LOCALES)
    def test_no_claim_about_device_makers(
        self, catalogs: Callable[[str], mc.Catalog], locale: str
    ) -> None:
        """R2-11: the makers' labelling was not read in an FDA or maker record."""
        catalog = catalogs(locale)
        texts = [
            catalog.risk_factor("pregnant-or-breastfeeding").description,
            catalog.risk_factor("recent-isotretinoin").description,
            catalog.aftercare_step("tell-clinic-before-treatment").reason,
        ]
        for text in texts:
            assert not re.search(r"makers|fabricants", text, re.IGNORECASE), text

    def test_fda_reference_says_what_it_does_not_show(self, catalog_en: mc.Catalog) -> None:
        """R2-13: the openFDA classification record shows no contraindication."""
        ref = catalog_en.reference("fda-den160029-skinpen")
        assert "Does not support: any contraindication" in ref.note
        assert "could be read in this check" in ref.note
        assert "api.fda.gov" in (ref.verified_at or "")

    def test_hormonal_note_is_not_absolute(self, catalog_en: mc.Catalog) -> None:
        """R2-12: the clinician note no longer says "not caused by needling"."""
        note = catalog_en.risk_factor("cyclic-hormonal-or-stress-flares").clinician_notes
        assert "not caused by needling" not in note
        assert note.startswith("Often coincidental")

    def test_npep_correction_is_noted(self, catalog_en: mc.Catalog) -> None:
        """R2-14 (note only): the guideline's correction notice is recorded."""
        assert "PMC12445455" in catalog_en.reference("cdc-2025-npep-guidelines").note


class TestWording:
    def test_even_swelling_is_unambiguous(
        self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog
    ) -> None:
        """R2-16/R2-17: "even puffiness" read as "any puffiness" (and so translated)."""
        assert "Even puffiness" not in catalog_en.cause("expected-healing").summary
        assert (
            "Même si la peau traitée est bouffie"
            not in catalog_fr.cause("expected-healing").summary
        )

    def test_allergy_step_french_names_rash_or_swelling(self, catalog_fr: mc.Catalog) -> None:
        """R2-18: the French says what the English says."""
        action = catalog_fr.aftercare_step("tell-clinic-about-allergies").action
        assert "éruption ou une enflure" in action

    def test_clopidogrel_in_both_languages(
        self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog
    ) -> None:
        assert "Clopidogrel" in catalog_en.risk_factor("bleeding-or-clotting-problem").description
        assert "clopidogrel" in catalog_fr.risk_factor("bleeding-or-clotting-problem").description

    def test_french_vitiligo_sentence(self, catalog_fr: mc.Catalog) -> None:
        """R2-19: no « la tache … des taches »."""
        summary = catalog_fr.cause("vitiligo-or-psoriasis-spread").summary
        assert "moitié des taches" not in summary
        assert "tache blanche s'est agrandie" in summary

    def test_one_moisturizer_spelling_in_patient_text(self, catalog_en: mc.Catalog) -> None:
        """R2-22: patient text spells it "moisturizer" throughout (ids keep "moisturise")."""
        texts = [s.action for s in catalog_en.aftercare_steps] + [
            s.reason for s in catalog_en.aftercare_steps
        ]
        texts += [c.summary for c in catalog_en.causes] + [c.how_to_tell for c in catalog_en.causes]
        for text in texts:
            assert not re.search(r"moisturis", text), text


class TestRegionSources:
    def test_bc_rests_on_an_on_topic_health_authority_page(self) -> None:
        """R2-15: B.C. no longer rests on the COVID-19 state-of-emergency page."""
        from microneedle_care import regions

        refs = regions._entries()["CA-BC"].references
        addresses = [r.verified_at for r in refs]
        assert not any("covid19-provincial-state-of-emergency" in a for a in addresses)
        assert "https://islandhealth.ca/right-care-right-place" in addresses


@pytest.fixture
def catalog_es(catalogs: Callable[[str], mc.Catalog]) -> mc.Catalog:
    """The packaged content in Spanish (es-US)."""
    return catalogs("es")


class TestSpanish:
    """The round-2 findings above, checked on the Spanish text for the same meaning."""

    @pytest.mark.parametrize("where", sorted(EXPOSURE_TEXTS))
    def test_emergency_room_is_the_first_place(self, catalog_es: mc.Catalog, where: str) -> None:
        """R2-2: after another person's blood, the emergency room, not "a hospital or clinic"."""
        text = EXPOSURE_TEXTS[where](catalog_es)
        assert "sala de emergencias" in text, where
        assert "a un hospital o a una clínica de salud sexual" not in text

    def test_the_window_is_a_limit_not_a_best_case(self, catalog_es: mc.Catalog) -> None:
        """R2-20: HIV medicine must start within 3 days; it works best on the first day."""
        action = catalog_es.warning_sign("needled-with-shared-tools").action
        assert "se tiene que empezar antes de que pasen 3 días" in action
        assert "funciona mejor en el primer día" in action
        assert "funciona mejor si lo empieza dentro de 3 días" not in action
        step = catalog_es.aftercare_step("get-tested-after-unsterile-needling").action
        # "Antes de que pasen", not "dentro de": the latter reads as "in 3 days' time" (ESS-1).
        assert "tiene que empezar antes de que pasen 3 días (72 horas)" in step
        assert "dentro de 3 días" not in step

    def test_a_sexual_health_clinic_only_if_it_can_see_you_today(
        self, catalog_es: mc.Catalog
    ) -> None:
        for text in (
            catalog_es.warning_sign("needled-with-shared-tools").action,
            catalog_es.aftercare_step("get-tested-after-unsterile-needling").action,
        ):
            assert "clínica de salud sexual solo si le pueden atender hoy" in text

    def test_step_names_the_hepatitis_b_shot(self, catalog_es: mc.Catalog) -> None:
        step = catalog_es.aftercare_step("get-tested-after-unsterile-needling").action
        assert "vacuna contra la hepatitis B" in step

    @pytest.mark.parametrize("where", ["sign", "step"])
    def test_tests_are_repeated_later(self, catalog_es: mc.Catalog, where: str) -> None:
        """R2-19: a test done too soon can miss the virus: test again later."""
        text = EXPOSURE_TEXTS[where](catalog_es)
        assert re.search(r"otra vez más tarde|vuelva a hacerse la prueba más adelante", text)

    def test_hives_escalate_for_faintness(self, catalog_es: mc.Catalog) -> None:
        """R2-5: faint or dizzy with hives is 911; the question says breathing is fine."""
        sign = catalog_es.warning_sign("hives-without-breathing-trouble")
        assert "Llame también al 911 si siente que se va a desmayar o si se marea." in sign.action
        assert "sin problemas para respirar" in sign.question

    def test_infection_goes_to_the_er_with_fever_not_for_fever_alone(
        self, catalog_es: mc.Catalog
    ) -> None:
        """R2-6: skin signs with fever -> the ER; fever alone -> same day, the ER if very unwell."""
        infection = catalog_es.warning_sign("signs-of-infection").action
        assert "Si también tiene fiebre o escalofríos, vaya a la sala de emergencias" in infection
        fever = catalog_es.warning_sign("fever-or-feeling-unwell").action
        assert fever.startswith("Busque ayuda el mismo día")
        assert "Si se siente muy mal, vaya a una sala de emergencias" in fever

    def test_the_eye_trigger_is_spreading_swelling_around_it(self, catalog_es: mc.Catalog) -> None:
        action = catalog_es.warning_sign("signs-of-infection").action
        assert "cerca del ojo" not in action
        assert "alrededor del ojo se sigue extendiendo" in action

    def test_reachable_same_day_eye_care(self, catalog_es: mc.Catalog) -> None:
        """R2-7: the ER or an optometrist today; what to do if it still hurts after rinsing."""
        action = catalog_es.warning_sign("eye-pain-or-vision-change").action
        assert "médico de los ojos" not in action
        assert "sala de emergencias" in action
        assert "optometrista" in action
        assert "todavía le duele" in action

    def test_breakout_and_lumps(self, catalog_es: mc.Catalog) -> None:
        """R2-8: "2 weeks" only in the breakout question; lumps the same day if they get hot."""
        breakout = catalog_es.warning_sign("breakout-not-improving")
        assert "2 semanas" in breakout.question
        assert "bultos" not in breakout.sign
        lumps = catalog_es.warning_sign("large-painful-lumps")
        assert "bultos" in lumps.question
        assert "semanas" not in lumps.question
        assert "busque ayuda el mismo día" in lumps.action
        assert "quistes" in lumps.sign

    def test_dark_marks_sun_and_months(self, catalog_es: mc.Catalog) -> None:
        """R2-9."""
        action = catalog_es.warning_sign("dark-marks-lasting").action
        assert "sol fuerte" in action
        assert "meses" in action

    def test_diabetes_time_frame_and_skin_cancer(self, catalog_es: mc.Catalog) -> None:
        """R2-10."""
        action = catalog_es.aftercare_step("tell-clinic-before-treatment").action
        assert "diabetes que no está bien controlada" in action
        assert "En los últimos meses" in action
        assert "cáncer de piel" in action

    def test_wording(self, catalog_es: mc.Catalog) -> None:
        """R2-16/17 (mild, even swelling, not any), R2-18 (rash or swelling), clopidogrel."""
        summary = catalog_es.cause("expected-healing").summary
        assert "Una hinchazón leve y pareja en toda la piel tratada es normal." in summary
        assert "cualquier hinchazón" not in summary
        allergies = catalog_es.aftercare_step("tell-clinic-about-allergies").action
        assert "salpullido o hinchazón" in allergies
        rf = catalog_es.risk_factor("bleeding-or-clotting-problem").description
        assert "clopidogrel" in rf

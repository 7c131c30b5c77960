"""Warning signs, risk factors and screening: the safety findings of the 2.0.0 content review.

One test (or a few) per finding of ``reviews/content-2.0.0-review.md`` (issue 16), so that a
finding that comes back fails here by name.
"""

from __future__ import annotations

import datetime
import re
import statistics
from collections.abc import Callable
from urllib.parse import urlparse

import pytest

import microneedle_care as mc
from microneedle_care import _i18n
from microneedle_care.model import Urgency
from microneedle_care.rendering.messages import render_sms
from microneedle_care.schedule import build_schedule

LOCALES = _i18n.languages()

# The items this lane owns: every warning sign and risk factor, and these steps and causes.
STEPS = (
    "tell-clinic-before-treatment",
    "tell-clinic-about-medicines",
    "tell-clinic-about-cold-sores",
    "tell-clinic-about-allergies",
    "tell-clinic-about-active-spots",
    "get-tested-after-unsterile-needling",
    "stop-home-needling",
)
CAUSES = (
    "blood-borne-infection",
    "expected-healing",
    "bleeding-and-bruising",
    "vitiligo-or-psoriasis-spread",
    "immediate-allergic-reaction",
)
# Hosts that are the record itself: PubMed/PMC, the DOI resolver, or the issuing body.
AUTHORITATIVE = (
    "pubmed.ncbi.nlm.nih.gov",
    "pmc.ncbi.nlm.nih.gov",
    "doi.org",
    "stacks.cdc.gov",
    "www.cdc.gov",
    "api.fda.gov",
    "www.accessdata.fda.gov",
    "www.fda.gov",
)


def _texts(catalog: mc.Catalog) -> list[tuple[str, str]]:
    """Every patient-facing text of this lane's items, as (item.field, text)."""
    out: list[tuple[str, str]] = []
    for sign in catalog.warning_signs:
        out += [(f"{sign.id}.{f}", getattr(sign, f)) for f in ("sign", "action", "question")]
    for rf in catalog.risk_factors:
        out += [(f"{rf.id}.{f}", getattr(rf, f)) for f in ("name", "description", "question")]
    for step_id in STEPS:
        step = catalog.aftercare_step(step_id)
        out += [(f"{step_id}.action", step.action), (f"{step_id}.reason", step.reason)]
    for cause_id in CAUSES:
        cause = catalog.cause(cause_id)
        out += [(f"{cause_id}.{f}", getattr(cause, f)) for f in ("name", "summary", "how_to_tell")]
    return out


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]


class TestSharedNeedles:
    """S1: exposure to another person's blood is same-day within 72 hours."""

    def test_sign_is_same_day_and_names_the_window(self, catalog_en: mc.Catalog) -> None:
        sign = catalog_en.warning_sign("needled-with-shared-tools")
        assert sign.urgency is Urgency.SAME_DAY
        assert "3 days" in sign.action
        assert "72 hours" in sign.action
        assert "go now to the emergency room" in sign.action  # R2-2: the ER first
        assert "HIV" in sign.action
        assert "hepatitis B" in sign.action
        assert "cdc-2025-npep-guidelines" in sign.references

    def test_french_names_the_window(self, catalog_fr: mc.Catalog) -> None:
        action = catalog_fr.warning_sign("needled-with-shared-tools").action
        assert "72 heures" in action
        assert "aujourd'hui" in action

    def test_step_and_cause_give_the_window(
        self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog
    ) -> None:
        assert "72 hours" in catalog_en.aftercare_step("get-tested-after-unsterile-needling").action
        assert (
            "72 heures" in catalog_fr.aftercare_step("get-tested-after-unsterile-needling").action
        )
        assert "3 days" in catalog_en.cause("blood-borne-infection").how_to_tell
        assert "cdc-2025-npep-guidelines" in catalog_en.cause("blood-borne-infection").references

    def test_npep_reference_is_the_cdc_guideline(self, catalog_en: mc.Catalog) -> None:
        ref = catalog_en.reference("cdc-2025-npep-guidelines")
        assert ref.doi == "10.15585/mmwr.rr7401a1"
        assert ref.pmid == "40331832"
        assert ref.year == 2025
        assert "72 hours" in ref.note


class TestAnaphylaxis:
    """S2: normal swelling is not sent to 911; the red flag is lips, tongue or throat."""

    def test_sign_names_lips_tongue_throat_not_the_face(self, catalog_en: mc.Catalog) -> None:
        sign = catalog_en.warning_sign("severe-allergic-reaction")
        for text in (sign.sign, sign.question):
            assert "throat" in text
            assert "lips" in text
            assert "tongue" in text
            assert "face" not in text
        assert sign.action.startswith("Call 911")
        assert "epinephrine" in sign.action

    def test_french_names_the_throat_not_the_face(self, catalog_fr: mc.Catalog) -> None:
        sign = catalog_fr.warning_sign("severe-allergic-reaction")
        for text in (sign.sign, sign.question):
            assert "gorge" in text
            assert "visage" not in text
        assert "épinéphrine" in sign.action

    def test_expected_healing_says_puffiness_is_normal(
        self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog
    ) -> None:
        # R2-16/R2-17: mild, even swelling of the treated skin, not "even puffiness" (any).
        assert "Mild swelling spread evenly" in catalog_en.cause("expected-healing").summary
        assert "puffiness" in catalog_en.cause("immediate-allergic-reaction").how_to_tell
        assert "légère enflure, égale sur toute" in catalog_fr.cause("expected-healing").summary

    @pytest.mark.parametrize("locale", LOCALES)
    def test_sms_names_the_emergencies_of_its_window(self, locale: str) -> None:
        """S2 and R2-4: each text asks about the emergencies that can start that day, in the
        sign's own words, and no other: never "swelling of the face", never the allergy line
        on days when only spreading sores can start."""
        catalog = mc.load(locale=locale)
        checklist = mc.build_checklist(catalog=catalog, treatment_date=datetime.date(2026, 12, 1))
        schedule = build_schedule(checklist, tz="UTC", patient="p-1", catalog=catalog)
        allergy = catalog.warning_sign("severe-allergic-reaction")
        for touchpoint in schedule.touchpoints:
            sms = render_sms(schedule, touchpoint)
            assert "face swell" not in sms
            assert "visage qui enfle" not in sms
            assert "hincha la cara" not in sms
            assert "cara hinchada" not in sms
            for sign in catalog.warning_signs:
                if sign.urgency is not mc.Urgency.EMERGENCY:
                    continue
                asked = sign.question in sms
                assert asked == (sign in touchpoint.watch), (touchpoint.day, sign.id)
        first = render_sms(schedule, schedule.touchpoints[0])
        assert allergy.question in first
        assert "911" in first


class TestEmergencyRules:
    """Rules the next content release enforces: one action first; no expected healing."""

    # Words the content uses for expected healing (expected-healing, bleeding-and-bruising).
    EXPECTED = ("face swell", "puff", "red,", "pinpoint", "tiny dots", "small bruise", "scab")

    def test_every_emergency_action_starts_with_one_action(self, catalog_en: mc.Catalog) -> None:
        for sign in catalog_en.warning_signs:
            if sign.urgency is Urgency.EMERGENCY:
                first = _first_sentence(sign.action)
                assert "911" in first or "emergency room" in first, sign.id
                assert " or call 911" not in first, sign.id  # one action, not a choice

    def test_no_emergency_sign_describes_expected_healing(self, catalog_en: mc.Catalog) -> None:
        for sign in catalog_en.warning_signs:
            if sign.urgency is Urgency.EMERGENCY:
                text = f"{sign.sign} {sign.question}".lower()
                for word in self.EXPECTED:
                    assert word not in text, (sign.id, word)


class TestOverTriage:
    """S5, S7, S8: the normal grid of scabs, the eye and facial ooze are not 911 by default."""

    def test_eczema_herpeticum_has_its_distinguishing_features(
        self, catalog_en: mc.Catalog
    ) -> None:
        sign = catalog_en.warning_sign("spreading-sores-with-eczema")
        assert "New ones keep showing up" in sign.sign
        assert "fever" in sign.sign
        assert "without it" in sign.sign  # can happen without eczema
        assert _first_sentence(sign.action) == "Go to a hospital emergency room now."

    def test_expected_healing_names_the_grid_of_scabs(self, catalog_en: mc.Catalog) -> None:
        summary = catalog_en.cause("expected-healing").summary
        assert "scabs in the pattern of the needles" in summary

    def test_eye_is_same_day_with_rinsing_and_911_only_for_sudden_loss(
        self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog
    ) -> None:
        sign = catalog_en.warning_sign("eye-pain-or-vision-change")
        assert sign.urgency is Urgency.SAME_DAY
        assert "911" not in _first_sentence(sign.action)
        assert "rinse" in sign.action
        assert "15 minutes" in sign.action
        assert "Call 911 if you suddenly cannot see" in sign.action
        assert "rincez" in catalog_fr.warning_sign("eye-pain-or-vision-change").action

    def test_bleeding_keeps_pressure_first_and_911_only_if_heavy(
        self, catalog_en: mc.Catalog
    ) -> None:
        sign = catalog_en.warning_sign("bleeding-will-not-stop")
        assert sign.urgency is Urgency.SAME_DAY
        assert _first_sentence(sign.action).startswith("Press firmly")
        assert "Call 911 if the bleeding is heavy or you feel faint" in sign.action


class TestHives:
    """S9: hives alone have their own same-day sign."""

    def test_hives_sign_exists_and_is_same_day(self, catalog_en: mc.Catalog) -> None:
        sign = catalog_en.warning_sign("hives-without-breathing-trouble")
        assert sign.urgency is Urgency.SAME_DAY
        assert sign.points_to == ("immediate-allergic-reaction",)
        assert "hives" in sign.sign
        assert "hives" in sign.question
        assert "Call your clinic today" in sign.action
        assert "Call 911 if your lips, tongue or throat swell" in sign.action

    def test_hives_sign_in_french(self, catalog_fr: mc.Catalog) -> None:
        sign = catalog_fr.warning_sign("hives-without-breathing-trouble")
        assert "urticaire" in sign.sign
        assert sign.question.endswith("?")
        assert "911" in sign.action


class TestScreening:
    """S3, S4, S11, E5, L3: what to tell the clinic, from which source, and where it shows."""

    WORDS = (
        "blood thinner",
        "warfarin",
        "aspirin",
        "keloids",
        "immune system",
        "wart",
        "rash",
        "cold sore",
        "radiation",
        "laser",
        "peel",
        "filler",
        "pregnant",
    )

    def test_before_treatment_list_is_complete(self, catalog_en: mc.Catalog) -> None:
        step = catalog_en.aftercare_step("tell-clinic-before-treatment")
        for word in self.WORDS:
            assert word in step.action, word
        assert "Do not stop it on your own" in step.action
        assert "fda-den160029-skinpen" in step.references

    def test_french_before_treatment_list(self, catalog_fr: mc.Catalog) -> None:
        action = catalog_fr.aftercare_step("tell-clinic-before-treatment").action
        for word in ("chéloïdes", "warfarine", "radiothérapie", "verrue", "enceinte"):
            assert word in action, word

    def test_medicines_step_names_blood_thinners_and_immune_medicine(
        self, catalog_en: mc.Catalog
    ) -> None:
        action = catalog_en.aftercare_step("tell-clinic-about-medicines").action
        assert "warfarin" in action
        assert "immune system" in action
        assert "taken by mouth" in action
        assert (
            "fda-den160029-skinpen"
            in catalog_en.aftercare_step("tell-clinic-about-medicines").references
        )

    def test_blood_thinner_examples_in_the_risk_factor(self, catalog_en: mc.Catalog) -> None:
        rf = catalog_en.risk_factor("bleeding-or-clotting-problem")
        assert "warfarin" in rf.description
        assert "aspirin" in rf.description
        assert "Do not stop a blood thinner on your own" in rf.description

    @pytest.mark.parametrize("risk_id", ["pregnant-or-breastfeeding", "recent-isotretinoin"])
    def test_device_labelling_is_cited(self, catalog_en: mc.Catalog, risk_id: str) -> None:
        rf = catalog_en.risk_factor(risk_id)
        assert "fda-den160029-skinpen" in rf.references
        # R2-11/R2-13: the labelling was not read in an FDA or maker record, so the patient
        # text makes no claim about what makers say; the clinician note says "reported".
        assert "makers" not in rf.description.lower()
        assert "reported" in rf.clinician_notes
        assert (
            "dermatologist-2016-prp-acne-scars"
            not in catalog_en.risk_factor("pregnant-or-breastfeeding").references
        )  # E5: it does not mention pregnancy

    def test_fda_reference(self, catalog_en: mc.Catalog) -> None:
        ref = catalog_en.reference("fda-den160029-skinpen")
        assert ref.source_type is mc.SourceType.REGULATOR
        assert "DEN160029" in ref.title
        assert "878.4430" in ref.note
        assert "isotretinoin" in ref.note
        assert "pregnancy" in ref.note

    @pytest.mark.parametrize(
        ("locale", "heading", "first"),
        [
            ("en", "BEFORE YOUR NEXT SESSION", "FIRST 24 HOURS"),
            ("fr", "AVANT VOTRE PROCHAINE SÉANCE", "LES 24 PREMIÈRES HEURES"),
            ("es", "ANTES DE SU PRÓXIMA SESIÓN", "LAS PRIMERAS 24 HORAS"),
        ],
    )
    def test_screening_renders_under_before_your_next_session(
        self, locale: str, heading: str, first: str
    ) -> None:
        catalog = mc.load(locale=locale)
        text = mc.render_text(
            mc.build_checklist(catalog=catalog, treatment_date=datetime.date(2026, 12, 1))
        )
        action = catalog.aftercare_step("tell-clinic-before-treatment").action
        start = _first_sentence(action)[:40]
        assert heading in text
        where = text.index(start.split()[0] + " " + start.split()[1])
        assert text.index(heading) < where, "screening must sit under its own heading"
        first_day = text[text.index(first) : text.index(heading)]
        assert start[:20] not in first_day

    def test_screening_items_are_in_their_own_section(self) -> None:
        checklist = mc.build_checklist(risk_factors=["cold-sore-history"])
        by_kind = {s.kind: [i.step.id for i in s.items] for s in checklist.sections}
        screening = by_kind[mc.SectionKind.BEFORE_NEXT_SESSION]
        assert "tell-clinic-before-treatment" in screening
        assert "tell-clinic-about-cold-sores" in screening
        assert "tell-clinic-before-treatment" not in by_kind[mc.SectionKind.FIRST_DAY]


class TestAccuracy:
    """S6, A3, A5, E7: referral path, the vitiligo study, bruises, citations."""

    def test_breakout_sign_names_a_reachable_first_stop(
        self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog
    ) -> None:
        action = catalog_en.warning_sign("breakout-not-improving").action
        assert "family doctor" in action
        assert "walk-in clinic" in action
        assert "médecin de famille" in catalog_fr.warning_sign("breakout-not-improving").action

    def test_vitiligo_study_is_described_as_it_was(
        self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog
    ) -> None:
        summary = catalog_en.cause("vitiligo-or-psoriasis-spread").summary
        assert "hands and feet" in summary
        assert "about half of the patches" in summary
        assert "Koebner" not in summary  # L1: jargon the patient does not need
        assert "Koebner" not in catalog_fr.cause("vitiligo-or-psoriasis-spread").summary

    def test_small_bruise_is_normal(self, catalog_en: mc.Catalog) -> None:
        assert "small bruise" in catalog_en.cause("bleeding-and-bruising").summary
        assert "near the eyes" in catalog_en.cause("expected-healing").summary

    def test_anaphylaxis_sign_cites_no_delayed_reaction_series(
        self, catalog_en: mc.Catalog
    ) -> None:
        refs = catalog_en.warning_sign("severe-allergic-reaction").references
        assert "soltani-arabshahi-2014-granulomatous-reaction" not in refs

    def test_hormonal_flare_is_not_ruled_out_as_caused(self, catalog_en: mc.Catalog) -> None:
        rf = catalog_en.risk_factor("cyclic-hormonal-or-stress-flares")
        assert "It is not caused by the treatment" not in rf.description


class TestFrench:
    """F1, F2, F3, F5, F8, F9, F10: French meaning and Québec usage in this lane's items."""

    def test_no_province_lines_in_patient_text(self, catalogs: Callable[[str], mc.Catalog]) -> None:
        for catalog in map(catalogs, LOCALES):
            for name, text in _texts(catalog):
                for word in ("Health811", "Santé811", "Ontario"):
                    assert word not in text, (catalog.locale, name, word)

    def test_no_urgent_care_centre_in_french(self, catalog_fr: mc.Catalog) -> None:
        for name, text in _texts(catalog_fr):
            assert "centre de soins d'urgence" not in text, name

    def test_allergic_rash_asks_about_itch_not_sting(self, catalog_fr: mc.Catalog) -> None:
        question = catalog_fr.warning_sign("allergic-rash").question
        assert "démange" in question
        assert "pique" not in question

    def test_blood_thinners_are_not_narrowed_to_anticoagulants(
        self, catalog_fr: mc.Catalog
    ) -> None:
        for name, text in _texts(catalog_fr):
            assert "éclaircit le sang" not in text, name
        for text in (
            catalog_fr.risk_factor("bleeding-or-clotting-problem").description,
            catalog_fr.aftercare_step("tell-clinic-before-treatment").action,
            catalog_fr.aftercare_step("tell-clinic-about-medicines").action,
        ):
            assert "plus liquide" in text
            assert "aspirine" in text

    def test_grammar_and_drift(self, catalog_fr: mc.Catalog) -> None:
        assert "personnes qui étaient allées" in catalog_fr.cause("blood-borne-infection").summary
        assert (
            "nouveau microaiguilletage"
            in catalog_fr.warning_sign("new-patches-on-treated-skin").action
        )
        for name, text in _texts(catalog_fr):
            assert "comprimé contre l'acné" not in text, name
            assert "un comprimé" not in text, name

    def test_testing_clinic_in_quebec_terms(self, catalog_fr: mc.Catalog) -> None:
        assert "ITSS" in catalog_fr.warning_sign("needled-with-shared-tools").action
        assert "ITSS" in catalog_fr.aftercare_step("get-tested-after-unsterile-needling").action


class TestSms:
    """F13: an SMS sends the steps in its order (shortest-lived first); none jumps ahead."""

    @pytest.mark.parametrize("locale", LOCALES)
    def test_steps_are_a_prefix_in_order(self, locale: str) -> None:
        catalog = mc.load(locale=locale)
        checklist = mc.build_checklist(catalog=catalog, treatment_date=datetime.date(2026, 12, 1))
        schedule = build_schedule(checklist, tz="UTC", patient="p-1", catalog=catalog)
        for touchpoint in schedule.touchpoints:
            sms = render_sms(schedule, touchpoint)
            starts = sorted(
                touchpoint.starts, key=lambda s: (s.window.end_hours is None, s.window.end_hours)
            )
            sent = [_first_sentence(step.action).rstrip(".") in sms for step in starts]
            # The most time-bound step leads: no other step is sent without it (F13);
            # after it, a step that does not fit is skipped for a shorter one (R5-2).
            assert not any(sent) or sent[0], (touchpoint.day, sent)

    @pytest.mark.parametrize("locale", LOCALES)
    def test_day1_never_says_wash_without_the_wait(self, locale: str) -> None:
        catalog = mc.load(locale=locale)
        checklist = mc.build_checklist(catalog=catalog, treatment_date=datetime.date(2026, 12, 1))
        schedule = build_schedule(checklist, tz="UTC", patient="p-1", catalog=catalog)
        day1 = render_sms(schedule, schedule.touchpoints[0])
        wash = _first_sentence(catalog.aftercare_step("wash-gently").action).rstrip(".")
        wait = _first_sentence(catalog.aftercare_step("wait-before-first-wash").action).rstrip(".")
        if wash in day1:
            assert wait in day1
        # The day-1 text carries the wait in both languages (F13: French dropped it).
        assert wait in day1


class TestSpelling:
    """C3: Canadian spelling in this lane's items."""

    def test_canadian_spelling(self, catalog_en: mc.Catalog) -> None:
        for name, text in _texts(catalog_en):
            for us in ("color", "gray", "defense"):
                assert not re.search(rf"\b{us}\b", text), (name, us)


class TestReferences:
    """E8 for the references this lane added: the record itself, not a mirror."""

    @pytest.mark.parametrize("ref_id", ["cdc-2025-npep-guidelines", "fda-den160029-skinpen"])
    def test_verified_at_is_authoritative(self, catalog_en: mc.Catalog, ref_id: str) -> None:
        ref = catalog_en.reference(ref_id)
        assert ref.verified_at is not None
        assert urlparse(ref.verified_at).hostname in AUTHORITATIVE
        assert urlparse(ref.url).hostname in AUTHORITATIVE


class TestReadingLevel:
    """L1, L2: no sentence of this lane's items above grade 8; the median at grade 6 or less."""

    def test_grades(self, catalog_en: mc.Catalog) -> None:
        pytest.importorskip("textstat")
        from microneedle_care.readability import measure, sentences

        grades = {}
        for name, text in _texts(catalog_en):
            for _, sentence in sentences(text):
                grades[(name, sentence)] = measure(sentence).grade or 0.0
        assert {k: g for k, g in grades.items() if g > 8} == {}
        assert statistics.median(grades.values()) <= 6


@pytest.fixture
def catalog_es(catalogs: Callable[[str], mc.Catalog]) -> mc.Catalog:
    """The packaged content in Spanish (es-US)."""
    return catalogs("es")


class TestSpanish:
    """The safety findings above, checked on the Spanish (es-US) text for the same meaning.

    Each test names the English (or French) test whose meaning it checks: the time window,
    the symptom, whom to call and when 911.
    """

    def test_shared_needles_window_and_er_first(self, catalog_es: mc.Catalog) -> None:
        """S1, R2-2: 72 hours (3 days), the emergency room now, HIV and hepatitis B."""
        sign = catalog_es.warning_sign("needled-with-shared-tools")
        assert sign.urgency is Urgency.SAME_DAY
        assert "3 días" in sign.action
        assert "72 horas" in sign.action
        assert "vaya ahora a la sala de emergencias" in sign.action
        assert "VIH" in sign.action
        assert "hepatitis B" in sign.action

    def test_shared_needles_step_and_cause_give_the_window(self, catalog_es: mc.Catalog) -> None:
        step = catalog_es.aftercare_step("get-tested-after-unsterile-needling")
        assert "72 horas" in step.action
        assert "3 días" in catalog_es.cause("blood-borne-infection").how_to_tell

    def test_anaphylaxis_names_lips_tongue_throat_not_the_face(
        self, catalog_es: mc.Catalog
    ) -> None:
        """S2: the red flag is the lips, tongue or throat; 911 first; epinephrine."""
        sign = catalog_es.warning_sign("severe-allergic-reaction")
        for text in (sign.sign, sign.question):
            assert "garganta" in text
            assert "labios" in text
            assert "lengua" in text
            assert not re.search(r"\bcara\b", text)
        assert sign.action.startswith("Llame al 911")
        assert "epinefrina" in sign.action

    def test_expected_healing_says_mild_even_swelling_is_normal(
        self, catalog_es: mc.Catalog
    ) -> None:
        """R2-16/R2-17: mild swelling, even over the treated skin, is normal."""
        summary = catalog_es.cause("expected-healing").summary
        assert "hinchazón leve y pareja en toda la piel tratada es normal" in summary

    # The Spanish for EXPECTED in TestEmergencyRules: words of normal healing.
    EXPECTED = ("hincha la cara", "cara hinchada", "rojo,", "puntitos", "moretón", "costra")

    def test_emergency_rules(self, catalog_es: mc.Catalog) -> None:
        """One action first (911 or the emergency room, not "or call 911"); no normal healing."""
        for sign in catalog_es.warning_signs:
            if sign.urgency is not Urgency.EMERGENCY:
                continue
            first = _first_sentence(sign.action)
            assert "911" in first or "sala de emergencias" in first, sign.id
            assert " o llame al 911" not in first, sign.id
            text = f"{sign.sign} {sign.question}".lower()
            for word in self.EXPECTED:
                assert word not in text, (sign.id, word)

    def test_eczema_herpeticum_has_its_distinguishing_features(
        self, catalog_es: mc.Catalog
    ) -> None:
        """S5: new sores keep coming, fever, it can happen without eczema; the ER first."""
        sign = catalog_es.warning_sign("spreading-sores-with-eczema")
        assert "Le siguen saliendo llagas nuevas" in sign.sign
        assert "fiebre" in sign.sign
        assert "sin eczema" in sign.sign
        assert _first_sentence(sign.action) == "Vaya ahora a la sala de emergencias de un hospital."

    def test_expected_healing_names_the_grid_of_scabs(self, catalog_es: mc.Catalog) -> None:
        summary = catalog_es.cause("expected-healing").summary
        assert "costras con el mismo patrón de las agujas" in summary

    def test_eye_is_same_day_with_rinsing_and_911_only_for_sudden_loss(
        self, catalog_es: mc.Catalog
    ) -> None:
        """S7: rinse 15 minutes; 911 only if the patient suddenly cannot see."""
        sign = catalog_es.warning_sign("eye-pain-or-vision-change")
        assert sign.urgency is Urgency.SAME_DAY
        assert "911" not in _first_sentence(sign.action)
        assert "enjuáguelo" in sign.action
        assert "15 minutos" in sign.action
        assert "Llame al 911 si de repente no puede ver" in sign.action

    def test_bleeding_keeps_pressure_first_and_911_only_if_heavy(
        self, catalog_es: mc.Catalog
    ) -> None:
        """S8: pressure first; 911 if the bleeding is heavy or the patient feels faint."""
        sign = catalog_es.warning_sign("bleeding-will-not-stop")
        assert sign.urgency is Urgency.SAME_DAY
        assert _first_sentence(sign.action).startswith("Presione con firmeza")
        assert "Llame al 911 si sangra mucho o siente que se va a desmayar" in sign.action

    def test_hives_sign(self, catalog_es: mc.Catalog) -> None:
        """S9: hives alone are same-day: the clinic today, 911 if lips, tongue or throat swell."""
        sign = catalog_es.warning_sign("hives-without-breathing-trouble")
        assert "urticaria" in sign.sign
        assert "urticaria" in sign.question
        assert sign.question.startswith("¿")
        assert sign.question.endswith("?")
        assert "Llame a su clínica hoy" in sign.action
        assert "Llame al 911 si se le hinchan los labios, la lengua o la garganta" in sign.action

    # The Spanish for TestScreening.WORDS, in the same order.
    WORDS = (
        "hacer la sangre más líquida",  # not "anticoagulante": aspirin is not one (ESS-4)
        "warfarina",
        "aspirina",
        "queloides",
        "defensas",
        "verruga",
        "salpullido",
        "herpes labial",
        "radiación",
        "láser",
        "peeling",
        "relleno",
        "embarazada",
    )

    def test_before_treatment_list_is_complete(self, catalog_es: mc.Catalog) -> None:
        """S3, S4: every reason to wait; do not stop a blood thinner on your own."""
        action = catalog_es.aftercare_step("tell-clinic-before-treatment").action
        for word in self.WORDS:
            assert word in action, word
        assert "No deje de tomarla por su cuenta" in action  # "stop", not "leave" (ESS-3)

    def test_medicines_step(self, catalog_es: mc.Catalog) -> None:
        action = catalog_es.aftercare_step("tell-clinic-about-medicines").action
        assert "warfarina" in action
        assert "defensas" in action  # the immune system
        assert "por la boca" in action  # isotretinoin taken by mouth

    def test_blood_thinners_are_not_narrowed_to_anticoagulants(
        self, catalog_es: mc.Catalog
    ) -> None:
        """F9 in Spanish: a plain "thins the blood" beside aspirin wherever they are named."""
        rf = catalog_es.risk_factor("bleeding-or-clotting-problem").description
        assert "warfarina" in rf
        assert "No deje de tomar por su cuenta una medicina para hacer la sangre más líquida" in rf
        for text in (
            rf,
            catalog_es.aftercare_step("tell-clinic-before-treatment").action,
            catalog_es.aftercare_step("tell-clinic-about-medicines").action,
        ):
            assert (
                "más líquida" in text
            )  # one name for it (ESS-4): "adelgazar" reads as weight loss
            assert "adelgazar" not in text
            assert "aspirina" in text

    def test_breakout_sign_names_a_reachable_first_stop(self, catalog_es: mc.Catalog) -> None:
        """S6: the family doctor or a walk-in clinic."""
        action = catalog_es.warning_sign("breakout-not-improving").action
        assert "médico de familia" in action
        assert "clínica sin cita" in action

    def test_vitiligo_and_bruises(self, catalog_es: mc.Catalog) -> None:
        """A3, A5: the study as it was, no jargon; a small bruise near the eyes is normal."""
        summary = catalog_es.cause("vitiligo-or-psoriasis-spread").summary
        assert "las manos y los pies" in summary
        assert "la mitad de las manchas" in summary
        assert "Koebner" not in summary
        assert "moretón pequeño" in catalog_es.cause("bleeding-and-bruising").summary
        assert "cerca de los ojos" in catalog_es.cause("expected-healing").summary

    def test_reading_level(self, catalog_es: mc.Catalog) -> None:
        """L1, L2: no sentence of this lane's items "difícil" (Fernández-Huerta below 50); the
        median "bastante fácil" (70 or more)."""
        from microneedle_care.readability import measure, sentences

        eases = {
            (name, sentence): measure(sentence, "es").ease
            for name, text in _texts(catalog_es)
            for _, sentence in sentences(text)
        }
        assert {k: e for k, e in eases.items() if e < 50} == {}
        assert statistics.median(eases.values()) >= 70

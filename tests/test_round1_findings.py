"""One check per finding of the independent round-1 content review (issue 16, item 5).

Each test fails if its finding comes back. Findings answered rather than changed, or left
open, are listed in changes/mend1.md.
"""

from __future__ import annotations

import re

import pytest

import microneedle_care as mc
from microneedle_care import AftercareStep, Cause, Myth, build_checklist, patient_fields
from microneedle_care.rendering._labels import labels_for
from microneedle_care.rendering._layout import bands
from microneedle_care.rendering._sheet import timeline_band


def _text(item: AftercareStep | Cause | Myth) -> str:
    return " ".join(getattr(item, field) for field in patient_fields(type(item)))


def test_r1_1_cold_sore_eye_triage_matches_the_warning_sign(
    catalog_en: mc.Catalog, catalog_fr: mc.Catalog
) -> None:
    """Eye signs: the cause names where to go, as the eye warning sign does (same day)."""
    sign = catalog_en.warning_sign("eye-pain-or-vision-change")
    assert sign.urgency is mc.Urgency.SAME_DAY
    assert "emergency room" in sign.action
    assert "optometrist" in sign.action
    english = catalog_en.cause("herpes-simplex-flare").how_to_tell
    assert "emergency room at a hospital. Or see an optometrist" in english
    assert "911" in english
    french = catalog_fr.cause("herpes-simplex-flare").how_to_tell
    assert "optométriste" in french
    assert "médecin des yeux" not in french
    assert "911" in french


def test_r1_2_water_and_heat_return_only_on_healed_skin(
    catalog_en: mc.Catalog, catalog_fr: mc.Catalog
) -> None:
    """From day 4, swimming and hot tubs too wait for calm skin with no scabs or open spots."""
    english = catalog_en.aftercare_step("resume-exercise-when-calm").action
    assert "if your skin is calm" in english
    assert "swimming" in english.split("only if")[0]
    assert "scabs" in english
    assert "croûtes" in catalog_fr.aftercare_step("resume-exercise-when-calm").action
    for step_id in ("no-swimming", "no-sauna-or-hot-tub"):
        assert "scabs or open spots" in catalog_en.aftercare_step(step_id).action
        assert "plaies ouvertes" in catalog_fr.aftercare_step(step_id).action


@pytest.mark.parametrize(("locale", "words"), [("en", "hard workouts"), ("fr", "intense")])
def test_r1_4_glance_days_2_to_3_limit_workouts(locale: str, words: str) -> None:
    """The timeline's days 2-3 list hard workouts, so a glance-only reader sees the limit."""
    checklist = build_checklist(catalog=mc.load(locale=locale))
    band = next(b for b in bands(checklist) if b.first_day == 2)
    assert "light-activity-only" in [step.id for step in band.avoid]
    assert words in timeline_band(labels_for(checklist), band).line


def test_r1_5_injections_not_shots(catalog_en: mc.Catalog) -> None:
    """'Shots' reads as vaccines: the slow-germ cases followed cosmetic injections."""
    summary = catalog_en.cause("bacterial-infection").summary
    assert not re.search(r"\bshots\b", summary)
    assert "filler injections" in summary


def test_r1_6_same_place_for_same_day_help(catalog_en: mc.Catalog) -> None:
    """Same-day help names the walk-in clinic in every same-day item, not 'urgent care centre'."""
    cause = catalog_en.cause("bacterial-infection").how_to_tell
    step = catalog_en.aftercare_step("breakout-watch-warning-signs").action
    for text in (cause, step):
        assert "walk-in clinic (or urgent care)" in text
    assert "urgent care centre" not in cause


def test_r1_7_sun_care_is_at_least_four_weeks(
    catalog_en: mc.Catalog, catalog_fr: mc.Catalog
) -> None:
    assert "at least 4 weeks" in catalog_en.aftercare_step("strict-sun-if-dark-marks").action
    assert "au moins 4 semaines" in catalog_fr.aftercare_step("strict-sun-if-dark-marks").action


def test_r1_8_and_21_clinic_override_is_not_narrowed(
    catalog_en: mc.Catalog, catalog_fr: mc.Catalog
) -> None:
    for catalog in (catalog_en, catalog_fr):
        action = catalog.aftercare_step("follow-clinic-instructions").action
        assert "for your skin" not in action
        assert "votre peau" not in action
    assert "personne qui vous soigne" not in catalog_fr.disclaimer
    assert "votre clinique" in catalog_fr.disclaimer


def test_r1_9_makeup_rule_agrees_with_the_step(
    catalog_en: mc.Catalog, catalog_fr: mc.Catalog
) -> None:
    assert "at least the first day" in catalog_en.cause("pore-clogging").summary
    assert "au moins le premier jour" in catalog_fr.cause("pore-clogging").summary


def test_r1_10_painful_lumps_are_covered_from_day_1(
    catalog_en: mc.Catalog, catalog_fr: mc.Catalog
) -> None:
    watch = catalog_en.aftercare_step("breakout-watch-warning-signs")
    assert watch.window.start_hours == 0
    assert "painful lumps" in watch.action
    assert "bosses douloureuses" in catalog_fr.aftercare_step("breakout-watch-warning-signs").action
    assert (
        "painful lumps"
        not in catalog_en.aftercare_step("breakout-call-clinic-if-not-better").action
    )


def test_r1_11_heat_pause_is_not_called_the_upper_end(catalog_en: mc.Catalog) -> None:
    notes = catalog_en.aftercare_step("no-sauna-or-hot-tub").clinician_notes
    assert "upper end" not in notes
    assert "middle value" in notes
    for step_id in (
        "no-sauna-or-hot-tub",
        "no-gym-first-day",
        "light-activity-only",
        "no-swimming",
    ):
        assert "not cited" in catalog_en.aftercare_step(step_id).clinician_notes, step_id
    assert (
        "content 2.1 review"
        not in catalog_en.aftercare_step("follow-clinic-instructions").clinician_notes
    )


def test_r1_12_first_wash_reason_claims_no_sealing(
    catalog_en: mc.Catalog, catalog_fr: mc.Catalog
) -> None:
    assert "seal" not in catalog_en.aftercare_step("wait-before-first-wash").reason
    assert "commencent" in catalog_fr.aftercare_step("wait-before-first-wash").reason


def test_r1_14_watch_step_does_not_cite_chu_for_watching(catalog_en: mc.Catalog) -> None:
    step = catalog_en.aftercare_step("breakout-watch-warning-signs")
    assert "chu-2021-safety-review" not in step.references


def test_r1_15_ciozda_result_is_reported_as_one_small_study(
    catalog_en: mc.Catalog, catalog_fr: mc.Catalog
) -> None:
    assert "One small study reported" in catalog_en.myth("shrinks-oil-glands").correction
    assert "Une petite étude a rapporté" in catalog_fr.myth("shrinks-oil-glands").correction


def test_r1_16_review_record_does_not_read_as_a_full_pass(catalog_en: mc.Catalog) -> None:
    review = catalog_en.review
    assert review is not None
    earlier = next(line for line in review.reviewed_against if "2.0.0 review" in line)
    assert "except E8" in earlier  # says what is still open (round 3, finding 7)
    rounds = next(line for line in review.reviewed_against if "round 1" in line)
    assert "round 2" in rounds
    assert "round 3" in rounds
    assert catalog_en.next_review is not None
    assert catalog_en.next_review > catalog_en.reviewed


def test_r1_17_granuloma_ask_is_for_the_next_session(
    catalog_en: mc.Catalog, catalog_fr: mc.Catalog
) -> None:
    english = catalog_en.cause("granulomatous-reaction").summary
    assert "next session" in english
    assert "made to go into the skin" not in english
    french = catalog_fr.cause("granulomatous-reaction").summary
    assert "prochaine séance" in french
    assert "fait pour entrer dans la peau" not in french


def test_r1_18_and_22_petroleum_jelly_is_a_question_from_a_tube(
    catalog_en: mc.Catalog, catalog_fr: mc.Catalog
) -> None:
    step = catalog_en.aftercare_step("no-thick-creams").action
    assert "greasy" not in step
    for text in (step, catalog_en.cause("pore-clogging").summary):
        assert "petroleum jelly from a tube" in text
    for text in (
        catalog_fr.aftercare_step("no-thick-creams").action,
        catalog_fr.cause("pore-clogging").summary,
    ):
        assert "gelée de pétrole ordinaire (vaseline) en tube" in text


def test_r1_19_20_23_24_25_french_wording(catalog_fr: mc.Catalog) -> None:
    watch = catalog_fr.aftercare_step("breakout-watch-warning-signs").action
    assert "qu'il ne s'agit pas seulement de boutons" in watch
    irritant = catalog_fr.cause("irritant-contact-dermatitis").summary
    assert "Les causes fréquentes sont" not in irritant
    assert irritant.index("vitamine A") < irritant.index("vitamine C")
    assert (
        "microaiguilletage par radiofréquence" in catalog_fr.myth("shrinks-oil-glands").correction
    )
    home = catalog_fr.myth("home-rollers-as-good-and-safe").correction
    assert "appareil à aiguilles" not in home
    assert "appareil de microaiguilletage" in home
    assert "peut vous donner un médicament" not in catalog_fr.cause("herpes-simplex-flare").summary
    ointment = catalog_fr.aftercare_step("no-antibiotic-ointments").action
    assert "du magasin" not in ointment
    assert "sans ordonnance" in ointment


def test_r1_26_cdc_address_is_https(catalog_en: mc.Catalog) -> None:
    ref = catalog_en.reference("cdc-hot-tub-rash")
    assert ref.url is not None
    assert ref.url.startswith("https://www.cdc.gov/")
    assert ref.verified_at.startswith("https://www.cdc.gov/")
    assert "current page" not in ref.note


def test_r1_27_health_canada_title_is_the_french_releases(catalog_en: mc.Catalog) -> None:
    ref = catalog_en.reference("health-canada-2021-dr-pen-advisory")
    assert "/fr/" in ref.verified_at
    assert "microperforation" in ref.title


US_SPELLINGS = re.compile(
    r"\b(color\w*|gray|center|centers|favor\w*|behavior|odor|fiber|license)\b", re.IGNORECASE
)


def test_r1_30_canadian_spelling_in_english_patient_text(catalog_en: mc.Catalog) -> None:
    """Colour, grey, centre, licence (noun)... in every English patient sentence."""
    found = [
        (item.id, match.group(0))
        for item in catalog_en
        for field in patient_fields(type(item))
        for match in US_SPELLINGS.finditer(str(getattr(item, field)))
    ]
    assert found == []
    assert "Antibiotic creams are" not in catalog_en.cause("allergic-contact-dermatitis").summary


def test_r1_17_serum_step_asks_the_same_as_the_cause(
    catalog_en: mc.Catalog, catalog_fr: mc.Catalog
) -> None:
    """The serum step and the granuloma cause ask the same question, of the clinic."""
    for catalog, ask in (
        (catalog_en, "ask your clinic what it will put on your skin"),
        (catalog_fr, "demandez à votre clinique ce qu'elle mettra sur votre peau"),
    ):
        step = catalog.aftercare_step("no-unapproved-serums").action
        cause = catalog.cause("granulomatous-reaction").summary
        assert ask in step
        assert ask in cause

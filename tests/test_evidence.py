"""Release rules for trust: verified sources, traceable notes, an honest review record.

These are rules of the packaged content, not of the loader: a clinic pack may cite what
it likes, but a release of this package may not ship content that breaks them.
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import urlparse

import pytest

import microneedle_care as mc
from microneedle_care import _i18n

CATALOG = mc.load()
CITING = [item for item in CATALOG if not isinstance(item, mc.Reference)]
CITED = sorted({ref_id for item in CITING for ref_id in item.references})
# Text a clinician reads beside the patient text: it must point at real reference ids.
NOTE_FIELDS = ("evidence_notes", "clinician_notes", "mechanism")
# Numbered citation codes ("R3", "R47") from the fact sheet, which resolve to nothing.
CODE = re.compile(r"\bR\d+\b")


class TestReferences:
    @pytest.mark.parametrize("ref_id", CITED)
    def test_cited_references_are_verified(self, ref_id: str) -> None:
        """Every reference a patient-facing item cites was checked against a record."""
        reference = CATALOG.reference(ref_id)
        assert reference.verified, f"{ref_id} is cited but not verified"
        assert reference.verified_at, f"{ref_id} has no verified_at address"
        assert reference.verified_on is not None, f"{ref_id} has no verified_on date"

    @pytest.mark.parametrize("ref_id", CITED)
    def test_verification_addresses_are_web_addresses(self, ref_id: str) -> None:
        """verified_at and url are absolute https (or http) addresses a librarian can open."""
        reference = CATALOG.reference(ref_id)
        for address in (reference.verified_at, reference.url):
            if address is None:
                continue
            parsed = urlparse(address)
            assert parsed.scheme in ("https", "http"), address
            assert parsed.netloc, address
            assert not any(c.isspace() for c in address), address

    def test_verification_dates_are_not_in_the_future_or_after_the_review(self) -> None:
        """A reference cannot have been checked after the content's review date."""
        for reference in CATALOG.references:
            if reference.verified_on is not None:
                assert reference.verified_on <= CATALOG.reviewed, reference.id

    @pytest.mark.parametrize("ref_id", CITED)
    def test_identifiers_are_well_formed(self, ref_id: str) -> None:
        """A DOI starts with 10. and has no prefix; a PMID is digits only."""
        reference = CATALOG.reference(ref_id)
        if reference.doi is not None:
            assert re.fullmatch(r"10\.\d{4,9}/\S+", reference.doi), reference.doi
        if reference.pmid is not None:
            assert reference.pmid.isdigit(), reference.pmid

    def test_every_reference_is_cited(self) -> None:
        """No reference is kept that no item cites (retired ones go to `deprecated`)."""
        assert {r.id for r in CATALOG.references} == set(CITED)


class TestNotes:
    @pytest.mark.parametrize("item", CITING, ids=lambda item: item.id)
    def test_notes_cite_reference_ids_not_codes(self, item: mc.Item) -> None:
        """Clinician notes name reference ids; numbered codes like R3 resolve to nothing."""
        for field in NOTE_FIELDS:
            text = getattr(item, field, "")
            assert not CODE.findall(text), f"{item.id}.{field}: {CODE.findall(text)}"

    @pytest.mark.parametrize("item", CITING, ids=lambda item: item.id)
    def test_reference_ids_in_notes_are_cited_by_the_item(self, item: mc.Item) -> None:
        """A reference id named in an item's notes is one the item cites."""
        known = {r.id for r in CATALOG.references}
        for field in NOTE_FIELDS:
            for word in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", getattr(item, field, "")):
                if word in known:
                    assert word in item.references, f"{item.id}.{field} names {word}"


class TestReviewRecord:
    def test_record_is_honest(self) -> None:
        """The record says no clinician reviewed the content, and names funding and conflicts."""
        review = CATALOG.review
        assert review is not None
        assert not review.clinician_reviewed
        assert "No licensed clinician" in review.reviewers
        assert review.funding.strip()
        assert review.conflicts_of_interest.strip()
        assert len(review.reviewed_against) >= 2

    def test_next_review_within_a_year(self) -> None:
        """The next review is due within a year of the last one."""
        assert CATALOG.next_review is not None
        assert CATALOG.reviewed < CATALOG.next_review
        assert CATALOG.next_review - CATALOG.reviewed <= datetime.timedelta(days=366)

    def test_content_is_not_due_for_review(self) -> None:
        """Release gate: the packaged content is not past its next review date.

        This fails on purpose once the date passes: review the content, then move
        ``review.next_review`` forward in a new content release.
        """
        assert not CATALOG.is_due_for_review(), (
            f"content {CATALOG.content_version} was due for review on {CATALOG.next_review}"
        )

    def test_no_patient_text_claims_a_clinical_review(self) -> None:
        """No patient-facing text says a doctor or clinician reviewed or approved it."""
        claim = re.compile(
            r"\b(reviewed|approved|checked|vetted) by (a |our )?"
            r"(doctors?|dermatologists?|clinicians?|physicians?|experts?)",
            re.IGNORECASE,
        )
        # The same claim in Spanish: "revisado por médicos", "aprobado por un dermatólogo".
        spanish = re.compile(
            r"\b(revisad|aprobad|verificad|comprobad)[oa]s? por (un |una |unos |nuestros? )?"
            r"(médic|dermatólog|clínic|especialista|expert)",
            re.IGNORECASE,
        )
        for locale in _i18n.languages():
            catalog = mc.load(locale=locale)
            texts = [catalog.disclaimer]
            for item in catalog:
                texts += [getattr(item, f) for f in mc.patient_fields(type(item))]
            for text in texts:
                assert not claim.search(text), text
                assert not spanish.search(text), text


class TestSafety:
    def test_same_day_and_emergency_signs_name_medical_care(self) -> None:
        """Urgent signs name a doctor, urgent care, an emergency department or 911: many
        providers are spas with no prescriber, so "call your clinic" alone is not enough."""
        medical = re.compile(r"\b(doctor|urgent care|emergency|911)\b", re.IGNORECASE)
        for sign in CATALOG.warning_signs:
            if sign.urgency in (mc.Urgency.EMERGENCY, mc.Urgency.SAME_DAY):
                assert medical.search(sign.action), sign.id

    def test_health811_comes_from_the_region_not_the_sign(self) -> None:
        """No sign names Health811, so none cites it (R2-22): the province line and its source
        (ontario.ca) come from the clinic's region, and the county reprint is retired."""
        for sign in CATALOG.warning_signs:
            assert "Health811" not in sign.action
            assert "ontario-health811" not in sign.references
        assert "ontario-health811" in {d.id for d in CATALOG.deprecated}

    def test_eczema_herpeticum_is_an_emergency(self) -> None:
        """Spreading sores with eczema go to emergency care first, not to the clinic."""
        sign = CATALOG.warning_sign("spreading-sores-with-eczema")
        assert sign.urgency is mc.Urgency.EMERGENCY
        assert "clinic" not in sign.action.lower()

    def test_swollen_glands_are_not_a_sign_of_infection(self) -> None:
        """The safety review lists swollen lymph nodes as expected, so they are not a red flag."""
        texts = [CATALOG.cause("bacterial-infection").how_to_tell]
        texts += [CATALOG.warning_sign("signs-of-infection").sign]
        assert not any("gland" in text.lower() for text in texts)
        assert "glands" in CATALOG.cause("expected-healing").summary

    def test_blood_borne_risk_has_testing_advice(self) -> None:
        """Unsterile or shared needling raises blood-borne infection and leads to testing."""
        risk = CATALOG.risk_factor("home-or-unsterile-needling")
        assert "blood-borne-infection" in risk.raises
        assert "get-tested-after-unsterile-needling" in risk.mitigated_by
        assert "HIV" in CATALOG.aftercare_step("get-tested-after-unsterile-needling").action


class TestConsistency:
    """Timings that two items state must agree."""

    def _window(self, step_id: str) -> mc.TimeWindow:
        return CATALOG.aftercare_step(step_id).window

    def test_first_wash_comes_after_the_wait(self) -> None:
        """Washing starts no earlier than the first-wash wait ends."""
        wait = self._window("wait-before-first-wash")
        assert wait.end_hours is not None
        assert self._window("wash-gently").start_hours >= wait.end_hours

    def test_spot_treatment_waits_for_the_pause_on_actives(self) -> None:
        """A spot treatment is suggested only once acne creams and actives may return."""
        start = self._window("breakout-ask-about-spot-treatment").start_hours
        for pause in ("breakout-no-acne-creams-yet", "avoid-harsh-products"):
            end = self._window(pause).end_hours
            assert end is not None
            assert start >= end, pause

    def test_sunscreen_starts_on_day_2_everywhere(self) -> None:
        """A step that mentions sunscreen before day 2 says that sunscreen starts on day 2."""
        daily = self._window("mineral-sunscreen-daily").start_hours
        for step in CATALOG.aftercare_steps:
            if "sunscreen" in step.action.lower() and step.window.start_hours < daily:
                assert "day 2" in step.action, step.id

    def test_allergic_rash_timing_matches_the_cause(self) -> None:
        """The warning sign's onset includes the ~10 days a first reaction can take."""
        assert "10 days" in CATALOG.cause("allergic-contact-dermatitis").summary
        assert "10 days" in CATALOG.warning_sign("allergic-rash").sign

    def test_french_terms(self) -> None:
        """French uses « eczéma herpétique » and « clinique sans rendez-vous » (review F1)."""
        french = mc.load(locale="fr")
        text = " ".join(getattr(item, f) for item in french for f in mc.patient_fields(type(item)))
        assert "herpétiforme" not in text
        assert "soins urgents" not in text
        assert "eczéma herpétique" in text
        assert "clinique sans rendez-vous" in text
        assert "centre de soins d'urgence" not in text

    def test_spanish_terms(self) -> None:
        """Spanish names eczema herpeticum and a walk-in clinic as US Spanish does (F1)."""
        spanish = mc.load(locale="es")
        text = " ".join(getattr(item, f) for item in spanish for f in mc.patient_fields(type(item)))
        assert "herpetiforme" not in text
        assert "eczema herpético" in text
        assert "clínica sin cita" in text


# The strongest evidence level each kind of source can carry on its own (see the evidence
# policy): a case report or a clinic page cannot make an item more than very low.
CAP = {
    mc.SourceType.SYSTEMATIC_REVIEW: mc.EvidenceLevel.MODERATE,
    mc.SourceType.TRIAL: mc.EvidenceLevel.LOW,
    mc.SourceType.OBSERVATIONAL_STUDY: mc.EvidenceLevel.LOW,
    mc.SourceType.REVIEW: mc.EvidenceLevel.LOW,
    mc.SourceType.GUIDELINE: mc.EvidenceLevel.LOW,
    mc.SourceType.REGULATOR: mc.EvidenceLevel.LOW,
    mc.SourceType.PROFESSIONAL_BODY: mc.EvidenceLevel.LOW,
    mc.SourceType.CASE_REPORT: mc.EvidenceLevel.VERY_LOW,
    mc.SourceType.LABORATORY_STUDY: mc.EvidenceLevel.VERY_LOW,
    mc.SourceType.CLINIC_PAGE: mc.EvidenceLevel.VERY_LOW,
    mc.SourceType.LAY_ARTICLE: mc.EvidenceLevel.VERY_LOW,
}
ORDER = [
    mc.EvidenceLevel.VERY_LOW,
    mc.EvidenceLevel.LOW,
    mc.EvidenceLevel.MODERATE,
    mc.EvidenceLevel.HIGH,
]


# A reporting route grades no claim (it gives an address), so it has no evidence level.
GRADED = [item for item in CITING if not isinstance(item, mc.ReportingRoute)]


@pytest.mark.parametrize("item", GRADED, ids=lambda item: item.id)
def test_evidence_no_stronger_than_the_best_source(item: mc.Item) -> None:
    """An item's evidence level does not exceed what its strongest cited source can carry."""
    best = max((CAP[CATALOG.reference(r).source_type] for r in item.references), key=ORDER.index)
    assert ORDER.index(item.evidence) <= ORDER.index(best), (item.id, item.evidence, best)

"""FHIR for the check-in and the schedule: Questionnaire with enableWhen, responses, requests."""

from __future__ import annotations

import datetime
from typing import ClassVar

import pytest

pytest.importorskip("fhir.resources")

from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.communicationrequest import CommunicationRequest
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from hypothesis import given
from hypothesis import strategies as st

import microneedle_care as mc
from microneedle_care import fhir
from microneedle_care.checkin import check_in
from microneedle_care.errors import ContentError, UnknownIdError
from microneedle_care.rendering.messages import render_sms

LOCALES = ["en", "fr", "es"]
IDS = [s.id for s in mc.load().warning_signs]
EMERGENCIES = [s.id for s in mc.load().warning_signs if s.urgency is mc.Urgency.EMERGENCY]


def response(answers: dict[str, bool]) -> dict[str, object]:
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": fhir.check_in_url() + "|1.0.0",
        "status": "completed",
        "item": [{"linkId": k, "answer": [{"valueBoolean": v}]} for k, v in answers.items()],
    }


class TestCheckInQuestionnaire:
    @pytest.mark.parametrize("locale", LOCALES)
    def test_valid_and_complete(self, locale: str) -> None:
        """The Questionnaire validates and asks every warning sign's question, 911 first."""
        catalog = mc.load(locale=locale)
        resource = fhir.check_in_questionnaire(catalog)
        Questionnaire.model_validate(resource)
        items = resource["item"]
        assert {i["linkId"] for i in items} == set(IDS)
        assert [i["linkId"] for i in items[: len(EMERGENCIES)]] == EMERGENCIES
        for item in items:
            assert item["text"] == catalog.warning_sign(item["linkId"]).question
            assert item["type"] == "boolean"
        expected = {
            "en": "Symptom check-in",
            "fr": "Suivi des symptômes",
            "es": "Revisión de síntomas",
        }
        expected = expected[locale]
        assert resource["title"].startswith(expected)

    def test_enable_when_follows_the_emergencies(self) -> None:
        """Every non-emergency item is enabled only while all emergency answers are no."""
        for item in fhir.check_in_questionnaire(mc.load())["item"]:
            if item["linkId"] in EMERGENCIES:
                assert "enableWhen" not in item
            else:
                assert item["enableBehavior"] == "all"
                assert [c["question"] for c in item["enableWhen"]] == EMERGENCIES
                assert all(c["answerBoolean"] is False for c in item["enableWhen"])

    @given(yes=st.sets(st.sampled_from(IDS)))
    def test_response_round_trip(self, yes: set[str]) -> None:
        """Answers written as a valid QuestionnaireResponse read back the same."""
        answers = {i: i in yes for i in IDS}
        resource = response(answers)
        QuestionnaireResponse.model_validate(resource)
        assert fhir.answers_from_response(resource, mc.load()) == answers

    def test_unanswered_is_not_no(self) -> None:
        """An item without an answer is left out, so check_in names it."""
        resource = response({i: False for i in IDS})
        resource["item"][3]["answer"] = []  # type: ignore[index]
        answers = fhir.answers_from_response(resource, mc.load())
        assert IDS[3] not in answers
        with pytest.raises(mc.UnansweredQuestionError, match=IDS[3]):
            check_in(mc.load(), answers)

    def test_bad_items(self) -> None:
        """Malformed answers are all listed with their paths."""
        resource = response({IDS[0]: False, IDS[1]: False})
        resource["item"][0]["answer"] = [{"valueString": "yes"}]  # type: ignore[index]
        resource["item"][1]["answer"] = [{"valueBoolean": True}, {"valueBoolean": False}]  # type: ignore[index]
        resource["questionnaire"] = "urn:other"
        with pytest.raises(ContentError) as info:
            fhir.answers_from_response(resource, mc.load())
        assert [p.path for p in info.value.problems] == [
            "$.questionnaire",
            "$.item[0].answer[0].valueBoolean",
            "$.item[1].answer",
        ]

    def test_unknown_link_id(self) -> None:
        """A linkId that is not a warning sign is an UnknownIdError."""
        with pytest.raises(UnknownIdError):
            fhir.answers_from_response(response({"no-such-sign": True}), mc.load())

    def test_not_a_response(self) -> None:
        """Another resource type is refused."""
        with pytest.raises(ContentError, match="QuestionnaireResponse"):
            fhir.answers_from_response({"resourceType": "Patient"}, mc.load())


class TestScheduleBundle:
    @pytest.mark.parametrize("locale", LOCALES)
    def test_valid_and_linked(self, locale: str) -> None:
        """Each touchpoint is a valid CommunicationRequest based on the CarePlan that lists it."""
        clinic = mc.ClinicContact(name="Lakeview", phone="905-555-0134")
        checklist = mc.build_checklist(
            treatment_date=datetime.date(2026, 10, 28), clinic=clinic, locale=locale
        )
        schedule = mc.build_schedule(checklist, tz="America/Toronto", patient="p-1")
        bundle = fhir.schedule_bundle(checklist, schedule, subject="Patient/123")
        Bundle.model_validate(bundle)
        plan_entry, *request_entries = bundle["entry"]
        CarePlan.model_validate(plan_entry["resource"])
        assert len(request_entries) == len(schedule.touchpoints)
        refs = [
            a["reference"]["reference"]
            for a in plan_entry["resource"]["activity"]
            if "reference" in a
        ]
        assert refs == [e["fullUrl"] for e in request_entries]
        for entry, touchpoint in zip(request_entries, schedule.touchpoints, strict=True):
            request = entry["resource"]
            CommunicationRequest.model_validate(request)
            assert request["basedOn"] == [{"reference": plan_entry["fullUrl"]}]
            assert (
                datetime.datetime.fromisoformat(request["occurrenceDateTime"]) == touchpoint.send_at
            )
            assert request["payload"][0]["contentString"] == render_sms(schedule, touchpoint)
            assert request["subject"] == {"reference": "Patient/123"}

    @pytest.mark.parametrize("locale", LOCALES)
    def test_byte_identical(self, locale: str) -> None:
        """The same input gives the same FHIR JSON."""

        def build() -> str:
            checklist = mc.build_checklist(
                treatment_date=datetime.date(2026, 11, 25), locale=locale
            )
            plan = mc.build_schedule(checklist, tz="UTC", patient="p-1")
            return fhir.to_json(fhir.schedule_bundle(checklist, plan))

        assert build() == build()


class TestOneSubjectPolicy:
    """Issue 18 / design review §2.6: one ``subject_reference(None)`` policy for all FHIR.

    The CarePlan said "no patient named" while its schedule's CommunicationRequests left
    the subject out (and in 0.5.0 named an invented ``Patient/example``).
    """

    KINDS: ClassVar[dict[str, set[str]]] = {
        "care_plan": {"CarePlan"},
        "render": {"CarePlan"},
        "communication_requests": {"CommunicationRequest"},
        "schedule_bundle": {"CarePlan", "CommunicationRequest"},
        "batch": {"CarePlan", "CommunicationRequest"},
        "cli schedule": {"CarePlan", "CommunicationRequest"},
    }

    @staticmethod
    def _outputs(locale: str) -> dict[str, object]:
        """Every FHIR output the package gives for one patient, built without a patient."""
        import contextlib
        import io
        import json

        from microneedle_care.batch import _render
        from microneedle_care.cli import main

        checklist = mc.build_checklist(treatment_date=datetime.date(2026, 11, 25), locale=locale)
        schedule = mc.build_schedule(checklist, tz="America/Toronto", patient="p-1")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(
                [
                    "schedule", "--locale", locale, "--format", "fhir", "--date", "2026-11-25",
                    "--tz", "America/Toronto", "--patient-key", "p-1",
                ]
            )  # fmt: skip
        assert code == 0
        return {
            "care_plan": fhir.care_plan(checklist),
            "render": json.loads(mc.render(checklist, "fhir")),
            "communication_requests": fhir.communication_requests(
                schedule, based_on="urn:uuid:00000000-0000-0000-0000-000000000000"
            ),
            "schedule_bundle": fhir.schedule_bundle(checklist, schedule),
            "batch": json.loads(_render("fhir", checklist, schedule)),
            "cli schedule": json.loads(out.getvalue()),
        }

    @staticmethod
    def _subjects(value: object) -> list[tuple[str, object]]:
        """(resourceType, subject) of every CarePlan and CommunicationRequest in *value*."""
        found: list[tuple[str, object]] = []
        if isinstance(value, dict):
            if value.get("resourceType") in ("CarePlan", "CommunicationRequest"):
                found.append((value["resourceType"], value.get("subject")))
            for inner in value.values():
                found += TestOneSubjectPolicy._subjects(inner)
        elif isinstance(value, list):
            for inner in value:
                found += TestOneSubjectPolicy._subjects(inner)
        return found

    @pytest.mark.parametrize("locale", LOCALES)
    def test_no_output_names_a_placeholder_patient(self, locale: str) -> None:
        """Without a patient, no FHIR output says Patient/example, and every subject is the
        same plain "no patient" (the CarePlan's and every CommunicationRequest's alike)."""
        none = fhir.subject_reference(None, locale)
        for name, output in self._outputs(locale).items():
            assert "Patient/example" not in fhir.to_json({"output": output}), name
            subjects = self._subjects(output)
            assert {kind for kind, _ in subjects} == self.KINDS[name], name
            assert [s for _, s in subjects] == [none] * len(subjects), name

    @pytest.mark.parametrize("locale", LOCALES)
    def test_no_patient_requests_validate(self, locale: str) -> None:
        """The "no patient" subject is a valid CommunicationRequest.subject (R4B, 0..1)."""
        checklist = mc.build_checklist(treatment_date=datetime.date(2026, 11, 25), locale=locale)
        schedule = mc.build_schedule(checklist, tz="UTC", patient="p-1")
        bundle = fhir.schedule_bundle(checklist, schedule)
        Bundle.model_validate(bundle)
        plan, *requests = (entry["resource"] for entry in bundle["entry"])
        assert requests
        for request in requests:
            model = CommunicationRequest.model_validate(request)
            assert model.subject is not None
            assert model.subject.reference is None
            assert request["subject"] == plan["subject"]
            assert request["subject"]["display"] == fhir.subject_reference(None, locale)["display"]

    def test_no_patient_is_said_in_the_resource_language(self) -> None:
        """The "no patient" display is French in a French resource (it was English)."""
        day = datetime.date(2026, 11, 25)
        checklist = mc.build_checklist(locale="fr", treatment_date=day)
        english = fhir.care_plan(mc.build_checklist())["subject"]["display"]
        assert english == fhir.NO_SUBJECT_DISPLAY
        french = fhir.care_plan(checklist)["subject"]["display"]
        assert french == "Aucun patient nommé : un modèle, pas le dossier d'un patient"
        schedule = mc.build_schedule(checklist, tz="UTC", patient="p-1")
        requests = fhir.communication_requests(schedule, based_on="CarePlan/1")
        assert requests
        assert {r["subject"]["display"] for r in requests} == {french}

    def test_a_named_patient_is_every_subject(self) -> None:
        """With a patient, the CarePlan and each request name that patient and no other."""
        checklist = mc.build_checklist(treatment_date=datetime.date(2026, 11, 25))
        schedule = mc.build_schedule(checklist, tz="UTC", patient="p-1")
        bundle = fhir.schedule_bundle(checklist, schedule, subject="Group/clinic-7")
        subjects = self._subjects(bundle)
        assert len(subjects) == 1 + len(schedule.touchpoints)
        assert {str(s) for _, s in subjects} == {str({"reference": "Group/clinic-7"})}

    def test_a_bad_subject_is_refused_without_touchpoints(self) -> None:
        """A malformed subject is refused even when there is nothing to send."""
        import attrs

        checklist = mc.build_checklist(treatment_date=datetime.date(2026, 11, 25))
        schedule = mc.build_schedule(checklist, tz="UTC", patient="p-1")
        empty = attrs.evolve(schedule, touchpoints=())
        with pytest.raises(mc.InvalidValueError, match="subject must be a reference"):
            fhir.communication_requests(empty, based_on="urn:x", subject="123")

"""FHIR for the check-in and the schedule: Questionnaire with enableWhen, responses, requests."""

from __future__ import annotations

import datetime

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

LOCALES = ["en", "fr"]
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
        expected = {"en": "Symptom check-in", "fr": "Suivi des symptômes"}[locale]
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
            assert request["payload"][0]["contentString"] == render_sms(
                schedule, touchpoint
            )
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

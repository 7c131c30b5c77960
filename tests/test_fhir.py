from __future__ import annotations

import copy
import datetime
import json
import math
import pathlib
import re
import subprocess
import sys
from typing import Any

import pytest

pytest.importorskip("fhir.resources")

from fhir.resources.R4B.activitydefinition import ActivityDefinition
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.careplan import CarePlan
from fhir.resources.R4B.plandefinition import PlanDefinition
from fhir.resources.R4B.questionnaire import Questionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse
from hypothesis import given, settings
from hypothesis import strategies as st

import microneedle_care as mc
from microneedle_care import ContentError, StepScope, UnknownIdError, approval, fhir

from .strategies import PACK_EXAMPLES, packs

CATALOG = mc.load()
VERSION = CATALOG.content_version
RISK_IDS = [rf.id for rf in CATALOG.risk_factors]
LOCALES = ["en", "fr", "es"]
PLAN_URL = "urn:microneedle-care:PlanDefinition:breakout-aftercare"
QUESTIONNAIRE_URL = "urn:microneedle-care:Questionnaire:risk-factors"
# FHIR's cnl-0: a name usable as an identifier by code generators.
NAME = re.compile(r"[A-Z][A-Za-z0-9_]{0,254}")
DAY = datetime.timedelta(days=1)

dates = st.dates(datetime.date(2000, 1, 1), datetime.date(2099, 12, 31))
risk_sets = st.lists(st.sampled_from(RISK_IDS), unique=True, max_size=len(RISK_IDS))
answers = st.dictionaries(
    st.sampled_from(RISK_IDS), st.sampled_from(["yes", "no", "unsure"]), max_size=len(RISK_IDS)
)


def _hours(value: int) -> dict[str, Any]:
    return {"value": value, "unit": "h", "system": "http://unitsofmeasure.org", "code": "h"}


def _expected_range(window: mc.TimeWindow) -> dict[str, Any]:
    expected = {"low": _hours(window.start_hours)}
    if window.end_hours is not None:
        expected["high"] = _hours(window.end_hours)
    return expected


def _items(checklist: mc.Checklist) -> list[mc.ChecklistItem]:
    return [item for section in checklist.sections for item in section.items]


def _listing(catalog: mc.Catalog, step: mc.AftercareStep) -> set[str]:
    return {rf.id for rf in catalog.risk_factors if step.id in rf.mitigated_by}


def _response(
    chosen: dict[str, str], *, order: list[str] | None = None, catalog: mc.Catalog = CATALOG
) -> dict[str, Any]:
    """A QuestionnaireResponse that answers the exported Questionnaire with *chosen*."""
    questionnaire = fhir.risk_questionnaire(catalog)
    by_link = {item["linkId"]: item for item in questionnaire["item"]}
    items = []
    for link_id in order if order is not None else list(chosen):
        question = by_link[link_id]
        option = next(
            o for o in question["answerOption"] if o["valueCoding"]["code"] == chosen[link_id]
        )
        items.append(
            {"linkId": link_id, "text": question["text"], "answer": [copy.deepcopy(option)]}
        )
    return {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{questionnaire['url']}|{questionnaire['version']}",
        "status": "completed",
        "subject": {"reference": "Patient/example"},
        "item": items,
    }


def _plain_json(value: object) -> bool:
    return json.loads(json.dumps(value)) == value


class TestCore:
    def test_no_fhir_package_at_import(self) -> None:
        """Importing and using the module loads neither fhir.resources nor pydantic."""
        code = (
            "import sys, microneedle_care as mc\n"
            "from microneedle_care import fhir\n"
            "fhir.to_json(fhir.protocol_bundle(mc.load()))\n"
            "fhir.to_json(fhir.care_plan(mc.build_checklist()))\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('fhir', 'pydantic')))\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert result.stdout.strip() == "[]"

    def test_plain_json(self) -> None:
        """Every export is made of JSON types only: dumping and loading it changes nothing."""
        checklist = mc.build_checklist(
            treatment_date=datetime.date(2026, 11, 25), risk_factors=RISK_IDS
        )
        assert _plain_json(fhir.protocol_bundle(CATALOG))
        assert _plain_json(fhir.care_plan(checklist))


def _scope_conditions(action: dict[str, Any]) -> list[dict[str, Any]]:
    """The action's conditions on risk factors and breakouts (not on the treatment given)."""
    return [
        c for c in action.get("condition", []) if "%treatments" not in c["expression"]["expression"]
    ]


class TestPlanDefinition:
    @pytest.mark.parametrize("locale", LOCALES)
    def test_validates(self, locale: str) -> None:
        """The PlanDefinition is a valid R4B clinical-protocol with the content version."""
        catalog = mc.load(locale=locale)
        data = fhir.plan_definition(catalog)
        model = PlanDefinition.model_validate(data)
        assert model.url == PLAN_URL
        assert model.version == VERSION
        assert model.status == "active"
        assert NAME.fullmatch(data["name"])
        assert data["title"]
        assert data["language"] == getattr(catalog, "locale", "en")
        coding = data["type"]["coding"][0]
        assert coding == {
            "system": "http://terminology.hl7.org/CodeSystem/plan-definition-type",
            "code": "clinical-protocol",
        }

    def test_one_action_per_step(self) -> None:
        """Each step is one action, in order, with its window and versioned definition."""
        actions = fhir.plan_definition(CATALOG)["action"]
        assert [a["id"] for a in actions] == [s.id for s in CATALOG.aftercare_steps]
        for action, step in zip(actions, CATALOG.aftercare_steps, strict=True):
            assert action["title"] == step.action
            assert action["description"] == step.reason
            assert action["timingRange"] == _expected_range(step.window)
            url = f"urn:microneedle-care:ActivityDefinition:{step.id}"
            assert action["definitionCanonical"] == f"{url}|{VERSION}"

    def test_risk_factor_conditions(self) -> None:
        """Every risk-factor step applies exactly when a risk factor that lists it is present."""
        actions = {a["id"]: a for a in fhir.plan_definition(CATALOG)["action"]}
        risk_steps = [s for s in CATALOG.aftercare_steps if s.scope is StepScope.RISK_FACTOR]
        assert risk_steps
        for step in risk_steps:
            (condition,) = _scope_conditions(actions[step.id])
            assert condition["kind"] == "applicability"
            expression = condition["expression"]
            assert expression["language"] == "text/fhirpath"
            named = set(
                re.findall(r"%riskFactors contains '([a-z0-9-]+)'", expression["expression"])
            )
            assert named
            assert named == _listing(CATALOG, step)
            assert all(rf_id in expression["description"] for rf_id in named)

    def test_breakout_and_everyone_conditions(self) -> None:
        """Breakout steps apply on %breakout; steps for everyone have no condition."""
        actions = {a["id"]: a for a in fhir.plan_definition(CATALOG)["action"]}
        for step in CATALOG.aftercare_steps:
            action = actions[step.id]
            if step.scope is StepScope.BREAKOUT:
                (condition,) = _scope_conditions(action)
                assert condition["kind"] == "applicability"
                assert condition["expression"]["expression"] == "%breakout"
                assert condition["expression"]["description"]
            elif step.scope is StepScope.EVERYONE:
                assert _scope_conditions(action) == []

    def test_depends_on_questionnaire(self) -> None:
        """The PlanDefinition names the Questionnaire that supplies %riskFactors."""
        artifacts = fhir.plan_definition(CATALOG)["relatedArtifact"]
        (artifact,) = [a for a in artifacts if a["type"] == "depends-on"]
        assert artifact["resource"] == f"{QUESTIONNAIRE_URL}|{VERSION}"

    def test_cites_every_reference_of_every_action(self) -> None:
        """Each action documents its step's references; the plan cites all of them once."""
        plan = fhir.plan_definition(CATALOG)
        cited = [a["label"] for a in plan["relatedArtifact"] if a["type"] == "citation"]
        assert len(cited) == len(set(cited))
        for action in plan["action"]:
            step = CATALOG.aftercare_step(action["id"])
            labels = [a["label"] for a in action.get("documentation", [])]
            assert labels == list(step.references)
            assert set(labels) <= set(cited)
            for artifact in action.get("documentation", []):
                reference = CATALOG.reference(artifact["label"])
                assert artifact["type"] == "citation"
                assert reference.title.rstrip(".") in artifact["citation"]
                assert artifact.get("url") == reference.url
        steps_refs = {r for s in CATALOG.aftercare_steps for r in s.references}
        assert set(cited) == steps_refs

    def test_review_and_approval_dates(self, tmp_path: pathlib.Path) -> None:
        """lastReviewDate is the review date; approvalDate appears only when a clinic approved."""
        plan = fhir.plan_definition(CATALOG)
        assert plan["lastReviewDate"] == CATALOG.reviewed.isoformat()
        assert "approvalDate" not in plan
        pack = tmp_path / "pack.json"
        pack.write_text(json.dumps({"pack": {"name": "Clinic", "version": "1"}}), encoding="utf-8")
        record = mc.approve(  # the approval binds the pack's name and version too
            mc.load(packs=[pack]), name="Dr. A", credentials="MD", date=datetime.date(2026, 12, 1)
        )
        pack.write_text(
            json.dumps(
                {"pack": {"name": "Clinic", "version": "1", "approval": approval.to_dict(record)}}
            ),
            encoding="utf-8",
        )
        approved = mc.load(packs=[pack], require_approval=True)
        plan = fhir.plan_definition(approved)
        assert plan["approvalDate"] == "2026-12-01"
        PlanDefinition.model_validate(plan)


class TestActivityDefinition:
    @pytest.mark.parametrize("locale", LOCALES)
    def test_every_step_validates(self, locale: str) -> None:
        """Every step's ActivityDefinition is valid R4B, a Task timed by the step's window."""
        catalog = mc.load(locale=locale)
        for step in catalog.aftercare_steps:
            data = fhir.activity_definition(step, catalog)
            model = ActivityDefinition.model_validate(data)
            assert model.id == step.id
            assert model.url == f"urn:microneedle-care:ActivityDefinition:{step.id}"
            assert (model.version, model.status, model.kind) == (VERSION, "active", "Task")
            assert NAME.fullmatch(data["name"])
            assert data["title"] == step.action
            assert step.action in data["description"]
            assert step.reason in data["description"]
            assert data["timingRange"] == _expected_range(step.window)

    def test_open_window_has_no_high(self) -> None:
        """An open window gives a range with a low bound only."""
        step = next(s for s in CATALOG.aftercare_steps if s.window.end_hours is None)
        timing = fhir.activity_definition(step, CATALOG)["timingRange"]
        assert "high" not in timing
        assert timing["low"]["value"] == step.window.start_hours


class TestQuestionnaire:
    @pytest.mark.parametrize("locale", LOCALES)
    def test_validates(self, locale: str) -> None:
        """The Questionnaire is valid R4B with one yes/no/unsure choice per risk factor."""
        catalog = mc.load(locale=locale)
        data = fhir.risk_questionnaire(catalog)
        model = Questionnaire.model_validate(data)
        assert (model.url, model.version, model.status) == (QUESTIONNAIRE_URL, VERSION, "active")
        assert NAME.fullmatch(data["name"])
        assert [i["linkId"] for i in data["item"]] == [rf.id for rf in catalog.risk_factors]
        for item, rf in zip(data["item"], catalog.risk_factors, strict=True):
            assert item["text"] == rf.question
            assert item["type"] == "choice"
            codings = [o["valueCoding"] for o in item["answerOption"]]
            assert [c["code"] for c in codings] == ["yes", "no", "unsure"]
            assert all(c["system"] == fhir.ANSWERS and c["display"] for c in codings)

    def test_answer_system(self) -> None:
        """The answers' code system sits under the base."""
        assert fhir.ANSWERS == "urn:microneedle-care:CodeSystem:answers"


class TestBundle:
    @pytest.mark.parametrize("locale", LOCALES)
    def test_validates(self, locale: str) -> None:
        """The protocol Bundle is a valid R4B collection of every definitional resource."""
        catalog = mc.load(locale=locale)
        data = fhir.protocol_bundle(catalog)
        model = Bundle.model_validate(data)
        assert model.type == "collection"
        kinds = [e["resource"]["resourceType"] for e in data["entry"]]
        steps = len(catalog.aftercare_steps)
        assert kinds == ["PlanDefinition", *["ActivityDefinition"] * steps, "Questionnaire"]
        assert [e["fullUrl"] for e in data["entry"]] == [
            e["resource"]["url"] for e in data["entry"]
        ]
        assert len({e["fullUrl"] for e in data["entry"]}) == len(data["entry"])

    def test_definitions_resolve(self) -> None:
        """Every definitionCanonical names an ActivityDefinition in the Bundle, at its version."""
        entries = [e["resource"] for e in fhir.protocol_bundle(CATALOG)["entry"]]
        plan, *activities, _ = entries
        available = {f"{a['url']}|{a['version']}" for a in activities}
        assert {a["definitionCanonical"] for a in plan["action"]} == available

    @settings(max_examples=PACK_EXAMPLES)
    @given(pack=packs())
    def test_any_catalog_validates(self, pack: mc.ContentPack) -> None:
        """For any valid content, the Bundle and its resources validate against R4B."""
        catalog = mc.Catalog(pack)
        data = fhir.protocol_bundle(catalog)
        Bundle.model_validate(data)
        assert all(NAME.fullmatch(e["resource"]["name"]) for e in data["entry"])
        plan = data["entry"][0]["resource"]
        for action, step in zip(plan["action"], catalog.aftercare_steps, strict=True):
            if step.scope is StepScope.RISK_FACTOR:
                expression = action["condition"][0]["expression"]["expression"]
                named = set(re.findall(r"'([a-z0-9-]+)'", expression))
                assert named == _listing(catalog, step)
                assert (expression == "false") == (not named)


class TestCarePlan:
    @pytest.mark.parametrize("locale", LOCALES)
    def test_default_checklist(self, locale: str) -> None:
        """The default checklist gives a valid undated CarePlan that records its content."""
        checklist = mc.build_checklist(locale=locale)
        data = fhir.care_plan(checklist)
        model = CarePlan.model_validate(data)
        assert (model.status, model.intent) == ("active", "plan")
        assert data["subject"] == {
            "extension": [
                {
                    "url": "http://hl7.org/fhir/StructureDefinition/data-absent-reason",
                    "valueCode": "not-applicable",
                }
            ],
            "display": fhir.subject_reference(None, locale)["display"],
        }
        assert model.subject.reference is None
        assert "Patient/example" not in fhir.to_json(data)
        assert data["language"] == getattr(checklist, "locale", "en")
        assert data["instantiatesCanonical"] == [f"{PLAN_URL}|{checklist.content_version}"]
        assert data["meta"]["tag"] == [
            {"system": "urn:microneedle-care:content-digest", "code": checklist.content_digest}
        ]
        assert "period" not in data
        assert all("scheduledPeriod" not in a["detail"] for a in data["activity"])
        assert len(data["activity"]) == len(_items(checklist))

    def test_warning_signs_are_notes(self) -> None:
        """Each warning sign is a note with its urgency, most urgent first."""
        checklist = mc.build_checklist()
        notes = [n["text"] for n in fhir.care_plan(checklist)["note"]]
        expected = [
            f"{group.urgency.value}: {sign.sign} {sign.action}"
            for group in checklist.warnings
            for sign in group.signs
        ]
        assert notes[: len(expected)] == expected
        assert checklist.disclaimer in notes

    def test_subject_and_base(self) -> None:
        """The subject and the base are used as given."""
        base = "https://clinic.example/fhir"
        data = fhir.care_plan(mc.build_checklist(), base=base, subject="Patient/123")
        CarePlan.model_validate(data)
        assert data["subject"] == {"reference": "Patient/123"}
        assert data["instantiatesCanonical"][0].startswith(f"{base}:PlanDefinition:")
        assert all(
            a["detail"]["instantiatesCanonical"][0].startswith(f"{base}:ActivityDefinition:")
            for a in data["activity"]
        )
        assert data["meta"]["tag"][0]["system"] == f"{base}:content-digest"

    @given(
        kind=st.sampled_from(["Patient", "Group"]),
        id=st.from_regex(r"[A-Za-z0-9\-.]{1,64}", fullmatch=True),
    )
    def test_any_valid_subject(self, kind: str, id: str) -> None:
        """Any Patient/<id> or Group/<id> with a FHIR id is used as given and validates."""
        checklist = mc.build_checklist()
        data = json.loads(mc.render(checklist, "fhir", subject=f"{kind}/{id}"))
        assert data["subject"] == {"reference": f"{kind}/{id}"}
        assert CarePlan.model_validate(data).subject.reference == f"{kind}/{id}"

    @pytest.mark.parametrize(
        "subject",
        [
            "",
            "123",
            "Patient/",
            "Patient/12 3",
            "Patient/a/b",
            "Practitioner/1",
            "patient/1",
            "Patient/" + "1" * 65,
            "Patient/1\n",
            "https://fhir.example/Patient/1",
            "Patient/é",
        ],
    )
    def test_bad_subject_is_refused(self, subject: str) -> None:
        """A subject that is not a Patient/<id> or Group/<id> reference is refused, naming it."""
        with pytest.raises(mc.InvalidValueError, match="subject must be a reference") as info:
            mc.render(mc.build_checklist(), "fhir", subject=subject)
        assert repr(subject) in str(info.value)
        assert isinstance(info.value, ValueError)

    def test_subject_needs_fhir(self) -> None:
        """A subject given for another format is refused rather than silently dropped."""
        with pytest.raises(mc.InvalidValueError, match="only to the 'fhir' format"):
            mc.render(mc.build_checklist(), "html", subject="Patient/1")

    def test_subject_not_a_string(self) -> None:
        """A subject that is not a string is an InvalidTypeError."""
        with pytest.raises(mc.InvalidTypeError, match="subject must be a string"):
            fhir.care_plan(mc.build_checklist(), subject=123)  # type: ignore[arg-type]

    @given(treatment_date=st.none() | dates, risk_factors=risk_sets)
    def test_any_checklist(
        self, treatment_date: datetime.date | None, risk_factors: list[str]
    ) -> None:
        """For any date and risk factors, the CarePlan validates and dates each activity."""
        checklist = mc.build_checklist(treatment_date=treatment_date, risk_factors=risk_factors)
        data = fhir.care_plan(checklist)
        CarePlan.model_validate(data)
        assert data["instantiatesCanonical"] == [f"{PLAN_URL}|{checklist.content_version}"]
        if treatment_date is None:
            assert "period" not in data
        else:
            assert data["period"] == {"start": treatment_date.isoformat()}
        items = _items(checklist)
        assert len(data["activity"]) == len(items)
        for activity, item in zip(data["activity"], items, strict=True):
            detail = activity["detail"]
            url = f"urn:microneedle-care:ActivityDefinition:{item.step.id}"
            assert detail["instantiatesCanonical"] == [f"{url}|{checklist.content_version}"]
            assert (detail["kind"], detail["status"]) == ("Task", "not-started")
            assert detail["description"] == item.step.action
            assert [r["text"] for r in detail.get("reasonCode", [])] == [
                rf.name for rf in item.because_of
            ]
            if treatment_date is None:
                assert "scheduledPeriod" not in detail
                continue
            period = detail["scheduledPeriod"]
            assert period["start"] == (treatment_date + (item.first_day - 1) * DAY).isoformat()
            if item.last_day is None:
                assert "end" not in period
            else:
                assert period["end"] == (treatment_date + (item.last_day - 1) * DAY).isoformat()


class TestResponse:
    @given(chosen=answers, data=st.data())
    def test_round_trip(self, chosen: dict[str, str], data: st.DataObject) -> None:
        """Any answers, in any order, read back as exactly the yes (and unsure) risk factors."""
        order = data.draw(st.permutations(list(chosen)))
        response = _response(chosen, order=order)
        QuestionnaireResponse.model_validate(response)
        yes = tuple(i for i in RISK_IDS if chosen.get(i) == "yes")
        yes_or_unsure = tuple(i for i in RISK_IDS if chosen.get(i) in ("yes", "unsure"))
        assert fhir.risk_factors_from_response(response, CATALOG) == yes_or_unsure
        assert fhir.risk_factors_from_response(response, CATALOG, unsure_counts=False) == yes

    @given(chosen=answers)
    def test_feeds_checklist(self, chosen: dict[str, str]) -> None:
        """The ids read back build a checklist for exactly those risk factors."""
        ids = fhir.risk_factors_from_response(_response(chosen), CATALOG)
        checklist = mc.build_checklist(risk_factors=ids)
        assert tuple(rf.id for rf in checklist.risk_factors) == ids

    def test_french_round_trip(self) -> None:
        """A response to the French Questionnaire reads back the same way."""
        catalog = mc.load(locale="fr")
        response = _response({"metal-allergy": "unsure"}, catalog=catalog)
        QuestionnaireResponse.model_validate(response)
        assert fhir.risk_factors_from_response(response, catalog) == ("metal-allergy",)

    def test_unanswered_does_not_count(self) -> None:
        """An item without an answer, and a response without items, give no risk factors."""
        response = _response({})
        assert fhir.risk_factors_from_response(response, CATALOG) == ()
        response["item"] = [{"linkId": "metal-allergy"}]
        assert fhir.risk_factors_from_response(response, CATALOG) == ()

    def test_code_without_system(self) -> None:
        """A coding with a code and no system is read."""
        response = _response({})
        response["item"] = [
            {"linkId": "metal-allergy", "answer": [{"valueCoding": {"code": "yes"}}]}
        ]
        assert fhir.risk_factors_from_response(response, CATALOG) == ("metal-allergy",)

    def test_custom_base(self) -> None:
        """A response to a Questionnaire exported under another base is read with that base."""
        base = "https://clinic.example/fhir"
        questionnaire = fhir.risk_questionnaire(CATALOG, base=base)
        option = questionnaire["item"][0]["answerOption"][0]
        response = {
            "resourceType": "QuestionnaireResponse",
            "status": "completed",
            "questionnaire": questionnaire["url"],
            "item": [{"linkId": RISK_IDS[0], "answer": [option]}],
        }
        assert fhir.risk_factors_from_response(response, CATALOG, base=base) == (RISK_IDS[0],)
        with pytest.raises(ContentError) as info:
            fhir.risk_factors_from_response(response, CATALOG)
        paths = [p.path for p in info.value.problems]
        assert paths == ["$.questionnaire", "$.item[0].answer[0].valueCoding.system"]


class TestResponseErrors:
    def test_wrong_resource_type(self) -> None:
        """Anything but a QuestionnaireResponse is refused at $.resourceType."""
        with pytest.raises(ContentError) as info:
            fhir.risk_factors_from_response(fhir.care_plan(mc.build_checklist()), CATALOG)
        assert [p.path for p in info.value.problems] == ["$.resourceType"]
        assert "QuestionnaireResponse" in str(info.value)

    def test_unknown_link_id(self) -> None:
        """A linkId that is not a risk factor raises UnknownIdError with suggestions."""
        response = _response({"metal-allergy": "yes"})
        response["item"][0]["linkId"] = "metal-alergy"
        with pytest.raises(UnknownIdError) as info:
            fhir.risk_factors_from_response(response, CATALOG)
        assert (info.value.id, info.value.kind) == ("metal-alergy", "risk factor")
        assert "metal-allergy" in info.value.suggestions

    def test_cause_id_is_not_a_risk_factor(self) -> None:
        """The id of another kind of item is not a risk factor."""
        response = _response({"metal-allergy": "yes"})
        response["item"][0]["linkId"] = CATALOG.causes[0].id
        with pytest.raises(UnknownIdError) as info:
            fhir.risk_factors_from_response(response, CATALOG)
        assert info.value.kind == "risk factor"

    def test_missing_code(self) -> None:
        """A coding without a code is refused with the path of the code."""
        chosen = dict.fromkeys(RISK_IDS[:5], "no")
        response = _response(chosen)
        del response["item"][3]["answer"][0]["valueCoding"]["code"]
        with pytest.raises(ContentError) as info:
            fhir.risk_factors_from_response(response, CATALOG)
        (problem,) = info.value.problems
        assert problem.path == "$.item[3].answer[0].valueCoding.code"
        assert "missing" in problem.message

    @pytest.mark.parametrize(
        ("item", "path"),
        [
            ("not an item", "$.item[0]"),
            ({"answer": []}, "$.item[0].linkId"),
            ({"linkId": "metal-allergy", "answer": "yes"}, "$.item[0].answer"),
            (
                {"linkId": "metal-allergy", "answer": [{"valueBoolean": True}]},
                "$.item[0].answer[0].valueCoding",
            ),
            (
                {"linkId": "metal-allergy", "answer": [{"valueCoding": {"code": "maybe"}}] * 1},
                "$.item[0].answer[0].valueCoding.code",
            ),
            (
                {"linkId": "metal-allergy", "answer": [{"valueCoding": {"code": "yes"}}] * 2},
                "$.item[0].answer",
            ),
            (
                {"linkId": "metal-allergy", "item": [{"linkId": "x"}]},
                "$.item[0].item",
            ),
        ],
    )
    def test_malformed_item(self, item: object, path: str) -> None:
        """A malformed item is refused with its JSON path."""
        response = _response({})
        response["item"] = [item]
        with pytest.raises(ContentError) as info:
            fhir.risk_factors_from_response(response, CATALOG)
        assert [p.path for p in info.value.problems] == [path]

    def test_every_problem_listed(self) -> None:
        """Problems in several items are all reported, in document order."""
        response = _response(
            {"metal-allergy": "yes", "active-acne": "no", "keloid-or-raised-scars": "yes"}
        )
        response["item"][0]["answer"][0]["valueCoding"]["code"] = "oui"
        response["item"][2]["answer"][0]["valueCoding"]["system"] = "http://example.org/other"
        response["item"].append({"linkId": "metal-allergy", "answer": []})
        with pytest.raises(ContentError) as info:
            fhir.risk_factors_from_response(response, CATALOG)
        assert [p.path for p in info.value.problems] == [
            "$.item[0].answer[0].valueCoding.code",
            "$.item[2].answer[0].valueCoding.system",
            "$.item[3].linkId",
        ]

    @pytest.mark.parametrize(
        ("change", "path"),
        [
            ({"status": "entered-in-error"}, "$.status"),
            ({"questionnaire": "http://example.org/Questionnaire/other"}, "$.questionnaire"),
            ({"item": {"linkId": "metal-allergy"}}, "$.item"),
        ],
    )
    def test_refused_response(self, change: dict[str, Any], path: str) -> None:
        """A response in error, for another questionnaire, or without an item list is refused."""
        response = {**_response({"metal-allergy": "yes"}), **change}
        with pytest.raises(ContentError) as info:
            fhir.risk_factors_from_response(response, CATALOG)
        assert [p.path for p in info.value.problems] == [path]

    def test_not_an_object(self) -> None:
        """A response that is not a JSON object is refused at $."""
        with pytest.raises(ContentError) as info:
            fhir.risk_factors_from_response([], CATALOG)  # type: ignore[arg-type]
        assert [p.path for p in info.value.problems] == ["$"]


class TestToJson:
    def test_format(self) -> None:
        """The text is indented JSON with a final newline, non-ASCII kept, resourceType first."""
        data = fhir.plan_definition(mc.load(locale="fr"))
        text = fhir.to_json(data)
        assert text.endswith("}\n")
        assert text.startswith('{\n  "resourceType": "PlanDefinition",')
        assert "é" in text
        # The one change: no-break spaces (French, before ":") become plain ones.
        plain = json.loads(json.dumps(data).replace("\\u00a0", " ").replace("\\u202f", " "))
        assert json.loads(text) == plain
        assert "\u00a0" in json.dumps(data, ensure_ascii=False)

    def test_deterministic(self) -> None:
        """The same input gives the same text, from separate builds."""
        checklist = mc.build_checklist(treatment_date=datetime.date(2026, 11, 25))
        first = fhir.to_json(fhir.care_plan(checklist))
        assert first == fhir.to_json(fhir.care_plan(checklist))
        assert fhir.to_json(fhir.protocol_bundle(CATALOG)) == fhir.to_json(
            fhir.protocol_bundle(mc.load())
        )

    def test_refuses_nan(self) -> None:
        """NaN is not valid FHIR JSON."""
        with pytest.raises(ValueError, match="JSON"):
            fhir.to_json({"resourceType": "Basic", "value": math.nan})


class TestCarePlanReviewNote:
    @pytest.mark.parametrize("locale", LOCALES)
    def test_last_note_names_content_and_review_dates(self, locale: str) -> None:
        """The care plan's last note names the content, its digest and both review dates."""
        checklist = mc.build_checklist(locale=locale)
        note = fhir.care_plan(checklist)["note"][-1]["text"]
        assert checklist.content_version in note
        assert checklist.content_digest in note
        assert checklist.reviewed is not None
        assert checklist.next_review is not None
        assert checklist.reviewed.isoformat() in note
        assert checklist.next_review.isoformat() in note
        assert "pprov" not in note  # no approval recorded, none claimed


def test_french_fhir_json_matches_fhirs_string_pattern_in_javascript() -> None:
    """Attack report: French FHIR failed FHIR's JSON schema under a JavaScript validator.

    FHIR strings must match ^[ \\r\\n\\t\\S]+$; in JavaScript \\s includes U+00A0 and U+202F,
    so \\S excludes them, and French puts a no-break space before ":" and "?".
    """
    import datetime

    import microneedle_care as mc
    from microneedle_care import fhir

    catalog = mc.load(locale="fr")
    clinic = mc.ClinicContact(name="Clinique Lakeview", phone="514-555-0134")
    dated = mc.build_checklist(
        catalog=catalog, treatment_date=datetime.date(2026, 11, 25), clinic=clinic
    )
    plan = mc.build_schedule(dated, tz="America/Toronto", patient="p-1", catalog=catalog)
    for text in (
        fhir.to_json(fhir.care_plan(mc.build_checklist(catalog=catalog))),
        fhir.to_json(fhir.protocol_bundle(catalog)),
        fhir.to_json(fhir.schedule_bundle(dated, plan)),
    ):
        assert "\u00a0" not in text
        assert "\u202f" not in text
        assert "\u2007" not in text


class TestCheckInResponseStrictness:
    """L13: nested items and any status were silently accepted by the check-in reader."""

    @staticmethod
    def _response(**changes: Any) -> dict[str, Any]:
        response: dict[str, Any] = {
            "resourceType": "QuestionnaireResponse",
            "status": "completed",
            "item": [{"linkId": "cold-sore-flare", "answer": [{"valueBoolean": True}]}],
        }
        response.update(changes)
        return response

    @pytest.mark.parametrize(
        ("change", "path"),
        [
            ({"status": "finished"}, "$.status"),
            ({"status": None}, "$.status"),
            (
                {"item": [{"linkId": "cold-sore-flare", "item": [{"linkId": "x"}]}]},
                "$.item[0].item",
            ),
            (
                {
                    "item": [
                        {
                            "linkId": "cold-sore-flare",
                            "answer": [{"valueBoolean": True, "item": []}],
                        }
                    ]
                },
                "$.item[0].answer[0].item",
            ),
        ],
    )
    def test_refused(self, change: dict[str, Any], path: str) -> None:
        with pytest.raises(ContentError) as info:
            fhir.answers_from_response(self._response(**change), CATALOG)
        assert [p.path for p in info.value.problems] == [path]

    @pytest.mark.parametrize("status", ["in-progress", "completed", "amended", "stopped"])
    def test_every_fhir_status_but_entered_in_error_is_read(self, status: str) -> None:
        answers = fhir.answers_from_response(self._response(status=status), CATALOG)
        assert answers == {"cold-sore-flare": True}


@pytest.mark.parametrize(
    "base", ["", " ", "urn:micro needle", "urn:x\u0007", "no-scheme", "urn:\u00e9", "x" * 300]
)
def test_bad_base_is_refused(base: str) -> None:
    """L19: --base '' or with spaces or control characters made canonical URLs FHIR forbids."""
    with pytest.raises(mc.errors.InvalidValueError, match="base must be a URI prefix"):
        fhir.protocol_bundle(CATALOG, base=base)


def test_bad_base_on_the_command_line_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from microneedle_care.cli import main

    assert main(["export-fhir", "--base", ""]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "base must be a URI prefix" in err


@pytest.mark.parametrize(
    "base", ["urn:microneedle-care", "https://clinic.example/fhir", "urn:oid:1.2.3"]
)
def test_good_bases(base: str) -> None:
    assert fhir.plan_url(base).startswith(base + ":")


class TestPackageLayout:
    """Issue 18 item 3: ``fhir`` is a package by concept; its API is what ``fhir.py`` had."""

    SOURCES = pathlib.Path(fhir.__file__).parent

    def test_all_is_pinned(self) -> None:
        """``__all__`` is exactly the set the one-module ``fhir.py`` exported."""
        assert sorted(fhir.__all__) == [
            "ANSWERS",
            "DEFAULT_BASE",
            "NO_SUBJECT_DISPLAY",
            "Resource",
            "activity_definition",
            "answers_from_response",
            "answers_system",
            "care_plan",
            "check_in_questionnaire",
            "citation",
            "communication_requests",
            "plan_definition",
            "protocol_bundle",
            "risk_factors_from_response",
            "risk_questionnaire",
            "schedule_bundle",
            "subject_reference",
            "to_json",
        ]
        assert len(set(fhir.__all__)) == len(fhir.__all__)

    # Public names of fhir.py outside __all__ (the words moved to the message files).
    OTHER_NAMES = (
        "ANSWER_CODES", "CHECK_IN_ID", "FHIRPATH", "PLAN_ID", "PLAN_TYPE",
        "QUESTIONNAIRE_ID", "UCUM", "activity_url", "check_in_url", "digest_system",
        "plan_url", "questionnaire_url", "_Words",
    )  # fmt: skip

    @pytest.mark.parametrize("name", OTHER_NAMES)
    def test_other_names_still_importable(self, name: str) -> None:
        """Every other name code imported from ``fhir.py`` is the shared module's object."""
        from microneedle_care.fhir import _common

        assert getattr(fhir, name) is getattr(_common, name)

    def test_other_names_are_explicit_reexports(self) -> None:
        """Names outside ``__all__`` are imported ``X as X``: ``mypy --strict`` needs that to
        let users import them (it refused ``from microneedle_care.fhir import plan_url``)."""
        import ast

        tree = ast.parse((self.SOURCES / "__init__.py").read_text("utf-8"))
        imported = {
            alias.name: alias.asname
            for node in tree.body
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        for name in self.OTHER_NAMES:
            assert imported.get(name) == name, name
        for name in fhir.__all__:
            assert name in imported or name in {"ANSWERS", "DEFAULT_BASE", "NO_SUBJECT_DISPLAY",
                                                "Resource"}, name  # fmt: skip

    def test_every_exported_name_is_importable(self) -> None:
        """``from microneedle_care.fhir import *`` gives every name of ``__all__``."""
        scope: dict[str, object] = {}
        exec("from microneedle_care.fhir import *", scope)
        assert set(fhir.__all__) <= set(scope)
        assert fhir.Resource == dict[str, Any]
        assert fhir.DEFAULT_BASE == "urn:microneedle-care"
        assert fhir.ANSWERS == "urn:microneedle-care:CodeSystem:answers"

    @pytest.mark.parametrize(
        ("module", "names"),
        [
            ("protocol", ["citation", "activity_definition", "plan_definition",
                          "risk_questionnaire", "protocol_bundle"]),
            ("careplan", ["subject_reference", "care_plan"]),
            ("checkin", ["check_in_questionnaire"]),
            ("responses", ["risk_factors_from_response", "answers_from_response"]),
            ("communication", ["communication_requests", "schedule_bundle"]),
            ("_common", ["to_json", "answers_system", "plan_url", "check_in_url"]),
        ],
    )  # fmt: skip
    def test_each_concept_in_its_module(self, module: str, names: list[str]) -> None:
        """The functions live where the design review puts them."""
        for name in names:
            assert getattr(fhir, name).__module__ == f"microneedle_care.fhir.{module}", name

    def test_modules_are_small(self) -> None:
        """No module of the package is anywhere near 500 lines (issue 18's "Done when")."""
        sizes = {p.name: len(p.read_text("utf-8").splitlines()) for p in self.SOURCES.glob("*.py")}
        assert set(sizes) == {
            "__init__.py", "_common.py", "careplan.py", "checkin.py", "communication.py",
            "protocol.py", "responses.py",
        }  # fmt: skip
        assert max(sizes.values()) < 400, sizes

    def test_only_responses_reads_untrusted_input(self) -> None:
        """QuestionnaireResponses are checked in ``responses.py`` and nowhere else."""
        for path in self.SOURCES.glob("*.py"):
            text = path.read_text("utf-8")
            found = [w for w in ("_response_items", "_answer_code", "ContentError") if w in text]
            if path.name == "responses.py":
                assert len(found) == 3
            elif path.name != "__init__.py":
                assert found == [], path.name

    @pytest.mark.parametrize("locale", LOCALES)
    def test_words_live_in_the_message_files(self, locale: str) -> None:
        """Every word the FHIR resources use is the ``fhir`` section of a message file, and
        no FHIR module spells one (they were ``_ENGLISH`` and ``_FRENCH`` in _common.py)."""
        from microneedle_care import _i18n
        from microneedle_care.fhir import _common

        said = _i18n.messages(locale)
        words = {*said.fhir.values(), *said.answers.values()}
        assert _common._words(locale) == _common._Words(answers=said.answers, **said.fhir)
        assert not hasattr(fhir, "_WORDS")
        for name in ("_WORDS", "_ENGLISH", "_FRENCH"):
            assert not hasattr(_common, name), name
        for path in self.SOURCES.glob("*.py"):
            text = path.read_text("utf-8")
            assert "_Words(" not in text or path.name == "_common.py", path.name
            for word in words:
                # Short answer labels ("Yes", "No", "Oui", "Non") are common English text.
                if len(word) > 12:
                    assert word not in text, (path.name, word)
                    assert json.dumps(word)[1:-1] not in text, (path.name, word)


def attrs_fields(value: object) -> list[Any]:
    """The values of an attrs instance's fields, in order."""
    import attrs

    return [getattr(value, f.name) for f in attrs.fields(type(value))]

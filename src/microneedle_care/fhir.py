"""FHIR R4B export: the protocol, the risk-factor intake and a patient's care plan.

Every function returns a plain, JSON-ready ``dict`` (strings, numbers, lists and dicts
only), so this module needs no FHIR package. The ``fhir`` extra installs
``fhir.resources``, which the test suite uses to validate every resource.

The protocol is a ``PlanDefinition`` with one ``ActivityDefinition`` per aftercare step;
the intake is a ``Questionnaire`` with one yes/no/unsure question per risk factor; a
checklist becomes a ``CarePlan``. Definitional resources are named by canonical URLs
under a *base* (``urn:microneedle-care`` by default) and carry the content version, so
``url|version`` says exactly which content they hold.

Applicability conditions are FHIRPath over two variables a rules engine must supply:
``%riskFactors``, the ids of the patient's risk factors (as
:func:`risk_factors_from_response` returns them), and ``%breakout``, whether a breakout
has appeared.

>>> import microneedle_care as mc
>>> plan = plan_definition(mc.load())
>>> plan["url"], plan["version"]
('urn:microneedle-care:PlanDefinition:breakout-aftercare', '3.0.0')
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from .errors import (
    ContentError,
    InvalidTypeError,
    InvalidValueError,
    MicroneedleCareError,
    Problem,
)
from .model import AftercareStep, Reference, StepScope, TimeWindow

if TYPE_CHECKING:
    from .catalog import Catalog
    from .checklist import Checklist
    from .schedule import Schedule

__all__ = [
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

Resource = dict[str, Any]
"""A FHIR resource as decoded JSON."""

DEFAULT_BASE = "urn:microneedle-care"
"""The prefix of every canonical URL and code system, unless a *base* is given."""

PLAN_ID = "breakout-aftercare"
"""The id of the PlanDefinition (and the end of its canonical URL)."""
QUESTIONNAIRE_ID = "risk-factors"
"""The id of the Questionnaire (and the end of its canonical URL)."""

ANSWER_CODES = ("yes", "no", "unsure")
"""The codes of the intake answers, in the order the Questionnaire offers them."""

UCUM = "http://unitsofmeasure.org"
PLAN_TYPE = "http://terminology.hl7.org/CodeSystem/plan-definition-type"
FHIRPATH = "text/fhirpath"


def answers_system(base: str = DEFAULT_BASE) -> str:
    """Return the code system of the intake answers (``yes``, ``no``, ``unsure``).

    >>> answers_system("https://clinic.example/fhir")
    'https://clinic.example/fhir:CodeSystem:answers'
    """
    return f"{base}:CodeSystem:answers"


ANSWERS = answers_system()
"""The code system of the intake answers under :data:`DEFAULT_BASE`."""


_BASE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[!-~]+")


def _base(base: object) -> str:
    """Return *base* if it can start a canonical URL, else raise (attack report L19).

    A FHIR ``uri`` has no spaces or control characters; it starts with a scheme such as
    ``urn:`` or ``https:``. Characters outside printable ASCII must be percent-encoded.
    """
    if not isinstance(base, str):
        raise InvalidTypeError(f"base must be a string, got {type(base).__name__}")
    if _BASE.fullmatch(base) is None or len(base) > 200:
        raise InvalidValueError(
            "base must be a URI prefix such as 'urn:microneedle-care' or"
            f" 'https://clinic.example/fhir' (a scheme, ':', no spaces), got {base!r}"
        )
    return base


def plan_url(base: str = DEFAULT_BASE) -> str:
    """Return the canonical URL of the PlanDefinition (without a version)."""
    return f"{_base(base)}:PlanDefinition:{PLAN_ID}"


def activity_url(step_id: str, base: str = DEFAULT_BASE) -> str:
    """Return the canonical URL of the ActivityDefinition of the step *step_id*."""
    return f"{_base(base)}:ActivityDefinition:{step_id}"


def questionnaire_url(base: str = DEFAULT_BASE) -> str:
    """Return the canonical URL of the risk-factor Questionnaire (without a version)."""
    return f"{_base(base)}:Questionnaire:{QUESTIONNAIRE_ID}"


def digest_system(base: str = DEFAULT_BASE) -> str:
    """Return the system of the ``meta.tag`` that holds a care plan's content digest."""
    return f"{_base(base)}:content-digest"


# -- fixed words, per language ---------------------------------------------------------


@attrs.frozen(kw_only=True)
class _Words:
    plan_title: str
    questionnaire_title: str
    check_in_title: str
    answers: Mapping[str, str]
    risk_condition: str
    no_risk_factor: str
    breakout_condition: str
    review: str
    next_review: str


_ENGLISH = _Words(
    plan_title="Aftercare to prevent and handle breakouts after microneedling",
    questionnaire_title="Risk factors for breakouts after microneedling",
    check_in_title="Symptom check-in after microneedling",
    answers={"yes": "Yes", "no": "No", "unsure": "Not sure"},
    risk_condition="Applies if the patient has any of these risk factors: {names}.",
    no_risk_factor="No risk factor calls for this step, so it never applies.",
    breakout_condition="Applies only if a breakout appears.",
    review="Content {version} (digest {digest}); sources checked {reviewed}",
    next_review="next check due {date}",
)
_FRENCH = _Words(
    plan_title="Soins pour prévenir et gérer les boutons après un microaiguilletage",
    questionnaire_title="Facteurs de risque de boutons après un microaiguilletage",
    check_in_title="Suivi des symptômes après un microaiguilletage",
    answers={"yes": "Oui", "no": "Non", "unsure": "Je ne sais pas"},
    risk_condition="S'applique si le patient a l'un de ces facteurs de risque : {names}.",
    no_risk_factor="Aucun facteur de risque ne demande cette étape ; elle ne s'applique jamais.",
    breakout_condition="S'applique seulement si des boutons apparaissent.",
    review="Contenu {version} (empreinte {digest}) ; sources vérifiées le {reviewed}",
    next_review="prochaine vérification prévue le {date}",
)
_WORDS = {"en": _ENGLISH, "fr-CA": _FRENCH}


def _locale(obj: object) -> str:
    locale = getattr(obj, "locale", "en")
    return locale if isinstance(locale, str) else "en"


def _words(locale: str) -> _Words:
    return _WORDS.get(locale, _ENGLISH)


# -- building blocks -------------------------------------------------------------------


def _hours(value: int) -> Resource:
    return {"value": value, "unit": "h", "system": UCUM, "code": "h"}


def _timing_range(window: TimeWindow) -> Resource:
    timing = {"low": _hours(window.start_hours)}
    if window.end_hours is not None:
        timing["high"] = _hours(window.end_hours)
    return timing


def _machine_name(id: str) -> str:
    """Turn a kebab-case id into a FHIR ``name`` (``wash-gently`` gives ``WashGently``)."""
    name = "".join(part[:1].upper() + part[1:] for part in id.split("-"))
    return name if name[:1].isalpha() else f"Step{name}"


def _definitional(
    resource_type: str, id: str, url: str, name: str, title: str, catalog: Catalog
) -> Resource:
    return {
        "resourceType": resource_type,
        "id": id,
        "language": _locale(catalog),
        "url": url,
        "version": catalog.content_version,
        "name": name,
        "title": title,
        "status": "active",
        "lastReviewDate": catalog.reviewed.isoformat(),
        **_approval_date(catalog),
    }


def _approval_date(catalog: Catalog) -> Resource:
    approval = catalog.approval
    return {} if approval is None else {"approvalDate": approval.date.isoformat()}


def citation(reference: Reference) -> Resource:
    """Return a ``RelatedArtifact`` of type ``citation`` for one reference.

    The ``label`` is the reference's id, ``citation`` a Vancouver-style citation, and
    ``url`` its canonical address.

    >>> import microneedle_care as mc
    >>> artifact = citation(mc.load().reference("chu-2021-safety-review"))
    >>> artifact["type"], artifact["label"]
    ('citation', 'chu-2021-safety-review')

    .. versionadded:: 0.5.0
    """
    authors = ", ".join(reference.authors)
    parts = [
        f"{authors}." if authors else "",
        f"{reference.title.rstrip('.')}.",
        reference.publisher,
    ]
    text = " ".join(p for p in parts if p)
    text += f". {reference.year}." if reference.year else "."
    if reference.doi:
        text += f" doi:{reference.doi}."
    if reference.pmid:
        text += f" PMID: {reference.pmid}."
    artifact: Resource = {
        "type": "citation",
        "label": reference.id,
        "display": reference.title,
        "citation": text,
    }
    if reference.url:
        artifact["url"] = reference.url
    return artifact


def _citations(ids: Sequence[str], catalog: Catalog) -> list[Resource]:
    return [citation(catalog.reference(ref_id)) for ref_id in ids]


def _applicability(description: str, expression: str) -> Resource:
    return {
        "kind": "applicability",
        "expression": {
            "description": description,
            "language": FHIRPATH,
            "expression": expression,
        },
    }


def _conditions(step: AftercareStep, catalog: Catalog) -> list[Resource]:
    words = _words(_locale(catalog))
    if step.scope is StepScope.BREAKOUT:
        return [_applicability(words.breakout_condition, "%breakout")]
    if step.scope is not StepScope.RISK_FACTOR:
        return []
    # Several conditions of one kind are ANDed, so the risk factors share one condition.
    listing = [rf for rf in catalog.risk_factors if step.id in rf.mitigated_by]
    if not listing:
        return [_applicability(words.no_risk_factor, "false")]
    names = ", ".join(f"{rf.name} ({rf.id})" for rf in listing)
    expression = " or ".join(f"%riskFactors contains '{rf.id}'" for rf in listing)
    return [_applicability(words.risk_condition.format(names=names), expression)]


# -- the protocol ----------------------------------------------------------------------


def activity_definition(
    step: AftercareStep, catalog: Catalog, *, base: str = DEFAULT_BASE
) -> Resource:
    """Return the ActivityDefinition of one aftercare step.

    Args:
        step: The step.
        catalog: The content it comes from; gives the version and the language.
        base: The prefix of the canonical URL.

    Returns:
        An ActivityDefinition of kind ``Task``: the title is the step's action, the
        description its action and reason, and ``timingRange`` its time window in
        hours after the treatment (without ``high`` when the window stays open).

    >>> import microneedle_care as mc
    >>> catalog = mc.load()
    >>> resource = activity_definition(catalog.aftercare_step("wash-gently"), catalog)
    >>> resource["url"], resource["timingRange"]["high"]["value"]
    ('urn:microneedle-care:ActivityDefinition:wash-gently', 168)
    """
    resource = _definitional(
        "ActivityDefinition",
        step.id,
        activity_url(step.id, base),
        _machine_name(step.id),
        step.action,
        catalog,
    )
    resource["description"] = f"{step.action}\n\n{step.reason}"
    if step.references:
        resource["relatedArtifact"] = _citations(step.references, catalog)
    resource["kind"] = "Task"
    resource["timingRange"] = _timing_range(step.window)
    return resource


def plan_definition(catalog: Catalog, *, base: str = DEFAULT_BASE) -> Resource:
    """Return the aftercare protocol as a PlanDefinition of type ``clinical-protocol``.

    Each aftercare step is one action, in content order, with its time window as
    ``timingRange`` and its ActivityDefinition as ``definitionCanonical`` (with the
    version). A step for some risk factors has one applicability condition that names
    every risk factor whose ``mitigated_by`` lists it; a step for breakouts has the
    condition ``%breakout``. The PlanDefinition depends on the risk-factor Questionnaire.

    Each action's ``documentation`` cites its step's references, and the PlanDefinition's
    ``relatedArtifact`` cites every reference any action cites (see :func:`citation`).
    ``lastReviewDate`` is when the content was checked against its sources;
    ``approvalDate`` is when the clinic approved exactly this content, if it has.

    Args:
        catalog: The content.
        base: The prefix of the canonical URLs.

    Returns:
        The PlanDefinition.

    >>> import microneedle_care as mc
    >>> plan = plan_definition(mc.load())
    >>> action = next(a for a in plan["action"] if a["id"] == "tell-clinic-about-cold-sores")
    >>> action["condition"][0]["expression"]["expression"]
    "%riskFactors contains 'cold-sore-history' or %riskFactors contains 'eczema-or-sensitive-skin' or %riskFactors contains 'weak-immune-system'"
    """  # noqa: E501
    version = catalog.content_version
    words = _words(_locale(catalog))
    resource = _definitional(
        "PlanDefinition", PLAN_ID, plan_url(base), "BreakoutAftercare", words.plan_title, catalog
    )
    resource["type"] = {"coding": [{"system": PLAN_TYPE, "code": "clinical-protocol"}]}
    resource["usage"] = catalog.disclaimer
    cited = list(dict.fromkeys(r for step in catalog.aftercare_steps for r in step.references))
    resource["relatedArtifact"] = [
        {
            "type": "depends-on",
            "display": words.questionnaire_title,
            "resource": f"{questionnaire_url(base)}|{version}",
        },
        *_citations(cited, catalog),
    ]
    actions = []
    for step in catalog.aftercare_steps:
        action: Resource = {
            "id": step.id,
            "title": step.action,
            "description": step.reason,
        }
        if step.references:
            action["documentation"] = _citations(step.references, catalog)
        conditions = _conditions(step, catalog)
        if conditions:
            action["condition"] = conditions
        action["timingRange"] = _timing_range(step.window)
        action["definitionCanonical"] = f"{activity_url(step.id, base)}|{version}"
        actions.append(action)
    resource["action"] = actions
    return resource


def risk_questionnaire(catalog: Catalog, *, base: str = DEFAULT_BASE) -> Resource:
    """Return the risk-factor intake: one yes/no/unsure question per risk factor.

    Each item's ``linkId`` is the risk factor's id and its text the risk factor's
    ``question``; the answers are codings in :func:`answers_system`.

    Args:
        catalog: The content.
        base: The prefix of the canonical URL and of the answers' code system.

    Returns:
        The Questionnaire.

    >>> import microneedle_care as mc
    >>> item = risk_questionnaire(mc.load())["item"][0]
    >>> item["linkId"], [o["valueCoding"]["code"] for o in item["answerOption"]]
    ('active-acne', ['yes', 'no', 'unsure'])
    """
    words = _words(_locale(catalog))
    resource = _definitional(
        "Questionnaire",
        QUESTIONNAIRE_ID,
        questionnaire_url(base),
        "RiskFactors",
        words.questionnaire_title,
        catalog,
    )
    resource["subjectType"] = ["Patient"]
    system = answers_system(base)

    def options() -> list[Resource]:
        return [
            {"valueCoding": {"system": system, "code": code, "display": words.answers[code]}}
            for code in ANSWER_CODES
        ]

    resource["item"] = [
        {"linkId": rf.id, "text": rf.question, "type": "choice", "answerOption": options()}
        for rf in catalog.risk_factors
    ]
    return resource


def protocol_bundle(catalog: Catalog, *, base: str = DEFAULT_BASE) -> Resource:
    """Return the whole protocol as a ``collection`` Bundle.

    The entries are the PlanDefinition, every ActivityDefinition (in content order) and
    the Questionnaire; each entry's ``fullUrl`` is the resource's canonical URL.

    Args:
        catalog: The content.
        base: The prefix of the canonical URLs.

    Returns:
        The Bundle.

    >>> import microneedle_care as mc
    >>> bundle = protocol_bundle(mc.load())
    >>> bundle["entry"][0]["resource"]["resourceType"], bundle["entry"][-1]["fullUrl"]
    ('PlanDefinition', 'urn:microneedle-care:Questionnaire:risk-factors')
    """
    resources = [
        plan_definition(catalog, base=base),
        *(activity_definition(step, catalog, base=base) for step in catalog.aftercare_steps),
        risk_questionnaire(catalog, base=base),
    ]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"fullUrl": r["url"], "resource": r} for r in resources],
    }


# -- the intake, read back -------------------------------------------------------------


def _problem(problems: list[Problem], path: str, message: str) -> None:
    problems.append(Problem(path, message))


def _answer_code(
    item: Mapping[str, Any], path: str, system: str, problems: list[Problem]
) -> str | None:
    """Return the code of *item*'s answer, ``None`` if unanswered; note what is wrong."""
    answers = item.get("answer")
    if answers is None or answers == []:
        return None
    if not isinstance(answers, Sequence) or isinstance(answers, str):
        _problem(problems, f"{path}.answer", "expected a list of answers")
        return None
    if len(answers) > 1:
        _problem(problems, f"{path}.answer", f"expected one answer, got {len(answers)}")
        return None
    answer, path = answers[0], f"{path}.answer[0]"
    coding = answer.get("valueCoding") if isinstance(answer, Mapping) else None
    if not isinstance(coding, Mapping):
        _problem(problems, f"{path}.valueCoding", "expected a valueCoding (yes, no or unsure)")
        return None
    if "system" in coding and coding["system"] != system:
        message = f"expected the system {system!r}, got {coding['system']!r}"
        _problem(problems, f"{path}.valueCoding.system", message)
        return None
    code = coding.get("code")
    if code not in ANSWER_CODES:
        expected = ", ".join(repr(c) for c in ANSWER_CODES)
        message = "missing" if code is None else f"expected one of {expected}, got {code!r}"
        _problem(problems, f"{path}.valueCoding.code", message)
        return None
    return str(code)


_RESPONSE_STATUSES = frozenset({"in-progress", "completed", "amended", "stopped"})


def _response_items(
    response: object, expected_url: str, problems: list[Problem], source: str
) -> Sequence[object]:
    """Check a QuestionnaireResponse's header and return its items (empty if malformed).

    Raises:
        ContentError: If *response* is not an object or not a QuestionnaireResponse; other
            problems are added to *problems*.
    """
    if not isinstance(response, Mapping):
        raise ContentError(source, (Problem("$", "expected a JSON object"),))
    kind = response.get("resourceType")
    if kind != "QuestionnaireResponse":
        message = f"expected 'QuestionnaireResponse', got {kind!r}"
        raise ContentError(source, (Problem("$.resourceType", message),))
    status = response.get("status")
    if status == "entered-in-error":
        _problem(problems, "$.status", "the response is marked entered-in-error")
    elif status not in _RESPONSE_STATUSES:
        # FHIR requires a status; only these five codes exist (attack report L13).
        _problem(
            problems,
            "$.status",
            f"expected one of {', '.join(sorted(_RESPONSE_STATUSES))}, got {status!r}",
        )
    questionnaire = response.get("questionnaire")
    if questionnaire is not None and (
        not isinstance(questionnaire, str) or questionnaire.split("|")[0] != expected_url
    ):
        message = f"expected the questionnaire {expected_url!r}, got {questionnaire!r}"
        _problem(problems, "$.questionnaire", message)
    items = response.get("item", [])
    if not isinstance(items, Sequence) or isinstance(items, str):
        _problem(problems, "$.item", "expected a list of items")
        return []
    return items


def risk_factors_from_response(
    response: Mapping[str, object],
    catalog: Catalog,
    *,
    unsure_counts: bool = True,
    base: str = DEFAULT_BASE,
    source: str = "<QuestionnaireResponse>",
) -> tuple[str, ...]:
    """Return the risk factors a QuestionnaireResponse to :func:`risk_questionnaire` reports.

    A risk factor counts if it is answered ``yes``, or ``unsure`` when *unsure_counts*
    (the default), so that a patient who is not sure still gets the precautions. An
    unanswered question does not count. A retired id is read as its replacement, with a
    :class:`DeprecationWarning`, as the catalog's lookups do.

    Args:
        response: The QuestionnaireResponse, as decoded JSON.
        catalog: The content the questions came from.
        unsure_counts: Whether ``unsure`` counts as ``yes``.
        base: The prefix the Questionnaire was exported with; the answers' code system
            and the ``questionnaire`` canonical, where given, must match it.
        source: Where the response came from, named in error messages.

    Returns:
        The ids of the risk factors, in catalog order, ready for
        :func:`~microneedle_care.checklist.build_checklist`.

    Raises:
        ContentError: If *response* is not a QuestionnaireResponse, is marked
            ``entered-in-error``, answers another questionnaire, or an item is
            malformed; every problem is listed with its JSON path, such as
            ``$.item[3].answer[0].valueCoding.code``.
        UnknownIdError: If a ``linkId`` is not a risk factor of *catalog*.

    >>> import microneedle_care as mc
    >>> response = {
    ...     "resourceType": "QuestionnaireResponse",
    ...     "status": "completed",
    ...     "item": [
    ...         {"linkId": "metal-allergy", "answer": [{"valueCoding": {"code": "unsure"}}]},
    ...         {"linkId": "active-acne", "answer": [{"valueCoding": {"code": "yes"}}]},
    ...     ],
    ... }
    >>> risk_factors_from_response(response, mc.load())
    ('active-acne', 'metal-allergy')
    >>> risk_factors_from_response(response, mc.load(), unsure_counts=False)
    ('active-acne',)
    """
    problems: list[Problem] = []
    items = _response_items(response, questionnaire_url(base), problems, source)

    counted = {"yes", "unsure"} if unsure_counts else {"yes"}
    system = answers_system(base)
    chosen: set[str] = set()
    seen: dict[str, str] = {}
    for index, item in enumerate(items):
        path = f"$.item[{index}]"
        if not isinstance(item, Mapping):
            _problem(problems, path, "expected a JSON object")
            continue
        link_id = item.get("linkId")
        if not isinstance(link_id, str):
            _problem(problems, f"{path}.linkId", "expected the id of a risk factor")
            continue
        if "item" in item:
            _problem(problems, f"{path}.item", "expected no nested items")
        rf_id = catalog.risk_factor(link_id).id
        if rf_id in seen:
            _problem(problems, f"{path}.linkId", f"{rf_id!r} is answered twice ({seen[rf_id]})")
            continue
        seen[rf_id] = path
        if _answer_code(item, path, system, problems) in counted:
            chosen.add(rf_id)
    if problems:
        raise ContentError(source, tuple(problems))
    return tuple(rf.id for rf in catalog.risk_factors if rf.id in chosen)


# -- a patient's plan ------------------------------------------------------------------

NO_SUBJECT_DISPLAY = "No patient named: a template, not a patient's record"
"""The ``subject.display`` of a CarePlan built without a patient."""

_DATA_ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
# CarePlan.subject may point at a Patient or a Group; a FHIR id is 1-64 of these.
_SUBJECT = re.compile(r"(Patient|Group)/[A-Za-z0-9\-.]{1,64}")


def subject_reference(subject: str | None) -> Resource:
    """Return the ``subject`` of a CarePlan: a reference to *subject*, or a plain "no patient".

    CarePlan.subject is required (1..1) in FHIR R4B. Without a patient, the reference has
    no ``reference`` at all: its ``display`` says that the plan is a template
    (:data:`NO_SUBJECT_DISPLAY`) and the standard ``data-absent-reason`` extension says
    ``not-applicable``, which satisfies the Reference invariant (a reference, an
    identifier, a display or an extension) without inventing a patient.

    Args:
        subject: A relative reference, ``"Patient/<id>"`` or ``"Group/<id>"``, where
            the id is 1 to 64 letters, digits, ``-`` or ``.``; or ``None``.

    Raises:
        InvalidValueError: If *subject* is not such a reference.
        InvalidTypeError: If *subject* is not a string.

    >>> subject_reference("Patient/123")
    {'reference': 'Patient/123'}
    >>> subject_reference(None)["display"]
    "No patient named: a template, not a patient's record"
    >>> subject_reference("123")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    microneedle_care.errors.InvalidValueError: subject must be a reference such as 'Patient/123' ...
    """
    if subject is None:
        return {
            "extension": [{"url": _DATA_ABSENT, "valueCode": "not-applicable"}],
            "display": NO_SUBJECT_DISPLAY,
        }
    if not isinstance(subject, str):
        raise InvalidTypeError(f"subject must be a string, got {type(subject).__name__}")
    if _SUBJECT.fullmatch(subject) is None:
        raise InvalidValueError(
            "subject must be a reference such as 'Patient/123' (Patient or Group, '/',"
            f" then an id of 1 to 64 letters, digits, '-' or '.'); got {subject!r}"
        )
    return {"reference": subject}


def care_plan(
    checklist: Checklist, *, base: str = DEFAULT_BASE, subject: str | None = None
) -> Resource:
    """Return a checklist as a CarePlan that instantiates the PlanDefinition.

    Each checklist item becomes one activity, in checklist order, naming its
    ActivityDefinition (with the version), dated from the checklist when it has a
    treatment date, and with the patient's risk factors it helps with as reasons. The
    warning signs, most urgent first, who to call where the clinic is (when its contact
    names a region), the disclaimer, and the content's version, review dates, and who at
    the clinic approved it (or that no clinician has yet) are notes; the content digest is a
    ``meta.tag`` so that the record says exactly which content was given.

    Args:
        checklist: The checklist.
        base: The prefix of the canonical URLs.
        subject: A reference to the patient, such as ``"Patient/123"`` (see
            :func:`subject_reference`). Without one, the CarePlan says plainly that it
            names no patient; no placeholder patient is invented.

    Returns:
        The CarePlan.

    Raises:
        InvalidValueError: If *subject* is not a ``Patient/<id>`` or ``Group/<id>``
            reference.

    >>> import datetime, microneedle_care as mc
    >>> checklist = mc.build_checklist(treatment_date=datetime.date(2026, 11, 25))
    >>> plan = care_plan(checklist)
    >>> plan["instantiatesCanonical"], plan["period"]
    (['urn:microneedle-care:PlanDefinition:breakout-aftercare|3.0.0'], {'start': '2026-11-25'})
    >>> plan["activity"][0]["detail"]["scheduledPeriod"]
    {'start': '2026-11-25'}
    """
    from ._validate import _expect
    from .checklist import Checklist

    _expect(checklist, Checklist, "checklist")
    version = checklist.content_version
    resource: Resource = {
        "resourceType": "CarePlan",
        "meta": {"tag": [{"system": digest_system(base), "code": checklist.content_digest}]},
        "language": _locale(checklist),
        "instantiatesCanonical": [f"{plan_url(base)}|{version}"],
        "status": "active",
        "intent": "plan",
        "subject": subject_reference(subject),
    }
    if checklist.treatment_date is not None:
        resource["period"] = {"start": checklist.treatment_date.isoformat()}
    activities = []
    for section in checklist.sections:
        for item in section.items:
            detail: Resource = {
                "kind": "Task",
                "instantiatesCanonical": [f"{activity_url(item.step.id, base)}|{version}"],
            }
            if item.because_of:
                detail["reasonCode"] = [{"text": rf.name} for rf in item.because_of]
            detail["status"] = "not-started"
            if item.first_date is not None:
                period = {"start": item.first_date.isoformat()}
                if item.last_date is not None:
                    period["end"] = item.last_date.isoformat()
                detail["scheduledPeriod"] = period
            detail["description"] = item.step.action
            activities.append({"detail": detail})
    if activities:
        resource["activity"] = activities
    notes = [
        {"text": f"{group.urgency.value}: {sign.sign} {sign.action}"}
        for group in checklist.warnings
        for sign in group.signs
    ]
    if checklist.regional is not None:
        notes.append({"text": " ".join(checklist.regional.lines)})
    notes.append({"text": checklist.disclaimer})
    notes.append({"text": _approval_note(checklist)})
    notes.append({"text": _review_note(checklist)})
    resource["note"] = notes
    return resource


def _review_note(checklist: Checklist) -> str:
    """Say which content this is and when its sources were checked."""
    words = _words(_locale(checklist))
    reviewed = "?" if checklist.reviewed is None else checklist.reviewed.isoformat()
    text = words.review.format(
        version=checklist.content_version, digest=checklist.content_digest, reviewed=reviewed
    )
    if checklist.next_review is not None:
        text += f"; {words.next_review.format(date=checklist.next_review.isoformat())}"
    text += "."
    return text


def _approval_note(checklist: Checklist) -> str:
    """Say who at the clinic approved this content and when, or that no clinician has."""
    from .rendering._labels import labels_for

    return labels_for(checklist).approval_line(checklist.approval, checklist.clinic)


# -- the symptom check-in --------------------------------------------------------------

#: The id of the check-in Questionnaire.
CHECK_IN_ID = "check-in"


def check_in_url(base: str = DEFAULT_BASE) -> str:
    """Return the canonical URL of the check-in Questionnaire.

    .. versionadded:: 0.5.0
    """
    return f"{_base(base)}:Questionnaire:{CHECK_IN_ID}"


def check_in_questionnaire(catalog: Catalog, *, base: str = DEFAULT_BASE) -> Resource:
    """Return the symptom check-in: one yes/no (boolean) question per warning sign.

    Each item's ``linkId`` is the warning sign's id and its text the sign's ``question``.
    The emergency questions come first and are always asked; every other question is
    enabled (``enableWhen``, ``enableBehavior: all``) only while every emergency question
    is answered "no", since a "yes" there means calling 911 before anything else.

    .. versionadded:: 0.5.0

    >>> import microneedle_care as mc
    >>> q = check_in_questionnaire(mc.load())
    >>> [i["linkId"] for i in q["item"]][:2]
    ['severe-allergic-reaction', 'spreading-sores-with-eczema']
    >>> next(i for i in q["item"] if "enableWhen" in i)["enableWhen"][0]
    {'question': 'severe-allergic-reaction', 'operator': '=', 'answerBoolean': False}
    """
    words = _words(_locale(catalog))
    resource = _definitional(
        "Questionnaire", CHECK_IN_ID, check_in_url(base), "CheckIn", words.check_in_title, catalog
    )
    resource["subjectType"] = ["Patient"]
    signs = sorted(catalog.warning_signs, key=lambda sign: sign.urgency.rank)
    emergencies = [sign.id for sign in signs if sign.urgency.value == "emergency"]
    items = []
    for sign in signs:
        item: Resource = {
            "linkId": sign.id,
            "text": sign.question or sign.sign,
            "type": "boolean",
            "required": True,
        }
        if sign.id not in emergencies and emergencies:
            item["enableWhen"] = [
                {"question": e, "operator": "=", "answerBoolean": False} for e in emergencies
            ]
            item["enableBehavior"] = "all"
        items.append(item)
    resource["item"] = items
    return resource


def answers_from_response(
    response: Mapping[str, object],
    catalog: Catalog,
    *,
    base: str = DEFAULT_BASE,
    source: str = "<QuestionnaireResponse>",
) -> dict[str, bool]:
    """Read a QuestionnaireResponse to :func:`check_in_questionnaire` back into answers.

    Unanswered questions are left out, so that
    :func:`~microneedle_care.checkin.check_in` names them; they are never read as "no".

    .. versionadded:: 0.5.0

    Args:
        response: The QuestionnaireResponse, as decoded JSON.
        catalog: The content the questions came from.
        base: The prefix the Questionnaire was exported with.
        source: Where the response came from, named in error messages.

    Returns:
        The answers by warning sign id, ready for
        :func:`~microneedle_care.checkin.check_in`.

    Raises:
        ContentError: If *response* is not a QuestionnaireResponse to the check-in, or an
            item is malformed; every problem is listed with its JSON path.
        UnknownIdError: If a ``linkId`` is not a warning sign of *catalog*.

    >>> import microneedle_care as mc
    >>> response = {
    ...     "resourceType": "QuestionnaireResponse",
    ...     "status": "completed",
    ...     "item": [{"linkId": "cold-sore-flare", "answer": [{"valueBoolean": True}]}],
    ... }
    >>> answers_from_response(response, mc.load())
    {'cold-sore-flare': True}
    """
    problems: list[Problem] = []
    items = _response_items(response, check_in_url(base), problems, source)
    answers: dict[str, bool] = {}
    for index, item in enumerate(items):
        path = f"$.item[{index}]"
        if not isinstance(item, Mapping) or not isinstance(item.get("linkId"), str):
            _problem(problems, f"{path}.linkId", "expected the id of a warning sign")
            continue
        sign_id = catalog.warning_sign(item["linkId"]).id
        if "item" in item:
            # The check-in has no nested questions: an answer hidden in one would be lost.
            _problem(problems, f"{path}.item", "the check-in has no nested items")
            continue
        if sign_id in answers:
            _problem(problems, f"{path}.linkId", f"{sign_id!r} is answered twice")
            continue
        given = item.get("answer")
        if given is None or given == []:
            continue
        if not isinstance(given, Sequence) or isinstance(given, str) or len(given) != 1:
            _problem(problems, f"{path}.answer", "expected exactly one answer")
            continue
        if isinstance(given[0], Mapping) and "item" in given[0]:
            _problem(problems, f"{path}.answer[0].item", "the check-in has no nested items")
            continue
        value = given[0].get("valueBoolean") if isinstance(given[0], Mapping) else None
        if not isinstance(value, bool):
            _problem(problems, f"{path}.answer[0].valueBoolean", "expected true or false")
            continue
        answers[sign_id] = value
    if problems:
        raise ContentError(source, tuple(problems))
    return answers


# -- a schedule of touchpoints ---------------------------------------------------------


def _urn(*parts: str) -> str:
    import uuid

    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, ':'.join(parts))}"


def communication_requests(
    schedule: Schedule,
    *,
    based_on: str,
    subject: str | None = None,
    base: str = DEFAULT_BASE,
) -> list[Resource]:
    """Return one CommunicationRequest per touchpoint of *schedule*.

    Each has the touchpoint's send time as ``occurrenceDateTime`` (with its UTC offset),
    its SMS text as the payload, ``basedOn`` the patient's CarePlan and the touchpoint's
    stable per-patient SMS UID (see :func:`microneedle_care.schedule.uid`) as its identifier.

    .. versionadded:: 0.5.0

    .. versionchanged:: 0.6.0
       No placeholder patient: without *subject* the requests name none (they were
       ``Patient/example``). The identifier is per patient.

    Args:
        schedule: The schedule.
        based_on: A reference to the patient's CarePlan.
        subject: A reference to the patient, such as ``"Patient/123"``; ``None`` names
            none, as in :func:`care_plan`.
        base: The prefix of the identifier system.

    Returns:
        The CommunicationRequests, in order of day.
    """
    from .schedule import render_sms, uid

    who = None if subject is None else subject_reference(subject)
    resources = []
    for touchpoint in schedule.touchpoints:
        resource: Resource = {
            "resourceType": "CommunicationRequest",
            "identifier": [
                {"system": f"{base}:touchpoint", "value": uid(schedule, touchpoint, "sms")}
            ],
            "basedOn": [{"reference": based_on}],
            "status": "active",
        }
        if who is not None:
            resource["subject"] = who
        resource["language"] = _locale(schedule)
        resource["payload"] = [{"contentString": render_sms(schedule, touchpoint)}]
        resource["occurrenceDateTime"] = touchpoint.send_at.isoformat()
        resources.append(resource)
    return resources


def schedule_bundle(
    checklist: Checklist,
    schedule: Schedule,
    *,
    subject: str | None = None,
    base: str = DEFAULT_BASE,
) -> Resource:
    """Return a ``collection`` Bundle: the CarePlan and one CommunicationRequest per touchpoint.

    The CarePlan (from :func:`care_plan`) gains one activity per touchpoint that refers
    to its CommunicationRequest, and each CommunicationRequest is ``basedOn`` the
    CarePlan. Entries are named by ``urn:uuid:`` URLs derived from the touchpoints' UIDs,
    so the same input always gives the same Bundle.

    .. versionadded:: 0.5.0

    >>> import datetime, microneedle_care as mc
    >>> checklist = mc.build_checklist(treatment_date=datetime.date(2026, 11, 25))
    >>> plan = mc.build_schedule(checklist, tz="America/Toronto", patient="c0ffee-42")
    >>> bundle = schedule_bundle(checklist, plan)
    >>> [e["resource"]["resourceType"] for e in bundle["entry"]][:2]
    ['CarePlan', 'CommunicationRequest']
    """
    from .schedule import uid

    plan_urn = _urn(
        base, "CarePlan", schedule.patient_ref, schedule.treatment_date.isoformat(), subject or ""
    )
    plan = care_plan(checklist, base=base, subject=subject)
    requests = communication_requests(schedule, based_on=plan_urn, subject=subject, base=base)
    urns = [
        _urn(base, "CommunicationRequest", uid(schedule, t, "sms")) for t in schedule.touchpoints
    ]
    plan["activity"] = [
        *plan.get("activity", []),
        *({"reference": {"reference": urn}} for urn in urns),
    ]
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": plan_urn, "resource": plan},
            *({"fullUrl": u, "resource": r} for u, r in zip(urns, requests, strict=True)),
        ],
    }


# -- output ----------------------------------------------------------------------------


def _plain(value: object) -> object:
    if isinstance(value, Mapping):
        return dict(value)
    raise InvalidTypeError(f"{type(value).__name__} is not JSON")


def to_json(resource: Mapping[str, object]) -> str:
    """Return *resource* as FHIR JSON: two-space indents, UTF-8 text, a final newline.

    Keys keep their order (``resourceType`` first, as built), so the same resource
    always gives the same text. No-break spaces become plain spaces: FHIR's ``string``
    pattern refuses them under JavaScript validators.

    Raises:
        InvalidTypeError: If *resource* holds a value that is not JSON.
        InvalidValueError: If it holds a NaN or an infinity, which FHIR does not allow.

    >>> print(to_json({"resourceType": "Basic", "id": "é"}), end="")
    {
      "resourceType": "Basic",
      "id": "é"
    }
    """
    try:
        text = json.dumps(resource, indent=2, ensure_ascii=False, allow_nan=False, default=_plain)
    except ValueError as exc:
        if isinstance(exc, MicroneedleCareError):
            raise
        raise InvalidValueError(f"not FHIR JSON: {exc}") from None
    # FHIR's string pattern, ^[ \r\n\t\S]+$, refuses the no-break spaces French puts
    # before ":" and "?" under a JavaScript validator, where \s includes them (attack
    # report): they become plain spaces. JSON escapes never hold these characters.
    return text.translate(_PLAIN_SPACES) + "\n"


_PLAIN_SPACES = {0x00A0: " ", 0x202F: " ", 0x2007: " "}

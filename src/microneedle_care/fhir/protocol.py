"""The protocol: a PlanDefinition, its ActivityDefinitions and the risk-factor intake.

Applicability conditions are FHIRPath over three variables a rules engine must supply:
``%riskFactors``, the ids of the patient's risk factors, ``%breakout``, whether a
breakout has appeared, and ``%treatments``, the ids of the treatments given in the session
(``pen-microneedling`` when none is named; see :mod:`microneedle_care.treatments`).

.. versionchanged:: 0.6.0 Added ``%treatments``: a step that not every clinic treatment
   has carries a condition naming the treatments it applies to.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..model import AftercareStep, Reference, StepScope
from ._common import (
    ANSWER_CODES,
    DEFAULT_BASE,
    FHIRPATH,
    PLAN_ID,
    PLAN_TYPE,
    QUESTIONNAIRE_ID,
    Resource,
    _definitional,
    _locale,
    _machine_name,
    _timing_range,
    _words,
    activity_url,
    answers_system,
    plan_url,
    questionnaire_url,
)

if TYPE_CHECKING:
    from ..catalog import Catalog


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


def _treatment_condition(step: AftercareStep, catalog: Catalog) -> list[Resource]:
    from ..treatments import applies_to

    having, everywhere = applies_to(catalog, step.id)
    if everywhere or not catalog.treatments:
        return []
    words = _words(_locale(catalog))
    listing = [catalog.treatment(t) for t in having]
    names = ", ".join(f"{t.name} ({t.id})" for t in listing)
    expression = " or ".join(f"%treatments contains '{t.id}'" for t in listing) or "false"
    return [_applicability(words.treatment_condition.format(names=names), expression)]


def _conditions(step: AftercareStep, catalog: Catalog) -> list[Resource]:
    # Conditions are ANDed: a step applies for its treatments and, if scoped, its scope.
    return _scope_conditions(step, catalog) + _treatment_condition(step, catalog)


def _scope_conditions(step: AftercareStep, catalog: Catalog) -> list[Resource]:
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
    condition ``%breakout``; a step that not every clinic treatment has (one a treatment
    adds, or one a treatment of the scalp or body drops) has a condition naming the
    treatments it applies to (``%treatments contains 'microneedling-prp'``). Several
    conditions are ANDed. The PlanDefinition depends on the risk-factor Questionnaire.

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

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

The package is split by concept: ``protocol`` (the protocol and the intake),
``careplan`` (a patient's CarePlan and its subject), ``checkin`` (the symptom check-in),
``responses`` (reading QuestionnaireResponses back, the only code that reads untrusted
input) and ``communication`` (a schedule's CommunicationRequests), over the shared
``_common``, which also holds every word the resources use. Import every name from
``microneedle_care.fhir``; the submodules are an implementation detail.

>>> import microneedle_care as mc
>>> plan = plan_definition(mc.load())
>>> plan["url"], plan["version"]
('urn:microneedle-care:PlanDefinition:breakout-aftercare', '3.0.0')
"""

from __future__ import annotations

from typing import TypeAlias

from . import _common

# Every public name, and the words (a later step moves them into a message catalogue),
# stay importable from here as they were from the one-module ``fhir.py``.
from ._common import (  # noqa: F401 (re-exported)
    _WORDS,
    ANSWER_CODES,
    CHECK_IN_ID,
    FHIRPATH,
    PLAN_ID,
    PLAN_TYPE,
    QUESTIONNAIRE_ID,
    UCUM,
    _Words,
    activity_url,
    answers_system,
    check_in_url,
    digest_system,
    plan_url,
    questionnaire_url,
    to_json,
)
from .careplan import care_plan, subject_reference
from .checkin import check_in_questionnaire
from .communication import communication_requests, schedule_bundle
from .protocol import (
    activity_definition,
    citation,
    plan_definition,
    protocol_bundle,
    risk_questionnaire,
)
from .responses import answers_from_response, risk_factors_from_response

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

# The documented constants are bound here again, each with its docstring, so that the
# API reference (autodoc reads this module's source) keeps documenting them here.

Resource: TypeAlias = _common.Resource
"""A FHIR resource as decoded JSON."""

DEFAULT_BASE = _common.DEFAULT_BASE
"""The prefix of every canonical URL and code system, unless a *base* is given."""

ANSWERS = _common.ANSWERS
"""The code system of the intake answers under :data:`DEFAULT_BASE`."""

NO_SUBJECT_DISPLAY = _common.NO_SUBJECT_DISPLAY
"""The ``subject.display`` of a resource built without a patient."""

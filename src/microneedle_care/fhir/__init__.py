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

# Every name of the one-module ``fhir.py`` stays importable from here. The names outside
# ``__all__`` are re-exported explicitly (``X as X``), so ``mypy --strict`` accepts them
# too. The words are the ``fhir`` section of the message files (``data/messages``).
from ._common import ANSWER_CODES as ANSWER_CODES
from ._common import CHECK_IN_ID as CHECK_IN_ID
from ._common import FHIRPATH as FHIRPATH
from ._common import PLAN_ID as PLAN_ID
from ._common import PLAN_TYPE as PLAN_TYPE
from ._common import QUESTIONNAIRE_ID as QUESTIONNAIRE_ID
from ._common import UCUM as UCUM
from ._common import _Words as _Words
from ._common import activity_url as activity_url
from ._common import answers_system, to_json
from ._common import check_in_url as check_in_url
from ._common import digest_system as digest_system
from ._common import plan_url as plan_url
from ._common import questionnaire_url as questionnaire_url
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
"""The ``subject.display`` of an English resource built without a patient.

.. versionchanged:: 0.6.0 A resource in another locale says it in that locale's words
   (French resources carried these English words).
"""

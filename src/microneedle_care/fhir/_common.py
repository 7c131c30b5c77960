"""What the FHIR modules share: canonical URLs, building blocks, the words, and JSON output.

The words of the FHIR resources (titles, answer labels, condition and review notes, the
display of a missing patient) are kept here as data, one ``_Words`` value per language,
and nowhere else in the package. :mod:`microneedle_care.fhir` re-exports the public names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from .. import _i18n
from ..errors import InvalidTypeError, InvalidValueError, MicroneedleCareError
from ..model import TimeWindow

if TYPE_CHECKING:
    from ..catalog import Catalog

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


#: The id of the check-in Questionnaire.
CHECK_IN_ID = "check-in"


def check_in_url(base: str = DEFAULT_BASE) -> str:
    """Return the canonical URL of the check-in Questionnaire.

    .. versionadded:: 0.5.0
    """
    return f"{_base(base)}:Questionnaire:{CHECK_IN_ID}"


# -- fixed words, per locale: the "fhir" section of the message files ------------------


@attrs.frozen(kw_only=True)
class _Words:
    plan_title: str
    questionnaire_title: str
    check_in_title: str
    answers: Mapping[str, str]
    risk_condition: str
    no_risk_factor: str
    breakout_condition: str
    treatment_condition: str
    review: str
    next_review: str
    no_subject: str


def _locale(obj: object) -> str:
    locale = getattr(obj, "locale", "en")
    return locale if isinstance(locale, str) else "en"


def _words(locale: str) -> _Words:
    """Return the FHIR words of *locale*: its message file's ``fhir`` section (read once)."""
    said = _i18n.messages(locale)
    return _Words(answers=said.answers, **said.fhir)


NO_SUBJECT_DISPLAY = _words("en").no_subject
"""The ``subject.display`` of an English resource built without a patient.

A resource in another locale says the same in its language (``fhir.no_subject`` in the
message file): in 0.5.0 French resources carried these English words.
"""


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

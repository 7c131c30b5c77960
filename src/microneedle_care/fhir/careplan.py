"""A patient's checklist as a CarePlan, and the one policy for its subject."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..errors import InvalidTypeError, InvalidValueError
from ._common import (
    DEFAULT_BASE,
    NO_SUBJECT_DISPLAY,  # noqa: F401 (the doctest below uses it)
    Resource,
    _locale,
    _words,
    activity_url,
    digest_system,
    plan_url,
)

if TYPE_CHECKING:
    from ..checklist import Checklist

_DATA_ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"
# CarePlan.subject may point at a Patient or a Group; a FHIR id is 1-64 of these.
_SUBJECT = re.compile(r"(Patient|Group)/[A-Za-z0-9\-.]{1,64}")


def subject_reference(subject: str | None, locale: str = "en") -> Resource:
    """Return the ``subject`` of a resource: a reference to *subject*, or a plain "no patient".

    CarePlan.subject is required (1..1) in FHIR R4B. Without a patient, the reference has
    no ``reference`` at all: its ``display`` says that the plan is a template
    (:data:`NO_SUBJECT_DISPLAY`) and the standard ``data-absent-reason`` extension says
    ``not-applicable``, which satisfies the Reference invariant (a reference, an
    identifier, a display or an extension) without inventing a patient.

    This is the one policy of every FHIR output here: the CarePlan and each
    CommunicationRequest of a schedule carry this subject, so none ever names a
    placeholder patient such as ``Patient/example``.

    .. versionchanged:: 0.6.0 *locale*: the display was English in every language.

    Args:
        subject: A relative reference, ``"Patient/<id>"`` or ``"Group/<id>"``, where
            the id is 1 to 64 letters, digits, ``-`` or ``.``; or ``None``.
        locale: The language of the "no patient" display (``"en"``, ``"fr"``...).

    Raises:
        InvalidValueError: If *subject* is not such a reference.
        InvalidTypeError: If *subject* is not a string.

    >>> subject_reference("Patient/123")
    {'reference': 'Patient/123'}
    >>> subject_reference(None)["display"] == NO_SUBJECT_DISPLAY
    True
    >>> subject_reference("123")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    microneedle_care.errors.InvalidValueError: subject must be a reference such as 'Patient/123' ...
    """
    if subject is None:
        return {
            "extension": [{"url": _DATA_ABSENT, "valueCode": "not-applicable"}],
            "display": _words(locale).no_subject,
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
    from .._validate import _expect
    from ..checklist import Checklist

    _expect(checklist, Checklist, "checklist")
    version = checklist.content_version
    resource: Resource = {
        "resourceType": "CarePlan",
        "meta": {"tag": [{"system": digest_system(base), "code": checklist.content_digest}]},
        "language": _locale(checklist),
        "instantiatesCanonical": [f"{plan_url(base)}|{version}"],
        "status": "active",
        "intent": "plan",
        "subject": subject_reference(subject, _locale(checklist)),
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
    from ..rendering._labels import labels_for

    return labels_for(checklist).approval_line(checklist.approval, checklist.clinic)

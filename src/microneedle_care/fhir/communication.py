"""A schedule of touchpoints as CommunicationRequests, bundled with the patient's CarePlan."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._common import DEFAULT_BASE, Resource, _locale
from .careplan import care_plan, subject_reference

if TYPE_CHECKING:
    from ..checklist import Checklist
    from ..schedule import Schedule


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
       No placeholder patient: without *subject* each request's subject says that it
       names no patient, as the CarePlan's does (:func:`subject_reference` of ``None``);
       they were ``Patient/example``. The identifier is per patient.

    Args:
        schedule: The schedule.
        based_on: A reference to the patient's CarePlan.
        subject: A reference to the patient, such as ``"Patient/123"``; ``None`` names
            none, in the same words as :func:`care_plan` (see :func:`subject_reference`).
        base: The prefix of the identifier system.

    Returns:
        The CommunicationRequests, in order of day.
    """
    from ..rendering.messages import render_sms
    from ..schedule import uid

    subject_reference(subject)  # refuse a malformed reference even with no touchpoints
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
        # One policy for every resource: with no patient, the "no patient" subject.
        resource["subject"] = subject_reference(subject, _locale(schedule))
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
    so the same input always gives the same Bundle. Without *subject*, the CarePlan and
    every CommunicationRequest say alike that they name no patient
    (:func:`subject_reference`).

    .. versionadded:: 0.5.0

    .. versionchanged:: 0.6.0
       Without *subject*, the CommunicationRequests carry the CarePlan's "no patient"
       subject instead of none.

    >>> import datetime, microneedle_care as mc
    >>> checklist = mc.build_checklist(treatment_date=datetime.date(2026, 11, 25))
    >>> plan = mc.build_schedule(checklist, tz="America/Toronto", patient="c0ffee-42")
    >>> bundle = schedule_bundle(checklist, plan)
    >>> [e["resource"]["resourceType"] for e in bundle["entry"]][:2]
    ['CarePlan', 'CommunicationRequest']
    """
    from ..schedule import uid

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

"""Checked by mypy --strict in CI: the public API's types are what users are promised.

Not run; a wrong type here fails the type check.
"""

from __future__ import annotations

import datetime

from typing_extensions import assert_type

import microneedle_care as mc
from microneedle_care import fhir, messaging

catalog = mc.load()
assert_type(catalog, mc.Catalog)
assert_type(mc.load(locale="fr", packs=["lakeview.json"]), mc.Catalog)
assert_type(catalog.cause("acne-flare"), mc.Cause)
assert_type(catalog.risk_factor("diabetes"), mc.RiskFactor)
assert_type(catalog.aftercare_step("wash-gently"), mc.AftercareStep)
assert_type(catalog.warning_sign("signs-of-infection"), mc.WarningSign)
assert_type(catalog["acne-flare"], mc.Item)
assert_type(catalog.get("acne-flare"), "mc.Item | None")
assert_type(catalog.get("acne-flare", 0), "mc.Item | int")
assert_type(catalog.causes, tuple[mc.Cause, ...])
assert_type(catalog.content_digest, str)
assert_type(catalog.reviewed, datetime.date)
assert_type(catalog.diff(catalog).changed, "tuple[mc.diff.ItemChange, ...]")
for item in catalog:
    assert_type(item, mc.Item)

checklist = mc.build_checklist(
    catalog=catalog,
    treatment_date=datetime.date(2026, 11, 25),
    risk_factors=["cold-sore-history"],
    clinic=mc.ClinicContact(name="Lakeview", phone="905-555-0134"),
)
assert_type(checklist, mc.Checklist)
assert_type(checklist.sections[0].items[0].step, mc.AftercareStep)
assert_type(checklist.sections[0].items[0].first_date, "datetime.date | None")
assert_type(mc.render(checklist, "html"), str)
assert_type(mc.parse_checklist_json(mc.render_json(checklist)), mc.Checklist)
assert_type(fhir.care_plan(checklist), fhir.Resource)
assert_type(mc.patient_fields(mc.Cause), tuple[str, ...])

try:
    mc.load_file("pack.json")
except mc.ContentError as error:
    assert_type(error.problems, tuple[mc.Problem, ...])
except mc.UnknownIdError as error:
    assert_type(error.suggestions, tuple[str, ...])

# ClinicContact's fields take the types they hold: the converters do not widen them to
# object. Under --strict (warn_unused_ignores) each ignore below is itself the test: it
# fails the check as soon as mypy stops reporting the error it silences.
contact = mc.ClinicContact(name="Lakeview", phone="905-555-0134", email=None)
assert_type(contact.name, str)
assert_type(contact.phone, str)
assert_type(contact.email, "str | None")
assert_type(contact.after_hours, "str | None")
mc.ClinicContact(name=3, phone="905-555-0134")  # type: ignore[arg-type]
mc.ClinicContact(name="Lakeview", phone=None)  # type: ignore[arg-type]
mc.ClinicContact(name="Lakeview", phone="1", email=5)  # type: ignore[arg-type]
mc.build_checklist(treatment_date="2026-11-25")  # type: ignore[arg-type]

try:
    mc.render(checklist, "html")
except mc.UnknownFormatError as error:
    assert_type(error.available, tuple[str, ...])
except mc.UnknownLocaleError as error:
    assert_type(error.locale, str)

assert_type(mc.render(checklist, "fhir", subject="Patient/123"), str)
assert_type(catalog.diff(catalog).patient_visible, bool)
assert_type(catalog.diff(catalog).changed[0].changes[0].old, object)
assert_type(catalog.diff(catalog).to_json(), str)
# Review record and clinic sign-off (0.5.0).
assert_type(catalog.review, "mc.Review | None")
assert_type(catalog.next_review, "datetime.date | None")
assert_type(catalog.is_due_for_review(datetime.date(2027, 1, 1)), bool)
assert_type(catalog.approval, "mc.Approval | None")
record = mc.approve(catalog, name="Dr. Ana Diaz", credentials="MD", date=datetime.date(2027, 1, 4))
assert_type(record, mc.Approval)
assert_type(record.item_digests, dict[str, str])
assert_type(mc.check_approval(mc.load(packs=["p.json"], require_approval=True)), mc.Approval)
assert_type(checklist.approval, "mc.Approval | None")
assert_type(mc.load().reference("chu-2021-safety-review").verified_at, "str | None")
assert_type(mc.render(checklist, "pdf"), bytes)
schedule = mc.build_schedule(checklist, tz="America/Toronto", patient="c0ffee-42")
assert_type(schedule, mc.Schedule)
assert_type(schedule.touchpoints[0], mc.Touchpoint)
assert_type(schedule.touchpoints[0].send_at, datetime.datetime)
assert_type(mc.render_ical(schedule), bytes)
assert_type(mc.render_email(schedule, schedule.touchpoints[0]), mc.Email)
assert_type(catalog.warning_sign("cold-sore-flare").question, str)
result = mc.check_in(catalog, {"cold-sore-flare": True})
assert_type(result, mc.CheckIn)
assert_type(result.matches, tuple[mc.WarningSign, ...])
assert_type(result.urgency, "mc.Urgency | None")
assert_type(fhir.answers_from_response({}, catalog), dict[str, bool])
assert_type(fhir.schedule_bundle(checklist, schedule), fhir.Resource)
try:
    mc.check_in(catalog, {})
except mc.UnansweredQuestionError as unanswered:
    assert_type(unanswered.question, str)
texts = messaging.plan_messages(schedule, messaging.CA_CASL, patient_tz="America/Toronto")
assert_type(texts, "tuple[messaging.Message, ...]")
assert_type(texts[0].segments, int)
assert_type(messaging.segments("hi"), messaging.Segments)
assert_type(messaging.parse_reply("STOP", "en").kind, messaging.ReplyKind)
assert_type(messaging.policy("us-consented"), messaging.MessagingPolicy)
try:
    messaging.policy("nope")
except mc.PolicyError as refused:
    assert_type(refused.rule, str)

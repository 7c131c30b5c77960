"""Treatments as a content kind (issue 20, items 1 and 2).

Each test says what it guards: the seven treatments, the default sheet staying as it was,
what RF + PRP changes against a pen (only what verified sources give), the merge rule
(strictest window, reason and provenance), per-visit overrides recorded with who set them,
the late touchpoints of a serum or exosome product, the check-in's own questions, and the
protocol's applicability by treatment.
"""

from __future__ import annotations

import copy
import datetime
import json
import re
import warnings
from typing import Any

import attrs
import pytest

import microneedle_care as mc
from microneedle_care import _i18n
from microneedle_care.checkin import check_in, questions
from microneedle_care.checklist import StepOverride
from microneedle_care.fhir.protocol import plan_definition
from microneedle_care.model import ItemSet, LateTouchpoint, TimeWindow, WindowChange
from microneedle_care.rendering.json import parse_checklist_json, render_json
from microneedle_care.treatments import plan_for, treatment_only

DATE = datetime.date(2026, 11, 25)
LOCALES = _i18n.languages()
TRANSLATED = tuple(locale for locale in LOCALES if locale != "en")
SEVEN = (
    "pen-microneedling",
    "rf-microneedling",
    "microneedling-prp",
    "microneedling-serum-or-exosome",
    "home-roller",
    "scalp-microneedling",
    "body-microneedling",
)
# References the design left unverified (drafts/treatments/references.md): nothing shipped
# may cite them until they are verified on an authoritative record.
UNVERIFIED = (
    "nahm-2024-exosome-complications",
    "tawanwongsri-2024-exosome-skin-necrosis",
    "tan-2021-rf-microneedling-review",
)


@pytest.fixture(scope="module")
def catalog() -> mc.Catalog:
    return mc.load()


def _steps(checklist: mc.Checklist) -> dict[str, mc.ChecklistItem]:
    return {i.step.id: i for s in checklist.sections for i in s.items}


def _pack(*treatments: dict[str, Any], references: list[dict[str, Any]] | None = None) -> Any:
    return mc.parse_pack(
        {
            "pack": {"name": "Clinique Exemple", "version": "1"},
            "treatments": list(treatments),
            "references": references
            if references is not None
            else [
                {
                    "id": "clinic-device-ifu",
                    "authors": [],
                    "title": "Device instructions for use",
                    "publisher": "Device maker",
                    "year": 2026,
                    "source_type": "clinic-page",
                    "verified": True,
                }
            ],
        }
    )


def _device(
    id: str, item: str, start: int, end: int | None, reason: str = "The device maker says so."
) -> dict[str, Any]:
    return {
        "id": id,
        "inherits": "rf-microneedling",
        "name": "Secret RF microneedling",
        "summary": "A clinic's own RF device.",
        "role": "clinic-treatment",
        "window_changes": [
            {
                "item": item,
                "window": {"start_hours": start, "end_hours": end},
                "reason": reason,
                "evidence": "very-low",
                "references": ["clinic-device-ifu"],
            }
        ],
        "clinician_notes": "The maker's instructions.",
        "evidence": "very-low",
        "references": ["clinic-device-ifu"],
    }


class TestKind:
    def test_the_seven_treatments_are_listed(self, catalog: mc.Catalog) -> None:
        """Issue 20's 'Done when': mc.load().treatments lists at least the seven."""
        assert {t.id for t in catalog.treatments} >= set(SEVEN)
        for locale in TRANSLATED:
            assert {t.id for t in mc.load(locale=locale).treatments} >= set(SEVEN), locale
        assert catalog.treatment("microneedling-prp").name.startswith("Microneedling with PRP")
        assert isinstance(catalog["home-roller"], mc.Treatment)

    def test_unknown_treatment_is_refused(self, catalog: mc.Catalog) -> None:
        with pytest.raises(mc.UnknownIdError, match="rf-microneedlin"):
            catalog.treatment("rf-microneedlin")
        with pytest.raises(mc.UnknownIdError):
            mc.build_checklist(catalog=catalog, treatments=["laser"])
        with pytest.raises(mc.InvalidTypeError, match="single string"):
            mc.build_checklist(catalog=catalog, treatments="microneedling-prp")

    def test_french_names_and_summaries(self) -> None:
        """Every treatment is translated; the translation records the English it came from."""
        english = {t.id: t for t in mc.load().treatments}
        for locale in TRANSLATED:
            for treatment in mc.load(locale=locale).treatments:
                assert treatment.name != english[treatment.id].name, locale
                assert treatment.summary != english[treatment.id].summary, locale
            assert mc.translation.stale(locale) == (), locale

    def test_nothing_shipped_cites_an_unverified_reference(self, catalog: mc.Catalog) -> None:
        """The four unverified references, and the items resting on them, wait."""
        for item in catalog:
            if isinstance(item, mc.Reference):
                assert item.id not in UNVERIFIED
                continue
            assert not set(item.references) & set(UNVERIFIED), item.id
        for waiting in ("late-firm-lump-after-product", "rf-is-only-cosmetic"):
            assert waiting not in catalog

    def test_new_references_are_verified(self, catalog: mc.Catalog) -> None:
        for ref_id in (
            "shauly-2023-rf-microneedling-review",
            "kumar-2018-minoxidil-microneedling",
            "fda-medwatch",
            "fda-2025-rf-microneedling-safety-communication",
            "chandrashekar-2014-rf-microneedling-acne-scars",
        ):
            reference = catalog.reference(ref_id)
            assert reference.verified
            assert reference.verified_at


class TestDefault:
    def test_default_is_the_pen_and_shows_no_treatment_only_item(self, catalog: mc.Catalog) -> None:
        """Without treatments= the sheet is the pen's, as before treatments existed."""
        default = mc.build_checklist(catalog=catalog, treatment_date=DATE)
        pen = mc.build_checklist(
            catalog=catalog, treatment_date=DATE, treatments=["pen-microneedling"]
        )
        assert default.treatments == ()
        assert attrs.evolve(pen, treatments=()) == default
        only = treatment_only(catalog)
        assert {"report-home-device-harm", "keep-a-treatment-record"} <= only
        assert not set(_steps(default)) & only

    def test_default_json_record_has_no_new_keys(self, catalog: mc.Catalog) -> None:
        """Records written before treatments existed stay byte for byte the same."""
        record = json.loads(render_json(mc.build_checklist(catalog=catalog)))
        assert not {"treatments", "late_touchpoints"} & set(record)
        items = [i for s in record["sections"] for i in s["items"]]
        assert not any("asked_by" in i or "override" in i for i in items)


class TestRfAndPrp:
    def test_rf_plus_prp_differs_from_pen_as_the_sources_give(self, catalog: mc.Catalog) -> None:
        """RF + PRP against a pen, item by item, and why (issue 20).

        * PRP adds one step, keep-a-treatment-record: the CDC investigation of HIV after
          PRP microneedling at a spa (cdc-2024-prp-microneedling-hiv) calls for client
          records so exposed clients can be reached. The item says PRP asked for it.
        * PRP adds the myth own-blood-means-no-risk (same source), the cause
          injected-prp-blocks-blood-vessel and its emergency sign
          prp-injection-vision-or-skin-change (karam-2020-prp-visual-loss), and asks the
          shared needled-with-shared-tools question first in its check-ins.
        * RF adds the cause rf-heat-injury, the same-day signs rf-blisters-or-burn and
          rf-face-weakness (review Z1: new facial weakness is same-day), the within-days sign
          rf-dent-numbness-or-weakness (a dent or numbness) and the step rf-report-heat-harm:
          FDA's bulletin of
          its RF microneedling safety communication lists burns, scarring, fat loss,
          disfigurement and nerve damage and asks for reports
          (fda-2025-rf-microneedling-safety-communication).
        * Nothing of the pen's is missing, and no verified source lengthens a window
          (drafts/treatments/design.md 1.5), so every pen step keeps its window.
        """
        pen = mc.build_checklist(catalog=catalog, treatment_date=DATE)
        with pytest.warns(mc.IncompleteTreatmentWarning, match="rf-microneedling"):
            both = mc.build_checklist(
                catalog=catalog,
                treatment_date=DATE,
                treatments=["rf-microneedling", "microneedling-prp"],
            )
        pen_steps, both_steps = _steps(pen), _steps(both)
        assert set(both_steps) - set(pen_steps) == {
            "keep-a-treatment-record",
            "rf-report-heat-harm",
        }
        assert set(pen_steps) <= set(both_steps)
        assert both_steps["keep-a-treatment-record"].asked_by == ("microneedling-prp",)
        assert both_steps["rf-report-heat-harm"].asked_by == ("rf-microneedling",)
        step = catalog.aftercare_step("keep-a-treatment-record")
        assert "cdc-2024-prp-microneedling-hiv" in step.references
        report = catalog.aftercare_step("rf-report-heat-harm")
        assert "fda-2025-rf-microneedling-safety-communication" in report.references
        for step_id, item in pen_steps.items():
            assert both_steps[step_id].step.window == item.step.window
        pen_signs = {s.id for g in pen.warnings for s in g.signs}
        both_signs = {s.id for g in both.warnings for s in g.signs}
        assert pen_signs <= both_signs
        assert both_signs - pen_signs == {
            "prp-injection-vision-or-skin-change",  # T5
            "rf-blisters-or-burn",
            "rf-face-weakness",  # Z1
            "rf-dent-numbness-or-weakness",
        }
        burn = catalog.warning_sign("rf-blisters-or-burn")
        assert burn.urgency is mc.Urgency.SAME_DAY
        assert "fda-2025-rf-microneedling-safety-communication" in burn.references
        weakness = catalog.warning_sign("rf-face-weakness")
        assert weakness.urgency is mc.Urgency.SAME_DAY
        assert "fda-2025-rf-microneedling-safety-communication" in weakness.references
        dent = catalog.warning_sign("rf-dent-numbness-or-weakness")
        assert dent.urgency is mc.Urgency.WITHIN_DAYS
        plan = plan_for(catalog, ["rf-microneedling", "microneedling-prp"])
        assert "own-blood-means-no-risk" in plan.items["myths"]
        assert "injected-prp-blocks-blood-vessel" in plan.items["causes"]
        assert "rf-heat-injury" in plan.items["causes"]
        assert plan.items["causes"] - plan_for(catalog).items["causes"] == {
            "injected-prp-blocks-blood-vessel",
            "rf-heat-injury",
        }
        assert "own-blood-means-no-risk" not in plan_for(catalog).items["myths"]
        # On the day: PRP's vision-loss sign leads the emergencies (its own question first
        # within its tier); the shared-tools question leads the same-day tier (T3), PRP
        # being the one that asks it, then RF's burn question.
        asked = questions(catalog, 0, treatments=["microneedling-prp"])
        assert asked[0].id == "prp-injection-vision-or-skin-change"
        same_day = [s for s in asked if s.urgency is mc.Urgency.SAME_DAY]
        assert same_day[0].id == "needled-with-shared-tools"
        emergencies = [s for s in asked if s.urgency is mc.Urgency.EMERGENCY]
        assert asked[: len(emergencies)] == tuple(emergencies)

    def test_rf_sheet_adds_its_own_items_and_warns_only_about_implants(
        self, catalog: mc.Catalog
    ) -> None:
        """Review V3, issue 20: an RF sheet is the pen sheet plus RF's own items (the heat
        injury, its three signs, the report step), and still warns with what it does not
        cover: the device labelling's contraindications (implants, pacemakers)."""
        pen = mc.build_checklist(catalog=catalog, treatment_date=DATE)
        with pytest.warns(mc.IncompleteTreatmentWarning) as caught:
            rf = mc.build_checklist(
                catalog=catalog, treatment_date=DATE, treatments=["rf-microneedling"]
            )
        assert set(_steps(rf)) - set(_steps(pen)) == {"rf-report-heat-harm"}
        assert set(_steps(pen)) <= set(_steps(rf))
        rf_signs = {s.id for g in rf.warnings for s in g.signs}
        pen_signs = {s.id for g in pen.warnings for s in g.signs}
        assert rf_signs - pen_signs == {
            "rf-blisters-or-burn",
            "rf-face-weakness",
            "rf-dent-numbness-or-weakness",
        }
        message = str(caught[0].message)
        assert message.startswith("rf-microneedling: ")
        assert all(word in message for word in ("pacemaker", "implant"))
        # Z7: the implants are named as commonly cited, not as read in the labelling.
        assert "not verified here" in message
        # What the sheet now covers is no longer listed as missing.
        assert not any(word in message for word in ("burns", "blisters", "dents", "numbness"))
        # Only a treatment with a gap warns.
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            mc.build_checklist(
                catalog=catalog, treatment_date=DATE, treatments=["microneedling-prp"]
            )

    @pytest.mark.parametrize("locale", LOCALES)
    @pytest.mark.parametrize("day", [0, 1, 3, 10])
    def test_rf_checkin_question_only_for_rf_visits(self, locale: str, day: int) -> None:
        """The RF burn question (blisters, raw skin or patches bigger than the needle grid)
        is asked on RF visits, first in its urgency tier through the treatment's own
        questions, then the same-day facial weakness question (Z1), before every
        within-days question; none is asked on a visit without RF."""
        catalog = mc.load(locale=locale)
        for treatments in (["rf-microneedling"], ["microneedling-prp", "rf-microneedling"]):
            asked = questions(catalog, day, treatments=treatments)
            same_day = [s.id for s in asked if s.urgency is mc.Urgency.SAME_DAY]
            assert "rf-blisters-or-burn" in same_day, treatments
            assert "rf-face-weakness" in same_day, treatments
            if treatments == ["rf-microneedling"]:
                assert same_day[:2] == ["rf-blisters-or-burn", "rf-face-weakness"]
            ids = [s.id for s in asked]
            assert "rf-dent-numbness-or-weakness" in ids
            within_days = [i for i, s in enumerate(asked) if s.urgency is mc.Urgency.WITHIN_DAYS]
            assert ids.index("rf-face-weakness") < min(within_days), treatments
        rf_only = {"rf-blisters-or-burn", "rf-face-weakness", "rf-dent-numbness-or-weakness"}
        for treatments in ([], ["pen-microneedling"], ["microneedling-prp"], ["home-roller"]):
            asked_ids = {s.id for s in questions(catalog, day, treatments=treatments)}
            assert not asked_ids & rf_only, treatments
        assert not {s.id for s in questions(catalog)} & rf_only


class TestMerge:
    def test_strictest_window_wins_and_the_reason_names_it(self, catalog: mc.Catalog) -> None:
        """Two devices keep no-sauna-or-hot-tub longer: the longest wins, both are named."""
        own = catalog.aftercare_step("no-sauna-or-hot-tub").window
        assert own.end_hours is not None
        merged = catalog.with_pack(
            _pack(
                _device("clinique-exemple-five-days", "no-sauna-or-hot-tub", 0, 120, "Five days."),
                _device("clinique-exemple-a-week", "no-sauna-or-hot-tub", 0, 168, "A week."),
            )
        )
        checklist = mc.build_checklist(
            catalog=merged,
            treatment_date=DATE,
            treatments=["clinique-exemple-five-days", "clinique-exemple-a-week"],
        )
        item = _steps(checklist)["no-sauna-or-hot-tub"]
        assert item.step.window == TimeWindow(0, 168)
        assert item.last_day == 7
        assert item.asked_by == ("clinique-exemple-five-days", "clinique-exemple-a-week")
        assert item.step.reason.endswith("Five days. A week.")
        # Each step once, whatever the number of treatments.
        ids = [i.step.id for s in checklist.sections for i in s.items]
        assert len(ids) == len(set(ids))

    def test_a_do_step_never_starts_earlier(self, catalog: mc.Catalog) -> None:
        """A step to do keeps its own start, so nothing resumes before a pause ends."""
        step = catalog.aftercare_step("wash-gently")
        assert step.kind is mc.StepKind.DO
        merged = catalog.with_pack(_pack(_device("clinique-exemple-wash", "wash-gently", 0, 336)))
        plan = plan_for(merged, ["clinique-exemple-wash"])
        assert plan.windows["wash-gently"][0] == TimeWindow(step.window.start_hours, 336)

    def test_a_treatment_cannot_shorten_a_window(self, catalog: mc.Catalog) -> None:
        with pytest.raises(mc.ContentError, match="never shorten"):
            catalog.with_pack(_pack(_device("clinique-exemple-short", "no-swimming", 0, 1)))

    def test_a_clinic_treatment_must_inherit(self, catalog: mc.Catalog) -> None:
        device = _device("clinique-exemple-bare", "no-swimming", 0, 336)
        device["inherits"] = None
        device["include"] = {"aftercare_steps": ["wash-gently"]}
        with pytest.raises(mc.ContentError, match="must inherit a packaged treatment"):
            catalog.with_pack(_pack(device))

    def test_drop_applies_only_if_every_treatment_drops(self, catalog: mc.Catalog) -> None:
        scalp = plan_for(catalog, ["scalp-microneedling"]).items["aftercare_steps"]
        body = plan_for(catalog, ["body-microneedling"]).items["aftercare_steps"]
        both = plan_for(catalog, ["scalp-microneedling", "pen-microneedling"])
        assert "no-makeup-first-day" not in scalp | body
        assert "no-makeup-first-day" in both.items["aftercare_steps"]

    def test_hiding_an_item_removes_it_from_treatments(self, catalog: mc.Catalog) -> None:
        pack = mc.parse_pack(
            {"pack": {"name": "c", "version": "1", "hide": ["clean-home-roller-is-safe"]}}
        )
        merged = catalog.with_pack(pack)
        assert "clean-home-roller-is-safe" not in merged.treatment("home-roller").add.myths

    def test_rules_refuse_bad_records(self, catalog: mc.Catalog) -> None:
        treatment = catalog.treatment("microneedling-serum-or-exosome")
        bad = attrs.evolve(
            treatment,
            add=ItemSet(warning_signs=("no-such-sign",)),
            late_touchpoints=(LateTouchpoint(day=14, asks=("wash-gently",)),),
        )
        pack = attrs.evolve(
            catalog.pack,
            treatments=tuple(bad if t.id == bad.id else t for t in catalog.treatments),
        )
        with pytest.raises(mc.ContentError) as info:
            mc.Catalog(pack)
        text = str(info.value)
        assert "no-such-sign" in text
        assert "expected an id from warning_signs" in text

    def test_window_change_model(self) -> None:
        change = WindowChange(
            item="no-swimming",
            window=TimeWindow(0, 168),
            reason="r",
            evidence=mc.EvidenceLevel.LOW,
            references=("x",),
        )
        assert mc.patient_fields(WindowChange) == ("reason",)
        assert change.window.describe() == "days 1 to 7"
        assert mc.patient_fields(mc.Treatment) == ("name", "summary")


class TestOverrides:
    def test_override_is_recorded_with_who_set_it(self, catalog: mc.Catalog) -> None:
        override = StepOverride(
            step="no-swimming", window=TimeWindow.days(1, 14), set_by="Dr. Ana Diaz, MD"
        )
        checklist = mc.build_checklist(catalog=catalog, treatment_date=DATE, overrides=[override])
        item = _steps(checklist)["no-swimming"]
        assert item.override == override
        assert item.last_day == 14
        record = json.loads(render_json(checklist))
        found = [i for s in record["sections"] for i in s["items"] if "override" in i]
        assert found[0]["override"]["set_by"] == "Dr. Ana Diaz, MD"
        assert parse_checklist_json(render_json(checklist)) == checklist

    def test_bad_overrides_are_refused(self, catalog: mc.Catalog) -> None:
        with pytest.raises(mc.UnknownIdError):
            mc.build_checklist(
                catalog=catalog,
                overrides=[StepOverride(step="nope", window=TimeWindow(0, 24), set_by="Dr. A")],
            )
        with pytest.raises(mc.InvalidValueError, match="set_by"):
            StepOverride(step="no-swimming", window=TimeWindow(0, 24), set_by="  ")
        with pytest.raises(mc.InvalidTypeError):
            StepOverride(step="no-swimming", window=(0, 24), set_by="Dr. A")  # type: ignore[arg-type]
        twice = StepOverride(step="no-swimming", window=TimeWindow(0, 24), set_by="Dr. A")
        with pytest.raises(mc.InvalidValueError, match="twice"):
            mc.build_checklist(catalog=catalog, overrides=[twice, twice])


class TestScheduleAndCheckIn:
    def test_serum_or_exosome_has_check_ins_after_week_two(self, catalog: mc.Catalog) -> None:
        """Weeks 2 to 12 after a serum or exosome product, asking about firm bumps."""
        checklist = mc.build_checklist(
            catalog=catalog,
            treatment_date=DATE,
            treatments=["microneedling-serum-or-exosome"],
        )
        plan = mc.build_schedule(checklist, tz="America/Toronto", patient="p1", catalog=catalog)
        late = [t for t in plan.touchpoints if t.day > 14]
        assert [t.day for t in late] == [28, 56, 84]
        for touchpoint in [t for t in plan.touchpoints if t.day >= 14]:
            # T11: a hot, painful lump is asked at every late check-in too.
            assert {s.id for s in touchpoint.asks} == {
                "firm-bumps-that-last",
                "large-painful-lumps",
            }
            assert set(touchpoint.asks) <= set(touchpoint.watch)
        default = mc.build_schedule(
            mc.build_checklist(catalog=catalog, treatment_date=DATE),
            tz="America/Toronto",
            patient="p1",
            catalog=catalog,
        )
        assert max(t.day for t in default.touchpoints) < 28
        assert all(t.asks == () for t in default.touchpoints)

    @pytest.mark.parametrize("locale", LOCALES)
    @pytest.mark.parametrize("policy", [None, "us-consented", "ca-casl"])
    def test_late_texts_ask_their_questions(self, locale: str, policy: str | None) -> None:
        """A late check-in day's text carries its own questions (a firm lump, a large
        painful lump), not only "Day 28 of your aftercare" (treatment review)."""
        from microneedle_care import messaging
        from microneedle_care.rendering.messages import render_sms

        catalog = mc.load(locale=locale)
        clinic = mc.ClinicContact(name="Lakeview", phone="416-555-0134", region="CA-ON")
        checklist = mc.build_checklist(
            catalog=catalog,
            treatment_date=DATE,
            treatments=["microneedling-serum-or-exosome"],
            clinic=clinic,
        )
        plan = mc.build_schedule(checklist, tz="America/Toronto", patient="p1", catalog=catalog)
        if policy is None:
            texts = {t.day: render_sms(plan, t) for t in plan.touchpoints}
        else:
            sent = messaging.plan_messages(plan, messaging.policy(policy))
            texts = {m.days[0]: m.text for m in sent if len(m.days) == 1}
        late = [t for t in plan.touchpoints if t.day > 14 and t.day in texts]
        assert late
        for touchpoint in late:
            for sign in touchpoint.asks:
                question = sign.question or sign.sign
                assert question.split("?")[0] in texts[touchpoint.day], (touchpoint.day, sign.id)

    def test_a_home_roller_has_no_schedule(self, catalog: mc.Catalog) -> None:
        checklist = mc.build_checklist(
            catalog=catalog, treatment_date=DATE, treatments=["home-roller"]
        )
        steps = _steps(checklist)
        assert {"stop-home-needling", "report-home-device-harm"} <= set(steps)
        assert "wash-gently" not in steps
        with pytest.raises(mc.ScheduleError, match="stop and report"):
            mc.build_schedule(checklist, tz="America/Toronto", patient="p1", catalog=catalog)

    def test_check_in_asks_only_the_treatments_signs(self, catalog: mc.Catalog) -> None:
        asked = questions(catalog, 20, treatments=["home-roller"])
        own = plan_for(catalog, ["home-roller"]).items["warning_signs"]
        assert {s.id for s in asked} <= set(own)
        # Asked once, at intake or report time (no day): the 911 questions lead.
        assert questions(catalog, treatments=["home-roller"])[0].urgency is mc.Urgency.EMERGENCY
        answers = {s.id: False for s in asked}
        answers["firm-bumps-that-last"] = True
        result = check_in(catalog, answers, days_since_treatment=20, treatments=["home-roller"])
        assert [s.id for s in result.matches] == ["firm-bumps-that-last"]
        calm = {s.id: False for s in questions(catalog, 3, treatments=["home-roller"])}
        # No "this is normal after microneedling" after a home roller: not its content.
        assert (
            check_in(catalog, calm, days_since_treatment=3, treatments=["home-roller"]).reassurance
            == ""
        )
        assert check_in(
            catalog, {s.id: False for s in questions(catalog, 3)}, days_since_treatment=3
        ).reassurance
        # T4: the home roller asks every shared sign the pen asks on that day.
        assert {s.id for s in questions(catalog, 20)} <= {s.id for s in asked}

    def test_default_questions_unchanged(self, catalog: mc.Catalog) -> None:
        assert questions(catalog, 3) == questions(catalog, 3, treatments=["pen-microneedling"])


class TestProtocol:
    def test_actions_carry_treatment_applicability(self, catalog: mc.Catalog) -> None:
        actions = {a["id"]: a for a in plan_definition(catalog)["action"]}

        def expressions(step_id: str) -> list[str]:
            return [c["expression"]["expression"] for c in actions[step_id].get("condition", [])]

        assert expressions("keep-a-treatment-record") == [
            "%treatments contains 'microneedling-prp'"
            " or %treatments contains 'microneedling-serum-or-exosome'"
        ]
        assert expressions("report-home-device-harm") == ["%treatments contains 'home-roller'"]
        makeup = expressions("no-makeup-first-day")[0]
        assert "'pen-microneedling'" in makeup
        assert "scalp" not in makeup
        assert "body" not in makeup
        assert expressions("wash-gently") == []  # every clinic treatment has it
        scalp = expressions("scalp-wait-to-restart-hair-medicine")
        assert scalp == [
            "%riskFactors contains 'scalp-hair-loss-medicine'",
            "%treatments contains 'scalp-microneedling'",
        ]


class TestCli:
    def test_treatment_and_override_options(
        self, catalog: mc.Catalog, capsys: pytest.CaptureFixture[str]
    ) -> None:
        from microneedle_care.cli import main

        with pytest.warns(mc.IncompleteTreatmentWarning):
            code = main(
                [
                    "checklist",
                    "--format",
                    "json",
                    "--treatment",
                    "rf-microneedling",
                    "--treatment",
                    "microneedling-prp",
                    "--override",
                    "no-swimming=1-14",
                    "--override-by",
                    "Dr. Ana Diaz",
                ]
            )
        assert code == 0
        record = json.loads(capsys.readouterr().out)
        assert [t["id"] for t in record["treatments"]] == ["rf-microneedling", "microneedling-prp"]
        overrides = [
            i["override"] for s in record["sections"] for i in s["items"] if "override" in i
        ]
        assert overrides[0]["set_by"] == "Dr. Ana Diaz"
        assert main(["checklist", "--override", "no-swimming=1-14"]) == 2
        assert "--override-by" in capsys.readouterr().err


def test_pack_json_round_trip_keeps_treatments(catalog: mc.Catalog) -> None:
    """A content pack without treatments keeps its digest form (no 'treatments' key)."""
    from microneedle_care._converter import converter

    bare = attrs.evolve(catalog.pack, treatments=())
    assert "treatments" not in converter.unstructure(bare)
    data = copy.deepcopy(converter.unstructure(catalog.pack))
    assert mc.parse(data).treatments == catalog.treatments


class TestMendedDrafts:
    """The treatment content after the drafts' two reviews (T3-T19, U1-U7)."""

    URGENT = (mc.Urgency.EMERGENCY, mc.Urgency.SAME_DAY)

    def test_home_roller_carries_every_shared_sign_and_cause(self, catalog: mc.Catalog) -> None:
        """T4, U2: eczema herpeticum, the eye, anaphylaxis... and what they may mean."""
        plan = plan_for(catalog, ["home-roller"])
        only = treatment_only(catalog)
        base_signs = {s.id for s in catalog.warning_signs if s.id not in only}
        assert base_signs <= plan.items["warning_signs"]
        assert "expected-healing" in plan.items["causes"]
        for sign_id in plan.items["warning_signs"]:
            assert set(catalog.warning_sign(sign_id).points_to) <= plan.items["causes"], sign_id
        sheet = mc.build_checklist(catalog=catalog, treatment_date=DATE, treatments=["home-roller"])
        on_sheet = {s.id for g in sheet.warnings for s in g.signs}
        assert {"spreading-sores-with-eczema", "eye-pain-or-vision-change"} <= on_sheet
        assert "severe-allergic-reaction" in on_sheet

    def test_every_treatment_keeps_its_signs_causes(self, catalog: mc.Catalog) -> None:
        """U2: in every record, each sign's causes and each risk factor's steps are there."""
        for treatment in catalog.treatments:
            items = plan_for(catalog, [treatment.id]).items
            for sign_id in items["warning_signs"]:
                causes = set(catalog.warning_sign(sign_id).points_to)
                assert causes <= items["causes"], (treatment.id, sign_id)
            assert "expected-healing" in items["causes"], treatment.id

    @pytest.mark.parametrize("days", [0, 1, 2, 3, 5, 7, 10, 13, 14, 20, 27, 41, 55, 83, 89])
    def test_check_in_asks_every_urgent_sign_that_can_start(
        self, catalog: mc.Catalog, days: int
    ) -> None:
        """T4, U1: no emergency or same-day sign that can still start that day is left out."""
        from microneedle_care.checkin import _may_still_start

        only = treatment_only(catalog)
        for treatment in catalog.treatments:
            plan = plan_for(catalog, [treatment.id])
            asked = {s.id for s in questions(catalog, days, treatments=[treatment.id])}
            for sign in catalog.warning_signs:
                if sign.urgency not in self.URGENT or sign.asked_from_day > days:
                    continue
                if sign.id in only and sign.id not in plan.items["warning_signs"]:
                    continue
                if _may_still_start(catalog, plan.items["causes"], sign, days):
                    assert sign.id in asked, (treatment.id, days, sign.id)
            everything = {s.id for s in questions(catalog, treatments=[treatment.id])}
            assert {
                s.id for s in catalog.warning_signs if s.urgency in self.URGENT and s.id not in only
            } <= everything, treatment.id

    @pytest.mark.parametrize("days", [0, 1, 3, 13, 14, 27, 55, 83, None])
    def test_check_in_is_by_urgency_first(self, catalog: mc.Catalog, days: int | None) -> None:
        """T3: a treatment's own questions lead only within their urgency tier."""
        for treatment in catalog.treatments:
            asked = questions(catalog, days, treatments=[treatment.id])
            ranks = [s.urgency.rank for s in asked]
            assert ranks == sorted(ranks), (treatment.id, days)
            own = [s.id for s in asked if s.id in treatment.checkin_questions]
            for sign_id in own:
                sign = catalog.warning_sign(sign_id)
                tier = [s.id for s in asked if s.urgency is sign.urgency]
                mine = [i for i in tier if i in treatment.checkin_questions]
                assert tier[: len(mine)] == mine, (treatment.id, days, tier)

    def test_late_touchpoint_questions_are_never_cut_and_come_early(
        self, catalog: mc.Catalog
    ) -> None:
        """T3, U1: at a late check-in, its own questions are asked, after at most 4 others."""
        for treatment in catalog.treatments:
            for point in plan_for(catalog, [treatment.id]).late_touchpoints:
                days = point.day - 1  # schedule day 1 is the treatment day
                asked = [s.id for s in questions(catalog, days, treatments=[treatment.id])]
                assert set(point.asks) <= set(asked), (treatment.id, point.day)
                for sign_id in point.asks:
                    before = [i for i in asked[: asked.index(sign_id)] if i not in point.asks]
                    assert len(before) <= 4, (treatment.id, point.day, asked)

    @pytest.mark.parametrize("locale", LOCALES)
    @pytest.mark.parametrize("treatment", ["scalp-microneedling", "body-microneedling"])
    def test_scalp_and_body_sheets_do_not_say_face(self, locale: str, treatment: str) -> None:
        """T19 (design.md 2.1): no 'pat your face dry' on a scalp or body sheet."""
        import re

        from microneedle_care.rendering.markdown import render_markdown

        catalog = mc.load(locale=locale)
        sheet = mc.build_checklist(catalog=catalog, treatment_date=DATE, treatments=[treatment])
        word = {"en": r"\bfaces?\b", "fr": r"visage", "es": r"\bcaras?\b"}[locale]
        assert not re.search(word, render_markdown(sheet), re.IGNORECASE)
        steps = _steps(sheet)
        assert "wash-gently" in steps
        assert "no-picking" in steps
        for step_id in ("wash-gently", "no-picking"):
            text = steps[step_id].step.action
            treated = {"en": "treated skin", "fr": "peau traitée", "es": "piel tratada"}[locale]
            assert treated in text

    def test_exosome_sheet_has_one_serum_rule(self, catalog: mc.Catalog) -> None:
        """U7, T10: no 'unless your clinic gave it to you' beside 'even one the clinic sold'."""
        sheet = _steps(
            mc.build_checklist(
                catalog=catalog,
                treatment_date=DATE,
                treatments=["microneedling-serum-or-exosome"],
            )
        )
        assert "no-take-home-serum-until-healed" in sheet
        assert "no-unapproved-serums" not in sheet
        shared = catalog.aftercare_step("no-unapproved-serums")
        stricter = catalog.aftercare_step("no-take-home-serum-until-healed")
        assert stricter.kind is shared.kind
        assert set(shared.addresses) <= set(stricter.addresses)
        assert stricter.window.start_hours <= shared.window.start_hours
        assert shared.window.end_hours is not None
        assert stricter.window.end_hours is not None
        assert stricter.window.end_hours >= shared.window.end_hours
        # A risk factor the shared step helps with is shown with the stricter one.
        flagged = _steps(
            mc.build_checklist(
                catalog=catalog,
                treatment_date=DATE,
                treatments=["microneedling-serum-or-exosome"],
                risk_factors=["planned-serums"],
            )
        )
        assert [r.id for r in flagged["no-take-home-serum-until-healed"].because_of] == [
            "planned-serums"
        ]
        plan = plan_for(catalog, ["microneedling-serum-or-exosome"])
        assert plan.stands_in == {"no-unapproved-serums": "no-take-home-serum-until-healed"}
        # Merged with another treatment that keeps the shared step, the stricter one wins.
        both = _steps(
            mc.build_checklist(
                catalog=catalog,
                treatment_date=DATE,
                treatments=["microneedling-prp", "microneedling-serum-or-exosome"],
            )
        )
        assert "no-take-home-serum-until-healed" in both
        assert "no-unapproved-serums" not in both
        # The pen alone keeps the shared step.
        assert "no-unapproved-serums" in _steps(
            mc.build_checklist(catalog=catalog, treatment_date=DATE)
        )

    def test_scalp_minoxidil_window_and_text_agree(self, catalog: mc.Catalog) -> None:
        """T9: a fixed 24 hours, then start again; no open-ended 'until your clinic says'."""
        step = catalog.aftercare_step("scalp-wait-to-restart-hair-medicine")
        assert step.window.end_hours == 24
        assert "24 hours" in step.action
        assert "until your clinic says" not in step.action
        assert "again" in step.action.split(".")[-2]
        assert "24 hours" in catalog.risk_factor("scalp-hair-loss-medicine").description
        french = mc.load(locale="fr").aftercare_step("scalp-wait-to-restart-hair-medicine")
        assert "24 premières heures" in french.action
        spanish = mc.load(locale="es").aftercare_step("scalp-wait-to-restart-hair-medicine")
        assert "primeras 24 horas" in spanish.action
        assert "hasta que su clínica le diga" not in spanish.action
        assert "volver a usar" in spanish.action.split(".")[-2]  # then start again
        rf = mc.load(locale="es").risk_factor("scalp-hair-loss-medicine")
        assert "24 horas" in rf.description

    def test_prp_vision_loss_is_an_emergency_asked_first(self, catalog: mc.Catalog) -> None:
        """T5: PRP injected in the face can block a vessel to the eye: 911, asked first."""
        sign = catalog.warning_sign("prp-injection-vision-or-skin-change")
        assert sign.urgency is mc.Urgency.EMERGENCY
        assert "911" in sign.action
        assert sign.points_to == ("injected-prp-blocks-blood-vessel",)
        assert "karam-2020-prp-visual-loss" in sign.references
        assert questions(catalog, 0, treatments=["microneedling-prp"])[0].id == sign.id
        assert sign.id not in {s.id for s in questions(catalog, 0)}  # not on the pen's

    def test_new_items_cite_only_verified_references(self, catalog: mc.Catalog) -> None:
        new = [
            "injected-prp-blocks-blood-vessel",
            "prp-injection-vision-or-skin-change",
            "no-take-home-serum-until-healed",
            "scalp-no-hair-chemicals",
            "scalp-gentle-hair-washing",
            "body-no-shaving-while-raw",
            "body-loose-clean-clothes",
            "keep-a-treatment-record",
            "rf-heat-injury",
            "rf-blisters-or-burn",
            "rf-face-weakness",
            "rf-dent-numbness-or-weakness",
            "rf-report-heat-harm",
        ]
        for item_id in new:
            for ref_id in catalog.get(item_id).references:
                ref = catalog.reference(ref_id)
                assert ref.verified, (item_id, ref_id)
                assert ref.verified_at, (item_id, ref_id)
        # Still blocked: the late-lump sign (unverified source) and the RF myth, whose
        # correction rested on recommendations seen only in copies (issue 20).
        for blocked in ("late-firm-lump-after-product", "rf-is-only-cosmetic"):
            assert blocked not in catalog


class TestRound3:
    """The third review of the shipped treatment content (V2-V20)."""

    RESUME = (
        *("usual routine", "routine habituelle", "back to", "use it again"),
        *("rutina de siempre", "vuelva a su rutina", "vuelva a usarlo", "volver a usarlo"),
    )

    def test_home_roller_sheet_never_says_back_to_usual(self, catalog: mc.Catalog) -> None:
        """V2: a stop-and-report sheet gives no resume steps, in any language or format."""
        for locale in LOCALES:
            cat = mc.load(locale=locale) if locale != "en" else catalog
            checklist = mc.build_checklist(
                catalog=cat, treatment_date=DATE, treatments=["home-roller"]
            )
            steps = _steps(checklist)
            assert not {"back-to-usual-routine", "resume-exercise-when-calm"} & set(steps)
            assert "restart-actives-slowly" not in steps
            for fmt in ("text", "markdown", "html"):
                sheet = str(mc.render(checklist, fmt)).lower()  # type: ignore[arg-type]
                for phrase in self.RESUME:
                    assert phrase not in sheet, (locale, fmt, phrase)
            # Every warning sign and cause stays (T4, U2).
            on_sheet = {s.id for g in checklist.warnings for s in g.signs}
            assert "needled-with-shared-tools" in on_sheet
            assert "severe-allergic-reaction" in on_sheet
        # The pen sheet still sends the patient back to their routine.
        pen = mc.build_checklist(catalog=catalog, treatment_date=DATE)
        assert "usual routine" in str(mc.render(pen, "text")).lower()

    def test_home_roller_glance_names_what_to_stop(self, catalog: mc.Catalog) -> None:
        """V2: the one glance row says to avoid home needling, from day 1 on."""
        from microneedle_care.rendering._layout import bands

        checklist = mc.build_checklist(
            catalog=catalog, treatment_date=DATE, treatments=["home-roller"]
        )
        timeline = bands(checklist)
        assert not any(b.usual for b in timeline)
        assert timeline[-1].last_day is None
        assert [s.id for s in timeline[-1].avoid] == ["stop-home-needling"]

    @pytest.mark.parametrize("days", [0, 1, 2])
    def test_prp_blocked_vessel_asked_days_0_to_2(self, catalog: mc.Catalog, days: int) -> None:
        """V4: skin damage from a blocked vessel can show over 24-72 h: ask through day 2."""
        asked = [s.id for s in questions(catalog, days, treatments=["microneedling-prp"])]
        assert asked[0] == "prp-injection-vision-or-skin-change"
        cause = catalog.cause("injected-prp-blocks-blood-vessel")
        assert cause.onset is not None
        assert cause.onset.end_hours is not None
        assert cause.onset.end_hours >= 72
        note = catalog.warning_sign("prp-injection-vision-or-skin-change").clinician_notes
        assert "days 0 to 2" in note

    def test_scalp_sheet_has_one_serum_rule(self, catalog: mc.Catalog) -> None:
        """V8: only minoxidil restarts after 24 h; other hair serums keep the 7-day rule."""
        for cat in (catalog, mc.load(locale="fr")):
            step = cat.aftercare_step("scalp-wait-to-restart-hair-medicine")
            assert "other hair-loss products" not in step.action
            assert "autres produits contre la perte" not in step.action
        spanish = mc.load(locale="es").aftercare_step("scalp-wait-to-restart-hair-medicine")
        assert "Esta espera es solo para el minoxidil." in spanish.action
        assert (
            "otro sérum para el pelo u otro producto contra la caída del pelo en el cuero"
            " cabelludo? Pregunte a su clínica antes de volver a ponérselo." in spanish.action
        )
        serum = catalog.aftercare_step("no-unapproved-serums")
        retinoid = catalog.aftercare_step("avoid-harsh-products")
        assert serum.window.end_hours == retinoid.window.end_hours == 7 * 24
        # W6: the 24-hour wait is minoxidil's only; anything else waits for the clinic.
        english = catalog.aftercare_step("scalp-wait-to-restart-hair-medicine").action
        assert "minoxidil only" in english
        assert "another hair serum or hair-loss product on your scalp" in english
        assert "like all serums" not in english

    def test_body_sheet_does_not_forbid_and_allow_shaving(self, catalog: mc.Catalog) -> None:
        """V9: the hair-removal glance name names waxing, threading and creams, not shaving."""
        for cat in (catalog, mc.load(locale="fr"), mc.load(locale="es")):
            short = cat.aftercare_step("no-hair-removal").short or ""
            assert short not in ("waxing and hair removal", "l'épilation", "la depilación")
            assert "thread" in short or "fil" in short or "hilo" in short
        checklist = mc.build_checklist(
            catalog=catalog, treatment_date=DATE, treatments=["body-microneedling"]
        )
        text = str(mc.render(checklist, "text"))
        glance = text[text.find("AT A GLANCE") : text.find("JUST FOR YOU")]
        glance = glance if "JUST FOR YOU" in text else text[text.find("AT A GLANCE") :][:1500]
        assert "waxing and hair removal" not in glance

    def test_every_shipped_avoid_step_has_a_short_name(self, catalog: mc.Catalog) -> None:
        """V17: no step pastes a whole sentence into the glance rows (every language)."""
        for cat in (catalog, *(mc.load(locale=locale) for locale in TRANSLATED)):
            for step in cat.aftercare_steps:
                if step.kind is mc.StepKind.AVOID and step.scope is mc.StepScope.EVERYONE:
                    assert step.short, step.id

    def test_evidence_claims_no_stronger_than_sources(self, catalog: mc.Catalog) -> None:
        """V13, V14, W4: the FDA's Nebraska notices say the patients were "treated with"
        unapproved exosome products, not how; no "help fast" claim."""
        for cat in (catalog, mc.load(locale="fr")):
            cause = cat.cause("injected-prp-blocks-blood-vessel")
            assert "best chance" not in cause.summary
            assert "meilleure chance" not in cause.summary
        correction = catalog.myth("exosomes-are-approved-and-safe").correction
        assert "treated with exosome products" in correction
        assert "shots or drips" not in correction
        assert "badly hurt by products" not in correction
        french = mc.load(locale="fr").myth("exosomes-are-approved-and-safe").correction
        assert "traités avec des produits aux exosomes" in french
        assert "perfusion" not in french
        spanish = mc.load(locale="es")
        assert "mejor oportunidad" not in spanish.cause("injected-prp-blocks-blood-vessel").summary
        correction = spanish.myth("exosomes-are-approved-and-safe").correction
        assert "les pusieron productos de exosomas" in correction  # given, not how
        assert not re.search(r"inyecci|suero|intravenos", correction)

    def test_prp_sign_says_the_skin_can_change_for_3_days(self, catalog: mc.Catalog) -> None:
        """W1: the sign is asked on days 0 to 2, and now says so: it read "Right after a PRP
        shot" and "you just had", so dusky skin on day 2 seemed not to count."""
        for cat, days in (
            (catalog, "first 3 days"),
            (mc.load(locale="fr"), "3 premiers jours"),
            (mc.load(locale="es"), "primeros 3 días"),
        ):
            sign = cat.warning_sign("prp-injection-vision-or-skin-change")
            assert days in sign.sign
            assert days in (sign.question or "")
            assert "Right after" not in sign.sign
            assert "just had" not in sign.action
            assert "Justo después" not in sign.sign
            assert "acaba de" not in sign.action

    def test_home_roller_myth_sends_a_recent_sharing_today(self, catalog: mc.Catalog) -> None:
        """W3: someone else's roller in the last 3 days is the emergency room today (HIV
        medicine works only then), as the shared-tools sign says, not "ask about tests"."""
        english = catalog.myth("clean-home-roller-is-safe").correction
        assert "last 3 days" in english
        assert "go now to the emergency room" in english  # X1: now, as the sign says
        assert "cdc-2025-npep-guidelines" in catalog.myth("clean-home-roller-is-safe").references
        french = mc.load(locale="fr").myth("clean-home-roller-is-safe").correction
        assert "3 derniers jours" in french
        assert "urgence" in french
        spanish = mc.load(locale="es").myth("clean-home-roller-is-safe").correction
        assert "últimos 3 días" in spanish
        assert "vaya ahora a la sala de emergencias" in spanish

    def test_myth_corrections_point_to_no_missing_part(self, catalog: mc.Catalog) -> None:
        """V11: the home-roller myth says what to do, not 'read the part about'."""
        for cat in (catalog, *(mc.load(locale=locale) for locale in TRANSLATED)):
            for myth in cat.myths:
                assert "read the part" not in myth.correction, myth.id
                assert "Lisez alors la partie" not in myth.correction, myth.id
                assert not re.search(r"\blea (?:la|esa) parte\b", myth.correction), myth.id

    def test_french_wording_mends(self) -> None:
        """V12, V19, V20: no « salon » (U17) nor bare « spa » (F4); no-break spaces; wordings."""
        fr = mc.load(locale="fr")
        correction = fr.myth("own-blood-means-no-risk").correction
        assert "seul centre d'esthétique" in correction
        assert not re.search(r"\bspas?\b", correction)  # F4: « spa » alone reads as a hot tub
        assert "salon" not in fr.myth("own-blood-means-no-risk").correction
        assert "a abîmé votre peau" in fr.aftercare_step("report-home-device-harm").action
        assert "qu'il ne le devrait" in fr.aftercare_step("no-take-home-serum-until-healed").reason
        assert (
            fr.aftercare_step("no-picking").short == "le grattage des croûtes et des peaux mortes"
        )
        from importlib.resources import files

        raw = (files("microneedle_care") / "data" / "content.fr.json").read_text("utf-8")
        assert "« " not in raw
        assert " »" not in raw

    def test_one_hiv_window_on_the_home_roller_sheet(self, catalog: mc.Catalog) -> None:
        """V22: the testing step gives the sign's exact window, not 'if it starts soon'."""
        for cat in (catalog, mc.load(locale="fr"), mc.load(locale="es")):
            step = cat.aftercare_step("get-tested-after-unsterile-needling").action
            assert "starts soon" not in step
            assert "commencé tôt" not in step
            assert "si empieza pronto" not in step
            assert "72 h" in step
            # W7: the medicine works only if it starts within those 72 hours.
            # W7, X5: the sign's own words, "must start within 3 days (72 hours)".
            assert (
                "must start within 3 days (72 hours)" in step
                or "dans les 3 jours" in step
                or "tiene que empezar antes de que pasen 3 días (72 horas)" in step
            )


class TestRfReviewRound1:
    """The independent review of the RF items, round 1 (Z1-Z14, issue 20)."""

    RF_VISITS = (["rf-microneedling"], ["microneedling-prp", "rf-microneedling"])

    @staticmethod
    def _all_no(catalog: mc.Catalog, day: int, treatments: list[str]) -> dict[str, bool]:
        return {s.id: False for s in questions(catalog, day, treatments=treatments)}

    @pytest.mark.parametrize("locale", LOCALES)
    @pytest.mark.parametrize("day", [0, 1, 3, 10])
    def test_a_yes_to_face_weakness_is_same_day(self, locale: str, day: int) -> None:
        """Z1: new facial weakness is its own same-day sign, not a within-days one."""
        catalog = mc.load(locale=locale)
        for treatments in self.RF_VISITS:
            answers = self._all_no(catalog, day, treatments)
            answers["rf-face-weakness"] = True
            result = check_in(catalog, answers, days_since_treatment=day, treatments=treatments)
            assert [s.id for s in result.matches] == ["rf-face-weakness"]
            assert result.urgency is mc.Urgency.SAME_DAY
            assert "911" in (result.first_action or "")
            assert result.reassurance == ""

    @pytest.mark.parametrize("locale", LOCALES)
    @pytest.mark.parametrize("day", [0, 1, 3])
    def test_no_normal_healing_message_beside_an_rf_red_flag(self, locale: str, day: int) -> None:
        """M9 holds on RF visits: a yes to any emergency or same-day question, alone or with
        a yes to RF's within-days question, never shows the normal-healing message."""
        catalog = mc.load(locale=locale)
        for treatments in self.RF_VISITS:
            calm = self._all_no(catalog, day, treatments)
            # The message exists on these days, so its absence below is the rule at work.
            assert check_in(
                catalog, calm, days_since_treatment=day, treatments=treatments
            ).reassurance
            asked = questions(catalog, day, treatments=treatments)
            flags = [s for s in asked if s.urgency.rank <= mc.Urgency.SAME_DAY.rank]
            assert {"rf-blisters-or-burn", "rf-face-weakness"} <= {s.id for s in flags}
            for sign in flags:
                for also_dent in (False, True):
                    answers = dict(calm, **{sign.id: True})
                    answers["rf-dent-numbness-or-weakness"] = also_dent
                    result = check_in(
                        catalog, answers, days_since_treatment=day, treatments=treatments
                    )
                    assert result.reassurance == "", (treatments, sign.id, also_dent)

    def test_within_days_rf_sign_has_no_911_line(self, catalog: mc.Catalog) -> None:
        """Z1: the dent or numbness sign (within days) no longer carries 911 lines, which a
        within-days yes would show beside the normal-healing message; they moved with the
        weakness to rf-face-weakness."""
        dent = catalog.warning_sign("rf-dent-numbness-or-weakness")
        assert "911" not in dent.action
        assert "weak" not in dent.sign + (dent.question or "")
        assert "911" in catalog.warning_sign("rf-face-weakness").action

    @pytest.mark.parametrize(
        ("locale", "needles", "leather", "shots"),
        [
            ("en", "bigger than the needle dots", "hard like leather", "shots"),
            ("fr", "plus grandes que les points des aiguilles", "dure comme du cuir", "piqûres"),
            ("es", "más grandes que los puntitos de las agujas", "dura como cuero", "inyecciones"),
        ],
    )
    def test_questions_keep_the_signs_limits(
        self, locale: str, needles: str, leather: str, shots: str
    ) -> None:
        """Z4: the burn question keeps 'bigger than the needle dots' and 'hard like leather';
        Z5: numbness counts once numbing shots (nerve blocks) have worn off too."""
        catalog = mc.load(locale=locale)
        burn = catalog.warning_sign("rf-blisters-or-burn")
        assert needles in (burn.question or "")
        assert leather in (burn.question or "")
        dent = catalog.warning_sign("rf-dent-numbness-or-weakness")
        assert shots in dent.sign
        assert shots in (dent.question or "")

    def test_burn_triage_rests_on_an_issuing_bodys_page(self, catalog: mc.Catalog) -> None:
        """Z2: the burn action defines a large burn, steps up an infected one, says what to
        do until seen, and cites the NHS GGC burns page it follows."""
        burn = catalog.warning_sign("rf-blisters-or-burn")
        for phrase in ("bigger than your hand", "near your eye", "fever", "non-stick"):
            assert phrase in burn.action, phrase
        assert "large area" not in burn.action
        assert "nhsggc-burns-and-scalds" in burn.references
        nhs = catalog.reference("nhsggc-burns-and-scalds")
        assert nhs.verified
        assert nhs.url == nhs.verified_at
        assert "clinical reasoning" in burn.clinician_notes

    def test_evidence_notes_say_what_rests_on_copies(self, catalog: mc.Catalog) -> None:
        """Z6: the bulletin shows no title or date, so the year is not given; Z13: the weak
        record behind 'about a week' is named."""
        fda = catalog.reference("fda-2025-rf-microneedling-safety-communication")
        assert fda.year is None
        assert "Title and date as given in copies" in fda.note
        notes = catalog.cause("rf-heat-injury").evidence_notes
        assert "known weak record" in notes
        assert "chu-2021-safety-review" in notes

    def test_report_step_cites_the_verified_canadian_page(self, catalog_fr: mc.Catalog) -> None:
        """The Canadian route is the verified 'Report a side effect' page; Z11 and Z12."""
        step = mc.load().aftercare_step("rf-report-heat-harm")
        assert "health-canada-report-a-side-effect" in step.references
        assert "health-canada-consumer-device-report-form" not in step.references
        assert "a weak muscle" in step.action
        french = catalog_fr.aftercare_step("rf-report-heat-harm").action
        assert "de l'endroit où vous vivez" in french
        assert "pays" not in french
        spanish = mc.load(locale="es").aftercare_step("rf-report-heat-harm").action
        assert "del lugar donde vive" in spanish
        assert "país" not in spanish
        assert "un músculo débil" in spanish

    def test_french_question_marks_follow_the_shipped_file(self, catalog_fr: mc.Catalog) -> None:
        """Z14: the shipped French has no space before '?'; the RF strings now match it."""
        for item in catalog_fr:
            for field in mc.patient_fields(type(item)):
                text = getattr(item, field) or ""
                assert "\u00a0?" not in text, (item.id, field)
                assert "\u202f?" not in text, (item.id, field)

    def test_spanish_questions_open_with_their_mark(self) -> None:
        """Spanish: every "?" has its "¿" before it, and no space before either mark."""
        for item in mc.load(locale="es"):
            for field in mc.patient_fields(type(item)):
                text = getattr(item, field) or ""
                assert text.count("¿") == text.count("?"), (item.id, field)
                assert " ?" not in text, (item.id, field)
                assert "\u00a0?" not in text, (item.id, field)

    def test_reviewed_against_counts_the_references(self, catalog: mc.Catalog) -> None:
        """The review line's count is the true number of references and of weak records."""
        from tests.test_reference_addresses import is_authoritative

        refs = catalog.references
        strong = sum(is_authoritative(r.verified_at or "") for r in refs)
        line = next(x for x in catalog.review.reviewed_against if "references were" in x)
        assert f"{strong} of the {len(refs)} references" in line
        assert f"for {len(refs) - strong} the only record" in line

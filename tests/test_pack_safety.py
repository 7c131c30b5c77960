"""A clinic pack cannot silently weaken safety; unapproved output says so (S10, issue 16).

Hiding or rewording an emergency or same-day warning sign, lowering its urgency, or
replacing the disclaimer needs a ``safety_overrides`` entry with a reason. Every patient
output says who at the clinic approved it and when, or that no clinician there has yet.
"""

from __future__ import annotations

import datetime
import html
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import microneedle_care as mc
from microneedle_care import SafetyOverrideError, approval, fhir, packs
from microneedle_care.cli import main
from microneedle_care.loading import parse_pack
from microneedle_care.rendering.ical import render_schedule_json
from microneedle_care.rendering.json import parse_checklist_json
from microneedle_care.rendering.messages import render_email, render_sms
from microneedle_care.schedule import build_schedule

from .strategies import packaged_data

# The signs by urgency, read from the packaged JSON (collection runs no loader).
_SIGNS = [(s["id"], mc.Urgency(s["urgency"])) for s in packaged_data()["warning_signs"]]
URGENT = [i for i, urgency in _SIGNS if urgency in (mc.Urgency.EMERGENCY, mc.Urgency.SAME_DAY)]
EMERGENCY = [i for i, urgency in _SIGNS if urgency is mc.Urgency.EMERGENCY]
NOT_URGENT = [i for i, _ in _SIGNS if i not in URGENT]
DAY = datetime.date(2026, 12, 1)
UNAPPROVED_EN = "No clinician at {} has approved this sheet yet."
UNAPPROVED_FR = "Aucun clinicien de {} n'a encore approuvé cette fiche."
UNAPPROVED_ES = "Ningún proveedor de salud de {} aprobó aún esta hoja."
YOUR_CLINIC = {"en": "your clinic", "fr": "votre clinique", "es": "su clínica"}
UNAPPROVED_MESSAGES = {
    "en": "No clinician at {} has approved these texts and emails yet.",
    "fr": "Aucun clinicien de {} n'a encore approuvé ces textos et courriels.",
    "es": "Ningún proveedor de salud de {} aprobó aún estos textos y correos.",
}


def pack(**info: Any) -> dict[str, Any]:
    return {"pack": {"name": "Lakeview Skin Clinic", "version": "2027.1", **info}}


def write(path: Path, data: dict[str, Any]) -> str:
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return str(path)


def ack(*ids: str, reason: str = "Our medical director decided this.") -> list[dict[str, str]]:
    return [{"id": item_id, "reason": reason} for item_id in ids]


# Each way to weaken safety: the pack's "pack" section and the id it weakens.
WEAKENINGS: dict[str, tuple[dict[str, Any], str, str]] = {
    "hide emergency": ({"hide": ["severe-allergic-reaction"]}, "severe-allergic-reaction", "hides"),
    "hide same-day": ({"hide": ["signs-of-infection"]}, "signs-of-infection", "hides"),
    "reword emergency sign": (
        {"replace": [{"id": "bleeding-will-not-stop", "sign": "Some bleeding."}]},
        "bleeding-will-not-stop",
        "rewords (sign)",
    ),
    "reword emergency action": (
        {"replace": [{"id": "eye-pain-or-vision-change", "action": "Rest your eyes."}]},
        "eye-pain-or-vision-change",
        "rewords (action)",
    ),
    "reword same-day question": (
        {"replace": [{"id": "fever-or-feeling-unwell", "question": "Do you feel fine?"}]},
        "fever-or-feeling-unwell",
        "rewords (question)",
    ),
    "replace disclaimer": (
        {"disclaimer": "Questions? Call us."},
        packs.DISCLAIMER_ID,
        "replaces the disclaimer",
    ),
}


class TestRefusedUnlessAcknowledged:
    @pytest.mark.parametrize("kind", list(WEAKENINGS))
    def test_refused_without_acknowledgement(self, tmp_path: Path, kind: str) -> None:
        """Each weakening is refused, naming the pack file, the item id and what it does."""
        info, item_id, what = WEAKENINGS[kind]
        path = write(tmp_path / "lakeview.json", pack(**info))
        with pytest.raises(SafetyOverrideError) as error:
            mc.load(packs=[path])
        assert isinstance(error.value, mc.ContentError)
        (problem,) = error.value.problems
        assert problem.source == path
        assert what in problem.message
        assert "without acknowledging it" in problem.message
        assert "safety_overrides" in problem.message
        if item_id != packs.DISCLAIMER_ID:
            assert repr(item_id) in problem.message

    @pytest.mark.parametrize("kind", list(WEAKENINGS))
    def test_accepted_with_acknowledgement(self, tmp_path: Path, kind: str) -> None:
        """With a safety_overrides entry and a reason, the pack loads and the change is listed."""
        info, item_id, what = WEAKENINGS[kind]
        data = pack(**info, safety_overrides=ack(item_id, reason="  Our  own card. "))
        path = write(tmp_path / "lakeview.json", data)
        catalog = mc.load(packs=[path])
        (change,) = packs.safety_changes(catalog)
        assert (change.source, change.id, change.reason) == (path, item_id, "Our own card.")
        assert what in change.what
        if "hide" in kind:
            assert item_id not in catalog

    def test_packaged_content_has_no_safety_changes(self, catalog_en: mc.Catalog) -> None:
        assert packs.safety_changes(catalog_en) == ()

    def test_urgency_cannot_be_set_by_a_pack(self, catalog_en: mc.Catalog, tmp_path: Path) -> None:
        """A pack cannot lower an urgency: 'replace' has no urgency, and ids cannot be redefined."""
        sign = mc.loading.dumps(catalog_en)
        data = json.loads(sign)["warning_signs"][0]
        assert data["urgency"] == "emergency"
        lowered = pack(replace=[{"id": data["id"], "urgency": "next-visit"}])
        with pytest.raises(mc.ContentError, match="urgency"):
            mc.load(packs=[write(tmp_path / "a.json", lowered)])
        again = {**pack(), "warning_signs": [{**data, "urgency": "next-visit"}]}
        with pytest.raises(mc.ContentError, match="already defined"):
            mc.load(packs=[write(tmp_path / "b.json", again)])

    def test_lowered_urgency_is_a_weakening(self, catalog_en: mc.Catalog) -> None:
        """Should a rewording ever change the urgency, the merge names it as a weakening."""
        old = catalog_en.warning_sign("signs-of-infection")
        new = attrs.evolve(old, urgency=mc.Urgency.NEXT_VISIT, sign="Red skin.")
        found = packs._weakenings("$.pack.replace[0]", old, new, ["sign"])
        assert [what for _, _, what in found] == [
            "rewords (sign) the same-day warning sign",
            "lowers the urgency (to next-visit) of the same-day warning sign",
        ]

    @pytest.mark.parametrize("sign_id", NOT_URGENT)
    def test_less_urgent_signs_need_no_acknowledgement(
        self, catalog_en: mc.Catalog, sign_id: str
    ) -> None:
        """Hiding or rewording a sign that is not emergency or same-day needs no override."""
        info = (
            {"hide": [sign_id]}
            if sign_id != NOT_URGENT[0]
            else {"replace": [{"id": sign_id, "action": "Call us."}]}
        )
        catalog = catalog_en.with_pack(parse_pack(pack(**info)))
        assert packs.safety_changes(catalog) == ()

    def test_same_disclaimer_is_not_a_replacement(self, catalog_en: mc.Catalog) -> None:
        catalog = catalog_en.with_pack(parse_pack(pack(disclaimer=catalog_en.disclaimer)))
        assert packs.safety_changes(catalog) == ()

    def test_own_signs_are_the_packs_to_change(
        self, catalog_en: mc.Catalog, tmp_path: Path
    ) -> None:
        """A pack may reword or hide an urgent sign it adds itself without an override."""
        data = json.loads(mc.loading.dumps(catalog_en))["warning_signs"][0]
        own = {**data, "id": "lakeview-chest-pain", "sign": "Chest pain."}
        info = pack(replace=[{"id": "lakeview-chest-pain", "action": "Call 911 now."}])
        catalog = mc.load(packs=[write(tmp_path / "p.json", {**info, "warning_signs": [own]})])
        assert packs.safety_changes(catalog) == ()

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            (ack("severe-allergic-reaction", reason=" "), "needs a reason"),
            (ack("severe-allergic-reaction", "severe-allergic-reaction"), "acknowledged twice"),
            (ack("severe-allergic-reaction", "cold-sore-flare"), "does not hide or reword"),
        ],
    )
    def test_bad_overrides_are_refused(
        self, tmp_path: Path, overrides: list[dict[str, str]], message: str
    ) -> None:
        """An empty reason, a duplicate or an override of nothing the pack changes is an error."""
        data = pack(hide=["severe-allergic-reaction"], safety_overrides=overrides)
        path = write(tmp_path / "p.json", data)
        with pytest.raises(mc.ContentError, match=message) as error:
            mc.load(packs=[path])
        assert all(p.source == path for p in error.value.problems)

    def test_each_pack_acknowledges_its_own_changes(self, tmp_path: Path) -> None:
        """One pack's override does not cover what a later pack weakens."""
        first = write(
            tmp_path / "a.json",
            pack(hide=["cold-sore-flare"], safety_overrides=ack("cold-sore-flare")),
        )
        second = write(
            tmp_path / "b.json", {"pack": {"name": "B", "version": "1", "hide": [EMERGENCY[0]]}}
        )
        with pytest.raises(SafetyOverrideError) as error:
            mc.load(packs=[first, second])
        assert [(p.source, p.path) for p in error.value.problems] == [(second, "$.pack.hide[0]")]

    def test_schema_needs_a_reason(self) -> None:
        """The shipped pack schema refuses an override without a reason or with an empty one."""
        validator = jsonschema.Draft202012Validator(mc.loading.schema("pack"))
        good = pack(hide=["cold-sore-flare"], safety_overrides=ack("cold-sore-flare"))
        assert list(validator.iter_errors(good)) == []
        for bad in ([{"id": "cold-sore-flare"}], ack("cold-sore-flare", reason=""), ack("X")):
            assert list(validator.iter_errors(pack(safety_overrides=bad))), bad


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    hidden=st.lists(st.sampled_from(URGENT), min_size=1, unique=True),
    data=st.data(),
)
def test_hidden_urgent_signs_are_always_refused(
    catalog_en: mc.Catalog, hidden: list[str], data: st.DataObject
) -> None:
    """Any set of hidden emergency or same-day signs is refused unless each is acknowledged."""
    acknowledged = data.draw(st.lists(st.sampled_from(hidden), unique=True))
    info = pack(hide=hidden, safety_overrides=ack(*acknowledged))
    if set(acknowledged) == set(hidden):
        catalog = catalog_en.with_pack(parse_pack(info), source="p.json")
        assert {c.id for c in packs.safety_changes(catalog)} == set(hidden)
        return
    with pytest.raises(SafetyOverrideError) as error:
        catalog_en.with_pack(parse_pack(info), source="p.json")
    named = {i for p in error.value.problems for i in hidden if repr(i) in p.message}
    assert named == set(hidden) - set(acknowledged)
    assert all(p.source == "p.json" for p in error.value.problems)


class TestValidate:
    def test_unacknowledged_is_an_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """'validate' exits 1 and names the file, the path, the id and what is weakened."""
        path = write(tmp_path / "lakeview.json", pack(hide=["severe-allergic-reaction"]))
        assert main(["validate", path]) == 1
        err = capsys.readouterr().err
        assert f"{path} $.pack.hide[0]: hides the emergency warning sign" in err
        assert "'severe-allergic-reaction' without acknowledging it" in err

    def test_acknowledged_is_a_notice(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """'validate' exits 0 and prints one notice per acknowledged override, with its reason."""
        data = pack(
            hide=["severe-allergic-reaction"],
            disclaimer="Questions? Call us.",
            safety_overrides=[
                {"id": "severe-allergic-reaction", "reason": "We hand out our own card."},
                {"id": "disclaimer", "reason": "Our lawyers wrote it."},
            ],
        )
        path = write(tmp_path / "lakeview.json", data)
        assert main(["validate", path]) == 0
        out, err = capsys.readouterr()
        notices = [line for line in err.splitlines() if ": notice: " in line]
        assert notices == [
            f"{path}: notice: $.pack.hide[0]: hides the emergency warning sign"
            " 'severe-allergic-reaction' (acknowledged: We hand out our own card.)",
            f"{path}: notice: $.pack.disclaimer: replaces the disclaimer"
            " (acknowledged: Our lawyers wrote it.)",
        ]
        assert "valid clinic pack" in out


def test_approve_prints_the_overrides(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """'approve' shows the approver each acknowledged safety change it signs off on."""
    data = pack(hide=["cold-sore-flare"], safety_overrides=ack("cold-sore-flare", reason="Ours."))
    path = write(tmp_path / "lakeview.json", data)
    assert main(["approve", path, "--by", "Dr. Ana Diaz, MD", "--date", "2026-12-01"]) == 0
    err = capsys.readouterr().err
    assert (
        f"{path}: notice: $.pack.hide[0]: hides the same-day warning sign 'cold-sore-flare'" in err
    )
    assert "(acknowledged: Ours.)" in err


# -- the approval notice on every patient output -------------------------------------------


def _flat(text: str) -> str:
    """One line, HTML entities and Markdown escapes undone, for finding a sentence."""
    return " ".join(html.unescape(text).split()).replace("\\", "")


def _approved_catalog(tmp_path: Path, locale: str = "en") -> mc.Catalog:
    path = tmp_path / f"approved-{locale}.json"
    write(path, pack(locale=locale))
    catalog = mc.load(locale=locale, packs=[path])
    record = mc.approve(catalog, name="Dr. Ana Diaz", credentials="MD", date=DAY)
    data = json.loads(path.read_text("utf-8"))
    data["pack"]["approval"] = approval.to_dict(record)
    write(path, data)
    return mc.load(locale=locale, packs=[path], require_approval=True)


CLINIC = mc.ClinicContact(name="Lakeview Skin Clinic", phone="905-555-0134")
TEXT_FORMATS = ["text", "markdown", "html", "json", "fhir"]


class TestApprovalNotice:
    @pytest.mark.parametrize("fmt", TEXT_FORMATS)
    @pytest.mark.parametrize(
        ("locale", "line"), [("en", UNAPPROVED_EN), ("fr", UNAPPROVED_FR), ("es", UNAPPROVED_ES)]
    )
    def test_unapproved_sheet_says_so(
        self, fmt: mc.rendering.Format, locale: str, line: str
    ) -> None:
        """Every format of an unapproved sheet says no clinician at the clinic approved it."""
        your = YOUR_CLINIC[locale]
        for clinic, name in ((None, your), (CLINIC, CLINIC.name)):
            checklist = mc.build_checklist(locale=locale, clinic=clinic)
            output = _flat(mc.render(checklist, fmt))
            assert _flat(line.format(name)) in output, (fmt, clinic)

    @pytest.mark.parametrize("fmt", TEXT_FORMATS)
    @pytest.mark.parametrize("locale", sorted(YOUR_CLINIC))
    def test_approved_sheet_names_the_approver(
        self, tmp_path: Path, fmt: mc.rendering.Format, locale: str
    ) -> None:
        """An approved sheet says who approved it and when, and not that no one has."""
        checklist = mc.build_checklist(catalog=_approved_catalog(tmp_path, locale), clinic=CLINIC)
        output = _flat(mc.render(checklist, fmt))
        assert "Dr. Ana Diaz, MD" in output
        assert "2026" in output
        assert "December" in output or "décembre" in output or "diciembre" in output
        assert "No clinician" not in output
        assert "Aucun clinicien" not in output
        assert "Ningún proveedor de salud" not in output

    def test_pdf_says_so(self, tmp_path: Path) -> None:
        pytest.importorskip("weasyprint", reason="the pdf extra (WeasyPrint) is missing")
        if shutil.which("pdftotext") is None:
            pytest.skip("poppler-utils (pdftotext) is not installed")
        for checklist, wanted in (
            (mc.build_checklist(clinic=CLINIC), UNAPPROVED_EN.format(CLINIC.name)),
            (
                mc.build_checklist(catalog=_approved_catalog(tmp_path)),
                "Approved for this clinic by",
            ),
        ):
            pdf = tmp_path / "sheet.pdf"
            pdf.write_bytes(mc.render(checklist, "pdf"))
            out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True)
            assert _flat(wanted) in _flat(out.stdout.decode("utf-8"))

    def test_json_notice_is_in_the_schema_and_reads_back(self) -> None:
        """The JSON's approval_notice is described by the shipped schema; reading ignores it."""
        checklist = mc.build_checklist(clinic=CLINIC)
        text = mc.render(checklist, "json")
        data = json.loads(text)
        assert data["approval_notice"] == UNAPPROVED_EN.format(CLINIC.name)
        schema = mc.loading.schema("checklist")
        assert "approval_notice" in schema["properties"]
        assert list(jsonschema.Draft202012Validator(schema).iter_errors(data)) == []
        assert parse_checklist_json(text) == checklist
        with pytest.raises(mc.ContentError, match="approval notice"):
            parse_checklist_json(json.dumps({**data, "approval_notice": 3}))

    def test_fhir_care_plan_has_a_note(self) -> None:
        notes = [n["text"] for n in fhir.care_plan(mc.build_checklist())["note"]]
        assert UNAPPROVED_EN.format("your clinic") in notes

    def test_sources_line_is_not_a_medical_check(self) -> None:
        """'Sources checked' says who checked them, and that it is not a medical review."""
        for locale, words in (
            ("en", "not a medical review"),
            ("fr", "pas un examen médical"),
            ("es", "No fue una revisión médica"),
        ):
            output = _flat(mc.render(mc.build_checklist(locale=locale), "text"))
            assert words in output

    @pytest.mark.parametrize("locale", sorted(YOUR_CLINIC))
    def test_every_text_and_email_says_so(self, tmp_path: Path, locale: str) -> None:
        """An unapproved series says so in its first text and every email (issue 16 item 4)."""
        messages = UNAPPROVED_MESSAGES[locale]
        when = datetime.date(2026, 11, 25)
        for clinic in (None, CLINIC):
            name = clinic.name if clinic else YOUR_CLINIC[locale]
            schedule = build_schedule(
                mc.build_checklist(locale=locale, treatment_date=when, clinic=clinic),
                tz="UTC",
                patient="p-1",
            )
            assert schedule.touchpoints
            for index, touchpoint in enumerate(schedule.touchpoints):
                sms = render_sms(schedule, touchpoint)
                # The text starts with the clinic's name, so its notice says "your clinic".
                yours = YOUR_CLINIC[locale]
                assert sms.endswith(messages.format(yours)) == (index == 0), sms
                assert len(sms) <= mc.schedule.SMS_LIMIT
                email = render_email(schedule, touchpoint)
                assert messages.format(name) in email.text
                assert messages.format(name) in html.unescape(email.html)
            assert messages.format(name) in render_schedule_json(schedule)
        catalog = _approved_catalog(tmp_path, locale)
        checklist = mc.build_checklist(catalog=catalog, treatment_date=when)
        schedule = build_schedule(checklist, tz="UTC", patient="p-1", catalog=catalog)
        assert schedule.approval is not None
        assert "Dr. Ana Diaz, MD" in render_sms(schedule, schedule.touchpoints[0])
        for touchpoint in schedule.touchpoints:
            assert "Dr. Ana Diaz, MD" in render_email(schedule, touchpoint).text

    def test_long_clinic_name_keeps_the_notice(self) -> None:
        """A clinic name too long for the text falls back to 'your clinic', never cut off."""
        clinic = mc.ClinicContact(name="L" * 200, phone="1")
        checklist = mc.build_checklist(treatment_date=datetime.date(2026, 11, 25), clinic=clinic)
        schedule = build_schedule(checklist, tz="UTC", patient="p-1")
        first = render_sms(schedule, schedule.touchpoints[0])
        notice = "No clinician at your clinic has approved these texts and emails yet."
        assert first.endswith(notice)
        for touchpoint in schedule.touchpoints:
            assert len(render_sms(schedule, touchpoint)) <= mc.schedule.SMS_LIMIT

    def test_check_in_says_so(
        self, catalog_en: mc.Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The check-in result and the command's output carry the notice."""
        answers = {sign.id: False for sign in catalog_en.warning_signs}
        result = mc.check_in(catalog_en, answers)
        assert result.approval is None
        assert (
            result.approval_notice == "No clinician at your clinic has approved this check-in yet."
        )
        french = mc.load(locale="fr")
        result = mc.check_in(french, {sign.id: False for sign in french.warning_signs})
        assert result.approval_notice.startswith("Aucun clinicien de votre clinique")
        spanish = mc.load(locale="es")
        result = mc.check_in(spanish, {sign.id: False for sign in spanish.warning_signs})
        assert result.approval_notice == (
            "Ningún proveedor de salud de su clínica aprobó aún esta revisión de síntomas."
        )
        approved = _approved_catalog(tmp_path)
        result = mc.check_in(approved, answers)
        assert result.approval_notice.startswith("Approved for this clinic by Dr. Ana Diaz, MD")
        argv = ["check-in", *(a for s in catalog_en.warning_signs for a in ("--no", s.id))]
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert out.rstrip().endswith("has approved this check-in yet.")

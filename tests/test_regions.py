"""Who to call depends on where the clinic is: ClinicContact(region=...) and regions.json."""

from __future__ import annotations

import datetime
import html
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import attrs
import pytest

import microneedle_care as mc
from microneedle_care import _i18n, fhir, regions
from microneedle_care import schedule as sched
from microneedle_care.cli import main
from microneedle_care.readability import measure, sentences
from microneedle_care.rendering.json import parse_checklist_json
from microneedle_care.rendering.messages import render_email, render_sms

DATE = datetime.date(2026, 11, 25)

# What a sheet without a region must never name (beyond the content's own text).
PLACES = (
    "Ontario",
    "Quebec",
    "Québec",
    "B.C.",
    "British Columbia",
    "Colombie-Britannique",
    "Alberta",
    "Health811",
    "Santé811",
    "Info-Santé",
    "HealthLink",
    "Health Link",
)
# "811" as a number to dial (a content digest is hex and may hold the digits).
DIAL_811 = re.compile(r"(?<![0-9a-f])811(?![0-9a-f])")

# The region's nurse-line sentence, as the sheet writes it, per locale.
SERVICE = {
    ("CA-ON", "en"): "In Ontario, you can also call Health811 (dial 811) to talk to a nurse.",
    ("CA-ON", "fr"): (
        "En Ontario, vous pouvez aussi appeler Santé811 (composez le 811)"
        " pour parler à une infirmière."
    ),
    ("CA-QC", "en"): "In Quebec, you can also call Info-Santé 811 (dial 811) to talk to a nurse.",
    ("CA-QC", "fr"): (
        "Au Québec, vous pouvez aussi appeler Info-Santé 811 (composez le 811)"
        " pour parler à une infirmière."
    ),
    ("CA-BC", "en"): "In B.C., you can also call HealthLink BC (dial 811) for health advice.",
    ("CA-BC", "fr"): (
        "En Colombie-Britannique, vous pouvez aussi appeler HealthLink BC (composez le 811)"
        " pour des conseils sur votre santé."
    ),
    ("CA-AB", "en"): "In Alberta, you can also call Health Link (dial 811) to talk to a nurse.",
    ("CA-AB", "fr"): (
        "En Alberta, vous pouvez aussi appeler Health Link (composez le 811)"
        " pour parler à une infirmière."
    ),
    ("CA-ON", "es"): (
        "En Ontario, también puede llamar a Health811 (marque el 811) para hablar con"
        " personal de enfermería."
    ),
    ("CA-QC", "es"): (
        "En Quebec, también puede llamar a Info-Santé 811 (marque el 811) para hablar con"
        " personal de enfermería."
    ),
    ("CA-BC", "es"): (
        "En Columbia Británica, también puede llamar a HealthLink BC (marque el 811) para"
        " recibir consejos sobre su salud."
    ),
    ("CA-AB", "es"): (
        "En Alberta, también puede llamar a Health Link (marque el 811) para hablar con"
        " personal de enfermería."
    ),
}
# The locale each language's rows are rendered in, and the word before the SMS's "811".
LOCALE_OF = {"en": "en", "fr": "fr-CA", "es": "es-US"}
SMS_AT = {"en": "at", "fr": "au", "es": "al"}
US_SAME_DAY = (
    "Does a sign say to call your clinic, but it cannot see you today?"
    " Then go to an urgent care center or an emergency room."
)
US_SAME_DAY_ES = (
    "¿Alguna señal dice que llame a su clínica, pero su clínica no le puede atender hoy?"
    " Entonces vaya a un centro de urgent care (atención de urgencia) o a una sala de"
    " emergencias."
)
US_EMERGENCY = {"en": "In an emergency, call 911.", "es": "En una emergencia, llame al 911."}


def _clinic(region: str | None) -> mc.ClinicContact:
    return mc.ClinicContact(name="Lakeview Skin Clinic", phone="905-555-0134", region=region)


def _checklist(region: str | None, locale: str = "en") -> mc.Checklist:
    return mc.build_checklist(
        catalog=mc.load(locale=locale),
        treatment_date=DATE,
        risk_factors=["cold-sore-history"],
        clinic=_clinic(region),
    )


def _content_strings(catalog: mc.Catalog) -> list[str]:
    """Every string of the content, longest first (with the first sentence of each)."""
    found: set[str] = {catalog.disclaimer}
    for items in (
        catalog.warning_signs,
        catalog.aftercare_steps,
        catalog.risk_factors,
        catalog.causes,
    ):
        for item in items:
            for field in attrs.fields(type(item)):
                value = getattr(item, field.name)
                if isinstance(value, tuple):  # ids: references, causes, steps
                    found.update(v for v in value if isinstance(v, str) and v)
                elif isinstance(value, str) and value:
                    found.add(" ".join(value.split()))
                    head, dot, _ = value.partition(". ")
                    if dot:
                        found.add(head + ".")
    return sorted(found, key=len, reverse=True)


def _ours(text: str, catalog: mc.Catalog) -> str:
    """*text* on one line with the content's own words taken out: what the code added.

    The content's patient text is another lane's (it may still name a province today);
    what this lane guarantees is what the renderers add around it.
    """
    flat = " ".join(text.split())
    for string in _content_strings(catalog):
        flat = flat.replace(string, " ")
    return flat


def _plain_markdown(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _plain_html(text: str) -> str:
    inline = re.sub(r"</?(?:a|em|time)\b[^>]*>", "", text)
    return html.unescape(re.sub(r"<[^>]+>", " ", inline))


def _fhir_text(resource: Any) -> str:
    return " ".join(n["text"] for n in resource.get("note", ()))


def _outputs(checklist: mc.Checklist) -> dict[str, str]:
    """Every patient-facing text format, as plain text."""
    plan = sched.build_schedule(checklist, tz="America/Toronto", patient="p-1")
    emails = [render_email(plan, t) for t in plan.touchpoints]
    bundle = fhir.schedule_bundle(checklist, plan, subject="Patient/1")
    requests = [
        p["contentString"]
        for entry in bundle["entry"]
        if entry["resource"]["resourceType"] == "CommunicationRequest"
        for p in entry["resource"]["payload"]
    ]
    return {
        "text": mc.render(checklist, "text"),
        "markdown": _plain_markdown(mc.render(checklist, "markdown")),
        "html": _plain_html(mc.render(checklist, "html")),
        "json": " ".join(_strings(json.loads(mc.render(checklist, "json")))),
        "fhir": _fhir_text(fhir.care_plan(checklist)),
        "sms": " ".join(render_sms(plan, t) for t in plan.touchpoints),
        "email": " ".join(e.text for e in emails),
        "email-html": " ".join(_plain_html(e.html) for e in emails),
        "fhir-messages": " ".join(requests),
    }


def _strings(data: Any) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return []


class TestRegionCode:
    @pytest.mark.parametrize(
        ("value", "stored"),
        [("CA-ON", "CA-ON"), (" ca-qc ", "CA-QC"), ("US-NY", "US-NY"), ("US", "US"), (None, None)],
    )
    def test_valid_codes_are_stored_in_capitals(self, value: str | None, stored: str) -> None:
        """ISO 3166-2 codes (and a bare country) are accepted and stored in capitals."""
        assert _clinic(value).region == stored

    @pytest.mark.parametrize(
        "value", ["Ontario", "CA_ON", "CAN-ON", "CA-", "C", "CA-ONTA", "CA-ÖN"]
    )
    def test_bad_codes_are_refused_naming_field_and_value(self, value: str) -> None:
        """A code that is not ISO 3166-2 shaped is an InvalidValueError naming both."""
        with pytest.raises(mc.InvalidValueError) as info:
            _clinic(value)
        assert "ClinicContact.region" in str(info.value)
        assert repr(value) in str(info.value)
        assert isinstance(info.value, ValueError)

    def test_a_code_that_is_not_a_string_is_a_type_error(self) -> None:
        """region=124 is an InvalidTypeError, like the other fields."""
        with pytest.raises(mc.InvalidTypeError, match=r"ClinicContact\.region must be a string"):
            mc.ClinicContact(name="A", phone="1", region=124)  # type: ignore[arg-type]


class TestLookup:
    def test_subdivision_without_entry_uses_its_country(self) -> None:
        """US-NY uses the US entry; a Canadian province without one uses Canada's."""
        assert regions.region("US-NY").code == "US"  # type: ignore[union-attr]
        canada = regions.who_to_call("CA-NS", "en")
        assert canada is not None
        assert canada.entry == "CA"
        assert canada.service is None

    def test_unknown_country_and_no_region_give_nothing(self) -> None:
        """A country with no entry gets no service line, and no region gives nothing."""
        assert regions.who_to_call("FR-75", "en") is None
        assert regions.who_to_call(None, "fr") is None
        assert _checklist("FR-75").regional is None
        assert _checklist(None).regional is None

    def test_us_names_911_and_urgent_care_and_no_hotline(self) -> None:
        """The United States: 911 and an urgent care center, no nurse line invented."""
        where = regions.who_to_call("US-NY", "en")
        assert where is not None
        assert where.service is None
        assert where.sms is None
        assert where.same_day == US_SAME_DAY
        assert where.emergency == "In an emergency, call 911."
        assert not any(DIAL_811.search(line) for line in where.lines)

    @pytest.mark.parametrize(("code", "lang"), sorted(SERVICE))
    def test_service_sentence(self, code: str, lang: str) -> None:
        """Each province names its own nurse line, in every language."""
        where = regions.who_to_call(code, LOCALE_OF[lang])
        assert where is not None
        assert where.service == SERVICE[code, lang]

    def test_english_sentences_are_plain(self) -> None:
        """Every English sentence the regions add reads at about grade 7 or below."""
        for code in ("CA", "CA-ON", "CA-QC", "CA-BC", "CA-AB", "US"):
            where = regions.who_to_call(code, "en")
            assert where is not None
            for line in where.lines:
                for sentence in re.split(r"(?<=\.) (?=[A-Z])", line):
                    assert measure(sentence).grade <= 7, sentence

    def test_spanish_sentences_are_plain(self) -> None:
        """No Spanish sentence the regions add is "difícil" (Fernández-Huerta below 50).

        The phone numbers are left out of the score: the formula reads "911" as
        "novecientos once" (six syllables), which makes "En una emergencia, llame al 911."
        score 41, and the patient reads the digits, not the number.
        """
        for code in ("CA", "CA-ON", "CA-QC", "CA-BC", "CA-AB", "US"):
            where = regions.who_to_call(code, "es")
            assert where is not None
            for line in where.lines:
                for _, sentence in sentences(line):
                    assert measure(re.sub(r"\d+", "", sentence), "es").ease >= 50, sentence

    def test_us_in_spanish(self) -> None:
        """The United States in Spanish: urgent care or the emergency room, 911, no nurse line."""
        where = regions.who_to_call("US-NY", "es")
        assert where is not None
        assert where.service is None
        assert where.sms is None
        assert where.same_day == US_SAME_DAY_ES
        assert where.emergency == US_EMERGENCY["es"]
        assert not any(DIAL_811.search(line) for line in where.lines)


class TestData:
    def test_every_entry_is_verified_on_a_government_site(self) -> None:
        """Each packaged entry cites a page on a government's own domain, with a date."""
        entries = regions._entries()
        assert {"CA", "CA-ON", "CA-QC", "CA-BC", "CA-AB", "US"} <= set(entries)
        for entry in entries.values():
            assert entry.references
            for ref in entry.references:
                assert ref.verified_at.startswith("https://")
                datetime.date.fromisoformat(ref.verified_on)

    def test_ontario_french_name_is_verified_on_the_french_page(self) -> None:
        """Santé811 is checked on Ontario's own French page."""
        refs = regions._entries()["CA-ON"].references
        assert any(r.verified_at.startswith("https://www.ontario.ca/fr/") for r in refs)

    def _data(self) -> dict[str, Any]:
        from microneedle_care.loading import _read_data

        data: dict[str, Any] = json.loads(_read_data("regions.json"))
        return data

    def test_a_mirror_is_refused(self) -> None:
        """A verified_at address on a reprint or news site is a ContentError with its path."""
        data = self._data()
        data["regions"]["CA-ON"]["references"][0]["verified_at"] = (
            "https://www.sdgcounties.ca/news/health-connect-ontario"
        )
        with pytest.raises(mc.ContentError) as info:
            regions.parse_regions(data)
        assert "$.regions.CA-ON.references[0].verified_at" in str(info.value)

    def test_missing_english_and_bad_key_are_refused(self) -> None:
        """Every problem is listed: English missing, an unknown language, a key that is not
        ISO 3166-2. (Another language may be left out: it then reads English's.)"""
        data = self._data()
        del data["regions"]["CA-QC"]["service"]["name"]["en"]
        data["regions"]["CA-ON"]["where"]["de"] = "In Ontario"
        data["regions"]["Ontario"] = data["regions"]["CA-BC"]
        with pytest.raises(mc.ContentError) as info:
            regions.parse_regions(data)
        message = str(info.value)
        assert "$.regions.CA-QC.service.name.en" in message
        assert "$.regions.CA-ON.where.de: unknown language; use one of en, es, fr" in message
        assert "$.regions.Ontario" in message

    def test_packaged_regions_speak_every_language(self) -> None:
        """The packaged file names every place and service in every language there is."""
        from microneedle_care._i18n import languages

        for code, entry in self._data()["regions"].items():
            words = [entry["name"], entry["where"], entry["urgent_care"]]
            if entry["service"] is not None:
                words += [entry["service"]["name"], entry["service"]["use"]]
            for value in words:
                assert set(value) == set(languages()), (code, value)


class TestEveryFormat:
    @pytest.mark.parametrize(("code", "lang"), sorted(SERVICE))
    def test_service_line_in_every_format(self, code: str, lang: str) -> None:
        """The sheet (text, Markdown, HTML, JSON), the CarePlan and the emails name it."""
        locale = LOCALE_OF[lang]
        checklist = _checklist(code, locale)
        catalog = mc.load(locale=locale)
        outputs = _outputs(checklist)
        for name in ("text", "markdown", "html", "json", "fhir", "email", "email-html"):
            assert SERVICE[code, lang] in _ours(outputs[name], catalog), name
        service = regions._entries()[code].service
        assert service is not None
        short = service.name[lang]
        for name in ("sms", "fhir-messages"):
            assert f"{short} {SMS_AT[lang]} 811." in outputs[name], name

    def test_ontario_french_never_says_health811(self) -> None:
        """In French the Ontario line is Santé811: the code adds no English name."""
        catalog = mc.load(locale="fr")
        for name, text in _outputs(_checklist("CA-ON", "fr")).items():
            assert "Health811" not in _ours(text, catalog), name

    def test_us_in_every_format(self) -> None:
        """US-NY: urgent care and 911 in every format, and no 811 anywhere the code writes."""
        catalog = mc.load()
        outputs = _outputs(_checklist("US-NY"))
        for name in ("text", "markdown", "html", "json", "fhir", "email", "email-html"):
            ours = _ours(outputs[name], catalog)
            assert US_SAME_DAY in ours, name
            assert "In an emergency, call 911." in ours, name
        for name, text in outputs.items():
            assert not DIAL_811.search(_ours(text, catalog)), name

    def test_us_in_every_format_in_spanish(self) -> None:
        """US-NY in Spanish: urgent care and 911 in every format, and no 811."""
        catalog = mc.load(locale="es")
        outputs = _outputs(_checklist("US-NY", "es"))
        for name in ("text", "markdown", "html", "json", "fhir", "email", "email-html"):
            ours = _ours(outputs[name], catalog)
            assert US_SAME_DAY_ES in ours, name
            assert US_EMERGENCY["es"] in ours, name
        for name, text in outputs.items():
            assert not DIAL_811.search(_ours(text, catalog)), name

    @pytest.mark.parametrize("locale", _i18n.LOCALES)
    def test_no_region_names_no_province_anywhere(self, locale: str) -> None:
        """Without a region, nothing the code writes names a province or a nurse line."""
        catalog = mc.load(locale=locale)
        checklist = _checklist(None, locale)
        assert checklist.regional is None
        for name, text in _outputs(checklist).items():
            ours = _ours(text, catalog)
            for place in PLACES:
                assert place not in ours, (name, place)
            assert not DIAL_811.search(ours), name

    def test_no_clinic_names_no_province(self) -> None:
        """Without a clinic at all there is no regional line either."""
        checklist = mc.build_checklist(treatment_date=DATE)
        assert checklist.regional is None
        assert "but it cannot see you today" not in mc.render(checklist, "text")

    def test_urgent_box_names_the_service(self) -> None:
        """The service line sits in the urgent box, before the timeline."""
        text = " ".join(mc.render(_checklist("CA-QC", "fr"), "text").split())
        box = text.split("APPELEZ MAINTENANT OU AUJOURD'HUI")[1].split("VOTRE GUÉRISON")[0]
        assert SERVICE["CA-QC", "fr"] in box
        assert "Allez alors dans une clinique sans rendez-vous ou à l'urgence" in box

    def test_spanish_urgent_box_names_urgent_care_and_911(self) -> None:
        """In Spanish (US-NY) the same-day line sits in the urgent box, before the timeline,
        and the HTML's 911 is a tap-to-call link."""
        text = " ".join(mc.render(_checklist("US-NY", "es"), "text").split())
        box = text.split("LLAME AHORA O HOY")[1].split("SU RECUPERACIÓN")[0]
        assert US_SAME_DAY_ES in box
        page = mc.render(_checklist("US-NY", "es"), "html")
        assert '<a class="tel" href="tel:911">911</a>' in page

    def test_html_numbers_are_tel_links(self) -> None:
        """In HTML the nurse line's and the emergency number are tap-to-call links."""
        page = mc.render(_checklist("CA-QC", "fr"), "html")
        assert '<a class="tel" href="tel:811">811</a>' in page
        assert '<a class="tel" href="tel:911">911</a>' in page
        assert "aujourd&#x27;hui" in page  # entities are left alone

    def test_json_reads_back_with_the_region(self) -> None:
        """The JSON record keeps the region and the words given, and reads back equal."""
        checklist = _checklist("CA-AB")
        data = json.loads(mc.render(checklist, "json"))
        assert data["clinic"]["region"] == "CA-AB"
        assert data["regional"]["service"] == SERVICE["CA-AB", "en"]
        assert parse_checklist_json(mc.render(checklist, "json")) == checklist

    def test_pdf_names_the_service(self, tmp_path: Path) -> None:
        """The PDF (the HTML sheet through WeasyPrint) has the nurse line too."""
        pytest.importorskip("weasyprint", reason="the pdf extra (WeasyPrint) is missing")
        if shutil.which("pdftotext") is None:
            pytest.skip("poppler-utils (pdftotext) is not installed")
        from .pdftext import in_order, words_of

        path = tmp_path / "sheet.pdf"
        path.write_bytes(mc.render(_checklist("CA-BC"), "pdf", compact=True))
        out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
        assert in_order(words_of(SERVICE["CA-BC", "en"]), words_of(out.stdout.decode("utf-8")))

    def test_sms_stays_within_the_limit(self) -> None:
        """The nurse line never pushes a text past SMS_LIMIT."""
        long_name = mc.ClinicContact(name="L" * 200, phone="905-555-0134", region="CA-QC")
        checklist = mc.build_checklist(
            catalog=mc.load(locale="fr"), treatment_date=DATE, clinic=long_name
        )
        plan = sched.build_schedule(checklist, tz="America/Toronto", patient="p-1")
        assert all(len(render_sms(plan, t)) <= sched.SMS_LIMIT for t in plan.touchpoints)


class TestCheckIn:
    def test_check_in_keeps_the_clinic_region(self) -> None:
        """check_in passes the clinic (and its region) through for the renderers."""
        catalog = mc.load()
        answers = {sign.id: sign.id == "signs-of-infection" for sign in catalog.warning_signs}
        result = mc.check_in(catalog, answers, clinic=_clinic("CA-ON"))
        assert result.clinic is not None
        assert result.clinic.region == "CA-ON"


class TestCommandLine:
    CLINIC = ("--clinic-name", "Lakeview", "--clinic-phone", "905-555-0134")

    def test_checklist(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`checklist --clinic-region CA-QC --locale fr` prints Québec's line."""
        code = main(["checklist", "--locale", "fr", *self.CLINIC, "--clinic-region", "ca-qc"])
        assert code == 0
        out = " ".join(capsys.readouterr().out.split())
        assert SERVICE["CA-QC", "fr"] in out

    def test_checklist_json_matches_library(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The command's JSON equals the library's for the same clinic and region."""
        assert (
            main(["checklist", "--format", "json", *self.CLINIC, "--clinic-region", "US-NY"]) == 0
        )
        expected = mc.build_checklist(
            clinic=mc.ClinicContact(name="Lakeview", phone="905-555-0134", region="US-NY")
        )
        assert capsys.readouterr().out == mc.render(expected, "json")

    def test_schedule(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`schedule --clinic-region CA-ON` puts Health811 in each text message."""
        argv = [
            "schedule",
            "--date",
            "2026-11-25",
            "--tz",
            "America/Toronto",
            "--patient-key",
            "k1",
            *self.CLINIC,
            "--clinic-region",
            "CA-ON",
        ]
        assert main(argv) == 0
        lines = capsys.readouterr().out.splitlines()
        assert lines
        assert all("Or call Health811 at 811." in line for line in lines)

    def test_check_in(self, capsys: pytest.CaptureFixture[str]) -> None:
        """A same-day check-in names the region's nurse line and same-day care."""
        catalog = mc.load()
        no = [s.id for s in catalog.warning_signs if s.id != "signs-of-infection"]
        argv = ["check-in", "--clinic-region", "CA-AB", "--yes", "signs-of-infection", "--no", *no]
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert SERVICE["CA-AB", "en"] in out
        assert "Then go to a walk-in clinic or an urgent care centre." in out

    def test_check_in_without_region_names_no_line(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Without --clinic-region the check-in adds no regional line."""
        catalog = mc.load()
        no = [s.id for s in catalog.warning_signs if s.id != "signs-of-infection"]
        assert main(["check-in", "--yes", "signs-of-infection", "--no", *no]) == 0
        assert "but it cannot see you today" not in capsys.readouterr().out

    def test_batch(self, tmp_path: Path) -> None:
        """`batch --clinic-region CA-QC` writes each patient's texts with Info-Santé 811."""
        rows = tmp_path / "patients.csv"
        rows.write_text("patient_id,treatment_date\np1,2026-11-25\n", encoding="utf-8")
        out = tmp_path / "out"
        argv = [
            "batch",
            str(rows),
            "-o",
            str(out),
            "--tz",
            "America/Toronto",
            *self.CLINIC,
            "--clinic-region",
            "CA-QC",
        ]
        assert main(argv) == 0
        messages = json.loads((out / "p1.json").read_text(encoding="utf-8"))
        assert messages
        assert all("Or call Info-Santé 811 at 811." in m["sms"] for m in messages)
        assert all(SERVICE["CA-QC", "en"] in m["email"]["text"] for m in messages)

    @pytest.mark.parametrize(
        ("argv", "message"),
        [
            (["checklist", *CLINIC, "--clinic-region", "Ontario"], "ClinicContact.region"),
            (["checklist", "--clinic-region", "CA-ON"], "--clinic-region needs --clinic-name"),
            (
                [
                    "schedule",
                    "--date",
                    "2026-11-25",
                    "--tz",
                    "UTC",
                    "--patient-key",
                    "k1",
                    "--clinic-region",
                    "CA-ON",
                ],
                "needs --clinic",
            ),
            (["check-in", "--clinic-region", "Quebec"], "--clinic-region must be an ISO 3166-2"),
        ],
    )
    def test_bad_region_is_one_line_and_exit_2(
        self, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A bad or lonely --clinic-region is bad input: exit 2 and one line naming it."""
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert message in err
        assert len(err.strip().splitlines()) == 1

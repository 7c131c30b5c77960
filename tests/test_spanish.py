"""Spanish for US patients (es-US, issue 23): readability gates, a fully Spanish sheet in
every format, texts, calendar, check-in and replies.

The parity, staleness and structure tests run for every translation in test_locale.py; the
content's clinical and safety rules run for Spanish in the modules that hold them. This
module holds what is Spanish's own: its readability formulas (Fernández-Huerta with the
corrected constants, Szigriszt-Pazos on the INFLESZ scale), the words a US Spanish reader
must see (911, "sala de emergencias", usted), and the English that must not be left.
"""

from __future__ import annotations

import datetime
import json
import re
import warnings

import html5lib
import pytest

import microneedle_care as mc
from microneedle_care import readability
from microneedle_care.model import patient_fields
from microneedle_care.readability import sentences, spanish_scores, spanish_syllables

DATE = datetime.date(2026, 12, 3)  # a Thursday
CLINIC = mc.ClinicContact(name="Clínica Lakeview", phone="555-0134")
MIN_SHEET_EASE = 70.0
"""Fernández-Huerta of every sheet's words: "bastante fácil" (about US grade 6) or easier."""
MIN_SHEET_PERSPICUITY = 65.0
"""Szigriszt-Pazos perspicuity of every sheet: INFLESZ "bastante fácil" or easier."""
MIN_SENTENCE_EASE = 50.0
"""No patient sentence in Fernández-Huerta's "difícil" band (30 to 50) or below."""


@pytest.fixture(scope="module")
def catalog_es() -> mc.Catalog:
    return mc.load(locale="es")


def _sheets(catalog: mc.Catalog) -> dict[str, mc.Checklist]:
    """The sheets a clinic prints: the default, each treatment, and every risk factor."""
    with warnings.catch_warnings():  # RF's sheet warns that it is incomplete: it is tested
        warnings.simplefilter("ignore", mc.IncompleteTreatmentWarning)
        return _build_sheets(catalog)


def _build_sheets(catalog: mc.Catalog) -> dict[str, mc.Checklist]:
    out = {"default": mc.build_checklist(catalog=catalog, treatment_date=DATE, clinic=CLINIC)}
    for treatment in catalog.treatments:
        out[treatment.id] = mc.build_checklist(
            catalog=catalog, treatment_date=DATE, clinic=CLINIC, treatments=[treatment.id]
        )
    out["every-risk-factor"] = mc.build_checklist(
        catalog=catalog,
        treatment_date=DATE,
        clinic=CLINIC,
        risk_factors=[r.id for r in catalog.risk_factors],
    )
    return out


class TestSyllables:
    @pytest.mark.parametrize(
        ("word", "count"),
        [
            ("a", 1),
            ("agua", 2),  # a-gua: Pyphen's hyphenation would give 1 (no lone vowel at an edge)
            ("aire", 2),
            ("país", 2),  # pa-ís: the stress breaks the diphthong
            ("oído", 3),
            ("leer", 2),
            ("ciudad", 2),
            ("buey", 1),
            ("queso", 2),  # the u of que is silent
            ("guerra", 2),
            ("pingüino", 3),  # but not in güi
            ("hoy", 1),
            ("y", 1),
            ("enrojecimiento", 6),
            ("microagujas", 5),
            ("ahora", 3),  # a-ho-ra: h does not join vowels
            ("24", 4),  # veinticuatro
            ("72", 5),  # setenta y dos
            ("100", 1),  # cien
            ("911", 4),  # nue-ve on-ce, as said; not no-ve-cien-tos on-ce
            ("811", 4),  # o-cho on-ce
            ("150", 5),  # cien-to cin-cuen-ta
            ("111", 4),  # cien-to on-ce: not a service number
        ],
    )
    def test_counts(self, word: str, count: int) -> None:
        """Spanish spelling rules: strong vowels split, weak ones join, stress splits."""
        assert spanish_syllables(word) == count

    def test_scores_match_the_formulas(self) -> None:
        """The two formulas, recomputed by hand for one text."""
        text = "Lávese la cara con agua tibia. Séquela con cuidado."
        words, sents = 9, 2
        syllables = 3 + 1 + 2 + 1 + 2 + 2 + 3 + 1 + 3  # lá-ve-se la ca-ra con a-gua ti-bia...
        score = spanish_scores(text)
        assert (score.words, score.sentences, score.syllables) == (words, sents, syllables)
        fh = 206.84 - 60 * syllables / words - 1.02 * words / sents
        sp = 206.835 - 62.3 * syllables / words - words / sents
        assert score.fernandez_huerta == pytest.approx(fh, abs=0.01)
        assert score.szigriszt_pazos == pytest.approx(sp, abs=0.01)

    def test_a_hard_sentence_scores_hard(self) -> None:
        """Long words in a long sentence fall below the bar (so the gates below can fail)."""
        hard = (
            "La reepitelización postinflamatoria consecutiva a procedimientos "
            "dermatológicos mínimamente invasivos requiere consideraciones "
            "farmacológicas individualizadas."
        )
        assert spanish_scores(hard).fernandez_huerta < MIN_SENTENCE_EASE
        assert readability.measure(hard, "es").hard
        assert readability.inflesz_band(spanish_scores(hard).szigriszt_pazos) == "muy difícil"


class TestReadability:
    def test_every_sheet_is_fairly_easy(self, catalog_es: mc.Catalog) -> None:
        """Every sheet a clinic prints scores Fernández-Huerta >= 70 and INFLESZ >= 65."""
        for name, checklist in _sheets(catalog_es).items():
            score = spanish_scores(mc.render(checklist, "text"))
            print(
                f"\nes-US {name}: Fernández-Huerta {score.fernandez_huerta:.1f}, "
                f"Szigriszt-Pazos {score.szigriszt_pazos:.1f} ({score.inflesz}), "
                f"{score.words} words"
            )
            assert score.fernandez_huerta >= MIN_SHEET_EASE, name
            assert score.szigriszt_pazos >= MIN_SHEET_PERSPICUITY, name
            assert score.inflesz in ("bastante fácil", "muy fácil"), name

    def test_no_patient_sentence_is_hard(self, catalog_es: mc.Catalog) -> None:
        """No sentence of any patient-facing field is rated "difícil" (FH < 50)."""
        hard = []
        texts = [("disclaimer", catalog_es.disclaimer)]
        for item in catalog_es:
            texts += [(f"{item.id}.{f}", getattr(item, f)) for f in patient_fields(type(item))]
        count = 0
        for where, text in texts:
            if not isinstance(text, str):
                continue
            for _, sentence in sentences(text):
                count += 1
                score = spanish_scores(sentence).fernandez_huerta
                if score < MIN_SENTENCE_EASE:
                    hard.append((where, score, sentence))
        assert count > 500
        assert hard == []


@pytest.fixture(scope="module")
def checklist(catalog_es: mc.Catalog) -> mc.Checklist:
    return mc.build_checklist(
        catalog=catalog_es, treatment_date=DATE, clinic=CLINIC, risk_factors=["cold-sore-history"]
    )


@pytest.fixture(scope="module")
def schedule(checklist: mc.Checklist, catalog_es: mc.Catalog) -> mc.Schedule:
    return mc.build_schedule(
        checklist,
        tz="America/Chicago",
        patient="p1",
        send_time=datetime.time(10),
        catalog=catalog_es,
    )


class TestSheet:
    def test_text_is_spanish(self, checklist: mc.Checklist) -> None:
        """Headings, dates, urgency lines are Spanish; no English heading is left."""
        text = mc.render(checklist, "text")
        assert text.startswith("SU LISTA DE CUIDADOS DESPUÉS DEL TRATAMIENTO")
        assert "Fecha del tratamiento: jueves 3 de diciembre de 2026" in text
        assert "911" in text
        assert "sala de emergencias" in text
        for english in ("Why:", "First 24 hours", "Call your clinic", "December", "Treatment"):
            assert english not in text

    def test_formal_usted(self, catalog_es: mc.Catalog) -> None:
        """The patient is "usted": no informal imperative or "tú" forms of the common verbs."""
        informal = re.compile(
            r"\b(?:tú|tus?\s(?:piel|cara|clínica)|contigo|te sientes|lávate|ponte|llama a tu)\b",
            re.I,
        )
        for item in catalog_es:
            for field in patient_fields(type(item)):
                text = getattr(item, field)
                if isinstance(text, str):
                    assert not informal.search(text), (item.id, field, text)

    def test_every_format(self, checklist: mc.Checklist) -> None:
        """Text, Markdown, HTML, JSON and FHIR render, in Spanish, with the locale named."""
        page = mc.render(checklist, "html")
        doc = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
        assert doc.get("lang") == "es-US"
        assert "Llame al 911" in page
        assert "## " in mc.render(checklist, "markdown")
        assert mc.parse_checklist_json(mc.render_json(checklist)) == checklist
        plan = json.loads(str(mc.render(checklist, "fhir", subject="Patient/p1")))
        assert (plan["resourceType"], plan["language"]) == ("CarePlan", "es-US")
        assert "sala de emergencias" in json.dumps(plan, ensure_ascii=False)
        # The PDF in Spanish is tested with English and French in test_pdf.py.


class TestOverTime:
    def test_texts_fit_their_ucs2_budget(self, schedule: mc.Schedule) -> None:
        """Every text is UCS-2 when it has á, í, ó or ú, and fits the Spanish budget."""
        for name, policy in mc.messaging.POLICIES.items():
            texts = mc.messaging.plan_messages(schedule, policy, patient_tz="America/Chicago")
            assert texts, name
            for message in texts:
                assert message.segments <= policy.budget("es-US"), (name, message.text)
                if re.search("[áíóú]", message.text):
                    assert message.encoding == "UCS-2", message.text
                assert message.text.endswith("STOP para no recibir más."), message.text

    def test_email_and_calendar(self, schedule: mc.Schedule) -> None:
        """The emails and the calendar speak Spanish."""
        email = mc.render_email(schedule, schedule.touchpoints[0])
        assert "Día de tratamiento" in email.subject + email.text
        ics = mc.render_ical(schedule).decode("utf-8")
        assert "SUMMARY:Clínica Lakeview: su cuidado\\, día 1" in ics.splitlines()
        assert "DESCRIPTION:Día de tratamiento (2026-12-03)" in ics
        for english in ("Day ", "your care", "Treatment day", "Start today"):
            assert english not in ics

    def test_check_in(self, catalog_es: mc.Catalog) -> None:
        """The check-in asks Spanish questions and answers with the sign's Spanish action."""
        questions = mc.checkin.questions(catalog_es)
        assert all(q.question.startswith("¿") for q in questions)
        answers = {q.id: q.id == "severe-allergic-reaction" for q in questions}
        result = mc.check_in(catalog_es, answers)
        assert result.urgency is mc.Urgency.EMERGENCY
        assert "911" in (result.first_action or "")

    @pytest.mark.parametrize(
        ("reply", "kind"),
        [
            ("ALTO", "opt-out"),
            ("Baja por favor", "opt-out"),
            ("ya no me manden más mensajes", "opt-out"),
            ("NO MÁS", "opt-out"),
            ("Ayuda", "help"),
            ("EMPEZAR", "start"),
            ("Basta", "opt-out"),
            ("¿Para cuándo es mi cita?", "other"),
            ("Ya no", "other"),  # "not any more" (the symptom is gone): not an opt-out
        ],
    )
    def test_spanish_replies(self, reply: str, kind: str) -> None:
        """A Spanish opt-out, help or start reply is read as one, and answered in Spanish."""
        read = mc.messaging.parse_reply(reply, "es", clinic=CLINIC)
        assert read.kind.value == kind
        if kind == "opt-out":
            assert read.confirmation is not None
            assert "Clínica Lakeview" in read.confirmation


def test_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    """``--locale es`` prints the Spanish sheet."""
    from microneedle_care.cli import main

    assert main(["checklist", "--locale", "es", "--date", "2026-12-03"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("SU LISTA DE CUIDADOS")


class TestTranslationRecord:
    def test_review_record_says_how_it_was_translated(self, catalog_es: mc.Catalog) -> None:
        """The Spanish catalog's review record says how the Spanish was made, who checked
        it and how, and that no certified medical translator has reviewed it; the English
        record is unchanged."""
        review = catalog_es.pack.review
        assert review is not None
        english = mc.load().pack.review
        assert english is not None
        added = review.reviewed_against[len(english.reviewed_against) :]
        assert review.reviewed_against[: len(english.reviewed_against)] == english.reviewed_against
        assert added[0].startswith("The es-US translation: Translated from the English")
        assert added[0].endswith("No certified medical translator has reviewed it yet.")
        assert any("Back-translation" in line for line in added)
        assert not review.clinician_reviewed

    def test_a_certified_review_is_said(self, catalog_en: mc.Catalog) -> None:
        """The record follows the file: a certified review, when there is one, is said."""
        from importlib import resources

        from microneedle_care.translation import translate

        data = json.loads(
            resources.files("microneedle_care").joinpath("data", "content.es.json").read_bytes()
        )
        data["review"]["certified_medical_translator"] = True
        pack = translate(catalog_en.pack, data, source="es.json")
        assert pack.review is not None
        (line,) = (x for x in pack.review.reviewed_against if "Translated from" in x)
        assert line.endswith("A certified medical translator has reviewed it.")


def test_brand_names_are_sold_in_the_us(catalog_es: mc.Catalog) -> None:
    """Issue 23: brands a US patient can buy. The English, shared with Canada, names the
    Canadian isotretinoin brands (Epuris, Clarus) and Polysporin only; the US Spanish names
    Absorica and Accutane (both on US labels in DailyMed) and Neosporin too."""
    isotretinoin = catalog_es.risk_factor("recent-isotretinoin")
    for text in (isotretinoin.description, isotretinoin.question):
        assert "Absorica" in text
        assert "Accutane" in text
        assert "Epuris" not in text
        assert "Clarus" not in text
    ointments = catalog_es.aftercare_step("no-antibiotic-ointments").action
    assert "Neosporin" in ointments
    assert "Polysporin" in ointments

"""Locales: one name policy, one message file per locale, and a locale added as two files."""

from __future__ import annotations

import datetime
import json
import re
import shutil
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
import pytest

import microneedle_care as mc
from microneedle_care import ContentError, UnknownLocaleError, _i18n
from microneedle_care.checklist import SectionKind
from microneedle_care.model import Urgency
from microneedle_care.rendering import _labels


def _messages_raw(locale: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("microneedle_care")
        .joinpath("data", "messages", f"{locale}.json")
        .read_bytes()
    )
    return data


class TestNormalise:
    @pytest.mark.parametrize(
        ("name", "canonical"),
        [
            ("en", "en"),
            ("EN", "en"),
            ("en-CA", "en"),
            ("en_US", "en"),
            ("fr", "fr-CA"),
            ("fr-CA", "fr-CA"),
            ("fr_CA", "fr-CA"),
            ("FR-ca", "fr-CA"),
        ],
    )
    def test_aliases(self, name: str, canonical: str) -> None:
        assert _i18n.normalise(name) == canonical

    @pytest.mark.parametrize("name", ["de", "fr-FR", "", "english"])
    def test_unknown(self, name: str) -> None:
        with pytest.raises(UnknownLocaleError):
            _i18n.normalise(name)

    def test_locales_are_the_message_files(self) -> None:
        assert _i18n.LOCALES == _i18n.locales() == ("en", "es-US", "fr-CA")

    def test_old_module_still_works(self) -> None:
        from microneedle_care import _locale

        assert _locale.normalise("fr") == "fr-CA"
        assert _locale.LOCALES == _i18n.LOCALES


class TestMessages:
    @pytest.mark.parametrize("locale", ["en", "fr-CA"])
    def test_every_word_is_in_the_file(self, locale: str) -> None:
        words = _i18n.messages(locale)
        raw = _messages_raw(locale)
        assert words.locale == locale
        assert words.sheet["title"] == raw["sheet"]["title"]
        assert list(words.sections) == [kind.value for kind in SectionKind]
        assert list(words.urgencies) == [urgency.value for urgency in Urgency]
        assert len(words.months) == 12
        assert len(words.weekdays) == 7
        labels = _labels.labels_for_locale(locale)
        assert labels.lang == locale
        assert labels.title == raw["sheet"]["title"]
        assert set(labels.sections) == set(SectionKind)

    def test_one_object_per_locale(self) -> None:
        assert _i18n.messages("fr") is _i18n.messages("fr_CA") is _i18n.messages("fr-CA")
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            _i18n.messages("en").colon = "x"  # type: ignore[misc]
        with pytest.raises(TypeError):
            _i18n.messages("en").sheet["title"] = "x"  # type: ignore[index]

    def test_french_typography(self) -> None:
        assert _i18n.messages("fr").colon == "\u00a0:"
        assert "\u00a0:" in _i18n.messages("fr").sheet["subtitle"]
        assert _i18n.messages("en").colon == ":"

    def test_old_constants_still_work(self) -> None:
        assert _labels.ENGLISH is _labels.labels_for_locale("en")
        assert _labels.FRENCH is _labels.labels_for_locale("fr-CA")
        assert _labels.labels_for_locale("fr") is _labels.FRENCH

    def test_step_names_are_content_not_messages(self) -> None:
        """The glance words are each step's ``short`` field, in both languages."""
        english, french = mc.load(), mc.load(locale="fr")
        assert english["no-makeup-first-day"].short == "makeup"
        assert french["no-makeup-first-day"].short == "le maquillage"
        named = {s.id for s in english.aftercare_steps if s.short}
        # The 13 of 0.5.0's glance table, and the later ones (serums, home needling...).
        assert {"no-makeup-first-day", "no-sauna-or-hot-tub", "stop-home-needling"} <= named
        assert len(named) >= 14
        assert {s.id for s in french.aftercare_steps if s.short} == named
        assert _labels.ENGLISH.glance == {}

    @pytest.mark.parametrize(
        ("edit", "path"),
        [
            (lambda d: d["sheet"].pop("title"), "$.sheet.title"),
            (lambda d: d["sheet"].update(extra="x"), "$.sheet.extra"),
            (lambda d: d["dates"]["months"].pop(), "$.dates.months"),
            (lambda d: d["approval"]["unapproved"].pop("sheet"), "$.approval.unapproved.sheet"),
            (lambda d: d["dates"].pop("days"), "$.dates.days"),
            (lambda d: d.update(locale="en"), "$.locale"),
            (lambda d: d["urgencies"].pop("emergency"), "$.urgencies.emergency"),
            (lambda d: d["sections"].update(extra="x"), "$.sections.extra"),
            (lambda d: d.update(footer={}), "$.footer"),
            (lambda d: d["texts"].pop("stop"), "$.texts.stop"),
            (lambda d: d["texts"].update(stop_shorter="ARRET"), "$.texts.stop_shorter"),
            (lambda d: d["texts"].update(colon=":"), "$.texts.colon"),
            (lambda d: d["fhir"]["answers"].pop("unsure"), "$.fhir.answers.unsure"),
            (lambda d: d["fhir"].pop("no_subject"), "$.fhir.no_subject"),
            (lambda d: d["cli"].update(maybe="p"), "$.cli.maybe"),
            (lambda d: d.pop("regions"), "$.regions"),
        ],
    )
    def test_missing_or_extra_key_names_file_and_key(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: Any, path: str
    ) -> None:
        data = _messages_raw("fr-CA")
        edit(data)
        folder = tmp_path / "data"
        shutil.copytree(Path(_i18n._DATA) / "messages", folder / "messages")
        (folder / "messages" / "fr-CA.json").write_text(json.dumps(data), encoding="utf-8")
        monkeypatch.setattr(_i18n, "_DATA", str(folder))
        with pytest.raises(ContentError) as caught:
            _i18n.messages("fr")
        assert caught.value.source == "microneedle_care/data/messages/fr-CA.json"
        assert path in [p.path for p in caught.value.problems]


@pytest.fixture
def test_locale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A locale ``xx-TEST`` added as two files: a message file and a content translation.

    The package's data folder is copied, the two files are added, and the package is
    pointed at the copy: no code names the locale.
    """
    folder = tmp_path / "data"
    shutil.copytree(Path(_i18n._DATA), folder)
    words = _messages_raw("en")
    words["locale"] = "xx-TEST"
    words["sheet"]["title"] = "XX checklist"
    words["typography"]["colon"] = " ::"
    words["texts"].update(day="XX day {day}", subject="{name} :: XX day {day}")
    words["texts"].update(stop="XX reply STOP", stop_shorter=["XX STOP"], hi="XX hi {name}.")
    words["fhir"].update(plan_title="XX plan", no_subject="XX no patient")
    words["fhir"]["review"] = "XX content {version} ({digest}), {reviewed}"
    words["cli"].update(yes="j", no="n", yes_no="(j/n)")
    words["regions"]["emergency"] = "XX emergency: {number}."
    (folder / "messages" / "xx-TEST.json").write_text(json.dumps(words), encoding="utf-8")
    english = json.loads((folder / "content.json").read_text(encoding="utf-8"))
    translation: dict[str, Any] = {
        "locale": "xx-TEST",
        "content_version": english["content_version"],
        "disclaimer": "XX " + english["disclaimer"],
    }
    for kind in (
        "causes",
        "risk_factors",
        "aftercare_steps",
        "warning_signs",
        "myths",
        "treatments",
    ):
        cls = {
            "causes": mc.Cause,
            "risk_factors": mc.RiskFactor,
            "aftercare_steps": mc.AftercareStep,
            "warning_signs": mc.WarningSign,
            "myths": mc.Myth,
            "treatments": mc.Treatment,
        }[kind]
        translation[kind] = {
            item["id"]: {f: "XX " + item[f] for f in mc.patient_fields(cls) if item.get(f)}
            for item in english[kind]
        }
    (folder / "content.xx.json").write_text(json.dumps(translation), encoding="utf-8")
    monkeypatch.setattr(_i18n, "_DATA", str(folder))  # loading reads through _i18n too
    return "xx-TEST"


def test_a_locale_is_two_files(test_locale: str) -> None:
    """Render a sheet in a locale made of one message file and one translation file."""
    assert _i18n.locales() == ("en", "es-US", "fr-CA", "xx-TEST")
    assert _i18n.normalise("xx") == "xx-TEST"
    catalog = mc.load(locale="xx_test")
    assert catalog.locale == "xx-TEST"
    checklist = mc.build_checklist(catalog=catalog, treatment_date=datetime.date(2026, 11, 25))
    text = mc.render(checklist, "text")
    assert "XX CHECKLIST" in text  # the text format writes the title in capitals
    assert "XX makeup" in text  # a step's short name, translated in the content file
    assert "XX Do not wear makeup" in text
    assert " ::" in text


def test_a_locale_is_two_files_for_every_output(
    test_locale: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Texts, emails, a policy's texts, FHIR and the check-in prompt in the added locale:
    still the same two files (regions.json has no ``xx`` names: its English ones are used)."""
    from microneedle_care import fhir, messaging
    from microneedle_care.cli import patient
    from microneedle_care.rendering.messages import render_email, render_sms

    catalog = mc.load(locale=test_locale)
    clinic = mc.ClinicContact(name="Lakeview", phone="905-555-0134", region="CA-ON")
    checklist = mc.build_checklist(
        catalog=catalog, treatment_date=datetime.date(2026, 11, 25), clinic=clinic
    )
    schedule = mc.build_schedule(checklist, tz="America/Toronto", patient="p-1")
    second = schedule.touchpoints[1]
    assert f"XX day {second.day}." in render_sms(schedule, second)
    email = render_email(schedule, second)
    assert email.subject == f"Lakeview :: XX day {second.day}"
    assert "XX emergency: 911." in email.text  # the regional line's words
    assert "Health811" in email.text  # regions.json's name, English for a new language
    texts = messaging.plan_messages(schedule, messaging.CA_CASL, first_name="Ana")
    assert all(t.text.endswith(("XX reply STOP", "XX STOP")) for t in texts)
    assert messaging.CA_CASL.budget(test_locale) == messaging.CA_CASL.max_segments["en"]
    plan = fhir.care_plan(mc.build_checklist(catalog=catalog))
    assert plan["language"] == "xx-TEST"
    assert plan["subject"]["display"] == "XX no patient"
    assert plan["note"][-1]["text"].startswith("XX content")
    assert fhir.plan_definition(catalog)["title"] == "XX plan"
    prompts: list[str] = []

    def answer(prompt: str) -> str:
        prompts.append(prompt)
        return "n"

    monkeypatch.setattr("builtins.input", answer)
    answers = patient._ask(catalog, 1)
    assert answers
    assert not any(answers.values())
    assert all(p.startswith("XX ") and p.endswith(" (j/n) ") for p in prompts)


def test_the_checker_needs_its_cue_words(test_locale: str) -> None:
    """The checker's cue words stay in checker.json: an added locale without them is one
    the checker says it cannot read (not a KeyError)."""
    from microneedle_care.check import check_text

    with pytest.raises(UnknownLocaleError) as caught:
        check_text("Purging is normal.", locale=test_locale, readability=False)
    assert caught.value.available == ("en", "fr-CA", "es-US")


class TestGlance:
    """The timeline names a step by its ``short`` field, which a clinic pack can reword."""

    def test_clinic_pack_rewords_a_step_name(self, tmp_path: Path) -> None:
        data = {
            "pack": {
                "name": "Lakeview Skin Clinic",
                "version": "2026.11",
                "replace": [{"id": "no-makeup-first-day", "short": "any cosmetics"}],
            }
        }
        path = tmp_path / "p.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        day = datetime.date(2026, 11, 25)

        def timeline(catalog: mc.Catalog) -> str:
            text = mc.render(mc.build_checklist(catalog=catalog, treatment_date=day), "text")
            return " ".join(text.split())  # the text format wraps lines

        assert "serums, makeup, workouts" in timeline(mc.load())
        assert "serums, any cosmetics, workouts" in timeline(mc.load(packs=[str(path)]))

    def test_a_step_without_a_name_uses_its_first_sentence(self) -> None:
        from microneedle_care.rendering._layout import glance

        step = attrs.evolve(mc.load()["no-makeup-first-day"], short="")
        assert glance(step) == "Do not wear makeup for the first 24 hours."
        assert glance(step, {"no-makeup-first-day": "old words"}) == "old words"
        assert glance(mc.load()["no-makeup-first-day"]) == "makeup"


# -- one locale policy everywhere (issue 18 items 1 and 5) ---------------------------------

# How code guessed a language from a locale's spelling, or kept its own words per language.
_GUESSES = {
    "startswith": re.compile(r"""\.startswith\(\s*["'](?:fr|en)"""),
    "equals fr": re.compile(r"""[=!]=\s*["']fr(?:-CA)?["']|["']fr(?:-CA)?["']\s*[=!]="""),
    "locale equals en": re.compile(r"""locale\s*[=!]=\s*["']en["']"""),
    "keyed fr": re.compile(r"""["']fr(?:-CA)?["']\s*:"""),
    "English fallback": re.compile(r"""\b_ENGLISH\b|\b_FRENCH\b"""),
    "oui": re.compile(r"""["']oui["']""", re.IGNORECASE),
    "split language": re.compile(r"""\.split\(\s*["']-["']\s*\)\[0\]"""),
}
# What may stay, and how often: each is a public API key or the policy itself.
_ALLOWED = {
    # MessagingPolicy.max_segments is public API keyed by language ("en", "fr"): the
    # three policies spell their keys; the key is chosen by _i18n.by_language.
    ("messaging.py", "keyed fr"): 3,
    # run_batch's *translations* is public API keyed by any locale name (a docstring).
    ("batch.py", "keyed fr"): 1,
    # The policy itself: a language alone names its one locale; a locale's language; the
    # languages there are.
    ("_i18n.py", "split language"): 3,
    # add_phrasings gives a translation's phrasings the content format's language ("fr"),
    # from any name its caller passes (loading passes the canonical one).
    ("translation.py", "split language"): 1,
}


def test_no_module_guesses_a_language() -> None:
    """No ``startswith("fr")``, ``"fr":`` table or English fallback is left in the package:
    every choice of words goes through ``_i18n.normalise`` / ``language`` / ``by_language``.
    The installed package's source is read, so a module added later is checked too."""
    root = Path(mc.__file__).parent
    found: dict[tuple[str, str], int] = {}
    for path in sorted(root.rglob("*.py")):
        text = path.read_text("utf-8")
        for name, pattern in _GUESSES.items():
            count = len(pattern.findall(text))
            if count:
                found[path.relative_to(root).as_posix(), name] = count
    assert found == _ALLOWED


def test_the_grep_sees_the_old_guesses() -> None:
    """The patterns above catch what the package had before (so the test can fail)."""
    old = [
        'return "fr" if locale.lower().startswith("fr") else "en"',
        "return _WORDS.get(locale, _ENGLISH)",
        '_YES_NO = {"en": ("y", "n", "(y/n)"), "fr": ("o", "n", "(o/n)")}',
        'if locale == "en":',
        'words = WORDS["fr-CA" if lang == "fr" else "en"]',
    ]
    for line in old:
        assert any(p.search(line) for p in _GUESSES.values()), line


class TestLanguage:
    @pytest.mark.parametrize(
        ("name", "language"), [("en", "en"), ("en-US", "en"), ("fr", "fr"), ("FR_ca", "fr")]
    )
    def test_language(self, name: str, language: str) -> None:
        assert _i18n.language(name) == language

    def test_unknown_locale_is_refused(self) -> None:
        with pytest.raises(UnknownLocaleError):
            _i18n.language("fr-FR")
        with pytest.raises(UnknownLocaleError):
            _i18n.by_language({"en": 1, "fr": 2}, "de")

    def test_by_language_falls_back_to_english(self, test_locale: str) -> None:
        assert _i18n.by_language({"en": 1, "fr": 2}, "fr-CA") == 2
        assert _i18n.by_language({"en": 1, "fr": 2}, test_locale) == 1

    def test_policy_budget_is_chosen_through_language(self) -> None:
        from microneedle_care import messaging

        policy = messaging.US_CONSENTED
        assert policy.budget("fr_CA") == policy.budget("fr") == 7
        assert policy.budget("en-US") == 3
        with pytest.raises(UnknownLocaleError):
            policy.budget("fr-FR")  # it was 7: any "fr..." was French

    @pytest.mark.parametrize("spelling", ["fr", "fr_CA", "FR-ca"])
    def test_regional_lines_are_chosen_through_normalise(self, spelling: str) -> None:
        from microneedle_care.regions import who_to_call

        french = who_to_call("CA-ON", spelling)
        assert french is not None
        assert french == who_to_call("CA-ON", "fr-CA")
        assert french.emergency == _i18n.messages("fr-CA").regions["emergency"].format(number="911")
        with pytest.raises(UnknownLocaleError):
            who_to_call("CA-ON", "fr-FR")  # it was French: any "fr..." was

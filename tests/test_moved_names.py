"""Issue 18: the schedule's renderers, the text words, replies and the page footer moved.

Old names keep working for one minor series, with a DeprecationWarning; the words of
every text and email sit in one table keyed by canonical locale; both text composers
share their line builders; the HTML and the PDF build their footer once.
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import json
from pathlib import Path

import pytest

import microneedle_care as mc
from microneedle_care import _i18n, _locale, messaging, schedule
from microneedle_care.errors import UnknownLocaleError
from microneedle_care.rendering import ical, messages
from microneedle_care.rendering import json as rjson

CLINIC = mc.ClinicContact(name="Lakeview Skin Clinic", phone="905-555-0134", region="CA-ON")


def _schedule(locale: str = "en") -> schedule.Schedule:
    catalog = mc.load(locale=locale)
    checklist = mc.build_checklist(
        catalog=catalog, treatment_date=datetime.date(2026, 11, 25), clinic=CLINIC
    )
    return schedule.build_schedule(checklist, tz="America/Toronto", patient="p-1", catalog=catalog)


@pytest.mark.parametrize(
    ("old", "module", "new"),
    [
        ("render_sms", messages, "render_sms"),
        ("render_email", messages, "render_email"),
        ("to_ical", ical, "render_ical"),
        ("to_json", ical, "render_schedule_json"),
    ],
)
def test_old_schedule_names_warn_and_give_the_new_function(
    old: str, module: object, new: str
) -> None:
    with pytest.warns(DeprecationWarning, match=rf"schedule\.{old} is deprecated.*{new}"):
        found = getattr(schedule, old)
    assert found is getattr(module, new)
    assert old not in vars(schedule)  # the module itself has the model and builder only
    assert old not in schedule.__all__


def test_old_import_statement_warns() -> None:
    with pytest.warns(DeprecationWarning, match="render_ical"):
        from microneedle_care.schedule import to_ical  # noqa: F401


def test_unknown_name_is_still_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        schedule.nothing  # noqa: B018


def test_old_names_give_the_same_output() -> None:
    plan = _schedule()
    with pytest.warns(DeprecationWarning, match="render_schedule_json"):
        old_json = schedule.to_json(plan)
    assert old_json == ical.render_schedule_json(plan)


def test_read_checklist_json_is_parse_checklist_json(tmp_path: Path) -> None:
    checklist = mc.build_checklist()
    text = rjson.render_json(checklist)
    assert rjson.parse_checklist_json(text) == checklist
    with pytest.warns(DeprecationWarning, match="parse_checklist_json"):
        old = rjson.read_checklist_json
    assert old is rjson.parse_checklist_json
    path = tmp_path / "record.json"
    path.write_text(text, encoding="utf-8")
    assert rjson.load_checklist_json(path) == checklist


def test_load_checklist_json_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "other"}), encoding="utf-8")
    with pytest.raises(mc.errors.ContentError, match=r"bad\.json"):
        rjson.load_checklist_json(path)


def test_one_word_table_keyed_by_canonical_locale() -> None:
    """The words of texts and emails are the message files' ``texts`` sections (review 2.6)."""
    assert set(_locale.LOCALES) == {"en", "es-US", "fr-CA"}
    for locale in _i18n.LOCALES:
        assert set(_i18n.messages(locale).texts) == set(_i18n.messages("en").texts), locale
    assert _i18n.messages("en").stops == (_i18n.messages("en").texts["stop"],)
    assert len(_i18n.messages("fr-CA").stops) == 2
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("microneedle_care.rendering._message_words")
    for module in (schedule, messaging, messages):
        for name in ("_TEXT", "_WORDS", "_STOPS", "_labels"):
            assert not hasattr(module, name), (module.__name__, name)


@pytest.mark.parametrize("spelling", ["fr", "fr-CA", "fr_CA", "FR-ca"])
def test_words_are_chosen_through_normalise(spelling: str) -> None:
    assert _i18n.messages(spelling).texts is _i18n.messages("fr-CA").texts


def test_words_of_an_unknown_locale_are_refused() -> None:
    """No startswith("fr") guess: "fr-FR" is not a locale of the package."""
    with pytest.raises(UnknownLocaleError):
        _i18n.messages("fr-FR")


@pytest.mark.parametrize("locale", _i18n.LOCALES)
def test_both_composers_share_day_and_step_lines(locale: str) -> None:
    """The policy-free text and the policy's text say a day's first step the same way."""
    plan = _schedule(locale)
    texts = messaging.plan_messages(plan, messaging.US_CONSENTED.evolve(per_day=1))
    words = _i18n.messages(locale).texts
    for text in texts:
        if len(text.days) != 1:
            continue
        touchpoint = next(t for t in plan.touchpoints if t.day == text.days[0])
        sms = messages.render_sms(plan, touchpoint)
        day = messages.day_label(words, touchpoint.day) + "."
        assert day in sms
        assert day in text.text


def test_policy_code_has_no_own_line_builders() -> None:
    from microneedle_care import _planning

    for module in (messaging, _planning):
        source = inspect.getsource(module)
        assert "def _first_sentence" not in source
        assert "def _ends_first" not in source
        assert 'partition(". ")' not in source


def test_replies_are_folded_by_patterns_fold() -> None:
    """messaging._normal duplicated _patterns.fold; replies use fold (review 2.6)."""
    from microneedle_care import _replies

    assert not hasattr(messaging, "_normal")
    assert not hasattr(_replies, "_normal")
    assert "fold(" in inspect.getsource(_replies.parse_reply)
    assert messaging.parse_reply is _replies.parse_reply
    # A keyword with a curly apostrophe after it reads as the keyword now.
    assert messaging.parse_reply("STOP\u2019", "en").kind is messaging.ReplyKind.OPT_OUT
    assert messaging.parse_reply("arrêtez de m'écrire", "fr").kind is messaging.ReplyKind.OPT_OUT
    assert messaging.parse_reply("stop s'il vous plaît", "fr").kind is messaging.ReplyKind.OPT_OUT
    assert messaging.parse_reply("ALTO\u2019", "es").kind is messaging.ReplyKind.OPT_OUT


def test_page_footer_is_built_once() -> None:
    """The footer words and @page margin boxes exist once, in html.py (review 2.6)."""
    from microneedle_care.rendering import html, pdf
    from microneedle_care.rendering._labels import labels_for

    checklist = mc.build_checklist(clinic=CLINIC, prepared_for="Ana Diaz")
    line = html.page_footer(checklist, labels_for(checklist))
    assert line.startswith("Lakeview Skin Clinic · ")
    assert f'--footer: "{line}"' in html.render_html(checklist)
    source = inspect.getsource(pdf)
    assert "content_digest" not in source
    assert "@bottom-left" not in source
    assert html.margin_boxes("var(--footer)", '"PAGE "') in html._STYLE


def test_moved_modules_import_alone() -> None:
    for name in ("rendering.messages", "rendering.ical", "_replies", "_segments", "_planning"):
        importlib.import_module(f"microneedle_care.{name}")

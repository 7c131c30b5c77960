"""Issue 18's seams: each rule written once, in the library, and used wherever it applies.

* Which option fits which format is ``rendering._check_options``: :func:`render` runs it,
  and so does the ``checklist`` command, which only words the error its own way.
* Where a check-in stops (a "yes" to an emergency question) is ``checkin._stop_questions``:
  :func:`check_in` stops there, and the FHIR Questionnaire's ``enableWhen`` is built from it.
* No module is over about 500 lines unless it is one concept.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import microneedle_care as mc
from microneedle_care.cli import main


def _source(module: str) -> str:
    spec = importlib.util.find_spec(module)
    assert spec is not None
    assert spec.origin is not None
    return Path(spec.origin).read_text(encoding="utf-8")


class TestOneCheckOfOptions:
    @pytest.mark.parametrize(
        ("format", "options", "argument"),
        [
            ("text", {"subject": "Patient/1"}, "subject"),
            ("json", {"compact": True}, "compact"),
            ("markdown", {"paper": "a4"}, "paper"),
            # the first misfit, in the order subject, compact, paper
            ("json", {"compact": True, "paper": "a4"}, "compact"),
            ("html", {"subject": "Patient/1", "compact": True, "paper": "a4"}, "subject"),
        ],
    )
    def test_render_names_the_misfit_option(
        self, catalog_en: mc.Catalog, format: str, options: dict[str, object], argument: str
    ) -> None:
        checklist = mc.build_checklist(catalog=catalog_en)
        with pytest.raises(mc.InvalidValueError) as info:
            mc.render(checklist, format, **options)  # type: ignore[call-overload]
        assert info.value.argument == argument

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--patient", "Patient/1"], "--patient needs --format fhir"),
            (
                ["--format", "json", "--compact"],
                "--compact applies to text, markdown, html and pdf",
            ),
            (["--format", "markdown", "--paper", "a4"], "--paper applies to html and pdf"),
            (["--format", "json", "--compact", "--paper", "a4"], "--compact applies to"),
            (["--format", "pdf", "--patient", "Patient/1"], "--patient needs --format fhir"),
        ],
    )
    def test_the_command_words_the_librarys_check(
        self, capsys: pytest.CaptureFixture[str], args: list[str], message: str
    ) -> None:
        """The same one-line message and exit code 2 as when the command had its own check."""
        assert main(["checklist", *args]) == 2
        captured = capsys.readouterr()
        assert message in captured.err
        assert len(captured.err.splitlines()) == 1
        assert captured.out == ""

    def test_the_command_does_not_restate_the_rule(self) -> None:
        source = _source("microneedle_care.cli.patient")
        assert '("text", "markdown", "html", "pdf")' not in source
        assert "_check_options(" in source


class TestOneEmergencyStop:
    def test_the_questionnaire_enables_by_the_check_ins_rule(self, catalog_en: mc.Catalog) -> None:
        from microneedle_care import fhir
        from microneedle_care.checkin import _stop_questions

        signs = sorted(catalog_en.warning_signs, key=lambda sign: sign.urgency.rank)
        stops = _stop_questions(signs)
        assert stops
        items = fhir.check_in_questionnaire(catalog_en)["item"]
        for item in items:
            if item["linkId"] in stops:
                assert "enableWhen" not in item
            else:
                assert [c["question"] for c in item["enableWhen"]] == list(stops)

    def test_a_yes_to_a_stop_question_ends_the_check_in(self, catalog_en: mc.Catalog) -> None:
        from microneedle_care.checkin import _stop_questions

        first = _stop_questions(catalog_en.warning_signs)[0]
        result = mc.check_in(catalog_en, {first: True})
        assert result.matches[0].id == first
        assert result.unanswered

    def test_fhir_does_not_restate_the_rule(self) -> None:
        source = _source("microneedle_care.fhir.checkin")
        assert '== "emergency"' not in source
        assert "Urgency.EMERGENCY" not in source


@pytest.mark.parametrize(
    "name",
    [
        "Checklist",
        "ChecklistItem",
        "ChecklistSection",
        "ClinicContact",
        "SectionKind",
        "StepOverride",
        "WarningGroup",
        "day_span",
    ],
)
def test_the_checklist_records_keep_their_public_home(name: str) -> None:
    """Defined in _checklist_records, they are checklist's (docs, pickles), and their
    annotations resolve there (cattrs, tools/schemas.py and the docs resolve them)."""
    import pickle
    import typing

    from microneedle_care import checklist

    value = getattr(checklist, name)
    assert value.__module__ == "microneedle_care.checklist"
    if isinstance(value, type) and hasattr(value, "__attrs_attrs__"):
        assert typing.get_type_hints(value)
    if isinstance(value, type):
        assert pickle.loads(pickle.dumps(value)) is value


def test_a_checklist_round_trips_through_pickle(catalog_en: mc.Catalog) -> None:
    import pickle

    checklist = mc.build_checklist(catalog=catalog_en, risk_factors=["cold-sore-history"])
    assert pickle.loads(pickle.dumps(checklist)) == checklist


# Modules allowed over the limit, with the reason: model.py is one concept (the frozen
# records and enums of the content).
_LIMIT = 500
_LARGE = {
    "model.py": "one concept: the content's records and enums",
}


def test_no_module_is_over_about_500_lines() -> None:
    spec = importlib.util.find_spec("microneedle_care")
    assert spec is not None
    assert spec.origin is not None
    root = Path(spec.origin).parent
    sizes = {
        p.relative_to(root).as_posix(): len(p.read_text("utf-8").splitlines())
        for p in root.rglob("*.py")
    }
    large = {name: n for name, n in sizes.items() if n > _LIMIT and name not in _LARGE}
    assert not large, large

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import microneedle_care as mc
from microneedle_care._i18n import messages
from microneedle_care.checkin import questions
from microneedle_care.cli import _ORDER, main

CATALOG = mc.load()


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed console script."""
    script = Path(sys.executable).with_name("microneedle-care")
    return subprocess.run([str(script), *args], capture_output=True, text=True, cwd=cwd)


class TestChecklist:
    def test_default_prints_the_default_checklist(self) -> None:
        """`checklist` with no options prints the default text checklist, exit 0."""
        result = run("checklist")
        assert result.returncode == 0, result.stderr
        assert result.stdout == mc.render_text(mc.build_checklist())
        assert result.stderr == ""

    def test_personalised_html(self, tmp_path: Path) -> None:
        """All options together give the same page as the library, written to --output."""
        out = tmp_path / "care.html"
        result = run(
            "checklist", "--date", "2026-11-25", "--risk", "metal-allergy", "cold-sore-history",
            "--risk", "planned-serums", "--clinic-name", "Lakeview",
            "--clinic-phone", "905-555-0134",
            "--clinic-email", "a@b.example", "--clinic-after-hours", "905-555-0199",
            "--format", "html", "--output", str(out),
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert result.stdout == ""
        import datetime

        expected = mc.build_checklist(
            treatment_date=datetime.date(2026, 11, 25),
            risk_factors=["metal-allergy", "cold-sore-history", "planned-serums"],
            clinic=mc.ClinicContact(
                name="Lakeview",
                phone="905-555-0134",
                email="a@b.example",
                after_hours="905-555-0199",
            ),
        )
        assert out.read_text(encoding="utf-8") == mc.render_html(expected)
        assert [p.name for p in tmp_path.iterdir()] == ["care.html"]

    @pytest.mark.parametrize("format", mc.FORMATS)
    def test_formats(self, format: str, capsys: pytest.CaptureFixture[str]) -> None:
        """Each --format prints what render() gives."""
        assert main(["checklist", "--format", format]) == 0
        assert capsys.readouterr().out == mc.render(mc.build_checklist(), format)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (
                ["--risk", "metal-alergy"],
                "unknown risk factor id 'metal-alergy'; did you mean 'metal-allergy'?",
            ),
            (["--date", "2026-02-30"], "invalid date '2026-02-30': use YYYY-MM-DD"),
            (["--format", "docx"], "invalid choice: 'docx'"),
            (["--clinic-name", "A"], "--clinic-name and --clinic-phone must be given together"),
            (
                ["--clinic-name", "A", "--clinic-phone", " "],
                "ClinicContact.phone must not be empty",
            ),
            (["--output", "/no/such/dir/x.txt"], "cannot write /no/such/dir/x.txt"),
        ],
    )
    def test_bad_input_is_one_line_and_exit_2(self, args: list[str], message: str) -> None:
        """Bad input prints one line to stderr, exits 2, and shows no traceback."""
        result = run("checklist", *args)
        assert result.returncode == 2
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("microneedle-care")
        assert message in lines[0]

    def test_output_is_atomic(self, tmp_path: Path) -> None:
        """A failed run leaves an existing output file untouched and no temporary file."""
        out = tmp_path / "care.txt"
        out.write_text("previous", encoding="utf-8")
        result = run("checklist", "--risk", "nope", "--output", str(out))
        assert result.returncode == 2
        assert out.read_text(encoding="utf-8") == "previous"
        assert [p.name for p in tmp_path.iterdir()] == ["care.txt"]

    def test_output_cleans_up_when_rename_fails(self, tmp_path: Path) -> None:
        """If the final rename fails (the target is a directory), no temporary file is left."""
        target = tmp_path / "is-a-dir"
        target.mkdir()
        result = run("checklist", "--output", str(target))
        assert result.returncode == 2
        assert "cannot write" in result.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == ["is-a-dir"]


class TestOtherCommands:
    @pytest.mark.parametrize(
        ("kind", "collection"),
        [("causes", "causes"), ("risk-factors", "risk_factors"), ("steps", "aftercare_steps"),
         ("warning-signs", "warning_signs"), ("myths", "myths"), ("references", "references")],
    )  # fmt: skip
    def test_list(self, kind: str, collection: str, capsys: pytest.CaptureFixture[str]) -> None:
        """`list KIND` prints one tab-separated line per item, id first."""
        assert main(["list", kind]) == 0
        lines = capsys.readouterr().out.splitlines()
        assert [line.split("\t")[0] for line in lines] == [
            i.id for i in getattr(CATALOG, collection)
        ]
        assert all(line.split("\t")[1] for line in lines)

    def test_show(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`show ID` prints the item's kind, id and every field."""
        assert main(["show", "acne-flare"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("Cause acne-flare\n")
        cause = CATALOG.cause("acne-flare")
        assert f"  summary: {cause.summary}\n" in out
        assert "  likelihood: unknown\n" in out
        assert f"  references: {', '.join(cause.references)}\n" in out

    @pytest.mark.parametrize("locale", ["en", "fr", "es"])
    def test_show_every_item(self, locale: str, capsys: pytest.CaptureFixture[str]) -> None:
        """`show` works for every item, phrasings included (it raised a TypeError for any
        step or myth with phrasings: a raw traceback)."""
        catalog = mc.load(locale=locale)
        for item_id in catalog.ids():
            assert main(["show", item_id, "--locale", locale]) == 0, item_id
            out = capsys.readouterr().out
            assert out.splitlines()[0].endswith(f" {item_id}")
            for phrasing in getattr(catalog[item_id], "contradicted_by", ()):
                assert f"{phrasing.locale}: {phrasing.pattern}" in out

    def test_show_unknown(self) -> None:
        """`show` of an unknown id suggests the closest and exits 2."""
        result = run("show", "acne-flar")
        assert result.returncode == 2
        assert result.stderr == (
            "microneedle-care: error: unknown item id 'acne-flar'; did you mean 'acne-flare'?\n"
        )

    def test_validate_good_pack(self, tmp_path: Path, packaged_data: dict[str, Any]) -> None:
        """`validate` of a valid pack says so and exits 0."""
        path = tmp_path / "pack.json"
        path.write_text(json.dumps(packaged_data), encoding="utf-8")
        result = run("validate", str(path))
        assert result.returncode == 0
        assert result.stdout.startswith(f"{path}: valid content pack, content 3.")

    def test_validate_lists_every_problem(
        self, tmp_path: Path, packaged_data: dict[str, Any]
    ) -> None:
        """`validate` of a broken pack lists each problem with its path and exits 1."""
        packaged_data["causes"][0]["likelihood"] = "often"
        packaged_data["myths"][1]["distorts"].append("nowhere")
        path = tmp_path / "pack.json"
        path.write_text(json.dumps(packaged_data), encoding="utf-8")
        result = run("validate", str(path))
        assert result.returncode == 1
        lines = result.stderr.splitlines()
        assert lines[0] == f"{path}: 1 problem"
        assert lines[1].startswith("  $.causes[0].likelihood: unknown value 'often'")

    def test_validate_missing_file(self, tmp_path: Path) -> None:
        """`validate` of a missing file is bad input: exit 2, one line."""
        result = run("validate", str(tmp_path / "nope.json"))
        assert result.returncode == 2
        assert result.stderr == (
            f"microneedle-care: error: {tmp_path / 'nope.json'}: $: cannot read the file:"
            " No such file or directory\n"
        )

    def test_version(self) -> None:
        """--version prints the package and content versions."""
        result = run("--version")
        assert result.returncode == 0
        assert (
            result.stdout
            == f"microneedle-care {mc.__version__} (content {CATALOG.content_version})\n"
        )

    def test_module_entry_point(self) -> None:
        """`python -m microneedle_care` runs the same command."""
        result = subprocess.run(
            [sys.executable, "-m", "microneedle_care", "list", "myths"],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0
        assert result.stdout.splitlines()[0].startswith(CATALOG.myths[0].id)

    def test_no_command_shows_help_and_exits_2(self) -> None:
        """With no command, the help goes to stderr and the exit code is 2."""
        result = run()
        assert result.returncode == 2
        assert "checklist" in result.stderr

    def test_unknown_command(self) -> None:
        """An unknown command is one line and exit 2."""
        result = run("frobnicate")
        assert result.returncode == 2
        assert len(result.stderr.splitlines()) == 1
        assert "invalid choice: 'frobnicate'" in result.stderr

    def test_summary(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`summary` prints the content version, the digest and every non-reference id."""
        assert main(["summary"]) == 0
        out = capsys.readouterr().out
        assert CATALOG.content_digest in out
        for item in CATALOG:
            if not isinstance(item, mc.Reference):
                assert item.id in out

    def test_broken_pipe_is_quiet(self) -> None:
        """Piping into a reader that closes early is not an error."""
        script = Path(sys.executable).with_name("microneedle-care")
        result = subprocess.run(
            f"'{script}' checklist --format json | head -c 10", shell=True, capture_output=True,
            text=True, env={**os.environ},
        )  # fmt: skip
        assert "Traceback" not in result.stderr


class TestLocaleAndPacks:
    def test_checklist_in_french(self) -> None:
        """--locale fr prints the French checklist."""
        result = run("checklist", "--locale", "fr")
        assert result.returncode == 0, result.stderr
        assert result.stdout == mc.render_text(mc.build_checklist(locale="fr"))

    def test_unknown_locale(self) -> None:
        """An unknown --locale is one line and exit 2."""
        result = run("list", "myths", "--locale", "de")
        assert result.returncode == 2
        assert result.stderr == (
            "microneedle-care: error: no content in locale 'de'; available: en, es-US, fr-CA\n"
        )

    def test_pack_on_every_content_command(self, tmp_path: Path) -> None:
        """--pack applies a clinic pack to checklist, list, show and summary alike."""
        pack = tmp_path / "lakeview.json"
        pack.write_text(
            json.dumps(
                {
                    "pack": {
                        "name": "Lakeview",
                        "version": "1",
                        "replace": [{"id": "wash-gently", "action": "Use the Lakeview wash."}],
                        "hide": ["no-hair-removal"],
                    }
                }
            ),
            encoding="utf-8",
        )
        assert "[ ] Use the Lakeview wash." in run("checklist", "--pack", str(pack)).stdout
        assert "no-hair-removal" not in run("list", "steps", "--pack", str(pack)).stdout
        shown = run("show", "wash-gently", "--pack", str(pack)).stdout
        assert "  action: Use the Lakeview wash.\n" in shown
        assert "no-hair-removal" not in run("summary", "--pack", str(pack)).stdout

    def test_validate_clinic_pack(self, tmp_path: Path) -> None:
        """`validate` merges a clinic pack and reports conflicts with the file's paths."""
        good = tmp_path / "good.json"
        good.write_text(json.dumps({"pack": {"name": "L", "version": "1"}}), encoding="utf-8")
        result = run("validate", str(good))
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"{good}: valid clinic pack, content 3.")
        bad = tmp_path / "bad.json"
        bad.write_text(
            json.dumps({"pack": {"name": "L", "version": "1", "hide": ["nowhere"]}}),
            encoding="utf-8",
        )
        result = run("validate", str(bad))
        assert result.returncode == 1
        assert result.stderr.splitlines() == [
            "clinic packs: 1 problem",
            f"  {bad} $.pack.hide[0]: no item has the id 'nowhere'",
        ]


def test_export_fhir(tmp_path: Path) -> None:
    """`export-fhir` writes the protocol Bundle, with --base for the canonical URLs."""
    from microneedle_care import fhir

    out = tmp_path / "protocol.json"
    result = run("export-fhir", "--base", "https://fhir.lakeview.example", "-o", str(out))
    assert result.returncode == 0, result.stderr
    bundle = json.loads(out.read_text(encoding="utf-8"))
    assert bundle == fhir.protocol_bundle(CATALOG, base="https://fhir.lakeview.example")
    kinds = {entry["resource"]["resourceType"] for entry in bundle["entry"]}
    assert kinds == {"PlanDefinition", "ActivityDefinition", "Questionnaire"}


class TestFhirPatient:
    def test_patient_is_the_subject(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`--patient Patient/123` names the CarePlan's subject."""
        assert main(["checklist", "--format", "fhir", "--patient", "Patient/123"]) == 0
        plan = json.loads(capsys.readouterr().out)
        assert plan["subject"] == {"reference": "Patient/123"}

    def test_no_patient_is_said_plainly(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --patient the CarePlan names no patient rather than an invented one."""
        from microneedle_care import fhir

        assert main(["checklist", "--format", "fhir"]) == 0
        out = capsys.readouterr().out
        assert "Patient/example" not in out
        assert json.loads(out)["subject"]["display"] == fhir.NO_SUBJECT_DISPLAY

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--format", "fhir", "--patient", "123"], "subject must be a reference"),
            (["--patient", "Patient/1"], "--patient needs --format fhir"),
        ],
    )
    def test_bad_patient_is_one_line(self, args: list[str], message: str) -> None:
        """A malformed --patient, or one without --format fhir, is one line and exit 2."""
        result = run("checklist", *args)
        assert result.returncode == 2
        assert message in result.stderr
        assert len(result.stderr.splitlines()) == 1
        assert result.stdout == ""


def test_unreadable_pack_is_one_line(tmp_path: Path) -> None:
    """A pack that cannot be read, or has one problem, is reported on one line with exit 2."""
    result = run("checklist", "--pack", str(tmp_path / "nope.json"))
    assert result.returncode == 2
    assert result.stderr == (
        f"microneedle-care: error: {tmp_path / 'nope.json'}: $: cannot read the file:"
        " No such file or directory\n"
    )
    pack = tmp_path / "p.json"
    pack.write_text(json.dumps({"pack": {"name": "x", "version": "1", "hide": ["nope"]}}))
    result = run("list", "myths", "--pack", str(pack))
    assert result.returncode == 2
    assert result.stderr == (
        f"microneedle-care: error: clinic packs: {pack} $.pack.hide[0]: no item has the id 'nope'\n"
    )


class TestSchedule:
    def test_done_when_ics(self, tmp_path: Path) -> None:
        """`schedule --format ics -o care.ics` writes a calendar icalendar parses back."""
        import icalendar

        from microneedle_care.schedule import build_schedule

        out = tmp_path / "care.ics"
        result = run(
            "schedule",
            "--date",
            "2026-11-25",
            "--tz",
            "America/Toronto",
            "--patient-key",
            "k1",
            "--format",
            "ics",
            "-o",
            str(out),
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout == ""
        cal = icalendar.Calendar.from_ical(out.read_bytes())
        import datetime

        expected = build_schedule(
            mc.build_checklist(treatment_date=datetime.date(2026, 11, 25)),
            tz="America/Toronto",
            patient="k1",
        )
        events = list(cal.walk("VEVENT"))
        assert [e.decoded("DTSTART") for e in events] == [t.send_at for t in expected.touchpoints]
        assert all(len(list(e.walk("VALARM"))) == 1 for e in events)

    @pytest.mark.parametrize("locale", ["en", "fr", "es"])
    @pytest.mark.parametrize("fmt", ["text", "json", "ics", "fhir"])
    def test_byte_identical_runs(
        self, capsys: pytest.CaptureFixture[str], locale: str, fmt: str
    ) -> None:
        """Two runs give the same output, in both languages and every format."""
        args = [
            "schedule",
            "--date",
            "2026-10-28",
            "--tz",
            "America/Toronto",
            "--patient-key",
            "k1",
            "--locale",
            locale,
            "--clinic-name",
            "Lakeview",
            "--clinic-phone",
            "905-555-0134",
            "--format",
            fmt,
        ]
        assert main(args) == 0
        first = capsys.readouterr().out
        assert main(args) == 0
        assert capsys.readouterr().out == first
        assert "Lakeview" in first
        if fmt == "json":
            rows = json.loads(first)
            assert all(len(r["sms"]) <= 459 for r in rows)

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (["--tz", "Mars/Base"], "unknown time zone 'Mars/Base'"),
            (["--send-time", "25:00"], "invalid --send-time"),
            (["--day", "0"], "touchpoint day"),
            (["--day", "99999999999"], "touchpoint day"),
            (["--clinic-name", "Lakeview"], "must be given together"),
        ],
    )
    def test_bad_input(
        self, capsys: pytest.CaptureFixture[str], args: list[str], message: str
    ) -> None:
        """Bad input: one line on stderr, exit 2."""
        base = ["schedule", "--date", "2026-11-25", "--patient-key", "k1"]
        if "--tz" not in args:
            base += ["--tz", "UTC"]
        assert main([*base, *args]) == 2
        err = capsys.readouterr().err
        assert message in err
        assert err.count("\n") == 1


class TestCheckIn:
    def test_answers(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The emergency's action comes first, then every match by urgency."""
        ids = [s.id for s in CATALOG.warning_signs]
        yes = ["cold-sore-flare", "severe-allergic-reaction"]
        no = [i for i in ids if i not in yes]
        assert main(["check-in", "--yes", *yes, "--no", *no]) == 0
        out = capsys.readouterr().out
        assert out.startswith(CATALOG.warning_sign("severe-allergic-reaction").action)
        emergency = "Get emergency help now if you have any of these:"
        same_day = messages("en").urgencies["same-day"] + ":"
        assert out.index(emergency) < out.index(same_day)
        assert "- " + CATALOG.warning_sign("cold-sore-flare").sign in out
        assert "[same-day]" not in out  # no urgency codes: the sheet's headings

    @pytest.mark.parametrize("locale", ["fr", "es"])
    def test_answers_in_the_patients_language(
        self, capsys: pytest.CaptureFixture[str], locale: str
    ) -> None:
        """The urgency headings are the locale's own (independent Spanish read, ESW-19)."""
        catalog = mc.load(locale=locale)
        ids = [s.id for s in catalog.warning_signs]
        no = [i for i in ids if i != "cold-sore-flare"]
        argv = ["check-in", "--locale", locale, "--yes", "cold-sore-flare", "--no", *no]
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert messages(locale).urgencies["same-day"] in out
        assert "same-day" not in out

    @pytest.mark.parametrize("locale", ["en", "fr", "es"])
    def test_unanswered(self, capsys: pytest.CaptureFixture[str], locale: str) -> None:
        """A missing answer: one line naming the question, exit 2."""
        assert main(["check-in", "--locale", locale, "--yes", "cold-sore-flare"]) == 2
        err = capsys.readouterr().err
        first = mc.load(locale=locale).warning_signs[0]
        assert first.question in err
        assert err.count("\n") == 1

    def test_both_yes_and_no(self, capsys: pytest.CaptureFixture[str]) -> None:
        """One id answered both ways is bad input."""
        assert main(["check-in", "--yes", "cold-sore-flare", "--no", "cold-sore-flare"]) == 2
        assert "both" in capsys.readouterr().err


class TestCheckInPrompts:
    @pytest.mark.parametrize(("locale", "yes"), [("en", "y"), ("fr", "o")])
    def test_prompts_on_a_terminal(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        locale: str, yes: str,
    ) -> None:
        """With no answers and a terminal, each question is asked, 911 questions first."""
        catalog = mc.load(locale=locale)
        asked: list[str] = []
        pen = [s for s in catalog.warning_signs if s in questions(catalog)]  # not PRP's own
        target = pen[-1]

        def fake_input(prompt: str) -> str:
            asked.append(prompt)
            return yes if prompt.startswith(target.question) else "n"

        monkeypatch.setattr("sys.stdin.isatty", lambda: True)
        monkeypatch.setattr("builtins.input", fake_input)
        assert main(["check-in", "--locale", locale]) == 0
        ranks = [next(s for s in catalog.warning_signs if p.startswith(s.question)).urgency.rank
                 for p in asked]
        assert ranks == sorted(ranks)
        assert len(asked) == len(pen)
        assert capsys.readouterr().out.startswith(target.action)

    def test_stops_after_an_emergency(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """A yes to a 911 question ends the questions at once (H2): "call 911" comes first."""
        emergencies = [s for s in CATALOG.warning_signs if s.urgency is mc.Urgency.EMERGENCY]
        assert len(emergencies) >= 2
        for position, sign in enumerate(emergencies[:2]):
            asked: list[str] = []

            def answer(prompt: str, target: mc.WarningSign = sign, seen: list[str] = asked) -> str:
                seen.append(prompt)
                return "yes" if prompt.startswith(target.question) else "no"

            monkeypatch.setattr("sys.stdin.isatty", lambda: True)
            monkeypatch.setattr("builtins.input", answer)
            assert main(["check-in"]) == 0
            assert len(asked) == position + 1
            out = capsys.readouterr().out
            assert out.startswith(sign.action)
            assert "expected" not in out  # no reassurance beside a red flag (M9)

    def test_a_same_day_yes_does_not_end_the_questions(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Only an emergency yes ends the prompt: a same-day yes goes on, and its action leads."""
        same_day = next(s for s in CATALOG.warning_signs if s.urgency is mc.Urgency.SAME_DAY)
        asked: list[str] = []

        def answer(prompt: str) -> str:
            asked.append(prompt)
            return "y" if prompt.startswith(same_day.question) else "n"

        monkeypatch.setattr("sys.stdin.isatty", lambda: True)
        monkeypatch.setattr("builtins.input", answer)
        assert main(["check-in"]) == 0
        assert len(asked) == len(questions(CATALOG))  # the pen's signs
        assert capsys.readouterr().out.startswith(same_day.action)

    def test_asks_only_the_questions_of_the_day(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """With --days, the prompt asks what can apply that day, and the check-in accepts it."""
        from microneedle_care.checkin import questions

        asked: list[str] = []
        monkeypatch.setattr("sys.stdin.isatty", lambda: True)
        monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "n")
        assert main(["check-in", "--days", "2"]) == 0
        assert [p.rsplit(" (", 1)[0] for p in asked] == [
            s.question for s in questions(CATALOG, 2)
        ]
        capsys.readouterr()

    @pytest.mark.parametrize("days", ["-1"])
    def test_bad_days_is_a_usage_error_on_a_terminal(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], days: str
    ) -> None:
        monkeypatch.setattr("sys.stdin.isatty", lambda: True)
        monkeypatch.setattr("builtins.input", lambda prompt: "n")
        assert main(["check-in", "--days", days]) == 2
        err = capsys.readouterr().err
        assert "days_since_treatment" in err
        assert "Traceback" not in err

    def test_end_of_input_names_the_question(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Ending the input early is an unanswered question, never an all clear."""

        def eof(prompt: str) -> str:
            raise EOFError

        monkeypatch.setattr("sys.stdin.isatty", lambda: True)
        monkeypatch.setattr("builtins.input", eof)
        assert main(["check-in"]) == 2
        assert CATALOG.warning_signs[0].question in capsys.readouterr().err


# -- issue 18: the cli/ package, its shared options, and the library logic it calls -------

MYTH_PACK = {
    "pack": {"name": "Lakeview", "version": "1", "locale": "en"},
    "myths": [
        {
            "id": "lakeview-copper-myth",
            "claim": "Copper tape on the face stops breakouts after needling.",
            "correction": "No study shows copper tape helps. Keep to the aftercare steps.",
            "distorts": ["acne-flare"],
            "evidence_notes": "No evidence; a claim the clinic hears from patients.",
            "evidence": "low",
            "references": ["klein-2015-detox-review"],
            "phrasings": [{"locale": "en", "pattern": "copper + tape"}],
        }
    ],
}


def _subcommands() -> list[str]:
    import argparse

    from microneedle_care import cli

    (action,) = [a for a in cli._parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return list(action.choices)


class TestPackage:
    def test_every_subcommand_help_works_from_main(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`COMMAND --help` prints that command's usage and exits 0, for every command."""
        names = _subcommands()
        assert len(names) == 13
        for name in names:
            with pytest.raises(SystemExit) as exit:
                main([name, "--help"])
            assert exit.value.code == 0
            assert capsys.readouterr().out.startswith(f"usage: microneedle-care {name} ")

    def test_the_registry_holds_every_module_command_once(self) -> None:
        """Each module's commands are in the registry, in --help's order, with their handler."""
        from microneedle_care import cli
        from microneedle_care.cli import batch, content, patient, text

        modules = [content.COMMANDS, patient.COMMANDS, batch.COMMANDS, text.COMMANDS]
        names = [name for commands in modules for name in commands]
        assert sorted(names) == sorted(cli._ORDER) == sorted(set(names))
        assert list(cli._COMMANDS) == list(cli._ORDER) == _subcommands()
        for commands in modules:
            for name, command in commands.items():
                assert cli._COMMANDS[name] is command.run

    def test_register_adds_a_module_commands(self) -> None:
        """A module's register() adds exactly its own commands."""
        from microneedle_care.cli import _options, content

        parser = _options._Parser(prog="x")
        content.register(parser.add_subparsers(dest="command", parser_class=_options._Parser))
        assert parser.parse_args(["list", "myths"]).kind == "myths"

    @pytest.mark.parametrize(
        "args",
        [
            ["--help"],
            *([name, "--help"] for name in _ORDER),
            *([name, "--no-such-option"] for name in _ORDER),
            *([name, "--locale"] for name in _ORDER),
            ["checklist", "--date", "2026-13-01"],
            ["checklist", "--format", "nope"],
            ["checklist", "--version"],
            ["list", "nonsense"],
            ["list"],
            ["show"],
            ["diff", "one"],
            ["check-in", "--help", "extra"],
        ],
        ids=" ".join,
    )
    def test_one_command_parser_says_what_the_full_parser_says(
        self, args: list[str], capsys: pytest.CaptureFixture[str]
    ) -> None:
        """Issue 18, item 8: main builds only the invoked subcommand's parser; its help,
        errors and exit codes are byte for byte those of the parser with every command."""
        from microneedle_care import cli

        def outcome(parser: Any) -> tuple[object, str, str]:
            try:
                code: object = vars(parser.parse_args(args))
            except SystemExit as exit:
                code = exit.code
            captured = capsys.readouterr()
            return code, captured.out, captured.err

        full = outcome(cli._parser())
        first = args[0] if args[0] in cli._HOMES else None
        assert outcome(cli._parser(first)) == full
        assert full[1] or full[2] or isinstance(full[0], dict)

    def test_main_declares_only_the_invoked_command(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`checklist ...` declares the checklist options only; no command, or an option
        first, gets the parser with every command (its --help lists them all)."""
        from microneedle_care import cli

        declared: list[str] = []
        for name in cli._ORDER:
            module = getattr(cli, cli._HOMES[name])
            spec = module.COMMANDS[name]
            monkeypatch.setitem(
                module.COMMANDS,
                name,
                spec._replace(
                    add=lambda commands, n=name, a=spec.add: (declared.append(n), a(commands))
                ),
            )
        assert main(["checklist", "--format", "text"]) == 0
        assert declared == ["checklist"]
        declared.clear()
        with pytest.raises(SystemExit):
            main(["--help"])
        assert declared == list(cli._ORDER)
        capsys.readouterr()

    def test_each_command_lives_where_the_registry_says(self) -> None:
        """main imports only the invoked command's module: _HOMES must name the module whose
        COMMANDS declares it, for every command."""
        from microneedle_care import cli
        from microneedle_care.cli import batch, content, patient, text

        homes = {
            name: module.__name__.rpartition(".")[2]
            for module in (content, patient, batch, text)
            for name in module.COMMANDS
        }
        assert homes == cli._HOMES

    def test_python_dash_m_still_works(self) -> None:
        """`python -m microneedle_care` runs the same command."""
        result = subprocess.run(
            [sys.executable, "-m", "microneedle_care", "list", "myths"],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[0].startswith(f"{CATALOG.myths[0].id}\t")


class TestClinicOptions:
    CLINIC = ("--clinic-name", "Lakeview", "--clinic-phone", "905-555-0134")
    SCHEDULE = ("schedule", "--date", "2026-11-25", "--tz", "America/Toronto", "--patient-key", "k")

    def test_schedule_accepts_after_hours(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`schedule --clinic-after-hours` is read (the texts do not show it, as before)."""
        assert main([*self.SCHEDULE, *self.CLINIC]) == 0
        without = capsys.readouterr().out
        assert main([*self.SCHEDULE, *self.CLINIC, "--clinic-after-hours", "905-555-0199"]) == 0
        assert capsys.readouterr().out == without

    def test_schedule_checks_after_hours_like_checklist(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An after-hours number without the clinic is refused, as `checklist` refuses it."""
        assert main([*self.SCHEDULE, "--clinic-after-hours", "905-555-0199"]) == 2
        error = capsys.readouterr().err
        assert main(["checklist", "--clinic-after-hours", "905-555-0199"]) == 2
        assert capsys.readouterr().err == error
        assert "--clinic-name and --clinic-phone must be given together" in error

    def test_batch_after_hours_reaches_the_sheets(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`batch --clinic-after-hours` puts the number on each patient's sheet."""
        csv = tmp_path / "p.csv"
        csv.write_text("patient_id,treatment_date\nq1,2026-11-25\n", encoding="utf-8")
        out = tmp_path / "out"
        code = main(
            ["batch", str(csv), "-o", str(out), "--tz", "America/Toronto", "--write", "html",
             *self.CLINIC, "--clinic-after-hours", "905-555-0199"]
        )  # fmt: skip
        assert code == 0, capsys.readouterr().err
        assert "905-555-0199" in (out / "q1.html").read_text(encoding="utf-8")


class TestSchedulePatient:
    SCHEDULE = TestClinicOptions.SCHEDULE

    def test_patient_names_the_subject(self, capsys: pytest.CaptureFixture[str]) -> None:
        """`schedule --format fhir --patient REF` names that patient."""
        assert main([*self.SCHEDULE, "--format", "fhir", "--patient", "Patient/123"]) == 0
        assert '"reference": "Patient/123"' in capsys.readouterr().out

    def test_subject_still_works_with_one_warning(self, capsys: pytest.CaptureFixture[str]) -> None:
        """The old `--subject` gives the same output, and one warning line on stderr."""
        assert main([*self.SCHEDULE, "--format", "fhir", "--patient", "Patient/123"]) == 0
        new = capsys.readouterr()
        assert main([*self.SCHEDULE, "--format", "fhir", "--subject", "Patient/123"]) == 0
        old = capsys.readouterr()
        assert old.out == new.out
        assert new.err == ""
        assert old.err == (
            "microneedle-care: warning: --subject is deprecated and will be removed:"
            " use --patient\n"
        )

    def test_subject_is_hidden_from_help(self, capsys: pytest.CaptureFixture[str]) -> None:
        with pytest.raises(SystemExit):
            main(["schedule", "--help"])
        help = capsys.readouterr().out
        assert "--patient REF" in help
        assert "--subject" not in help

    def test_subject_and_patient_together_are_refused(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        args = [*self.SCHEDULE, "--format", "fhir", "--patient", "Patient/1", "--subject", "P/2"]
        assert main(args) == 2
        assert "give only --patient" in capsys.readouterr().err

    def test_no_patient_invents_none(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without --patient the Bundle names no patient (no Patient/example)."""
        assert main([*self.SCHEDULE, "--format", "fhir"]) == 0
        assert "Patient/example" not in capsys.readouterr().out


class TestCheckPack:
    def test_check_pack_finds_a_pack_own_myth(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`check --pack` looks for the pack's own myths too; without it they are not known."""
        pack = tmp_path / "pack.json"
        pack.write_text(json.dumps(MYTH_PACK), encoding="utf-8")
        page = tmp_path / "page.txt"
        page.write_text("Put copper tape on your face after the visit.\n", encoding="utf-8")
        assert main(["check", str(page), "--no-readability"]) == 0
        capsys.readouterr()
        assert main(["check", str(page), "--no-readability", "--pack", str(pack)]) == 1
        out = capsys.readouterr().out
        assert "myth lakeview-copper-myth: No study shows copper tape helps." in out
        assert "  line 1: Put copper tape on your face after the visit." in out


class TestLibraryLogic:
    """What the command used to compute itself, now in the library (design review §2.6)."""

    def test_text_report_to_dict_round_trips_through_to_json(self) -> None:
        from microneedle_care.check import check_text

        text = "Microneedling pushes toxins out of your skin.\nPick at the scabs to help them."
        report = check_text(text, readability=False)
        assert report.findings
        assert json.loads(report.to_json("page.txt")) == report.to_dict("page.txt")
        data = report.to_dict("page.txt")
        assert data["file"] == "page.txt"
        assert [f["line"] for f in data["findings"]] == [None] * len(report.findings)  # type: ignore[union-attr]
        lines = report.to_dict("page.txt", line=lambda offset: 7)["findings"]
        assert {f["line"] for f in lines} == {7}  # type: ignore[index, union-attr]

    def test_text_report_format_matches_the_command(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """`check` prints TextReport.format with the file's line numbers, byte for byte."""
        from microneedle_care.check import _Lines, check_text

        text = "Hello.\nMicroneedling pushes toxins out of your skin.\n"
        page = tmp_path / "page.txt"
        page.write_text(text, encoding="utf-8")
        main(["check", str(page), "--no-readability"])
        report = check_text(text, readability=False)
        expected = report.format(str(page), line=_Lines.of_text(text).line)
        assert capsys.readouterr().out == expected + "\n"
        assert "  line 2: Microneedling" in expected
        assert "  offset 7: Microneedling" in report.format(str(page))

    def test_format_escapes_control_characters(self) -> None:
        from microneedle_care.check import check_text

        report = check_text("Microneedling pushes toxins out of your skin.", readability=False)
        assert "\x1b" not in report.format("a\x1b[2Jb.txt")
        assert report.format("a\x1b[2Jb.txt").startswith("a\\x1b[2Jb.txt: 1 myth(s)")

    def test_check_pack_reports_reworded_myths_and_skips_own_myths(self) -> None:
        from microneedle_care.check import check_pack
        from microneedle_care.loading import parse_pack

        data = json.loads(json.dumps(MYTH_PACK))
        step = CATALOG.aftercare_steps[0].id
        data["pack"]["replace"] = [{"id": step, "action": "Microneedling detoxes your skin."}]
        pack = parse_pack(data)
        catalog = CATALOG.with_pack(pack)
        found = check_pack(pack, catalog, readability=False)
        assert [f.path for f in found] == ["$.pack.replace[0].action"]
        assert found[0].message == (
            "$.pack.replace[0].action: states the myth 'detoxifies-skin':"
            " Microneedling detoxes your skin."
        )

    def test_validate_file_on_good_files(self, tmp_path: Path) -> None:
        from microneedle_care.loading import dumps, validate_file

        content = tmp_path / "content.json"
        content.write_text(dumps(CATALOG), encoding="utf-8")
        assert validate_file(content) == CATALOG
        pack = tmp_path / "pack.json"
        pack.write_text(json.dumps(MYTH_PACK), encoding="utf-8")
        merged = validate_file(str(pack))
        assert "lakeview-copper-myth" in merged
        assert [p.name for p in merged.packs] == ["Lakeview"]

    @pytest.mark.parametrize(
        "text",
        [
            "{not json",
            json.dumps({"pack": {"name": "x", "version": "1", "hide": ["nope"]}}),
            json.dumps({"content_version": "1.0.0"}),
        ],
    )
    def test_validate_file_on_bad_files(self, tmp_path: Path, text: str) -> None:
        from microneedle_care.loading import validate_file

        path = tmp_path / "bad.json"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(mc.ContentError) as error:
            validate_file(path)
        assert str(path) in str(error.value)

    def test_validate_file_on_a_missing_file(self, tmp_path: Path) -> None:
        from microneedle_care.loading import validate_file

        with pytest.raises(mc.ContentError):
            validate_file(tmp_path / "missing.json")


class TestKinds:
    def test_every_list_of_kinds_derives_from_the_registry(self) -> None:
        """_rules, catalog, _locale, check_pack, the command and the docs agree with KINDS."""
        from microneedle_care import _locale, _rules, catalog
        from microneedle_care.cli import content
        from microneedle_care.model import KINDS, ContentPack

        attributes = tuple(kind.attribute for kind in KINDS)
        assert attributes == _rules.KINDS
        assert attributes == tuple(
            f.name for f in attrs_fields(ContentPack) if f.name in attributes
        )
        assert {kind.item: kind.label for kind in KINDS} == catalog._KIND_NAMES
        assert tuple(k.attribute for k in KINDS if k.translated) == _locale._TRANSLATED_KINDS
        assert {kind.cli_name: kind.attribute for kind in KINDS} == content._LISTS
        assert list(content._LISTS) == [
            "causes", "risk-factors", "steps", "warning-signs", "myths", "references", "treatments",
            "reporting-routes",
        ]  # fmt: skip
        for kind in KINDS:
            assert all(type(item) is kind.item for item in getattr(CATALOG, kind.attribute))
            assert kind.title_field in {f.name for f in attrs_fields(kind.item)}

    def test_the_docs_extension_derives_its_kinds(self) -> None:
        """The docs' catalogue takes its kinds and item titles from KINDS (no sphinx here)."""
        ext = Path(__file__).parent.parent / "docs" / "_ext" / "microneedle_care_docs.py"
        source = ext.read_text(encoding="utf-8")
        assert (
            'KINDS = {kind.attribute.replace("_", "-"): kind.attribute'
            " for kind in mc.model.KINDS}" in source
        )
        assert (
            "TITLE_FIELDS = {kind.attribute: kind.title_field for kind in mc.model.KINDS}"
            in source
        )


def attrs_fields(cls: type) -> tuple[Any, ...]:
    import attrs

    return tuple(attrs.fields(cls))

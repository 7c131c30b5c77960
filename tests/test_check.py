"""Checking a clinic's own text: myths, advice against the aftercare, reading level."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import microneedle_care as mc
from microneedle_care import _patterns, check, readability
from microneedle_care._i18n import normalise
from microneedle_care.cli import main

LABELLED = Path(__file__).parent / "data" / "labelled_claims.tsv"
HELD_OUT = Path(__file__).parent / "data" / "heldout_claims.tsv"

BLOG = """\
<h1>Glow up with microneedling!</h1>
<p>Microneedling is the ultimate detox for your face, pushing toxins and impurities out
through thousands of tiny channels. Don't worry if you break out in the first week: purging
is a sign the treatment is working. While the channels are open, apply your vitamin C serum
right after treatment so it absorbs deeper. Feel free to hit the sauna the same evening to
boost circulation and accelerate the revitalization of your complexion. Our comprehensive
collagen-induction methodology facilitates unprecedented dermatological rejuvenation
outcomes for discerning clientele.</p>
<script>track("blog")</script>
"""

CORRECTED = """\
<h1>After your microneedling</h1>
<p>Your skin may be red and a bit swollen for a few days. That is normal. Some people get
pimples after treatment. A breakout does not mean the treatment is working, so show it to us.
Use only the products we give you in the first week. Skip the sauna and hot tub for about
3 days. Call us the same day if redness spreads or you have a fever.</p>
"""


def _labelled(path: Path = LABELLED) -> list[tuple[str, set[str], str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        locale, expected, sentence = line.split("\t")
        rows.append((locale, set() if expected == "-" else set(expected.split(",")), sentence))
    return rows


def _found(report: check.TextReport) -> set[str]:
    return {f.myth.id for f in report.myths} | {f"step:{f.step.id}" for f in report.advice}


def _measure(rows: list[tuple[str, set[str], str]], what: str) -> tuple[float, float]:
    """Check every sentence, print precision and recall over *rows*, and return them."""
    tp = fp = fn = 0
    for locale, expected, sentence in rows:
        got = _found(check.check_text(sentence, locale=locale, readability=False))
        tp += len(got & expected)
        fp += len(got - expected)
        fn += len(expected - got)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(
        f"\ntext checker, {len(rows)} {what}:"
        f" precision {precision:.3f}, recall {recall:.3f} (tp {tp}, fp {fp}, fn {fn})"
    )
    return precision, recall


class TestLabelledSet:
    def test_precision_and_recall(self) -> None:
        """On the labelled sentences, precision and recall are both at least 0.9 (printed)."""
        rows = _labelled()
        assert len(rows) >= 60
        assert sum(1 for _, expected, _ in rows if not expected) >= 25  # near misses
        precision, recall = _measure(rows, "labelled sentences")
        assert precision >= 0.9
        assert recall >= 0.9

    def test_held_out_set(self) -> None:
        """On sentences never used to tune the patterns, the measure is printed as it is.

        Measured at release: precision 0.93, recall 0.68. The bars below only guard against
        getting worse; raising recall on unseen wording is open work.
        """
        precision, recall = _measure(_labelled(HELD_OUT), "held-out sentences")
        assert precision >= 0.9
        assert recall >= 0.65

    @pytest.mark.parametrize("myth", mc.load(locale="fr").myths, ids=lambda m: m.id)
    def test_every_myth_has_english_and_french_phrasings(self, myth: mc.Myth) -> None:
        """Each myth carries several phrasings, in English and in French.

        The French ones are in the French file, so the French catalog has both.
        """
        locales = [p.locale for p in myth.phrasings]
        assert locales.count("en") >= 1
        assert locales.count("fr") >= 1
        assert len(myth.phrasings) >= 2

    @pytest.mark.parametrize("myth", mc.load().myths, ids=lambda m: m.id)
    def test_each_myth_claim_is_caught_and_its_refutation_is_not(self, myth: mc.Myth) -> None:
        """The myth's own claim is found; the same claim refuted as a myth is not."""
        found = check.check_text(myth.claim, readability=False)
        assert myth.id in {f.myth.id for f in found.myths}
        refuted = check.check_text(f"It is a myth that {myth.claim[0].lower()}{myth.claim[1:]}")
        assert myth.id not in {f.myth.id for f in refuted.myths}


class TestCheckText:
    def test_finding_carries_correction_references_and_position(self) -> None:
        """A myth finding has the sentence, where it starts, the correction and its sources."""
        text = "Welcome. Microneedling flushes toxins out of your pores."
        (finding,) = check.check_text(text, readability=False).myths
        assert finding.myth.id == "detoxifies-skin"
        assert text[finding.start :].startswith(finding.sentence)
        assert finding.correction == mc.load().myth("detoxifies-skin").correction
        assert [r.id for r in finding.references] == ["klein-2015-detox-review"]

    def test_advice_finding_names_the_step_and_its_timing(self) -> None:
        """Advice against a step names the step and the window it applies in."""
        (finding,) = check.check_text("Hit the sauna the same evening.", readability=False).advice
        assert finding.step.id == "no-sauna-or-hot-tub"
        assert finding.step.window.describe()

    def test_hard_sentences_and_overall_grade(self) -> None:
        """Sentences above grade 9 are reported with their grade; the text gets a score."""
        report = check.check_text(check.strip_html(BLOG))
        assert report.score is not None
        assert report.score.grade is not None
        assert report.hard_sentences
        for hard in report.hard_sentences:
            assert hard.score.grade is not None
            assert hard.score.grade > readability.HARD_GRADE

    def test_french(self) -> None:
        """French text is read with the French phrasings and the French reading measure."""
        report = check.check_text("Le microaiguilletage élimine les toxines.", locale="fr")
        assert [f.myth.id for f in report.myths] == ["detoxifies-skin"]
        assert report.score is not None
        assert report.score.grade is None
        assert report.locale == "fr-CA"

    def test_refuses_non_text(self) -> None:
        """Bytes or None are refused with our TypeError."""
        with pytest.raises(mc.InvalidTypeError):
            check.check_text(b"bytes")  # type: ignore[arg-type]

    @given(st.text(max_size=300))
    def test_any_text_is_checked_without_error(self, text: str) -> None:
        """Law: any string gives a report whose findings point into the text."""
        report = check.check_text(text, readability=False)
        for finding in report.findings:
            assert text[finding.start :].startswith(finding.sentence)

    def test_strip_html_drops_scripts_and_keeps_text(self) -> None:
        """HTML becomes its text; scripts and styles are dropped."""
        text = check.strip_html(BLOG)
        assert "track(" not in text
        assert "<p>" not in text
        assert "ultimate detox" in text

    def test_pattern_errors(self) -> None:
        """An empty alternative in a pattern is an error naming the pattern."""
        with pytest.raises(mc.InvalidValueError, match="empty alternative"):
            check.compile_pattern("detox | + skin")


class TestCommand:
    def test_blog_is_flagged_and_corrected_version_passes(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """The blog paragraph is flagged (myths, advice, grade); the corrected one passes."""
        blog = tmp_path / "blog.html"
        blog.write_text(BLOG, encoding="utf-8")
        assert main(["check", str(blog)]) == 1
        out = capsys.readouterr().out
        assert "myth detoxifies-skin" in out
        assert "myth breakout-means-it-is-working" in out
        assert "against no-sauna-or-hot-tub" in out
        assert "sources: klein-2015-detox-review" in out
        assert "hard to read: grade" in out
        fixed = tmp_path / "fixed.html"
        fixed.write_text(CORRECTED, encoding="utf-8")
        assert main(["check", str(fixed)]) == 0
        out = capsys.readouterr().out
        assert "0 myth(s), 0 against the aftercare, 0 hard sentence(s)" in out

    def test_json_format(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        """--format json lists each finding with its kind, id, line and sources."""
        path = tmp_path / "sheet.md"
        path.write_text("# Aftercare\n\nMicroneedling detoxes your skin.\n", encoding="utf-8")
        assert main(["check", "--format", "json", str(path)]) == 1
        (report,) = json.loads(capsys.readouterr().out)
        (finding,) = [f for f in report["findings"] if f["kind"] == "myth"]
        assert finding["id"] == "detoxifies-skin"
        assert finding["line"] == 3
        assert finding["references"] == ["klein-2015-detox-review"]

    def test_missing_file_is_one_line(self, tmp_path: Path) -> None:
        """A file that cannot be read: one line on stderr, exit 2."""
        result = subprocess.run(
            [sys.executable, "-m", "microneedle_care", "check", str(tmp_path / "none.txt")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1

    def test_validate_warns_about_a_packs_own_wording(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """validate warns about myths in a clinic pack's wording; --strict makes it exit 1."""
        pack = {
            "pack": {
                "name": "Lakeview",
                "version": "1",
                "replace": [
                    {"id": "wash-gently", "action": "Wash gently; your skin is purging toxins."}
                ],
            }
        }
        path = tmp_path / "pack.json"
        path.write_text(json.dumps(pack), encoding="utf-8")
        assert main(["validate", str(path)]) == 0
        err = capsys.readouterr().err
        assert "warning: $.pack.replace[0].action: states the myth 'detoxifies-skin'" in err
        assert main(["validate", "--strict", str(path)]) == 1
        assert "error: $.pack.replace[0].action" in capsys.readouterr().err


def _run_check(tmp_path: Path, name: str, content: str, *extra: str) -> tuple[int, str]:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "microneedle_care", "check", "--no-readability", *extra, str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    return result.returncode, result.stdout + result.stderr


def _seconds(function: object, *args: object) -> float:
    """CPU seconds of one call: the machine is shared, so wall time measures the others."""
    import time

    start = time.process_time()
    function(*args)  # type: ignore[operator]
    return time.process_time() - start


class TestHardening:
    """Attack 0.5.0, M13-M17, L1 and L18, and issue 17 item 5."""

    def test_line_numbers_are_linear_in_the_findings(self, tmp_path: Path) -> None:
        """M13: a finding's line is looked up, not counted from the start each time."""
        from microneedle_care.cli import _read_text

        small = tmp_path / "small.txt"
        large = tmp_path / "large.txt"
        small.write_text("Microneedling detoxes skin.\n" * 10_000, encoding="utf-8")
        large.write_text("Microneedling detoxes skin.\n" * 40_000, encoding="utf-8")
        _, lines = _read_text(str(large))

        def lookups(n: int) -> None:
            for offset in range(0, 28 * n, 28):
                lines.line(offset)

        assert lines.line(28 * 39_999) == 40_000
        ratio = _seconds(lookups, 40_000) / max(_seconds(lookups, 10_000), 1e-6)
        assert ratio < 8  # 4 times the findings; quadratic would be 16

    @given(st.text(alphabet="ab\n", max_size=60), st.data())
    def test_plain_text_lines_agree_with_counting(self, text: str, data: st.DataObject) -> None:
        """Law: in plain text, a line is one more than the newlines before the offset."""
        offset = data.draw(st.integers(0, len(text)))
        assert check._Lines.of_text(text).line(offset) == text.count("\n", 0, offset) + 1

    @pytest.mark.parametrize("unit", ["<a", "</", "<?", "&#", "<div>", "<a b<b<b", "<p>x"])
    def test_html_is_read_in_linear_time(self, unit: str) -> None:
        """M14: markup repeated to 1 MB took minutes (quadratic). Four times the markup now
        takes well under eight times as long (quadratic gives 16): a law of growth, not a
        stopwatch, so a busy machine or a parallel run does not fail it. Each size is timed
        twice and the faster run kept."""
        quarter = unit * (250_000 // len(unit))

        def best(text: str) -> float:
            return min(_seconds(check.strip_html, text) for _ in range(2))

        small, large = best(quarter), best(quarter * 4)
        assert large / max(small, 1e-3) < 8

    @pytest.mark.parametrize("markup", ["<![ ]>", "<![<![", "<![]", "<![a[", "<![\n"])
    def test_malformed_marked_sections_do_not_fail(self, markup: str, tmp_path: Path) -> None:
        """M15: a malformed marked section is a bogus comment, not a traceback (exit 1)."""
        code, out = _run_check(tmp_path, "c.html", f"<p>It heals.</p>{markup}")
        assert code == 0, out
        assert "Traceback" not in out

    def test_unclosed_head_does_not_hide_the_body(self, tmp_path: Path) -> None:
        """M16: </head> is optional in HTML5; the body after it is checked."""
        page = "<head><title>x</title><meta charset=utf-8><body>Microneedling detoxes your skin."
        code, out = _run_check(tmp_path, "h.html", page)
        assert code == 1
        assert "myth detoxifies-skin" in out

    def test_terminal_controls_in_the_text_are_escaped(self, tmp_path: Path) -> None:
        """M17: ESC, OSC, BEL and NUL from the checked file never reach the terminal raw."""
        code, out = _run_check(
            tmp_path, "e.txt", "Microneedling \x1b]0;pwned\x07\x1b[2J\x00 detoxes skin."
        )
        assert code == 1
        assert "myth detoxifies-skin" in out
        assert not {"\x1b", "\x07", "\x00"} & set(out)
        assert "\\x1b]0;pwned\\x07" in out

    def test_terminal_controls_in_the_file_name_are_escaped(self, tmp_path: Path) -> None:
        """L1: a file name with ESC is printed with the escape, not raw, in the header."""
        code, out = _run_check(tmp_path, "a\x1b[31m.txt", "It heals.")
        assert code == 0
        assert "\x1b" not in out
        assert "a\\x1b[31m.txt: 0 myth(s)" in out

    @pytest.mark.parametrize(
        "sentence",
        [
            "Microneedling de\u00adtoxes skin.",  # soft hyphen
            "Microneedling de\u200btoxes skin.",  # zero-width space
            "Microneedling de\u2060toxes skin.",  # word joiner
            "Microneedling d\u0435toxes skin.",  # Cyrillic e
            "Micr\u043eneedling det\u03bfxes skin.",  # Cyrillic and Greek o
            "\uff2d\uff49\uff43\uff52\uff4f\uff4e\uff45\uff45\uff44\uff4c\uff49\uff4e\uff47"
            " \uff44\uff45\uff54\uff4f\uff58\uff45\uff53 skin.",  # full-width
        ],
    )
    def test_invisible_and_look_alike_characters_do_not_hide_a_myth(self, sentence: str) -> None:
        """L18: text is normalised (NFKC, no format characters, homoglyphs) before matching."""
        found = check.check_text(sentence, readability=False)
        assert [f.myth.id for f in found.myths] == ["detoxifies-skin"]
        assert found.myths[0].sentence == sentence  # reported as written

    def test_every_format_character_is_dropped(self) -> None:
        """Every character of Unicode category Cf is removed before matching."""
        import unicodedata

        cf = [chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"]
        assert _patterns._INVISIBLE.sub("", "".join(cf)) == ""

    def test_a_negation_with_a_soft_hyphen_still_refutes(self) -> None:
        """Normalising does not turn a refutation into a finding."""
        sentence = "Microneedling does n\u00adot detox skin."
        assert not check.check_text(sentence, readability=False).myths

    def test_html_line_numbers_are_lines_of_the_file(self, tmp_path: Path) -> None:
        """Issue 17: the line of a finding in HTML is its line in the HTML file."""
        page = (
            "<!doctype html>\n<html>\n<head>\n<style>\np { color: red }\n</style>\n"
            "<script>\nvar a = 1;\n</script>\n</head>\n<body>\n<h1>Aftercare</h1>\n"
            "<p>Your skin may be red.\nIt heals in days.</p>\n"
            "<p class='x'\n   id='y'>Microneedling\n<b>detoxes</b> your skin.</p>\n"
            "<ul><li>Wash gently.</li>\n<li>Purging is a sign the treatment is working.</li></ul>\n"
        )
        code, out = _run_check(tmp_path, "page.html", page, "--format", "json")
        assert code == 1
        (report,) = json.loads(out)
        lines = {f["id"]: f["line"] for f in report["findings"]}
        assert lines == {"detoxifies-skin": 16, "breakout-means-it-is-working": 19}

    def test_blocks_are_sentences_of_their_own(self) -> None:
        """A heading, a list item or a table cell does not run into the next block."""
        text = check.strip_html("<h2>Detox</h2><p>Wash gently.</p><ul><li>a</li><li>b</li></ul>")
        assert [s for _, s in readability.sentences(text)] == ["Detox", "Wash gently.", "a", "b"]


REAL_DEV = Path(__file__).parent / "data" / "real_pages_dev.tsv"
REAL_HELD_OUT = Path(__file__).parent / "data" / "real_pages_heldout.tsv"


def _page_is_held_out(url: str) -> bool:
    """The split, decided before any tuning: by page, a third of the pages held out."""
    import hashlib

    return int(hashlib.sha256(url.encode()).hexdigest(), 16) % 3 == 0


def _real(path: Path) -> list[tuple[str, str, set[str], str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        url, locale, expected, sentence = line.split("\t")
        rows.append((url, locale, set() if expected == "-" else set(expected.split(",")), sentence))
    return rows


def _measure_myths(rows: list[tuple[str, str, set[str], str]], what: str) -> tuple[float, float]:
    """Myth findings only: these sentences are labelled with the myths they state."""
    tp = fp = fn = 0
    for _, locale, expected, sentence in rows:
        report = check.check_text(sentence, locale=locale, readability=False)
        got = {f.myth.id for f in report.myths}
        tp += len(got & expected)
        fp += len(got - expected)
        fn += len(expected - got)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(
        f"\ntext checker, {len(rows)} {what} ({len({r[0] for r in rows})} pages):"
        f" precision {precision:.3f}, recall {recall:.3f} (tp {tp}, fp {fp}, fn {fn})"
    )
    return precision, recall


class TestRealPages:
    """Issue 22: the myth checker on sentences quoted from real pages."""

    def test_split_is_by_page_and_as_recorded(self) -> None:
        """Every page is wholly in the split its URL hash says; the sets are big enough."""
        dev, held_out = _real(REAL_DEV), _real(REAL_HELD_OUT)
        assert len(dev) >= 400
        assert not {r[0] for r in dev} & {r[0] for r in held_out}
        assert not any(_page_is_held_out(url) for url, *_ in dev)
        assert all(_page_is_held_out(url) for url, *_ in held_out)
        for url, _, _, sentence in dev + held_out:
            assert url.startswith(("http://", "https://"))
            assert sentence.strip() == sentence
            assert len(readability.sentences(sentence)) <= 3  # one sentence (a "!" may split)

    def test_development_split(self) -> None:
        """On the pages the patterns were tuned on: precision >= 0.9, recall >= 0.8."""
        precision, recall = _measure_myths(_real(REAL_DEV), "real sentences, development split")
        assert precision >= 0.9
        assert recall >= 0.8

    def test_held_out_split(self) -> None:
        """The 0.5.0-era held-out pages: measured twice before issue 22, so no longer untouched.

        Issue 22 tuned on them too (as development pages; 14 labels made consistent with the
        written conventions of tests/data/real_pages_test.tsv). Measured after that tuning:
        precision 0.94, recall 0.91 (0.5.0's phrasings: 0.93, 0.50; before issue 22's checker:
        0.83, 0.77); after the work on the third development file, 0.943 and 0.943. The
        untouched measure was TestFormerBlindSet, now a development file too.

        Since the work on the retired blind sets (2026-12-03): precision 0.846, recall 0.943.
        A breakout "is a normal part of the healing process" states the myth for the labels of
        the former test split and of both former blind sets (7 such rows there); four rows
        here, labelled before those conventions, say the same of breakouts and are labelled
        otherwise. They are left as labelled, and the bar is at the measure.
        """
        precision, recall = _measure_myths(_real(REAL_HELD_OUT), "real sentences, held out")
        assert precision >= 0.84
        assert recall >= 0.9


REAL_DEV2 = Path(__file__).parent / "data" / "real_pages_dev2.tsv"
REAL_TEST = Path(__file__).parent / "data" / "real_pages_test.tsv"
# The labels of the untouched test split, frozen before the checker ran on them (issue 22).
REAL_TEST_SHA256 = "64b4c690f91cb72bee5d22dad3c1a8fba3f37a46b40c05a10ce80dc672c95ce1"

# url, locale, myths stated, steps advised against (None: not labelled), sentence
Row = tuple[str, str, set[str], set[str] | None, str]


def _real_with_steps(path: Path) -> list[Row]:
    """Rows of url, locale, myths stated, steps advised against, sentence."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        url, locale, myths, steps, sentence = line.split("\t")
        rows.append(
            (
                url,
                locale,
                set() if myths == "-" else set(myths.split(",")),
                set() if steps == "-" else set(steps.split(",")),
                sentence,
            )
        )
    return rows


def assert_labelled_rows(rows: list[Row], locales: set[str]) -> None:
    """Every row of a labelled file: an address, a known locale, known myth and step ids."""
    catalog = mc.load()
    myths = {m.id for m in catalog.myths}
    steps = {s.id for s in catalog.aftercare_steps}
    for url, locale, stated, against, sentence in rows:
        assert url.startswith(("http://", "https://"))
        assert locale in locales
        assert stated <= myths, stated - myths
        assert against is not None
        assert against <= steps, against
        assert sentence.strip() == sentence


def _page_is_in_test_split(url: str) -> bool:
    """The issue 22 split, decided by address before labelling: three pages in four."""
    import hashlib

    return int(hashlib.sha256(f"issue22-test:{url}".encode()).hexdigest(), 16) % 4 != 0


def _ratio(good: int, bad: int) -> float:
    return good / (good + bad) if good + bad else float("nan")


def _scores(rows: list[Row], what: str) -> dict[str, float]:
    """Check every sentence; print and return myth P/R (overall, per language), per-myth and
    per-step recall, and contradiction P/R."""
    from collections import Counter

    counts: Counter[str] = Counter()
    per_item: dict[str, list[int]] = {}

    def add(key: str, n: int) -> None:
        counts[key] = counts.get(key, 0) + n

    for _, locale, myths, steps, sentence in rows:
        report = check.check_text(sentence, locale=locale, readability=False)
        got, advice = {f.myth.id for f in report.myths}, {f.step.id for f in report.advice}
        for key, expected, found in (("myth", myths, got), ("step", steps, advice)):
            if expected is None:  # a file that labels myths only
                continue
            for suffix in ("", f"-{locale}"):
                add(f"{key}-tp{suffix}", len(found & expected))
                add(f"{key}-fp{suffix}", len(found - expected))
                add(f"{key}-fn{suffix}", len(expected - found))
            for item in expected:
                per_item.setdefault(item, [0, 0])[0] += item in found
                per_item[item][1] += 1
    out = {
        "myth-p": _ratio(counts["myth-tp"], counts["myth-fp"]),
        "myth-r": _ratio(counts["myth-tp"], counts["myth-fn"]),
        "step-p": _ratio(counts["step-tp"], counts["step-fp"]),
        "step-r": _ratio(counts["step-tp"], counts["step-fn"]),
    }
    languages = sorted({r[1] for r in rows})  # the locales the rows are in
    for locale in languages:
        out[f"myth-p-{locale}"] = _ratio(counts[f"myth-tp-{locale}"], counts[f"myth-fp-{locale}"])
        out[f"myth-r-{locale}"] = _ratio(counts[f"myth-tp-{locale}"], counts[f"myth-fn-{locale}"])
    lines = [
        f"\ntext checker, {len(rows)} {what} ({len({r[0] for r in rows})} pages):",
        f"  myths: precision {out['myth-p']:.3f}, recall {out['myth-r']:.3f}"
        f" (tp {counts['myth-tp']}, fp {counts['myth-fp']}, fn {counts['myth-fn']})",
    ]
    for locale in languages:
        lines.append(
            f"  myths, {locale}: precision {out[f'myth-p-{locale}']:.3f},"
            f" recall {out[f'myth-r-{locale}']:.3f}"
            f" (tp {counts[f'myth-tp-{locale}']}, fp {counts[f'myth-fp-{locale}']},"
            f" fn {counts[f'myth-fn-{locale}']})"
        )
    lines.append(
        f"  against the aftercare: precision {out['step-p']:.3f}, recall {out['step-r']:.3f}"
        f" (tp {counts['step-tp']}, fp {counts['step-fp']}, fn {counts['step-fn']})"
    )
    for item, (found, total) in sorted(per_item.items()):
        out[f"recall:{item}"] = found / total
        lines.append(f"  recall of {item}: {found}/{total} = {found / total:.2f}")
    print("\n".join(lines))
    return out


class TestFormerTestSplit:
    """Issue 22's former test split, measured once 2026-12-02, now development data.

    The labels (tests/data/real_pages_test.tsv) were written by meaning and committed before
    the checker ran on any of them, and are frozen by their sha256. It was measured once, on
    2026-12-02, as the untouched test split: myths precision 0.935, recall 0.744 (English
    0.88, French 0.50), home rollers 1/4, advice against the aftercare 0/11. Measured, it
    became development data: the checker has been tuned on it since (the brief of the
    checker work, 2026-12-03). A new blind test set measures the checker now.
    """

    def test_labels_are_frozen_and_split_by_page(self) -> None:
        """The file is the one labelled before measuring; its pages are all its own."""
        import hashlib

        assert hashlib.sha256(REAL_TEST.read_bytes()).hexdigest() == REAL_TEST_SHA256
        test, dev2 = _real_with_steps(REAL_TEST), _real_with_steps(REAL_DEV2)
        assert all(_page_is_in_test_split(url) for url, *_ in test)
        assert not {r[0] for r in test} & {r[0] for r in dev2}
        old = {r[0] for r in _real(REAL_DEV) + _real(REAL_HELD_OUT)}
        assert not {r[0] for r in test} & old
        assert len(test) >= 150
        assert sum(1 for r in test if r[1] == "fr") >= 50
        catalog = mc.load()
        myths = {m.id for m in catalog.myths}
        steps = {s.id for s in catalog.aftercare_steps}
        for url, locale, stated, against, sentence in test + dev2:
            assert url.startswith(("http://", "https://"))
            assert locale in {"en", "fr"}
            assert stated <= myths
            assert against <= steps
            assert sentence.strip() == sentence

    def test_scores_on_the_former_test_split(self) -> None:
        """Scores printed; tuned on, so the bars guard against getting worse, no more.

        Measured 2026-12-03 after tuning (225 sentences, 54 pages, 79 French): myths
        precision 0.949, recall 0.949 (English 0.960, French 0.929); home rollers 2/4, every
        other myth 1.00; advice against the aftercare precision 0.75, recall 0.545 (6 of 11).
        After the work on the third development file (2026-12-03): myths precision 0.925
        (three sentences now read as a myth that the labels do not hold), recall 0.949.
        """
        out = _scores(_real_with_steps(REAL_TEST), "real sentences, former test split")
        assert out["myth-p"] >= 0.90
        assert out["myth-r"] >= 0.90
        for myth in (
            "detoxifies-skin",
            "load-open-channels-with-serums",
            "breakout-means-it-is-working",
            "shrinks-oil-glands",
        ):
            assert out[f"recall:{myth}"] >= 0.70
        assert out["recall:home-rollers-as-good-and-safe"] >= 0.50  # goal 0.70 not met: 2 of 4
        assert out["step-r"] >= 0.50  # goal 0.60 not met here: 6 of 11
        assert out["step-p"] >= 0.70
        assert abs(out["myth-r-en"] - out["myth-r-fr"]) <= 0.1  # the issue's goal
        assert out["myth-p-fr"] >= 0.90


REAL_TEST2 = Path(__file__).parent / "data" / "real_pages_test2.tsv"
# Labelled blind (the labeller never ran the checker nor read its patterns), frozen by this
# hash in commit cd8bf63 before the checker ever ran on it (issue 22).
REAL_TEST2_SHA256 = "1a4d6291f6f5de60a4c2a31969cf983f3c835948fbe7967b120355b2b1ee5e11"


class TestFormerBlindSet:
    """Issue 22's second blind set: retired into development on 2026-12-03 after its one
    measure; tuned on since.

    tests/data/real_pages_test2.tsv: 393 sentences from 137 pages on sites none of the
    earlier development files use (97 French, 28 pages; 120 positive: 93 myth rows, 27 advice
    rows), with each positive's reason in real_pages_test2.reasons.tsv. It was labelled blind
    (the labeller did not run the checker nor read its patterns) and committed with its hash
    before any measure. Measured, it became development data (the brief of 2026-12-03): its
    misses and false alarms were read, and the checker tuned on the kinds of wording they
    showed. A new blind set measures the checker now.
    """

    def test_labels_are_frozen_and_from_their_own_pages(self) -> None:
        """The file is the one frozen before measuring; no other file has its pages."""
        import hashlib

        assert hashlib.sha256(REAL_TEST2.read_bytes()).hexdigest() == REAL_TEST2_SHA256
        test = _real_with_steps(REAL_TEST2)
        assert len(test) >= 390
        assert sum(1 for r in test if r[1] == "fr") >= 90
        assert not {r[0] for r in test} & {r[0] for r in _all_development_rows(but=(REAL_TEST2,))}
        assert_labelled_rows(test, {"en", "fr"})

    def test_scores_on_the_former_blind_set(self) -> None:
        """Scores printed; tuned on since 2026-12-03, so the bars guard against getting worse.

        Measured once blind, 2026-12-03 (and a second time the same day, by mistake, while the
        checker was tuned on the third development file; nothing was tuned on either result):

        - myths: precision 0.804 then 0.812, recall 0.394 then 0.415; English recall 0.434
          then 0.474, French 0.222 then 0.167;
        - per myth (second measure): detoxifies-skin 8/10, load-open-channels-with-serums
          21/30, triggers-hormonal-changes 4/6, breakout-means-it-is-working 5/19,
          home-rollers-as-good-and-safe 1/26, own-blood-means-no-risk 0/2,
          clean-home-roller-is-safe 0/1;
        - advice against the aftercare: precision 0.538 then 0.583, recall 0.226 (7 of 31).

        After the work on the retired blind sets (2026-12-03), as development data: see the
        bars (myths 0.96 / 0.57, advice 0.71 / 0.39). Home rollers (1 of 26, most of them
        one French page praising a beard roller) are still missed: praise of a home device is
        worded too much like the neutral description of one to read safely.
        """
        out = _scores(_real_with_steps(REAL_TEST2), "real sentences, former blind set")
        assert out["myth-p"] >= 0.96
        assert out["myth-r"] >= 0.57
        assert out["myth-r-en"] >= 0.65
        assert out["myth-r-fr"] >= 0.22  # goal: within 0.1 of English, not met
        assert out["recall:detoxifies-skin"] >= 0.80
        assert out["recall:load-open-channels-with-serums"] >= 0.83
        assert out["recall:breakout-means-it-is-working"] >= 0.73  # 14 of 19
        assert out["recall:home-rollers-as-good-and-safe"] >= 0.03  # goal 0.70 not met
        assert out["recall:own-blood-means-no-risk"] >= 0.50
        assert out["step-r"] >= 0.38  # goal 0.60 not met
        assert out["step-p"] >= 0.70


REAL_TEST3 = Path(__file__).parent / "data" / "real_pages_test3.tsv"
REAL_TEST3_REASONS = Path(__file__).parent / "data" / "real_pages_test3.reasons.tsv"
# Labelled blind by a helper who never ran the checker nor read its code, data or any other
# file's rows; committed with these hashes before the checker ever ran on it (issue 22).
REAL_TEST3_SHA256 = "41294b1424f54c2d015d678a14fc2813368f68864b1f4bd8f6f675dfa3a1777e"
REAL_TEST3_REASONS_SHA256 = "7eebb605fb330aa5ddc7754c84b38261b946bfbc3bdff92fca1a84a84ab08d04"


class TestFormerBlindSet3:
    """Issue 22's third blind set: retired into development on 2026-12-03 after its one
    measure; tuned on since.

    tests/data/real_pages_test3.tsv: 453 sentences from 194 pages on 150 sites none of the
    other files use (145 French from 66 pages; 104 positive: 56 rows state a myth, 51 advise
    against a step), each positive's reason in real_pages_test3.reasons.tsv. Only 9 French
    rows are positive, so its French recall is a small-sample number. It was labelled blind
    and frozen by its hashes before the checker ever ran on it; measured once, it became
    development data (the brief of 2026-12-03). A new blind set measures the checker now.
    """

    def test_labels_are_frozen_and_from_their_own_pages(self) -> None:
        """The files are the ones frozen before measuring; no other file has its pages."""
        import hashlib

        assert hashlib.sha256(REAL_TEST3.read_bytes()).hexdigest() == REAL_TEST3_SHA256
        reasons = REAL_TEST3_REASONS.read_bytes()
        assert hashlib.sha256(reasons).hexdigest() == REAL_TEST3_REASONS_SHA256
        test = _real_with_steps(REAL_TEST3)
        assert len(test) >= 450
        assert sum(1 for r in test if r[1] == "fr") >= 140
        others = {r[0] for r in _all_development_rows(but=(REAL_TEST3,))}
        assert not {r[0] for r in test} & others
        assert_labelled_rows(test, {"en", "fr"})
        positives = sum(1 for r in test if r[2] or r[3])
        assert positives == 104

    def test_scores_on_the_former_third_blind_set(self) -> None:
        """Scores printed; tuned on since 2026-12-03, so the bars guard against getting worse.

        Measured once blind, 2026-12-03, right after the files were frozen (commit 164d825):

        - myths: precision 0.595, recall 0.446 (25 found, 17 false alarms, 31 missed);
          English 0.649 / 0.511, French 0.200 / 0.111 (1 of 9);
        - per myth: detoxifies-skin 6/6, load-open-channels-with-serums 16/22,
          clean-home-roller-is-safe 2/5, exosomes-are-approved-and-safe 1/4,
          breakout-means-it-is-working 0/6, own-blood-means-no-risk 0/8,
          home-rollers-as-good-and-safe 0/4, shrinks-oil-glands 0/1;
        - advice against the aftercare: precision 0.838, recall 0.544 (31 of 57).

        After the work on the retired blind sets (2026-12-03), as development data: see the
        bars (myths 0.83 / 0.71, advice 0.85 / 0.58).
        """
        out = _scores(_real_with_steps(REAL_TEST3), "real sentences, former third blind set")
        assert out["myth-p"] >= 0.83
        assert out["myth-r"] >= 0.71
        assert out["myth-r-en"] >= 0.72
        assert out["myth-r-fr"] >= 0.66  # 6 of 9: a small sample
        assert out["recall:detoxifies-skin"] >= 0.99
        assert out["recall:load-open-channels-with-serums"] >= 0.81
        assert out["recall:own-blood-means-no-risk"] >= 0.74
        assert out["recall:clean-home-roller-is-safe"] >= 0.79
        assert out["recall:breakout-means-it-is-working"] >= 0.66  # 4 of 6; goal 0.70 not met
        assert out["step-p"] >= 0.84
        assert out["step-r"] >= 0.57  # goal 0.60 not met


REAL_TEST4 = Path(__file__).parent / "data" / "real_pages_test4.tsv"
REAL_TEST4_REASONS = Path(__file__).parent / "data" / "real_pages_test4.reasons.tsv"
REAL_TEST4_SHA256 = "81a796696f4ca1e1d007157ca32be93ef603d2ec8b99ba46d13e879aa32410e3"
REAL_TEST4_REASONS_SHA256 = "839146f935e7a1f187bb0b7aaa671d59a02605ee41a8901e092b4dfc5a2d4b74"


class TestBlindTestSet4:
    """Issue 22: a fourth blind set, labelled after test2 and test3 were retired into development.

    tests/data/real_pages_test4.tsv: 369 sentences from 225 pages on 200 sites (115 French;
    73 positive: 49 rows state a myth, 27 step labels), none of whose pages another file
    uses, labelled blind by one helper and read row by row by a second blind reader (who
    added one step to 3 rows) before the checker ever ran on it. Only 6 French rows are
    positive and no unused page stated the breakout or hormone myths, so the French recall
    and those myths' recall are not measured here. Never tune on it.
    """

    def test_labels_are_frozen_and_unseen(self) -> None:
        """The files are the ones frozen before measuring; no page is in another file."""
        import hashlib

        assert hashlib.sha256(REAL_TEST4.read_bytes()).hexdigest() == REAL_TEST4_SHA256
        reasons = REAL_TEST4_REASONS.read_bytes()
        assert hashlib.sha256(reasons).hexdigest() == REAL_TEST4_REASONS_SHA256
        test = _real_with_steps(REAL_TEST4)
        assert len(test) == 369
        assert sum(1 for r in test if r[1] == "fr") == 115
        others = {r[0] for r in _all_development_rows()}
        others |= {r[0] for path in (REAL_TEST2, REAL_TEST3) for r in _real_with_steps(path)}
        assert not {r[0] for r in test} & others
        assert_labelled_rows(test, {"en", "fr"})
        assert sum(1 for r in test if r[2] or r[3]) == 73

    def test_scores_on_the_fourth_blind_set(self) -> None:
        """Scores printed. Measured once, 2026-12-03, right after the labels were read and
        refrozen (commit 904a98c), on the checker of commit c1a7068:

        - myths: precision 0.676, recall 0.510 (25 found, 12 false alarms, 24 missed);
          English 0.750 / 0.558, French 0.200 / 0.167 (1 of 6);
        - per myth: load-open-channels-with-serums 20/22, clean-home-roller-is-safe 3/4,
          shrinks-oil-glands 1/2, own-blood-means-no-risk 1/9, home-rollers-as-good-and-safe
          0/9, detoxifies-skin 0/2, exosomes-are-approved-and-safe 0/1;
        - advice against the aftercare: precision 0.895, recall 0.500 (17 of 34).

        Better than the third blind set's single measure (myths 0.60 / 0.45, advice 0.84 /
        0.54), short of every goal but the channel myth's recall (precision 0.90, recall 0.80,
        each myth 0.70, advice 0.60, French within 0.1 of English). The bars are what was
        measured, so that a change that loses more fails here.
        """
        out = _scores(_real_with_steps(REAL_TEST4), "real sentences, fourth blind test set")
        assert out["myth-p"] >= 0.67  # goal 0.90 not met
        assert out["myth-r"] >= 0.51  # goal 0.80 not met
        assert out["myth-r-en"] >= 0.55
        assert out["myth-r-fr"] >= 0.16  # 1 of 6: a small sample
        assert out["recall:load-open-channels-with-serums"] >= 0.90  # the goal (0.70) met
        assert out["recall:clean-home-roller-is-safe"] >= 0.75  # 3 of 4
        assert out["step-p"] >= 0.89
        assert out["step-r"] >= 0.50  # goal 0.60 not met


def _all_development_rows(but: tuple[Path, ...] = ()) -> list[Row]:
    """Every real-page development row (EN, FR), with steps where the file labels them.

    The former blind sets test2 and test3 are development files since 2026-12-03. *but*: a
    the files to leave out (to check that a file's pages are in no other file).
    """
    rows: list[Row] = []
    if REAL_DEV not in but:
        rows += [(url, loc, myths, None, s) for url, loc, myths, s in _real(REAL_DEV)]
    if REAL_HELD_OUT not in but:
        rows += [(url, loc, myths, None, s) for url, loc, myths, s in _real(REAL_HELD_OUT)]
    for path in (REAL_DEV2, REAL_TEST, REAL_DEV3, REAL_TEST2, REAL_TEST3):
        if path not in but:
            rows += _real_with_steps(path)
    return rows


REAL_DEV3 = Path(__file__).parent / "data" / "real_pages_dev3.tsv"
REAL_DEV3_REASONS = Path(__file__).parent / "data" / "real_pages_dev3.reasons.tsv"
# Labelled by meaning before the checker ran on any row, and frozen by this hash before any tuning.
REAL_DEV3_SHA256 = "031a32fab5ed86256289ba32bc27b76c1440186b3609f7c56654fe30fbd0b137"


def _host(url: str) -> str:
    from urllib.parse import urlparse

    host = urlparse(url).netloc.lower()
    return host.removeprefix("www.")


class TestDevelopmentSplit3:
    """Issue 22's third development file: real pages on sites no other file uses."""

    def test_labels_are_frozen_and_from_new_sites(self) -> None:
        """The file is the one labelled before tuning; its sites are in no other data file."""
        import hashlib

        assert hashlib.sha256(REAL_DEV3.read_bytes()).hexdigest() == REAL_DEV3_SHA256
        rows = _real_with_steps(REAL_DEV3)
        assert len(rows) >= 300
        assert sum(1 for r in rows if r[1] == "fr") >= len(rows) // 4
        # test3 was drawn later from sites of its own, but may share a site with this file.
        others = {r[0] for r in _all_development_rows(but=(REAL_DEV3, REAL_TEST3))}
        assert not {_host(r[0]) for r in rows} & {_host(url) for url in others}
        reasons = [
            line.split("\t")
            for line in REAL_DEV3_REASONS.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        ]
        assert [int(n) for n, _ in reasons] == list(range(1, len(rows) + 1))
        catalog = mc.load()
        myths = {m.id for m in catalog.myths}
        steps = {s.id for s in catalog.aftercare_steps}
        for url, locale, stated, against, sentence in rows:
            assert url.startswith(("http://", "https://"))
            assert locale in {"en", "fr"}
            assert stated <= myths, stated
            assert against is not None
            assert against <= steps, against
            assert sentence.strip() == sentence
            assert len(readability.sentences(sentence)) <= 3


class TestCrossValidationByPage:
    def test_five_folds_by_page(self) -> None:
        """The development pages in five folds by page (printed), every fold precise.

        The patterns are written by hand after reading all of the development pages, so the
        folds show how evenly the checker does across pages, not what unseen text would
        give: only a blind set says that. Steps count where a file labels them (the former
        test split and issue 22's development pages; the older files label myths only, so
        their step findings are not scored).
        """
        import hashlib

        # With the former blind sets in (2026-12-03, 2,582 sentences, 687 pages): myths
        # precision 0.89, 0.94, 0.95, 0.94 and 0.98; recall 0.86, 0.79, 0.71, 0.84 and 0.79
        # (the home-roller praise of the second blind set, 1 of 26, is in few folds).
        rows = _all_development_rows()
        fold = {
            url: int(hashlib.sha256(f"cv:{url}".encode()).hexdigest(), 16) % 5 for url, *_ in rows
        }
        for k in range(5):
            part = [r for r in rows if fold[r[0]] == k]
            out = _scores(part, f"real sentences, fold {k + 1} of 5 by page")
            assert out["myth-p"] >= 0.89
            assert out["myth-r"] >= 0.69


class TestDevelopmentSplit2:
    def test_development_split_with_steps(self) -> None:
        """Issue 22's development pages (tuned on): myths P >= 0.9 and R >= 0.8, printed."""
        out = _scores(_real_with_steps(REAL_DEV2), "real sentences, issue 22 development split")
        assert out["myth-p"] >= 0.9
        assert out["myth-r"] >= 0.8
        assert out["step-p"] >= 0.9
        assert out["step-r"] >= 0.7  # 3 of 4


def _ids(sentence: str, locale: str = "en") -> set[str]:
    report = check.check_text(sentence, locale=locale, readability=False)
    return {f.myth.id for f in report.myths} | {f"step:{f.step.id}" for f in report.advice}


class TestReadingClaims:
    """Issue 22: claims are read, not keywords; each case fails if its finding comes back."""

    @pytest.mark.parametrize(
        ("sentence", "expected"),
        [
            # Negation reaches its own clause only.
            (
                "Don't worry: purging is a sign the treatment is working.",
                {"breakout-means-it-is-working"},
            ),
            ("No downtime, and microneedling pushes toxins out of your skin.", {"detoxifies-skin"}),
            ("Microneedling does not detoxify the skin.", set()),
            # A refutation cue reaches its own side of a contrast only.
            (
                "Purging is often mistaken for a reaction, but it is a sign it is working.",
                {"breakout-means-it-is-working"},
            ),
            ("It is a myth that microneedling pushes toxins out of your skin.", set()),
            ("The idea that microneedling detoxes your skin isn't a thing.", set()),
            ("It is impossible for microneedling to flush toxins out of your pores.", set()),
            ("Some clinics claim to detox your skin with microneedling.", set()),
            ("Creams purported to detox the skin after microneedling do nothing.", set()),
            # The correction's own point.
            ("Your liver and kidneys, not your skin, remove toxins from the body.", set()),
            (
                "Your liver and kidneys clear waste; needling does not flush toxins out of skin.",
                set(),
            ),
            # A question is not a claim.
            ("Does microneedling detox your skin?", set()),
            # Mechanisms, impurities and trapped matter.
            (
                "Microneedling can bring underlying acne to the surface, causing a purge.",
                {"detoxifies-skin"},
            ),
            # Hormones named for another cause.
            ("Hormone changes during your period can cause breakouts after any treatment.", set()),
            (
                "Microneedling triggers hormonal changes that cause breakouts.",
                {"triggers-hormonal-changes"},
            ),
            # Home devices, named or not.
            ("Using a roller at home is safe.", {"home-rollers-as-good-and-safe"}),
            ("Professional treatments are much safer than DIY kits.", set()),
            # Warnings are not advice; hyaluronic acid is not an acid peel.
            ("Skip vitamin C right after treatment because it can sting.", set()),
            ("Avoid glycolic acid right after treatment.", set()),
            ("Products with vitamin C can be too harsh on freshly treated skin.", set()),
            # Advice against a step, with no time phrase.
            (
                "Vitamin C after microneedling can be very beneficial.",
                {"step:avoid-harsh-products"},
            ),
            ("You can sweat as usual after microneedling.", {"step:no-gym-first-day"}),
            ("If new spots pop up in areas you don't usually break out, tell us.", set()),
        ],
    )
    def test_english(self, sentence: str, expected: set[str]) -> None:
        assert _ids(sentence) == expected

    @pytest.mark.parametrize(
        ("sentence", "expected"),
        [
            (
                "Ne vous inquiétez pas : la purge est un signe que le traitement fonctionne.",
                {"breakout-means-it-is-working"},
            ),
            ("Le microaiguilletage n'élimine pas les toxines.", set()),
            ("Il est faux de dire que le microneedling élimine les toxines.", set()),
            ("Le foie et les reins éliminent les toxines, pas la peau.", set()),
            ("Évitez l'acide glycolique juste après la séance.", set()),
            (
                "Utiliser un dermaroller à la maison est sans danger.",
                {"home-rollers-as-good-and-safe"},
            ),
            (
                "Le microneedling permet de réguler le sébum de la peau grasse.",
                {"shrinks-oil-glands"},
            ),
        ],
    )
    def test_french(self, sentence: str, expected: set[str]) -> None:
        assert _ids(sentence, "fr") == expected

    def test_hyaluronic_acid_is_not_an_acid(self) -> None:
        """'acid*' no longer catches hyaluronic acid (it is still a serum on fresh skin)."""
        assert "step:avoid-harsh-products" not in _ids(
            "Hyaluronic acid is fine right after treatment."
        )
        assert "step:avoid-harsh-products" in _ids("Glycolic acid is fine right after treatment.")

    def test_plain_words_match_their_plural_and_gaps_their_fillers(self) -> None:
        """A small suffix folding: 'sign' matches 'signs'; '~' lets three words stand between."""
        (group,) = check.compile_pattern("sign")
        assert group.search("signs")
        assert group.search("sign")
        assert not group.search("signal")
        (gap,) = check.compile_pattern("enhanc* ~ absorption")
        assert gap.search("enhances the product absorption")
        assert not gap.search("enhances one two three four absorption")
        with pytest.raises(mc.InvalidValueError, match="between words"):
            check.compile_pattern("~ absorption")

    def test_checker_data_ships_and_is_checked(self) -> None:
        """data/checker.json is in the package; every phrasing names a known myth or step."""
        from importlib import resources

        raw = json.loads(
            resources.files("microneedle_care").joinpath("data", "checker.json").read_text("utf-8")
        )
        ids = {m.id for m in mc.load().myths} | {s.id for s in mc.load().aftercare_steps}
        assert {p["id"] for p in raw["phrasings"] + raw["vetoes"]} <= ids
        data = _patterns._checker_data()
        assert set(data.cues) == {"en", "fr-CA", "es-US"}
        assert set(raw["locales"]) == {"en", "fr-CA", "es-US"}  # keyed by canonical locale
        assert {p["locale"] for p in raw["phrasings"] + raw["vetoes"]} == {"en", "fr-CA", "es-US"}

    @pytest.mark.parametrize(
        ("raw", "message"),
        [
            ([], "version 1"),
            ({"version": 2, "locales": {}}, "version 1"),
            ({"version": 1, "locales": []}, "locales"),
            ({"version": 1, "locales": {"en": {"negations": "not"}}}, "negations"),
            ({"version": 1, "locales": {"en": {"negations": [], "masks": []}}}, "masks"),
            ({"version": 1, "locales": {}, "phrasings": [{"id": "x"}]}, "needs id, locale"),
            # One name per locale, as the message files have (issue 18 item 1).
            ({"version": 1, "locales": {"fr": {"negations": []}}}, "locales.fr: use 'fr-CA'"),
            (
                {
                    "version": 1,
                    "locales": {},
                    "vetoes": [{"id": "x", "locale": "fr", "pattern": "a"}],
                },
                "vetoes: use 'fr-CA'",
            ),
            (
                {
                    "version": 1,
                    "locales": {},
                    "vetoes": [{"id": "x", "locale": "en", "pattern": "|"}],
                },
                "empty alternative",
            ),
        ],
    )
    def test_checker_data_is_refused_with_our_error(self, raw: object, message: str) -> None:
        """Malformed checker data is an InvalidValueError naming what is wrong."""
        with pytest.raises(mc.InvalidValueError, match=message):
            _patterns._parse_checker_data(raw)


class TestSpeed:
    @given(st.text(alphabet=st.characters(max_codepoint=127), max_size=80))
    def test_ascii_short_cut_folds_as_fold_does(self, text: str) -> None:
        """Law: the ASCII short cut of the matcher gives what the general fold gives."""
        from microneedle_care._patterns import fold

        assert check._plain(text) == fold(text)

    def test_one_megabyte_of_html_is_checked_in_linear_time(self) -> None:
        """Issue 17: check on HTML is linear: 4 times the page takes well under 8 times."""
        page = "<p>Microneedling detoxes skin. Wash gently.</p>\n"

        def run(n: int) -> None:
            check.check_text(check.strip_html(page * n), readability=False)

        small, large = _seconds(run, 5_000), _seconds(run, 20_000)
        assert large / max(small, 1e-3) < 8


class TestEveryFindingSaysWhy:
    """Each finding carries the words that made it, where they are, and what they go against."""

    def test_myth_triggers_are_the_words_as_written(self) -> None:
        text = "Hello there. Microneedling pushes TOXINS out of your skin."
        (finding,) = check.check_text(text, readability=False).myths
        assert finding.triggers
        assert finding.triggers[0].start >= len("Hello there. ")
        assert all(text[t.start : t.end] == t.text for t in finding.triggers)
        assert {"toxins"} <= {w.lower() for t in finding.triggers for w in t.text.split()}

    def test_triggers_survive_invisible_and_look_alike_characters(self) -> None:
        text = "Microneedling de\u00adtoxes your sk\u0456n."  # soft hyphen, Cyrillic i
        (finding,) = check.check_text(text, readability=False).myths
        assert "de\u00adtoxes" in [t.text for t in finding.triggers]
        assert all(text[t.start : t.end] == t.text for t in finding.triggers)

    def test_a_mask_spans_the_words_it_replaced(self) -> None:
        text = "Apply hyaluronic acid serum right after your session."
        report = check.check_text(text, readability=False)
        assert {f.step.id for f in report.advice} == {"no-unapproved-serums"}
        assert all(text[t.start : t.end] == t.text for f in report.advice for t in f.triggers)

    @given(st.text(max_size=200))
    def test_every_trigger_is_a_slice_of_the_text(self, text: str) -> None:
        """Law: for any text, each trigger is ``text[start:end]``, inside its sentence."""
        report = check.check_text(text, readability=False)
        for finding in (*report.myths, *report.advice):
            for t in finding.triggers:
                assert text[t.start : t.end] == t.text
                assert finding.start <= t.start <= t.end <= finding.start + len(finding.sentence)

    def test_the_report_and_the_command_say_why(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        text = "Wait 48 hours, then restart your retinol."
        report = check.check_text(text, readability=False)
        (entry,) = report.to_dict()["findings"]  # type: ignore[misc]
        assert entry["id"] == "avoid-harsh-products"
        assert entry["allowed_from_hours"] == 48
        assert [t["text"] for t in entry["triggers"]] == ["48 hours", "retinol"]
        why = '    why: "48 hours" [5:13], "retinol" [33:40] (the text allows it from hour 48;'
        assert why in report.format()
        page = tmp_path / "page.txt"
        page.write_text(text, encoding="utf-8")
        assert main(["check", "--no-readability", str(page)]) == 1
        assert 'why: "48 hours" [5:13]' in capsys.readouterr().out


class TestTimeWindows:
    """Advice read against each step's window: a time said before its end goes against it."""

    @pytest.mark.parametrize(
        ("sentence", "expected"),
        [
            ("Wait 48 hours before applying vitamin C.", {("avoid-harsh-products", 48)}),
            ("Avoid retinol for 3 to 5 days.", {("avoid-harsh-products", 120)}),
            ("You can wear makeup the next morning.", {("no-makeup-first-day", 12)}),
            ("Saunas are fine after 24 hours.", {("no-sauna-or-hot-tub", 24)}),
            ("Hit the gym tonight if you feel up to it.", {("no-gym-first-day", 0)}),
            ("You can exercise after microneedling.", {("no-gym-first-day", None)}),
            ("Drink water and apply a hydrating serum.", {("no-unapproved-serums", None)}),
            ("Attendez 48 heures avant d'appliquer du rétinol.", {("avoid-harsh-products", 48)}),
            ("Vous pouvez vous maquiller le soir même.", {("no-makeup-first-day", 0)}),
            ("Vous pouvez vous maquiller le lendemain.", set()),  # day 2: the step allows it
            # As long as the step, or longer: no finding.
            ("Avoid makeup for 24 hours.", set()),
            ("Wait 7 days before you use retinol again.", set()),
            ("Skip the sauna and hot tub for about 3 days.", set()),
            ("Évitez le maquillage pendant 24 heures.", set()),
            # Before the treatment, a warning, a frequency, or the clinic's own product.
            ("Skip retinol a few days prior.", set()),
            ("Exercise right after can irritate your skin.", set()),
            ("Use only the serum your clinic gives you.", set()),
            ("Immediately after the treatment, we apply a soothing serum.", set()),
            # The skin peeling or flaking on its own is not a product.
            ("Your skin may peel for a few days.", set()),
            ("Your skin will naturally exfoliate over 3 to 5 days.", set()),
            ("Appliquer un sérum hydratant après la séance.", {("no-unapproved-serums", None)}),
            ("Stay out of the sun for 12 hours.", {("shade-first-day", 12)}),
            ("Skip the pool for 48hrs.", {("no-swimming", 48)}),
            ("Wait thirty-six hours before the sauna.", {("no-sauna-or-hot-tub", 36)}),
            ("Apply the serum we gave you tonight.", set()),
            ("Is it safe to exercise after microneedling?", set()),
        ],
    )
    def test_windows(self, sentence: str, expected: set[tuple[str, int | None]]) -> None:
        french = ("Attendez", "Vous", "Évitez", "Appliquer")
        locale = "fr" if sentence.startswith(french) else "en"
        report = check.check_text(sentence, locale=locale, readability=False)
        assert {(f.step.id, f.allowed_from_hours) for f in report.advice} == expected


@pytest.mark.parametrize(
    ("sentence", "locale", "expected"),
    [
        ("Home microneedling pens give the same results as a clinic.", "en", True),
        ("Le microneedling à domicile donne les mêmes résultats qu'en institut.", "fr", True),
        ("Home devices won't give the same results as a clinic.", "en", False),
        ("Can microneedling be done safely and effectively at home?", "en", False),
    ],
)
def test_home_device_claims_with_no_device_named(
    sentence: str, locale: str, expected: bool
) -> None:
    """Home-needling claims said as a comparison with the clinic; refusals and questions not."""
    found = {f.myth.id for f in check.check_text(sentence, locale=locale, readability=False).myths}
    assert ("home-rollers-as-good-and-safe" in found) is expected


@pytest.mark.slow
class TestLeaveOneFoldOut:
    def test_patterns_fitted_to_one_fold_are_left_out_when_it_is_scored(self) -> None:
        """A leave-one-fold-out estimate for the checker's own patterns (printed).

        The checker's phrasings and the things its steps forbid (``data/checker.json``) were
        written after reading the development pages. A pattern whose only unique true
        positives (found by no other pattern) are in one fold may have been written for that
        fold's sentences; it is left out when that fold is scored. Measured 2026-12-03 over
        the five folds by page: myths precision 0.95, recall 0.82; advice against a step
        precision 0.75, recall 0.40. With the former blind sets test2 and test3 in (2,582
        sentences, after the work on them, 2026-12-03): myths 0.944 / 0.676, advice 0.782 /
        0.477. (The cue words and the content's own phrasings are not left out, so this is
        still not a blind measure; tools/cv_checker.py leaves out one file at a time.)
        """
        import hashlib

        from microneedle_care import _advice

        data, activities = _patterns._checker_data(), _advice._data()[1]
        rows = _all_development_rows()

        def fold(url: str) -> int:
            return int(hashlib.sha256(f"cv:{url}".encode()).hexdigest(), 16) % 5

        def true_positives(indices: Iterable[int]) -> set[tuple[int, str]]:
            out = set()
            for i in indices:
                _, locale, myths, steps, sentence = rows[i]
                report = check.check_text(sentence, locale=locale, readability=False)
                out |= {(i, m) for m in {f.myth.id for f in report.myths} & myths}
                found = {f"step:{f.step.id}" for f in report.advice}
                out |= {(i, s) for s in found & {f"step:{s}" for s in steps or ()}}
            return out

        def without(table: dict[Any, tuple[Any, ...]], key: Any, j: int) -> Callable[[], None]:
            # The tables are edited in place: what check_text made of them is made again.
            old = table[key]
            table[key] = old[:j] + old[j + 1 :]
            check._readings.clear()

            def undo() -> None:
                table[key] = old
                check._readings.clear()

            return undo

        base = true_positives(range(len(rows)))
        at = sorted({i for i, _ in base})
        units = [(data.phrasings, k, j) for k, v in data.phrasings.items() for j in range(len(v))]
        units += [(activities, k, j) for k, v in activities.items() for j in range(len(v))]
        only_in: dict[int, list[tuple[Any, Any, int]]] = {k: [] for k in range(5)}
        for table, key, j in units:
            undo = without(table, key, j)
            try:
                lost = base - true_positives(at)
            finally:
                undo()
            folds = {fold(rows[i][0]) for i, _ in lost}
            if len(folds) == 1:
                only_in[folds.pop()].append((table, key, j))
        scores = []
        for k in range(5):
            undos = [without(t, key, j) for t, key, j in sorted(only_in[k], key=lambda u: -u[2])]
            try:
                part = [r for r in rows if fold(r[0]) == k]
                scores.append(_counts(part))
            finally:
                for undo in reversed(undos):
                    undo()
        total = {key: sum(s[key] for s in scores) for key in scores[0]}
        myth_p = _ratio(total["myth-tp"], total["myth-fp"])
        myth_r = _ratio(total["myth-tp"], total["myth-fn"])
        step_p = _ratio(total["step-tp"], total["step-fp"])
        step_r = _ratio(total["step-tp"], total["step-fn"])
        print(
            f"\nleave one fold out ({len(rows)} sentences, 5 folds by page): myths precision"
            f" {myth_p:.3f}, recall {myth_r:.3f}; against the aftercare precision {step_p:.3f},"
            f" recall {step_r:.3f}"
        )
        assert myth_p >= 0.90
        assert myth_r >= 0.67  # 0.676 with the former blind sets in (2026-12-03)
        assert step_r >= 0.30


def _counts(rows: list[Row]) -> dict[str, int]:
    """True and false positives and negatives of myths and steps over *rows*."""
    out = dict.fromkeys(("myth-tp", "myth-fp", "myth-fn", "step-tp", "step-fp", "step-fn"), 0)
    for _, locale, myths, steps, sentence in rows:
        report = check.check_text(sentence, locale=locale, readability=False)
        found = (("myth", myths, {f.myth.id for f in report.myths}),)
        if steps is not None:
            found += (("step", steps, {f.step.id for f in report.advice}),)
        for key, expected, got in found:
            out[f"{key}-tp"] += len(got & expected)
            out[f"{key}-fp"] += len(got - expected)
            out[f"{key}-fn"] += len(expected - got)
    return out


@pytest.mark.parametrize(
    "raw",
    [
        [],
        {"windows": {"en": {}}},
        {"windows": {"en": {"numbers": {"one": "x"}, "units": {}, "fixed": []}}},
        {"activities": [{"id": "no-gym-first-day"}]},
    ],
)
def test_time_window_data_is_refused_with_our_error(raw: object) -> None:
    """Law: malformed windows or activities in the checker's data raise InvalidValueError."""
    from microneedle_care import _advice

    with pytest.raises(mc.InvalidValueError, match=r"checker\.json"):
        _advice._parse(raw)


class TestThirdDevelopmentFile:
    """Issue 22: what the checker learned from tests/data/real_pages_dev3.tsv.

    Each case is a sentence of a kind the third development file showed the checker missing
    or flagging wrongly; each fails if that mistake comes back.
    """

    def test_scores_on_every_development_file(self) -> None:
        """Scores of each development file, printed; the bars are the values measured 2026-12-03.

        Before this work (the checker of commit 5fdd4c9) the third file scored myths
        precision 0.826, recall 0.458 (English 0.479, French 0.333) and advice precision
        0.333, recall 0.240; after it 1.000, 0.892 (0.901, 0.833) and 0.714, 0.400. Tuned on,
        so the bars guard against getting worse; only the blind set says what new text gives.
        """
        out = _scores(_real_with_steps(REAL_DEV3), "real sentences, third development file")
        assert out["myth-p"] >= 0.97
        assert out["myth-r"] >= 0.87
        assert out["myth-r-fr"] >= 0.80
        assert out["step-p"] >= 0.70
        assert out["step-r"] >= 0.40
        # Every development file, the former blind sets test2 and test3 in since 2026-12-03
        # (2,582 sentences): myths 0.940 / 0.804 (French recall 0.623), advice 0.793 / 0.508.
        every = _scores(_all_development_rows(), "real sentences, every development file")
        assert every["myth-p"] >= 0.94
        assert every["myth-r"] >= 0.80
        assert every["myth-r-fr"] >= 0.62
        assert every["step-p"] >= 0.79
        assert every["step-r"] >= 0.50

    @pytest.mark.parametrize(
        ("sentence", "locale", "expected"),
        [
            # Kinds now caught.
            (
                "Because PRP uses your own blood, there is minimal risk of infection.",
                "en",
                {"own-blood-means-no-risk"},
            ),
            (
                "As long as you clean your roller after each use, it is safe to reuse.",
                "en",
                {"clean-home-roller-is-safe"},
            ),
            (
                "Soak the roller in alcohol to disinfect it before the next use.",
                "en",
                {"clean-home-roller-is-safe"},
            ),
            (
                "The tiny channels let products penetrate deeper into the skin.",
                "en",
                {"load-open-channels-with-serums"},
            ),
            (
                "Microneedling improves the results of topical products.",
                "en",
                {"load-open-channels-with-serums"},
            ),
            # The first words not negated: the claim after "but" still counts.
            (
                "It does not stop oil production, but it improves the absorption of products.",
                "en",
                {"load-open-channels-with-serums"},
            ),
            (
                "Le microneedling élimine les saletés à la surface de la peau.",
                "fr",
                {"detoxifies-skin"},
            ),
            (
                "Some people popped the pimples that came up after their session, which is fine.",
                "en",
                {"step:breakout-do-not-squeeze"},
            ),
            # A warning counts in its own stretch of the sentence only.
            (
                "People can pop some whiteheads, but they should never pop inflamed acne.",
                "en",
                {"step:breakout-do-not-squeeze"},
            ),
            # "production" is not "product".
            ("Microneedling improves collagen production and results.", "en", set()),
            # False alarms now avoided: the same words said of something else.
            ("Laser treatments can shrink the sebaceous glands and reduce oil.", "en", set()),
            ("Retinoids can cause purging, a sign the skin is clearing.", "en", set()),
            (
                "Les rétinoïdes peuvent provoquer une purge, signe que la peau se nettoie.",
                "fr",
                set(),
            ),
            # Refutations and warnings.
            ("Microneedling is believed to detox the skin.", "en", set()),
            (
                "Il ne faut pas faire comme si le microneedling détoxifiait la peau.",
                "fr",
                set(),
            ),
            ("We advise against hitting the gym the same day.", "en", set()),
            ("Fight the urge to pick or squeeze any pimples.", "en", set()),
            # An infinitive with its own verb is a subject, not an order.
            ("Appliquer le minoxidil permet de meilleurs résultats.", "fr", set()),
        ],
    )
    def test_sentences(self, sentence: str, locale: str, expected: set[str]) -> None:
        assert _ids(sentence, locale) == expected

    @pytest.mark.parametrize(
        ("sentence", "locale"),
        [
            # A time counted from something else, said of another step's thing, or vague.
            ("Wait 24 hours after application of the serum before you wash.", "en"),
            (
                "Ne lavez pas les cheveux dans les 48 h qui suivent la séance, et évitez la "
                "piscine.",
                "fr",
            ),
            ("Wait a few days before applying retinol.", "en"),
            ("Avoid retinol for several days.", "en"),
            ("Évitez le rétinol pendant quelques jours.", "fr"),
        ],
    )
    def test_times_that_make_no_advice(self, sentence: str, locale: str) -> None:
        assert not check.check_text(sentence, locale=locale, readability=False).advice

    def test_a_number_or_a_title_does_not_cut_a_sentence(self) -> None:
        """The finding's sentence is the whole sentence, read past 'Dr.' and '0.25'."""
        sentence = "Dr. Lee uses 0.25 mm needles, so serums absorb deeper into the skin."
        (finding,) = check.check_text(sentence, readability=False).myths
        assert finding.myth.id == "load-open-channels-with-serums"
        assert finding.sentence == sentence
        assert finding.start == 0

    def test_the_one_pass_fold_reads_every_development_sentence_alike(self) -> None:
        """An ASCII sentence, folded in one pass, reads as the general fold reads it (a soft
        hyphen, which the fold drops, sends the same sentence down the general path)."""
        data = check._checker_data()
        for _, locale, *_, sentence in _all_development_rows():
            if not sentence.isascii():
                continue
            cues = data.cues[normalise(locale)]
            one_pass = _patterns._Sentence.read(sentence, cues)
            general = _patterns._Sentence.read(sentence + "\u00ad", cues)
            assert one_pass == general, sentence


class TestLessonsOfTheRetiredBlindSets:
    """Issue 22: the kinds of wording the retired blind sets (test2, test3) showed the checker
    missing or flagging wrongly, in sentences written for this test (none is a row of a file):
    each fails if that kind of mistake comes back."""

    @pytest.mark.parametrize(
        ("sentence", "locale", "expected"),
        [
            # "not yet" is a negation, not a new clause opened by "yet".
            ("Exosomes are not yet FDA approved.", "en", set()),
            # "not X but rather Y" states Y.
            (
                "This is no cause for worry but rather a sign that the treatment is working.",
                "en",
                {"breakout-means-it-is-working"},
            ),
            # The channel claim given as a caution is not sold as a benefit.
            (
                "The needles make your skin more receptive to serums, but also more vulnerable.",
                "en",
                set(),
            ),
            (
                "Tiny channels let serums absorb deeper, so choose products with care and caution.",
                "en",
                set(),
            ),
            (
                "Mais attention : après le microneedling, les actifs pénètrent mieux dans la peau.",
                "fr",
                set(),
            ),
            (
                "Après le microneedling, les actifs pénètrent mieux dans le derme.",
                "fr",
                {"load-open-channels-with-serums"},
            ),
            # Hearsay and "remains to be proven" refute.
            ("Products promising to detoxify the skin are everywhere.", "en", set()),
            ("Ces bienfaits restent à prouver : les exosomes seraient sans danger.", "fr", set()),
            # The body's detox by water is not the skin myth.
            ("Drinking water helps flush toxins out of your skin.", "en", set()),
            # "longer than expected" is not "expected".
            ("If the purge lasts longer than expected, call us.", "en", set()),
            # Claim families: subject and predicate.
            (
                "Because PRP uses your own blood, it is very safe.",
                "en",
                {"own-blood-means-no-risk"},
            ),
            (
                "Le PRP est bien toléré, car il vient de votre propre sang.",
                "fr",
                {"own-blood-means-no-risk"},
            ),
            (
                "Clean your roller with alcohol after each use to prevent infection.",
                "en",
                {"clean-home-roller-is-safe"},
            ),
            (
                "Les exosomes présentent une vraie innocuité.",
                "fr",
                {"exosomes-are-approved-and-safe"},
            ),
            (
                "Your breakouts are a normal part of the healing process.",
                "en",
                {"breakout-means-it-is-working"},
            ),
            # Another symptom said to show it works is not the breakout myth.
            ("Redness and swelling are a sign that the treatment is working.", "en", set()),
        ],
    )
    def test_kinds_of_wording(self, sentence: str, locale: str, expected: set[str]) -> None:
        """Each sentence states exactly the myths expected, and every finding says why."""
        report = check.check_text(sentence, locale=locale, readability=False)
        assert {f.myth.id for f in report.myths} == expected
        assert all(f.triggers for f in report.myths)

    @pytest.mark.parametrize(
        ("sentence", "step", "hours"),
        [
            # A step that only starts later is read against its start (back to the usual
            # routine from day 7).
            (
                "After 2 days you can return to your regular skincare routine.",
                "back-to-usual-routine",
                48,
            ),
            ("Active skincare can be resumed after day 2.", "avoid-harsh-products", 24),
            ("Wait 48 hours before any water-based activities.", "no-swimming", 48),
        ],
    )
    def test_advice_read_against_the_windows(self, sentence: str, step: str, hours: int) -> None:
        """The advice is found, with the hour it allows the thing and its trigger words."""
        (finding,) = check.check_text(sentence, readability=False).advice
        assert finding.step.id == step
        assert finding.allowed_from_hours == hours
        assert finding.triggers

    def test_a_week_is_not_too_soon_for_the_usual_routine(self) -> None:
        """Back to the usual routine after a week is what the step says: no finding."""
        sentence = "You can go back to your usual routine after a week."
        assert check.check_text(sentence, readability=False).advice == ()

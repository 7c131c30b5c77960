"""PDF: the patient sheet through WeasyPrint, byte-stable, with every action in its text."""

from __future__ import annotations

import datetime
import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import microneedle_care as mc
from microneedle_care.cli import main
from microneedle_care.rendering._labels import labels_for
from microneedle_care.rendering._sheet import item_when

from .pdftext import (
    NEAR_EMPTY_COMPACT,
    NEAR_EMPTY_FULL,
    assert_last_page_not_near_empty,
    has_text,
    in_order,
    words_of,
)

weasyprint = pytest.importorskip("weasyprint", reason="the pdf extra (WeasyPrint) is missing")

CHECKLIST = mc.build_checklist(
    treatment_date=datetime.date(2026, 11, 25),
    risk_factors=["cold-sore-history"],
    clinic=mc.ClinicContact(name="Lakeview Skin Clinic", phone="905-555-0134"),
    prepared_for="Jane Doe",
)


def _text(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def test_is_a_pdf_and_byte_stable() -> None:
    """render(..., "pdf") gives PDF bytes, identical across runs."""
    first = mc.render(CHECKLIST, "pdf", compact=True)
    assert first.startswith(b"%PDF-")
    assert first == mc.render(CHECKLIST, "pdf", compact=True)
    assert first != mc.render(CHECKLIST, "pdf")


@pytest.mark.parametrize("locale", ["en", "fr", "es"])
def test_text_has_every_action_and_the_footer(tmp_path: Path, locale: str) -> None:
    """The PDF's text holds every step's action and, on each page, the footer."""
    checklist = mc.build_checklist(
        locale=locale, risk_factors=["cold-sore-history"], prepared_for="Jane Doe"
    )
    text = _text(mc.render(checklist, "pdf", compact=True), tmp_path)
    words = words_of(text)
    for section in checklist.sections:
        for item in section.items:
            assert has_text(item.step.action, words), item.step.id
    pages = text.count("\f")
    assert text.count(checklist.content_digest[:12]) >= pages
    assert text.count("Jane Doe") >= pages
    print(f"\nWeasyPrint PDF ({locale}, compact, one risk factor): {pages} Letter pages")


def _pages(pdf: bytes, tmp_path: Path) -> int:
    if shutil.which("pdfinfo") is None:
        pytest.skip("poppler-utils (pdfinfo) is not installed")
    path = tmp_path / "count.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    match = re.search(r"^Pages:\s+(\d+)", info.stdout, flags=re.M)
    assert match is not None
    return int(match.group(1))


SHEETS = {
    "default-en": {},
    "personalised-en": {
        "treatment_date": datetime.date(2026, 11, 25),
        "risk_factors": ["cold-sore-history", "darker-skin-or-dark-marks"],
        "clinic": mc.ClinicContact(name="Lakeview Skin Clinic", phone="905-555-0134"),
        "prepared_for": "Jane Doe",
    },
    "default-fr": {"locale": "fr"},
    "personalised-fr": {
        "locale": "fr",
        "treatment_date": datetime.date(2026, 11, 25),
        "risk_factors": ["cold-sore-history"],
        "clinic": mc.ClinicContact(name="Lakeview Skin Clinic", phone="905-555-0134"),
        "prepared_for": "Jeanne Tremblay",
    },
}
"""The sheets tests/test_browser.py prints in Chromium, so the two can be compared."""


def _words_per_page(pdf: bytes, tmp_path: Path) -> list[int]:
    pages = _text(pdf, tmp_path).split("\f")[: _pages(pdf, tmp_path)]
    return [len(page.split()) for page in pages]


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("name", sorted(SHEETS))
@pytest.mark.parametrize("compact", [True, False], ids=["compact", "full"])
def test_page_count(tmp_path: Path, name: str, paper: str, compact: bool) -> None:
    """The sheet fits 2 pages compact and 4 full, with no near-empty last page.

    In both languages, default and personalised, on both papers. French compact took 3
    pages until the print rules were tightened, and the personalised French compact sheet
    until the compact print rules (issue 19; see tests/test_browser.py).
    """
    checklist = mc.build_checklist(**SHEETS[name])  # type: ignore[arg-type]
    pdf = mc.render(checklist, "pdf", compact=compact, paper=paper)
    words = _words_per_page(pdf, tmp_path)
    variant = "compact" if compact else "full"
    print(f"\nWeasyPrint PDF ({name}, {variant}, {paper}): {len(words)} pages {words}")
    if not compact:
        assert len(words) <= 4
        assert_last_page_not_near_empty(words, NEAR_EMPTY_FULL)
    else:
        assert len(words) == 2
        assert_last_page_not_near_empty(words, NEAR_EMPTY_COMPACT)


def _word_heights(pdf: bytes, tmp_path: Path) -> list[tuple[str, float]]:
    """Each word of *pdf* with the height of its box, as ``pdftotext -bbox`` finds them."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    path = tmp_path / "bbox.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(
        ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        (html.unescape(m["word"]), float(m["y1"]) - float(m["y0"]))
        for m in re.finditer(
            r'<word xMin="[\d.]+" yMin="(?P<y0>[\d.]+)" xMax="[\d.]+" yMax="(?P<y1>[\d.]+)">'
            r"(?P<word>[^<]*)</word>",
            out,
        )
    ]


def _heights_of(phrase: str, heights: list[tuple[str, float]]) -> list[float]:
    """The box heights of the first run of PDF words that spells *phrase*'s first words."""
    want = words_of(phrase)[:4]
    words = [(words_of(w), h) for w, h in heights]
    flat = [(part, h) for parts, h in words for part in parts]
    for start in range(len(flat) - len(want) + 1):
        if [w for w, _ in flat[start : start + len(want)]] == want:
            return [h for _, h in flat[start : start + len(want)]]
    raise AssertionError(f"{phrase!r} is not in the PDF text")


@pytest.mark.parametrize("locale", ["en", "fr", "es"])
def test_when_and_why_are_not_larger_than_the_action(tmp_path: Path, locale: str) -> None:
    """In the PDF, an item's timing and "Why" words are no larger than its instruction's."""
    checklist = mc.build_checklist(locale=locale)
    heights = _word_heights(mc.render(checklist, "pdf"), tmp_path)
    labels = labels_for(checklist)
    section = checklist.sections[0]
    item = next(i for i in section.items if item_when(labels, i, section))
    action = _heights_of(item.step.action, heights)
    when = _heights_of(item_when(labels, item, section), heights)
    why = _heights_of(f"{labels.why} {item.step.reason}", heights)
    assert max(when + why) <= min(action) + 0.01, (action, when, why)


@pytest.mark.parametrize("locale", ["en", "fr", "es"])
def test_just_for_you_heading_stays_with_its_first_step(tmp_path: Path, locale: str) -> None:
    """The "Just for you" heading and intro are on the page of the first personal step.

    In 0.5.0 they could sit alone at the foot of a page, with the steps on the next.
    """
    checklist = mc.build_checklist(
        locale=locale,
        risk_factors=["cold-sore-history", "darker-skin-or-dark-marks"],
        clinic=mc.ClinicContact(name="Lakeview Skin Clinic", phone="905-555-0134"),
        prepared_for="Jane Doe",
    )
    labels = labels_for(checklist)
    first = next(
        i.step.action
        for s in checklist.sections
        for i in s.items
        if i.step.scope is mc.StepScope.RISK_FACTOR
    )
    for compact in (True, False):
        text = _text(mc.render(checklist, "pdf", compact=compact), tmp_path)
        pages = [words_of(page) for page in text.split("\f")]
        title = words_of(labels.for_you_title)
        at = [n for n, words in enumerate(pages) if in_order(title, words, gap=1)]
        assert at, labels.for_you_title
        assert has_text(first, pages[at[0]]), (compact, first)


def test_command_writes_the_pdf(tmp_path: Path) -> None:
    """--format pdf -o writes the file; without -o it is one line and exit 2."""
    out = tmp_path / "care.pdf"
    assert main(["checklist", "--format", "pdf", "--compact", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    result = subprocess.run(
        [sys.executable, "-m", "microneedle_care", "checklist", "--format", "pdf"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "needs --output" in result.stderr


def test_missing_weasyprint_is_our_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without WeasyPrint the error is MissingDependencyError, naming the extra."""
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(mc.MissingDependencyError, match=r"microneedle-care\[pdf\]"):
        mc.render(CHECKLIST, "pdf")

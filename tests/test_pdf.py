"""PDF: the patient sheet through WeasyPrint, byte-stable, with every action in its text."""

from __future__ import annotations

import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import microneedle_care as mc
from microneedle_care.cli import main

from .pdftext import has_text, words_of

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


@pytest.mark.parametrize("locale", ["en", "fr"])
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

"""The documentation's own machinery: what the local Sphinx extension generates."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _build_one_page(tmp_path: Path, page: str) -> str:
    """Build *page* (reStructuredText) with the docs' extension only; return its HTML's text."""
    sphinx_cmd = pytest.importorskip("sphinx.cmd.build")
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT / 'docs' / '_ext')!r})\n"
        "extensions = ['microneedle_care_docs']\n",
        encoding="utf-8",
    )
    (source / "index.rst").write_text(page, encoding="utf-8")
    out = tmp_path / "out"
    try:
        assert sphinx_cmd.build_main(["-q", "-b", "html", str(source), str(out)]) == 0
    finally:
        sys.modules.pop("microneedle_care_docs", None)
    return re.sub(r"<[^>]+>", "", (out / "index.html").read_text(encoding="utf-8"))


def test_cli_reference_keeps_double_hyphens(tmp_path: Path) -> None:
    """The generated command reference shows "--help", never an en dash (smart quotes)."""
    text = _build_one_page(tmp_path, "CLI\n===\n\n.. microneedle-care-cli::\n")
    assert "microneedle-care checklist --help" in text
    assert "\u2013help" not in text
    assert "\u2014help" not in text


def test_evidence_list_names_every_treatment_with_its_level(tmp_path: Path) -> None:
    """``microneedle-care-evidence:: treatments`` lists each treatment, its level and sources."""
    import microneedle_care as mc

    text = _build_one_page(
        tmp_path, "Evidence\n========\n\n.. microneedle-care-evidence:: treatments\n"
    )
    treatments = mc.load().treatments
    assert len(treatments) >= 7
    for treatment in treatments:
        line = next(ln for ln in text.splitlines() if f"({treatment.id})" in ln)
        assert f"evidence {treatment.evidence.value}" in line
        assert all(ref in line for ref in treatment.references)
    assert "Not yet covered" in text  # RF's device contraindications


BUILT = ROOT / "docs" / "_build" / "html"
AXE = ROOT / ".ci" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.mark.skipif(not (BUILT / "index.html").exists(), reason="the docs are not built")
def test_built_docs_have_no_axe_violations() -> None:
    """axe-core finds no WCAG 2.1 AA violation on the docs' main pages (theme fixes applied)."""
    import shutil

    if shutil.which("chromium") is None or shutil.which("chromedriver") is None:
        pytest.skip("chromium and chromium-driver are not installed")
    if not AXE.exists():
        pytest.skip(f"axe-core is not installed at {AXE}")
    webdriver = pytest.importorskip("selenium.webdriver")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu"):
        options.add_argument(flag)
    driver = webdriver.Chrome(
        options=options, service=webdriver.ChromeService(shutil.which("chromedriver"))
    )
    found = {}
    try:
        driver.set_window_size(1280, 900)
        for page in ("index.html", "tutorial.html", "howto/render.html", "reference/api.html"):
            driver.get((BUILT / page).as_uri())
            driver.execute_script(AXE.read_text(encoding="utf-8"))
            found[page] = driver.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "axe.run(document, {runOnly: {type: 'tag',"
                " values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
                ".then(r => done(r.violations.map(v => v.id)));"
            )
    finally:
        driver.quit()
    assert found == {page: [] for page in found}

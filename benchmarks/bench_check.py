"""Benchmark: ``check`` on a 1 MB HTML page, readability on, beside the obvious alternative.

Run: python -m pip install ".[bench,readability]" && python -m pytest benchmarks/bench_check.py
--benchmark-only -s

Ours: the HTML5 parser (selectolax), the checker, a line for every finding, as the ``check``
command does. The obvious alternative, in the same run: what 0.5.0 did and what one writes
first, the standard library's ``html.parser`` for the text and, for each finding, its line
counted from the start of the text. Both run the same checker on the same page; the ratio is
printed and stored in the benchmark JSON (extra_info). Goal: ours under 1 s (fastest of 5
rounds, as the machine is shared).
"""

from __future__ import annotations

import html.parser
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import microneedle_care as mc
from microneedle_care import check

PARAGRAPH = """\
<section class="post">
  <h2>Day {n}: what to expect</h2>
  <p>Your skin may be red and a bit <em>swollen</em> for a few days. That is normal.
  Microneedling is the ultimate detox for your face, pushing toxins out of your pores.
  Purging is a sign the treatment is working. Hit the sauna the same evening.</p>
  <ul><li>Wash gently with a mild cleanser.</li><li>Use SPF 30 every day.</li></ul>
  <p>Our comprehensive collagen-induction methodology facilitates unprecedented
  dermatological rejuvenation outcomes for discerning clientele.</p>
  <script>track("post-{n}")</script>
</section>
"""


def _page(size: int = 1_000_000) -> str:
    head = "<!doctype html><html><head><title>Blog</title><style>p{margin:0}</style></head><body>"
    parts = [head]
    n = 0
    while sum(map(len, parts)) < size:
        parts.append(PARAGRAPH.format(n=n))
        n += 1
    return "".join(parts) + "</body></html>"


PAGE = _page()
CATALOG = mc.load()
RESULTS: dict[str, float] = {}


def _ours() -> int:
    text, lines = check._read_html(PAGE)
    report = check.check_text(text, catalog=CATALOG, readability=True)
    return sum(lines.line(f.start) for f in report.findings)


class _Stdlib(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head", "title"):
            self.skip += 1
        elif tag in ("p", "li", "h2", "section", "ul"):
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "title") and self.skip:
            self.skip -= 1
        elif tag in ("p", "li", "h2", "section", "ul"):
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def _obvious() -> int:
    parser = _Stdlib()
    parser.feed(PAGE)
    parser.close()
    text = "".join(parser.parts)
    report = check.check_text(text, catalog=CATALOG, readability=True)
    return sum(text.count("\n", 0, f.start) + 1 for f in report.findings)


@pytest.mark.parametrize(("name", "func"), [("library", _ours), ("obvious", _obvious)])
def test_check_one_megabyte_html(benchmark: Any, name: str, func: Any) -> None:
    """Check a 1 MB HTML page with readability on; each finding gets its line."""
    pytest.importorskip("textstat")
    func()  # the pronunciation dictionary loads once per process, not per page
    assert benchmark.pedantic(func, rounds=5, iterations=1) > 0
    # The fastest round: the machine is shared, and other work only ever adds time.
    RESULTS[name] = benchmark.stats.stats.min
    if "library" in RESULTS and "obvious" in RESULTS:
        ratio = RESULTS["library"] / RESULTS["obvious"]
        benchmark.extra_info["ratio_library_to_obvious"] = ratio
        print(
            f"\ncheck, 1 MB HTML, readability on: library {RESULTS['library']:.3f} s,"
            f" obvious (html.parser + counted lines) {RESULTS['obvious']:.3f} s,"
            f" ratio {ratio:.2f}"
        )
    if name == "library":
        assert RESULTS[name] < 1.0


OBVIOUS_COMMAND = """
import html.parser, sys
import microneedle_care as mc
class P(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True); self.parts = []; self.skip = 0
    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "head", "title"): self.skip += 1
        else: self.parts.append("\\n\\n")
    def handle_endtag(self, tag):
        if tag in ("script", "style", "head", "title") and self.skip: self.skip -= 1
        else: self.parts.append("\\n\\n")
    def handle_data(self, data):
        if not self.skip: self.parts.append(data)
p = P(); p.feed(open(sys.argv[1], encoding="utf-8").read()); p.close()
text = "".join(p.parts)
report = mc.check_text(text)
for f in report.findings:
    print(f"line {text.count(chr(10), 0, f.start) + 1}: {f.sentence}")
"""
"""The command one writes first: html.parser, check_text, a line counted for each finding."""


def test_check_command_one_megabyte_html(benchmark: Any, tmp_path: Path) -> None:
    """Issue 22, item 4, the command included: ``microneedle-care check page.html``, 1 MB.

    Whole-process time (a fresh interpreter, the content, the checker's patterns, the CMU
    dictionary, the report on standard output), fastest of 5, beside the obvious script
    run the same way in turns. Goal: under 1 s.
    """
    pytest.importorskip("textstat")
    pytest.importorskip("selectolax")
    script = shutil.which("microneedle-care", path=str(Path(sys.executable).parent))
    assert script, "install the package first"
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    ours = [script, "check", str(page)]
    theirs = [sys.executable, "-c", OBVIOUS_COMMAND, str(page)]
    out = subprocess.run(ours, capture_output=True, check=False)
    assert out.returncode == 1  # it found something
    assert out.stdout.count(b"\n") > 10_000
    times: dict[str, list[float]] = {"ours": [], "theirs": []}

    def pair() -> None:
        for key, command in (("ours", ours), ("theirs", theirs)):
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, check=False)
            times[key].append(time.perf_counter() - start)

    benchmark.pedantic(pair, rounds=5, iterations=1, warmup_rounds=1)
    best = {key: min(values) for key, values in times.items()}
    ratio = best["ours"] / best["theirs"]
    benchmark.extra_info.update(
        command_s=best["ours"], obvious_s=best["theirs"], ratio_command_to_obvious=ratio
    )
    print(
        f"\ncheck command, 1 MB HTML, whole process: microneedle-care check {best['ours']:.3f} s,"
        f" obvious script (html.parser + check_text + print) {best['theirs']:.3f} s,"
        f" ratio {ratio:.2f} (goal: under 1 s)"
    )
    assert best["ours"] < 1.0

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

"""Collect the figures of a benchmark run and print each one beside its alternative."""

from __future__ import annotations

from typing import Any

RESULTS: dict[str, float] = {}
"""Seconds per measurement, filled in by the benchmarks as they run."""

COLD_HTML = "microneedle-care checklist --format html"
COLD_HANDROLLED = "hand-rolled json.load + Jinja2 script"
COLD_GOAL = 0.90
"""Issue 18, item 8: the command's cold start at most this times the hand-rolled script's."""
COLD_MOONSHOT = 0.80


def _ratios() -> list[str]:
    lines = []
    for what, ours, theirs in (
        ("one checklist (median)", "one/library", "one/jinja2"),
        ("10,000 checklists (median)", "10k/library", "10k/jinja2"),
    ):
        if ours in RESULTS and theirs in RESULTS:
            lines.append(
                f"{what}: library {1000 * RESULTS[ours]:.3f} ms, json.load + Jinja2"
                f" {1000 * RESULTS[theirs]:.3f} ms, ratio {RESULTS[ours] / RESULTS[theirs]:.2f}"
            )
    for name in ("library", "hand-written"):
        small, large = RESULTS.get(f"batch1000/{name}"), RESULTS.get(f"batch10000/{name}")
        if small and large:
            lines.append(
                f"batch, {name}: {1000 * small:.3f} ms per patient at 1,000,"
                f" {1000 * large:.3f} ms at 10,000, ratio 10k/1k {large / small:.3f}"
                + (" (goal: 1.10 or less)" if name == "library" else "")
            )
    ours, theirs = RESULTS.get("batch10000/library"), RESULTS.get("batch10000/hand-written")
    if ours and theirs:
        lines.append(f"batch of 10,000: library / hand-written = {ours / theirs:.2f}")
    base = RESULTS.get("cold/python -c 'import attrs'")
    for key, value in RESULTS.items():
        if key.startswith("cold/") and base:
            lines.append(
                f"cold start, {key[5:]}: {1000 * value:.1f} ms = {value / base:.2f}x import attrs"
            )
    ours = RESULTS.get(f"cold/{COLD_HTML}")
    hand = RESULTS.get(f"cold/{COLD_HANDROLLED}")
    if ours and hand:
        lines.append(
            f"cold start, best of 15 each, {COLD_HTML} / {COLD_HANDROLLED}: {ours / hand:.2f}x"
        )
    ratio = RESULTS.get("cold-goal/ratio")
    if ratio:
        lines.append(
            f"cold start goal, {COLD_HTML} / {COLD_HANDROLLED}, in turns, median of"
            f" {RESULTS['cold-goal/pairs']:.0f} pairs: {1000 * RESULTS['cold-goal/ours']:.1f} ms /"
            f" {1000 * RESULTS['cold-goal/theirs']:.1f} ms, ratio {ratio:.2f}x"
            f" (goal <= {COLD_GOAL:.2f}x; moonshot {COLD_MOONSHOT:.2f}x)"
        )
    if ours and base:
        lines.append(f"cold start, {COLD_HTML} / python -c 'import attrs': {ours / base:.2f}x")
    small, large = RESULTS.get("scale/1 MB word"), RESULTS.get("scale/8 MB word")
    if small and large:
        lines.append(
            f"text with a clinic name of one long word: 1 MB {1000 * small:.0f} ms,"
            f" 8 MB {1000 * large:.0f} ms, ratio {large / small:.1f} (linear: about 8)"
        )
    lines += _pdf_ratios()
    return lines


def _pdf_ratios() -> list[str]:
    """The PDF goals of issue 19: half Chromium's time per sheet; 2,000 PDFs in 10 minutes."""
    lines = []
    for clock, key in (("CPU", "pdf-cpu"), ("wall", "pdf")):
        ours, theirs = RESULTS.get(f"{key}/library"), RESULTS.get(f"{key}/chromium")
        if ours and theirs:
            lines.append(
                f"one PDF, {clock} time (median): render(checklist, 'pdf') {ours:.2f} s,"
                f" Chromium --print-to-pdf {theirs:.2f} s, ratio {ours / theirs:.2f}"
                " (goal: 0.50 or less; moonshot 0.20)"
            )
    ours, theirs = RESULTS.get("pdf-bytes/library"), RESULTS.get("pdf-bytes/chromium")
    if ours and theirs:
        lines.append(
            f"PDF size: library {ours / 1024:.0f} KB, Chromium {theirs / 1024:.0f} KB,"
            f" ratio {ours / theirs:.2f}"
        )
    count, seconds = RESULTS.get("batch-pdf/count"), RESULTS.get("batch-pdf/seconds")
    if count and seconds:
        cpu, jobs = RESULTS["batch-pdf/cpu"], RESULTS["batch-pdf/jobs"]
        scale = 2000 / count
        lines.append(
            f"batch --write pdf --jobs {jobs:.0f}, {count:.0f} personalised patients:"
            f" {seconds:.0f} s wall, {cpu:.0f} s CPU ({cpu / count:.2f} s per PDF);"
            f" load average {RESULTS['batch-pdf/load-before']:.1f} before,"
            f" {RESULTS['batch-pdf/load-after']:.1f} after"
        )
        lines.append(
            f"  2,000 PDFs{'' if count == 2000 else ' (projected)'}: {seconds * scale / 60:.1f} min"
            f" wall at this load, {cpu * scale / jobs / 60:.1f} min on {jobs:.0f} free cores"
            " (goal: under 10 min)"
        )
    return lines


def pytest_terminal_summary(terminalreporter: Any) -> None:
    lines = _ratios()
    if lines:
        terminalreporter.section("ratios measured in this run")
        for line in lines:
            terminalreporter.write_line(line)

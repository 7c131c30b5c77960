"""Issue 22: the linear model beside the patterns (tools/train_checker.py), cross-validated by page.

The model is not wired into the checker: five folds by page found no threshold at which the
patterns OR the model gain recall at precision 0.90. These tests keep the script honest: it
is deterministic, its file loads, and the folds it prints keep the combination at precision
0.90 or more without dropping a pattern finding.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parent.parent / "tools"
SCRIPT = TOOLS / "train_checker.py"
LINE = re.compile(
    r"^(?P<what>.+): precision (?P<p>[\d.]+) recall (?P<r>[\d.]+)"
    r" \(tp (?P<tp>\d+) fp (?P<fp>\d+) fn (?P<fn>\d+)\)"
)


def _train(out: Path, *args: str, seed: str = "0") -> str:
    """Run the script (standard library and the installed package only); return what it prints."""
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--out", str(out), *args],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=TOOLS,
    )
    return done.stdout


def _load(path: Path) -> object:
    sys.path.insert(0, str(TOOLS))
    try:
        import checker_model
    finally:
        sys.path.remove(str(TOOLS))
    return checker_model.parse_model(json.loads(path.read_text(encoding="utf-8")))


def _lines(printed: str) -> dict[str, dict[str, float]]:
    out = {}
    for line in printed.splitlines():
        if (m := LINE.match(line)) is not None:
            out[m["what"]] = {k: float(m[k]) for k in ("p", "r", "tp", "fp", "fn")}
    return out


def test_retraining_gives_the_same_bytes(tmp_path: Path) -> None:
    """On a small subset, twice, under different hash seeds: the same file, and it loads."""
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    _train(first, "--subset", "300", seed="1")
    _train(second, "--subset", "300", seed="2")
    assert first.read_bytes() == second.read_bytes()
    model = _load(first)
    raw = json.loads(first.read_text(encoding="utf-8"))
    assert len(raw["weights"]) <= 5000
    assert model.myths == tuple(raw["myths"])  # type: ignore[attr-defined]


def test_scores_and_evidence() -> None:
    """A model's evidence is the words of the sentence; no threshold (null) flags nothing."""
    sys.path.insert(0, str(TOOLS))
    try:
        import checker_model
    finally:
        sys.path.remove(str(TOOLS))
    raw = {
        "version": 1,
        "myths": ["breakout-means-it-is-working"],
        "bias": [-1.0],
        "threshold": 0.0,
        "cues": ["purging"],
        "weights": {"~purg": [1.5], "a sign": [1.0], "not": [-3.0]},
    }
    model = checker_model.parse_model(raw)
    words = ["purging", "is", "a", "sign", "it", "works"]
    [(myth, score, evidence)] = model.scores(words)
    assert myth == "breakout-means-it-is-working"
    assert score == pytest.approx(1.5)
    assert [(b, e) for _, b, e in evidence] == [(0, 1), (2, 4)]
    assert model.scores(["purging", "is", "not", "a", "sign"]) == []
    assert model.scores(["a", "sign", "it", "works"]) == []  # no cue word: not scored
    assert checker_model.parse_model({**raw, "threshold": None}).scores(words) == []
    assert checker_model.stem("purging") == checker_model.stem("purges") == "purg"
    with pytest.raises(ValueError, match="bias"):
        checker_model.parse_model({**raw, "bias": []})


@pytest.mark.slow
def test_cross_validated_precision_from_the_printed_folds(tmp_path: Path) -> None:
    """Every fold printed: the combination's precision >= 0.90, no pattern finding dropped.

    Measured 2026-12-03: no threshold gains recall at that precision, so the model is not
    wired in (the script writes ``"threshold": null``). Patterns alone over the five folds:
    myths precision 0.963, recall 0.935; the model alone, out of fold, 0.83 / 0.23 at
    threshold 2 and 0.72 / 0.33 at 0.
    """
    printed = _train(tmp_path / "model.json")
    print(printed)
    scores = _lines(printed)
    for k in range(1, 6):
        patterns, combined = scores[f"fold {k} patterns"], scores[f"fold {k} combined"]
        assert combined["p"] >= 0.90
        assert combined["tp"] >= patterns["tp"]  # the combination never drops a pattern finding
    pooled = scores["pooled all combined"]
    assert pooled["p"] >= 0.90
    assert pooled["tp"] >= scores["pooled all patterns"]["tp"]
    raw = json.loads((tmp_path / "model.json").read_text(encoding="utf-8"))
    if raw["threshold"] is None:
        assert "no threshold gains recall" in printed
        assert pooled == scores["pooled all patterns"]
    else:  # a threshold was found: it must gain recall
        assert pooled["tp"] > scores["pooled all patterns"]["tp"]

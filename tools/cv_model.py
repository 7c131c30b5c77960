"""Whether the linear model of train_checker.py adds anything, left one file out (issue 22).

    python tools/cv_model.py

For each labelled real-page file (``tools/cv_checker.py``'s files, the former blind sets
included), the model of ``tools/train_checker.py`` is trained on the other files and scores
the left-out one. A sentence is flagged if the patterns flag it OR the model's score passes a
threshold; the script prints, for a range of thresholds, the pooled precision and recall of
that combination, against both the patterns with all their data and the patterns left one
file out (``cv_checker.leave_one_file_out``), and of the model alone. Slow (minutes): the
model is pure Python.

Measured 2026-12-03 (2,582 rows, 7 files): no threshold gains recall at precision 0.90. See
the how-to, "How good is it".
"""

from __future__ import annotations

import json
import sys
from collections import Counter

import cv_checker as cv  # tools/, beside this script
import train_checker as tc
from checker_model import parse_model

from microneedle_care._i18n import read_data
from microneedle_care.loading import load


def main() -> int:
    """Train per left-out file; print the combinations' pooled scores."""
    rows = cv.read_rows()
    raw = json.loads(read_data("checker.json"))
    base, lofo, _ = cv.leave_one_file_out(rows, raw)
    as_train = [(f"{r[0]}:{i}", r[1], r[2], r[4]) for i, r in enumerate(rows)]
    positives = Counter(m for r in rows for m in r[2])
    myths = [m.id for m in load(locale="en").myths if positives[m.id] >= tc.MIN_POSITIVES]
    oof: list[list[float] | None] = [None] * len(rows)
    for name in cv.FILES:
        train_rows = [t for t, r in zip(as_train, rows, strict=True) if r[0] != name]
        model = parse_model({**tc.train(train_rows, myths, tc.SEED), "threshold": 0.0})
        for i, r in enumerate(rows):
            if r[0] == name:
                oof[i] = tc.row_scores(model, r[4])

    def line(what: str, predicted: list[set[str]]) -> None:
        c: Counter[str] = Counter()
        for r, got in zip(rows, predicted, strict=True):
            c["tp"] += len(got & r[2])
            c["fp"] += len(got - r[2])
            c["fn"] += len(r[2] - got)
        p, rec = tc.prf(c["tp"], c["fp"], c["fn"])
        print(
            f"{what}: precision {p:.3f} recall {rec:.3f} (tp {c['tp']} fp {c['fp']} fn {c['fn']})"
        )

    def by_model(t: float) -> list[set[str]]:
        return [
            {m for m, s in zip(myths, sc, strict=True) if s > t} if sc is not None else set()
            for sc in oof
        ]

    for label, found in (("patterns, all data", base), ("patterns, left one file out", lofo)):
        patterns = [set(f[0]) for f in found]
        line(label, patterns)
        for t in [x / 2 for x in range(12, -5, -1)]:
            line(
                f"  {label} OR model > {t}",
                [p | m for p, m in zip(patterns, by_model(t), strict=True)],
            )
    for t in (4.0, 3.0, 2.0, 1.0, 0.0):
        line(f"model alone > {t}", by_model(t))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Leave-one-file-out numbers for the text checker's own data (issue 22).

    python tools/cv_checker.py [--json PATH]

The checker's data (``src/microneedle_care/data/checker.json``) is written by hand after
reading the development files, so its plain scores on them are optimistic. This script gives
a grouped cross-validated estimate instead: each labelled real-page file (they are drawn from
disjoint sites, so a file is a group of sites) is scored by the checker with every unit of
the data that helps *only that file* left out. A unit is one phrasing, one veto, one thing a
step forbids (``activities``), one refutation cue or one mask; it "helps" a file where leaving
it out loses a true positive or adds a false alarm there. A unit that helps two files or more
stays in when either is scored: it generalised from one to the other. A unit that only helps
the left-out file may have been written for it, so that file is scored without it: what a
file nobody tuned on would see, as nearly as development data can say. Units that help no
file stay in. For the former blind sets (test2, test3), what the data held when they were
measured blind was not written from them and is never left out: their left-out-file score
before this work is their blind measure. (The cue words other than the refutations and
masks, the time words and the content's own phrasings are not left out, so this is still not
a blind measure.)

It prints, per file and pooled: myth precision and recall, per-myth recall, advice precision
and recall, English and French; first with all the data, then left-one-file-out. Standard
library and the installed package only.
"""

from __future__ import annotations

import argparse
import copy
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

from labelled_tsv import ids, labelled_lines  # tools/, beside this script

from microneedle_care import _advice, _patterns, check
from microneedle_care._i18n import read_data

ROOT = Path(__file__).resolve().parent.parent
FILES = (
    "real_pages_dev.tsv",
    "real_pages_heldout.tsv",
    "real_pages_dev2.tsv",
    "real_pages_test.tsv",
    "real_pages_dev3.tsv",
    "real_pages_test2.tsv",
    "real_pages_test3.tsv",
)
# (file, locale, myths, steps or None, sentence)
Row = tuple[str, str, frozenset[str], "frozenset[str] | None", str]
Unit = tuple[str, ...]
# The commit whose checker data each former blind set was measured blind on (its one measure):
# nothing in that data was written from the file's rows.
BLIND_UNTIL = {"real_pages_test2.tsv": "6617ef4", "real_pages_test3.tsv": "6617ef4"}


def read_rows() -> list[Row]:
    """Every labelled EN/FR real-page row (the older files label myths only: steps None)."""
    rows: list[Row] = []
    for name in FILES:
        for _, parts in labelled_lines(name):
            steps: frozenset[str] | None
            if len(parts) == 4:
                _, locale, myths, sentence = parts
                steps = None
            else:
                _, locale, myths, stepped, sentence = parts
                steps = ids(stepped)
            rows.append((name, locale, ids(myths), steps, sentence))
    return rows


def units(raw: dict[str, object]) -> list[Unit]:
    """Every unit of the data that can be left out, by its content.

    Phrasings, vetoes and things a step forbids (each entry), refutation cues, masks.
    """
    out: list[Unit] = []
    for table in ("phrasings", "vetoes", "activities"):
        out += [(table, json.dumps(item, sort_keys=True)) for item in raw[table]]  # type: ignore[attr-defined]
    for locale, entry in raw["locales"].items():  # type: ignore[attr-defined]
        out += [("refuting", locale, cue) for cue in entry.get("refuting", [])]
        out += [("masks", locale, key) for key in entry.get("masks", {})]
    return out


def without(raw: dict[str, object], left_out: set[Unit]) -> dict[str, object]:
    """Return the data with *left_out* removed."""
    data = copy.deepcopy(raw)
    for table in ("phrasings", "vetoes", "activities"):
        data[table] = [
            item
            for item in raw[table]  # type: ignore[attr-defined]
            if (table, json.dumps(item, sort_keys=True)) not in left_out
        ]
    for locale, entry in data["locales"].items():  # type: ignore[attr-defined]
        if "refuting" in entry:
            entry["refuting"] = [
                c for c in entry["refuting"] if ("refuting", locale, c) not in left_out
            ]
        if "masks" in entry:
            entry["masks"] = {
                k: v for k, v in entry["masks"].items() if ("masks", locale, k) not in left_out
            }
    return data


def written_blind(name: str) -> set[Unit]:
    """Return the units that were in the data before anyone read *name*'s rows.

    The former blind sets were measured blind on the data of :data:`BLIND_UNTIL`: what was
    in it then was not written from them, so it is never left out when they are scored.
    (For the other files no such record exists.) Needs git; without it, nothing is known.
    """
    commit = BLIND_UNTIL.get(name)
    if commit is None:
        return set()
    try:
        text = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{commit}:src/microneedle_care/data/checker.json"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return set()
    return set(units(json.loads(text)))


def found(rows: list[Row], raw: dict[str, object]) -> list[tuple[frozenset[str], frozenset[str]]]:
    """Return the checker's (myths, steps) for each row, with the checker's data *raw*."""
    parsed = _patterns._parse_checker_data(raw)
    windows = _advice._parse(raw)
    saved, saved_windows = check._checker_data, _advice._data
    check._checker_data = lambda: parsed  # type: ignore[assignment]
    _advice._data = lambda: windows  # type: ignore[assignment]
    try:
        out = []
        for _, locale, _, _, sentence in rows:
            report = check.check_text(sentence, locale=locale, readability=False)
            out.append(
                (
                    frozenset(f.myth.id for f in report.myths),
                    frozenset(f.step.id for f in report.advice),
                )
            )
        return out
    finally:
        check._checker_data = saved  # type: ignore[assignment]
        _advice._data = saved_windows  # type: ignore[assignment]


def tally(rows: list[Row], got: list[tuple[frozenset[str], frozenset[str]]]) -> Counter[str]:
    """Count myth tp/fp/fn (all, per language), per-myth hits, and advice tp/fp/fn."""
    c: Counter[str] = Counter()
    for (_, locale, myths, steps, _), (gm, gs) in zip(rows, got, strict=True):
        lang = locale.split("-")[0]
        for key in ("", f"-{lang}"):
            c[f"tp{key}"] += len(gm & myths)
            c[f"fp{key}"] += len(gm - myths)
            c[f"fn{key}"] += len(myths - gm)
        for myth in myths:
            c[f"n:{myth}"] += 1
            c[f"hit:{myth}"] += myth in gm
        if steps is not None:
            c["stp"] += len(gs & steps)
            c["sfp"] += len(gs - steps)
            c["sfn"] += len(steps - gs)
    return c


def _r(a: int, b: int) -> str:
    return f"{a / (a + b):.3f}" if a + b else "  -  "


def line(what: str, c: Counter[str]) -> str:
    """One printed line: myths P/R (tp/fp/fn), EN, FR, advice P/R."""
    return (
        f"{what:24s} myths P {_r(c['tp'], c['fp'])} R {_r(c['tp'], c['fn'])}"
        f" ({c['tp']}/{c['fp']}/{c['fn']})"
        f" | en {_r(c['tp-en'], c['fp-en'])}/{_r(c['tp-en'], c['fn-en'])}"
        f" fr {_r(c['tp-fr'], c['fp-fr'])}/{_r(c['tp-fr'], c['fn-fr'])}"
        f" | advice P {_r(c['stp'], c['sfp'])} R {_r(c['stp'], c['sfn'])}"
        f" ({c['stp']}/{c['sfp']}/{c['sfn']})"
    )


def per_myth(c: Counter[str]) -> str:
    """Return each myth's hits of its labels, one line."""
    names = sorted(k[2:] for k in c if k.startswith("n:"))
    return "  per myth: " + ", ".join(f"{m} {c['hit:' + m]}/{c['n:' + m]}" for m in names)


def report(
    title: str, rows: list[Row], got: list[tuple[frozenset[str], frozenset[str]]]
) -> dict[str, object]:
    """Print each file's line and the pooled one; return their counts."""
    print(title)
    pooled: Counter[str] = Counter()
    out: dict[str, object] = {}
    for name in FILES:
        idx = [i for i, r in enumerate(rows) if r[0] == name]
        c = tally([rows[i] for i in idx], [got[i] for i in idx])
        pooled += c
        out[name] = dict(c)
        print(line(name, c))
        print(per_myth(c))
    print(line("pooled", pooled))
    print(per_myth(pooled))
    out["pooled"] = dict(pooled)
    return out


def leave_one_file_out(
    rows: list[Row], raw: dict[str, object]
) -> tuple[
    list[tuple[frozenset[str], frozenset[str]]],
    list[tuple[frozenset[str], frozenset[str]]],
    dict[str, int],
]:
    """Return the checker's findings with all the data, and left-one-file-out, per row.

    Also how many units help only each file (and so are left out when it is scored).
    """
    base = found(rows, raw)
    # Which files each unit helps: leaving it out loses a true positive or adds a false alarm.
    helps: dict[Unit, set[str]] = defaultdict(set)
    for unit in units(raw):
        got = found(rows, without(raw, {unit}))
        for row, before, after in zip(rows, base, got, strict=True):
            myths, steps = row[2], row[3] or frozenset()
            if (before[0] - after[0]) & myths or (after[0] - before[0]) - myths:
                helps[unit].add(row[0])
            if row[3] is not None and (
                (before[1] - after[1]) & steps or (after[1] - before[1]) - steps
            ):
                helps[unit].add(row[0])
    lofo = list(base)
    own_units: dict[str, int] = {}
    for name in FILES:
        own = {u for u, where in helps.items() if where == {name}} - written_blind(name)
        own_units[name] = len(own)
        idx = [i for i, r in enumerate(rows) if r[0] == name]
        got = found([rows[i] for i in idx], without(raw, own))
        for i, g in zip(idx, got, strict=True):
            lofo[i] = g
    return base, lofo, own_units


def main(argv: list[str] | None = None) -> int:
    """Score every file with all the data, then left-one-file-out; print both."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the numbers here")
    args = parser.parse_args(argv)
    raw = json.loads(read_data("checker.json"))
    rows = read_rows()
    base, lofo, own_units = leave_one_file_out(rows, raw)
    result = {"all data": report("with all the data (tuned on every file):", rows, base)}
    for name, n in own_units.items():
        print(f"{name}: {n} unit(s) help only this file, left out when it is scored")
    result["leave one file out"] = report("leave one file out:", rows, lofo)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

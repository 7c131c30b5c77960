"""Self-check of the issue 20 drafts (treatments, new items, references, French).

Run from the worktree root with the project's venv (the package must be installed):

    .venv/bin/python drafts/treatments/check.py > drafts/treatments/check-output.txt

It checks, against the drafts and the shipped content:

1. every id is kebab-case and unique (within the drafts and against shipped ids);
2. every id the drafts name exists (in the drafts or the shipped content);
3. every reference has the fields the model has, valid values, and, if verified, an address
   (on the allow-list of tests/test_reference_addresses.py, or a host listed as proposed);
4. the new items, merged into the shipped content, parse with the package's own loader;
5. every patient-facing field of every new item and treatment has a French counterpart;
6. every patient sentence is plain: English Flesch-Kincaid grade <= 8 fails, > 6 is noted;
   French reading ease < 60 fails (the thresholds of tests/test_plain_language.py);
7. Canadian spelling; windows and asked days well formed;
8. which items cite a reference that is not verified yet ("blocked");
9. each treatment resolves as design.md 1.3-1.4 says;
10. the rules of review round 1 (T1-T49) that a check can express: any one stroke sign means
   911; the RF burn sign names only what is not normal; check-ins are ordered by urgency and keep
   every emergency and same-day sign; every record carries every emergency and same-day sign;
   no open-ended waits; French register and terms;
11. the rules of review round 2 (U1-U17): a sign is asked on a day only while a cause it points
   to can still start (the shipped schedule._may_start), so a late touchpoint's own questions
   are not crowded out; every sign's causes and every risk factor's steps are in the record;
   a treatment may replace a shipped step only by a step at least as strict; placeholders are
   release blockers and are never verified.

It exits 1 if any check fails. It changes nothing.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path

from microneedle_care import loading, model
from microneedle_care.readability import measure, sentences

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DATA = ROOT / "src" / "microneedle_care" / "data"
KINDS = ("causes", "risk_factors", "aftercare_steps", "warning_signs", "myths")
CLASSES = {
    "causes": model.Cause,
    "risk_factors": model.RiskFactor,
    "aftercare_steps": model.AftercareStep,
    "warning_signs": model.WarningSign,
    "myths": model.Myth,
}
TREATMENT_PATIENT_FIELDS = ("name", "summary")
KEBAB = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
MAX_GRADE, NOTE_GRADE, MIN_EASE_FR = 8.0, 6.0, 60.0
REFERENCE_FIELDS = {f.name for f in model.attrs.fields(model.Reference)}
# Publishers' own hosts seen in this check, proposed for the allow-list (with reasons).
PROPOSED_HOSTS = {
    "academic.oup.com": "Oxford University Press, publisher of Aesthet Surg J Open Forum",
    "www.jcasonline.com": "publisher's site of J Cutan Aesthet Surg (Medknow)",
    "journals.lww.com": "Wolters Kluwer, publisher of Dermatologic Surgery",
    "collections.nlm.nih.gov": "(already allowed by the .gov suffix) NLM digital collections",
}

failures: list[str] = []
notes: list[str] = []


def fail(message: str) -> None:
    """Record a failed check."""
    failures.append(message)


def load_json(path: Path) -> dict:  # type: ignore[type-arg]
    """Read one JSON file."""
    return json.loads(path.read_text(encoding="utf-8"))


def allow_list() -> object:
    """Import the authoritative-host rules from tests/test_reference_addresses.py."""
    spec = importlib.util.spec_from_file_location(
        "ref_rules", ROOT / "tests" / "test_reference_addresses.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    """Run every check, print the report, and return the exit status."""
    shipped = load_json(DATA / "content.json")
    shipped_fr = load_json(DATA / "content.fr.json")
    drafts = load_json(HERE / "treatments.json")
    refs = load_json(HERE / "references.json")["references"]
    french = load_json(HERE / "treatments.fr.json")
    rules = allow_list()

    shipped_ids = {i["id"] for k in (*KINDS, "references") for i in shipped[k]}
    shipped_by_kind = {k: {i["id"] for i in shipped[k]} for k in KINDS}
    new_by_kind = {k: {i["id"] for i in drafts.get(k, [])} for k in KINDS}
    treatments = drafts["treatments"]
    reporting = drafts.get("reporting", [])

    # 1. ids
    new_ids = [i["id"] for k in KINDS for i in drafts.get(k, [])]
    new_ids += (
        [r["id"] for r in refs] + [t["id"] for t in treatments] + [r["id"] for r in reporting]
    )
    for dup, n in Counter(new_ids).items():
        if n > 1:
            fail(f"id {dup!r} is used {n} times in the drafts")
    for i in new_ids:
        if not KEBAB.fullmatch(i):
            fail(f"id {i!r} is not kebab-case")
        if i in shipped_ids:
            fail(f"id {i!r} is already a shipped id")
    released = (ROOT / "content" / "ids.txt").read_text(encoding="utf-8")
    for i in new_ids:
        if re.search(rf"(^|\t){re.escape(i)}(\t|$)", released, re.MULTILINE):
            fail(f"id {i!r} was released before (content/ids.txt): ids are never reused")

    all_ref_ids = {r["id"] for r in shipped["references"]} | {r["id"] for r in refs}
    known = {k: shipped_by_kind[k] | new_by_kind[k] for k in KINDS}
    reporting_ids = {r["id"] for r in reporting}

    def need(ids: list[str], kinds: tuple[str, ...], where: str) -> None:
        pool = set().union(*(known[k] for k in kinds))
        for i in ids:
            if i != "*" and i not in pool:
                fail(f"{where}: {i!r} is not a known {'/'.join(kinds)} id")

    def need_refs(ids: list[str], where: str) -> None:
        for i in ids:
            if i not in all_ref_ids:
                fail(f"{where}: reference {i!r} does not exist")

    # 2. cross-references of the new items
    links = {
        "raises": ("causes",),
        "mitigated_by": ("aftercare_steps",),
        "addresses": ("causes",),
        "points_to": ("causes",),
        "distorts": ("causes",),
    }
    for kind in KINDS:
        for item in drafts.get(kind, []):
            need_refs(item["references"], item["id"])
            if not item["references"]:
                fail(f"{item['id']}: cites nothing (every item must cite)")
            for field, kinds in links.items():
                if field in item:
                    need(item[field], kinds, f"{item['id']}.{field}")
    # ... and of the treatments
    treatment_ids = {t["id"] for t in treatments}
    for t in treatments:
        where = t["id"]
        if t["inherits"] is not None and t["inherits"] not in treatment_ids:
            fail(f"{where}: inherits unknown treatment {t['inherits']!r}")
        for kind, ids in {**t["include"], **t["add"]}.items():
            if kind not in KINDS:
                fail(f"{where}: unknown kind {kind!r}")
                continue
            need(ids, (kind,), f"{where}.include/add")
        for kind, ids in t["add"].items():
            for i in ids:
                if i in shipped_by_kind.get(kind, set()):
                    notes.append(
                        f"{where}: adds shipped {kind} {i!r} (fine if it is not inherited)"
                    )
        need(t["drop"], ("aftercare_steps",), f"{where}.drop (steps only)")
        for i in t["drop"]:
            notes.append(f"{where}: drops {i!r} (a step about a part of the body not treated)")
        need(t["checkin_questions"], ("warning_signs",), f"{where}.checkin_questions")
        for change in t["window_changes"]:
            need([change["item"]], ("aftercare_steps",), f"{where}.window_changes")
        for window in t["warning_sign_windows"]:
            need([window["item"]], ("warning_signs",), f"{where}.warning_sign_windows")
            until = window["asked_until_day"]
            if until is not None and until < window["asked_from_day"]:
                fail(f"{where}: {window['item']} asked until day {until} before day from")
        for touch in t["late_touchpoints"]:
            need(touch["asks"], ("warning_signs",), f"{where}.late_touchpoints")
            if not 1 <= touch["day"] <= 3660:
                fail(f"{where}: touchpoint day {touch['day']} out of range")
        for r in t["reporting"]:
            if r not in reporting_ids:
                fail(f"{where}: unknown reporting record {r!r}")
        need_refs(t["references"], where)
        if t["evidence"] not in {e.value for e in model.EvidenceLevel}:
            fail(f"{where}: evidence {t['evidence']!r} is not a level")
        if t["role"] not in ("clinic-treatment", "stop-and-report"):
            fail(f"{where}: role {t['role']!r}")
    for r in reporting:
        need_refs(r["references"], r["id"])
        if not rules.is_authoritative(r["address"]):  # type: ignore[attr-defined]
            fail(f"reporting {r['id']}: address {r['address']} is not on an authoritative host")

    # 3. references
    source_types = {s.value for s in model.SourceType}
    for r in refs:
        missing = REFERENCE_FIELDS - set(r)
        extra = set(r) - REFERENCE_FIELDS
        if missing or extra:
            fail(f"reference {r['id']}: missing {sorted(missing)}, unknown {sorted(extra)}")
        if r.get("source_type") not in source_types:
            fail(f"reference {r['id']}: source_type {r.get('source_type')!r}")
        if r.get("doi") and not r["doi"].startswith("10."):
            fail(f"reference {r['id']}: doi {r['doi']!r}")
        if r["verified"]:
            if not r["verified_at"] or not r["verified_on"]:
                fail(f"reference {r['id']}: verified but no verified_at/verified_on")
            elif not (r["doi"] or r["pmid"] or r["url"]):
                fail(f"reference {r['id']}: verified but no identifier")
            elif not rules.is_authoritative(r["verified_at"]):  # type: ignore[attr-defined]
                host = rules.host(r["verified_at"])  # type: ignore[attr-defined]
                if host in PROPOSED_HOSTS:
                    notes.append(
                        f"reference {r['id']}: verified on {host} ({PROPOSED_HOSTS[host]}):"
                        " publisher's own site, proposed for the allow-list"
                    )
                else:
                    fail(f"reference {r['id']}: verified_at on non-authoritative host {host}")
        elif r["verified_at"]:
            fail(f"reference {r['id']}: not verified but has a verified_at")
    cited = {x for k in KINDS for i in drafts.get(k, []) for x in i["references"]}
    cited |= {x for t in treatments for x in t["references"]}
    cited |= {x for r in reporting for x in r["references"]}
    for r in refs:
        if r["id"] not in cited:
            fail(f"reference {r['id']} is cited by nothing")

    # 4. the new items load with the package's own loader, merged into the shipped content
    merged = copy.deepcopy(shipped)
    for kind in KINDS:
        merged[kind].extend(drafts.get(kind, []))
    merged["references"].extend(refs)
    try:
        catalog = loading.parse(merged, source="drafts merged into content.json")
    except Exception as error:
        fail(f"merged content does not parse: {type(error).__name__}: {error}")
        catalog = None
    if catalog is not None:
        # each new myth's own claim (English and French) is found by its own phrasings
        from microneedle_care.check import check_text as find_myths

        for myth in drafts["myths"]:
            claims = {"en": myth["claim"], "fr": french["myths"].get(myth["id"], {}).get("claim")}
            for locale, claim in claims.items():
                if not claim:
                    continue
                found = find_myths(claim, catalog=catalog, locale=locale, readability=False)
                if myth["id"] not in {f.myth.id for f in found.myths}:
                    fail(f"{myth['id']}: its {locale} phrasings do not find its own claim")
        notes.append(
            f"merged content parses: {sum(1 for _ in catalog)} items"
            f" ({len(new_ids) - len(treatments) - len(reporting)} new items and references)"
        )

    # 5. French counterparts, 6. readability, 7. spelling and windows
    en_sentences: list[tuple[str, str, float]] = []
    fr_sentences: list[tuple[str, str, float]] = []

    def check_text(where: str, en: str, fr: str | None, label: bool = False) -> None:
        if not en.strip():
            return
        if fr is None or not fr.strip():
            fail(f"{where}: no French")
        if label:  # a treatment's name is a label: measured, reported, not failed
            grade = measure(en, "en").grade or 0.0
            ease = measure(fr or "", "fr-CA").ease if fr else 0.0
            notes.append(f"label {where}: English grade {grade:.1f}, French ease {ease:.1f}")
            return
        for _, sentence in sentences(en):
            grade = measure(sentence, "en").grade or 0.0
            en_sentences.append((where, sentence, grade))
            if grade > MAX_GRADE:
                fail(f"{where}: English grade {grade:.1f} > {MAX_GRADE}: {sentence!r}")
        for us in ("color", "gray", "center", "favor"):
            if re.search(rf"\b{us}\b", en, re.IGNORECASE):
                fail(f"{where}: US spelling {us!r}")
        if fr:
            for _, sentence in sentences(fr):
                ease = measure(sentence, "fr-CA").ease
                fr_sentences.append((where, sentence, ease))
                if ease < MIN_EASE_FR:
                    fail(f"{where}: French ease {ease:.1f} < {MIN_EASE_FR}: {sentence!r}")

    for kind in KINDS:
        for item in drafts.get(kind, []):
            fr_item = french.get(kind, {}).get(item["id"])
            if fr_item is None:
                fail(f"{item['id']}: no French entry")
                fr_item = {}
            for field in model.patient_fields(CLASSES[kind]):
                if field in item:
                    check_text(f"{item['id']}.{field}", item[field], fr_item.get(field))
            if kind == "myths":
                locales = {p["locale"] for p in item.get("phrasings", [])}
                if locales != {"en", "fr"}:
                    fail(f"{item['id']}: phrasings in {sorted(locales)}, want en and fr")
            if kind == "warning_signs" and not item["question"].endswith("?"):
                fail(f"{item['id']}: question does not end with '?'")
            if "window" in item:
                w = item["window"]
                if w["end_hours"] is not None and w["end_hours"] <= w["start_hours"]:
                    fail(f"{item['id']}: window ends before it starts")
    for t in treatments:
        fr_t = french.get("treatments", {}).get(t["id"])
        if fr_t is None:
            fail(f"{t['id']}: no French entry")
            fr_t = {}
        for field in TREATMENT_PATIENT_FIELDS:
            label = field == "name"
            check_text(f"{t['id']}.{field}", t[field], fr_t.get(field), label=label)
    for extra in set(french.get("treatments", {})) - treatment_ids:
        fail(f"French treatment {extra!r} has no English record")
    for kind in KINDS:
        for extra in set(french.get(kind, {})) - new_by_kind[kind]:
            fail(f"French {kind} {extra!r} is not a new item")
    for kind in KINDS:  # French must not shadow a shipped translation
        for i in french.get(kind, {}):
            if i in shipped_fr.get(kind, {}):
                fail(f"French {i!r} is already in content.fr.json")

    # 9. resolve each treatment as design.md 1.3-1.4 says, and check what it resolves to
    treatment_only = {i for t in treatments for ids in t["add"].values() for i in ids}
    by_id = {t["id"]: t for t in treatments}
    items_by_id = {i["id"]: i for k in KINDS for i in (*shipped[k], *drafts.get(k, []))}

    def resolve(t: dict) -> dict[str, set[str]]:  # type: ignore[type-arg]
        if t["inherits"]:
            got = {k: set(v) for k, v in resolve(by_id[t["inherits"]]).items()}
        else:
            got = {k: set() for k in KINDS}
            for kind, ids in t["include"].items():
                if "*" in ids:
                    got[kind] |= shipped_by_kind[kind] - treatment_only
                got[kind] |= {i for i in ids if i != "*"}
        for kind, ids in t["add"].items():
            got[kind] |= set(ids)
        got["aftercare_steps"] -= set(t["drop"])
        for swap in t.get("replace", []):  # U7: a stricter treatment step replaces a shipped one
            got["aftercare_steps"].discard(swap["shipped"])
            got["aftercare_steps"].add(swap["by"])
        return got

    resolved = {t["id"]: resolve(t) for t in treatments}
    for t in treatments:
        where, got = t["id"], resolved[t["id"]]
        signs = got["warning_signs"]
        asked = set(t["checkin_questions"]) | {w["item"] for w in t["warning_sign_windows"]}
        asked |= {i for touch in t["late_touchpoints"] for i in touch["asks"]}
        for i in sorted(asked - signs):
            fail(f"{where}: asks {i!r}, which is not among its warning signs")
        for window in t["warning_sign_windows"]:
            own = items_by_id[window["item"]].get("asked_from_day", 0)
            if window["asked_from_day"] < own:
                fail(f"{where}: asks {window['item']} from day {window['asked_from_day']} < {own}")
        for i in sorted(got["aftercare_steps"]):
            step = items_by_id[i]
            if step["scope"] == "risk-factor" and not any(
                i in items_by_id[r]["mitigated_by"] for r in got["risk_factors"]
            ):
                fail(f"{where}: risk-factor step {i!r} is reached by none of its risk factors")
        if t["role"] == "clinic-treatment" and t["inherits"] is None:
            leaked = {i for ids in got.values() for i in ids} & treatment_only
            if leaked:
                fail(f"{where}: base treatment includes treatment-only items {sorted(leaked)}")
        notes.append(
            f"resolved {where}: "
            + ", ".join(f"{len(got[k])} {k.replace('_', ' ')}" for k in KINDS)
            + (f"; late touchpoints on days {[x['day'] for x in t['late_touchpoints']]}")
        )

    # 10. review round 1 (/tmp/review/treat-round1.md): rules that fail if a finding comes back
    urgency_rank = {"emergency": 0, "same-day": 1, "within-days": 2, "next-visit": 3}
    shipped_signs = {s["id"]: s for s in shipped["warning_signs"]}
    must_have = {i for i, s in shipped_signs.items() if s["urgency"] in ("emergency", "same-day")}

    def check_days(t: dict) -> list[int]:  # type: ignore[type-arg]
        return sorted({1, 2, 3, 7, 14} | {x["day"] for x in t["late_touchpoints"]})

    def may_start(t: dict, sign: dict, day: int) -> bool:  # type: ignore[type-arg]
        """Whether a cause of *sign* can start from *day* to the record's next check-in day.

        U1: as the shipped schedule._may_start. Causes outside the record do not count.
        """
        days = check_days(t)
        later = [d for d in days if d > day]
        until = later[0] if later else None
        start_h = (day - 1) * 24
        end_h = None if until is None else (until - 1) * 24
        for cause_id in sign["points_to"]:
            if cause_id not in resolved[t["id"]]["causes"]:
                continue
            onset = items_by_id[cause_id].get("onset")
            if onset is None:
                return True
            if (end_h is None or onset["start_hours"] < end_h) and (
                onset["end_hours"] is None or onset["end_hours"] > start_h
            ):
                return True
        return False

    def touchpoint_questions(t: dict, day: int) -> list[str]:  # type: ignore[type-arg]
        """Questions of one day (design.md 1.5, 3.2), by urgency, own questions first in a tier.

        A sign is asked only if its window is open and one of its causes can still start (U1).
        """
        own = list(t["checkin_questions"])
        for touch in t["late_touchpoints"]:
            if touch["day"] == day:
                own += [i for i in touch["asks"] if i not in own]
        windows = {w["item"]: w for w in t["warning_sign_windows"]}
        applicable = []
        for i in sorted(resolved[t["id"]]["warning_signs"]):
            sign = items_by_id[i]
            own_start = sign.get("asked_from_day") or 0
            start = windows[i]["asked_from_day"] if i in windows else own_start
            until = windows[i]["asked_until_day"] if i in windows else None
            if start <= day and (until is None or day <= until) and may_start(t, sign, day):
                applicable.append(i)
        return sorted(
            applicable,
            key=lambda i: (
                urgency_rank[items_by_id[i]["urgency"]],
                own.index(i) if i in own else len(own),
                i,
            ),
        )

    for t in treatments:
        got = resolved[t["id"]]
        # T4: every record, inheriting or not, carries every emergency and same-day shipped sign
        for i in sorted(must_have - got["warning_signs"]):
            fail(f"{t['id']}: lacks the {shipped_signs[i]['urgency']} sign {i!r} (T4)")
        if "expected-healing" not in got["causes"]:
            fail(f"{t['id']}: lacks expected-healing, so normal healing may be read as harm (T4)")
        # T3: at every touchpoint, no lower-urgency question comes before an emergency/same-day one,
        # and none of those that apply that day is left out
        days = check_days(t)
        for day in days:
            order = touchpoint_questions(t, day)
            ranks = [urgency_rank[items_by_id[i]["urgency"]] for i in order]
            if ranks != sorted(ranks):
                fail(f"{t['id']}: day {day} check-in is not ordered by urgency (T3)")
            for i in must_have & got["warning_signs"]:
                start = items_by_id[i].get("asked_from_day") or 0
                if start <= day and i not in order and may_start(t, items_by_id[i], day):
                    fail(f"{t['id']}: day {day} check-in drops {i!r} (T3)")
            # U1: a late touchpoint's own questions come before any lower-or-equal-urgency sign
            # that is not its own, and no more than 4 other signs come before them
            for touch in t["late_touchpoints"]:
                if touch["day"] != day:
                    continue
                for i in touch["asks"]:
                    if i not in order:
                        fail(f"{t['id']}: day {day} touchpoint question {i!r} is not asked (U1)")
                        continue
                    ahead = [x for x in order[: order.index(i)] if x not in touch["asks"]]
                    if len(ahead) > 4:
                        fail(f"{t['id']}: day {day}: {i!r} comes after {len(ahead)} others (U1)")
                notes.append(
                    f"{t['id']} day {day} check-in ({len(order)} questions): " + ", ".join(order)
                )
        # U2: a record that carries a sign carries the causes it points to; a risk factor, its steps
        for i in sorted(got["warning_signs"]):
            for cause_id in items_by_id[i]["points_to"]:
                if cause_id not in got["causes"]:
                    fail(f"{t['id']}: sign {i!r} points to {cause_id!r}, not in the record (U2)")
        for i in sorted(got["risk_factors"]):
            swaps = {x["shipped"]: x["by"] for x in t.get("replace", [])}
            if t["inherits"]:
                swaps |= {x["shipped"]: x["by"] for x in by_id[t["inherits"]].get("replace", [])}
            for step_id in items_by_id[i]["mitigated_by"]:
                if swaps.get(step_id, step_id) not in got["aftercare_steps"]:
                    fail(f"{t['id']}: risk factor {i!r} needs step {step_id!r} (U2)")
        # U7: a replacement is the same kind, at least as long, and addresses as much
        for swap in t.get("replace", []):
            old, new = items_by_id[swap["shipped"]], items_by_id[swap["by"]]
            if swap["shipped"] not in shipped_by_kind["aftercare_steps"]:
                fail(f"{t['id']}: replaces {swap['shipped']!r}, which is not a shipped step (U7)")
            if swap["by"] not in treatment_only:
                fail(f"{t['id']}: replacement {swap['by']!r} is not a treatment-only step (U7)")
            if old["kind"] != new["kind"]:
                fail(f"{t['id']}: {swap['by']!r} is not the same kind as {swap['shipped']!r} (U7)")
            ow, nw = old["window"], new["window"]
            if nw["start_hours"] > ow["start_hours"] or (
                nw["end_hours"] is not None
                and (ow["end_hours"] is None or nw["end_hours"] < ow["end_hours"])
            ):
                fail(f"{t['id']}: {swap['by']!r} is shorter than {swap['shipped']!r} (U7)")
            if not set(old["addresses"]) <= set(new["addresses"]):
                fail(f"{t['id']}: {swap['by']!r} addresses less than {swap['shipped']!r} (U7)")
        # T12: RF asks about a dent late enough
        if t["id"] == "rf-microneedling":
            late = [x["day"] for x in t["late_touchpoints"] if "rf-dent-or-hollow" in x["asks"]]
            if not late or max(late) < 84:
                fail("rf-microneedling: the dent question stops before about day 90 (T12)")

    def patient_texts(locale: str) -> list[tuple[str, str]]:
        """(where, text) for every patient-facing field of the drafts in one locale."""
        out: list[tuple[str, str]] = []
        for kind in KINDS:
            for item in drafts.get(kind, []):
                src = item if locale == "en" else french.get(kind, {}).get(item["id"], {})
                for field in model.patient_fields(CLASSES[kind]):
                    if src.get(field):
                        out.append((f"{item['id']}.{field}", src[field]))
        for t in treatments:
            src = t if locale == "en" else french.get("treatments", {}).get(t["id"], {})
            for field in TREATMENT_PATIENT_FIELDS:
                if src.get(field):
                    out.append((f"{t['id']}.{field}", src[field]))
        return out

    en_texts, fr_texts = patient_texts("en"), patient_texts("fr")
    for where, text in en_texts:
        low = text.lower()
        # T1: a stroke line must send ANY one sudden sign to 911, never only a combination
        if "stroke" in low and ("and you also" in low or "911" not in low or "any one" not in low):
            fail(f"{where}: stroke line must say any one sudden sign means 911 (T1)")
        # T36 / T2: no 'burned-looking'; a grid is mentioned only as normal
        if "burned-looking" in low:
            fail(f"{where}: 'burned-looking' asks the patient to judge a burn (T36)")
        # T9: no open-ended 'wait until your clinic says so'
        if "until your clinic says" in low:
            fail(f"{where}: open-ended wait (T9)")
        # T14: naming aspirin or an NSAID needs the blood-thinner clause
        if re.search(r"\b(aspirin|ibuprofen|naproxen|nsaid)", low) and "blood thinner" not in low:
            fail(f"{where}: names aspirin/NSAIDs without the blood-thinner clause (T14)")
        # T20: patient text has no unexplained 'we'
        if re.search(r"\bwe\b", low):
            fail(f"{where}: unexplained 'we' in patient text (T20)")
    burn = next(i for i in drafts["warning_signs"] if i["id"] == "rf-blisters-or-burn")
    if re.search(r"grid|rows", burn["question"], re.IGNORECASE):
        fail("rf-blisters-or-burn.question asks about a grid, which normal RF healing has (T2)")
    for sentence in re.split(r"(?<=[.?!])\s+", burn["sign"]):
        if "grid" in sentence.lower() and "normal" not in sentence.lower():
            fail(f"rf-blisters-or-burn.sign calls a grid abnormal (T2): {sentence!r}")
    if "emergency room" not in burn["action"]:
        fail("rf-blisters-or-burn.action: no emergency room for a large burn or near the eye (T2)")
    for where, text in fr_texts:
        low = text.lower()
        if re.search(r"\btorts?\b", low):
            fail(f"{where}: 'tort' is a moral or legal wrong, not an injury (T37)")
        if re.search(r"\bça\b", low):
            fail(f"{where}: 'ça' is spoken register (T40)")
        if "on vous a traité" in low:
            fail(f"{where}: use 'la zone traitée' (T41)")
        if "perte de gras" in low:
            fail(f"{where}: 'perte de graisse' (T44)")
        if "avc" in low and ("et vous avez aussi" in low or "911" not in low):
            fail(f"{where}: the AVC line must send any one sudden sign to 911 (T43)")
    # T21: harm from RF heat is a complication, not a look-alike
    for cause in drafts["causes"]:
        complication = cause["id"] in ("rf-heat-injury", "injected-prp-blocks-blood-vessel")
        if complication and cause["category"] != "sequela":
            fail(f"{cause['id']}: category should be sequela (T21)")
    # T5: an injected-PRP emergency sign exists and PRP carries it
    prp_sign = items_by_id.get("prp-injection-vision-or-skin-change")
    if prp_sign is None or prp_sign["urgency"] != "emergency":
        fail("no emergency sign for vision loss after a PRP injection (T5)")
    elif prp_sign["id"] not in resolved["microneedling-prp"]["warning_signs"]:
        fail("microneedling-prp does not carry the PRP-injection emergency sign (T5)")
    # T6: RF asks about implanted devices and metal
    if "rf-implanted-device-or-metal" not in resolved["rf-microneedling"]["risk_factors"]:
        fail("rf-microneedling has no implant/pacemaker intake question (T6)")
    # T7, T8, T10: the steps the scalp, body and exosome summaries promise
    for tid, step in (
        ("scalp-microneedling", "scalp-no-hair-chemicals"),
        ("body-microneedling", "body-no-shaving-while-raw"),
        ("microneedling-serum-or-exosome", "no-take-home-serum-until-healed"),
    ):
        if step not in resolved[tid]["aftercare_steps"]:
            fail(f"{tid}: lacks {step} (T7/T8/T10)")
    # T18: a Canadian route for product side effects on PRP and exosome
    for tid in ("microneedling-prp", "microneedling-serum-or-exosome"):
        if "ca-canada-vigilance" not in by_id[tid]["reporting"]:
            fail(f"{tid}: no Canadian side-effect route for products (T18)")
    # T26: MedWatch uses its canonical address, without a tracking query
    for r in refs:
        for field in ("url", "verified_at"):
            value = r.get(field) or ""
            if re.search(
                r"[?&](utm_|fbclid|source=govdelivery)|/Safety/MedWatch/HowToReport", value
            ):
                fail(f"reference {r['id']}.{field}: legacy path or tracking query (T26)")
    # T19: an inherited step that still says 'your face' on a scalp or body sheet is a release
    # blocker (design.md 2.1): the shipped wording must change first
    release_blockers: list[str] = []
    for tid in ("scalp-microneedling", "body-microneedling"):
        for i in sorted(resolved[tid]["aftercare_steps"]):
            if re.search(r"\byour face\b", items_by_id[i]["action"]):
                release_blockers.append(
                    f"{tid}: inherited step {i!r} says 'your face' (T19; wording in design.md 2.1)"
                )

    # 11. review round 2 (/tmp/review/treat-round2.md): rules that fail if a finding comes back
    en_by = dict(en_texts)
    fr_by = dict(fr_texts)
    # U3 / U16: the stroke line says not to put it down to the RF; French: a weak arm or leg
    if "do not wait" not in en_by["rf-numbness-or-weakness.action"].lower():
        fail("rf-numbness-or-weakness.action: no 'do not wait ... just from the RF' (U3)")
    fr_stroke = fr_by["rf-numbness-or-weakness.action"].lower()
    if "n'attendez pas" not in fr_stroke:
        fail("rf-numbness-or-weakness.action FR: no « N'attendez pas » (U3)")
    if "ne pouvez plus lever" in fr_stroke or "faible" not in fr_stroke:
        fail("rf-numbness-or-weakness.action FR: a weak (not only useless) arm or leg (U16)")
    # U4: discoloured skin only in patches bigger than the needle dots; burn asked to day 14 at most
    for sentence in re.split(r"(?<=[.?!])\s+", burn["sign"] + " " + burn["question"]):
        if "black" in sentence and "bigger than the needle dots" not in sentence:
            fail(f"rf-blisters-or-burn: discoloured skin without a size (U4): {sentence!r}")
    rf_windows = {w["item"]: w for w in by_id["rf-microneedling"]["warning_sign_windows"]}
    until = rf_windows.get("rf-blisters-or-burn", {}).get("asked_until_day")
    if until is None or until > 14:
        fail("rf-microneedling: the burn question is asked past day 14 (U4)")
    # U5: the lump's same-day red flags come first
    for where, by_locale in (("EN", en_by), ("FR", fr_by)):
        first = by_locale["late-firm-lump-after-product.action"].split("?")[0].lower()
        if not re.search(r"hot|chaude", first):
            fail(f"late-firm-lump-after-product.action {where}: red flags are not first (U5)")
    # U6: the PRP sight-loss text does not understate permanent loss
    prp_en = en_by["injected-prp-blocks-blood-vessel.summary"]
    prp_fr = fr_by["injected-prp-blocks-blood-vessel.summary"]
    if "In a few people" in prp_en or "Most people" not in prp_en:
        fail("injected-prp-blocks-blood-vessel.summary: sight loss was permanent in most (U6)")
    if "Chez quelques personnes" in prp_fr or "La plupart" not in prp_fr:
        fail("injected-prp-blocks-blood-vessel.summary FR: « La plupart… » (U6)")
    # U7: the exosome sheet prints one serum rule
    if "no-unapproved-serums" in resolved["microneedling-serum-or-exosome"]["aftercare_steps"]:
        fail("microneedling-serum-or-exosome prints the shipped serum exception too (U7)")
    # U8: a step cites only what supports it
    for i in ("body-no-shaving-while-raw", "body-loose-clean-clothes"):
        if "cdc-hot-tub-rash" in items_by_id[i]["references"]:
            fail(f"{i}: cdc-hot-tub-rash is about pool and hot-tub water, not clothes (U8)")
        if "analogy" not in items_by_id[i]["clinician_notes"]:
            fail(f"{i}: the notes must say the time is clinic practice by analogy (U8)")
    # U11: a PMID is filled in only when it was seen on PubMed
    for r in refs:
        if r.get("pmid") and "not on PubMed" in (r.get("note") or ""):
            fail(f"reference {r['id']}: pmid filled in but not seen on PubMed (U11)")
    # U14: placeholders are release blockers and never verified
    for blocker in load_json(HERE / "references.json").get("blockers", []):
        ref = next((r for r in refs if r["id"] == blocker["reference"]), None)
        if ref is None or ref["verified"]:
            fail(f"blocker {blocker['reference']!r} is missing or marked verified (U14)")
        release_blockers.append(
            f"placeholder {blocker['reference']!r} blocks {', '.join(blocker['blocks'])}:"
            f" needs {blocker['needs']}"
        )
    for r in refs:
        if "PLACEHOLDER" in (r.get("note") or "") and not any(
            b["reference"] == r["id"]
            for b in load_json(HERE / "references.json").get("blockers", [])
        ):
            fail(f"reference {r['id']}: a placeholder not listed in blockers (U14)")
    # U17: French terms
    for where, text in fr_texts:
        low = text.lower()
        if re.search(r"\bceintures?\b", low):
            fail(f"{where}: « ceinture » is a belt; say « vêtements serrés à la taille » (U17)")
        if re.search(r"\bsalons?\b", low):
            fail(f"{where}: the CDC setting was a spa, not a « salon » (U17)")
        if "le médecin ou l'infirmière" in low:
            fail(f"{where}: inclusive wording, e.g. « le personnel médical » (U17)")

    # 8. blocked: items citing a reference that is not verified yet
    unverified = {r["id"] for r in refs if not r["verified"]}
    unverified |= {r["id"] for r in shipped["references"] if not r["verified"]}
    blocked = []
    for kind in KINDS:
        for item in drafts.get(kind, []):
            weak = [x for x in item["references"] if x in unverified]
            if weak:
                blocked.append((item["id"], weak))
    for t in treatments:
        weak = [x for x in t["references"] if x in unverified]
        if weak:
            blocked.append((t["id"], weak))

    # Report
    print("# check.py output: issue 20 treatment drafts")
    print()
    counts = {k: len(drafts.get(k, [])) for k in KINDS}
    print(f"treatments: {len(treatments)}; reporting records: {len(reporting)}")
    print(f"new items: {counts} (total {sum(counts.values())})")
    verified = sum(1 for r in refs if r["verified"])
    print(f"new references: {len(refs)} ({verified} verified, {len(refs) - verified} not verified)")
    print()
    print("## Readability (per sentence)")
    grades = sorted(g for _, _, g in en_sentences)
    eases = sorted(e for _, _, e in fr_sentences)
    if grades:
        median = grades[len(grades) // 2]
        print(
            f"English: {len(grades)} sentences, median grade {median:.1f},"
            f" max {grades[-1]:.1f}; above grade {NOTE_GRADE:g}:"
            f" {sum(g > NOTE_GRADE for g in grades)}"
        )
    if eases:
        print(
            f"French: {len(eases)} sentences, median ease {eases[len(eases) // 2]:.1f},"
            f" min {eases[0]:.1f}"
        )
    for where, sentence, grade in en_sentences:
        if grade > NOTE_GRADE:
            print(f"  note: {where}: grade {grade:.1f}: {sentence}")
    print()
    print("## Blocked until a reference is verified")
    for item_id, weak in blocked:
        print(f"  {item_id}: cites unverified {', '.join(weak)}")
    print()
    print("## Release blockers (not failures: conditions before these records ship)")
    for line in release_blockers:
        print(f"  {line}")
    print()
    print("## Notes")
    for note in notes:
        print(f"  {note}")
    print()
    print("## Failures")
    for failure in failures:
        print(f"  FAIL {failure}")
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

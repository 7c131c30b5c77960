"""Check rf-draft.json: readability per sentence, French spacing, fingerprints, ids, reference hosts.

Run from the worktree root with a venv that has microneedle-care[readability]:
    .venv/bin/python drafts/treatments/rf_draft_check.py
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from microneedle_care.readability import measure, sentences

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
draft = json.loads((HERE / "rf-draft.json").read_text(encoding="utf-8"))
PATIENT = {"causes": ("name", "summary", "how_to_tell"), "warning_signs": ("sign", "action", "question"),
           "aftercare_steps": ("action", "reason")}
failures: list[str] = []

print("## Readability (English: Flesch-Kincaid grade per sentence; French: ease per sentence)")
for kind, fields in PATIENT.items():
    for item in draft[kind]:
        for field in fields:
            for _, s in sentences(item[field]):
                g = measure(s, "en").grade or 0.0
                flag = "  NOTE >6" if g > 6 else ""
                print(f"en {item['id']}.{field}: {g:4.1f}{flag}  {s}")
            fr = draft["fr"][kind][item["id"]][field]
            for _, s in sentences(fr):
                e = measure(s, "fr").ease or 0.0
                print(f"fr {item['id']}.{field}: ease {e:5.1f}  {s}")

print("\n## French spacing (U+00A0 or U+202F before ? ! : ; and inside « »)")
for kind, items in draft["fr"].items():
    for iid, fields in items.items():
        for field, text in fields.items():
            if field.startswith("$"):
                continue
            for m in re.finditer(r"(.)([?!:;»])", text):
                if m.group(1) not in "\u00a0\u202f":
                    failures.append(f"fr {iid}.{field}: no no-break space before {m.group(2)!r}")
            for m in re.finditer(r"«(.)", text):
                if m.group(1) not in "\u00a0\u202f":
                    failures.append(f"fr {iid}.{field}: no no-break space after «")

print("\n## Fingerprints")
for kind, items in draft["fr"].items():
    en = {i["id"]: i for i in draft[kind]}
    for iid, fields in items.items():
        for field, want in fields["$source"].items():
            got = hashlib.sha256(en[iid][field].encode("utf-8")).hexdigest()[:12]
            print(f"{iid}.{field}: {want} {'ok' if got == want else 'STALE'}")
            if got != want:
                failures.append(f"{iid}.{field}: stale fingerprint")

print("\n## Ids (must be appended to content/ids.txt when the items reach src/)")
listed = {line.split("\t")[0] for line in (ROOT / "content/ids.txt").read_text().splitlines() if line and not line.startswith("#")}
for kind in PATIENT:
    for item in draft[kind]:
        print(f"{item['id']} ({kind}): {'already listed' if item['id'] in listed else 'new'}")

print("\n## References")
src_refs = {r["id"]: r for r in json.loads((ROOT / "src/microneedle_care/data/content.json").read_text())["references"]}
draft_refs = {r["id"]: r for r in json.loads((HERE / "references.json").read_text())["references"]}
new_refs = {r["id"]: r for r in draft["references"]}
text = (ROOT / "tests/test_reference_addresses.py").read_text()
hosts = set(re.findall(r'^\s+"([a-z0-9.-]+)": "', text, re.M))
suffixes = (".gc.ca", ".canada.ca", ".gov", ".ontario.ca")
for kind in PATIENT:
    for item in draft[kind]:
        for rid in item["references"]:
            ref = new_refs.get(rid) or src_refs.get(rid) or draft_refs.get(rid)
            where = "new/mended here" if rid in new_refs else "shipped" if rid in src_refs else "draft references.json" if rid in draft_refs else "MISSING"
            if ref is None:
                failures.append(f"{item['id']}: unknown reference {rid}")
                continue
            host = urlsplit(ref.get("verified_at") or "").hostname or ""
            ok = host in hosts or host.endswith(suffixes) or host in ("canada.ca", "ontario.ca")
            print(f"{item['id']} -> {rid} [{where}] verified={ref['verified']} host={host or '-'} "
                  f"{'allow-listed' if ok else 'NOT on the allow-list'}")

print("\n## Result")
for f in failures:
    print("FAIL", f)
print("ok" if not failures else f"{len(failures)} failure(s)")
sys.exit(1 if failures else 0)

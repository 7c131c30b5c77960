"""The text checker reads Spanish (es-US, issue 23 point 1).

The Spanish phrasings are in content.es.json's ``"phrasings"`` section (every myth, and
``contradicted_by`` for every step that has English ones); the Spanish cue words, vetoes,
extra phrasings, time words and activities are the ``es-US`` entries of data/checker.json.

tests/data/es_dev.tsv is a development set of paraphrases written for this project (no
sentence copied from a page), labelled by meaning and committed before the checker ran on
it, and frozen by its sha256. Its first run, before any tuning: all findings precision
0.982, recall 0.982 (tp 55, fp 1, fn 1); myths precision 0.978, recall 1.000. The same
person wrote the sentences and the patterns, so these scores overstate how it does on real
Spanish pages: a blind set of real es-US pages is still to be built.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import microneedle_care as mc
from microneedle_care import check
from microneedle_care.model import KINDS, patient_fields

ES_DEV = Path(__file__).parent / "data" / "es_dev.tsv"
ES_DEV_SHA256 = "82f31c76864fdd7c6f1a31a56d4bdeb3dfb8dd7a1896ba549cf8f5eb7ada3766"

SPANISH = mc.load(locale="es")
ENGLISH = mc.load()

Row = tuple[set[str], str]


def _rows() -> list[Row]:
    rows = []
    for line in ES_DEV.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        locale, expected, sentence = line.split("\t")
        assert locale == "es"
        rows.append((set() if expected == "-" else set(expected.split(",")), sentence))
    return rows


def _ids(text: str) -> set[str]:
    report = check.check_text(text, locale="es", readability=False)
    return {f.myth.id for f in report.myths} | {f"step:{f.step.id}" for f in report.advice}


def _ratio(good: int, bad: int) -> float:
    return good / (good + bad) if good + bad else 1.0


def _scores(rows: list[Row]) -> dict[str, float]:
    """Check every row; print and return P/R for all findings, myths and steps."""
    counts = dict.fromkeys(
        (f"{k}-{c}" for k in ("all", "myth", "step") for c in ("tp", "fp", "fn")), 0
    )
    for expected, sentence in rows:
        got = _ids(sentence)
        for key, keep in (
            ("all", lambda i: True),
            ("myth", lambda i: not i.startswith("step:")),
            ("step", lambda i: i.startswith("step:")),
        ):
            want = {i for i in expected if keep(i)}
            found = {i for i in got if keep(i)}
            counts[f"{key}-tp"] += len(found & want)
            counts[f"{key}-fp"] += len(found - want)
            counts[f"{key}-fn"] += len(want - found)
    out: dict[str, float] = {}
    lines = [f"\ntext checker, Spanish development set ({len(rows)} sentences):"]
    for key in ("all", "myth", "step"):
        tp, fp, fn = (counts[f"{key}-{c}"] for c in ("tp", "fp", "fn"))
        out[f"{key}-p"], out[f"{key}-r"] = _ratio(tp, fp), _ratio(tp, fn)
        lines.append(
            f"  {key}: precision {out[f'{key}-p']:.3f}, recall {out[f'{key}-r']:.3f}"
            f" (tp {tp}, fp {fp}, fn {fn})"
        )
    print("\n".join(lines))
    return out


class TestDevelopmentSet:
    def test_labels_are_frozen_and_paraphrased(self) -> None:
        """The file is the one committed before the checker ran, and says it paraphrases."""
        assert hashlib.sha256(ES_DEV.read_bytes()).hexdigest() == ES_DEV_SHA256
        header = "\n".join(
            line for line in ES_DEV.read_text(encoding="utf-8").splitlines() if line[:1] == "#"
        )
        assert "PARAPHRASE" in header

    def test_size_positives_and_hard_negatives(self) -> None:
        rows = _rows()
        assert len(rows) >= 80
        assert sum(1 for expected, _ in rows if expected) * 3 >= len(rows)
        negatives = " ".join(sentence.casefold() for expected, sentence in rows if not expected)
        for hard in ("es un mito", "no hay pruebas", "no se recomienda", "ácido hialurónico"):
            assert hard in negatives
        assert "hígado" in negatives
        assert "riñones" in negatives
        labelled = set().union(*(expected for expected, _ in rows))
        assert {m.id for m in SPANISH.myths} <= labelled  # every myth has a positive

    def test_precision_and_recall(self) -> None:
        """Printed; the bars hold what it reached (goal: P >= 0.9, R >= 0.8).

        Reached after tuning: all findings P 0.982, R 1.000 (tp 56, fp 1, fn 0); myths P
        0.978, R 1.000; advice P 1.000, R 1.000. The one false alarm: 'Su piel no necesita
        un "detox": ...' (the quote mark ends the negation's clause; English does the same).
        """
        out = _scores(_rows())
        assert out["all-p"] >= 0.98
        assert out["all-r"] >= 0.99
        assert out["myth-p"] >= 0.97
        assert out["myth-r"] >= 0.99
        assert out["step-p"] >= 0.99
        assert out["step-r"] >= 0.99


class TestContent:
    @pytest.mark.parametrize("myth", SPANISH.myths, ids=lambda m: m.id)
    def test_every_myth_has_a_spanish_phrasing(self, myth: mc.Myth) -> None:
        assert [p for p in myth.phrasings if p.locale == "es"]

    @pytest.mark.parametrize(
        "step", [s for s in ENGLISH.aftercare_steps if s.contradicted_by], ids=lambda s: s.id
    )
    def test_every_step_contradicted_in_english_is_in_spanish(self, step: mc.AftercareStep) -> None:
        spanish = SPANISH.get(step.id)
        assert isinstance(spanish, mc.AftercareStep)
        assert [p for p in spanish.contradicted_by if p.locale == "es"]

    @pytest.mark.parametrize("myth", SPANISH.myths, ids=lambda m: m.id)
    def test_spanish_claim_is_flagged_as_its_myth(self, myth: mc.Myth) -> None:
        assert myth.id in _ids(myth.claim)

    @pytest.mark.parametrize("myth", SPANISH.myths, ids=lambda m: m.id)
    def test_spanish_claim_called_a_myth_is_not_flagged(self, myth: mc.Myth) -> None:
        assert myth.id not in _ids(f"Es un mito que {myth.claim[0].lower()}{myth.claim[1:]}")

    @pytest.mark.parametrize("myth", SPANISH.myths, ids=lambda m: m.id)
    def test_spanish_correction_is_not_flagged(self, myth: mc.Myth) -> None:
        assert _ids(myth.correction) == set()

    def test_the_spanish_patient_text_has_no_finding(self) -> None:
        """Every patient-facing Spanish field but the myths' claims passes the checker."""
        found = []
        for kind in (k.attribute for k in KINDS if k.translated):
            for item in getattr(SPANISH, kind):
                for name in patient_fields(type(item)):
                    text = getattr(item, name)
                    if isinstance(text, str) and not (kind == "myths" and name == "claim"):
                        found += [(item.id, name, i) for i in _ids(text)]
        assert found == []


class TestReadingSpanish:
    def test_locale_names(self) -> None:
        for name in ("es", "es-US", "es_us"):
            report = check.check_text(
                "El microneedling desintoxica la piel.", locale=name, readability=False
            )
            assert report.locale == "es-US"
            assert [f.myth.id for f in report.myths] == ["detoxifies-skin"]

    @pytest.mark.parametrize(
        ("sentence", "step"),
        [
            ("Puede maquillarse el mismo día.", "no-makeup-first-day"),
            ("Puede maquillarse el mismo día del tratamiento.", "no-makeup-first-day"),
            ("Puede ir al gimnasio de inmediato.", "no-gym-first-day"),
            ("Al día siguiente puede entrar al sauna.", "no-sauna-or-hot-tub"),
            ("Puede nadar en la alberca esa misma noche.", "no-swimming"),
            ("Puede usar retinol a las veinticuatro horas.", "avoid-harsh-products"),
            ("Aplique su sérum justo después de la sesión.", "no-unapproved-serums"),
            ("Después del tratamiento puede sudar como siempre.", "no-gym-first-day"),
            ("Si le sale un granito, puede reventarlo.", "breakout-do-not-squeeze"),
        ],
    )
    def test_advice_against_a_step_names_the_step(self, sentence: str, step: str) -> None:
        report = check.check_text(sentence, locale="es", readability=False)
        assert step in {f.step.id for f in report.advice}
        finding = next(f for f in report.advice if f.step.id == step)
        assert finding.triggers
        assert all(sentence[t.start : t.end] == t.text for t in finding.triggers)

    @pytest.mark.parametrize(
        "sentence",
        [
            "No se maquille durante las primeras 24 horas.",
            "No vaya al gimnasio el mismo día del tratamiento.",
            "No se recomienda usar el sauna hasta que la piel haya sanado por completo.",
            "Espere 7 días antes de volver a usar retinol.",
            "El ácido hialurónico que le aplicamos calma la piel justo después de la sesión.",
            "Evite la vitamina C la primera semana porque puede irritar la piel.",
            "Después de 48 horas puede volver a hacer ejercicio suave.",
        ],
    )
    def test_warnings_and_waits_are_not_advice(self, sentence: str) -> None:
        assert _ids(sentence) == set()

    @pytest.mark.parametrize(
        ("sentence", "expected"),
        [
            (
                "No se preocupe: la purga es señal de que funciona.",
                {"breakout-means-it-is-working"},
            ),
            ("El microneedling no desintoxica la piel.", set()),
            ("No hay pruebas de que el microneedling saque toxinas.", set()),
            ("El hígado y los riñones eliminan las toxinas, no la piel.", set()),
            ("¿El microneedling desintoxica la piel?", set()),
            ("La regla puede causar cambios hormonales y granos tras el tratamiento.", set()),
            ("Usar un rodillo en casa es seguro.", {"home-rollers-as-good-and-safe"}),
            ("Un tratamiento profesional es más seguro que un rodillo en casa.", set()),
        ],
    )
    def test_claims_refutations_and_vetoes(self, sentence: str, expected: set[str]) -> None:
        assert _ids(sentence) == expected


REAL_ES_TEST = Path(__file__).parent / "data" / "real_pages_es_test.tsv"
# Labelled blind by a bilingual helper who never ran the checker nor read its code, data, the
# Spanish phrasings or any other file's rows; committed with this hash before any measure.
REAL_ES_TEST_SHA256 = "b0f6086d6127089f4313bc03a092a4e3f88777f2d8bc99c59cc33f0cc213c6e7"


class TestSpanishBlindSet:
    """Issues 22 and 23: the checker on real Spanish pages nobody tuned on.

    tests/data/real_pages_es_test.tsv: 208 sentences from 102 pages on 92 sites (by page:
    Spain 46, US 19, Mexico 8, other Latin America 15, unknown 14: US clinics' Spanish pages
    are scarce in the stored pages); 79 positive (66 state a myth, 32 advise against a
    step). The pages never state the detox, hormone or "a breakout means it works" myths.
    Never tune on it.
    """

    def test_labels_are_frozen_and_unseen(self) -> None:
        """The file is the one frozen before measuring; its ids exist; it is Spanish."""
        from tests.test_check import _all_development_rows, _real_with_steps, assert_labelled_rows

        assert hashlib.sha256(REAL_ES_TEST.read_bytes()).hexdigest() == REAL_ES_TEST_SHA256
        rows = _real_with_steps(REAL_ES_TEST)
        assert len(rows) == 208
        assert {r[1] for r in rows} == {"es"}
        assert not {r[0] for r in rows} & {r[0] for r in _all_development_rows()}
        assert_labelled_rows(rows, {"es"})
        assert sum(1 for r in rows if r[2] or r[3]) == 79

    def test_scores_on_the_spanish_blind_set(self) -> None:
        """Scores printed. Measured once, 2026-12-03, right after the freeze:

        - myths: precision 0.828, recall 0.348 (24 found, 5 false alarms, 45 missed); per
          myth: load-open-channels-with-serums 20/38, clean-home-roller-is-safe 1/16,
          home-rollers-as-good-and-safe 0/8, own-blood-means-no-risk 1/4,
          exosomes-are-approved-and-safe 1/2, shrinks-oil-glands 1/1;
        - advice against the aftercare: precision 1.0, recall 0.03 (1 of 33): 22 of the 33
          praise or teach needling at home, which no phrasing in any language reads as
          advice against stop-home-needling.

        The Spanish phrasings were written from the content and the author's paraphrases
        (tests/data/es_dev.tsv, 0.98 / 1.00 there): on real pages they find a third of the
        claims. The bars are what was measured, so that a change that loses more fails.
        """
        from tests.test_check import _real_with_steps, _scores

        out = _scores(_real_with_steps(REAL_ES_TEST), "real Spanish sentences, blind test set")
        assert out["myth-p"] >= 0.82  # goal 0.90 not met
        assert out["myth-r"] >= 0.34  # goal 0.80 not met
        assert out["recall:load-open-channels-with-serums"] >= 0.52
        assert out["step-p"] >= 0.99
        assert out["step-r"] >= 0.03  # goal 0.60 not met

"""Plain language: every patient-facing sentence can be read at about US grade 6 (issue 16).

English sentences are held to a Flesch-Kincaid grade of at most 8 each (the issue's rule;
``readability.HARD_GRADE`` is 9), and the median sentence to grade 6. French has no grade:
each sentence is held to a Kandel-Moles reading ease of at least 60 (plain language), the
French measure :func:`microneedle_care.readability.measure` gives. On one sentence both
formulas are rough (they count syllables and words, nothing else), so they catch long,
many-syllable sentences, not every hard one; a person still reads the text.

:func:`patient_sentences` yields ``(item id, field, sentence)`` for any list of item kinds, so
that steps and warning signs can be added to :data:`KINDS` once their text meets the rule.

The module also checks the findings of the content 2.0.0 review mended in the causes and
myths (A2, A4, A6, E3, E4, E6, L1, L3, F4, F6, F7, F11, C3), and the "evidence-informed"
branding (E9).
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import io
import re
import statistics
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

import microneedle_care as mc
from microneedle_care import _i18n, cli
from microneedle_care.model import patient_fields
from microneedle_care.readability import measure, sentences

ROOT = Path(__file__).resolve().parent.parent

MAX_GRADE = 8.0
"""No English patient sentence above this Flesch-Kincaid grade."""
MEDIAN_GRADE = 6.0
"""The median English patient sentence at or below this grade."""
MIN_EASE_FR = 60.0
"""No French patient sentence below this reading ease (Kandel-Moles; 60 to 70 is plain)."""
MIN_EASE_ES = 50.0
"""No Spanish patient sentence below this Fernández-Huerta ease (below 50 is "difícil")."""
MEDIAN_EASE_ES = 70.0
"""The median Spanish patient sentence at or above this ease ("bastante fácil", issue 23)."""
MIN_EASE = {"fr": MIN_EASE_FR, "es": MIN_EASE_ES}

KINDS = ("causes", "myths")
"""The item kinds held to the rule. Add "aftercare_steps", "warning_signs", "risk_factors"
when their text meets it."""

NOT_YET: frozenset[str] = frozenset()  # every item kind now passes

LOCALES = _i18n.languages()


def patient_sentences(catalog: mc.Catalog, kinds: Iterable[str]) -> Iterator[tuple[str, str, str]]:
    """Yield ``(item id, field, sentence)`` for every patient-facing sentence of *kinds*.

    A field is patient-facing when the model marks it so (:func:`patient_fields`); a name
    (a heading) counts as one sentence.
    """
    for kind in kinds:
        for item in getattr(catalog, kind):
            for field in patient_fields(type(item)):
                text = getattr(item, field)
                if not isinstance(text, str):
                    continue
                for _, sentence in sentences(text):
                    yield item.id, field, sentence


def _too_hard(sentence: str, locale: str) -> bool:
    score = measure(sentence, locale)
    if score.grade is not None:
        return score.grade > MAX_GRADE
    return score.ease < MIN_EASE[_i18n.language(locale)]


def _item_params(kinds: Iterable[str]) -> list[object]:
    ids = sorted({item.id for kind in kinds for item in getattr(mc.load(), kind)})
    return [
        pytest.param(
            item_id,
            marks=pytest.mark.xfail(reason="rewritten in another part of issue 16", strict=False)
            if item_id in NOT_YET
            else (),
        )
        for item_id in ids
    ]


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("item_id", _item_params(KINDS))
def test_every_patient_sentence_is_plain(item_id: str, locale: str) -> None:
    """No patient sentence of the item is above grade 8 (English), below ease 60 (French) or
    below Fernández-Huerta 50 (Spanish)."""
    catalog = mc.load(locale=locale)
    hard = [
        (field, sentence, measure(sentence, locale))
        for found, field, sentence in patient_sentences(catalog, KINDS)
        if found == item_id and _too_hard(sentence, locale)
    ]
    assert not hard, hard


@pytest.mark.parametrize("kind", KINDS)
def test_median_sentence_is_grade_six(kind: str) -> None:
    """Half the English sentences of each kind are at grade 6 or below; French ease 60 or above;
    Spanish Fernández-Huerta 70 or above."""
    en = [
        measure(s).grade or 0.0
        for item_id, _, s in patient_sentences(mc.load(), [kind])
        if item_id not in NOT_YET
    ]
    fr = [
        measure(s, "fr").ease
        for item_id, _, s in patient_sentences(mc.load(locale="fr"), [kind])
        if item_id not in NOT_YET
    ]
    es = [
        measure(s, "es").ease
        for item_id, _, s in patient_sentences(mc.load(locale="es"), [kind])
        if item_id not in NOT_YET
    ]
    assert statistics.median(en) <= MEDIAN_GRADE
    assert statistics.median(fr) >= MIN_EASE_FR
    assert statistics.median(es) >= MEDIAN_EASE_ES


def test_spanish_rule_can_fail() -> None:
    """The Spanish rule reports a "difícil" sentence and passes a plain one."""
    assert _too_hard("Los médicos llaman a esto hiperpigmentación postinflamatoria, o HPI.", "es")
    assert not _too_hard("Lávese la cara con agua tibia y un jabón suave.", "es")


@pytest.mark.parametrize("locale", LOCALES)
def test_disclaimer_is_plain(locale: str) -> None:
    """Every sentence of the disclaimer, printed on every sheet, passes the same rule."""
    for _, sentence in sentences(mc.load(locale=locale).disclaimer):
        assert not _too_hard(sentence, locale), sentence


def test_patient_sentences_covers_every_patient_field() -> None:
    """The helper yields each patient-facing field of each item of the kinds asked for."""
    catalog = mc.load()
    seen = {(item_id, field) for item_id, field, _ in patient_sentences(catalog, ["myths"])}
    assert seen == {(m.id, f) for m in catalog.myths for f in ("claim", "correction")}


# --- Findings of the content 2.0.0 review, mended in the causes and myths ------------------


def _text(catalog: mc.Catalog, item_id: str) -> str:
    item = catalog[item_id]
    return " ".join(getattr(item, f) for f in patient_fields(type(item)))


def _all_patient_text(locale: str) -> str:
    catalog = mc.load(locale=locale)
    return " ".join(s for i, _, s in patient_sentences(catalog, KINDS) if i not in NOT_YET)


def test_coincidental_flare_is_not_ruled_out_nor_placed() -> None:
    """A4: a period or stress flare "may have nothing to do with" the treatment; no jaw clue."""
    en = _text(mc.load(), "hormonal-or-stress-flare")
    fr = _text(mc.load(locale="fr"), "hormonal-or-stress-flare")
    assert "not caused by the treatment" not in en
    assert "nothing to do with the treatment" in en
    assert "jaw" not in en
    assert "mâchoire" not in fr
    assert "n'est pas causée" not in fr
    es = _text(mc.load(locale="es"), "hormonal-or-stress-flare")
    assert "nada que ver con el tratamiento" in es
    assert "mandíbula" not in es
    assert "no es causad" not in es


def test_granuloma_text_does_not_blame_the_provider_alone() -> None:
    """E3, L3: no "put on by the provider"; the patient asks what will go on the skin."""
    for locale in LOCALES:
        catalog = mc.load(locale=locale)
        text = _text(catalog, "granulomatous-reaction") + _text(
            catalog, "load-open-channels-with-serums"
        )
        assert "by the provider" not in text
        assert "approved for use in the skin" not in text
        assert "personne qui faisait le traitement" not in text
        assert "por el proveedor" not in text
        assert (
            "persona que hizo el tratamiento" not in text
        )  # Round-1 review, finding 17: the ask is for the next session, of the clinic.
    assert (
        "ask your clinic what it will put on your skin"
        in _text(mc.load(), "granulomatous-reaction").lower()
    )
    assert (
        "pregunte a su clínica qué le va a poner en la piel"
        in _text(mc.load(locale="es"), "granulomatous-reaction").lower()
    )


def test_general_knowledge_items_are_rated_low() -> None:
    """E4: irritant rash and dark marks rest on general knowledge, so no stronger than low."""
    catalog = mc.load()
    for item_id in ("irritant-contact-dermatitis", "post-inflammatory-hyperpigmentation"):
        assert catalog[item_id].evidence.value in ("low", "very-low"), item_id


def test_ntm_series_is_not_said_to_exclude_microneedling() -> None:
    """E6: the Zeng abstract names no microneedling cases; the notes do not say none occurred."""
    for kind in KINDS:
        for item in getattr(mc.load(), kind):
            notes = item.evidence_notes
            assert "none followed microneedling" not in notes, item.id
            assert "none of its 28 cases followed microneedling" not in notes, item.id


def test_occlusion_is_not_called_harmful_and_petrolatum_is_offered() -> None:
    """A6: slower closing of needle holes is not presented as harm; plain petroleum jelly is."""
    catalog = mc.load()
    item = catalog["pore-clogging"]
    assert "slow down how fast" not in item.summary
    assert "petroleum jelly" in item.summary
    assert "aad-2022-antibiotic-ointment-release" in item.references
    assert "vaseline" in _text(mc.load(locale="fr"), "pore-clogging").lower()
    assert "vaselina (petrolato)" in _text(mc.load(locale="es"), "pore-clogging").lower()


def test_heat_and_sweat_gives_no_days_of_its_own() -> None:
    """A2: the cause gives no number of days, so it cannot disagree with the steps' windows."""
    for locale in LOCALES:
        text = _text(mc.load(locale=locale), "heat-and-sweat")
        assert not re.search(r"\d", text), text


def test_no_unneeded_jargon_in_causes() -> None:
    """L1: rosacea and the two contact rashes are described, not named in medical terms."""
    catalog = mc.load()
    rosacea = _text(catalog, "rosacea-or-perioral-dermatitis-flare")
    assert "perioral" not in rosacea.lower()
    assert "flushing" not in rosacea.lower()
    for item_id in ("irritant-contact-dermatitis", "allergic-contact-dermatitis"):
        assert "dermatitis" not in _text(catalog, item_id), item_id


def test_french_rosacea_says_what_the_english_says() -> None:
    """F7: sudden redness, not hot flashes; a flare, not a return."""
    text = _text(mc.load(locale="fr"), "rosacea-or-perioral-dermatitis-flare")
    assert "bouffées de chaleur" not in text
    assert "réapparaître" not in text
    assert "rougeurs soudaines" in text
    assert "poussée" in text


def test_spanish_rosacea_says_what_the_english_says() -> None:
    """F7 in Spanish: sudden redness, not hot flashes; a flare ("brote"), not a return."""
    text = _text(mc.load(locale="es"), "rosacea-or-perioral-dermatitis-flare")
    assert "bochorno" not in text
    assert "reaparec" not in text
    assert "roja y caliente de repente" in text
    assert "brote" in text
    assert "perioral" not in text.lower()


def test_spanish_terms_and_authorization() -> None:
    """F6 in Spanish: one word for the procedure ("microagujas"); Health Canada gives
    permission (authorizes), it does not "clear" or "approve" a home roller."""
    es = _all_patient_text("es")
    assert "microperforación" not in es
    assert "micropunción" not in es
    assert "microagujas" in es
    home = _text(mc.load(locale="es"), "home-rollers-as-good-and-safe")
    assert "no había dado permiso" in home
    assert not re.search(r"\baprob|\bautorizó la venta", home)


def test_french_terms_are_consistent() -> None:
    """F4, F6, F11: one word for the procedure; « spa » only as « bain à remous (spa) »."""
    fr = _all_patient_text("fr")
    assert "microperforation" not in fr
    for match in re.finditer(r"\bspas?\b", fr):
        assert fr[: match.start()].endswith("remous ("), fr[match.start() - 40 : match.end()]
    assert not mc.load(locale="fr")["irritant-contact-dermatitis"].name.startswith("Rougeurs")


def test_canadian_spelling_and_terms() -> None:
    """C3: Canadian spelling in causes and myths; Health Canada authorizes, it does not clear."""
    en = _all_patient_text("en")
    for us in ("color", "gray", "center"):
        assert not re.search(rf"\b{us}\b", en, re.IGNORECASE), us
    home = _text(mc.load(), "home-rollers-as-good-and-safe")
    assert "cleared" not in home
    assert "authorized" in home


@pytest.mark.parametrize("locale", LOCALES)
def test_no_province_hotline_in_causes_or_myths(locale: str) -> None:
    """Who to call by region is the clinic contact's job, not the causes' or myths' text."""
    text = _all_patient_text(locale)
    assert "811" not in text
    assert "Ontario" not in text


# --- Branding (E9) ---------------------------------------------------------------------------

BRANDING_FILES = ("README.md", "docs/index.rst")


def _cli_help() -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        cli.main(["--help"])
    return out.getvalue()


def _branding_texts() -> dict[str, str]:
    texts = {
        "cli --help": _cli_help(),
        "package metadata": importlib.metadata.metadata("microneedle-care")["Summary"],
        "package docstring": mc.__doc__ or "",
    }
    for name in BRANDING_FILES:
        path = ROOT / name
        if path.is_file():  # a source checkout
            texts[name] = path.read_text(encoding="utf-8")
    pyproject = ROOT / "pyproject.toml"
    if pyproject.is_file():
        texts["pyproject.toml"] = pyproject.read_text(encoding="utf-8")
    return texts


def test_nothing_claims_to_be_evidence_based() -> None:
    """E9: most timings are clinic practice, so the package says "evidence-informed"."""
    for where, text in _branding_texts().items():
        assert "evidence-based" not in text.lower(), where


def test_evidence_informed_says_what_it_means() -> None:
    """E9: where the package calls itself evidence-informed, it says what that means."""
    for where, text in _branding_texts().items():
        assert "evidence-informed" in text.lower(), where
        assert "clinic practice, not study results" in " ".join(text.split()), where

"""Independent review round 2 of the RF items (issue 20, AA1-AA15): one test (or a few) per
behaviour mended, so that a finding that comes back fails here by name."""

from __future__ import annotations

import datetime
import re
import warnings
from collections.abc import Callable

import pytest

import microneedle_care as mc
from microneedle_care import _i18n
from microneedle_care.checkin import questions
from microneedle_care.cli import main

RF = "rf-microneedling"
LOCALES = _i18n.languages()
DATE = datetime.date(2026, 12, 1)


def _sheet(catalog: mc.Catalog, *treatments: str) -> str:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", mc.IncompleteTreatmentWarning)
        checklist = mc.build_checklist(
            catalog=catalog, treatment_date=DATE, treatments=list(treatments)
        )
    # The text sheet wraps its lines: one line here (a no-break space stays).
    return re.sub(r"[ \n]+", " ", mc.render_text(checklist))


class TestBurnAction:
    """AA1: a deep burn goes to the emergency room now, whatever the clinic can offer."""

    def test_deep_burn_goes_to_the_er_unconditionally(
        self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog
    ) -> None:
        en = catalog_en.warning_sign("rf-blisters-or-burn").action
        assert (
            "Are patches of skin bigger than the needle dots white, grey, black or hard like "
            "leather? Then go to an emergency room now." in en
        )
        assert "no doctor can see you today" not in en
        assert "bigger than your hand or is near your eye" in en
        fr = catalog_fr.warning_sign("rf-blisters-or-burn").action
        assert (
            "Allez tout de suite à l'urgence si des plaques de peau plus grandes que les "
            "points des aiguilles sont blanches, grises, noires ou dures comme du cuir." in fr
        )
        assert "aucun médecin ne peut vous voir" not in fr

    def test_spanish_deep_burn_goes_to_the_er_unconditionally(
        self, catalogs: Callable[[str], mc.Catalog]
    ) -> None:
        es = catalogs("es").warning_sign("rf-blisters-or-burn").action
        assert (
            "¿Hay zonas de piel más grandes que los puntitos de las agujas que están blancas,"
            " grises, negras o duras como cuero? Entonces vaya ahora a una sala de emergencias."
            in es
        )
        assert "más grande que su mano o está cerca del ojo" in es
        assert "ningún médico le puede atender" not in es

    def test_face_blisters_have_an_er_fallback(
        self,
        catalog_en: mc.Catalog,
        catalog_fr: mc.Catalog,
        catalogs: Callable[[str], mc.Catalog],
    ) -> None:
        en = catalog_en.warning_sign("rf-blisters-or-burn").action
        assert "If your clinic cannot see you today, go to an emergency room." in en
        fr = catalog_fr.warning_sign("rf-blisters-or-burn").action
        assert "Si votre clinique ne peut pas vous voir aujourd'hui, allez à l'urgence." in fr
        es = catalogs("es").warning_sign("rf-blisters-or-burn").action
        assert "Si su clínica no le puede atender hoy, vaya a una sala de emergencias." in es

    def test_rising_pain_is_left_to_the_infection_sign(
        self,
        catalog_en: mc.Catalog,
        catalog_fr: mc.Catalog,
        catalogs: Callable[[str], mc.Catalog],
    ) -> None:
        """AA4 (and AA11's "baisser" with it)."""
        spanish = catalogs("es").warning_sign("rf-blisters-or-burn")
        for field in ("sign", "question"):
            assert "day 2" not in getattr(catalog_en.warning_sign("rf-blisters-or-burn"), field)
            assert "jour 2" not in getattr(catalog_fr.warning_sign("rf-blisters-or-burn"), field)
            assert "día 2" not in getattr(spanish, field)


class TestFaceWeakness:
    """AA2, AA10: the expected numbing does not send a patient to 911."""

    def test_question_asks_for_new_weakness_after_numbing(
        self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog
    ) -> None:
        en = catalog_en.warning_sign("rf-face-weakness").question
        assert en is not None
        # Review round 3b (CC3): "new" is now "not before your RF treatment" (present now).
        assert "when it was not before your RF treatment?" in en
        assert en.startswith("Once any numbing has worn off, ")
        fr = catalog_fr.warning_sign("rf-face-weakness").question
        assert fr is not None
        assert fr.startswith("Une fois l'effet de l'anesthésie passé, ")
        assert "alors que ce n'était pas le cas avant le traitement RF?" in fr

    def test_action_names_the_numbing_first(
        self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog
    ) -> None:
        en = catalog_en.warning_sign("rf-face-weakness").action
        # Review round 3b (CC2, CC8) reworded the numbing line and made the 911 lines
        # unconditional (tests/test_review3b_mend.py pins those).
        # Review round 4 (DD8) reworded it again: "near where they went in, or in the area".
        assert en.startswith("Numbing shots can leave your lip weak for a few hours, near where")
        assert "once the numbing has worn off, see a doctor today" in en
        fr = catalog_fr.warning_sign("rf-face-weakness").action
        assert fr.startswith("Les piqûres anesthésiantes peuvent rendre une lèvre faible")
        assert "une fois l'effet de l'anesthésie passé, voyez un médecin aujourd'hui" in fr

    def test_spanish_numbing_first_and_new_weakness(
        self, catalogs: Callable[[str], mc.Catalog]
    ) -> None:
        """AA2, AA10 in Spanish: asked once the numbing has worn off, about weakness that was
        not there before the RF treatment; the action names the numbing first."""
        sign = catalogs("es").warning_sign("rf-face-weakness")
        assert sign.question is not None
        assert sign.question.startswith("Cuando ya se le haya pasado la anestesia, ")
        assert "y antes de su tratamiento de RF no estaba así?" in sign.question
        assert sign.action.startswith(
            "Las inyecciones para adormecer pueden dejarle el labio débil por unas horas,"
            " cerca de donde"
        )
        assert "cuando ya se le haya pasado la anestesia, vea a un médico hoy" in sign.action

    def test_french_sign_says_what_droops(self, catalog_fr: mc.Catalog) -> None:
        sign = catalog_fr.warning_sign("rf-face-weakness").sign
        assert sign.startswith("Un côté de votre visage tombe ou bouge mal")
        assert "de la lèvre ou de la paupière" not in sign

    def test_french_deep_burn_is_numb_to_touch(self, catalog_fr: mc.Catalog) -> None:
        """AA11."""
        text = catalog_fr.cause("rf-heat-injury").how_to_tell
        assert "peut être insensible au toucher" in text
        assert "sembler engourdie" not in text


NORMAL_LEAD = {
    "en": "Apart from the sign above, this is what is normal:",
    "fr": "À part le signe ci-dessus, voici ce qui est normal\u00a0:",
    "es": "Aparte de la señal de arriba, esto es lo normal:",
}


def _answers(catalog: mc.Catalog, yes: str) -> dict[str, bool]:
    return {s.id: s.id == yes for s in questions(catalog, 3, treatments=[RF])}


class TestNormalNoteAfterAYes:
    """AA3: after a within-days "yes", the normal-healing note says it is about the rest."""

    @pytest.mark.parametrize("locale", LOCALES)
    def test_check_in_result(self, locale: str) -> None:
        catalog = mc.load(locale=locale)
        result = mc.check_in(
            catalog,
            _answers(catalog, "rf-dent-numbness-or-weakness"),
            days_since_treatment=3,
            treatments=[RF],
        )
        assert result.reassurance.startswith(NORMAL_LEAD[locale] + " ")
        # Review round 3b (CC14): the summary's own "this is normal" is left out after the
        # lead-in; its last sentence is unchanged.
        summary = catalog.cause("expected-healing").summary
        assert result.reassurance.endswith(summary.rsplit(". ", 1)[-1])

    @pytest.mark.parametrize("locale", LOCALES)
    def test_plural_after_two_signs(self, locale: str) -> None:
        catalog = mc.load(locale=locale)
        answers = _answers(catalog, "rf-dent-numbness-or-weakness") | {"allergic-rash": True}
        result = mc.check_in(catalog, answers, days_since_treatment=3, treatments=[RF])
        assert len(result.matches) == 2
        lead = {
            "en": "Apart from the signs above",
            "fr": "À part les signes ci-dessus",
            "es": "Aparte de las señales de arriba",
        }
        assert result.reassurance.startswith(lead[locale])

    @pytest.mark.parametrize("locale", LOCALES)
    def test_no_lead_without_a_yes(self, locale: str) -> None:
        catalog = mc.load(locale=locale)
        result = mc.check_in(
            catalog, _answers(catalog, ""), days_since_treatment=3, treatments=[RF]
        )
        assert result.reassurance == catalog.cause("expected-healing").summary

    @pytest.mark.parametrize("locale", LOCALES)
    def test_command_output(self, capsys: pytest.CaptureFixture[str], locale: str) -> None:
        catalog = mc.load(locale=locale)
        answers = _answers(catalog, "rf-dent-numbness-or-weakness")
        yes = [i for i, v in answers.items() if v]
        no = [i for i, v in answers.items() if not v]
        args = ["check-in", "--locale", locale, "--days", "3", "--treatment", RF]
        assert main([*args, "--yes", *yes, "--no", *no]) == 0
        out = capsys.readouterr().out
        assert NORMAL_LEAD[locale] in out
        assert out.index(catalog.warning_sign(yes[0]).sign) < out.index(NORMAL_LEAD[locale])


class TestSheetHeaderAndGlance:
    """AA7, AA8: the treatment line and the glance row after a home roller."""

    def test_treatment_line_leaves_out_the_home_roller(
        self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog
    ) -> None:
        en = _sheet(catalog_en, RF, "microneedling-prp", "home-roller")
        line = en[en.index("Treatments:") : en.index("Planned for:")]
        assert line == (
            "Treatments: RF microneedling (needles that heat); "
            "microneedling with PRP (from your own blood) "
        )
        fr = _sheet(catalog_fr, RF, "home-roller")
        line = fr[fr.index("Traitement") : fr.index("Prévu")]
        assert line == "Traitement\u00a0: Microaiguilletage RF (aiguilles qui chauffent) "

    def test_spanish_treatment_line_leaves_out_the_home_roller(
        self, catalogs: Callable[[str], mc.Catalog]
    ) -> None:
        es = _sheet(catalogs("es"), RF, "microneedling-prp", "home-roller")
        line = es[es.index("Tratamientos:") : es.index("Planeado")]
        assert line == (
            "Tratamientos: Microagujas con RF (agujas que calientan); "
            "microagujas con PRP (de su propia sangre) "
        )
        es = _sheet(catalogs("es"), RF, "home-roller")
        line = es[es.index("Tratamiento") : es.index("Planeado")]
        assert line == "Tratamiento: Microagujas con RF (agujas que calientan) "

    def test_no_treatment_line_for_a_home_roller_alone(self, catalog_en: mc.Catalog) -> None:
        text = _sheet(catalog_en, "home-roller")
        assert "Treatment:" not in text
        assert "Treatments:" not in text

    def test_glance_row_says_do_not_go_back(
        self, catalog_en: mc.Catalog, catalog_fr: mc.Catalog
    ) -> None:
        en = _sheet(catalog_en, RF, "home-roller")
        assert "Do not go back to home needling." in en
        assert "Still avoid" not in en
        fr = _sheet(catalog_fr, RF, "home-roller")
        assert "Ne reprenez pas le microaiguilletage à la maison." in fr
        assert "Évitez toujours" not in fr

    def test_spanish_glance_row_says_do_not_go_back(
        self, catalogs: Callable[[str], mc.Catalog]
    ) -> None:
        """AA8 in Spanish: "do not go back to" (no vuelva a, no retome), not "keep avoiding"."""
        es = _sheet(catalogs("es"), RF, "home-roller")
        row = re.search(r"[^.]*\blas microagujas en casa\.", es)
        assert row is not None
        assert re.search(r"\bNo (?:vuelva a|retome)\b", row.group(0))
        assert "Siga evitando" not in es


def test_a_treatments_own_signs_lead_their_urgency(catalog_en: mc.Catalog) -> None:
    """AA9: on the sheet, the RF signs come first in their tier, as the check-in asks them."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", mc.IncompleteTreatmentWarning)
        checklist = mc.build_checklist(catalog=catalog_en, treatments=[RF])
    tiers = {group.urgency: [s.id for s in group.signs] for group in checklist.warnings}
    assert tiers[mc.Urgency.SAME_DAY][:2] == ["rf-blisters-or-burn", "rf-face-weakness"]
    assert tiers[mc.Urgency.WITHIN_DAYS][0] == "rf-dent-numbness-or-weakness"
    default = [s.id for g in mc.build_checklist(catalog=catalog_en).warnings for s in g.signs]
    shown = set(default)
    assert default == [
        s.id
        for u in mc.Urgency
        for s in catalog_en.warning_signs
        if s.urgency is u and s.id in shown
    ]

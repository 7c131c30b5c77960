"""Independent review round 3b of the RF items (issue 20, CC1-CC14): one test (or a few) per
behaviour mended, so that a finding that comes back fails here by name."""

from __future__ import annotations

import pytest

import microneedle_care as mc
from microneedle_care import _i18n
from microneedle_care.checkin import questions

RF = "rf-microneedling"
LOCALES = _i18n.languages()


class TestBurnBodyParts:
    """CC1, CC6, CC7: blistering burns of every listed body part go to the emergency room
    when the clinic cannot see the patient today; emergency tests come first."""

    def test_english(self, catalog_en: mc.Catalog) -> None:
        action = catalog_en.warning_sign("rf-blisters-or-burn").action
        assert (
            "Are the blisters or raw skin on your face, hands, arms, legs, feet or genitals? "
            "If your clinic cannot see you today, go to an emergency room." in action
        )
        assert (
            "Are they somewhere else, and your clinic cannot see you today? "
            "Then see a doctor at a walk-in clinic today." in action
        )
        assert action.startswith("Are patches of skin bigger than the needle dots")
        assert "Otherwise, call your clinic now and ask to see a doctor today." in action
        assert action.index("Otherwise, call your clinic") < action.index("genitals?")

    def test_french(self, catalog_fr: mc.Catalog) -> None:
        action = catalog_fr.warning_sign("rf-blisters-or-burn").action
        assert (
            "sur le visage, les mains, les bras, les jambes, les pieds ou les organes génitaux? "
            "Si votre clinique ne peut pas vous voir aujourd'hui, allez à l'urgence." in action
        )
        assert (
            "Si elles sont ailleurs et que votre clinique ne peut pas vous voir aujourd'hui, "
            "voyez un médecin" in action
        )
        assert action.startswith("Allez tout de suite à l'urgence si des plaques")
        assert "Sinon, appelez votre clinique tout de suite" in action
        assert " ?" not in action
        assert "\u00a0?" not in action

    def test_spanish(self) -> None:
        action = mc.load(locale="es").warning_sign("rf-blisters-or-burn").action
        assert (
            "¿Las ampollas o la piel en carne viva están en la cara, las manos, los brazos, las"
            " piernas, los pies o los genitales? Si su clínica no le puede atender hoy, vaya a"
            " una sala de emergencias." in action
        )
        assert (
            "¿Están en otra parte, y su clínica no le puede atender hoy? "
            "Entonces vea hoy a un médico en una clínica sin cita (urgent care)." in action
        )
        assert action.startswith("¿Hay zonas de piel más grandes que los puntitos de las agujas")
        assert "Si no, llame ahora a su clínica y pida ver a un médico hoy." in action
        assert action.index("Si no, llame ahora a su clínica") < action.index("genitales?")


class TestFaceWeakness911:
    """CC2, CC8: the 911 lines do not depend on the numbing."""

    def test_english(self, catalog_en: mc.Catalog) -> None:
        action = catalog_en.warning_sign("rf-face-weakness").action
        # Review round 4 (DD6, DD8): "near where they went in, or in the area your clinic
        # numbed" (nerve blocks), and 911 for another part of the face drooping or weak.
        assert action.startswith(
            "Numbing shots can leave your lip weak for a few hours, near where they went in, "
            "or in the area your clinic numbed."
        )
        assert "if another part of your face suddenly droops or goes weak" in action
        assert (
            "Call 911 too if you have trouble speaking or finding words, "
            "or a weak or numb arm or leg." in action
        )
        assert "If you are not sure, call 911." in action
        assert "even if it gets better" in action
        assert "after that" not in action

    def test_french(self, catalog_fr: mc.Catalog) -> None:
        action = catalog_fr.warning_sign("rf-face-weakness").action
        assert action.startswith("Les piqûres anesthésiantes peuvent rendre une lèvre faible")
        assert (
            "Composez aussi le 911 si vous avez du mal à parler ou à trouver vos mots, "
            "ou une faiblesse ou un engourdissement dans un bras ou une jambe." in action
        )
        # Review round 4 (DD6, DD7).
        assert "si une autre partie de votre visage tombe ou faiblit tout à coup" in action
        assert "faible ou engourdi" not in action
        assert "Dans le doute, composez le 911." in action
        assert "même si cela s'améliore" in action
        assert "après ce délai" not in action

    def test_spanish(self) -> None:
        action = mc.load(locale="es").warning_sign("rf-face-weakness").action
        assert action.startswith(
            "Las inyecciones para adormecer pueden dejarle el labio débil por unas horas, cerca"
            " de donde se las pusieron, o en la zona que su clínica adormeció."
        )
        assert "si otra parte de su cara de repente se cae o se pone débil" in action
        assert (
            "Llame también al 911 si le cuesta hablar o encontrar las palabras, "
            "o si tiene un brazo o una pierna débil o adormecida." in action
        )
        assert "Si tiene dudas, llame al 911." in action
        assert "aunque luego se le pase" in action  # even if it gets better
        assert "después de ese tiempo" not in action  # no "after that" condition


class TestFaceWeaknessQuestionNow:
    """CC3: the question asks about weakness present now and new since treatment, not
    about weakness that started once the numbing wore off."""

    def test_french(self, catalog_fr: mc.Catalog) -> None:
        question = catalog_fr.warning_sign("rf-face-weakness").question
        assert question is not None
        assert "s'est-il mis à" not in question
        assert "s'est-elle mise à" not in question
        assert "tombe-t-il ou bouge-t-il mal" in question
        assert "alors que ce n'était pas le cas avant le traitement RF?" in question

    def test_english(self, catalog_en: mc.Catalog) -> None:
        question = catalog_en.warning_sign("rf-face-weakness").question
        assert question is not None
        assert "newly" not in question
        assert "when it was not before your RF treatment?" in question

    def test_spanish(self) -> None:
        question = mc.load(locale="es").warning_sign("rf-face-weakness").question
        assert question is not None
        assert "empezó a" not in question  # not "started to droop"
        assert "¿tiene un lado de la cara débil o caído" in question  # present now
        assert "y antes de su tratamiento de RF no estaba así?" in question


class TestNormalNoteSaysItOnce:
    """CC14: after the lead-in "this is what is normal:", the note does not say it again."""

    @pytest.mark.parametrize("locale", LOCALES)
    def test_no_repeat(self, locale: str) -> None:
        catalog = mc.load(locale=locale)
        answers = {
            s.id: s.id == "rf-dent-numbness-or-weakness"
            for s in questions(catalog, 3, treatments=[RF])
        }
        note = mc.check_in(catalog, answers, days_since_treatment=3, treatments=[RF]).reassurance
        assert note
        assert "This is normal." not in note
        assert "il est normal que" not in note
        assert "Esto es normal." not in note
        assert note.count("normal") <= 2

    @pytest.mark.parametrize("locale", LOCALES)
    def test_repeat_words_are_in_the_summary(self, locale: str) -> None:
        """If the summary is reworded, the words the note drops must follow it."""
        from microneedle_care._i18n import messages

        catalog = mc.load(locale=locale)
        words = messages(catalog.locale).cli
        assert words["normal_repeat"] in catalog.cause("expected-healing").summary


class TestNormalNoteReplacementHappens:
    """Review round 4 (DD16, DD15): the check-in note's replacement of the summary's own
    "this is normal" must take place (it fails if the summary is reworded and nothing is
    replaced), and the French goes on in lower case after the colon."""

    @pytest.mark.parametrize("locale", LOCALES)
    def test_replaced(self, locale: str) -> None:
        from microneedle_care._i18n import messages

        catalog = mc.load(locale=locale)
        words = messages(catalog.locale).cli
        answers = {
            s.id: s.id == "rf-dent-numbness-or-weakness"
            for s in questions(catalog, 3, treatments=[RF])
        }
        note = mc.check_in(catalog, answers, days_since_treatment=3, treatments=[RF]).reassurance
        assert words["normal_repeat"] not in note
        assert words["normal_repeat_with"] in note

    def test_french_lower_case_after_colon(self) -> None:
        catalog = mc.load(locale="fr")
        answers = {
            s.id: s.id == "rf-dent-numbness-or-weakness"
            for s in questions(catalog, 3, treatments=[RF])
        }
        note = mc.check_in(catalog, answers, days_since_treatment=3, treatments=[RF]).reassurance
        assert "normal\u00a0: après un microaiguilletage" in note

    def test_spanish_lower_case_after_colon(self) -> None:
        """Spanish goes on in lower case after the colon, and drops only "Esto es normal."."""
        catalog = mc.load(locale="es")
        answers = {
            s.id: s.id == "rf-dent-numbness-or-weakness"
            for s in questions(catalog, 3, treatments=[RF])
        }
        note = mc.check_in(catalog, answers, days_since_treatment=3, treatments=[RF]).reassurance
        assert "esto es lo normal: después del tratamiento con microagujas" in note
        assert "dar un poco de picazón. Una hinchazón leve" in note


def test_french_note_keeps_an_initialism_capital_after_the_colon() -> None:
    """Review round 5 (EE7): after the French lead's colon the summary goes on in lower case,
    but a summary opening with an initialism ("RF", "PRP") keeps its capitals."""
    import attrs

    from microneedle_care import checkin

    real = mc.load(locale="fr")

    class Reworded:
        locale = real.locale

        def __contains__(self, item_id: str) -> bool:
            return item_id in real

        def cause(self, item_id: str) -> mc.Cause:
            return attrs.evolve(real.cause(item_id), summary="RF et PRP : la peau rougit.")

    note = checkin._reassurance(Reworded(), 3, signs=1)  # type: ignore[arg-type]
    assert note.endswith("\u00a0: RF et PRP : la peau rougit.") or note.endswith(
        "\u202f: RF et PRP : la peau rougit."
    ), note
    assert "rF" not in note


def test_spanish_note_keeps_an_initialism_capital_after_the_colon() -> None:
    """EE7 in Spanish: the lead goes on in lower case, but "RF", "PRP" keep their capitals."""
    import attrs

    from microneedle_care import checkin

    real = mc.load(locale="es")

    class Reworded:
        locale = real.locale

        def __contains__(self, item_id: str) -> bool:
            return item_id in real

        def cause(self, item_id: str) -> mc.Cause:
            return attrs.evolve(real.cause(item_id), summary="RF y PRP: la piel se pone roja.")

    note = checkin._reassurance(Reworded(), 3, signs=1)  # type: ignore[arg-type]
    assert note.endswith("lo normal: RF y PRP: la piel se pone roja."), note
    assert "rF" not in note

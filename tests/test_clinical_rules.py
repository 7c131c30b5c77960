"""Clinical rules as tests (issue 16 item 3), so that the next edit cannot bring a finding back.

Each rule lives in :mod:`tests.clinical` as ``check_x(catalog) -> list[str]``. For each:

* ``TestShippedContent`` asserts it finds nothing in the installed content, in English
  and in French;
* a mutation test puts the finding of the content review back (the 2.0.0 value, through
  :func:`attrs.evolve` and a new checked :class:`~microneedle_care.catalog.Catalog`, or
  the old behaviour of a function) and asserts the rule reports it, so every rule is
  shown able to fail;
* where it helps, a control shows that a wording the review asks for passes, so the
  rule does not just flag everything.

Finding ids (S1, S2, ...) are those of ``reviews/content-2.0.0-review.md``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import pytest

import microneedle_care as mc
from microneedle_care.catalog import Catalog
from tests import clinical
from tests.clinical import (
    EXPECTED_HEALING,
    LOCALES,
    RULES,
    evolve,
    new_sign,
    new_step,
    with_items,
)

# The 2.0.0 values the content review found wrong, verbatim, to put the findings back.
OLD: dict[str, dict[str, dict[str, str]]] = {
    "en": {
        "severe-allergic-reaction": {
            "sign": "It is hard to breathe or swallow. Your lips, tongue or face swell. You may"
            " get hives (itchy raised welts) over much of your body, or feel faint.",
            "action": "Call 911 right away. This may be a severe allergic reaction, called"
            " anaphylaxis.",
            "question": "Is it hard to breathe or swallow, or are your lips, tongue or face"
            " swelling?",
        },
        "spreading-sores-with-eczema": {
            "sign": "Many small, round, scooped-out sores spreading over the face, most of all"
            " if you have eczema.",
            "action": "Go to an emergency department now, or call 911. This can be a widespread"
            " cold sore infection called eczema herpeticum. It needs medicine right away.",
            "question": "Do you have many small, round sores that are spreading over your face?",
        },
        "eye-pain-or-vision-change": {
            "sign": "Sores or blisters near your eye, eye pain, or any change in how well you"
            " can see.",
            "action": "Get emergency care now: call 911 or go to the nearest emergency room."
            " The cold sore virus can harm the eye.",
            "question": "Do you have sores near your eye, eye pain, or a change in how well you"
            " see?",
        },
        "bleeding-will-not-stop": {
            "sign": "Bleeding from the treated skin that does not stop after 10 minutes of"
            " firm, steady pressure with a clean cloth.",
            "action": "Keep pressing. Call 911 or go to the emergency room now.",
            "question": "Is the treated skin still bleeding after 10 minutes of firm pressure?",
        },
        "needled-with-shared-tools": {
            "sign": "You were needled with a shared home tool, or at a place that reused"
            " needles or did not open new, sealed needles for you.",
            "action": "Ask a doctor or a sexual health clinic about blood tests for HIV and"
            " hepatitis B and C. The tests are simple and private.",
            "question": "Were you needled with a shared tool, or at a place that reused needles?",
        },
        "get-tested-after-unsterile-needling": {
            "action": "Were you needled with a shared home tool, or at a place that reused"
            " needles? Then ask a doctor about blood tests for HIV and hepatitis B and C. A"
            " sexual health clinic can do them too.",
        },
        "breakout-call-clinic-if-not-better": {
            "action": "If the breakout is not getting better after about 2 weeks, contact your"
            " clinic. Call sooner if the spots turn into large, painful lumps.",
        },
        "no-tanning": {
            "action": "Do not tan in the sun or use tanning beds for at least 2 weeks, as most"
            " clinics advise. Ask your clinic when it is safe.",
        },
        "back-to-usual-routine": {
            "action": "From week 2, you can slowly go back to your usual cleanser and"
            " moisturizer if your skin is calm. Most clinics advise this.",
        },
        "no-antibiotic-ointments": {
            "action": "Do not use store-bought antibiotic ointments on treated skin unless a"
            " doctor says so. Examples are ones with neomycin or bacitracin.",
        },
        "shade-first-day": {
            "reason": "Sun on healing skin can leave dark marks that last for months. Doctors"
            " call this post-inflammatory hyperpigmentation, or PIH.",
        },
        "sms": {"emergency": "Trouble breathing or swelling of the face: call 911."},
    },
    "fr": {
        "severe-allergic-reaction": {
            "sign": "Vous avez du mal à respirer ou à avaler. Vos lèvres, votre langue ou votre"
            " visage enflent. Vous pouvez avoir de l'urticaire (des plaques en relief qui"
            " démangent) sur une grande partie du corps, ou sentir que vous allez vous"
            " évanouir.",
            "action": "Composez le 911 tout de suite. C'est peut-être une réaction allergique"
            " grave, appelée anaphylaxie.",
            "question": "Avez-vous du mal à respirer ou à avaler, ou vos lèvres, votre langue ou"
            " votre visage enflent-ils?",
        },
        "spreading-sores-with-eczema": {
            "sign": "Beaucoup de petites plaies rondes et creuses qui s'étendent sur le visage,"
            " surtout si vous avez de l'eczéma.",
            "action": "Allez à l'urgence maintenant, ou composez le 911. Ce peut être une"
            " infection de feu sauvage très étendue, appelée eczéma herpétique. Elle demande"
            " des médicaments tout de suite.",
            "question": "Avez-vous beaucoup de petites plaies rondes qui s'étendent sur le visage?",
        },
        "eye-pain-or-vision-change": {
            "sign": "Des plaies ou des cloques près de l'œil, une douleur à l'œil, ou tout"
            " changement dans votre vue.",
            "action": "Allez chercher des soins d'urgence tout de suite\u00a0: composez le 911 ou"
            " allez à l'urgence la plus proche. Le virus du feu sauvage peut abîmer l'œil.",
            "question": "Avez-vous des plaies près de l'œil, mal à l'œil ou un changement dans"
            " votre vue?",
        },
        "bleeding-will-not-stop": {
            "sign": "Un saignement de la peau traitée qui ne s'arrête pas après 10 minutes de"
            " pression ferme et continue avec un linge propre.",
            "action": "Continuez d'appuyer. Composez le 911 ou allez à l'urgence maintenant.",
            "question": "La peau traitée saigne-t-elle encore après 10 minutes de pression ferme?",
        },
        "needled-with-shared-tools": {
            "sign": "Vous avez été traité avec un outil partagé à la maison, ou à un endroit qui"
            " réutilisait les aiguilles ou n'ouvrait pas devant vous des aiguilles neuves et"
            " scellées.",
            "action": "Demandez à un médecin ou à une clinique de santé sexuelle de faire des"
            " prises de sang pour le VIH et l'hépatite B et C. Les tests sont simples et"
            " confidentiels.",
            "question": "Avez-vous été traité avec un outil partagé, ou à un endroit qui"
            " réutilisait les aiguilles?",
        },
        "get-tested-after-unsterile-needling": {
            "action": "Avez-vous été traité avec un outil partagé à la maison, ou à un endroit"
            " qui réutilisait les aiguilles? Demandez alors à un médecin des prises de sang"
            " pour le VIH et l'hépatite B et C. Une clinique de santé sexuelle peut aussi les"
            " faire.",
        },
        "breakout-call-clinic-if-not-better": {
            "action": "Si les boutons ne vont pas mieux après environ 2 semaines, contactez"
            " votre clinique. Appelez plus tôt si les boutons deviennent de grosses bosses"
            " douloureuses.",
        },
        "no-tanning": {
            "action": "Ne bronzez pas au soleil et n'utilisez pas de lits de bronzage pendant au"
            " moins 2 semaines, comme le conseillent la plupart des cliniques. Demandez à"
            " votre clinique quand vous pourrez le faire sans danger.",
        },
        "back-to-usual-routine": {
            "action": "À partir de la 2e semaine, vous pouvez reprendre peu à peu votre"
            " nettoyant et votre crème hydratante habituels si votre peau est calme. La"
            " plupart des cliniques le conseillent.",
        },
        "no-antibiotic-ointments": {
            "action": "N'utilisez pas d'onguent antibiotique acheté en magasin sur la peau"
            " traitée, sauf si un médecin vous le dit.",
        },
        "shade-first-day": {
            "reason": "Le soleil sur la peau qui guérit peut laisser des taches foncées qui"
            " durent des mois. Les médecins appellent cela une hyperpigmentation"
            " post-inflammatoire, ou HPI.",
        },
        "sms": {"emergency": "Mal à respirer ou visage qui enfle\u00a0: faites le 911."},
    },
    # There was no Spanish in 2.0.0: these are the 2.0.0 English values above, said in Spanish
    # with the same faults (face swelling and bare sores sent to 911, "911 or the emergency
    # room", no 72-hour window, "2 weeks" on a day-8 step, a grade-12 sentence), so that each
    # rule is shown able to fail on Spanish text.
    "es": {
        "severe-allergic-reaction": {
            "sign": "Le cuesta respirar o tragar. Se le hinchan los labios, la lengua o la cara."
            " Le pueden salir ronchas (urticaria) en gran parte del cuerpo, o puede sentir que"
            " se va a desmayar.",
            "action": "Llame al 911 de inmediato. Esto puede ser una reacción alérgica grave,"
            " llamada anafilaxia.",
            "question": "¿Le cuesta respirar o tragar, o se le están hinchando los labios, la"
            " lengua o la cara?",
        },
        "spreading-sores-with-eczema": {
            "sign": "Muchas llagas pequeñas, redondas y hundidas que se extienden por la cara,"
            " sobre todo si tiene eczema.",
            "action": "Vaya ahora a la sala de emergencias, o llame al 911. Esto puede ser una"
            " infección de herpes labial muy extendida, llamada eczema herpético. Necesita"
            " medicina de inmediato.",
            "question": "¿Tiene muchas llagas pequeñas y redondas que se extienden por la cara?",
        },
        "eye-pain-or-vision-change": {
            "sign": "Llagas o ampollas cerca del ojo, dolor en el ojo, o cualquier cambio en lo"
            " bien que ve.",
            "action": "Busque atención de emergencia ahora: llame al 911 o vaya a la sala de"
            " emergencias más cercana. El virus del herpes labial puede dañar el ojo.",
            "question": "¿Tiene llagas cerca del ojo, dolor en el ojo o un cambio en lo bien que"
            " ve?",
        },
        "bleeding-will-not-stop": {
            "sign": "Sangrado de la piel tratada que no para después de 10 minutos de presión"
            " firme y sin soltar, con un paño limpio.",
            "action": "Siga presionando. Llame al 911 o vaya a la sala de emergencias ahora.",
            "question": "¿La piel tratada sigue sangrando después de 10 minutos de presión firme?",
        },
        "needled-with-shared-tools": {
            "sign": "En su piel se usó un aparato casero compartido, o fue a un lugar que volvía"
            " a usar agujas o que no abrió para usted agujas nuevas y selladas.",
            "action": "Pida a un médico o a una clínica de salud sexual análisis de sangre para"
            " el VIH y la hepatitis B y C. Las pruebas son sencillas y privadas.",
            "question": "¿Se usó en su piel un aparato compartido, o fue a un lugar que volvía a"
            " usar agujas?",
        },
        "get-tested-after-unsterile-needling": {
            "action": "¿Le hicieron microagujas con un aparato casero compartido, o en un lugar"
            " que volvía a usar las agujas? Entonces pídale a un médico análisis de sangre para"
            " el VIH y la hepatitis B y C. Una clínica de salud sexual también se los puede"
            " hacer.",
        },
        "breakout-call-clinic-if-not-better": {
            "action": "Si el brote de granos no mejora después de unas 2 semanas, llame a su"
            " clínica. Llame antes si los granos se vuelven bultos grandes que duelen.",
        },
        "no-tanning": {
            "action": "No se broncee al sol ni use camas de bronceado por lo menos por 2"
            " semanas, como aconsejan la mayoría de las clínicas. Pregunte a su clínica cuándo"
            " es seguro.",
        },
        "back-to-usual-routine": {
            "action": "Desde la semana 2, puede volver poco a poco a su limpiador y su crema"
            " humectante de siempre si su piel está calmada. La mayoría de las clínicas lo"
            " aconsejan.",
        },
        "no-antibiotic-ointments": {
            "action": "No use en la piel tratada pomadas con antibiótico de la tienda, a menos"
            " que un médico se lo diga.",
        },
        "shade-first-day": {
            "reason": "El sol en la piel que está sanando puede dejar manchas oscuras que duran"
            " meses. Los médicos llaman a esto hiperpigmentación postinflamatoria, o HPI.",
        },
        "sms": {"emergency": "Le cuesta respirar o se le hincha la cara: llame al 911."},
    },
}

# The 2.0.0 screening step's first sentence (S11), filed under the first 24 hours.
OLD_SCREENING = {
    "en": "Before any session, tell your clinic if you have a bleeding problem or take blood"
    " thinners.",
    "fr": "Avant chaque séance, dites à votre clinique si vous avez un problème de saignement.",
    "es": "Antes de cada sesión, dígale a su clínica si tiene un problema de sangrado o toma"
    " anticoagulantes.",
}

# The 2.0.0 timeline, as the text sheet printed it (A1).
OLD_TIMELINE = {
    "en": "YOUR HEALING AT A GLANCE\n"
    "  - Days 4 to 7: avoid thick creams, serums, strong skin care, waxing and hair\n"
    "    removal, antibiotic ointments.\n"
    "  - Days 8 to 14: avoid antibiotic ointments.\n"
    "  - From day 15 on: Back to your usual routine if your skin is calm.\n"
    "  - Every day until healed: avoid picking or scratching, tanning.\n\n"
    "FIRST 24 HOURS\n",
    "fr": "EN UN COUP D'ŒIL\n"
    "  - Jours 4 à 7 : à éviter les crèmes épaisses, les sérums, les soins forts,\n"
    "    l'épilation, les onguents antibiotiques.\n"
    "  - Jours 8 à 14 : à éviter les onguents antibiotiques.\n"
    "  - À partir du jour 15 : Retour à votre routine habituelle si votre peau est\n"
    "    calme.\n"
    "  - Tous les jours jusqu'à la guérison : à éviter gratter ou arracher les peaux,\n"
    "    le bronzage.\n\n"
    "LES 24 PREMIÈRES HEURES\n",
    "es": "SU RECUPERACIÓN DE UN VISTAZO\n"
    "  - Días 4 a 7: evite las cremas espesas, los sérums, los productos fuertes para\n"
    "    la piel, la cera y las cremas depilatorias, las pomadas con antibiótico.\n"
    "  - Días 8 a 14: evite las pomadas con antibiótico.\n"
    "  - Del día 15 en adelante: Vuelva a su rutina de siempre si su piel está\n"
    "    calmada.\n"
    "  - Todos los días hasta que sane: evite quitarse o rascarse las costras, el\n"
    "    bronceado.\n\n"
    "LAS PRIMERAS 24 HORAS\n",
}

# Wordings of the kind the review asks for (our own words), which the rules must accept.
GOOD: dict[str, dict[str, str]] = {
    "en": {
        "allergy-sign": "Sudden swelling of your lips, tongue or throat. Trouble breathing or"
        " swallowing. Hives all over with feeling faint. Mild, even puffiness of the treated"
        " skin in the first days is normal.",
        "allergy-question": "Are your lips, tongue or throat swelling, or is it hard to"
        " breathe or swallow?",
        "sores-sign": "Small, painful sores that keep spreading over several days, maybe with"
        " a fever or feeling unwell.",
        "sores-question": "Do you have new painful sores that keep spreading, or a fever?",
        "action": "Call 911 now. If you have an epinephrine auto-injector, use it.",
        "bleeding-action": "Keep firm pressure for 10 more minutes. If it still bleeds, go to"
        " an emergency department. Call 911 if the bleeding is heavy or you feel faint.",
        "sms": "Trouble breathing or swallowing, or lips or tongue swelling: call 911.",
        "exposure-sign": "In the last 3 days, you were needled with a shared tool or reused"
        " needles.",
        "exposure-action": "Go today to an emergency department. Medicine started within 72"
        " hours can lower the chance of HIV.",
        "tanning": "Do not tan for at least 2 weeks.",
    },
    "fr": {
        "allergy-sign": "Vos lèvres, votre langue ou votre gorge enflent d'un coup. Vous avez"
        " du mal à respirer ou à avaler. Une peau traitée un peu enflée les premiers jours"
        " est normale.",
        "allergy-question": "Vos lèvres, votre langue ou votre gorge enflent-elles, ou avez-vous"
        " du mal à respirer?",
        "sores-sign": "De petites plaies douloureuses qui continuent de s'étendre pendant"
        " plusieurs jours, parfois avec de la fièvre.",
        "sores-question": "Avez-vous de nouvelles plaies douloureuses qui s'étendent, ou de la"
        " fièvre?",
        "action": "Composez le 911 tout de suite. Si vous avez un auto-injecteur"
        " d'épinéphrine, utilisez-le.",
        "bleeding-action": "Appuyez fort encore 10 minutes. Si ça saigne encore, allez à"
        " l'urgence. Composez le 911 si le saignement est abondant ou si vous allez vous"
        " évanouir.",
        "sms": "Mal à respirer ou à avaler, ou lèvres ou langue qui enflent\u00a0: faites le 911.",
        "exposure-sign": "Dans les 3 derniers jours, vous avez été traité avec un outil partagé"
        " ou des aiguilles réutilisées.",
        "exposure-action": "Allez à l'urgence aujourd'hui. Un médicament pris dans les 72"
        " heures peut réduire le risque de VIH.",
        "tanning": "Ne bronzez pas pendant au moins 2 semaines.",
    },
    "es": {
        "allergy-sign": "De repente se le hinchan los labios, la lengua o la garganta. Le cuesta"
        " respirar o tragar. Le salen ronchas por todo el cuerpo y siente que se va a desmayar."
        " Una hinchazón leve y pareja de la piel tratada los primeros días es normal.",
        "allergy-question": "¿Se le hinchan los labios, la lengua o la garganta, o le cuesta"
        " respirar o tragar?",
        "sores-sign": "Llagas pequeñas que duelen y se siguen extendiendo durante varios días,"
        " tal vez con fiebre o sintiéndose mal.",
        "sores-question": "¿Tiene llagas nuevas que duelen y se siguen extendiendo, o fiebre?",
        "action": "Llame al 911 ahora. Si tiene una pluma de epinefrina, úsela.",
        "bleeding-action": "Presione con firmeza otros 10 minutos. Si todavía sangra, vaya a la"
        " sala de emergencias. Llame al 911 si sangra mucho o siente que se va a desmayar.",
        "sms": "Le cuesta respirar o tragar, o se le hinchan los labios o la lengua: llame al 911.",
        "exposure-sign": "En los últimos 3 días, le hicieron microagujas con un aparato"
        " compartido o con agujas usadas antes.",
        "exposure-action": "Vaya hoy a la sala de emergencias. Un medicamento empezado dentro de"
        " 72 horas puede bajar el riesgo de VIH.",
        "tanning": "No se broncee por lo menos por 2 semanas.",
    },
}


def lang(catalog: Catalog) -> str:
    return clinical.lang(catalog)


def old(catalog: Catalog, id: str) -> dict[str, str]:
    return OLD[lang(catalog)][id]


def put_back_sign(catalog: Catalog, id: str, **fields: Any) -> Catalog:
    """*catalog* with warning sign *id* as it was in 2.0.0 (added if it is gone)."""
    values = {**old(catalog, id), **fields}
    if id in catalog and isinstance(catalog[id], mc.WarningSign):
        return evolve(catalog, id, **values)
    return with_items(catalog, new_sign(catalog, id, **values))


def put_back_step(catalog: Catalog, id: str, **fields: Any) -> Catalog:
    """*catalog* with aftercare step *id* as it was in 2.0.0 (added if it is gone)."""
    values = {**old(catalog, id), **fields}
    if id in catalog and isinstance(catalog[id], mc.AftercareStep):
        return evolve(catalog, id, **values)
    return with_items(catalog, new_step(catalog, id, **values))


def problems_about(problems: list[str], id: str) -> list[str]:
    return [p for p in problems if id in p]


@pytest.fixture(params=LOCALES)
def catalog(request: pytest.FixtureRequest, catalogs: Callable[[str], Catalog]) -> Catalog:
    return catalogs(request.param)


class TestShippedContent:
    """Every clinical rule holds for the installed content, in every language."""

    @pytest.mark.parametrize("rule", sorted(RULES))
    def test_rule_holds(self, catalog: Catalog, rule: str) -> None:
        problems = RULES[rule](catalog)
        assert problems == [], f"{rule}: {len(problems)} problems:\n" + "\n".join(problems)


class TestExpectedHealingTable:
    def test_expected_phenomena_are_in_the_content(self, catalog: Catalog) -> None:
        """Each row of the table names what the `expected-healing` cause calls normal.

        If the cause is rewritten and a row no longer matches it, the table is stale:
        update it from the new text.
        """
        cause = catalog.cause("expected-healing")
        text = clinical.norm(f"{cause.summary} {cause.how_to_tell}")
        stale = [p.name for p in EXPECTED_HEALING if not re.search(p.terms[lang(catalog)], text)]
        assert stale == []

    def test_phrases_are_told_apart(self, catalog: Catalog) -> None:
        """Normal healing is found; alarms with what sets them apart are not."""
        locale = lang(catalog)
        named = clinical.expected_healing_named
        assert named(old(catalog, "severe-allergic-reaction")["question"], locale)
        assert named(old(catalog, "spreading-sores-with-eczema")["sign"], locale)
        for key in ("allergy-sign", "allergy-question", "sores-sign", "sores-question", "sms"):
            assert named(GOOD[locale][key], locale) == [], key
        # Bleeding that will not stop is not the normal pinpoint bleeding.
        assert named(old(catalog, "bleeding-will-not-stop")["sign"], locale) == []


class TestEmergencyIsNotExpectedHealing:
    """S2 (face swelling sent to 911), S5 (pinpoint scabs taken for eczema herpeticum)."""

    @pytest.mark.parametrize("id", ["severe-allergic-reaction", "spreading-sores-with-eczema"])
    def test_finding_put_back_is_reported(self, catalog: Catalog, id: str) -> None:
        bad = put_back_sign(catalog, id, urgency=mc.Urgency.EMERGENCY)
        problems = problems_about(clinical.check_emergency_not_expected_healing(bad), id)
        assert any(f"{id}.sign" in p for p in problems)
        assert any(f"{id}.question" in p for p in problems)

    def test_review_wording_passes(self, catalog: Catalog) -> None:
        good = GOOD[lang(catalog)]
        fixed = with_items(
            catalog,
            new_sign(
                catalog,
                "clinical-rule-allergy",
                urgency=mc.Urgency.EMERGENCY,
                sign=good["allergy-sign"],
                question=good["allergy-question"],
            ),
        )
        assert (
            problems_about(
                clinical.check_emergency_not_expected_healing(fixed), "clinical-rule-allergy"
            )
            == []
        )

    def test_sms_finding_put_back_is_reported(self, catalog: Catalog) -> None:
        line = old(catalog, "sms")["emergency"]
        assert clinical.check_sms_emergency_not_expected_healing(catalog, lambda c: [line])

    def test_sms_review_wording_passes(self, catalog: Catalog) -> None:
        line = GOOD[lang(catalog)]["sms"]
        assert clinical.check_sms_emergency_not_expected_healing(catalog, lambda c: [line]) == []


class TestOneActionFirst:
    """S7, S8: "call 911 or go to the emergency room" leaves the patient to choose."""

    @pytest.mark.parametrize(
        "id", ["eye-pain-or-vision-change", "bleeding-will-not-stop", "spreading-sores-with-eczema"]
    )
    def test_finding_put_back_is_reported(self, catalog: Catalog, id: str) -> None:
        bad = put_back_sign(catalog, id, urgency=mc.Urgency.EMERGENCY)
        assert problems_about(clinical.check_one_action_first(bad), f"{id}.action")

    def test_explanation_first_is_reported(self, catalog: Catalog) -> None:
        action = old(catalog, "severe-allergic-reaction")["action"]
        explained = " ".join(reversed([s for _, s in mc.readability.sentences(action)]))
        bad = with_items(
            catalog,
            new_sign(catalog, "clinical-rule-late", urgency=mc.Urgency.EMERGENCY, action=explained),
        )
        assert problems_about(clinical.check_one_action_first(bad), "clinical-rule-late")

    @pytest.mark.parametrize("key", ["action", "bleeding-action"])
    def test_review_wording_passes(self, catalog: Catalog, key: str) -> None:
        fixed = with_items(
            catalog,
            new_sign(
                catalog,
                "clinical-rule-action",
                urgency=mc.Urgency.EMERGENCY,
                action=GOOD[lang(catalog)][key],
            ),
        )
        assert problems_about(clinical.check_one_action_first(fixed), "clinical-rule-action") == []


class TestBloodExposure:
    """S1: shared or reused needles in the last 72 hours need PEP, the same day."""

    def test_finding_put_back_is_reported(self, catalog: Catalog) -> None:
        bad = put_back_sign(catalog, "needled-with-shared-tools", urgency=mc.Urgency.WITHIN_DAYS)
        problems = clinical.check_blood_exposure_same_day(bad)
        assert problems_about(problems, "needled-with-shared-tools:")

    def test_step_put_back_is_reported(self, catalog: Catalog) -> None:
        bad = put_back_step(
            catalog, "get-tested-after-unsterile-needling", scope=mc.StepScope.RISK_FACTOR
        )
        problems = clinical.check_blood_exposure_same_day(bad)
        assert problems_about(problems, "get-tested-after-unsterile-needling.action")

    def test_no_same_day_sign_is_reported(self, catalog: Catalog) -> None:
        """With every exposure sign made less urgent, the missing same-day sign is named."""
        exposure = clinical._EXPOSURE[lang(catalog)]
        signs = [
            s for s in catalog.warning_signs if clinical.has(exposure, s.sign + " " + s.question)
        ]
        bad = put_back_sign(catalog, "needled-with-shared-tools", urgency=mc.Urgency.WITHIN_DAYS)
        for sign in signs:
            if sign.id != "needled-with-shared-tools":
                bad = evolve(bad, sign.id, urgency=mc.Urgency.WITHIN_DAYS)
        problems = clinical.check_blood_exposure_same_day(bad)
        assert any("no same-day sign" in p for p in problems)

    def test_review_wording_passes(self, catalog: Catalog) -> None:
        good = GOOD[lang(catalog)]
        sign = new_sign(
            catalog,
            "clinical-rule-exposure",
            urgency=mc.Urgency.SAME_DAY,
            sign=good["exposure-sign"],
            question=good["exposure-sign"].rstrip(".") + "?",
            action=good["exposure-action"],
        )
        problems = clinical.check_blood_exposure_same_day(with_items(catalog, sign))
        assert not any("no same-day sign" in p for p in problems)
        assert problems_about(problems, "clinical-rule-exposure") == []


class TestStepDaysMatchWindow:
    """A2 ("after about 2 weeks" on a step from day 8), A1 (tanning "at least 2 weeks")."""

    def test_finding_put_back_is_reported(self, catalog: Catalog) -> None:
        bad = put_back_step(
            catalog,
            "breakout-call-clinic-if-not-better",
            window=mc.TimeWindow.days(8),
            scope=mc.StepScope.BREAKOUT,
        )
        problems = clinical.check_step_days_match_window(bad)
        assert problems_about(problems, "breakout-call-clinic-if-not-better.action")

    def test_tanning_put_back_is_reported(self, catalog: Catalog) -> None:
        bad = put_back_step(
            catalog, "no-tanning", window=mc.TimeWindow(0, None), kind=mc.StepKind.AVOID
        )
        assert problems_about(clinical.check_step_days_match_window(bad), "no-tanning.action")

    def test_matching_window_passes(self, catalog: Catalog) -> None:
        step = new_step(
            catalog,
            "clinical-rule-days",
            kind=mc.StepKind.AVOID,
            window=mc.TimeWindow.days(1, 14),
            action=GOOD[lang(catalog)]["tanning"],
        )
        fixed = with_items(catalog, step)
        assert problems_about(clinical.check_step_days_match_window(fixed), "clinical-rule") == []

    @pytest.mark.parametrize(
        ("text", "window", "ok"),
        [
            ("Skip makeup for about the first 24 hours.", (0, 24), True),
            ("Stay out of saunas for about 3 days.", (0, 24), False),
            ("Stay out of saunas for 1 to 3 days.", (0, 72), True),
            ("From day 2, put on sunscreen.", (24, None), True),
            ("On days 2 and 3, keep to light activity.", (24, 72), True),
            ("From week 2, go back to your usual cleanser.", (168, None), True),
            ("From week 2, go back to your usual cleanser.", (336, None), False),
            ("Pause strong skin care for 5 to 7 days.", (0, 168), True),
            ("Sessions are usually about 4 weeks apart.", (168, None), True),
            ("Do not tan for two weeks.", (0, None), False),
            ("Wait 48 h before you swim.", (0, 48), True),
        ],
    )
    def test_english_times(
        self, catalog_en: Catalog, text: str, window: tuple[int, int | None], ok: bool
    ) -> None:
        catalog = catalog_en
        step = new_step(catalog, "clinical-rule-days", action=text, window=mc.TimeWindow(*window))
        problems = clinical.check_step_days_match_window(with_items(catalog, step))
        assert (problems_about(problems, "clinical-rule-days") == []) is ok

    @pytest.mark.parametrize(
        ("text", "window", "ok"),
        [
            ("Évitez le maquillage pendant environ les 24 premières heures.", (0, 24), True),
            ("Évitez les saunas pendant environ 3 jours.", (0, 24), False),
            ("Les jours 2 et 3, faites seulement des activités légères.", (24, 72), True),
            ("À partir du jour 4, reprenez le sport.", (72, None), True),
            ("À partir de la 2e semaine, reprenez votre nettoyant.", (168, None), True),
            ("À partir de la 2e semaine, reprenez votre nettoyant.", (336, None), False),
            ("Ne bronzez pas pendant deux semaines.", (0, 336), True),
            ("Ne bronzez pas pendant deux semaines.", (0, None), False),
            ("Changez-la encore après un jour ou deux.", (0, 72), True),
            ("Il y a environ 4 semaines entre deux séances.", (168, None), True),
        ],
    )
    def test_french_times(
        self, catalog_fr: Catalog, text: str, window: tuple[int, int | None], ok: bool
    ) -> None:
        catalog = catalog_fr
        step = new_step(catalog, "clinical-rule-days", action=text, window=mc.TimeWindow(*window))
        problems = clinical.check_step_days_match_window(with_items(catalog, step))
        assert (problems_about(problems, "clinical-rule-days") == []) is ok

    @pytest.mark.parametrize(
        ("text", "window", "ok"),
        [
            ("No se maquille en las primeras 24 horas.", (0, 24), True),
            ("No entre a saunas por 3 días.", (0, 24), False),
            ("No entre a saunas por 3 días.", (0, 72), True),
            ("En los días 2 y 3, haga solo actividad ligera.", (24, 72), True),
            ("Desde el día 4, vuelva a hacer ejercicio.", (72, None), True),
            ("Desde el día 4, vuelva a hacer ejercicio.", (168, None), False),
            ("Desde la semana 2, vuelva a su limpiador.", (168, None), True),
            ("Desde la semana 2, vuelva a su limpiador.", (336, None), False),
            ("No se broncee por dos semanas.", (0, 336), True),
            ("No se broncee por dos semanas.", (0, None), False),
            ("Durante los primeros 7 días, no use productos fuertes.", (0, 168), True),
            ("En la primera semana, no use cremas espesas.", (0, 168), True),
            ("En la primera semana, no use cremas espesas.", (0, None), False),
            ("Vuelva a cambiarla después de 1 o 2 días.", (0, 72), True),
            ("Deje unas 4 semanas entre sesiones.", (168, None), True),
        ],
    )
    def test_spanish_times(
        self,
        catalogs: Callable[[str], Catalog],
        text: str,
        window: tuple[int, int | None],
        ok: bool,
    ) -> None:
        catalog = catalogs("es")
        step = new_step(catalog, "clinical-rule-days", action=text, window=mc.TimeWindow(*window))
        problems = clinical.check_step_days_match_window(with_items(catalog, step))
        assert (problems_about(problems, "clinical-rule-days") == []) is ok


class TestTimelineBackToUsual:
    """A1: the timeline said "From day 15 on: back to your usual routine", the step day 8."""

    def test_finding_put_back_is_reported(self, catalog: Catalog) -> None:
        """The 2.0.0 timeline beside the 2.0.0 usual-routine step (day 8)."""
        bad = put_back_step(
            catalog,
            "back-to-usual-routine",
            kind=mc.StepKind.DO,
            scope=mc.StepScope.EVERYONE,
            window=mc.TimeWindow.days(8),
        )
        usual = clinical.usual_routine_days(bad)
        assert usual[-1] == 8, usual  # no other usual-routine step starts later
        sheet = OLD_TIMELINE[lang(catalog)]
        problems = clinical.check_timeline_back_to_usual(bad, lambda checklist: sheet)
        assert any("day 15" in p and "day 8" in p for p in problems), problems

    def test_no_claim_no_problem(self, catalog: Catalog) -> None:
        sheet = "  - Day 1: avoid makeup.\n\nNEXT\n"
        assert clinical.check_timeline_back_to_usual(catalog, lambda checklist: sheet) == []

    def test_timeline_is_read_from_the_sheet(self, catalog: Catalog) -> None:
        lines = clinical.timeline_lines(mc.render_text(mc.build_checklist(catalog=catalog)))
        assert lines
        assert any(re.search(r"\d", line) for line in lines)


class TestScreeningNotInFirstDay:
    """S11: "Before any session, tell your clinic ..." was filed under "First 24 hours"."""

    def test_finding_put_back_is_reported(self, catalog: Catalog) -> None:
        action = OLD_SCREENING[lang(catalog)]
        bad = with_items(
            catalog,
            new_step(catalog, "clinical-rule-screening", action=action, window=mc.TimeWindow(0)),
        )
        problems = clinical.check_screening_not_in_first_day(bad)
        assert any(action[:40] in p for p in problems), problems


class TestReadingLevel:
    """L2: 169 sentences above grade 6 and 41 above grade 9; the threshold was grade 9."""

    def test_finding_put_back_is_reported(self, catalog: Catalog) -> None:
        bad = put_back_step(catalog, "shade-first-day")
        assert problems_about(clinical.check_sentence_grade(bad), "shade-first-day.reason")

    def test_hard_sheet_is_reported(self, catalog: Catalog) -> None:
        hard = old(catalog, "shade-first-day")["reason"].split(". ")[-1]
        bad = with_items(
            catalog,
            *(attrs.evolve(step, action=hard, reason=hard) for step in catalog.aftercare_steps),
            *(attrs.evolve(sign, sign=hard, action=hard) for sign in catalog.warning_signs),
        )
        assert clinical.check_sheet_median(bad)

    def test_short_fragments_are_not_scored(self) -> None:
        assert clinical._too_hard("Continuez d'appuyer.", "fr") is None
        assert clinical._too_hard("Wash your face with cool water.", "en") is None
        assert clinical._too_hard("Siga presionando.", "es-US") is None

    def test_spanish_difficult_sentence_is_reported(self) -> None:
        """Spanish is scored from three words on: a "difícil" sentence of four is reported."""
        assert clinical._too_hard(
            "Hiperpigmentación postinflamatoria persistente documentada.", "es-US"
        )


def old_check_in(catalog: Catalog, answers: dict[str, bool], **kwargs: Any) -> mc.CheckIn:
    """check_in before H2: every question needed an answer, even after a "call 911" yes."""
    for sign in catalog.warning_signs:
        if sign.id not in answers:
            raise mc.UnansweredQuestionError(sign.id, sign.question or sign.sign)
    return mc.check_in(catalog, answers, **kwargs)


def old_ask(
    catalog: Catalog, days: int | None = None, treatments: Sequence[str] = ()
) -> dict[str, bool]:
    """The prompts before H2: every question, in content order, whatever the answers."""
    yes = clinical._YES[lang(catalog)]
    signs = clinical.signs_for(catalog, treatments)
    return {s.id: input(f"{s.question} ").strip().lower()[:1] == yes for s in signs}


def ask_stopping_at_any_yes(
    catalog: Catalog, days: int | None = None, treatments: Sequence[str] = ()
) -> dict[str, bool]:
    """The prompts of 2.0.0's fix: most urgent first, but any yes ends them."""
    yes = clinical._YES[lang(catalog)]
    answers: dict[str, bool] = {}
    for sign in sorted(clinical.signs_for(catalog, treatments), key=lambda s: s.urgency.rank):
        if any(answers.values()):
            break
        answers[sign.id] = input(f"{sign.question} ").strip().lower()[:1] == yes
    return answers


def ask_stopping_at_emergency(
    catalog: Catalog, days: int | None = None, treatments: Sequence[str] = ()
) -> dict[str, bool]:
    """Prompts as the rules want them: most urgent first; only an emergency yes ends them."""
    yes = clinical._YES[lang(catalog)]
    answers: dict[str, bool] = {}
    for sign in sorted(clinical.signs_for(catalog, treatments), key=lambda s: s.urgency.rank):
        answers[sign.id] = input(f"{sign.question} ").strip().lower()[:1] == yes
        if answers[sign.id] and sign.urgency is mc.Urgency.EMERGENCY:
            break
    return answers


class TestCheckInEmergencyFirst:
    """H2: after a yes to a 911 question, nothing else is asked; "call 911" comes first."""

    def test_old_check_in_is_reported(self, catalog: Catalog) -> None:
        assert clinical.check_checkin_emergency_first(catalog, old_check_in)

    def test_emergency_without_question_is_reported(self, catalog: Catalog) -> None:
        sign = clinical.emergencies(catalog)[0]
        bad = evolve(catalog, sign.id, question="")
        assert problems_about(clinical.check_checkin_emergency_first(bad), sign.id)

    def test_old_prompts_are_reported(self, catalog: Catalog) -> None:
        assert clinical.check_prompts_stop_at_emergency(catalog, old_ask)

    def test_prompts_stopping_at_any_yes_are_reported(self, catalog: Catalog) -> None:
        assert clinical.check_prompts_go_on_after_other_yes(catalog, ask_stopping_at_any_yes)

    @pytest.mark.parametrize(
        "rule",
        [clinical.check_prompts_stop_at_emergency, clinical.check_prompts_go_on_after_other_yes],
    )
    def test_prompts_as_wanted_pass(self, catalog: Catalog, rule: Callable[..., list[str]]) -> None:
        assert rule(catalog, ask_stopping_at_emergency) == []

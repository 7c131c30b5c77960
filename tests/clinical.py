"""Clinical rules over the content, as checkers (issue 16 item 3).

Each rule is a function ``check_x(catalog) -> list[str]``: the problems it finds, one
readable line each, empty when the content keeps the rule. The rules read the installed
package through its public API (:func:`microneedle_care.load`, the checklist, the
renderers, the check-in) and are written over every item of a kind, in both locales,
rather than against particular ids, so that new or renamed items are held to them too.

``tests/test_clinical_rules.py`` asserts each rule holds for the shipped content and,
for each, that the rule reports the finding of the content review
(``reviews/content-2.0.0-review.md``) when that finding is put back.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import re
import statistics
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any
from unittest import mock

import attrs

import microneedle_care as mc
from microneedle_care import _i18n
from microneedle_care.catalog import Catalog
from microneedle_care.model import patient_fields
from microneedle_care.readability import measure, sentences

LOCALES = _i18n.languages()
"""The languages of the packaged locales (``_i18n.LOCALES``): ``("en", "es", "fr")``. Every
per-language table below needs a row for each; a new locale fails with a KeyError until it has
them."""
HOURS_PER_DAY = 24


# -- helpers --------------------------------------------------------------------------


def lang(catalog: Catalog) -> str:
    """``"en"``, ``"es"`` or ``"fr"``: the language of *catalog*'s patient text."""
    return _i18n.language(catalog.locale)


def norm(text: str) -> str:
    """*text* in lower case, without accents, with one kind of apostrophe and space."""
    text = text.replace("œ", "oe").replace("Œ", "oe").replace("\u2019", "'").replace("\u00a0", " ")
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def has(pattern: str, text: str) -> bool:
    """Whether *pattern* (a regex over :func:`norm` text) occurs in *text*."""
    return re.search(pattern, norm(text)) is not None


def lang_of(locale: str) -> str:
    """The language of *locale* (``"fr-CA"`` or ``"fr"`` gives ``"fr"``)."""
    return _i18n.language(locale)


def first_sentence(text: str) -> str:
    found = sentences(text)
    return found[0][1] if found else ""


_CLAUSE_BREAK = re.compile(r"[,;:.!?()\u00bf\u00a1]|\b(?:or|and|ou|et)\b")
# Spanish "o"/"u" (or) and "y"/"e" (and) are cut in Spanish text only: French "il y a" and an
# English "vitamin E" are not list joints.
_CLAUSE_BREAK_ES = re.compile(r"[,;:.!?()\u00bf\u00a1]|\b(?:o|u|y|e|ni)\b")


def clauses(sentence: str, locale: str = "en") -> list[str]:
    """*sentence* cut at punctuation and at "or"/"and" ("ou"/"et", "o"/"y"): one member each."""
    pattern = _CLAUSE_BREAK_ES if locale == "es" else _CLAUSE_BREAK
    return [part.strip() for part in pattern.split(norm(sentence)) if part.strip()]


def short(clause: str) -> bool:
    """Whether *clause* is a list member ("face" in "lips, tongue or face"): 3 words at most."""
    return len(clause.split()) <= 3


def with_items(catalog: Catalog, *items: Any) -> Catalog:
    """Return a new catalog with *items* put in: each replaces the item of its id, or is added.

    The new pack is checked like any content pack (:class:`~microneedle_care.catalog.Catalog`).
    """
    pack = catalog.pack
    collections = {
        mc.Cause: "causes",
        mc.RiskFactor: "risk_factors",
        mc.AftercareStep: "aftercare_steps",
        mc.WarningSign: "warning_signs",
        mc.Myth: "myths",
        mc.Reference: "references",
    }
    for item in items:
        name = collections[type(item)]
        current: tuple[Any, ...] = getattr(pack, name)
        if any(old.id == item.id for old in current):
            new = tuple(item if old.id == item.id else old for old in current)
        else:
            new = (*current, item)
        change: dict[str, Any] = {name: new}
        pack = attrs.evolve(pack, **change)
    return Catalog(pack, source="<clinical rule mutation>", locale=catalog.locale)


def evolve(catalog: Catalog, id: str, **changes: Any) -> Catalog:
    """Return a new catalog with item *id* changed by :func:`attrs.evolve`."""
    return with_items(catalog, attrs.evolve(catalog[id], **changes))


def new_sign(catalog: Catalog, id: str, **fields: Any) -> mc.WarningSign:
    """A warning sign valid in *catalog* (its relations name existing items), with *fields*."""
    values: dict[str, Any] = {
        "id": id,
        "sign": "A sign.",
        "action": "Call your clinic.",
        "question": "Do you have it?",
        "urgency": mc.Urgency.SAME_DAY,
        "points_to": (catalog.causes[0].id,),
        "clinician_notes": "Mutation for a clinical-rule test.",
        "evidence": mc.EvidenceLevel.VERY_LOW,
        "references": (catalog.references[0].id,),
    }
    values.update(fields)
    return mc.WarningSign(**values)


def new_step(catalog: Catalog, id: str, **fields: Any) -> mc.AftercareStep:
    """An aftercare step valid in *catalog*, with *fields*."""
    values: dict[str, Any] = {
        "id": id,
        "action": "Do this.",
        "reason": "It helps.",
        "kind": mc.StepKind.DO,
        "window": mc.TimeWindow(0, None),
        "scope": mc.StepScope.EVERYONE,
        "addresses": (catalog.causes[0].id,),
        "clinician_notes": "Mutation for a clinical-rule test.",
        "evidence": mc.EvidenceLevel.VERY_LOW,
        "references": (catalog.references[0].id,),
    }
    values.update(fields)
    return mc.AftercareStep(**values)


def emergencies(catalog: Catalog) -> list[mc.WarningSign]:
    return [s for s in catalog.warning_signs if s.urgency is mc.Urgency.EMERGENCY]


def treatments_for(catalog: Catalog, sign: mc.WarningSign) -> tuple[str, ...]:
    """The treatments to give for *sign* to be asked: none for a shared sign, else the
    first clinic treatment that adds it (a treatment-only sign, such as PRP's)."""
    from microneedle_care.treatments import plan_for, resolve

    if sign.id in plan_for(catalog).items["warning_signs"]:
        return ()
    for treatment in catalog.treatments:
        if sign.id in resolve(catalog, treatment)["warning_signs"]:
            return (treatment.id,)
    return ()


def signs_for(catalog: Catalog, treatments: Sequence[str]) -> list[mc.WarningSign]:
    """The warning signs that apply to *treatments* (the pen's by default)."""
    from microneedle_care.treatments import plan_for

    wanted = plan_for(catalog, treatments).items["warning_signs"]
    return [s for s in catalog.warning_signs if s.id in wanted]


# -- rule 1: no emergency describes expected healing (S2, S5) --------------------------


@attrs.frozen
class Phenomenon:
    """Something the content calls normal healing, and what would make it an alarm.

    Attributes:
        name: What it is.
        source: Where the content calls it normal (item id: the words).
        terms: Regexes (per locale, over :func:`norm` text) that name it.
        qualifiers: Regexes that set an alarm apart from the normal thing
            (lips, tongue or throat for swelling; not stopping for bleeding).
        sites: Regexes of the places where it is normal (the face, the treated skin): a
            short clause (a list member) naming such a place without a qualifier, in a
            sentence naming the thing, describes normal healing too ("your face and lips
            swell").
        scope: ``"clause"``: each clause naming it needs a qualifier (a list of places
            can put the normal one beside the alarming ones); ``"field"``: a qualifier
            anywhere in the same text (the sign, or the question) is enough.
    """

    name: str
    source: str
    terms: Mapping[str, str]
    qualifiers: Mapping[str, str]
    sites: Mapping[str, str] = attrs.field(factory=dict)
    scope: str = "clause"


_FACE = {
    "en": r"\b(?:face|skin|cheeks?|forehead|treated (?:area|skin))\b",
    "fr": r"\b(?:visage|peau|joues?|front|zone traitee)\b",
    "es": r"\b(?:cara|piel|mejillas?|frente|zona tratada)\b",
}

# What the content itself calls expected healing. Keep this table in step with the
# content's `expected-healing` cause (its summary and how_to_tell) and the other
# patient text that calls something normal; `test_expected_phenomena_are_in_the_content`
# fails if a row no longer matches what the content says is normal.
EXPECTED_HEALING: tuple[Phenomenon, ...] = (
    Phenomenon(
        name="swelling or puffiness of the treated skin",
        # expected-healing: "normal for skin to be red, a bit swollen ..."; "the small glands
        # in your neck may also swell"; redness-past-two-weeks: "Normal redness and
        # swelling fade within about a week". chu-2021: oedema up to 7 days.
        source="expected-healing summary",
        terms={
            "en": r"\b(?:swell\w*|swollen|puff\w*|o?edema)\b",
            "fr": r"\b(?:enfl\w*|gonfl\w*|bouffi\w*|oedeme)\b",
            "es": r"\b(?:hinch\w*|inflam\w*|edema)\b",
        },
        qualifiers={
            "en": r"\b(?:lips?|tongue|throat|mouth|breath\w*|swallow\w*)\b",
            "fr": r"\b(?:levres?|langue|gorge|bouche|respir\w*|avaler)\b",
            "es": r"\b(?:labios?|lengua|garganta|boca|respir\w*|traga\w*)\b",
        },
        sites=_FACE,
    ),
    Phenomenon(
        name="redness of the treated skin for days",
        # expected-healing: "normal for skin to be red"; how_to_tell: "evenly pink or red,
        # like a mild sunburn"; redness-past-two-weeks: "Normal redness ... fade within
        # about a week".
        source="expected-healing summary",
        terms={
            "en": r"\b(?:red|redness|pink|flush\w*)\b",
            "fr": r"\b(?:roug\w*|rose)\b",
            "es": r"\b(?:roj[oa]s?|enrojec\w*|rosad[oa]s?)\b",
        },
        qualifiers={
            "en": r"\b(?:spread\w*|streak\w*|warm\w*|hot|pus|fever|eyes?|weeks?)\b",
            "fr": r"\b(?:s'etend\w*|etend\w*|trainees?|chaude?s?|pus|fievre|oeil|yeux|semaines?)\b",
            "es": r"\b(?:extiend\w*|extend\w*|rayas?|calientes?|calor|pus|fiebre|ojos?|semanas?)\b",
        },
        sites=_FACE,
    ),
    Phenomenon(
        name="pinpoint bleeding",
        # expected-healing: "You may see tiny dots of blood at first"; bleeding-and-bruising:
        # "Tiny dots of blood during treatment are normal".
        source="expected-healing summary",
        terms={
            "en": r"\b(?:bleed\w*|blood)\b",
            "fr": r"\b(?:saign\w*|sang)\b",
            "es": r"\bsangr\w*",
        },
        qualifiers={
            "en": r"(?:not stop|won't stop|keeps? bleeding|\d+ minutes|heavy|soak\w*|faint)",
            "fr": r"(?:ne s'arrete pas|continue de saigner|\d+ minutes|abondant\w*|evanou\w*)",
            "es": r"(?:no para|no se detiene|sigue sangrando|\d+ minutos|sangra mucho"
            r"|abundante\w*|empap\w*|desmay\w*)",
        },
        scope="field",
    ),
    Phenomenon(
        name="tiny scabs or sore spots in the pattern of the needles",
        # expected-healing: "tiny dots of blood at first", skin "sore, dry, flaky"; the dots
        # dry into pinpoint scabs in the needles' grid (review S5). What sets eczema
        # herpeticum apart (dermnet-eczema-herpeticum): new sores keep coming over days,
        # they hurt, blisters, fever or feeling unwell; near the eye is its own alarm.
        source="expected-healing summary",
        terms={
            "en": r"\b(?:scabs?|crust\w*|sores?|spots?|dots?|pinpoints?|grid)\b",
            "fr": r"\b(?:croutes?|plaies?|points?|taches?|grille|quadrillage)\b",
            "es": r"\b(?:costras?|llagas?|puntit[oa]s?|puntos?|manchas?|cuadros?|cuadricula)\b",
        },
        qualifiers={
            "en": r"\b(?:fever|unwell|ill|hurt\w*|pain\w*|new|keep (?:appearing|coming)"
            r"|blisters?|eyes?|pus)\b",
            "fr": r"\b(?:fievre|malade|mal|douleur\w*|douloureu\w*|nouvelles?|nouveaux"
            r"|continuent d'apparaitre|cloques?|oeil|yeux|pus)\b",
            "es": r"\b(?:fiebre|mal|dolor\w*|duel\w*|dol\w*|nuev[oa]s?|siguen? saliendo"
            r"|ampollas?|ampollitas?|ojos?|pus)\b",
        },
        scope="field",
    ),
    Phenomenon(
        name="itching, dryness and flaking",
        # expected-healing: "dry, flaky or a little itchy"; how_to_tell: "dries and flakes".
        source="expected-healing summary",
        terms={
            "en": r"\b(?:itch\w*|dry|flak\w*|peel\w*)\b",
            "fr": r"\b(?:demang\w*|pique\w*|seche\w*|pele\w*)\b",
            "es": r"\b(?:pica|pican|picor|picazon|comezon|sec[oa]s?|pela|pelan|pelarse|pelando)\b",
        },
        qualifiers={
            "en": r"\b(?:hives|welts|body|blisters?|breath\w*|swallow\w*|faint)\b",
            "fr": r"\b(?:urticaire|plaques en relief|corps|cloques?|respir\w*|avaler|evanou\w*)\b",
            "es": r"\b(?:urticaria|ronchas?|cuerpo|ampollas?|respir\w*|traga\w*|desmay\w*)\b",
        },
        # "hives (itchy, raised welts) and feel faint": a list inside brackets is one
        # description, so a qualifier anywhere in the sign sets it apart.
        scope="field",
    ),
)

# A sentence that itself says the thing is normal is the reassurance, not the alarm.
_SAYS_NORMAL = {
    "en": r"\b(?:normal|expected)\b",
    "fr": r"\b(?:normale?s?|attendue?s?)\b",
    "es": r"\b(?:normal(?:es)?|esperad[oa]s?)\b",
}


def expected_healing_named(text: str, locale: str) -> list[str]:
    """The expected-healing phenomena *text* names without anything that sets an alarm apart."""
    found = []
    for phenomenon in EXPECTED_HEALING:
        term, qualifier = phenomenon.terms[locale], phenomenon.qualifiers[locale]
        site = phenomenon.sites.get(locale)
        named = [s for _, s in sentences(text) if has(term, s) and not has(_SAYS_NORMAL[locale], s)]
        if not named:
            continue
        if phenomenon.scope == "field":
            if not has(qualifier, text):
                found.append(phenomenon.name)
            continue
        for sentence in named:
            bare = [
                clause
                for clause in clauses(sentence, locale)
                if (re.search(term, clause) or (site and re.search(site, clause) and short(clause)))
                and not re.search(qualifier, clause)
            ]
            if bare:
                found.append(f"{phenomenon.name} ({bare[0]!r})")
                break
    return found


def check_emergency_not_expected_healing(catalog: Catalog) -> list[str]:
    """No emergency sign or question names what the content calls normal healing (S2, S5)."""
    locale = lang(catalog)
    problems = []
    for sign in emergencies(catalog):
        for field in ("sign", "question"):
            for name in expected_healing_named(getattr(sign, field), locale):
                problems.append(
                    f"[{catalog.locale}] {sign.id}.{field}: emergency names expected healing:"
                    f" {name}"
                )
    return problems


def sms_emergency_lines(catalog: Catalog) -> list[str]:
    """The 911 sentences of every SMS of a dated schedule built from *catalog*."""
    import datetime

    from microneedle_care.rendering.messages import render_sms

    checklist = mc.build_checklist(
        catalog=catalog,
        treatment_date=datetime.date(2026, 12, 1),
        risk_factors=[r.id for r in catalog.risk_factors],
    )
    schedule = mc.build_schedule(checklist, tz="UTC", patient="rules", catalog=catalog)
    lines = set()
    for touchpoint in schedule.touchpoints:
        said = [s for _, s in sentences(render_sms(schedule, touchpoint))]
        for index, sentence in enumerate(said):
            if "911" in sentence or re.search(
                r"emergency room|urgence|sala de emergencias", sentence
            ):
                # The sentence before says what the emergency is ("Are your lips ...?").
                lines.add(" ".join(said[max(0, index - 1) : index + 1]))
    return sorted(lines)


def check_sms_emergency_not_expected_healing(
    catalog: Catalog, lines: Callable[[Catalog], Iterable[str]] = sms_emergency_lines
) -> list[str]:
    """The SMS "call 911" line names no normal healing either (S2: "swelling of the face")."""
    locale = lang(catalog)
    return [
        f"[{catalog.locale}] SMS {line!r}: emergency names expected healing: {name}"
        for line in lines(catalog)
        for name in expected_healing_named(line, locale)
    ]


# -- rule 2: every emergency sign gives one action first (S7, S8) ----------------------

_IMPERATIVE = {
    "en": r"(?:call|dial|go|get|seek|use|keep|press|apply|put|hold|rinse|wash|stop|take|lie|sit)\b",
    "fr": r"(?:composez|faites|appelez|allez|rendez-vous|utilisez|gardez|continuez|appuyez"
    r"|appliquez|mettez|maintenez|rincez|lavez|cessez|arretez|prenez|allongez-vous"
    r"|assoyez-vous|asseyez-vous)\b",
    "es": r"(?:llame|marque|vaya|busque|use|mantenga|siga|presione|aplique|ponga|pongase"
    r"|sostenga|enjuague\w*|lave|lavese|deje|pare|tome|acuestese|sientese|pida)\b",
}
_CALL_911 = r"\b911\b"
_OTHER_ROUTE = {
    "en": r"emergency (?:department|room)|\ber\b|hospital|urgent care|walk-in|doctor|clinic",
    "fr": r"\burgence|hopital|soins d'urgence|sans rendez-vous|medecin|clinique",
    "es": r"\bemergencias?\b|hospital|atencion urgente|sin cita|medico|clinica",
}
_CHOICE = {"en": r"\bor\b", "fr": r"\bou\b", "es": r"\b[ou]\b"}
_CONDITION = {
    "en": r"\b(?:if|unless)\b",
    "fr": r"\b(?:si|s'il|s'ils|sauf)\b",
    "es": r"\b(?:si|a menos que|salvo)\b",
}


def check_one_action_first(catalog: Catalog) -> list[str]:
    """Every emergency sign's action starts with one instruction (S7, S8).

    Its first sentence starts with what to do (not an explanation, not an "if"), and no
    sentence leaves the patient to choose between calling 911 and getting themselves to
    care ("call 911 or go to the emergency room"): 911 is either the action, or a stated
    condition says when to call it.
    """
    locale = lang(catalog)
    problems = []
    for sign in emergencies(catalog):
        first = first_sentence(sign.action)
        if not re.match(_IMPERATIVE[locale], norm(first)):
            problems.append(
                f"[{catalog.locale}] {sign.id}.action: first sentence is not an instruction:"
                f" {first!r}"
            )
        for _, sentence in sentences(sign.action):
            text = norm(sentence)
            if (
                re.search(_CALL_911, text)
                and re.search(_OTHER_ROUTE[locale], text)
                and re.search(_CHOICE[locale], text)
                and not re.search(_CONDITION[locale], text)
            ):
                problems.append(
                    f"[{catalog.locale}] {sign.id}.action: offers 911 or another way as a"
                    f" choice: {sentence!r}"
                )
    return problems


# -- rule 3: exposure to another person's blood is same-day within 72 hours (S1) -------

_EXPOSURE = {
    "en": r"\b(?:shared|sharing|reused|re-used|someone else's|another person's|used needles?)\b",
    "fr": r"(?:partag\w*|reutilis\w*|d'une autre personne|de quelqu'un d'autre)",
    "es": r"(?:compartid\w*|reutiliz\w*|volv(?:ieron|io|ia|ian) a usar|otras personas"
    r" (?:tambien )?usan|de otra persona|usadas antes)",
}
_WINDOW_72H = {
    "en": r"\b(?:72|3|three)\s+(?:hours|h|days)\b",
    "fr": r"\b(?:72|3|trois)\s+(?:dernier(?:e)?s\s+)?(?:heures|h|jours)\b",
    "es": r"\b(?:72|3|tres)\s+(?:horas|h|dias)\b",
}


def check_blood_exposure_same_day(catalog: Catalog) -> list[str]:
    """A needling with shared or reused tools in the last 72 hours is a same-day sign (S1).

    Medicine to prevent HIV (PEP) works only if started within 72 hours, so: some
    warning sign about shared or reused needles must be same-day (or more urgent) and
    name the 72-hour window; a less urgent one must say it is for older exposures (name
    the window); a step that raises the exposure must name the window too.
    """
    locale = lang(catalog)
    exposure, window = _EXPOSURE[locale], _WINDOW_72H[locale]
    problems = []
    signs = [s for s in catalog.warning_signs if has(exposure, s.sign + " " + s.question)]
    if not signs:
        problems.append(f"[{catalog.locale}] no warning sign covers needles shared or reused")
    urgent = [
        s
        for s in signs
        if s.urgency.rank <= mc.Urgency.SAME_DAY.rank
        and has(window, " ".join((s.sign, s.question, s.action)))
    ]
    if signs and not urgent:
        problems.append(
            f"[{catalog.locale}] no same-day sign for shared or reused needles in the last"
            f" 72 hours (signs: {', '.join(s.id for s in signs)})"
        )
    for sign in signs:
        if sign.urgency.rank > mc.Urgency.SAME_DAY.rank and not has(
            window, sign.sign + " " + sign.question
        ):
            problems.append(
                f"[{catalog.locale}] {sign.id}: {sign.urgency.value} for any shared-needle"
                " exposure, with no word on the 72-hour window"
            )
    for step in catalog.aftercare_steps:
        if has(exposure, step.action) and not has(window, step.action):
            problems.append(
                f"[{catalog.locale}] {step.id}.action: shared or reused needles, with no word"
                " on the 72-hour window"
            )
    return problems


# -- rule 4: every number of days in a step's text agrees with its window (A1, A2) -----

_UNITS = {
    "en": {"h": 1, "hour": 1, "day": HOURS_PER_DAY, "week": 7 * HOURS_PER_DAY},
    "fr": {"h": 1, "heure": 1, "jour": HOURS_PER_DAY, "semaine": 7 * HOURS_PER_DAY},
    "es": {"h": 1, "hora": 1, "dia": HOURS_PER_DAY, "semana": 7 * HOURS_PER_DAY},
}
_DURATION = {
    "en": re.compile(
        r"\b(\d+)(?:\s*(?:to|-|or|and)\s*(\d+))?\s*(?:first\s+)?(h|hour|day|week)s?\b"
    ),
    "fr": re.compile(
        r"\b(\d+)(?:\s*(?:a|-|ou|et)\s*(\d+))?\s*(?:premier(?:e|s|es)?\s+)?"
        r"(h|heure|jour|semaine)s?\b"
    ),
    "es": re.compile(
        r"\b(\d+)(?:\s*(?:a|-|o|y)\s*(\d+))?\s*(?:primer(?:a|o|os|as)?\s+)?"
        r"(h|hora|dia|semana)s?\b"
    ),
}
# Numbers written as words, read as digits first ("two weeks"). Not "a"/"one", "un"/"une":
# "after a day or two" is not a window.
_NUMBER_WORDS = {
    "en": {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10},
    "fr": {"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "dix": 10},
    "es": {"dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "siete": 7, "diez": 10},
}
# "day 2", "days 2 and 3", "jour 4", "les jours 2 et 3": the days counted from day 1.
_DAY_NUMBER = {
    "en": re.compile(r"\bdays?\s+(\d+)(?:\s*(?:to|and|or|-)\s*(\d+))?"),
    "fr": re.compile(r"\bjours?\s+(\d+)(?:\s*(?:a|et|ou|-)\s*(\d+))?"),
    "es": re.compile(r"\bdias?\s+(\d+)(?:\s*(?:a|y|o|-)\s*(\d+))?"),
}
# "week 2", "la 2e semaine"; "the first week", "la première semaine".
_WEEK_NUMBER = {
    "en": re.compile(r"\bweek\s+(\d+)\b"),
    "fr": re.compile(r"\b(\d+)e\s+semaine\b"),
    "es": re.compile(r"\bsemana\s+(\d+)\b"),
}
_FIRST_WEEK = {
    "en": r"\bfirst week\b",
    "fr": r"\bpremiere semaine\b",
    "es": r"\bprimera semana\b",
}
# Numbers of days that are not the step's window: the spacing of sessions, how long a
# breakout takes to settle, and a time counted back from today (an exposure "in the last
# 72 hours", which S1 requires). Keep this list short; each entry is a sentence pattern.
_NOT_A_WINDOW = {
    # Times counted from something else than the treatment: "in the last 72 hours" (an
    # exposure), "HIV medicine must start within 3 days" (of that exposure).
    "en": r"\bapart\b|\bbetween sessions\b|\bsettle\w*\b|\bin the last\b"
    r"|\bmust start within\b",
    "fr": r"\bentre (?:deux|les) seances\b|\bd'intervalle\b|\bse calment\b"
    r"|\bdans les \d+ dernier|\bil y a moins de\b|\bdoit commencer dans les\b",
    # Spanish writes "a day or two" (which English and French give in words, not read as a
    # window) as "1 o 2 días": "cámbiela después de 1 o 2 días", "llame dentro de 1 o 2 días".
    "es": r"\bentre (?:una )?sesion\w*|\bse calman\b|\ben (?:los|las) ultim[oa]s\b"
    r"|\bdebe empezar dentro de\b|\bse tiene que empezar\b|\btiene que empezar antes\b"
    r"|\b1 o 2 dias\b",
}


def time_bounds(sentence: str, locale: str) -> Iterator[tuple[str, set[int], set[int]]]:
    """Each time in *sentence*, with the window starts and the window ends it can stand for.

    "Day 2" or "week 2" can start a window (at its first hour) or end one (at its last);
    "3 days" or "5 to 7 days" can do either ("for 3 days", "after 3 days").
    """
    words = _NUMBER_WORDS[locale]
    text = re.sub(
        r"\b(" + "|".join(words) + r")\b", lambda m: str(words[m.group(1)]), norm(sentence)
    )
    taken: list[tuple[int, int]] = []

    def free(match: re.Match[str]) -> bool:
        span = match.span()
        if any(span[0] < end and start < span[1] for start, end in taken):
            return False
        taken.append(span)
        return True

    for match in _WEEK_NUMBER[locale].finditer(text):
        if free(match):
            week = int(match.group(1))
            yield match.group(0), {(week - 1) * 7 * HOURS_PER_DAY}, {week * 7 * HOURS_PER_DAY}
    for match in _DAY_NUMBER[locale].finditer(text):
        if free(match):
            first = int(match.group(1))
            last = int(match.group(2) or first)
            yield match.group(0), {(first - 1) * HOURS_PER_DAY}, {last * HOURS_PER_DAY}
    for match in _DURATION[locale].finditer(text):
        if free(match):
            unit = _UNITS[locale][match.group(3)]
            low = int(match.group(1)) * unit
            high = int(match.group(2) or match.group(1)) * unit
            hours = {h for h in range(low, high + 1) if h > 0}
            yield match.group(0), hours, hours
    for match in re.finditer(_FIRST_WEEK[locale], text):
        if free(match):
            yield match.group(0), set(), {7 * HOURS_PER_DAY}


def check_step_days_match_window(catalog: Catalog) -> list[str]:
    """Every time a step's text gives is a bound of the step's window (A1, A2).

    "For about 3 days" needs a window ending at 72 hours; "from day 2" one starting at
    24; "after about 2 weeks" one starting (or ending) at 336; "at least 2 weeks" a window
    with that end, not one that never ends.
    """
    locale = lang(catalog)
    problems = []
    for step in catalog.aftercare_steps:
        start, end = step.window.start_hours, step.window.end_hours
        for field in ("action", "reason"):
            for _, sentence in sentences(getattr(step, field)):
                if has(_NOT_A_WINDOW[locale], sentence):
                    continue
                for words, starts, ends in time_bounds(sentence, locale):
                    if start not in starts and end not in ends:
                        problems.append(
                            f"[{catalog.locale}] {step.id}.{field}: {words!r} does not match"
                            f" its window {step.window.describe()}"
                        )
    return problems


# -- rule 5: the timeline's "back to usual" day is the usual-routine steps' day (A1) ---

_USUAL = {
    "en": r"\busual\b",
    "fr": r"\bhabituel\w*\b",
    "es": r"\bde siempre\b|\bhabitual\w*\b",
}
_BAND_DAY = {"en": r"\bdays?\s+(\d+)", "fr": r"\bjours?\s+(\d+)", "es": r"\bdias?\s+(\d+)"}


def usual_routine_days(catalog: Catalog) -> list[int]:
    """The days the steps for everyone that go back to the usual routine start, in order."""
    return sorted(
        {
            step.window.start_hours // HOURS_PER_DAY + 1
            for step in catalog.aftercare_steps
            if step.kind is mc.StepKind.DO
            and step.scope is mc.StepScope.EVERYONE
            and has(_USUAL[lang(catalog)], step.action)
        }
    )


def timeline_lines(text: str) -> list[str]:
    """The bullets of the healing timeline of a text sheet (the first list of "- " lines)."""
    lines: list[str] = []
    block: list[str] = []
    for line in text.splitlines():
        if line.startswith("  - "):
            block.append(line[4:].strip())
        elif line.startswith("    ") and block:
            block[-1] += " " + line.strip()
        elif block:
            lines = block
            break
    return lines or block


def check_timeline_back_to_usual(
    catalog: Catalog, render: Callable[[mc.Checklist], str] | None = None
) -> list[str]:
    """The day the timeline says "back to your usual routine" is the day the steps say (A1).

    The last timeline line that speaks of the usual routine must start on the day the
    last usual-routine step starts, and any earlier such line on the day one of them does.
    """
    locale = lang(catalog)
    render = render or mc.render_text
    sheet = render(mc.build_checklist(catalog=catalog))
    days = usual_routine_days(catalog)
    said = []
    for line in timeline_lines(sheet):
        if has(_USUAL[locale], line):
            found = re.search(_BAND_DAY[locale], norm(line))
            if found:
                said.append((int(found.group(1)), line))
    if not said:
        return []  # the timeline makes no claim about the usual routine
    if not days:
        return [
            f"[{catalog.locale}] the timeline says back to usual, but no step for everyone does"
        ]
    problems = []
    for index, (day, line) in enumerate(said):
        last = index == len(said) - 1
        if (last and day != days[-1]) or day not in days:
            problems.append(
                f"[{catalog.locale}] timeline says back to usual on day {day} ({line!r}), the"
                f" usual-routine steps from day {days[-1] if last else days}"
            )
    return problems


# -- rule 5b: screening before a session is not filed under the first 24 hours (S11) ----

_BEFORE_SESSION = {
    "en": r"\bbefore (?:any|each|every|your next|the next|a|your) (?:session|treatment)\b",
    "fr": r"\bavant (?:chaque|toute|votre prochaine|la prochaine|une) seance\b"
    r"|\bavant (?:chaque|tout|votre prochain|le prochain|un) traitement\b",
    "es": r"\bantes de (?:cada|cualquier|su proxima|la proxima|una|otra) sesion\b"
    r"|\bantes de (?:cada|cualquier|su proximo|el proximo|un|otro) tratamiento\b",
}


def check_screening_not_in_first_day(catalog: Catalog) -> list[str]:
    """What to tell the clinic before a session is not listed under "First 24 hours" (S11).

    Read from the Markdown sheet with every risk factor chosen: no item under the first
    day's heading asks the patient to tell the clinic something before a session.
    """
    from microneedle_care.checklist import SectionKind
    from microneedle_care.rendering import _labels

    checklist = mc.build_checklist(
        catalog=catalog, risk_factors=[r.id for r in catalog.risk_factors]
    )
    first_day = norm(_labels.labels_for(checklist).sections[SectionKind.FIRST_DAY])
    heading = ""
    problems = []
    for line in mc.render_markdown(checklist).splitlines():
        if line.startswith("## "):
            heading = norm(line[3:].strip())
        elif (
            heading == first_day
            and line.startswith("- ")
            and has(_BEFORE_SESSION[lang(catalog)], line)
        ):
            problems.append(f"[{catalog.locale}] under {first_day!r}: {line[2:].strip()[:70]!r}...")
    return problems


# -- rule 6: reading level (L2) ---------------------------------------------------------

MAX_SENTENCE_GRADE = 8.0
MAX_MEDIAN_GRADE = 6.0
MIN_FRENCH_EASE = 60.0
MIN_SPANISH_EASE = 50.0
"""No Spanish sentence in Fernández-Huerta's "difícil" band (below 50; issue 23)."""
MIN_SPANISH_MEDIAN_EASE = 70.0
"""The Spanish sheet's median sentence "bastante fácil" or easier (Fernández-Huerta, issue 23)."""
MIN_EASE = {"fr": MIN_FRENCH_EASE, "es": MIN_SPANISH_EASE}
MIN_MEDIAN_EASE = {"fr": MIN_FRENCH_EASE, "es": MIN_SPANISH_MEDIAN_EASE}
MIN_WORDS = 3
"""Sentences of fewer words are not scored one by one: the formulas mean nothing on
"Stop." or "Continuez d'appuyer." (they still count in the sheet's median)."""


def patient_sentences(catalog: Catalog) -> Iterator[tuple[str, str, str]]:
    """(item id, field, sentence) for every sentence of patient text, names aside."""
    for item in catalog:
        for field in patient_fields(type(item)):
            if field == "name":  # a title, not a sentence
                continue
            for _, sentence in sentences(getattr(item, field)):
                yield item.id, field, sentence
    for _, sentence in sentences(catalog.disclaimer):
        yield "$", "disclaimer", sentence


#: French sentences shorter than this are left to the sheet median (see _too_hard).
MIN_FRENCH_WORDS = 8


def _too_hard(sentence: str, locale: str) -> str | None:
    score = measure(sentence, locale)
    if score.words < MIN_WORDS:
        return None
    if score.grade is not None:
        return f"grade {score.grade}" if score.grade > MAX_SENTENCE_GRADE else None
    if locale.startswith("fr") and score.words < MIN_FRENCH_WORDS:
        # Kandel-Moles ease swings on a few words: "Appelez votre clinique aujourd'hui."
        # scores 37 and "Continuez d'appuyer." 58. The sheet median still counts them.
        return None
    return f"ease {score.ease}" if score.ease < MIN_EASE[lang_of(locale)] else None


def check_sentence_grade(catalog: Catalog) -> list[str]:
    """No sentence of patient text is above grade 8 (English), below ease 60 (French, L2), or
    below Fernández-Huerta 50 (Spanish: not "difícil", issue 23).

    Every patient-facing field of every item counts (names are titles, not sentences).
    """
    locale = lang(catalog)
    return [
        f"[{catalog.locale}] {id}.{field}: {hard}: {sentence!r}"
        for id, field, sentence in patient_sentences(catalog)
        if (hard := _too_hard(sentence, locale))
    ]


def sheet_sentences(catalog: Catalog) -> list[str]:
    """The sentences of the text sheet with every step (all risk factors chosen)."""
    checklist = mc.build_checklist(
        catalog=catalog, risk_factors=[r.id for r in catalog.risk_factors]
    )
    return [s for _, s in sentences(mc.render_text(checklist))]


def check_sheet_median(catalog: Catalog) -> list[str]:
    """The sheet's median sentence is at most grade 6 (English), at least ease 60 (French) (L2),
    at least Fernández-Huerta 70 (Spanish, "bastante fácil", issue 23)."""
    locale = lang(catalog)
    scores = [measure(s, locale) for s in sheet_sentences(catalog)]
    if locale == "en":
        median = statistics.median(s.grade or 0.0 for s in scores)
        if median > MAX_MEDIAN_GRADE:
            return [f"[{catalog.locale}] sheet median grade {median} > {MAX_MEDIAN_GRADE}"]
        return []
    median = statistics.median(s.ease for s in scores)
    if median < MIN_MEDIAN_EASE[locale]:
        return [f"[{catalog.locale}] sheet median ease {median} < {MIN_MEDIAN_EASE[locale]}"]
    return []


# -- rule 7: an emergency "yes" ends the check-in (H2) ----------------------------------

CheckInFunction = Callable[..., mc.CheckIn]


def check_checkin_emergency_first(
    catalog: Catalog, check_in: CheckInFunction | None = None
) -> list[str]:
    """A "yes" to any emergency question is answer enough: the check-in returns "call 911".

    With only that answer given, :func:`~microneedle_care.check_in` returns the sign's
    action first, lists every other question as unanswered, and gives no reassurance;
    with every answer "yes", an emergency leads. Every emergency sign has a question.
    """
    check_in = check_in or mc.check_in
    problems = []
    for sign in emergencies(catalog):
        given = treatments_for(catalog, sign)
        others = {s.id for s in catalog.warning_signs}
        if not sign.question.strip():
            problems.append(f"[{catalog.locale}] {sign.id}: emergency sign has no question")
        try:
            kwargs = {"treatments": given} if given else {}
            result = check_in(catalog, {sign.id: True}, days_since_treatment=1, **kwargs)
        except mc.UnansweredQuestionError as exc:
            problems.append(f"[{catalog.locale}] {sign.id}: yes still needs more answers: {exc}")
            continue
        if result.urgency is not mc.Urgency.EMERGENCY or result.first_action != sign.action:
            problems.append(f"[{catalog.locale}] {sign.id}: yes does not lead with its action")
        # Questions that cannot apply yet on day 1 are "not asked", not "unanswered".
        if set(result.unanswered) | set(result.not_asked) != others - {sign.id}:
            problems.append(f"[{catalog.locale}] {sign.id}: unanswered questions not listed")
        if result.reassurance:
            problems.append(f"[{catalog.locale}] {sign.id}: reassurance beside a 911 sign")
    if emergencies(catalog):
        everything = check_in(
            catalog, {s.id: True for s in catalog.warning_signs}, days_since_treatment=1
        )
        if everything.urgency is not mc.Urgency.EMERGENCY:
            problems.append(f"[{catalog.locale}] all yes: an emergency does not lead")
    return problems


_YES = {"en": "y", "fr": "o", "es": "s"}


def run_prompts(
    catalog: Catalog,
    yes_to: Sequence[str],
    ask: Callable[..., Any] | None = None,
    treatments: Sequence[str] = (),
) -> tuple[int, list[str], str, str]:
    """Run ``microneedle-care check-in`` on a fake terminal, answering yes to *yes_to*.

    Returns the exit status, the questions asked (their ids, in order), and what it wrote
    to standard output and to standard error.
    *ask* replaces the command's prompting function (to put an old behaviour back).
    """
    from microneedle_care.cli import main
    from microneedle_care.cli import patient as cli_patient

    by_question = {s.question or s.sign: s.id for s in catalog.warning_signs}
    asked: list[str] = []

    def answer(prompt: str) -> str:
        id = next(i for q, i in by_question.items() if prompt.startswith(q))
        asked.append(id)
        return _YES[lang(catalog)] if id in yes_to else "n"

    out, err = io.StringIO(), io.StringIO()
    with contextlib.ExitStack() as stack:
        stack.enter_context(mock.patch.object(builtins, "input", answer))
        stack.enter_context(mock.patch.object(sys, "stdin", mock.Mock(isatty=lambda: True)))
        stack.enter_context(mock.patch.object(cli_patient, "_catalog", return_value=catalog))
        if ask is not None:
            stack.enter_context(mock.patch.object(cli_patient, "_ask", ask))
        stack.enter_context(contextlib.redirect_stdout(out))
        stack.enter_context(contextlib.redirect_stderr(err))
        extra = [arg for t in treatments for arg in ("--treatment", t)]
        status = main(["check-in", "--locale", catalog.locale, *extra])
    return status, asked, out.getvalue(), err.getvalue()


def check_prompts_stop_at_emergency(
    catalog: Catalog, ask: Callable[..., Any] | None = None
) -> list[str]:
    """On a terminal, the 911 questions come first and a yes to one ends the questions."""
    problems = []
    urgent = emergencies(catalog)
    for position, sign in enumerate(urgent):
        given = treatments_for(catalog, sign)
        status, asked, out, err = run_prompts(catalog, [sign.id], ask, given)
        before = {s.id for s in urgent[: position + 1]}
        if status != 0 or not out.startswith(sign.action):
            problems.append(
                f"[{catalog.locale}] {sign.id}: yes does not print its action first"
                f" (exit {status}): {(out or err)[:80]!r}"
            )
        if asked[-1:] != [sign.id] or not set(asked) <= before:
            problems.append(
                f"[{catalog.locale}] {sign.id}: asked {asked} around a yes to a 911 question"
            )
    return problems


def check_prompts_go_on_after_other_yes(
    catalog: Catalog, ask: Callable[..., Any] | None = None
) -> list[str]:
    """Only an emergency yes ends the questions: after any other yes, all are still asked."""
    problems = []
    for sign in catalog.warning_signs:
        if sign.urgency is mc.Urgency.EMERGENCY:
            continue
        given = treatments_for(catalog, sign)
        status, asked, out, err = run_prompts(catalog, [sign.id], ask, given)
        total = len(signs_for(catalog, given))
        if status != 0 or len(asked) != total:
            problems.append(
                f"[{catalog.locale}] {sign.id} ({sign.urgency.value}): a yes stopped the"
                f" questions after {len(asked)} of {total}"
                f" (exit {status}): {(err or out).strip()[:100]!r}"
            )
    return problems


RULES: dict[str, Callable[[Catalog], list[str]]] = {
    "emergency-not-expected-healing": check_emergency_not_expected_healing,
    "sms-emergency-not-expected-healing": check_sms_emergency_not_expected_healing,
    "one-action-first": check_one_action_first,
    "blood-exposure-same-day": check_blood_exposure_same_day,
    "step-days-match-window": check_step_days_match_window,
    "timeline-back-to-usual": check_timeline_back_to_usual,
    "screening-not-in-first-day": check_screening_not_in_first_day,
    "sentence-grade": check_sentence_grade,
    "sheet-median": check_sheet_median,
    "checkin-emergency-first": check_checkin_emergency_first,
    "prompts-stop-at-emergency": check_prompts_stop_at_emergency,
    "prompts-go-on-after-other-yes": check_prompts_go_on_after_other_yes,
}
"""Every rule, by name (``python -m tests.clinical`` prints what each finds)."""


def main() -> None:  # pragma: no cover - a report for people
    for locale in LOCALES:
        catalog = mc.load(locale=locale)
        for name, rule in RULES.items():
            problems = rule(catalog)
            print(f"{name} [{locale}]: {len(problems)}")
            for problem in problems:
                print("   ", problem)


if __name__ == "__main__":  # pragma: no cover
    main()

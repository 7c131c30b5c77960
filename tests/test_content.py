"""Invariants of the real packaged content: completeness, integrity, evidence and readability."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

import microneedle_care as mc
from microneedle_care import (
    EvidenceLevel,
    SourceType,
    StepKind,
    StepScope,
    TimeWindow,
    Urgency,
    _i18n,
    patient_fields,
)

ROOT = Path(__file__).resolve().parent.parent
CATALOG = mc.load()
LOCALES = _i18n.languages()
KINDS = ("causes", "risk_factors", "aftercare_steps", "warning_signs", "myths", "references")
CITING = [item for item in CATALOG if not isinstance(item, mc.Reference)]

# The causes the seed article gives, each kept as a cause or a myth (issue #2).
SEED_CAUSES = [
    "pore-clogging",
    "purging",
    "bacterial-infection",
    "allergic-contact-dermatitis",
    "hormonal-or-stress-flare",
]
REQUIRED_CAUSES = [
    "acne-flare",
    *SEED_CAUSES,
    "folliculitis",
    "irritant-contact-dermatitis",
    "granulomatous-reaction",
    "herpes-simplex-flare",
    "milia",
    "heat-and-sweat",
    "post-inflammatory-hyperpigmentation",
]
REQUIRED_MYTHS = [
    "detoxifies-skin",
    "breakout-means-it-is-working",
    "triggers-hormonal-changes",
    "load-open-channels-with-serums",
    "home-rollers-as-good-and-safe",
    "shrinks-oil-glands",
]
# The windows of the aftercare plan: first 24 hours, 24-72 hours, days 4-7, week 2 and after.
PLAN_WINDOWS = [TimeWindow(0, 24), TimeWindow(24, 72), TimeWindow(72, 168), TimeWindow(168)]
WEAK_SOURCES = {SourceType.CLINIC_PAGE, SourceType.LAY_ARTICLE}


class TestCompleteness:
    def test_required_causes(self) -> None:
        """Every cause and look-alike the content release promises is present."""
        assert set(REQUIRED_CAUSES) <= {c.id for c in CATALOG.causes}

    def test_seed_causes_are_kept(self) -> None:
        """Every cause from the seed article is a cause or is corrected by a myth."""
        distorted = {c for m in CATALOG.myths for c in m.distorts}
        for cause_id in SEED_CAUSES:
            assert cause_id in CATALOG or cause_id in distorted

    def test_required_myths(self) -> None:
        """Every myth the release promises is present with a correction."""
        for myth_id in REQUIRED_MYTHS:
            assert CATALOG.myth(myth_id).correction

    def test_counts(self) -> None:
        """At least 15 risk factors, 20 steps, 8 warning signs and 6 myths."""
        assert len(CATALOG.risk_factors) >= 15
        assert len(CATALOG.aftercare_steps) >= 20
        assert len(CATALOG.warning_signs) >= 8
        assert len(CATALOG.myths) >= 6

    @pytest.mark.parametrize("window", PLAN_WINDOWS, ids=lambda w: w.describe())
    def test_every_window_has_dos_and_avoids(self, window: TimeWindow) -> None:
        """Each window of the plan has things to do; the first week has things to avoid too."""
        steps = [s for s in CATALOG.steps_in(window) if s.scope is StepScope.EVERYONE]
        kinds = {s.kind for s in steps}
        assert StepKind.DO in kinds
        if window.start_hours < 168:
            assert StepKind.AVOID in kinds

    def test_breakout_steps(self) -> None:
        """There is advice for when a breakout appears, including not picking."""
        steps = [s for s in CATALOG.aftercare_steps if s.scope is StepScope.BREAKOUT]
        assert {StepKind.DO, StepKind.AVOID} <= {s.kind for s in steps}
        assert any("pick" in s.action.lower() for s in steps)

    def test_risk_factor_steps_are_reachable(self) -> None:
        """Every risk-factor-only step is listed by at least one risk factor."""
        listed = {s for rf in CATALOG.risk_factors for s in rf.mitigated_by}
        for step in CATALOG.aftercare_steps:
            if step.scope is StepScope.RISK_FACTOR:
                assert step.id in listed, step.id

    def test_every_urgency_is_used(self) -> None:
        """Warning signs cover every urgency level, from 911 to the next visit."""
        assert {w.urgency for w in CATALOG.warning_signs} == set(Urgency)

    @pytest.mark.parametrize("locale", LOCALES)
    def test_emergencies_say_911(self, locale: str) -> None:
        """Every emergency sign tells the patient to call 911, in every language."""
        for sign in mc.load(locale=locale).warning_signs:
            if sign.urgency is Urgency.EMERGENCY:
                assert "911" in sign.action, sign.id

    @pytest.mark.parametrize("locale", LOCALES)
    def test_every_warning_sign_asks_a_question(self, locale: str) -> None:
        """Every warning sign has a yes/no check-in question, in every language."""
        for sign in mc.load(locale=locale).warning_signs:
            assert sign.question.strip(), sign.id
            assert sign.question.rstrip().endswith("?"), sign.id

    def test_disclaimer(self) -> None:
        """The disclaimer says the content does not replace the clinic's advice.

        It names the clinic, as every step does, and puts no "for your skin" limit on the
        clinic's own instructions (round-1 review, findings 8 and 21).
        """
        assert "your clinic" in CATALOG.disclaimer
        assert "not replace" in CATALOG.disclaimer
        assert "something different for your skin" not in CATALOG.disclaimer

    def test_content_version(self) -> None:
        """This is content release 3.x (3.0.0 retired an id; see CHANGELOG.md)."""
        assert CATALOG.content_version.startswith("3.")


class TestIntegrity:
    def test_every_item_cites(self) -> None:
        """Every cause, factor, step, sign and myth cites at least one reference."""
        for item in CITING:
            assert item.references, item.id

    def test_no_orphan_references(self) -> None:
        """Every reference is cited by some item."""
        cited = {ref for item in CITING for ref in item.references}
        assert {r.id for r in CATALOG.references} - cited == set()

    def test_ids_are_kebab_case_and_unique(self) -> None:
        """Ids are kebab-case and unique across every kind."""
        ids = [item.id for kind in KINDS for item in getattr(CATALOG, kind)]
        assert [i for i, n in Counter(ids).items() if n > 1] == []
        assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)

    def test_windows_are_well_formed(self) -> None:
        """Every window starts at 0 or later and ends after it starts."""
        windows = [s.window for s in CATALOG.aftercare_steps]
        windows += [w for c in CATALOG.causes for w in (c.onset, c.duration) if w is not None]
        for window in windows:
            assert window.start_hours >= 0
            assert window.end_hours is None or window.end_hours > window.start_hours

    def test_verified_references_carry_an_identifier(self) -> None:
        """A verified reference has a DOI, a PMID or an address, and where it was verified."""
        for ref in CATALOG.references:
            if ref.verified:
                assert ref.doi or ref.pmid or ref.url, ref.id
                assert ref.verified_at, ref.id
            if ref.doi:
                assert ref.doi.startswith("10."), ref.id


class TestEvidence:
    def test_weak_sources_support_only_very_low_evidence(self) -> None:
        """An item resting only on clinic pages or lay articles claims 'very-low' evidence."""
        for item in CITING:
            sources = {CATALOG.reference(r).source_type for r in item.references}
            if sources <= WEAK_SOURCES:
                assert item.evidence is EvidenceLevel.VERY_LOW, item.id

    def test_no_rates_without_data(self) -> None:
        """Causes without incidence data say 'unknown' rather than a made-up rate."""
        for cause_id in ("acne-flare", "milia", "folliculitis", "purging"):
            assert CATALOG.cause(cause_id).likelihood is mc.Likelihood.UNKNOWN

    @pytest.mark.parametrize("word", ["detox", "toxin", "purge"])
    def test_myth_words_appear_only_to_correct_them(self, word: str) -> None:
        """'Detox' and 'purge' appear in patient text only in myths and the purging entry."""
        for item in CITING:
            if isinstance(item, mc.Myth) or item.id == "purging":
                continue
            for field in patient_fields(type(item)):
                assert word not in getattr(item, field).lower(), (item.id, field)


class TestIdHistory:
    @staticmethod
    def _released() -> list[tuple[str, str, str]]:
        lines = (ROOT / "content" / "ids.txt").read_text(encoding="utf-8").splitlines()
        return [tuple(line.split("\t")) for line in lines if line and not line.startswith("#")]  # type: ignore[misc]

    def test_released_ids_are_live_or_deprecated(self) -> None:
        """No released id disappears unless the pack documents its deprecation."""
        retired = {d.id for d in CATALOG.deprecated}
        missing = [i for i, _, _ in self._released() if i not in CATALOG and i not in retired]
        assert missing == []

    def test_every_live_id_is_recorded(self) -> None:
        """Every id in the pack is in content/ids.txt, under its own kind."""
        released = {i: kind for i, kind, _ in self._released()}
        for kind in KINDS:
            for item in getattr(CATALOG, kind):
                assert released.get(item.id) == kind, item.id

    def test_history_is_append_only_and_unique(self) -> None:
        """Each id appears once, and versions never go backwards down the file."""
        rows = self._released()
        assert len({i for i, _, _ in rows}) == len(rows)
        versions = [tuple(int(p) for p in v.split(".")) for _, _, v in rows]
        assert versions == sorted(versions)


class TestReadability:
    """Patient-facing text is measured with textstat (Flesch-Kincaid grade)."""

    @staticmethod
    def _fields() -> list[tuple[str, str]]:
        out = [("disclaimer", CATALOG.disclaimer)]
        for item in CITING:
            for field in patient_fields(type(item)):
                out.append((f"{item.id}.{field}", getattr(item, field)))
        return out

    def test_grade_levels(self) -> None:
        """The corpus is at grade 7 or below and no field is above grade 9."""
        textstat = pytest.importorskip("textstat")
        from microneedle_care.readability import measure  # the library's one measure

        fields = self._fields()
        # A step's short name ("antibiotic ointments") is a label of two or three words, not
        # a sentence: a grade formula means nothing on it. Its words are in the corpus.
        grades = {
            name: measure(text).grade or 0.0 for name, text in fields if not name.endswith(".short")
        }
        # Names and questions have no full stop; end each field as a sentence for the corpus.
        corpus = " ".join(t if t.rstrip().endswith((".", "?", "!")) else t + "." for _, t in fields)
        corpus_grade = measure(corpus).grade
        assert corpus_grade is not None
        worst = max(grades, key=grades.__getitem__)
        print(
            f"\nreadability: {len(fields)} patient-facing fields,"
            f" {textstat.lexicon_count(corpus)} words;"
            f" corpus Flesch-Kincaid grade {corpus_grade:.2f},"
            f" reading ease {textstat.flesch_reading_ease(corpus):.1f},"
            f" SMOG {textstat.smog_index(corpus):.1f};"
            f" highest field {worst} at grade {grades[worst]:.1f}"
        )
        assert corpus_grade <= 7
        assert {n: g for n, g in grades.items() if g > 9} == {}

    # Medical words that must be explained in plain words where they first appear.
    TERMS = (
        "anaphylaxis",
        "antibiotic",
        "biopsy",
        "dermatitis",
        "dermatologist",
        "eczema herpeticum",
        "folliculitis",
        "granuloma",
        "herpes simplex",
        "isotretinoin",
        "milia",
        "retinoid",
    )
    _EXPLAINED = re.compile(
        r"\(|\)|\bcalled\b|\bcall (it|this|them)\b|\bis\b|\bare\b|\bmeans\b|, which"
    )

    @pytest.mark.parametrize("term", TERMS)
    def test_medical_words_are_explained_first_time(self, term: str) -> None:
        """Where a medical word first appears, it or the sentence before explains it."""
        for _, text in self._fields():
            sentences = re.split(r"(?<=[.!?])\s+", text)
            for i, sentence in enumerate(sentences):
                if term in sentence.lower():
                    context = " ".join(sentences[max(i - 1, 0) : i + 1])
                    assert self._EXPLAINED.search(context), context
                    return
        pytest.skip(f"{term!r} is not used")


# Things a step pauses and a later step brings back: (what the pause says, what the return says).
# A step that brings something back must not start before every pause of it has ended.
PAUSED_AND_RESUMED = {
    "washing": (r"\bwash", r"\bwash"),
    "makeup": (r"\bmakeup\b", r"\bmakeup\b"),
    "workouts": (r"\bgym\b|\bworkout", r"\bgym\b|\bworkout"),
    "heat": (r"\bsauna|\bhot tub|\bsteam", r"\bsauna|\bhot tub|\bsteam"),
    "swimming": (r"\bswim", r"\bswim"),
    "actives": (
        r"\bacids?\b|\bretinoids?\b|\bbenzoyl\b|\bacne creams\b",
        r"\bacids?\b|\bretinoids?\b|\bbenzoyl\b|\bspot treatment\b|\bstronger products\b",
    ),
    "hair removal": (r"\bwax|\bhair removal", r"\bwax|\bhair removal"),
    "antibiotic ointment": (r"\bantibiotic ointment", r"\bantibiotic ointment"),
}
_UNIT_HOURS = {"hour": 1, "day": 24, "week": 168}


class TestTimingConsistency:
    """Steps that pause and resume the same thing, and the timings their words state, agree."""

    @pytest.mark.parametrize("topic", sorted(PAUSED_AND_RESUMED))
    def test_nothing_resumes_before_its_pause_ends(self, topic: str) -> None:
        """A step that brings something back starts no earlier than every pause of it ends."""
        paused, resumed = (re.compile(p, re.IGNORECASE) for p in PAUSED_AND_RESUMED[topic])
        pauses = [s for s in CATALOG.aftercare_steps if s.kind is StepKind.AVOID]
        pauses = [s for s in pauses if paused.search(s.action)]
        returns = [s for s in CATALOG.aftercare_steps if s.kind is StepKind.DO]
        returns = [s for s in returns if resumed.search(s.action)]
        assert pauses, f"no step pauses {topic}"
        for pause in pauses:
            for back in returns:
                if pause.window.end_hours is None:
                    continue
                assert back.window.start_hours >= pause.window.end_hours, (back.id, pause.id)

    def test_stated_durations_match_windows(self) -> None:
        """'For about 5 to 7 days' or 'first 24 hours' in a step ends where its window ends."""
        duration = re.compile(
            r"\b(?:for|first|wait)\s+(?:about\s+)?(?:\d+\s+to\s+)?(\d+)\s+(hour|day|week)s?\b",
            re.IGNORECASE,
        )
        checked = 0
        for step in CATALOG.aftercare_steps:
            if step.window.end_hours is None:
                continue
            for number, unit in duration.findall(step.action):
                checked += 1
                stated = int(number) * _UNIT_HOURS[unit.lower()]
                assert stated == step.window.end_hours, (step.id, number, unit)
        assert checked >= 4

    def test_stated_start_matches_window(self) -> None:
        """A step that opens with 'From day N' or 'From week N' starts then."""
        start = re.compile(r"^From (?:about )?(day|week) (\d+)\b")
        checked = 0
        for step in CATALOG.aftercare_steps:
            match = start.match(step.action)
            if match:
                checked += 1
                unit, number = match.group(1), int(match.group(2))
                hours = (number - 1) * _UNIT_HOURS[unit]
                assert step.window.start_hours == hours, step.id
        assert checked >= 3

    def test_breakout_advice_starts_no_earlier_than_a_breakout(self) -> None:
        """Advice to 'keep up your routine' during a breakout starts when a breakout can."""
        first = min(
            c.onset.start_hours
            for c in CATALOG.causes
            if c.category is mc.CauseCategory.BREAKOUT and c.onset is not None
        )
        step = CATALOG.aftercare_step("breakout-keep-gentle-routine")
        assert step.window.start_hours >= first


# Ids of references as this content names them: a year as one of the words ("chu-2021-...").
REFERENCE_LIKE = re.compile(r"\b[a-z][a-z0-9]*(?:-[a-z0-9]+)*-(?:19|20)\d\d(?:-[a-z0-9]+)*\b")
NOTE_FIELDS = ("mechanism", "evidence_notes", "clinician_notes")


class TestNotesCiteReferences:
    @pytest.mark.parametrize("item", CITING, ids=lambda item: item.id)
    def test_reference_like_tokens_resolve_to_cited_references(self, item: mc.Item) -> None:
        """Every citation in a clinician note is a live reference id that the item cites.

        Catches numbered codes such as ``R3`` (which resolve to nothing), retired reference
        ids, and misspelt ids.
        """
        retired = {d.id for d in CATALOG.deprecated}
        for field in NOTE_FIELDS:
            text = getattr(item, field, "")
            assert not re.findall(r"\bR\d+\b", text), (item.id, field)
            for token in REFERENCE_LIKE.findall(text):
                assert token in item.references, (item.id, field, token)
            for token in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", text):
                assert token not in retired, (item.id, field, token)


class TestContraindications:
    """Reasons not to be treated are asked at intake and marked 'tell your clinic before'."""

    INTAKE = (
        "open-sores-or-skin-infection",
        "cold-sore-history",
        "recent-isotretinoin",
        "bleeding-or-clotting-problem",
        "vitiligo-or-psoriasis",
        "lupus-scleroderma-or-similar",
        "pregnant-or-breastfeeding",
    )

    @pytest.mark.parametrize("risk_id", INTAKE)
    def test_asked_at_intake(self, risk_id: str) -> None:
        """Each contraindication is a risk factor with an intake question."""
        assert "?" in CATALOG.risk_factor(risk_id).question

    def test_marked_tell_your_clinic_before_treatment(self) -> None:
        """The new contraindications lead to the 'before your next session' step."""
        step = CATALOG.aftercare_step("tell-clinic-before-treatment")
        assert step.action.startswith("Before your next session, tell your clinic")
        for risk_id in self.INTAKE[3:]:
            assert step.id in CATALOG.risk_factor(risk_id).mitigated_by, risk_id
        for word in ("blood thinner", "lupus", "psoriasis", "mole", "cold sore", "pregnant"):
            assert word in step.action, word

    def test_pregnancy_claims_no_unread_labelling(self) -> None:
        """The maker's labelling was not read in an FDA or maker record (R2-11, R2-13): the
        pregnancy text says only what is known, and the reference says what it does not show."""
        rf = CATALOG.risk_factor("pregnant-or-breastfeeding")
        assert "makers" not in rf.description.lower()
        assert "not been well studied" in rf.description.lower()  # R3-4: not "no study"
        assert rf.references == ("fda-den160029-skinpen",)
        assert "read only in a clinic's reproduction" in rf.clinician_notes


# Where else to get care, in each language. Province lines (Health811) come from the
# clinic's region, not from the content text.
ELSEWHERE = {
    "en": ("doctor", "walk-in clinic"),
    "fr": ("médecin", "clinique sans rendez-vous"),
    "es": ("médico", "clínica sin cita"),
}
PROVINCE_LINES = ("Health811", "Santé811", "Ontario")


class TestWhereToGetCare:
    """Many providers are spas with no prescriber: signs that need one say where else to go."""

    @pytest.mark.parametrize("locale", sorted(ELSEWHERE))
    @pytest.mark.parametrize(
        "sign_id", ["signs-of-infection", "cold-sore-flare", "firm-bumps-that-last"]
    )
    def test_names_a_doctor_and_a_walk_in_clinic(self, sign_id: str, locale: str) -> None:
        """Infection, a cold-sore flare and lasting firm bumps name more than the clinic."""
        action = mc.load(locale=locale).warning_sign(sign_id).action
        for word in ELSEWHERE[locale]:
            assert word in action, (sign_id, locale, word)
        for word in PROVINCE_LINES:
            assert word not in action, (sign_id, locale, word)
        # R2-22: the province line comes from the region file, so the sign cites no Health811 page.
        assert "ontario-health811" not in CATALOG.warning_sign(sign_id).references


def test_every_warning_sign_has_a_short_name(catalog_en: mc.Catalog) -> None:
    """Each shipped sign has a one-line name for the phone's first screen (issue 19 item 3).

    At most 60 characters in every language, and US grade 6 at most in English.
    """
    from microneedle_care.readability import measure

    for catalog in (mc.load(locale=locale) for locale in LOCALES):
        for sign in catalog.warning_signs:
            assert sign.short, sign.id
            assert len(sign.short) <= 60, (sign.id, sign.short)
    for sign in catalog_en.warning_signs:
        grade = measure(sign.short).grade
        assert grade is not None
        assert grade <= 6, (sign.id, sign.short, grade)

"""The symptom check-in: urgency order, no silent all-clear, English and French."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import microneedle_care as mc
from microneedle_care.checkin import _may_still_start, check_in, questions
from microneedle_care.errors import MicroneedleCareError, UnansweredQuestionError, UnknownIdError

LOCALES = ["en", "fr", "es"]
# The pen's signs (the default): a treatment-only sign (PRP's) needs no answer without it.
IDS = [sign.id for sign in questions(mc.load())]


def all_no(locale: str = "en") -> dict[str, bool]:
    return {sign.id: False for sign in questions(mc.load(locale=locale))}


class TestTriage:
    @given(yes=st.sets(st.sampled_from(IDS)), locale=st.sampled_from(LOCALES))
    def test_emergencies_lead_and_order_is_by_urgency(self, yes: set[str], locale: str) -> None:
        """Any set of yes answers comes back exactly, ordered by urgency, 911 signs first."""
        catalog = mc.load(locale=locale)
        result = check_in(catalog, all_no(locale) | dict.fromkeys(yes, True))
        assert {s.id for s in result.matches} == yes
        ranks = [s.urgency.rank for s in result.matches]
        assert ranks == sorted(ranks)
        if any(catalog.warning_sign(i).urgency is mc.Urgency.EMERGENCY for i in yes):
            assert result.matches[0].urgency is mc.Urgency.EMERGENCY
            assert "911" in (result.first_action or "")
        if yes:
            assert result.first_action == result.matches[0].action
            assert result.urgency is result.matches[0].urgency
        else:
            assert result.first_action is None
            assert result.urgency is None

    @given(missing=st.sampled_from(IDS), locale=st.sampled_from(LOCALES))
    def test_an_unanswered_question_is_an_error(self, missing: str, locale: str) -> None:
        """Leaving out any one answer raises an error naming that question."""
        catalog = mc.load(locale=locale)
        answers = all_no(locale)
        del answers[missing]
        with pytest.raises(UnansweredQuestionError) as info:
            check_in(catalog, answers)
        assert info.value.id == missing
        assert info.value.question == catalog.warning_sign(missing).question
        assert catalog.warning_sign(missing).question in str(info.value)
        assert isinstance(info.value, KeyError)
        assert isinstance(info.value, MicroneedleCareError)

    def test_empty_answers_are_not_all_clear(self) -> None:
        """No answers at all is an error, never an empty result."""
        with pytest.raises(UnansweredQuestionError):
            check_in(mc.load(), {})

    def test_unknown_id(self) -> None:
        """An answer about an unknown id is refused with a suggestion."""
        with pytest.raises(UnknownIdError, match="cold-sore-flare"):
            check_in(mc.load(), all_no() | {"cold-sore-flar": True})

    @pytest.mark.parametrize("value", [1, "yes", None])
    def test_answer_must_be_bool(self, value: object) -> None:
        """An answer that is not True or False is a TypeError naming the id."""
        with pytest.raises(TypeError, match="cold-sore-flare"):
            check_in(mc.load(), all_no() | {"cold-sore-flare": value})  # type: ignore[dict-item]

    @pytest.mark.parametrize("days", [-1, True, 1.5])
    def test_bad_days(self, days: object) -> None:
        """A negative or non-integer day is refused."""
        with pytest.raises(ValueError, match="days_since_treatment"):
            check_in(mc.load(), all_no(), days_since_treatment=days)  # type: ignore[arg-type]

    @pytest.mark.parametrize("locale", LOCALES)
    def test_reassurance_for_expected_healing(self, locale: str) -> None:
        """Early on, the expected-healing summary reassures; after its duration, it does not."""
        catalog = mc.load(locale=locale)
        healing = catalog.cause("expected-healing")
        early = check_in(catalog, all_no(locale), days_since_treatment=1)
        assert early.reassurance == healing.summary
        assert check_in(catalog, all_no(locale), days_since_treatment=30).reassurance == ""
        assert check_in(catalog, all_no(locale)).locale == catalog.locale

    def test_clinic_passes_through(self) -> None:
        """The clinic's contact comes back with the result."""
        clinic = mc.ClinicContact(name="Lakeview", phone="905-555-0134")
        assert check_in(mc.load(), all_no(), clinic=clinic).clinic == clinic


class TestEmergencyStops:
    @given(
        emergency=st.sampled_from(
            [s.id for s in questions(mc.load()) if s.urgency is mc.Urgency.EMERGENCY]
        )
    )
    def test_after_an_emergency_the_rest_may_be_skipped(self, emergency: str) -> None:
        """A yes to a 911 question lets the other questions go unanswered, and lists them."""
        catalog = mc.load()
        answers = {
            s.id: s.id == emergency
            for s in catalog.warning_signs
            if s.urgency is mc.Urgency.EMERGENCY
        }
        result = check_in(catalog, answers)
        assert result.matches[0].id == emergency
        assert "911" in (result.first_action or "")
        assert set(result.unanswered) == {
            s.id for s in questions(catalog) if s.urgency is not mc.Urgency.EMERGENCY
        }

    def test_one_emergency_yes_ends_the_check_in(self) -> None:
        """H2/M9: a single 911 "yes" is enough, and no reassurance is printed beside it."""
        catalog = mc.load()
        first = next(s.id for s in catalog.warning_signs if s.urgency is mc.Urgency.EMERGENCY)
        result = check_in(catalog, {first: True}, days_since_treatment=1)
        assert "911" in (result.first_action or "")
        assert result.reassurance == ""
        assert len(result.unanswered) + len(result.not_asked) == len(catalog.warning_signs) - 1
        assert not set(result.unanswered) & set(result.not_asked)


class TestQuestionsForTheDay:
    """Only questions that can apply on the day are asked (issue 16: day 3 got week-2 ones)."""

    @staticmethod
    def _with_late_sign(days: int) -> tuple[mc.Catalog, str]:
        import attrs

        catalog = mc.load()
        causes = frozenset(c.id for c in catalog.causes)
        late = next(  # a sign whose causes can still begin late (asked on day 14)
            s
            for s in catalog.warning_signs
            if s.urgency is not mc.Urgency.EMERGENCY and _may_still_start(catalog, causes, s, 60)
        )
        signs = tuple(
            attrs.evolve(s, asked_from_day=days) if s.id == late.id else s
            for s in catalog.warning_signs
        )
        return mc.Catalog(attrs.evolve(catalog.pack, warning_signs=signs)), late.id

    def test_a_late_sign_is_not_asked_early(self) -> None:
        from microneedle_care.checkin import questions

        catalog, late = self._with_late_sign(14)
        assert late not in {s.id for s in questions(catalog, 3)}
        assert late in {s.id for s in questions(catalog, 14)}
        assert late in {s.id for s in questions(catalog)}
        answers = {s.id: False for s in questions(catalog, 3)}
        result = check_in(catalog, answers, days_since_treatment=3)
        assert set(result.not_asked) == {
            s.id for s in catalog.warning_signs if s not in questions(catalog, 3)
        }
        assert late in result.not_asked
        assert result.urgency is None
        with pytest.raises(UnansweredQuestionError):
            check_in(catalog, answers, days_since_treatment=14)

    def test_a_yes_to_a_question_not_asked_still_counts(self) -> None:
        catalog, late = self._with_late_sign(14)
        answers = all_no() | {late: True}
        result = check_in(catalog, answers, days_since_treatment=3)
        assert [s.id for s in result.matches] == [late]

    @given(days=st.integers(min_value=0, max_value=60), locale=st.sampled_from(LOCALES))
    def test_questions_are_ordered_and_cover_the_day(self, days: int, locale: str) -> None:
        from microneedle_care.checkin import questions

        catalog = mc.load(locale=locale)
        asked = questions(catalog, days)
        ranks = [s.urgency.rank for s in asked]
        assert ranks == sorted(ranks)
        # Asked: the pen's signs that can apply that day (T3/U1): not before their
        # asked_from_day, and while a cause they point to can still begin.
        causes = frozenset(c.id for c in catalog.causes)
        assert {s.id for s in asked} == {
            s.id
            for s in questions(catalog)
            if s.asked_from_day <= days and _may_still_start(catalog, causes, s, days)
        }
        # Every emergency question can apply from the day of treatment.
        assert all(
            s.asked_from_day == 0
            for s in catalog.warning_signs
            if s.urgency is mc.Urgency.EMERGENCY
        )

    @pytest.mark.parametrize("days", [-1, True, 1.5])
    def test_bad_day_is_refused(self, days: object) -> None:
        from microneedle_care.checkin import questions

        with pytest.raises(mc.errors.InvalidValueError):
            questions(mc.load(), days)  # type: ignore[arg-type]


@pytest.mark.parametrize("locale", LOCALES)
def test_week_two_questions_wait_for_week_two(locale: str) -> None:
    """Issue 16: on day 3 the check-in asked about redness still there after 2 weeks."""
    from microneedle_care.checkin import questions

    catalog = mc.load(locale=locale)
    lasting = {
        "redness-past-two-weeks",
        "dark-marks-lasting",
        "firm-bumps-that-last",
        "lines-or-grid-marks",
    }
    assert not lasting & {s.id for s in questions(catalog, 3)}
    assert lasting <= {s.id for s in questions(catalog, 14)}

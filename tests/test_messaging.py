"""Texts a clinic may send: policies, segments, hours, caps, minimal mode, replies (issue 21)."""

from __future__ import annotations

import datetime
import functools
import html
import json
import re
import time
import zoneinfo

import attrs
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

import microneedle_care as mc
from microneedle_care import _planning
from microneedle_care import messaging as msg
from microneedle_care import schedule as sched
from microneedle_care.cli import main
from microneedle_care.errors import InvalidTypeError, InvalidValueError, PolicyError, ScheduleError
from microneedle_care.model import Urgency

RULES = {
    "needs_sender",
    "needs_opt_out",
    "max_chars",
    "max_segments",
    "per_day",
    "per_week",
    "send_window",
    "minimal_info",
    "link",
    "first_name",
    "policy",
}
STOP = {
    "en": ("Reply STOP to opt out.",),
    "fr": ("Répondez ARRET pour ne plus en recevoir.", "ARRET pour ne plus en recevoir."),
    "es": ("Responda STOP para no recibir más.", "STOP para no recibir más."),
}
LINK = "https://lakeview.example/care/7f3a"
SHORT_LINK = "https://lkv.example/c/7f"  # a clinic's own short address, not a public shortener
ZONES = (
    "America/Toronto",
    "America/Vancouver",
    "America/Halifax",
    "America/St_Johns",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Regina",
    "Europe/London",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "UTC",
)


@functools.cache
def _catalog(locale: str) -> mc.Catalog:
    return mc.load(locale=locale)


@functools.cache
def _checklist(
    locale: str, clinic: mc.ClinicContact | None, date: datetime.date = datetime.date(2026, 11, 25)
) -> mc.Checklist:
    return mc.build_checklist(catalog=_catalog(locale), treatment_date=date, clinic=clinic)


LAKEVIEW = mc.ClinicContact(name="Lakeview Skin Clinic", phone="905-555-0134", region="CA-ON")
HUDSON = mc.ClinicContact(name="Hudson Dermatology", phone="+1 (212) 555-0187", region="US-NY")


def _plan(
    locale: str = "en",
    clinic: mc.ClinicContact | None = LAKEVIEW,
    *,
    date: datetime.date = datetime.date(2026, 11, 25),
    tz: str = "America/Toronto",
    days: tuple[int, ...] | None = None,
    send_time: datetime.time = datetime.time(18, 0),
) -> sched.Schedule:
    return sched.build_schedule(
        _checklist(locale, clinic, date),
        tz=tz,
        patient="c0ffee-42",
        days=days,
        send_time=send_time,
        catalog=_catalog(locale),
    )


def assert_meets(
    messages: tuple[msg.Message, ...],
    policy: msg.MessagingPolicy,
    schedule: sched.Schedule,
    patient_tz: str,
) -> None:
    """Every text meets every rule of *policy*, counted independently of the module."""
    lang = schedule.locale.split("-")[0]
    zone = zoneinfo.ZoneInfo(patient_tz)
    clinic = schedule.clinic
    covered = [d for m in messages for d in m.days]
    assert covered == [t.day for t in schedule.touchpoints]  # every touchpoint, once, in order
    for m in messages:
        seg = msg.segments(m.text)
        assert (m.segments, m.encoding) == (seg.count, seg.encoding)
        assert m.segments <= policy.max_segments[lang], m.text
        if policy.max_chars is not None:
            assert len(m.text) <= policy.max_chars, m.text
        assert m.text.endswith(STOP[lang])  # str.endswith takes a tuple
        assert clinic is not None
        assert m.text.startswith(clinic.name)
        assert clinic.phone in m.text
        local = m.send_at.astimezone(zone)
        assert m.send_at.utcoffset() == local.utcoffset()
        assert policy.send_from <= local.time() <= policy.send_until
        assert m.policy == policy.name
    dates = [m.send_at.astimezone(zone).date() for m in messages]
    assert dates == sorted(dates)
    for date in dates:
        if policy.per_day is not None:
            assert dates.count(date) <= policy.per_day
        if policy.per_week is not None:
            assert sum(0 <= (d - date).days < 7 for d in dates) <= policy.per_week


# --- Segments ------------------------------------------------------------------------


class TestSegments:
    @pytest.mark.parametrize(
        ("text", "encoding", "count"),
        [
            ("", "GSM-7", 0),
            ("a" * 160, "GSM-7", 1),
            ("a" * 161, "GSM-7", 2),
            ("a" * 306, "GSM-7", 2),
            ("a" * 307, "GSM-7", 3),
            ("a" * 459, "GSM-7", 3),
            ("€" * 80, "GSM-7", 1),  # the extension table: two septets each
            ("€" * 81, "GSM-7", 2),
            ("a" * 152 + "€" + "a" * 100, "GSM-7", 2),
            ("a" * 152 + "€" + "a" * 152, "GSM-7", 3),  # an escape pair is not split
            ("é" * 160, "GSM-7", 1),  # é, è, à, ù, ì, ò, É, Ç are in the GSM alphabet
            ("ê" * 70, "UCS-2", 1),
            ("ê" * 71, "UCS-2", 2),
            ("ç" * 134, "UCS-2", 2),
            ("ç" * 135, "UCS-2", 3),
            ("a\u00a0:", "UCS-2", 1),  # the no-break space before a French colon
            ("😀" * 35, "UCS-2", 1),  # two UTF-16 units each
            ("😀" * 36, "UCS-2", 2),
            ("a" * 66 + "😀" + "a" * 66, "UCS-2", 3),  # a surrogate pair is not split
        ],
    )
    def test_known_counts(self, text: str, encoding: str, count: int) -> None:
        """GSM-7 160/153 with its extension table as two septets, UCS-2 70/67 otherwise."""
        seg = msg.segments(text)
        assert (seg.encoding, seg.count) == (encoding, count)

    @pytest.mark.parametrize("ch", "âêîôûçëïü"[:8])
    def test_french_accents_outside_gsm(self, ch: str) -> None:
        """â, ê, î, ô, û, ç, ë, ï are outside GSM-7: the issue's measured cause of UCS-2."""
        assert msg.segments(f"Jour 2 {ch}").encoding == "UCS-2"

    @given(st.text(max_size=700))
    def test_count_bounds(self, text: str) -> None:
        """A count is never below what the units need, and one segment holds a short text."""
        seg = msg.segments(text)
        single, part = (160, 153) if seg.encoding == "GSM-7" else (70, 67)
        if seg.units <= single:
            assert seg.count == (1 if seg.units else 0)
        else:
            assert seg.count >= -(-seg.units // part)
            assert seg.count <= -(-seg.units // (part - 1))

    def test_refuses_non_text(self) -> None:
        """A segment count is asked of a string."""
        with pytest.raises(ScheduleError):
            msg.segments(b"abc")  # type: ignore[arg-type]


# --- Policies ------------------------------------------------------------------------


class TestPolicies:
    def test_named(self) -> None:
        """The three policies the issue asks for, by name; an unknown name names the rule."""
        assert set(msg.POLICIES) == {"us-healthcare-exempt", "us-consented", "ca-casl"}
        assert msg.policy("ca-casl") is msg.CA_CASL
        exempt = msg.US_HEALTHCARE_EXEMPT
        assert (exempt.max_chars, exempt.per_day, exempt.per_week) == (160, 1, 3)
        assert exempt.max_segments == {"en": 3, "fr": 3, "es": 3}  # 160 UCS-2 characters take 3
        assert msg.US_CONSENTED.max_segments == {"en": 3, "fr": 7, "es": 7}
        for pol in msg.POLICIES.values():
            assert (pol.send_from, pol.send_until) == (datetime.time(9), datetime.time(20))
            assert (pol.earliest, pol.latest) == (datetime.time(8), datetime.time(21))
            assert pol.needs_sender
            assert pol.needs_opt_out
        with pytest.raises(PolicyError) as info:
            msg.policy("us-anything")
        assert info.value.rule == "policy"
        assert isinstance(info.value, ScheduleError)
        assert isinstance(info.value, ValueError)

    def test_clinic_narrows(self) -> None:
        """A clinic sets its own budgets and hours within the law."""
        pol = msg.CA_CASL.evolve(
            max_segments={"en": 2, "fr": 4}, send_from=datetime.time(10), per_week=4
        )
        assert pol.budget("fr-CA") == 4
        assert pol.send_from == datetime.time(10)
        messages = msg.plan_messages(_plan("fr"), pol, patient_tz="America/Toronto")
        assert_meets(messages, pol, _plan("fr"), "America/Toronto")
        assert all(m.segments <= 4 for m in messages)

    @pytest.mark.parametrize(
        ("changes", "rule"),
        [
            ({"send_from": datetime.time(7, 30)}, "send_window"),
            ({"send_until": datetime.time(21, 30)}, "send_window"),
            ({"send_from": datetime.time(20), "send_until": datetime.time(9)}, "send_window"),
            ({"max_chars": 200}, "max_chars"),
            ({"max_chars": None}, "max_chars"),
            ({"per_week": 4}, "per_week"),
            ({"per_day": 2}, "per_day"),
            ({"per_day": 0}, "per_day"),
            ({"earliest": datetime.time(6)}, "earliest"),
            ({"needs_opt_out": False}, "needs_opt_out"),
            ({"max_segments": {"en": 0, "fr": 3}}, "max_segments"),
            ({"max_segments": {"fr": 3, "es": 3}}, "max_segments"),
            ({"max_segments": {"en": 1, "de": 3, "fr": 3}}, "max_segments"),
            ({"colour": "red"}, "policy"),
        ],
    )
    def test_law_is_not_widened(self, changes: dict[str, object], rule: str) -> None:
        """A change past the law is an error naming the rule."""
        with pytest.raises(PolicyError) as info:
            msg.US_HEALTHCARE_EXEMPT.evolve(**changes)
        assert info.value.rule == rule
        assert str(info.value).startswith(f"{rule}: ")


# --- Plans ---------------------------------------------------------------------------


class TestPlan:
    @pytest.mark.parametrize("locale", ["en", "fr", "es"])
    @pytest.mark.parametrize("name", sorted(msg.POLICIES))
    def test_default_schedule_meets_each_policy(self, locale: str, name: str) -> None:
        """The packaged schedule meets every policy in both languages, with the sender and STOP."""
        pol = msg.policy(name)
        plan = _plan(locale)
        messages = msg.plan_messages(plan, pol, patient_tz="America/Vancouver", link=LINK)
        assert_meets(messages, pol, plan, "America/Vancouver")
        if name == "us-healthcare-exempt" and locale == "en":
            assert {m.segments for m in messages} == {1}  # 160 GSM-7 characters
        keys = [sched.idempotency_key(plan, t, "sms") for t in plan.touchpoints]
        assert [m.idempotency_key for m in messages] == keys

    def test_issue_measurements_fixed(self) -> None:
        """0.5.0's measured breaches: no opt-out, UCS-2 French over budget, no sender."""
        for locale in ("en", "fr", "es"):
            plan = _plan(locale)
            for m in msg.plan_messages(plan, msg.CA_CASL):
                assert any(stop in m.text for stop in STOP[locale])
                assert m.segments <= msg.CA_CASL.budget(locale)  # 3 GSM-7 (en), 7 UCS-2 (fr)
        with pytest.raises(PolicyError) as info:
            msg.plan_messages(_plan("en", None), msg.US_CONSENTED)
        assert info.value.rule == "needs_sender"

    def test_consented_keeps_the_emergency_sign(self) -> None:
        """With room, a text names the sign that needs 911 and its first action."""
        plan = _plan("en")
        first = msg.plan_messages(plan, msg.US_CONSENTED)[0]
        assert "hard to breathe" in first.text
        assert "Call 911 right away." in first.text
        # The approval notice is in the first text (review R3-1).
        assert "No clinician at your clinic has approved" in first.text  # R5-1: name once

    def test_exempt_keeps_an_emergency_line(self) -> None:
        """In 160 characters the sign gives way to the region's emergency line, never to nothing."""
        plan = _plan("en")
        for touchpoint, m in zip(
            plan.touchpoints, msg.plan_messages(plan, msg.US_HEALTHCARE_EXEMPT), strict=True
        ):
            if any(s.urgency is Urgency.EMERGENCY for s in touchpoint.watch):
                assert "In an emergency, call 911." in m.text or "Call 911" in m.text

    def test_day_by_day_merges_to_three_a_week(self) -> None:
        """A day-by-day schedule merges to 1 a day and 3 a week, the urgent days kept first."""
        plan = _plan("en", HUDSON, days=tuple(range(1, 29)))
        pol = msg.US_HEALTHCARE_EXEMPT
        messages = msg.plan_messages(plan, pol, patient_tz="America/New_York")
        assert_meets(messages, pol, plan, "America/New_York")
        assert len(messages) < 28
        assert messages[0].days[0] == 1
        # Each text goes on the day of its first touchpoint: nothing comes late.
        for m in messages:
            touchpoint = next(t for t in plan.touchpoints if t.day == m.days[0])
            assert m.send_at.date() == touchpoint.date
        # No merged text carries a later day's "you can stop" line early.
        assert all("no longer need" not in m.text for m in messages if len(m.days) > 1)

    @pytest.mark.parametrize(
        ("locale", "two", "four"),
        [("en", "Days 2 and 3 of", "Days 4 to 7 of"), ("fr", "Jours 2 et 3 de", "Jours 4 à 7 de")],
    )
    def test_merged_text_names_its_days(self, locale: str, two: str, four: str) -> None:
        """A merged text says which days it covers."""
        plan = _plan(locale, days=tuple(range(1, 9)))
        messages = msg.plan_messages(plan, msg.US_HEALTHCARE_EXEMPT)
        assert [m.days for m in messages][:3] == [(1,), (2, 3), (4, 5, 6, 7)]
        assert two in messages[1].text
        assert four in messages[2].text

    def test_per_day_merges_same_local_day(self) -> None:
        """Two touchpoints that land on one local day for the patient become one text."""
        pol = msg.US_CONSENTED.evolve(per_day=1)
        # 23:30 in Honolulu is the next morning in Toronto; 18:00 the day after also is.
        plan = _plan("en", days=(1, 2, 3), tz="Pacific/Honolulu", send_time=datetime.time(23, 30))
        messages = msg.plan_messages(plan, pol, patient_tz="Asia/Kolkata")
        assert_meets(messages, pol, plan, "Asia/Kolkata")

    def test_consented_does_not_merge(self) -> None:
        """Without a weekly cap, each touchpoint keeps its own text."""
        plan = _plan("en", days=tuple(range(1, 15)))
        messages = msg.plan_messages(plan, msg.US_CONSENTED)
        assert [m.days for m in messages] == [(d,) for d in range(1, 15)]

    def test_patient_zone_not_clinic_zone(self) -> None:
        """18:00 in Toronto is 23:00 in London: the text moves to 20:00 there, same day."""
        messages = msg.plan_messages(_plan("en"), msg.CA_CASL, patient_tz="Europe/London")
        for m in messages:
            assert m.send_at.tzinfo is not None
            assert m.send_at.time() == datetime.time(20, 0)
            assert m.send_at.utcoffset() == datetime.timedelta(0)
        early = msg.plan_messages(_plan("en"), msg.CA_CASL, patient_tz="Pacific/Honolulu")
        assert all(m.send_at.time() == datetime.time(13, 0) for m in early)  # in the window

    @pytest.mark.parametrize(
        ("patient_tz", "dates"),
        [
            ("America/Toronto", (datetime.date(2026, 3, 5), datetime.date(2026, 10, 29))),
            ("Europe/London", (datetime.date(2026, 3, 26), datetime.date(2026, 10, 22))),
            ("Australia/Lord_Howe", (datetime.date(2026, 4, 2), datetime.date(2026, 10, 1))),
        ],
    )
    @pytest.mark.parametrize("send_time", [datetime.time(6, 0), datetime.time(23, 30)])
    def test_quiet_hours_across_both_dst_changes(
        self, patient_tz: str, dates: tuple[datetime.date, ...], send_time: datetime.time
    ) -> None:
        """Before and after each DST change in the patient's zone, texts arrive 9:00-20:00."""
        zone = zoneinfo.ZoneInfo(patient_tz)
        for date in dates:
            plan = _plan("en", date=date, tz="UTC", days=tuple(range(1, 9)), send_time=send_time)
            for pol in msg.POLICIES.values():
                messages = msg.plan_messages(plan, pol, patient_tz=patient_tz)
                assert_meets(messages, pol, plan, patient_tz)
                offsets = {m.send_at.utcoffset() for m in messages}
                assert len(offsets) == 2, "the run crosses a change of offset"
                by_day = {t.day: t for t in plan.touchpoints}
                for m in messages:
                    due = by_day[m.days[0]].send_at.astimezone(zone)
                    expected = min(max(due.time(), pol.send_from), pol.send_until)
                    assert m.send_at.astimezone(zone).time() == expected
                    assert m.send_at.date() == due.date()

    def test_dst_gap_is_skipped(self) -> None:
        """A window start inside a DST gap moves to the first wall time that exists."""
        pol = msg.CA_CASL.evolve(send_from=datetime.time(8, 0))
        # Pretend-law zone: none of ours has a gap at 8:00, so check the helper directly.
        zone = zoneinfo.ZoneInfo("America/Havana")  # DST starts at 0:00 local
        local = datetime.datetime(2026, 3, 8, 0, 30, tzinfo=zone)
        moved = _planning.window_time(local, zone, pol)
        assert moved.time() == datetime.time(8, 0)
        assert moved.date() == local.date()

    @pytest.mark.parametrize("locale", ["en", "fr", "es"])
    @pytest.mark.parametrize("name", sorted(msg.POLICIES))
    def test_minimal_names_no_procedure_or_symptom(self, locale: str, name: str) -> None:
        """Minimal texts say only the visit date, the link, the emergency line and the phone."""
        plan = _plan(locale)
        pol = msg.policy(name)
        messages = msg.plan_messages(plan, pol, link=SHORT_LINK, minimal=True, first_name="Ann")
        assert_meets(messages, pol, plan, plan.tz)
        words = re.compile(
            r"microneedl|needl|aiguill|treat|traite|aftercare|soins|skin|peau|sore|plaie|swell|"
            r"enfl|breath|respir|rash|rougeur|red|itch|démang|pimple|bouton|acne|acné|infect|"
            r"wash|lav|makeup|maquill|sun|soleil|clinician|approv",
            re.IGNORECASE,
        )
        for m in messages:
            rest = m.text.replace(LAKEVIEW.name, "").replace(SHORT_LINK, "")
            assert not words.search(rest), m.text
            assert "911" in m.text
            assert SHORT_LINK in m.text
            for touchpoint in plan.touchpoints:
                for step in touchpoint.starts:
                    assert step.action[:30] not in m.text
                for sign in touchpoint.watch:
                    assert (sign.question or sign.sign)[:30] not in m.text
        date = "Nov 25" if locale == "en" else "25 nov."
        assert all(date in m.text for m in messages)

    def test_minimal_policy_default_and_link_required(self) -> None:
        """A policy with minimal_info makes every text minimal; without a link it is an error."""
        pol = msg.CA_CASL.evolve(minimal_info=True)
        with pytest.raises(PolicyError) as info:
            msg.plan_messages(_plan("en"), pol)
        assert info.value.rule == "minimal_info"
        messages = msg.plan_messages(_plan("en"), pol, link=LINK)
        assert all("About your visit on Nov 25" in m.text for m in messages)

    @pytest.mark.parametrize(
        "link",
        [
            "http://lakeview.example/x",
            "javascript:alert(1)",
            "https://a.example/ b",
            "https://a.example/\n",
            "https://" + "a" * 300 + ".example",
            42,
        ],
    )
    def test_bad_link(self, link: object) -> None:
        """The link is one https address with no spaces or controls."""
        with pytest.raises(PolicyError) as info:
            msg.plan_messages(_plan("en"), msg.CA_CASL, link=link)  # type: ignore[arg-type]
        assert info.value.rule == "link"

    @pytest.mark.parametrize("name", ["", " ", "a" * 41, "Ann\u200b", 7])
    def test_bad_first_name(self, name: object) -> None:
        """A first name is 1 to 40 printable characters."""
        with pytest.raises(PolicyError) as info:
            msg.plan_messages(_plan("en"), msg.CA_CASL, first_name=name)  # type: ignore[arg-type]
        assert info.value.rule == "first_name"

    def test_first_name_only_within_budget(self) -> None:
        """The greeting is the first thing to go; it never pushes a text over budget."""
        plan = _plan("en")
        with_name = msg.plan_messages(plan, msg.US_HEALTHCARE_EXEMPT, first_name="Ann")
        assert any("Hi Ann." in m.text for m in with_name)
        long = msg.plan_messages(plan, msg.US_HEALTHCARE_EXEMPT, first_name="A" * 40)
        assert_meets(long, msg.US_HEALTHCARE_EXEMPT, plan, plan.tz)

    def test_clinic_too_long_names_the_rule(self) -> None:
        """A sender that leaves no room is an error naming the length rule, never a cut text."""
        clinic = mc.ClinicContact(name="Lakeview " * 12, phone="905-555-0134")
        with pytest.raises(PolicyError) as info:
            msg.plan_messages(_plan("en", clinic), msg.US_HEALTHCARE_EXEMPT)
        assert info.value.rule == "max_chars"
        assert "day 1" in str(info.value)

    def test_bad_arguments(self) -> None:
        """A policy must be a MessagingPolicy; the patient's zone an IANA name."""
        with pytest.raises(PolicyError):
            msg.plan_messages(_plan("en"), "ca-casl")  # type: ignore[arg-type]
        with pytest.raises(ScheduleError):
            msg.plan_messages(_plan("en"), msg.CA_CASL, patient_tz="localtime")

    def test_check_messages_catches_a_breach(self) -> None:
        """check_messages names the rule a hand-made text breaks."""
        plan = _plan("en")
        good = msg.plan_messages(plan, msg.US_HEALTHCARE_EXEMPT)
        late = attrs.evolve(good[0], send_at=good[0].send_at.replace(hour=22))
        no_stop = attrs.evolve(good[0], text=good[0].text.replace("Reply STOP", "Reply"))
        same_day = attrs.evolve(good[1], send_at=good[0].send_at)
        for messages, rule in (
            ((late,), "send_window"),
            ((no_stop,), "needs_opt_out"),
            ((good[0], same_day), "per_day"),
        ):
            with pytest.raises(PolicyError) as info:
                msg.check_messages(
                    messages, msg.US_HEALTHCARE_EXEMPT, locale="en", clinic=plan.clinic
                )
            assert info.value.rule == rule


# --- Generated schedules -------------------------------------------------------------


def _clinic_or_none(name: str, phone: str, region: str | None) -> mc.ClinicContact | None:
    try:
        return mc.ClinicContact(name=name, phone=phone, region=region)
    except (InvalidValueError, InvalidTypeError):
        return None


_hostile = st.text(
    st.characters(exclude_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=60
) | st.sampled_from(
    ["😀 Glow Bar 😀", "Clinique Élan—Montréal", "<b>Spa</b> & Co", "{Skin} [Lab] ~€~", "ç" * 50]
)
_phones = st.from_regex(r"\+?[0-9 ()\-.]{7,64}", fullmatch=True) | st.sampled_from(
    ["905-555-0134", "1" * 64, "+1 (212) 555-0187 ext. 12345678901234567890123456789012345"]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=_hostile,
    phone=_phones,
    region=st.sampled_from([None, "CA-ON", "CA-QC", "CA-BC", "US-NY", "US-FL"]),
    locale=st.sampled_from(["en", "fr", "es"]),
    date=st.dates(datetime.date(2020, 1, 1), datetime.date(2040, 12, 31)),
    clinic_tz=st.sampled_from(ZONES),
    patient_tz=st.sampled_from(ZONES),
    send_time=st.times().map(lambda t: t.replace(microsecond=0)),
    days=st.none() | st.sets(st.integers(1, 60), min_size=1, max_size=30).map(tuple),
    name_of_policy=st.sampled_from(sorted(msg.POLICIES)),
    minimal=st.booleans(),
    first_name=st.none() | st.sampled_from(["Ann", "Zoë", "😀", "Marie-Ève", "A" * 40]),
)
def test_generated_schedules_hold_every_budget(
    name: str,
    phone: str,
    region: str | None,
    locale: str,
    date: datetime.date,
    clinic_tz: str,
    patient_tz: str,
    send_time: datetime.time,
    days: tuple[int, ...] | None,
    name_of_policy: str,
    minimal: bool,
    first_name: str | None,
) -> None:
    """Hostile names, 64-character phones, both languages, any dates and zones: every text
    meets its policy, or the plan is refused with a PolicyError naming the rule."""
    clinic = _clinic_or_none(name, phone, region)
    assume(clinic is not None)
    assert clinic is not None
    checklist = mc.build_checklist(catalog=_catalog(locale), treatment_date=date, clinic=clinic)
    plan = sched.build_schedule(
        checklist,
        tz=clinic_tz,
        patient="p",
        days=days,
        send_time=send_time,
        catalog=_catalog(locale),
    )
    pol = msg.policy(name_of_policy)
    try:
        messages = msg.plan_messages(
            plan,
            pol,
            patient_tz=patient_tz,
            link=LINK if minimal or len(name) % 2 else None,
            minimal=minimal,
            first_name=first_name,
        )
    except PolicyError as exc:
        refused: str | None = exc.rule
    else:
        refused = None
        assert_meets(messages, pol, plan, patient_tz)
    event(f"refused: {refused}")
    # Refused only when the sender and the must-say lines cannot fit.
    assert refused in (None, "max_chars", "max_segments")


def test_ten_thousand_patients(capsys: pytest.CaptureFixture[str]) -> None:
    """Every text of a 10,000-patient run meets its policy; the counts are printed.

    One checklist per variant (language, clinic); patients vary by treatment date, the
    clinic's and the patient's zones, the send time, the days and the policy.
    """
    import random

    rng = random.Random(21)
    clinics = (
        LAKEVIEW,
        HUDSON,
        mc.ClinicContact(name="Clinique Beauté Saint-Jérôme", phone="450-555-0199", region="CA-QC"),
        mc.ClinicContact(name="Glow 😀 Studio", phone="+1 604 555 0100 ext 2044", region="CA-BC"),
        mc.ClinicContact(name="Sunrise Skin & Laser", phone="+1 (305) 555-0100", region="US-FL"),
    )
    variants = [(locale, clinic) for locale in ("en", "fr", "es") for clinic in clinics]
    policies = sorted(msg.POLICIES)
    day_sets: tuple[tuple[int, ...] | None, ...] = (
        None,
        tuple(range(1, 15)),
        (1, 2, 3, 4, 5, 6, 7, 14, 28),
        (1, 3, 7),
    )
    counts: dict[str, int] = {}
    segs: dict[str, int] = {}
    start = time.perf_counter()
    patients = 0
    for patient in range(10_000):
        locale, clinic = variants[patient % len(variants)]
        date = datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randrange(3 * 365))
        checklist = attrs.evolve(_checklist(locale, clinic), treatment_date=date)
        plan = sched.build_schedule(
            checklist,
            tz=rng.choice(ZONES),
            patient=f"patient-{patient}",
            days=rng.choice(day_sets),
            send_time=datetime.time(rng.randrange(24), rng.choice((0, 15, 30, 45))),
            catalog=_catalog(locale),
        )
        pol = msg.policy(policies[patient % len(policies)])
        patient_tz = rng.choice(ZONES)
        minimal = patient % 7 == 0
        messages = msg.plan_messages(
            plan,
            pol,
            patient_tz=patient_tz,
            link=SHORT_LINK if minimal or patient % 2 else None,
            minimal=minimal,
            first_name="Ann" if patient % 3 == 0 else None,
        )
        assert_meets(messages, pol, plan, patient_tz)
        patients += 1
        for m in messages:
            key = f"{pol.name} {locale}"
            counts[key] = counts.get(key, 0) + 1
            seg_key = f"{key} {m.encoding} {m.segments}"
            segs[seg_key] = segs.get(seg_key, 0) + 1
    elapsed = time.perf_counter() - start
    with capsys.disabled():
        print(
            f"\n{patients} patients, {sum(counts.values())} texts, all within policy"
            f" ({elapsed:.1f} s)"
        )
        for key in sorted(counts):
            print(f"  {key}: {counts[key]} texts")
        for key in sorted(segs):
            print(f"    {key} segments: {segs[key]}")
    assert patients == 10_000


# --- Email footer --------------------------------------------------------------------


class TestEmailFooter:
    @pytest.mark.parametrize("locale", ["en", "fr", "es"])
    def test_sender_and_unsubscribe(self, locale: str) -> None:
        """Every email can end with the sender, its phone and how to unsubscribe."""
        footer = msg.email_footer(_plan(locale), msg.CA_CASL)
        assert LAKEVIEW.name in footer.text
        assert LAKEVIEW.phone in footer.text
        reply = {"en": "UNSUBSCRIBE", "fr": "DÉSABONNER", "es": "NO MÁS"}[locale]
        assert reply in footer.text
        assert msg.parse_reply(reply, locale).kind is msg.ReplyKind.OPT_OUT

    def test_html_escaped(self) -> None:
        """A hostile clinic name is escaped in the HTML footer."""
        clinic = mc.ClinicContact(name="<script>x</script> & Co", phone="905-555-0134")
        footer = msg.email_footer(_plan("en", clinic), msg.US_CONSENTED)
        assert "<script>" not in footer.html
        assert html.escape(clinic.name) in footer.html

    def test_needs_sender(self) -> None:
        """Without a clinic there is no sender: an error naming the rule."""
        with pytest.raises(PolicyError) as info:
            msg.email_footer(_plan("en", None), msg.CA_CASL)
        assert info.value.rule == "needs_sender"


# --- Replies -------------------------------------------------------------------------


class TestParseReply:
    @pytest.mark.parametrize(
        ("text", "locale"),
        [
            ("STOP", "en"),
            ("stop", "en"),
            (" Stop. ", "en"),
            ("STOP please", "en"),
            ("stop all", "en"),
            ("Quit", "en"),
            ("END", "en"),
            ("revoke", "en"),
            ("opt out", "en"),
            ("OPT-OUT", "en"),
            ("optout", "en"),
            ("cancel", "en"),
            ("UNSUBSCRIBE", "en"),
            ("please stop texting me", "en"),
            ("Please stop sending me these", "en"),
            ("don't text me again", "en"),
            ("no more texts thanks", "en"),
            ("take me off your list", "en"),
            ("remove me", "en"),
            ("ARRET", "fr"),
            ("ARRÊT", "fr"),
            ("arrêt", "fr"),
            ("Arrêter", "fr"),
            ("TD", "fr"),
            ("arrêtez de m'écrire", "fr"),
            ("Arrêtez de m\u2019écrire svp", "fr"),
            ("ne m'écrivez plus", "fr"),
            ("plus de textos merci", "fr"),
            ("désabonnez-moi", "fr"),
            ("STOP", "fr"),
            ("No más", "en"),
        ],
    )
    def test_opt_out(self, text: str, locale: str) -> None:
        """Keywords and plain wording are opt-outs, with one confirmation in the language."""
        reply = msg.parse_reply(text, locale, clinic=LAKEVIEW)
        assert reply.kind is msg.ReplyKind.OPT_OUT
        assert reply.confirmation is not None
        assert LAKEVIEW.name in reply.confirmation
        assert ("no more texts" in reply.confirmation) == (locale == "en")

    @pytest.mark.parametrize(
        ("text", "kind"),
        [
            ("HELP", msg.ReplyKind.HELP),
            ("help!", msg.ReplyKind.HELP),
            ("AIDE", msg.ReplyKind.HELP),
            ("info", msg.ReplyKind.HELP),
            ("START", msg.ReplyKind.START),
            ("unstop", msg.ReplyKind.START),
            ("Thanks, my skin looks better today", msg.ReplyKind.OTHER),
            ("Is it normal to itch on day 3?", msg.ReplyKind.OTHER),
            ("J'ai arrêté de mettre la crème", msg.ReplyKind.OTHER),
            ("Can I cancel my appointment?", msg.ReplyKind.OTHER),
            ("the end of the redness is near", msg.ReplyKind.OTHER),
            ("", msg.ReplyKind.OTHER),
        ],
    )
    def test_other_kinds(self, text: str, kind: msg.ReplyKind) -> None:
        """HELP/AIDE get the clinic's phone, START restarts, anything else gets nothing."""
        reply = msg.parse_reply(text, "en", clinic=LAKEVIEW)
        assert reply.kind is kind
        if kind is msg.ReplyKind.HELP:
            assert reply.confirmation is not None
            assert LAKEVIEW.phone in reply.confirmation
            assert "STOP" in reply.confirmation
        if kind is msg.ReplyKind.OTHER:
            assert reply.confirmation is None

    def test_unclear_stop_needs_review(self) -> None:
        """A reply with an opt-out word that does not read as one is flagged for a person."""
        reply = msg.parse_reply("how do I stop the itching?", "en")
        assert reply.kind is msg.ReplyKind.OTHER
        assert reply.needs_review
        assert not msg.parse_reply("thanks", "en").needs_review

    def test_confirmation_fits_one_segment_for_a_usual_clinic(self) -> None:
        """The confirmation is short: one GSM-7 segment in English."""
        reply = msg.parse_reply("stop", "en", clinic=LAKEVIEW)
        assert reply.confirmation is not None
        assert msg.segments(reply.confirmation).count == 1

    def test_refuses_non_text(self) -> None:
        """A reply is a string."""
        with pytest.raises(ScheduleError):
            msg.parse_reply(None, "en")  # type: ignore[arg-type]


# --- Command line --------------------------------------------------------------------

_BASE = [
    "schedule",
    "--date",
    "2026-11-25",
    "--tz",
    "America/Toronto",
    "--patient-key",
    "k1",
    "--clinic-name",
    "Lakeview",
    "--clinic-phone",
    "905-555-0134",
]


class TestCommandLine:
    def test_policy_text(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--policy prints each text with its segments, in the patient's zone."""
        code = main([*_BASE, "--policy", "us-healthcare-exempt", "--patient-tz", "Europe/London"])
        out = capsys.readouterr().out
        assert code == 0
        lines = out.splitlines()
        assert lines
        assert all("T20:00:00+00:00  [1 GSM-7]  Lakeview: " in line for line in lines)
        assert all(line.endswith("Reply STOP to opt out.") for line in lines)

    def test_policy_json_minimal(self, capsys: pytest.CaptureFixture[str]) -> None:
        """JSON carries the segment count and encoding; --minimal needs --link."""
        code = main(
            [*_BASE, "--policy", "ca-casl", "--format", "json", "--minimal", "--link", LINK]
        )
        rows = json.loads(capsys.readouterr().out)
        assert code == 0
        assert {"segments", "encoding", "idempotency_key", "send_at", "sms"} <= set(rows[0])
        assert all(LINK in row["sms"] for row in rows)
        assert main([*_BASE, "--policy", "ca-casl", "--minimal"]) == 2
        assert "minimal_info" in capsys.readouterr().err

    def test_policy_options_need_policy(self, capsys: pytest.CaptureFixture[str]) -> None:
        """--link and the others without --policy are a usage error, not ignored."""
        assert main([*_BASE, "--link", LINK]) == 2
        assert "--policy" in capsys.readouterr().err
        assert main([*_BASE, "--policy", "ca-casl", "--format", "ics"]) == 2
        capsys.readouterr()

    def test_no_sender_names_the_rule(self, capsys: pytest.CaptureFixture[str]) -> None:
        """Without a clinic, the policy's sender rule is the error."""
        argv = ["schedule", "--date", "2026-11-25", "--tz", "UTC", "--patient-key", "k"]
        assert main([*argv, "--policy", "us-consented"]) == 2
        assert "needs_sender" in capsys.readouterr().err

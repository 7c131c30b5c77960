"""Touchpoint schedules: days from the content, local times across DST, SMS, email, iCalendar."""

from __future__ import annotations

import datetime
import sys
import zoneinfo
from pathlib import Path

import html5lib
import icalendar
import ics
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import microneedle_care as mc
from microneedle_care.errors import MicroneedleCareError, ScheduleError
from microneedle_care.rendering.ical import render_ical, render_schedule_json
from microneedle_care.rendering.messages import render_email, render_sms
from microneedle_care.schedule import (
    CHANNELS,
    SMS_LIMIT,
    build_schedule,
    idempotency_key,
    sequence,
    uid,
)

PATIENT = "test-patient-1"

TORONTO = zoneinfo.ZoneInfo("America/Toronto")
CLINIC = mc.ClinicContact(
    name="Lakeview Skin Clinic", phone="905-555-0134", email="care@lakeview.example"
)
LOCALES = ["en", "fr", "es"]
# The GSM 03.38 basic character set (without the escape table).
GSM_7 = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# One line of text without control characters: what ClinicContact accepts.
ONE_LINE = st.text(
    # Unassigned code points ("Cn") include the noncharacters U+FDD0..U+FDEF, which
    # ClinicContact refuses (a name must be text a person can read).
    st.characters(blacklist_categories=("Cc", "Cf", "Zl", "Zp", "Cs", "Cn")),
    min_size=1,
    max_size=30,
).filter(lambda s: s == s.strip() and "  " not in s)


def make(
    date: datetime.date = datetime.date(2026, 10, 28),
    locale: str = "en",
    risks: tuple[str, ...] = (),
    **kwargs: object,
) -> mc.schedule.Schedule:
    checklist = mc.build_checklist(
        treatment_date=date, risk_factors=risks, clinic=CLINIC, locale=locale
    )
    return build_schedule(checklist, tz="America/Toronto", patient=PATIENT, **kwargs)  # type: ignore[arg-type]


class TestBuild:
    def test_days_come_from_the_step_windows(self) -> None:
        """Each day is a day a step starts or the day after one ends, and nothing else."""
        catalog = mc.load()
        schedule = make()
        expected: set[int] = set()
        for step in catalog.aftercare_steps:
            if step.scope is mc.StepScope.EVERYONE:
                first, last = mc.checklist.day_span(step.window)
                expected.add(first)
                if last is not None:
                    expected.add(last + 1)
        assert [t.day for t in schedule.touchpoints] == sorted(expected)
        for t in schedule.touchpoints:
            assert t.starts or t.ends

    def test_steps_end_the_day_after_their_window(self) -> None:
        """The sauna step (days 1 to 3) is among the steps that end on day 4."""
        day4 = next(t for t in make().touchpoints if t.day == 4)
        assert "no-sauna-or-hot-tub" in {s.id for s in day4.ends}

    def test_local_time_across_the_november_dst_change(self) -> None:
        """A treatment on 28 October: sends stay at 18:00 local as Toronto leaves DST on 1 Nov."""
        schedule = make(datetime.date(2026, 10, 28))
        offsets = {t.send_at.utcoffset() for t in schedule.touchpoints}
        assert offsets == {datetime.timedelta(hours=-4), datetime.timedelta(hours=-5)}
        for t in schedule.touchpoints:
            assert (t.send_at.hour, t.send_at.minute) == (18, 0)
            assert t.send_at.tzinfo == TORONTO

    def test_local_time_across_the_march_dst_change(self) -> None:
        """A treatment on 4 March 2027: Toronto enters DST on 14 March, sends stay at 9:30."""
        schedule = make(datetime.date(2027, 3, 4), send_time=datetime.time(9, 30), days=[1, 8, 15])
        assert [t.send_at.utcoffset() for t in schedule.touchpoints] == [
            datetime.timedelta(hours=-5),
            datetime.timedelta(hours=-5),
            datetime.timedelta(hours=-4),
        ]
        assert [t.send_at.astimezone(datetime.timezone.utc).hour for t in schedule.touchpoints] == [
            14,
            14,
            13,
        ]

    def test_clinic_chooses_days(self) -> None:
        """Chosen days are used, sorted and without repeats."""
        assert [t.day for t in make(days=[5, 2, 2]).touchpoints] == [2, 5]

    @pytest.mark.parametrize("days", [[0], [-1], ["2"]])
    def test_bad_days(self, days: list[object]) -> None:
        """A day that is not a positive integer is refused, naming it."""
        with pytest.raises(ScheduleError, match="touchpoint day"):
            make(days=days)

    def test_needs_a_date(self) -> None:
        """An undated checklist cannot be scheduled."""
        with pytest.raises(ScheduleError, match="treatment date"):
            build_schedule(mc.build_checklist(), tz="UTC", patient=PATIENT)

    def test_unknown_zone(self) -> None:
        """An unknown time zone is a ValueError naming it."""
        checklist = mc.build_checklist(treatment_date=datetime.date(2026, 1, 1))
        with pytest.raises(ScheduleError, match="Mars/Base") as info:
            build_schedule(checklist, tz="Mars/Base", patient=PATIENT)
        assert isinstance(info.value, ValueError)
        assert isinstance(info.value, MicroneedleCareError)

    def test_first_touchpoint_watches_for_emergencies(self) -> None:
        """Day 1 watches for the severe allergic reaction, whose onset is the first day."""
        assert "severe-allergic-reaction" in {w.id for w in make().touchpoints[0].watch}


class TestRendering:
    @pytest.mark.parametrize("locale", LOCALES)
    @pytest.mark.parametrize("risks", [(), ("cold-sore-history", "metal-allergy")])
    def test_sms_fits_and_names_the_clinic(self, locale: str, risks: tuple[str, ...]) -> None:
        """Every SMS is within the limit and names the clinic."""
        schedule = make(locale=locale, risks=risks)
        for t in schedule.touchpoints:
            sms = render_sms(schedule, t)
            assert len(sms) <= SMS_LIMIT
            assert CLINIC.name in sms
            assert str(t.day) in sms

    @given(
        name=ONE_LINE
        | st.text("Lakeview ", min_size=200, max_size=400).map(str.strip).filter(bool),
        phone=ONE_LINE,
        locale=st.sampled_from(LOCALES),
    )
    def test_sms_never_exceeds_the_limit(self, name: str, phone: str, locale: str) -> None:
        """Whatever the clinic's name and phone, every text is at most SMS_LIMIT characters."""
        clinic = mc.ClinicContact(name=name, phone=phone)
        checklist = mc.build_checklist(
            treatment_date=datetime.date(2026, 11, 25), clinic=clinic, locale=locale
        )
        schedule = build_schedule(checklist, tz="UTC", patient=PATIENT)
        for t in schedule.touchpoints:
            assert len(render_sms(schedule, t)) <= SMS_LIMIT

    def test_english_sms_is_gsm_7(self) -> None:
        """English texts use only the GSM 7-bit basic alphabet, so they are not sent as UCS-2."""
        schedule = make(risks=("cold-sore-history", "metal-allergy"))
        for t in schedule.touchpoints:
            assert set(render_sms(schedule, t)) <= GSM_7, render_sms(schedule, t)

    @given(name=ONE_LINE | st.sampled_from(["<script>alert(1)</script>", '"><img src=x>', "&amp;"]))
    def test_email_html_keeps_clinic_name_as_text(self, name: str) -> None:
        """Any clinic name reads back from the HTML email as text and adds no element."""
        clinic = mc.ClinicContact(name=name, phone="1")
        checklist = mc.build_checklist(treatment_date=datetime.date(2026, 11, 25), clinic=clinic)
        schedule = build_schedule(checklist, tz="UTC", patient=PATIENT)
        email = render_email(schedule, schedule.touchpoints[0])
        tree = html5lib.parse(email.html, namespaceHTMLElements=False)
        tags = {element.tag for element in tree.iter()}
        assert tags <= {"html", "head", "body", "h1", "h2", "ul", "li", "p", "small"}
        assert f"{clinic.name}: 1" in [p.text for p in tree.iter("p")]
        assert f"{clinic.name}: 1" in email.text

    @pytest.mark.parametrize("locale", LOCALES)
    def test_email_lists_the_steps(self, locale: str) -> None:
        """The email's text and HTML list every step that starts and ends."""
        schedule = make(locale=locale)
        for t in schedule.touchpoints:
            email = render_email(schedule, t)
            assert str(t.day) in email.subject
            for step in (*t.starts, *t.ends):
                assert step.action in email.text
            assert email.html.startswith("<h1>")

    def test_french_is_french(self) -> None:
        """The French schedule uses the French labels."""
        schedule = make(locale="fr")
        assert "Jour du traitement" in render_sms(schedule, schedule.touchpoints[0])
        assert "Jour 2 de vos soins" in render_sms(schedule, schedule.touchpoints[1])
        assert render_email(schedule, schedule.touchpoints[0]).subject.startswith(
            CLINIC.name + "\u00a0:"
        )


class TestICalendar:
    @pytest.mark.parametrize("locale", LOCALES)
    @pytest.mark.parametrize(
        ("date", "offsets"),
        [(datetime.date(2026, 10, 28), {-4, -5}), (datetime.date(2027, 3, 4), {-5, -4})],
        ids=["november-dst-end", "march-dst-start"],
    )
    def test_round_trip(self, locale: str, date: datetime.date, offsets: set[int]) -> None:
        """icalendar reads back one event and alarm per touchpoint at the right local time."""
        schedule = make(date, locale=locale, days=[1, 2, 4, 8, 15])
        cal = icalendar.Calendar.from_ical(render_ical(schedule))
        starts = [e.decoded("DTSTART") for e in cal.walk("VEVENT")]
        assert {int(d.utcoffset().total_seconds()) // 3600 for d in starts} == offsets
        assert all((d.hour, d.minute) == (18, 0) for d in starts)
        schedule = make(date, locale=locale)
        cal = icalendar.Calendar.from_ical(render_ical(schedule))
        events = list(cal.walk("VEVENT"))
        assert len(events) == len(schedule.touchpoints)
        assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["America/Toronto"]
        for event, t in zip(events, schedule.touchpoints, strict=True):
            start = event.decoded("DTSTART")
            assert start == t.send_at
            assert start.utcoffset() == t.send_at.utcoffset()
            assert event.get("DTSTART").params["TZID"] == "America/Toronto"
            assert str(event["UID"]) == uid(schedule, t)
            assert event.decoded("DTSTAMP") == datetime.datetime(
                date.year, date.month, date.day, tzinfo=datetime.timezone.utc
            )
            alarms = list(event.walk("VALARM"))
            assert len(alarms) == 1
            assert str(alarms[0]["ACTION"]) == "DISPLAY"
            assert alarms[0].decoded("TRIGGER") == datetime.timedelta(0)
            assert str(event["ORGANIZER"]) == "mailto:care@lakeview.example"

    def test_second_parser(self) -> None:
        """The independent `ics` package reads the same events at the same instants."""
        schedule = make(datetime.date(2026, 10, 28))
        calendar = ics.Calendar(render_ical(schedule).decode("utf-8"))
        events = sorted(calendar.events, key=lambda e: e.begin)
        assert len(events) == len(schedule.touchpoints)
        for event, t in zip(events, schedule.touchpoints, strict=True):
            assert event.begin.datetime == t.send_at
            assert event.uid == uid(schedule, t)
            assert len(event.alarms) == 1

    @pytest.mark.parametrize("locale", LOCALES)
    def test_byte_identical(self, locale: str) -> None:
        """The same schedule gives the same bytes every time."""
        assert render_ical(make(locale=locale)) == render_ical(make(locale=locale))

    def test_uids_are_stable_and_distinct(self) -> None:
        """UIDs differ per touchpoint and per treatment date, and repeat for the same input."""
        a, b = make(datetime.date(2026, 11, 25)), make(datetime.date(2026, 11, 26))
        uids_a = [uid(a, t) for t in a.touchpoints]
        assert len(set(uids_a)) == len(uids_a)
        assert not set(uids_a) & {uid(b, t) for t in b.touchpoints}
        assert uids_a == [uid(a, t) for t in make(datetime.date(2026, 11, 25)).touchpoints]


class TestPerPatientIds:
    """Calendar and message ids are per patient and survive a content upgrade (attack M7, L2)."""

    def test_ten_thousand_patients_never_share_an_id(self) -> None:
        """10,000 patients treated the same day: every (patient, touchpoint, channel) id differs."""
        import attrs

        one = make(datetime.date(2026, 11, 25))
        ids: set[str] = set()
        keys: set[str] = set()
        for n in range(10_000):
            schedule = attrs.evolve(one, patient_ref=f"{n:032x}")
            for t in schedule.touchpoints:
                for channel in CHANNELS:
                    ids.add(uid(schedule, t, channel))
                    keys.add(idempotency_key(schedule, t, channel))
        expected = 10_000 * len(one.touchpoints) * len(CHANNELS)
        assert len(ids) == expected
        assert len(keys) == expected

    def test_two_patients_same_day_through_the_public_api(self) -> None:
        """The reproduction of M7: alice and bob, same day, same content, now share no UID."""
        checklist = mc.build_checklist(treatment_date=datetime.date(2026, 11, 25))
        alice = build_schedule(checklist, tz="America/Toronto", patient="alice-7f3a")
        bob = build_schedule(checklist, tz="America/Toronto", patient="bob-19c2")
        assert not {uid(alice, t) for t in alice.touchpoints} & {
            uid(bob, t) for t in bob.touchpoints
        }
        assert b"alice" not in render_ical(alice)
        assert "alice" not in render_schedule_json(alice)

    def test_an_upgrade_keeps_the_uids_and_raises_sequence(self) -> None:
        """The same patient re-sent after a content upgrade updates, not duplicates, events."""
        import attrs

        old = make(datetime.date(2026, 11, 25))
        new = attrs.evolve(old, content_version="9.1.0", content_digest="0" * 64)
        assert [uid(old, t) for t in old.touchpoints] == [uid(new, t) for t in new.touchpoints]
        assert sequence(new) > sequence(old)
        old_events = icalendar.Calendar.from_ical(render_ical(old)).walk("VEVENT")
        new_events = icalendar.Calendar.from_ical(render_ical(new)).walk("VEVENT")
        assert [e["UID"] for e in old_events] == [e["UID"] for e in new_events]
        pairs = zip(old_events, new_events, strict=True)
        assert all(n["SEQUENCE"] > o["SEQUENCE"] for o, n in pairs)

    def test_json_carries_an_idempotency_key_per_channel(self) -> None:
        import json

        schedule = make()
        rows = json.loads(render_schedule_json(schedule))
        for row, t in zip(rows, schedule.touchpoints, strict=True):
            assert row["idempotency_keys"] == {c: idempotency_key(schedule, t, c) for c in CHANNELS}

    @pytest.mark.parametrize("key", ["", "   ", "x" * 257, "a\nb", "a\u200bb", 42, None])
    def test_bad_patient_keys(self, key: object) -> None:
        with pytest.raises(ScheduleError, match="patient"):
            build_schedule(
                mc.build_checklist(treatment_date=datetime.date(2026, 11, 25)),
                tz="UTC",
                patient=key,  # type: ignore[arg-type]
            )

    def test_unknown_channel(self) -> None:
        schedule = make()
        with pytest.raises(ScheduleError, match="channel"):
            uid(schedule, schedule.touchpoints[0], "fax")

    def test_no_silent_utc(self) -> None:
        """No default time zone: leaving it out is an error, never UTC (attack report)."""
        checklist = mc.build_checklist(treatment_date=datetime.date(2026, 11, 25))
        with pytest.raises(TypeError, match="tz"):
            build_schedule(checklist, patient=PATIENT)  # type: ignore[call-arg]

    def test_command_needs_a_time_zone(self, capsys: pytest.CaptureFixture[str]) -> None:
        from microneedle_care.cli import main

        with pytest.raises(SystemExit) as exited:
            main(["schedule", "--date", "2026-11-25", "--patient-key", "k1"])
        assert exited.value.code == 2
        assert "--tz" in capsys.readouterr().err


class TestBadInputFromTheAttackReport:
    """Each reproduction ends in one ScheduleError (a ValueError) naming what was wrong."""

    CHECKLIST = mc.build_checklist(treatment_date=datetime.date(2026, 11, 25))

    @pytest.mark.parametrize(
        "tz",
        [
            "America",
            "localtime",
            "posixrules",
            "Factory",
            "posix/America/Toronto",
            "right/UTC",
            "/etc/localtime",
            "../zoneinfo/UTC",
            "x" * 5000,
            "America/Toronto\n",
        ],
    )
    def test_only_iana_names(self, tz: str) -> None:
        """M11 and L3: a folder, the host's zone, posix/right copies or a path are refused."""
        with pytest.raises(ScheduleError, match="unknown time zone"):
            build_schedule(self.CHECKLIST, tz=tz, patient=PATIENT)

    @pytest.mark.parametrize("tz", [None, 5, b"UTC"])
    def test_a_time_zone_that_is_not_a_string(self, tz: object) -> None:
        with pytest.raises(ScheduleError, match="must be a string"):
            build_schedule(self.CHECKLIST, tz=tz, patient=PATIENT)  # type: ignore[arg-type]

    def test_command_with_a_zone_folder_names_the_zone(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path
    ) -> None:
        """M11: it said "cannot write to standard output: Is a directory", even with -o."""
        from microneedle_care.cli import main

        out = tmp_path / "x.ics"
        args = ["schedule", "--date", "2026-11-25", "--patient-key", "k1", "--tz", "America"]
        assert main([*args, "-o", str(out)]) == 2
        err = capsys.readouterr().err
        assert "unknown time zone 'America'" in err
        assert not out.exists()

    @pytest.mark.parametrize(
        ("send_time", "message"),
        [
            (
                datetime.time(18, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=5))),
                "without a UTC offset",
            ),
            (datetime.time(18, 0, 0, 500), "whole seconds"),
        ],
    )
    def test_send_time_is_a_plain_clock_time(self, send_time: datetime.time, message: str) -> None:
        """L5: an offset was silently ignored; microseconds were dropped in ICS only."""
        with pytest.raises(ScheduleError, match=message):
            build_schedule(self.CHECKLIST, tz="UTC", patient=PATIENT, send_time=send_time)

    def test_no_empty_calendar(self) -> None:
        """L4: days=[] gave a VCALENDAR with no component, which RFC 5545 does not allow."""
        with pytest.raises(ScheduleError, match="days is empty"):
            build_schedule(self.CHECKLIST, tz="UTC", patient=PATIENT, days=[])
        import attrs

        empty = attrs.evolve(make(), touchpoints=())
        with pytest.raises(ScheduleError, match="nothing to put in a calendar"):
            render_ical(empty)

    def test_day_past_ten_years(self) -> None:
        """L4 and M12: --day 100000 scheduled events in 2300; a huge day overflowed."""
        for day in (3661, 100_000, 10**12):
            with pytest.raises(ScheduleError, match="touchpoint day"):
                build_schedule(self.CHECKLIST, tz="UTC", patient=PATIENT, days=[day])

    def test_a_checklist_with_packs_needs_its_catalog(self, tmp_path: Path) -> None:
        """M26: the default catalog dropped a pack's emergency sign; now it is an error."""
        import json

        pack = {
            "pack": {
                "name": "Lakeview",
                "version": "1",
                "replace": [{"id": "wash-gently", "action": "Wash with cool water only."}],
            },
        }
        path = tmp_path / "lakeview.json"
        path.write_text(json.dumps(pack), encoding="utf-8")
        catalog = mc.load(packs=[path])
        checklist = mc.build_checklist(catalog=catalog, treatment_date=datetime.date(2026, 11, 25))
        with pytest.raises(ScheduleError, match="catalog="):
            build_schedule(checklist, tz="UTC", patient=PATIENT)
        built = build_schedule(checklist, tz="UTC", patient=PATIENT, catalog=catalog)
        assert built.content_digest == catalog.content_digest


ZONES = [
    "America/Toronto",
    "America/Vancouver",
    "America/Halifax",
    "Europe/Paris",
    "Australia/Sydney",
    "America/St_Johns",
]


class TestEmbeddedTimeZone:
    """A parser that follows the embedded VTIMEZONE (vobject, via dateutil) is never off."""

    @settings(max_examples=20, deadline=None)  # each parse reads a 60 kB VTIMEZONE
    @given(
        date=st.dates(datetime.date(1900, 1, 1), datetime.date(2200, 12, 31)),
        zone=st.sampled_from(ZONES),
    )
    def test_vobject_places_every_event_right(self, date: datetime.date, zone: str) -> None:
        import vobject

        checklist = mc.build_checklist(treatment_date=date)
        schedule = build_schedule(checklist, tz=zone, patient=PATIENT, days=range(1, 400, 13))
        calendar = vobject.readOne(render_ical(schedule).decode("utf-8"))
        for event, t in zip(calendar.vevent_list, schedule.touchpoints, strict=True):
            assert event.dtstart.value.utcoffset() == t.send_at.utcoffset(), t.date

    @pytest.mark.parametrize("date", [datetime.date(2045, 7, 1), datetime.date(1950, 7, 1)])
    def test_outside_1970_to_2038(self, date: datetime.date) -> None:
        """The reproduction of L2: 2045-07-01 in Toronto is -04:00, in the file too."""
        import vobject

        schedule = make(date)
        text = render_ical(schedule).decode("utf-8")
        assert "1970-01-01 to 2038" not in text
        event = vobject.readOne(text).vevent_list[0]
        assert event.dtstart.value.utcoffset() == datetime.timedelta(hours=-4)


def test_without_icalendar_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without icalendar, to_ical raises ScheduleError naming the calendar extra."""
    monkeypatch.setitem(sys.modules, "icalendar", None)
    with pytest.raises(ScheduleError, match=r"pip install icalendar"):
        render_ical(make())


def test_command_without_icalendar_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command says which extra to install, on one line, exit 2."""
    from microneedle_care.cli import main

    monkeypatch.setitem(sys.modules, "icalendar", None)
    args = ["schedule", "--date", "2026-11-25", "--tz", "UTC", "--patient-key", "k1"]
    assert main([*args, "--format", "ics"]) == 2
    err = capsys.readouterr().err
    assert "pip install icalendar" in err
    assert err.count("\n") == 1


class TestWordingFromTheAttackReport:
    """The schedule's fixed wording says what it means (issue 17's last list)."""

    @pytest.mark.parametrize("locale", LOCALES)
    def test_day_one_is_the_treatment_day(self, locale: str) -> None:
        """It was "Day 1 after your treatment", sent on the treatment day."""
        schedule = make(locale=locale)
        first = render_sms(schedule, schedule.touchpoints[0])
        day_one = {"en": "Treatment day", "fr": "Jour du traitement", "es": "Día de tratamiento"}
        assert day_one[locale] in first
        assert "after your treatment" not in first
        assert "après votre traitement" not in first

    def test_ended_rules_are_not_called_no_longer_needed(self) -> None:
        """It read "No longer needed: Do not use a sauna" (which sounds like the opposite)."""
        schedule = make()
        day = next(t for t in schedule.touchpoints if t.ends)
        text = render_email(schedule, day).text
        assert "No longer needed" not in text
        assert "You no longer need to follow:" in text

    @pytest.mark.parametrize("locale", LOCALES)
    def test_911_signs_are_not_under_call_the_clinic(self, locale: str) -> None:
        """Emergency signs had the heading "Call <clinic> if you notice"."""
        schedule = make(locale=locale)
        for touchpoint in schedule.touchpoints:
            text = render_email(schedule, touchpoint).text
            clinic_heading = ("Call " if locale == "en" else "Appelez le ") + CLINIC.phone
            if clinic_heading not in text:
                continue
            under_clinic = text.split(clinic_heading, 1)[1]
            for sign in touchpoint.watch:
                if sign.urgency is mc.Urgency.EMERGENCY:
                    assert sign.sign not in under_clinic, sign.id
                    assert sign.sign in text

    def test_week_two_signs_wait_for_their_window(self) -> None:
        """A sign asked from day 14 is not in a touchpoint whose window ends before it."""
        schedule = make()
        for index, touchpoint in enumerate(schedule.touchpoints[:-1]):
            until = schedule.touchpoints[index + 1].day
            assert all(s.asked_from_day <= until - 2 for s in touchpoint.watch), touchpoint.day
        assert "redness-past-two-weeks" in {s.id for s in schedule.touchpoints[-1].watch}


def test_a_text_always_keeps_the_whole_phone_number() -> None:
    """L8: a phone of about 210 characters was cut part-way through in the SMS."""
    with pytest.raises(mc.errors.InvalidValueError, match="at most 64"):
        mc.ClinicContact(name="Lakeview", phone="905-555-0134 " * 20)
    clinic = mc.ClinicContact(name="L" * 300, phone="+1 905-555-0134 ext. 1234 or 905-555-0199 x99")
    for locale in LOCALES:
        checklist = mc.build_checklist(
            treatment_date=datetime.date(2026, 11, 25), clinic=clinic, locale=locale
        )
        schedule = build_schedule(checklist, tz="UTC", patient=PATIENT)
        for touchpoint in schedule.touchpoints:
            sms = render_sms(schedule, touchpoint)
            assert len(sms) <= SMS_LIMIT
            assert clinic.phone + "." in sms, sms  # whole, never cut


@pytest.mark.parametrize("locale", LOCALES)
def test_the_day_4_text_keeps_the_condition(locale: str) -> None:
    """Review R3-1: texts carry a step's first sentence, which said "you can go back to ...
    hot tubs" with the "only if your skin is calm and has no scabs" left for the second."""
    schedule = make(locale=locale)
    day4 = next(t for t in schedule.touchpoints if t.day == 4)
    sms = render_sms(schedule, day4)
    activity, condition = {
        "en": ("hot tubs", "no scabs"),
        "fr": ("bain à remous", "sans croûtes"),
        "es": ("jacuzzis", "no tiene costras"),
    }[locale]
    assert activity in sms
    assert condition in sms


def test_the_approval_notice_is_in_the_first_text_and_every_email() -> None:
    """Issue 16 item 4: an unapproved SMS series says so (once, in its first text)."""
    schedule = make()
    notice = "has approved these texts and emails yet"
    assert notice in render_sms(schedule, schedule.touchpoints[0])
    for touchpoint in schedule.touchpoints:
        assert notice in render_email(schedule, touchpoint).text


def test_no_internal_version_string_in_what_the_patient_reads() -> None:
    """Attack report: every email and calendar event ended with "2.0.0 (e5489ad07a66)"."""
    schedule = make()
    digest = schedule.content_digest[:12]
    for touchpoint in schedule.touchpoints:
        email = render_email(schedule, touchpoint)
        assert digest not in email.text
        assert digest not in email.html
        assert digest not in render_sms(schedule, touchpoint)
    events = icalendar.Calendar.from_ical(render_ical(schedule)).walk("VEVENT")
    assert all(digest not in str(e["DESCRIPTION"]) for e in events)
    assert all(schedule.content_digest in str(e["X-MICRONEEDLE-CARE-CONTENT"]) for e in events)


NAMES = [
    "L",
    "Clinique Beauté Laval",
    "Clinique de dermatologie et de médecine esthétique de Laval",
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("policy", [None, "us-consented", "ca-casl"])
def test_day_one_always_says_wait_before_washing(
    name: str, locale: str, policy: str | None
) -> None:
    """Reviews F13, R5-1, R6-1: the day-1 text carries "do not wash for the first hours"
    whatever the clinic's name, in both languages, with or without a sending policy."""
    from microneedle_care import messaging

    catalog = mc.load(locale=locale)
    clinic = mc.ClinicContact(name=name, phone="514-555-0134", region="CA-QC")
    when = datetime.date(2026, 11, 25)
    checklist = mc.build_checklist(catalog=catalog, treatment_date=when, clinic=clinic)
    schedule = build_schedule(checklist, tz="America/Toronto", patient=PATIENT, catalog=catalog)
    wait = catalog.aftercare_step("wait-before-first-wash").action.split(". ")[0].rstrip(".")
    if policy is None:
        first = render_sms(schedule, schedule.touchpoints[0])
    else:
        first = messaging.plan_messages(schedule, messaging.policy(policy))[0].text
    assert wait in first, first


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("policy", ["us-consented", "ca-casl"])
def test_no_step_gives_way_to_the_link(name: str, locale: str, policy: str) -> None:
    """Review R6-2: a step that starts on the day is never left out of a text while the
    link to the sheet (which carries the step anyway) takes the room it needed. Before
    the mend, day 2 dropped the daily sunscreen for the link. The nurse line stays
    ahead of the later steps: who to call where the patient lives is in every text."""
    from microneedle_care import _i18n, messaging

    catalog = mc.load(locale=locale)
    clinic = mc.ClinicContact(name=name, phone="514-555-0134", region="CA-QC")
    when = datetime.date(2026, 11, 25)
    checklist = mc.build_checklist(catalog=catalog, treatment_date=when, clinic=clinic)
    schedule = build_schedule(checklist, tz="America/Toronto", patient=PATIENT, catalog=catalog)
    link = "https://clinic.example/aftercare"
    pol = messaging.policy(policy)
    lang = catalog.locale[:2]
    by_day = {t.day: t for t in schedule.touchpoints}
    texts = [
        (by_day[m.days[0]], m.text)
        for m in messaging.plan_messages(schedule, pol, link=link)
        if len(m.days) == 1
    ]

    def fits(text: str) -> bool:
        limit = pol.max_chars is None or len(text) <= pol.max_chars
        return limit and messaging.segments(text).count <= pol.max_segments[lang]

    said = _i18n.messages(catalog.locale)
    line = said.texts["link"].format(colon=said.colon, link=link)
    with_link = 0
    for touchpoint, text in texts:
        if line not in text:
            continue
        with_link += 1
        bare = text.replace(" " + line, "")
        assert link not in bare, text
        for step in touchpoint.starts:
            first = step.action.split(". ")[0].rstrip(".")
            if first in text:
                continue
            assert not fits(bare + " " + first + "."), (touchpoint.day, first, text)
    assert texts
    if lang == "en" and len(name) < 30:
        # With a short clinic name, English texts have room for the link on quiet days,
        # so the check above ran (the longest name leaves no room in any text).
        assert with_link, "no text carried the link: nothing was checked"


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("policy", ["us-consented", "ca-casl"])
def test_nurse_line_follows_the_phone_before_the_notice(locale: str, policy: str) -> None:
    """Review R4-5: under a policy the day-1 text read "Call 905-… No clinician … approved
    … Or call Info-Santé 811": the "Or" hung off the notice. Phone, nurse line, notice."""
    from microneedle_care import messaging, regions

    catalog = mc.load(locale=locale)
    clinic = mc.ClinicContact(name="L", phone="905-555-0134", region="CA-QC")
    checklist = mc.build_checklist(
        catalog=catalog, treatment_date=datetime.date(2026, 11, 25), clinic=clinic
    )
    schedule = build_schedule(checklist, tz="America/Toronto", patient=PATIENT, catalog=catalog)
    where = regions.who_to_call("CA-QC", catalog.locale)
    assert where is not None
    assert where.sms
    texts = [m.text for m in messaging.plan_messages(schedule, messaging.policy(policy))]
    both = [t for t in texts if where.sms in t and "905-555-0134" in t]
    assert both, "no text carries both the phone and the nurse line: nothing was checked"
    for text in both:
        phone, nurse = text.index("905-555-0134"), text.index(where.sms)
        assert phone < nurse
        for marker in ("approved", "approuvé"):
            if marker in text:
                assert nurse < text.index(marker), text

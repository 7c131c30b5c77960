from __future__ import annotations

import datetime

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import microneedle_care as mc
from microneedle_care import (
    ClinicContact,
    InvalidTypeError,
    SectionKind,
    StepScope,
    UnknownIdError,
    build_checklist,
)
from microneedle_care.treatments import treatment_only

# Drawn at the first example, not when the module is imported.
RISK_IDS = st.deferred(lambda: st.sampled_from([rf.id for rf in mc.load().risk_factors]))
DAY = datetime.timedelta(days=1)


def _items(checklist: mc.Checklist) -> list[mc.ChecklistItem]:
    return [item for section in checklist.sections for item in section.items]


class TestBuild:
    def test_default(self, catalog_en: mc.Catalog) -> None:
        """With no options: every everyone-step once, no risk-factor steps, no dates.

        Steps that only a treatment adds (RF, PRP, a home roller...) are not on the
        default (pen) sheet.
        """
        from microneedle_care.treatments import treatment_only

        checklist = build_checklist()
        steps = [item.step for item in _items(checklist)]
        only = treatment_only(catalog_en)
        expected = [
            s
            for s in catalog_en.aftercare_steps
            if s.scope is not StepScope.RISK_FACTOR and s.id not in only
        ]
        assert sorted(s.id for s in steps) == sorted(s.id for s in expected)
        assert all(item.first_date is None for item in _items(checklist))
        assert checklist.treatment_date is None
        assert checklist.clinic is None
        assert [s.kind for s in checklist.sections] == list(SectionKind)

    def test_records_content(self, catalog_en: mc.Catalog) -> None:
        """The checklist records the content version, digest and disclaimer."""
        checklist = build_checklist()
        assert checklist.content_version == catalog_en.content_version
        assert checklist.content_digest == catalog_en.content_digest
        assert checklist.disclaimer == catalog_en.disclaimer

    def test_dates(self) -> None:
        """With a treatment date, sections and items carry calendar dates (day 1 = that day)."""
        day1 = datetime.date(2026, 11, 25)
        checklist = build_checklist(treatment_date=day1)
        first, days23, days47, week2, screening, breakout = checklist.sections
        assert (first.first_date, first.last_date) == (day1, day1)
        assert (days23.first_date, days23.last_date) == (day1 + DAY, day1 + 2 * DAY)
        assert (days47.first_date, days47.last_date) == (day1 + 3 * DAY, day1 + 6 * DAY)
        assert (week2.first_date, week2.last_date) == (day1 + 7 * DAY, None)
        assert (screening.first_date, screening.last_date) == (None, None)
        assert (breakout.first_date, breakout.last_date) == (None, None)
        wash = next(i for i in first.items if i.step.id == "wash-gently")
        assert (wash.first_date, wash.last_date) == (day1, day1 + 6 * DAY)

    def test_refuses_datetime(self) -> None:
        """A datetime (a subclass of date) is refused, naming the argument and the fix."""
        when = datetime.datetime(2026, 11, 25, 15, 30)
        with pytest.raises(InvalidTypeError, match=r"not a datetime\.datetime .*\.date\(\)"):
            build_checklist(treatment_date=when)

    def test_risk_factor_adds_steps_and_says_why(self) -> None:
        """A risk factor adds its own steps and marks the general steps that help with it."""
        checklist = build_checklist(risk_factors=["cold-sore-history"])
        items = {item.step.id: item for item in _items(checklist)}
        tell = items["tell-clinic-about-cold-sores"]
        assert [rf.id for rf in tell.because_of] == ["cold-sore-history"]
        assert [c.id for c in tell.prevents] == ["herpes-simplex-flare"]
        assert "tell-clinic-about-cold-sores" not in {i.step.id for i in _items(build_checklist())}
        assert [rf.id for rf in checklist.risk_factors] == ["cold-sore-history"]

    def test_breakout_section(self) -> None:
        """The breakout section says what to do and includes not picking."""
        breakout = build_checklist().sections[-1]
        assert breakout.kind is SectionKind.IF_BREAKOUT
        assert breakout.items
        assert all(i.step.scope is StepScope.BREAKOUT for i in breakout.items)
        assert any("pick" in i.step.action for i in breakout.items)

    def test_warnings_grouped_by_urgency(self, catalog_en: mc.Catalog) -> None:
        """Warning signs come grouped by urgency, most urgent first, each sign once."""
        groups = build_checklist().warnings
        assert [g.urgency for g in groups] == sorted(
            (g.urgency for g in groups), key=lambda u: u.rank
        )
        signs = [s for g in groups for s in g.signs]
        only = treatment_only(catalog_en)  # a treatment's own signs (PRP's) are not the pen's
        assert sorted(s.id for s in signs) == sorted(
            s.id for s in catalog_en.warning_signs if s.id not in only
        )
        assert all(s.urgency is g.urgency for g in groups for s in g.signs)

    def test_unknown_risk_factor(self) -> None:
        """An unknown risk factor id is refused with suggestions."""
        with pytest.raises(UnknownIdError, match="did you mean 'metal-allergy'"):
            build_checklist(risk_factors=["metal-alergy"])

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"risk_factors": "metal-allergy"}, "not a single string"),
            ({"risk_factors": [3]}, "must be strings"),
            ({"treatment_date": "2026-11-25"}, "treatment_date must be a datetime.date"),
            ({"clinic": {"name": "x"}}, "clinic must be a ClinicContact"),
        ],
    )
    def test_wrong_types(self, kwargs: dict[str, object], message: str) -> None:
        """Wrong argument types raise TypeError naming the argument."""
        with pytest.raises(TypeError, match=message):
            build_checklist(**kwargs)  # type: ignore[arg-type]

    def test_immutable(self) -> None:
        """Checklists and their parts are frozen."""
        checklist = build_checklist()
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            checklist.sections = ()  # type: ignore[misc]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            checklist.sections[0].items = ()  # type: ignore[misc]


class TestClinicContact:
    def test_normalises_spaces(self) -> None:
        """Runs of spaces and tabs become one space; the ends are trimmed."""
        contact = ClinicContact(name="  Lakeview \t Clinic ", phone=" 905 555 0134 ")
        assert (contact.name, contact.phone) == ("Lakeview Clinic", "905 555 0134")

    @pytest.mark.parametrize(
        ("kwargs", "error", "message"),
        [
            ({"name": " ", "phone": "1"}, ValueError, "ClinicContact.name must not be empty"),
            ({"name": "A", "phone": ""}, ValueError, "ClinicContact.phone must not be empty"),
            ({"name": "A\nB", "phone": "1"}, ValueError, "ClinicContact.name must be one line"),
            (
                {"name": "A", "phone": "1", "email": "a\u2028b"},
                ValueError,
                "email must be one line",
            ),
            ({"name": "A", "phone": 5}, TypeError, "ClinicContact.phone must be a string"),
        ],
    )
    def test_refuses_bad_fields(self, kwargs: dict[str, object], error: type, message: str) -> None:
        """Empty, multi-line or non-string contact fields are refused with the field's name."""
        with pytest.raises(error, match=message):
            ClinicContact(**kwargs)  # type: ignore[arg-type]


class TestProperties:
    @given(
        st.lists(RISK_IDS, max_size=6),
        st.none() | st.dates(datetime.date(2000, 1, 1), datetime.date(2099, 1, 1)),
    )
    def test_steps_appear_exactly_when_they_apply(
        self, catalog_en: mc.Catalog, risk_ids: list[str], date: datetime.date | None
    ) -> None:
        """Everyone-steps appear once; risk-factor steps once iff a chosen factor lists them."""
        checklist = build_checklist(treatment_date=date, risk_factors=risk_ids)
        got = [item.step.id for item in _items(checklist)]
        from microneedle_care.treatments import treatment_only

        listed = {s for rf in risk_ids for s in catalog_en.risk_factor(rf).mitigated_by}
        only = treatment_only(catalog_en)  # on the sheet only with a treatment that adds it
        expected = [
            s.id
            for s in catalog_en.aftercare_steps
            if (s.scope is not StepScope.RISK_FACTOR or s.id in listed) and s.id not in only
        ]
        assert sorted(got) == sorted(expected)
        for section in checklist.sections:
            window = section.kind.window
            for item in section.items:
                assert set(item.because_of) <= set(checklist.risk_factors)
                assert all(item.step.id in rf.mitigated_by for rf in item.because_of)
                if window is not None:
                    assert window.contains(item.step.window.start_hours)
                if date is not None:
                    assert item.first_date is not None
                    assert item.first_date >= date
                    assert item.last_date is None or item.last_date >= item.first_date

    @given(st.lists(RISK_IDS, max_size=6))
    def test_order_of_risk_factors_does_not_matter(self, risk_ids: list[str]) -> None:
        """The same set of risk factors, in any order or repeated, gives the same checklist."""
        assert build_checklist(risk_factors=risk_ids) == build_checklist(
            risk_factors=sorted(set(risk_ids))
        )


@pytest.mark.parametrize("char", ["\ufdd0", "\ufffe", "\U0001ffff"])
def test_clinic_contact_refuses_noncharacters(char: str) -> None:
    """A Unicode noncharacter is not text (HTML parsers reject it): refused, naming the field."""
    with pytest.raises(mc.InvalidValueError, match=r"ClinicContact\.phone"):
        mc.ClinicContact(name="Lakeview", phone=f"905{char}")
    with pytest.raises(mc.InvalidValueError, match="prepared_for"):
        mc.build_checklist(prepared_for=f"Jane{char}")


@pytest.mark.parametrize(
    "email",
    [
        "a@b.com\\nATTENDEE:mailto:z@z",
        "a@b.com\nATTENDEE:mailto:z@z",
        "a b@c.com",
        '"x"@c.com',
        "a@b",
        "a@b.com,c@d.com",
        "<a@b.com>",
        "a@b.com;x",
        "x" * 250 + "@b.com",
    ],
)
def test_clinic_email_is_one_plain_address(email: str) -> None:
    """L6: the email went raw into ORGANIZER:mailto:, so a \\n became a new property."""
    with pytest.raises(mc.errors.InvalidValueError, match="email"):
        mc.ClinicContact(name="Lakeview", phone="905-555-0134", email=email)


@pytest.mark.parametrize("email", ["info@lakeview.ca", "a.b+c@clinique-\u00e9l\u00e9gance.ca"])
def test_good_clinic_emails(email: str) -> None:
    assert mc.ClinicContact(name="Lakeview", phone="1", email=email).email == email


class TestCatalogIsKeywordOnly:
    """Review 3.3: the optional catalog is keyword-only; positionally it warns until 0.7.0."""

    def test_by_keyword_is_quiet(self) -> None:
        catalog = mc.load()
        assert mc.build_checklist(catalog=catalog) == mc.build_checklist()

    def test_positionally_warns_and_still_works(self) -> None:
        catalog = mc.load()
        with pytest.warns(DeprecationWarning, match=r"build_checklist\(catalog=catalog\)"):
            checklist = mc.build_checklist(catalog)
        assert checklist == mc.build_checklist(catalog=catalog)

    def test_both_ways_at_once_is_refused(self) -> None:
        catalog = mc.load()
        with pytest.raises(mc.InvalidValueError) as info:
            mc.build_checklist(catalog, catalog=catalog)
        assert info.value.argument == "catalog"

    def test_the_signature_shows_catalog_as_keyword_only(self) -> None:
        import inspect

        parameter = inspect.signature(mc.build_checklist).parameters["catalog"]
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY

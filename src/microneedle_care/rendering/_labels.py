"""The words put around the content, and how they write dates.

A :class:`Labels` holds one locale's fixed words and writes its dates and runs of days.
The patient sheet's phrases are worded from them once, by :mod:`._sheet`; the texts,
emails, check-ins and FHIR take their few phrases (the approval line) from here. The words
themselves are data,
one message file per locale (``data/messages/<locale>.json``, read by
:func:`microneedle_care._i18n.messages`), so adding a language touches no code.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping

import attrs

from .._i18n import Messages, messages
from .._repr import attrs_repr
from ..checklist import Checklist, ChecklistItem, ChecklistSection, ClinicContact, SectionKind
from ..model import Approval, Urgency
from ..regions import WhoToCall
from ._layout import Band


# One per locale (see _labels), so compared by identity, as Messages is: an __eq__ and
# __hash__ over 49 fields were a cost of every cold start that nothing used.
@attrs.frozen(kw_only=True, eq=False)
class Labels:
    """Fixed text for one language."""

    __repr__ = attrs_repr

    lang: str
    colon: str
    title: str
    subtitle: str
    treatment_date: str
    undated: str
    clinic: str
    phone: str
    email: str
    after_hours: str
    planned_for: str
    why: str
    for_you: str
    helps_prevent: str
    sections: Mapping[SectionKind, str]
    get_help: str
    urgencies: Mapping[Urgency, str]
    your_clinic: str
    content: str
    urgent_title: str
    urgent_more: str
    timeline_title: str
    avoid: str
    avoid_lead: str
    nothing_to_avoid: str
    nothing_more: str
    for_you_title: str
    for_you_intro: str
    prepared_for: str
    page: str
    always: str
    treatment: str
    treatments: str
    still_avoid: str
    urgent_now: str
    """The lead of the phone's one-line list of signs that need emergency help now."""
    urgent_today: str
    """The lead of the phone's one-line list of signs that need help today."""
    quick_hint: str
    """The line under the phone's one-line list: each line links to what to do."""
    back_to_list: str
    """The link from the urgent signs' full texts back to the phone's list."""
    reviewed: str
    reviewed_by: str
    next_review: str
    approved: str
    unapproved: Mapping[str, str]
    months: tuple[str, ...]
    weekdays: tuple[str, ...]
    short_months: tuple[str, ...]
    date_format: str
    short_format: str
    year_format: str
    first_of_month: str
    from_format: str
    range_format: str
    from_day: str
    one_day: str
    days: str
    two_days: str

    @property
    def glance(self) -> Mapping[str, str]:
        """No step names: they are the content's (``AftercareStep.short``) since 0.6.0.

        .. deprecated:: 0.6.0 Kept empty so that ``glance(step, labels.glance)`` still works.
        """
        return {}

    def date(self, value: datetime.date, *, year: bool = False) -> str:
        """Write *value* as ``Wednesday, November 25`` (with the year if asked)."""
        text = self.date_format.format(
            weekday=self.weekdays[value.weekday()],
            month=self.months[value.month - 1],
            day=self._day(value),
        )
        return self.year_format.format(date=text, year=value.year) if year else text

    def short_date(self, value: datetime.date) -> str:
        """Write *value* as ``Nov 25``."""
        month = self.short_months[value.month - 1]
        return self.short_format.format(month=month, day=self._day(value))

    def _day(self, value: datetime.date) -> str:
        return self.first_of_month if value.day == 1 and self.first_of_month else str(value.day)

    def date_range(self, first: datetime.date | None, last: datetime.date | None) -> str:
        """Write a section's dates: one day, a range, or an open start."""
        if first is None:
            return ""
        if last is None:
            return self.from_format.format(date=self.date(first))
        if first == last:
            return self.date(first)
        return self.range_format.format(first=self.date(first), last=self.date(last))

    def band(self, first: int, last: int | None) -> str:
        """Name a run of days: ``Day 1``, ``Days 2 to 3``, ``From day 15 on``.

        Two days in a row have their own words (French writes ``Jours 2 et 3``, as the
        section heading does), used wherever the sheet names them.
        """
        if last is None:
            return self.from_day.format(first=first)
        if first == last:
            return self.one_day.format(first=first)
        if last == first + 1:
            return self.two_days.format(first=first, last=last)
        return self.days.format(first=first, last=last)

    def span(self, first: datetime.date | None, last: datetime.date | None) -> str:
        """Write a run of days' short dates (``Nov 26 to Nov 27``), or ``""`` when undated."""
        if first is None:
            return ""
        start = self.short_date(first)
        if last is None:
            return self.from_format.format(date=start)
        if last == first:
            return start
        return self.range_format.format(first=start, last=self.short_date(last))

    def band_dates(self, band: Band) -> str:
        """Write a timeline band's dates (``Nov 26 to Nov 27``), or ``""`` when undated."""
        return self.span(band.first_date, band.last_date)

    def when(self, item: ChecklistItem, section: ChecklistSection) -> str:
        """Say when an item applies, if that differs from its section; else ``""``."""
        if section.kind is SectionKind.BEFORE_NEXT_SESSION:
            return ""  # the heading says when; the days since this session do not matter
        first, last = item.first_day, item.last_day
        if section.first_day is not None and (first, last) == (section.first_day, section.last_day):
            return ""
        text = self.band(first, last)
        if dates := self.span(item.first_date, item.last_date):
            text += f" ({dates})"
        return text

    def approval_line(
        self, approval: Approval | None, clinic: ClinicContact | None, *, what: str = "sheet"
    ) -> str:
        """Say who at the clinic approved this output and when, or that no one has yet.

        *what* names the output: ``"sheet"`` (a checklist), ``"messages"`` (an SMS and
        email series) or ``"check-in"``. Every patient output carries this line.
        """
        if approval is not None:
            return self.approved.format(
                name=approval.name,
                credentials=approval.credentials,
                date=self.date(approval.date, year=True),
            )
        name = clinic.name if clinic is not None else self.your_clinic
        return self.unapproved[what].format(clinic=name)

    def urgent_lead(self, urgency: Urgency) -> str:
        """Return the lead of the urgent box's one-line list of *urgency*'s signs, or ``""``.

        Only the signs for 911 and for help today are listed so (``"Get help today:"``).
        """
        word = {Urgency.EMERGENCY: self.urgent_now, Urgency.SAME_DAY: self.urgent_today}
        return f"{word[urgency]}{self.colon}" if urgency in word else ""


def regional(checklist: Checklist) -> WhoToCall | None:
    """Return the "who to call" lines for the clinic's region, or ``None`` without one."""
    return checklist.regional


@functools.cache
def _labels(words: Messages) -> Labels:
    return Labels(
        lang=words.locale,
        colon=words.colon,
        sections={kind: words.sections[kind.value] for kind in SectionKind},
        urgencies={urgency: words.urgencies[urgency.value] for urgency in Urgency},
        unapproved=words.unapproved,
        months=words.months,
        weekdays=words.weekdays,
        short_months=words.short_months,
        **words.approval,
        **words.dates,
        **words.sheet,
    )


def labels_for_locale(locale: str) -> Labels:
    """Return the labels for *locale*: any name :func:`~microneedle_care._i18n.normalise` takes."""
    return _labels(messages(locale))


def labels_for(checklist: Checklist) -> Labels:
    """Return the labels for *checklist*'s language."""
    return labels_for_locale(checklist.locale)


def __getattr__(name: str) -> Labels:
    # The English and French words were constants here until 0.6.0; they are data now.
    if name in ("ENGLISH", "FRENCH"):
        return labels_for_locale("en" if name == "ENGLISH" else "fr-CA")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

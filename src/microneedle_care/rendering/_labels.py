"""The words renderers put around the content, and how they write dates.

Renderers take every fixed string from a :class:`Labels`. The words themselves are data,
one message file per locale (``data/messages/<locale>.json``, read by
:func:`microneedle_care._i18n.messages`), so adding a language touches no code.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Mapping

import attrs

from .._i18n import Messages, messages
from ..checklist import Checklist, ChecklistItem, ChecklistSection, ClinicContact, SectionKind
from ..model import Approval, Urgency
from ..regions import WhoToCall
from ._layout import Band, glance


@attrs.frozen(kw_only=True)
class Labels:
    """Fixed text for one language."""

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
        """Name a band of days: ``Day 1``, ``Days 2 to 3``, ``From day 15 on``."""
        if last is None:
            return self.from_day.format(first=first)
        if first == last:
            return self.one_day.format(first=first)
        return self.days.format(first=first, last=last)

    def item_when(
        self, item: ChecklistItem, section: ChecklistSection, *, name_section: bool = False
    ) -> str:
        """Say when an item applies; with *name_section*, name its section if it spans it.

        Items shown outside their section ("just for you") need the section named.
        """
        when = self.when(item, section)
        if name_section and not when:
            title, dates = self.section_heading(section)
            when = title + (f" ({dates})" if dates else "")
        return when

    def band_dates(self, band: Band) -> str:
        """Write a timeline band's dates (``Nov 26 to Nov 27``), or ``""`` when undated."""
        if band.first_date is None:
            return ""
        first = self.short_date(band.first_date)
        if band.last_date is None:
            return self.from_format.format(date=first)
        if band.last_date == band.first_date:
            return first
        return self.range_format.format(first=first, last=self.short_date(band.last_date))

    def glance_line(self, band: Band) -> str:
        """Write one band of the timeline on one line (text and Markdown)."""
        text = self.band(band.first_day, band.last_day)
        if dates := self.band_dates(band):
            text += f" ({dates})"
        if band.usual:
            return f"{text}{self.colon} {self.nothing_to_avoid}"
        if band.avoid:
            words = ", ".join(glance(step) for step in band.avoid)
            return f"{text}{self.colon} {self.avoid_lead} {words}."
        return f"{text}{self.colon} {self.nothing_more}"

    def section_heading(self, section: ChecklistSection) -> tuple[str, str]:
        """Return a section's title and its dates (possibly empty)."""
        return self.sections[section.kind], self.date_range(section.first_date, section.last_date)

    def when(self, item: ChecklistItem, section: ChecklistSection) -> str:
        """Say when an item applies, if that differs from its section; else ``""``."""
        first, last = item.first_day, item.last_day
        if section.kind is SectionKind.BEFORE_NEXT_SESSION:
            return ""  # the heading says when; the days since this session do not matter
        if section.first_day is not None and (first, last) == (section.first_day, section.last_day):
            return ""
        if last is None:
            text = self.from_day.format(first=first)
        elif first == last:
            text = self.one_day.format(first=first)
        else:
            text = self.days.format(first=first, last=last)
        if item.first_date is not None:
            start = self.short_date(item.first_date)
            if item.last_date is None:
                dates = self.from_format.format(date=start)
            elif item.last_date == item.first_date:
                dates = start
            else:
                dates = self.range_format.format(first=start, last=self.short_date(item.last_date))
            text += f" ({dates})"
        return text

    def personal(self, item: ChecklistItem) -> str:
        """Say which of the patient's risk factors an item is for, and what it prevents."""
        if not item.because_of:
            return ""
        text = f"{self.for_you}{self.colon} " + "; ".join(rf.name for rf in item.because_of) + "."
        if item.prevents:
            text += (
                f" {self.helps_prevent}{self.colon} "
                + "; ".join(c.name for c in item.prevents)
                + "."
            )
        return text

    def contact(self, clinic: ClinicContact) -> str:
        """Write the clinic's contact details on one line."""
        text = f"{clinic.name}, {self.phone} {clinic.phone}"
        if clinic.after_hours:
            text += f"; {self.after_hours}{self.colon} {clinic.after_hours}"
        if clinic.email:
            text += f"; {self.email}{self.colon} {clinic.email}"
        return text

    def footer(self, checklist: Checklist) -> str:
        """Name the content release, its digest and its review dates.

        The dates are when the content's writers checked its sources and when they are
        next due to; the words say so, and never suggest a clinical review that did not
        happen. Who approved the sheet (or that no one has) is :meth:`approval_line`.
        """
        text = f"{self.content} {checklist.content_version} ({checklist.content_digest[:12]})."
        if checklist.reviewed is not None:
            text += f" {self.reviewed} {self.date(checklist.reviewed, year=True)}"
            text += f"{self.reviewed_by}."
        if checklist.next_review is not None:
            text += f" {self.next_review} {self.date(checklist.next_review, year=True)}."
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

    def urgency_heading(self, urgency: Urgency, clinic: ClinicContact | None) -> str:
        """Return the heading of a group of warning signs, with the clinic's phone if useful."""
        text = self.urgencies[urgency]
        if clinic is not None and urgency in (Urgency.SAME_DAY, Urgency.WITHIN_DAYS):
            text += f" ({self.your_clinic}{self.colon} {clinic.phone})"
        return text


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

"""The worded sheet's blocks: the frozen records :mod:`._sheet` builds (private).

Every field is a finished phrase in the sheet's language; the serialisers read these and
nothing else. :mod:`._sheet` re-exports them, builds them, and documents the order.

They are frozen and slotted but compare by identity (``eq=False``): a sheet is built,
written out and dropped, nothing compares two, and the equality and hash methods attrs
writes for each of the 14 classes were a part of every cold start (issue 18, item 8).
"""

from __future__ import annotations

import attrs

__all__ = [
    "Band",
    "Contact",
    "DaySection",
    "Footer",
    "ForYou",
    "Header",
    "Item",
    "Labelled",
    "Sheet",
    "Sign",
    "SignGroup",
    "Timeline",
    "Urgent",
    "Warnings",
]


@attrs.frozen(kw_only=True, eq=False)
class Labelled:
    """A label with its colon and the value after it: ``Prepared for: Ana``."""

    lead: str
    """The label with the locale's colon (``"Préparé pour\u00a0:"``)."""
    value: str
    end: str = ""
    """Punctuation after the value (``"."``)."""
    iso: str | None = None
    """The value's date in ISO form, when it is one (HTML marks it up)."""

    @property
    def text(self) -> str:
        """The whole phrase, ``lead value end``."""
        return f"{self.lead} {self.value}{self.end}"


@attrs.frozen(kw_only=True, eq=False)
class Header:
    """The title, the subtitle and the facts about this sheet."""

    lang: str
    title: str
    subtitle: str
    prepared_for: Labelled | None
    treatment: Labelled | str
    """The treatment date, or a sentence saying that day 1 is the treatment day."""
    planned_for: Labelled | None
    """The patient's risk factors (text and Markdown show them; HTML does not)."""
    treatments: Labelled | None = None
    """The treatments the sheet is for, by name; ``None`` for the default treatment."""


@attrs.frozen(kw_only=True, eq=False)
class Contact:
    """The clinic's contact details, on one line and in pieces (HTML links the phone)."""

    line: str
    """``Clinic name, phone 905-555-0134; after hours: ...; email: ...``."""
    name_lead: str
    """The clinic's name with the colon before its phone."""
    phone: str
    after_hours: str
    """``"; after hours: ..."``, or ``""``."""


@attrs.frozen(kw_only=True, eq=False)
class Sign:
    """One warning sign, what to do, and the sign in a line (short name or first sentence)."""

    sign: str
    action: str
    id: str = ""
    short: str = ""


@attrs.frozen(kw_only=True, eq=False)
class SignGroup:
    """The warning signs of one urgency, under their heading, and the lead of their list."""

    urgency: str
    heading: str
    lead: str
    """The heading with the locale's colon, for formats that write it as a label."""
    signs: tuple[Sign, ...]
    short_lead: str = ""


@attrs.frozen(kw_only=True, eq=False)
class Urgent:
    """The urgent box: how to reach the clinic and the signs that need help today."""

    title: str
    contact: Contact | None
    groups: tuple[SignGroup, ...]
    regional: str | None
    """Who else to call today in the clinic's region (a health line), if known."""
    more: str
    hint: str = ""
    """Under the phone's one-line list: tap a line to see what to do (screen only)."""


@attrs.frozen(kw_only=True, eq=False)
class Band:
    """One block of the healing timeline."""

    name: str
    """``Day 1``, ``Days 2 to 3``, ``From day 8 on``."""
    dates: str
    """``Nov 26 to Nov 27``, or ``""`` when the sheet has no treatment date."""
    note: str
    """What holds in the band: ``Avoid: ...``, or that nothing more is to be avoided."""
    avoid: bool
    """Whether :attr:`note` lists things to avoid."""
    line: str
    """The band on one line (text and Markdown)."""


@attrs.frozen(kw_only=True, eq=False)
class Timeline:
    """The healing days at a glance, then the rules that hold on every one of them."""

    title: str
    bands: tuple[Band, ...]
    standing: str | None


@attrs.frozen(kw_only=True, eq=False)
class Item:
    """One step: a box to tick (done once or daily) or a bullet (a standing rule)."""

    id: str
    box: bool
    text: str
    when: str
    """When it applies, if that differs from its section's days; else ``""``."""
    why: Labelled | None
    """Why it matters; ``None`` on a compact sheet."""
    personal: str
    """Which of the patient's risk factors it is for, and what it prevents; or ``""``."""


@attrs.frozen(kw_only=True, eq=False)
class ForYou:
    """The steps this patient's risk factors added."""

    title: str
    intro: str
    items: tuple[Item, ...]


@attrs.frozen(kw_only=True, eq=False)
class DaySection:
    """A section of days with its remaining steps."""

    id: str
    """The section kind's value (``"first-24-hours"``)."""
    title: str
    dates: str
    items: tuple[Item, ...]


@attrs.frozen(kw_only=True, eq=False)
class Warnings:
    """Every other warning sign, how to reach the clinic, and the urgent signs in full (HTML)."""

    title: str
    groups: tuple[SignGroup, ...]
    clinic: Labelled | None
    regional: str | None
    urgent: tuple[SignGroup, ...] = ()
    back: str = ""
    """The link from the urgent signs' full texts back to the phone's list (screen only)."""


@attrs.frozen(kw_only=True, eq=False)
class Footer:
    """Who approved the sheet, the disclaimer and the content record."""

    approval: str
    disclaimer: str
    record: str
    page_footer: str
    """The line printed at the foot of every page: clinic, patient, content, digest."""
    page: str
    """The word before a page number."""


@attrs.frozen(kw_only=True, eq=False)
class Sheet:
    """The patient sheet: every worded block, in the order the patient reads them."""

    header: Header
    urgent: Urgent
    timeline: Timeline
    for_you: ForYou | None
    days: tuple[DaySection, ...]
    warnings: Warnings
    footer: Footer
    compact: bool = False
    """Whether the "Why" lines were left out, for a shorter printout (its print rules too)."""

    def headings(self) -> tuple[str, ...]:
        """Return the section headings in order (every format shows these, and only these)."""
        out = [self.urgent.title, self.timeline.title]
        if self.for_you is not None:
            out.append(self.for_you.title)
        out += [day.title for day in self.days]
        out.append(self.warnings.title)
        return tuple(out)

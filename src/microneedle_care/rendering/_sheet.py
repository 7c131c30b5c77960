"""The patient sheet as one worded model: every phrase the sheet shows, in patient order.

:func:`build_sheet` turns a checklist and its locale's words into a :class:`Sheet`, a
frozen tree of worded blocks. Text, Markdown, HTML (and the PDF, which lays out the HTML)
serialise that tree and nothing else: no serialiser looks up a word or writes a phrase,
so the order (from :mod:`._layout`) and the locale's typography (the French no-break
space before a colon) live here, once.

The order is the one :mod:`._layout` describes: the header; the urgent box; the timeline
with its standing rules; the steps just for this patient; the days; every warning sign;
the footer.

Each block keeps apart the pieces a format escapes apart (a label with its colon, and the
value after it), so that a Markdown escape of the pieces gives the same text as before.
"""

from __future__ import annotations

import attrs

from .._i18n import Messages, messages
from ..checklist import Checklist, ChecklistItem, ChecklistSection, ClinicContact, WarningGroup
from ..model import DEFAULT_TREATMENT, AftercareStep, TreatmentRole, Urgency
from . import _layout
from ._labels import Labels, _labels

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
    "approval_notice",
    "build_sheet",
    "sheet_for",
    "timeline_band",
]


from ._sheet_model import (
    Band,
    Contact,
    DaySection,
    Footer,
    ForYou,
    Header,
    Item,
    Labelled,
    Sheet,
    Sign,
    SignGroup,
    Timeline,
    Urgent,
    Warnings,
)

# -- Phrases -------------------------------------------------------------------------


def glance_words(labels: Labels, steps: tuple[AftercareStep, ...]) -> tuple[str, str]:
    """Return what to avoid in a few words, as a list and as a sentence.

    A step with a :attr:`~microneedle_care.model.AftercareStep.short` name is listed by
    it ("avoid makeup, sweat."); a step without one (a clinic pack's) is given as its own
    first sentence, after the list, rather than as "avoid Do not ...".
    """
    named = [step.short for step in steps if step.short]
    rest = [_first_sentence(step.action) for step in steps if not step.short]
    listed = ", ".join(named)
    if not rest:
        return listed, f"{labels.avoid_lead} {listed}."
    sentences = " ".join(rest)
    if not named:
        return sentences, sentences
    return f"{listed}. {sentences}", f"{labels.avoid_lead} {listed}. {sentences}"


def _first_sentence(action: str) -> str:
    end = action.find(". ")
    text = action.strip() if end < 0 else action[: end + 1]
    return text if text.endswith((".", "!", "?")) else text + "."


def timeline_band(labels: Labels, band: _layout.Band) -> Band:
    """Word one band of the timeline."""
    name = labels.band(band.first_day, band.last_day)
    when = labels.span(band.first_date, band.last_date)
    head = name + (f" ({when})" if when else "") + labels.colon
    if band.usual:
        note = line = labels.nothing_to_avoid
        if band.avoid:
            # Back to the routine, but not to what a stop-and-report treatment stops.
            still = f"{labels.still_avoid} {glance_words(labels, band.avoid)[0]}."
            note = line = f"{note} {still}"
    elif band.avoid:
        words, sentence = glance_words(labels, band.avoid)
        note = f"{labels.avoid}{labels.colon} {words}"
        line = sentence
    else:
        note = line = labels.nothing_more
    return Band(name=name, dates=when, note=note, avoid=bool(band.avoid), line=f"{head} {line}")


def section_heading(labels: Labels, section: ChecklistSection) -> tuple[str, str]:
    """Return a section's title and its dates (possibly empty)."""
    return labels.sections[section.kind], labels.date_range(section.first_date, section.last_date)


def item_when(
    labels: Labels, item: ChecklistItem, section: ChecklistSection, *, name_section: bool = False
) -> str:
    """Say when an item applies; with *name_section*, name its section if it spans it.

    Items shown outside their section ("just for you") need the section named.
    """
    when = labels.when(item, section)
    if name_section and not when:
        title, span = section_heading(labels, section)
        when = title + (f" ({span})" if span else "")
    return when


def personal(labels: Labels, item: ChecklistItem) -> str:
    """Say which of the patient's risk factors an item is for, and what it prevents."""
    if not item.because_of:
        return ""
    text = f"{labels.for_you}{labels.colon} " + "; ".join(rf.name for rf in item.because_of) + "."
    if item.prevents:
        names = "; ".join(c.name for c in item.prevents)
        text += f" {labels.helps_prevent}{labels.colon} {names}."
    return text


def contact_line(labels: Labels, clinic: ClinicContact) -> str:
    """Write the clinic's contact details on one line."""
    text = f"{clinic.name}, {labels.phone} {clinic.phone}"
    if clinic.after_hours:
        text += f"; {labels.after_hours}{labels.colon} {clinic.after_hours}"
    if clinic.email:
        text += f"; {labels.email}{labels.colon} {clinic.email}"
    return text


def record(labels: Labels, checklist: Checklist) -> str:
    """Name the content release, its digest and its review dates.

    The dates are when the content's writers checked its sources and when they are next
    due to; the words say so, and never suggest a clinical review that did not happen.
    """
    text = f"{labels.content} {checklist.content_version} ({checklist.content_digest[:12]})."
    if checklist.reviewed is not None:
        text += f" {labels.reviewed} {labels.date(checklist.reviewed, year=True)}"
        text += f"{labels.reviewed_by}."
    if checklist.next_review is not None:
        text += f" {labels.next_review} {labels.date(checklist.next_review, year=True)}."
    return text


def urgency_heading(labels: Labels, urgency: Urgency, clinic: ClinicContact | None) -> str:
    """Return the heading of a group of warning signs, with the clinic's phone if useful."""
    text = labels.urgencies[urgency]
    if clinic is not None and urgency in (Urgency.SAME_DAY, Urgency.WITHIN_DAYS):
        text += f" ({labels.your_clinic}{labels.colon} {clinic.phone})"
    return text


def page_footer(checklist: Checklist, labels: Labels) -> str:
    """Return the footer line of every printed page: clinic, patient, content version, digest."""
    bits = [checklist.clinic.name] if checklist.clinic is not None else []
    if checklist.prepared_for:
        bits.append(f"{labels.prepared_for}{labels.colon} {checklist.prepared_for}")
    bits.append(f"{labels.content} {checklist.content_version}")
    bits.append(checklist.content_digest[:12])
    return " · ".join(bits)


def approval_notice(checklist: Checklist) -> str:
    """Return the line every patient output carries: who approved it, or that no one has."""
    from ._labels import labels_for

    return labels_for(checklist).approval_line(checklist.approval, checklist.clinic)


# -- The builder -----------------------------------------------------------------------


def _label(labels: Labels, word: str, value: str, end: str = "") -> Labelled:
    return Labelled(lead=f"{word}{labels.colon}", value=value, end=end)


def _group(labels: Labels, group: WarningGroup, clinic: ClinicContact | None) -> SignGroup:
    heading = urgency_heading(labels, group.urgency, clinic)
    return SignGroup(
        urgency=group.urgency.value,
        heading=heading,
        lead=heading + labels.colon,
        signs=tuple(
            Sign(sign=s.sign, action=s.action, id=s.id, short=s.short or _first_sentence(s.sign))
            for s in group.signs
        ),
        short_lead=labels.urgent_lead(group.urgency),
    )


def _item(
    labels: Labels,
    item: ChecklistItem,
    section: ChecklistSection,
    *,
    compact: bool,
    name_section: bool,
) -> Item:
    step = item.step
    return Item(
        id=step.id,
        box=_layout.is_task(item),
        text=step.action,
        when=item_when(labels, item, section, name_section=name_section),
        why=None if compact else _label(labels, labels.why, step.reason),
        personal=personal(labels, item),
    )


def _header(labels: Labels, checklist: Checklist) -> Header:
    treatment: Labelled | str = labels.undated
    if checklist.treatment_date is not None:
        date = labels.date(checklist.treatment_date, year=True)
        treatment = attrs.evolve(
            _label(labels, labels.treatment_date, date), iso=checklist.treatment_date.isoformat()
        )
    named = None
    # A home roller (stop-and-report) is no treatment the clinic gave (review round 2, AA7).
    given = [t for t in checklist.treatments if t.role is not TreatmentRole.STOP_AND_REPORT]
    if given and tuple(t.id for t in given) != (DEFAULT_TREATMENT,):
        word = labels.treatment if len(given) == 1 else labels.treatments
        # French sets a no-break space before a semicolon, as before its colon.
        semicolon = labels.colon.removesuffix(":") + "; "
        given_names = [given[0].name, *(_lower_first(t.name) for t in given[1:])]
        named = _label(labels, word, semicolon.join(given_names))
    planned = None
    if checklist.risk_factors:
        names = "; ".join(rf.name for rf in checklist.risk_factors)
        planned = _label(labels, labels.planned_for, names, ".")
    return Header(
        lang=labels.lang,
        title=labels.title,
        subtitle=labels.subtitle,
        prepared_for=(
            _label(labels, labels.prepared_for, checklist.prepared_for)
            if checklist.prepared_for
            else None
        ),
        treatment=treatment,
        planned_for=planned,
        treatments=named,
    )


def _lower_first(name: str) -> str:
    """*name* after a semicolon ("microneedling ..."); "RF microneedling" keeps its capitals."""
    return name[0].lower() + name[1:] if name[:1].isupper() and not name[1:2].isupper() else name


def _contact(labels: Labels, clinic: ClinicContact) -> Contact:
    after = (
        f"; {labels.after_hours}{labels.colon} {clinic.after_hours}" if clinic.after_hours else ""
    )
    return Contact(
        line=contact_line(labels, clinic),
        name_lead=f"{clinic.name}{labels.colon}",
        phone=clinic.phone,
        after_hours=after,
    )


def _timeline(labels: Labels, checklist: Checklist) -> Timeline:
    standing = None
    if steps := _layout.standing_rules(checklist):
        standing = f"{labels.always}{labels.colon} {glance_words(labels, steps)[1]}"
    return Timeline(
        title=labels.timeline_title,
        bands=tuple(timeline_band(labels, band) for band in _layout.bands(checklist)),
        standing=standing,
    )


def build_sheet(
    checklist: Checklist, words: Messages | None = None, *, compact: bool = False
) -> Sheet:
    """Word *checklist* in *words* (its own locale's by default) as a :class:`Sheet`.

    *compact* leaves out the "Why" lines, for a shorter printout.

    >>> from microneedle_care import build_checklist
    >>> sheet = build_sheet(build_checklist())
    >>> sheet.headings()[:2]
    ('Call now or today', 'Your healing at a glance')
    """
    labels = _labels(words if words is not None else messages(checklist.locale))
    clinic = checklist.clinic
    where = checklist.regional
    personal_items = _layout.personal_items(checklist)
    for_you = None
    if personal_items:
        for_you = ForYou(
            title=labels.for_you_title,
            intro=labels.for_you_intro,
            items=tuple(
                _item(labels, item, section, compact=compact, name_section=True)
                for section, item in personal_items
            ),
        )
    day_sections = []
    for section, items in _layout.day_sections(checklist):
        title, span = section_heading(labels, section)
        day_sections.append(
            DaySection(
                id=section.kind.value,
                title=title,
                dates=span,
                items=tuple(
                    _item(labels, item, section, compact=compact, name_section=False)
                    for item in items
                ),
            )
        )
    return Sheet(
        header=_header(labels, checklist),
        urgent=Urgent(
            title=labels.urgent_title,
            contact=_contact(labels, clinic) if clinic is not None else None,
            groups=tuple(_group(labels, g, None) for g in _layout.urgent(checklist)),
            regional=(
                " ".join(s for s in (where.same_day, where.service) if s)
                if where is not None
                else None
            ),
            more=labels.urgent_more,
            hint=labels.quick_hint,
        ),
        timeline=_timeline(labels, checklist),
        for_you=for_you,
        days=tuple(day_sections),
        warnings=Warnings(
            title=labels.get_help,
            groups=tuple(_group(labels, g, clinic) for g in _layout.later(checklist)),
            clinic=(
                _label(labels, labels.clinic, contact_line(labels, clinic))
                if clinic is not None
                else None
            ),
            regional=" ".join(where.lines) if where is not None else None,
            urgent=tuple(_group(labels, g, clinic) for g in _layout.urgent(checklist)),
            back=labels.back_to_list,
        ),
        footer=Footer(
            approval=labels.approval_line(checklist.approval, clinic),
            disclaimer=checklist.disclaimer,
            record=record(labels, checklist),
            page_footer=page_footer(checklist, labels),
            page=labels.page,
        ),
        compact=compact,
    )


def sheet_for(checklist: Checklist, *, compact: bool = False) -> Sheet:
    """Return the sheet of *checklist* in its own locale (see :func:`build_sheet`)."""
    return build_sheet(checklist, compact=compact)

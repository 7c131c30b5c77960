"""The words renderers put around the content, and how they write dates.

Renderers take every fixed string from a :class:`Labels`, so adding a language means
adding one ``Labels`` value, not touching a renderer.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

import attrs

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
    glance: Mapping[str, str]
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
            words = ", ".join(glance(step, self.glance) for step in band.avoid)
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


ENGLISH = Labels(
    lang="en",
    colon=":",
    title="Your aftercare checklist",
    subtitle="After microneedling: what to do, day by day, and when to get help.",
    treatment_date="Treatment date",
    undated="Day 1 is the day of your treatment.",
    clinic="Clinic",
    phone="phone",
    email="email",
    after_hours="after hours",
    planned_for="Planned for",
    why="Why",
    for_you="For you",
    helps_prevent="Helps prevent",
    sections={
        SectionKind.FIRST_DAY: "First 24 hours",
        SectionKind.DAYS_2_TO_3: "Days 2 to 3",
        SectionKind.DAYS_4_TO_7: "Days 4 to 7",
        SectionKind.WEEK_2_ON: "Week 2 and after",
        SectionKind.BEFORE_NEXT_SESSION: "Before your next session",
        SectionKind.IF_BREAKOUT: "If a breakout appears",
    },
    get_help="When to get help",
    urgencies={
        # Each sign's action says where (911, or the emergency room): the heading must not
        # say "Call 911" over a sign that says "go to the emergency room" (review R2-3).
        Urgency.EMERGENCY: "Get emergency help now if you have any of these",
        Urgency.SAME_DAY: "Get help today, as each sign says, if you have any of these",
        Urgency.WITHIN_DAYS: "Contact your clinic within a day or two if you have any of these",
        Urgency.NEXT_VISIT: "Tell your clinic at your next visit if you have any of these",
    },
    your_clinic="your clinic",
    content="Content",
    urgent_title="Call now or today",
    urgent_more="Other signs to watch for are listed at the end of this sheet.",
    timeline_title="Your healing at a glance",
    avoid="Avoid",
    avoid_lead="avoid",
    nothing_to_avoid="Back to your usual routine if your skin is calm.",
    nothing_more="Nothing more to avoid on these days.",
    for_you_title="Just for you",
    for_you_intro="These steps were added because of what you told your clinic.",
    prepared_for="Prepared for",
    page="Page",
    always="Every day until healed",
    glance={
        "wait-before-first-wash": "washing for the first hours",
        "no-makeup-first-day": "makeup",
        "no-gym-first-day": "workouts",
        "light-activity-only": "hard workouts",
        "no-sauna-or-hot-tub": "sauna and hot tubs",
        "no-swimming": "swimming",
        "no-thick-creams": "thick creams",
        "no-unapproved-serums": "serums",
        "avoid-harsh-products": "strong skin care",
        "no-hair-removal": "waxing and hair removal",
        "no-antibiotic-ointments": "antibiotic ointments",
        "no-picking": "picking or scratching",
        "no-tanning": "tanning",
    },
    reviewed="Sources checked",
    reviewed_by=", by the writers of this sheet. This was not a medical review",
    next_review="Next check due",
    approved="Approved for this clinic by {name}, {credentials}, on {date}.",
    unapproved={
        "sheet": "No clinician at {clinic} has approved this sheet yet.",
        "messages": "No clinician at {clinic} has approved these texts and emails yet.",
        "check-in": "No clinician at {clinic} has approved this check-in yet.",
    },
    months=(
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    weekdays=("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    short_months=(
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "May",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
    ),
    date_format="{weekday}, {month} {day}",
    short_format="{month} {day}",
    year_format="{date}, {year}",
    first_of_month="",
    from_format="from {date}",
    range_format="{first} to {last}",
    from_day="From day {first} on",
    one_day="Day {first}",
    days="Days {first} to {last}",
)


FRENCH = Labels(
    lang="fr-CA",
    colon="\u00a0:",  # French puts a no-break space before a colon
    title="Votre liste de soins après le traitement",
    subtitle=(
        "Après un microaiguilletage : quoi faire, jour après jour, et quand demander de l'aide."
    ),
    treatment_date="Date du traitement",
    undated="Le jour 1 est le jour de votre traitement.",
    clinic="Clinique",
    phone="téléphone",
    email="courriel",
    after_hours="en dehors des heures d'ouverture",
    planned_for="Prévu en tenant compte de",
    why="Pourquoi",
    for_you="Pour vous",
    helps_prevent="Aide à prévenir",
    sections={
        SectionKind.FIRST_DAY: "Les 24 premières heures",
        SectionKind.DAYS_2_TO_3: "Jours 2 et 3",
        SectionKind.DAYS_4_TO_7: "Jours 4 à 7",
        SectionKind.WEEK_2_ON: "Semaine 2 et après",
        SectionKind.BEFORE_NEXT_SESSION: "Avant votre prochaine séance",
        SectionKind.IF_BREAKOUT: "Si des boutons apparaissent",
    },
    get_help="Quand demander de l'aide",
    urgencies={
        Urgency.EMERGENCY: (
            "Obtenez de l'aide d'urgence tout de suite si vous avez l'un de ces signes"
        ),
        Urgency.SAME_DAY: (
            "Demandez de l'aide aujourd'hui, comme le dit chaque signe,"
            " si vous avez l'un de ces signes"
        ),
        Urgency.WITHIN_DAYS: (
            "Contactez votre clinique d'ici un jour ou deux si vous avez l'un de ces signes"
        ),
        Urgency.NEXT_VISIT: (
            "Parlez-en à votre clinique à votre prochain rendez-vous"
            " si vous avez l'un de ces signes"
        ),
    },
    your_clinic="votre clinique",
    content="Contenu",
    urgent_title="Appelez maintenant ou aujourd'hui",
    urgent_more="Les autres signes à surveiller sont à la fin de cette fiche.",
    timeline_title="Votre guérison en un coup d'œil",
    avoid="À éviter",
    avoid_lead="évitez",
    nothing_to_avoid="Retour à votre routine habituelle si votre peau est calme.",
    nothing_more="Rien de plus à éviter ces jours-là.",
    for_you_title="Juste pour vous",
    for_you_intro="Ces étapes ont été ajoutées selon ce que vous avez dit à votre clinique.",
    prepared_for="Préparé pour",
    page="Page",
    always="Tous les jours jusqu'à la guérison",
    glance={
        "wait-before-first-wash": "le lavage pendant les premières heures",
        "no-makeup-first-day": "le maquillage",
        "no-gym-first-day": "l'entraînement",
        "light-activity-only": "l'entraînement intense",
        "no-sauna-or-hot-tub": "le sauna et le bain à remous",
        "no-swimming": "la baignade",
        "no-thick-creams": "les crèmes épaisses",
        "no-unapproved-serums": "les sérums",
        "avoid-harsh-products": "les soins forts",
        "no-hair-removal": "l'épilation",
        "no-antibiotic-ointments": "les onguents antibiotiques",
        "no-picking": "le grattage des croûtes et des peaux",
        "no-tanning": "le bronzage",
    },
    reviewed="Sources vérifiées le",
    reviewed_by=" par les auteurs de cette fiche. Ce n'était pas un examen médical",
    next_review="Prochaine vérification prévue le",
    approved="Approuvé pour cette clinique par {name}, {credentials}, le {date}.",
    unapproved={
        "sheet": "Aucun clinicien de {clinic} n'a encore approuvé cette fiche.",
        "messages": "Aucun clinicien de {clinic} n'a encore approuvé ces textos et courriels.",
        "check-in": "Aucun clinicien de {clinic} n'a encore approuvé ce questionnaire.",
    },
    months=(
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    weekdays=("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    short_months=(
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juill.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    ),
    date_format="{weekday} {day} {month}",
    short_format="{day} {month}",
    year_format="{date} {year}",
    first_of_month="1er",
    from_format="à partir du {date}",
    range_format="du {first} au {last}",
    from_day="À partir du jour {first}",
    one_day="Jour {first}",
    days="Jours {first} à {last}",
)

_BY_LOCALE = {"en": ENGLISH, "fr-CA": FRENCH}


def regional(checklist: Checklist) -> WhoToCall | None:
    """Return the "who to call" lines for the clinic's region, or ``None`` without one."""
    return checklist.regional


def labels_for(checklist: Checklist) -> Labels:
    """Return the labels for *checklist*'s language."""
    return _BY_LOCALE[checklist.locale]


def labels_for_locale(locale: str) -> Labels:
    """Return the labels for *locale* (French for any ``fr`` locale, else English)."""
    return FRENCH if locale.lower().startswith("fr") else ENGLISH

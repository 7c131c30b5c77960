"""Languages: which locales exist, the one way a locale name is read, and their words.

A locale is two files in ``microneedle_care/data``:

- ``messages/<locale>.json``, every word the package puts around the content (the
  sheet's, the texts' and emails', the FHIR resources', the command's and the regional
  lines'), read by :func:`messages`;
- ``content.<language>.json``, the translation of the content's patient-facing fields
  (English has none: ``content.json`` is written in it), applied by
  :func:`microneedle_care.translation.translate`.

The locales are the message files present, English first, so adding a locale adds no
code. :func:`normalise` is the one policy for a locale's name, used everywhere: case and
``_`` do not matter, a language alone (``"fr"``) names its one locale, and ``en-CA`` and
``en-US`` are English; anything else is an :exc:`~microneedle_care.errors.UnknownLocaleError`.
Data kept per *language* rather than per locale (the public ``max_segments`` of a
messaging policy, the names in ``regions.json``) is read through :func:`language` and
:func:`by_language`, which gives English's value to a language the data does not name.

A message file is a JSON object of sections (see ``data/messages.schema.json``):
``typography`` (``colon``: ``":"``, or a no-break space and ``":"`` in French), ``sheet``,
``sections`` (keyed by :class:`~microneedle_care.checklist.SectionKind` value),
``urgencies`` (keyed by :class:`~microneedle_care.model.Urgency` value), ``approval``,
``dates``, ``texts`` (texts and emails, the replies' confirmations, the email footer),
``fhir`` (resource titles and fixed sentences), ``cli`` (the check-in prompt's yes and
no) and ``regions`` (the sentences around a region's "who to call" data). A missing or
unknown key is a :exc:`~microneedle_care.errors.ContentError` naming the file and the key.

The text checker's cue words (negations, refutations...) are not here: they are tuned
with its masks, vetoes and phrasings, and stay in ``data/checker.json``, keyed by
canonical locale; a locale without them is one the checker does not read.
"""

from __future__ import annotations

import functools
import json
import os
import types
from collections.abc import Mapping
from typing import Any, TypeVar

import attrs

from ._repr import attrs_repr
from .errors import ContentError, Problem, UnknownLocaleError

__all__ = [
    "LOCALES",
    "Messages",
    "by_language",
    "language",
    "languages",
    "locales",
    "messages",
    "normalise",
]

_T = TypeVar("_T")
_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
_BASE = "en"
# Names that are not a locale's own name or its language alone.
_EXTRA_ALIASES = {"en-ca": "en", "en-us": "en"}


def _message_names() -> list[str]:
    folder = os.path.join(_DATA, "messages")
    try:
        names = os.listdir(folder)
    except OSError:  # not a directory on disk (a zip, for one): ask the import system
        from importlib import resources

        folder_ = resources.files("microneedle_care").joinpath("data", "messages")
        names = [path.name for path in folder_.iterdir()]
    return sorted(n[: -len(".json")] for n in names if n.endswith(".json") and "." not in n[:-5])


def locales() -> tuple[str, ...]:
    """Return the locales there are: one per message file, English first."""
    return _locales(_DATA)


@functools.cache
def _locales(folder: str) -> tuple[str, ...]:
    found = _message_names()
    return (_BASE, *(name for name in found if name != _BASE))


LOCALES: tuple[str, ...] = locales()
"""The locales the packaged content is available in."""


def languages() -> tuple[str, ...]:
    """Return the languages of the locales there are, English first (``("en", "es", "fr")``).

    The keys of data kept per language rather than per locale (see :func:`by_language`).
    """
    return tuple(dict.fromkeys(locale.split("-")[0].lower() for locale in locales()))


def _aliases() -> dict[str, str]:
    return _alias_table(_DATA)


@functools.cache
def _alias_table(folder: str) -> dict[str, str]:
    known = _locales(folder)
    out = dict(_EXTRA_ALIASES)
    languages: dict[str, list[str]] = {}
    for locale in known:
        languages.setdefault(locale.split("-")[0].lower(), []).append(locale)
    for language, names in languages.items():
        if len(names) == 1:
            out[language] = names[0]
    out.update({locale.lower(): locale for locale in known})
    return out


def normalise(locale: str) -> str:
    """Return the canonical name of *locale* (``"fr"`` and ``"fr_CA"`` give ``"fr-CA"``).

    Raises:
        UnknownLocaleError: If the content is not available in *locale* (a
            :exc:`ValueError`).

    >>> normalise("fr"), normalise("EN"), normalise("en-US")
    ('fr-CA', 'en', 'en')
    """
    found = _aliases().get(locale.replace("_", "-").lower()) if isinstance(locale, str) else None
    if found is None:
        raise UnknownLocaleError(locale, locales())
    return found


def language(locale: str) -> str:
    """Return the language of *locale* (any name :func:`normalise` accepts), lower case.

    The key of data kept per language rather than per locale: the public
    :attr:`~microneedle_care.messaging.MessagingPolicy.max_segments` and the names in
    ``regions.json``.

    Raises:
        UnknownLocaleError: If there is no such locale.

    >>> language("fr_CA"), language("en-US")
    ('fr', 'en')
    """
    return normalise(locale).split("-")[0].lower()


def by_language(values: Mapping[str, _T], locale: str) -> _T:
    """Return the value *values* holds for *locale*'s language, else English's.

    The one policy for data kept per language (keyed ``en``, ``fr``...): a locale whose
    language the data does not name (a locale added since) gets the English value.

    >>> by_language(dict(en=3, fr=7), "fr_CA"), by_language(dict(en=3), "fr")
    (7, 3)

    Raises:
        UnknownLocaleError: If there is no such locale.
    """
    lang = language(locale)
    return values[lang] if lang in values else values[_BASE]


def file_name(locale: str) -> str:
    """Return the content translation file of *locale* (a canonical name, not English)."""
    return f"content.{language(locale)}.json"


# The message file's sections and keys; a list is a list of that many strings, a tuple
# of names an object with exactly those keys.
_MONTHS = 12
_WEEKDAYS = 7
_SHEET = (
    *("title", "subtitle", "treatment_date", "undated", "clinic", "phone", "email"),
    *("after_hours", "planned_for", "why", "for_you", "helps_prevent", "get_help"),
    *("your_clinic", "content", "urgent_title", "urgent_more", "timeline_title", "avoid"),
    *("avoid_lead", "nothing_to_avoid", "nothing_more", "for_you_title", "for_you_intro"),
    *("prepared_for", "page", "always", "treatment", "treatments", "still_avoid"),
    *("urgent_now", "urgent_today", "quick_hint", "back_to_list"),
)
_APPROVAL = ("reviewed", "reviewed_by", "next_review", "approved", "unapproved")
_UNAPPROVED = ("sheet", "messages", "check-in")
_DATES_TEXT = (
    *("date_format", "short_format", "year_format", "first_of_month", "from_format"),
    *("range_format", "from_day", "one_day", "days", "two_days"),
)
_DATES_LISTS = {"months": _MONTHS, "weekdays": _WEEKDAYS, "short_months": _MONTHS}
# The schedule's texts and emails, the texts under a messaging policy, the replies'
# confirmations and the email footer.
_TEXTS = (
    *("day", "day_one", "start", "end", "watch", "watch_911", "watch_no_phone", "sms_call"),
    *("subject", "subject_no_clinic", "days", "two_days", "from_day", "hi", "call_short"),
    *("call_min", "stop", "stop_shorter", "visit", "link", "emergency", "emergency_short"),
    *("confirm_stop", "confirm_start", "help", "help_call", "footer", "unsubscribe"),
    *("or_call", "us"),
)
_FHIR = (
    *("plan_title", "questionnaire_title", "check_in_title", "answers", "risk_condition"),
    *(
        "no_risk_factor",
        "breakout_condition",
        "treatment_condition",
        "review",
        "next_review",
        "no_subject",
    ),
)
_ANSWERS = ("yes", "no", "unsure")
_CLI = (
    "lead_case",
    "yes",
    "no",
    "yes_no",
    "normal_after_sign",
    "normal_after_signs",
    "normal_repeat",
    "normal_repeat_with",
)
_REGIONS = ("same_day", "service", "emergency", "sms")
# Keys whose value is a list of strings: of that many, or of any number (None).
_LISTS: dict[tuple[str, str], int | None] = {
    **{("dates", key): count for key, count in _DATES_LISTS.items()},
    ("texts", "stop_shorter"): None,
}
# Keys whose value is an object with exactly these keys, each a string.
_NESTED = {("approval", "unapproved"): _UNAPPROVED, ("fhir", "answers"): _ANSWERS}


def _spec(keyed: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    return {
        "typography": ("colon",),
        "sheet": _SHEET,
        "sections": keyed["sections"],
        "urgencies": keyed["urgencies"],
        "approval": _APPROVAL,
        "dates": (*_DATES_LISTS, *_DATES_TEXT),
        "texts": _TEXTS,
        "fhir": _FHIR,
        "cli": _CLI,
        "regions": _REGIONS,
    }


# Sections keyed by the content's own values (a SectionKind, an Urgency): the English file
# decides their keys, and every other locale must have the same (tests check English's
# against the enums, which this module does not import: checklist imports it).
_KEYED = ("sections", "urgencies")


def _check(
    data: object, locale: str, source: str, keyed: Mapping[str, tuple[str, ...]] | None
) -> dict[str, Any]:
    """Return *data* if it is a complete message file for *locale*; else raise."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        raise ContentError(source, (Problem("$", "must be an object"),))
    if keyed is None:  # English: its own keys
        keyed = {
            name: tuple(data[name]) if isinstance(data.get(name), dict) else () for name in _KEYED
        }
    spec = _spec(keyed)

    def keys(
        path: str, value: object, wanted: tuple[str, ...], ignore: tuple[str, ...] = ()
    ) -> bool:
        if not isinstance(value, dict):
            problems.append(Problem(path, "must be an object"))
            return False
        for key in wanted:
            if key not in value:
                problems.append(Problem(f"{path}.{key}", "missing"))
        for key in sorted(set(value) - set(wanted) - set(ignore)):
            problems.append(Problem(f"{path}.{key}", "not a known message"))
        return True

    def text(path: str, value: object) -> None:
        if not isinstance(value, str):
            problems.append(Problem(path, "must be a string"))

    keys("$", data, ("locale", *spec), ignore=("$schema",))
    if data.get("locale") != locale:
        problems.append(Problem("$.locale", f"must be {locale!r}, the file's own locale"))
    for section, wanted in spec.items():
        value = data.get(section)
        if value is None or not keys(f"$.{section}", value, wanted):
            continue
        for key in wanted:
            if key not in value:
                continue
            path = f"$.{section}.{key}"
            if (section, key) in _LISTS:
                words = value[key]
                count = _LISTS[section, key]
                if not isinstance(words, list) or count not in (None, len(words)):
                    what = "strings" if count is None else f"{count} strings"
                    problems.append(Problem(path, f"must be a list of {what}"))
                else:
                    for index, word in enumerate(words):
                        text(f"{path}[{index}]", word)
            elif (section, key) in _NESTED:
                names = _NESTED[section, key]
                if keys(path, value[key], names):
                    for name in names:
                        if name in value[key]:
                            text(f"{path}.{name}", value[key][name])
            else:
                text(path, value[key])
    if problems:
        raise ContentError(source, tuple(problems))
    return data


def read_data(*parts: str) -> bytes:
    """Return a packaged data file (``read_data("messages", "en.json")``)."""
    try:
        with open(os.path.join(_DATA, *parts), "rb") as stream:
            return stream.read()
    except OSError:
        from importlib import resources

        return resources.files("microneedle_care").joinpath("data", *parts).read_bytes()


def _read(name: str) -> bytes:
    return read_data("messages", name)


@attrs.frozen(kw_only=True, eq=False)  # one per locale: compared by identity
class Messages:
    """The words of one locale, as its message file has them (see the module's notes).

    Attributes:
        locale: The canonical locale.
        colon: What follows a label: ``":"``, or a no-break space and ``":"`` in French.
        sheet: The sheet's words, by key (``"title"``, ``"avoid"``...).
        sections: A section's title, by :class:`~microneedle_care.checklist.SectionKind` value.
        urgencies: A group of warning signs' heading, by :class:`~microneedle_care.model.Urgency`
            value.
        approval: The review and approval lines (``"approved"`` is a format).
        unapproved: The line for an output no clinician approved, by output.
        months: The twelve months' names.
        weekdays: The seven weekdays' names, Monday first.
        short_months: The months' short names.
        dates: The date formats and day-band words.
        texts: The words of texts and emails, by key (``"day"``, ``"stop"``...): the
            schedule's texts and emails, the texts under a messaging policy, the
            replies' confirmations and the email footer.
        stops: How a text says to opt out, from the fullest form to the shortest
            (``texts.stop``, then ``texts.stop_shorter``).
        fhir: The titles and fixed sentences of FHIR resources, by key.
        answers: A FHIR questionnaire's answers, by code (``"yes"``, ``"no"``, ``"unsure"``).
        cli: The check-in's words: ``yes`` and ``no`` (the letter a reply starts with),
            ``yes_no`` (the hint after a question), and ``normal_after_sign`` and
            ``normal_after_signs``, what starts the note on normal healing after one sign,
            or more, answered "yes"; ``normal_repeat``, words of the normal-healing summary
            that would say "this is normal" again after that lead-in, and
            ``normal_repeat_with``, what the note says in their place; ``lead_case``,
            ``"lower"`` where a sentence goes on in lower case after such a lead-in's
            colon (French, Spanish), else ``"keep"``.
        regions: The sentences around a region's "who to call" data, by key.
    """

    __repr__ = attrs_repr

    locale: str
    colon: str
    sheet: Mapping[str, str]
    sections: Mapping[str, str]
    urgencies: Mapping[str, str]
    approval: Mapping[str, str]
    unapproved: Mapping[str, str]
    months: tuple[str, ...]
    weekdays: tuple[str, ...]
    short_months: tuple[str, ...]
    dates: Mapping[str, str]
    texts: Mapping[str, str]
    stops: tuple[str, ...]
    fhir: Mapping[str, str]
    answers: Mapping[str, str]
    cli: Mapping[str, str]
    regions: Mapping[str, str]


def messages(locale: str) -> Messages:
    """Return the words of *locale* (any name :func:`normalise` accepts), read once.

    Raises:
        UnknownLocaleError: If there is no such locale.
        ContentError: If its message file is not valid JSON or lacks, or adds, a key.
    """
    return _messages(_DATA, normalise(locale))


def _decoded(locale: str) -> tuple[dict[str, Any], str]:
    source = f"microneedle_care/data/messages/{locale}.json"
    try:
        data = json.loads(_read(f"{locale}.json").decode("utf-8"))
    except (OSError, ValueError) as error:
        raise ContentError(source, (Problem("$", f"cannot be read: {error}"),)) from error
    return data, source


@functools.cache
def _messages(folder: str, locale: str) -> Messages:
    data, source = _decoded(locale)
    keyed = None
    if locale != _BASE:
        base = _messages(folder, _BASE)
        keyed = {"sections": tuple(base.sections), "urgencies": tuple(base.urgencies)}
    data = _check(data, locale, source, keyed)
    dates = data["dates"]
    approval = data["approval"]
    texts = data["texts"]
    fhir = data["fhir"]

    def frozen(value: Mapping[str, str]) -> Mapping[str, str]:
        return types.MappingProxyType(dict(value))

    return Messages(
        locale=locale,
        colon=data["typography"]["colon"],
        sheet=frozen(data["sheet"]),
        sections=frozen(data["sections"]),
        urgencies=frozen(data["urgencies"]),
        approval=frozen({k: v for k, v in approval.items() if k != "unapproved"}),
        unapproved=frozen(approval["unapproved"]),
        months=tuple(dates["months"]),
        weekdays=tuple(dates["weekdays"]),
        short_months=tuple(dates["short_months"]),
        dates=frozen({k: dates[k] for k in _DATES_TEXT}),
        texts=frozen({k: v for k, v in texts.items() if k != "stop_shorter"}),
        stops=(texts["stop"], *texts["stop_shorter"]),
        fhir=frozen({k: v for k, v in fhir.items() if k != "answers"}),
        answers=frozen(fhir["answers"]),
        cli=frozen(data["cli"]),
        regions=frozen(data["regions"]),
    )

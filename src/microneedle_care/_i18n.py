"""Languages: which locales exist, the one way a locale name is read, and their words.

A locale is two files in ``microneedle_care/data``:

- ``messages/<locale>.json``, every word the package puts around the content (the
  sheet's headings, sections, urgencies, approval lines, months, weekdays and date
  formats), read by :func:`messages`;
- ``content.<language>.json``, the translation of the content's patient-facing fields
  (English has none: ``content.json`` is written in it), applied by
  :func:`microneedle_care.translation.translate`.

The locales are the message files present, English first, so adding a locale adds no
code. :func:`normalise` is the one policy for a locale's name, used everywhere: case and
``_`` do not matter, a language alone (``"fr"``) names its one locale, and ``en-CA`` and
``en-US`` are English; anything else is an :exc:`~microneedle_care.errors.UnknownLocaleError`.

A message file is a JSON object of sections (see ``data/messages.schema.json``):
``typography`` (``colon``: ``":"``, or a no-break space and ``":"`` in French), ``sheet``,
``sections`` (keyed by :class:`~microneedle_care.checklist.SectionKind` value),
``urgencies`` (keyed by :class:`~microneedle_care.model.Urgency` value), ``approval`` and
``dates``. Words that other
outputs use (texts and emails, FHIR, the command's prompts, the checker's cue words) are
to join as further sections. A missing or unknown key is a
:exc:`~microneedle_care.errors.ContentError` naming the file and the key.
"""

from __future__ import annotations

import functools
import json
import os
import types
from collections.abc import Mapping
from typing import Any

import attrs

from .errors import ContentError, Problem, UnknownLocaleError

__all__ = ["LOCALES", "Messages", "locales", "messages", "normalise"]

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


def file_name(locale: str) -> str:
    """Return the content translation file of *locale* (a canonical name, not English)."""
    return f"content.{locale.split('-')[0]}.json"


# The message file's sections and keys; a list is a list of that many strings, a tuple
# of names an object with exactly those keys.
_MONTHS = 12
_WEEKDAYS = 7
_SHEET = (
    *("title", "subtitle", "treatment_date", "undated", "clinic", "phone", "email"),
    *("after_hours", "planned_for", "why", "for_you", "helps_prevent", "get_help"),
    *("your_clinic", "content", "urgent_title", "urgent_more", "timeline_title", "avoid"),
    *("avoid_lead", "nothing_to_avoid", "nothing_more", "for_you_title", "for_you_intro"),
    *("prepared_for", "page", "always"),
)
_APPROVAL = ("reviewed", "reviewed_by", "next_review", "approved", "unapproved")
_UNAPPROVED = ("sheet", "messages", "check-in")
_DATES_TEXT = (
    *("date_format", "short_format", "year_format", "first_of_month", "from_format"),
    *("range_format", "from_day", "one_day", "days", "two_days"),
)
_DATES_LISTS = {"months": _MONTHS, "weekdays": _WEEKDAYS, "short_months": _MONTHS}


def _spec(keyed: Mapping[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    return {
        "typography": ("colon",),
        "sheet": _SHEET,
        "sections": keyed["sections"],
        "urgencies": keyed["urgencies"],
        "approval": _APPROVAL,
        "dates": (*_DATES_LISTS, *_DATES_TEXT),
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
            if section == "dates" and key in _DATES_LISTS:
                words = value[key]
                count = _DATES_LISTS[key]
                if not isinstance(words, list) or len(words) != count:
                    problems.append(Problem(path, f"must be a list of {count} strings"))
                else:
                    for index, word in enumerate(words):
                        text(f"{path}[{index}]", word)
            elif section == "approval" and key == "unapproved":
                if keys(path, value[key], _UNAPPROVED):
                    for name in _UNAPPROVED:
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
    """

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
    )

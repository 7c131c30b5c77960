"""Who a patient calls, by where the clinic is: nurse lines and urgent-care words.

A :class:`~microneedle_care.checklist.ClinicContact` may name the clinic's region, as an
ISO 3166-2 code such as ``"CA-ON"`` or ``"US-NY"``. The packaged ``data/regions.json``
lists, per region, the public nurse line (Ontario's Health811, Québec's Info-Santé 811,
...), the emergency number and the words for same-day care that fit there, each checked
against the government's own page. A code without an entry of its own uses its
country's entry (``"US-NY"`` uses ``"US"``); a country with no entry gets no regional
line, and without a region no province is ever named.

>>> help = who_to_call("CA-ON", "en")
>>> help.service
'In Ontario, you can also call Health811 (dial 811) to talk to a nurse.'
>>> who_to_call("CA-ON", "fr-CA").service
'En Ontario, vous pouvez aussi appeler Santé811 (composez le 811) pour parler à une infirmière.'
>>> us = who_to_call("US-NY", "en")
>>> us.entry, us.service
('US', None)
>>> us.same_day.endswith("Then go to an urgent care center or an emergency room.")
True
>>> who_to_call(None, "en") is None, who_to_call("FR-75", "en") is None
(True, True)
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

import attrs

from ._i18n import languages
from ._repr import attrs_repr
from .errors import ContentError, InvalidTypeError, InvalidValueError, Problem

__all__ = [
    "GOVERNMENT_DOMAINS",
    "REGION_PATTERN",
    "Reference",
    "Region",
    "Service",
    "WhoToCall",
    "normalise_region",
    "parse_regions",
    "region",
    "who_to_call",
]

REGION_PATTERN = re.compile(r"[A-Z]{2}(?:-[A-Z0-9]{1,3})?")
"""What a region code looks like, an ISO 3166-2 code (``CA-ON``) or a country alone (``US``)."""

_FILE = "regions.json"

# The domains whose pages may verify an entry: the governments' and their health
# services' own sites. A mirror, a news story or a reprint is not enough.
GOVERNMENT_DOMAINS = (
    "ontario.ca",
    "quebec.ca",
    "gouv.qc.ca",
    "gov.bc.ca",
    "healthlinkbc.ca",
    "islandhealth.ca",
    "alberta.ca",
    "albertahealthservices.ca",
    "crtc.gc.ca",
    "canada.ca",
    "fcc.gov",
)
"""Where a ``verified_at`` address may point (the domain or one of its subdomains)."""


def normalise_region(value: object, field: str = "ClinicContact.region") -> str | None:
    """Check a region code and return it in capitals; ``None`` stays ``None``.

    Raises:
        InvalidTypeError: If *value* is not a string.
        InvalidValueError: If it is not shaped like an ISO 3166-2 code; the message names
            *field* and the value.

    >>> normalise_region(" ca-qc ")
    'CA-QC'
    >>> normalise_region("Ontario")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    microneedle_care.errors.InvalidValueError: ClinicContact.region must be an ISO 3166-2 ...
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidTypeError(f"{field} must be a string, got {type(value).__name__}")
    code = value.strip().upper()
    if not code.isascii() or REGION_PATTERN.fullmatch(code) is None:
        raise InvalidValueError(
            f"{field} must be an ISO 3166-2 code such as 'CA-ON' or 'US-NY', got {value!r}"
        )
    return code


@attrs.frozen(kw_only=True)
class Reference:
    """The government page an entry was checked against."""

    __repr__ = attrs_repr

    title: str
    url: str
    verified_at: str
    verified_on: str
    supports: str


@attrs.frozen(kw_only=True)
class Service:
    """A public nurse or health-advice line, in each language."""

    __repr__ = attrs_repr

    name: Mapping[str, str]
    number: str
    use: Mapping[str, str]


@attrs.frozen(kw_only=True)
class Region:
    """One entry of ``regions.json``.

    Attributes:
        code: The entry's code: ``"CA-ON"``, or a country such as ``"US"``.
        name: The region's name per language (``"en"``, ``"fr"``).
        where: "In Ontario" per language, to open a sentence.
        emergency: The emergency number.
        service: The public nurse line, if the region has one that was checked.
        urgent_care: Where to go for same-day care, per language ("to a walk-in clinic").
        references: The government pages it was checked against.
    """

    __repr__ = attrs_repr

    code: str
    name: Mapping[str, str]
    where: Mapping[str, str]
    emergency: str
    service: Service | None
    urgent_care: Mapping[str, str]
    references: tuple[Reference, ...]


@attrs.frozen(kw_only=True)
class WhoToCall:
    """The regional "who to call" lines for one clinic region, in one language.

    Attributes:
        code: The region code asked for (``"US-NY"``).
        entry: The entry it came from (``"US"``).
        same_day: Where to go when the clinic cannot see the patient the same day.
        service: The public nurse line, as a sentence naming the region; ``None`` when
            the region has none (the United States) or none was checked.
        emergency: The emergency number, as a sentence.
        sms: The nurse line in a few words, for a text message; ``None`` without one.
    """

    __repr__ = attrs_repr

    code: str
    entry: str
    same_day: str
    service: str | None
    emergency: str
    sms: str | None

    @property
    def lines(self) -> tuple[str, ...]:
        """Return every sentence in order (same-day care, the nurse line, the emergency number)."""
        return tuple(s for s in (self.same_day, self.service, self.emergency) if s)


def region(code: str | None) -> Region | None:
    """Return the entry for *code*: its own, else its country's; ``None`` if neither.

    Raises:
        InvalidValueError: If *code* is not shaped like an ISO 3166-2 code.

    >>> region("US-NY").code, region("CA-QC").service.name["fr"]
    ('US', 'Info-Santé 811')
    """
    key = normalise_region(code, "region")
    if key is None:
        return None
    entries = _entries()
    return entries.get(key) or entries.get(key[:2])


def who_to_call(code: str | None, locale: str = "en") -> WhoToCall | None:
    """Return the regional lines for a clinic in *code*, in *locale*'s language.

    ``None`` without a region or for a country with no entry: then nothing regional is
    shown, and no province is named.

    Raises:
        InvalidValueError: If *code* is not shaped like an ISO 3166-2 code.
        UnknownLocaleError: If there is no such locale.
    """
    entry = region(code)
    if entry is None or code is None:
        return None
    from ._i18n import by_language, messages

    # The sentences are the message file's "regions" words; the names in them are
    # regions.json's, per language (English for a locale added since it was written).
    words = messages(locale).regions
    service = sms = None
    if entry.service is not None:
        name = by_language(entry.service.name, locale)
        service = words["service"].format(
            where=by_language(entry.where, locale),
            name=name,
            number=entry.service.number,
            use=by_language(entry.service.use, locale),
        )
        sms = words["sms"].format(name=name, number=entry.service.number)
    return WhoToCall(
        code=code.strip().upper(),
        entry=entry.code,
        same_day=words["same_day"].format(urgent_care=by_language(entry.urgent_care, locale)),
        service=service,
        emergency=words["emergency"].format(number=entry.emergency),
        sms=sms,
    )


@functools.cache
def _entries() -> dict[str, Region]:
    from . import _io
    from .loading import _read_data

    return parse_regions(_io.decode_json(_read_data(_FILE), _FILE), source=_FILE)


def _urlsplit(url: str) -> Any:
    # urllib.parse costs about 2 ms to import: only when the regions data is checked.
    from urllib.parse import urlsplit

    return urlsplit(url)


def parse_regions(data: object, *, source: str = _FILE) -> dict[str, Region]:
    """Check the regions data and return its entries by code.

    Raises:
        ContentError: Listing every problem with its path: a missing or mistyped field,
            a code that is not ISO 3166-2, a language missing, or a ``verified_at``
            address that is not on a government's own site.
    """
    problems: list[Problem] = []

    def bad(path: str, message: str) -> None:
        problems.append(Problem(path, message))

    def text(obj: Mapping[str, Any], key: str, path: str) -> str:
        value = obj.get(key)
        if not isinstance(value, str) or not value.strip():
            bad(f"{path}.{key}", "expected a non-empty string")
            return ""
        return value

    def langs(obj: Mapping[str, Any], key: str, path: str) -> dict[str, str]:
        value = obj.get(key)
        known = languages()
        if not isinstance(value, dict):
            bad(f"{path}.{key}", f"expected an object with 'en' and any of {', '.join(known[1:])}")
            return {"en": ""}
        for lang in sorted(set(value) - set(known)):
            bad(f"{path}.{key}.{lang}", f"unknown language; use one of {', '.join(known)}")
        return {
            lang: text(value, lang, f"{path}.{key}")
            for lang in known
            if lang in value or lang == "en"
        }

    if not isinstance(data, dict) or not isinstance(data.get("regions"), dict):
        raise ContentError(source, (Problem("$.regions", "expected an object of regions"),))
    if data.get("format") != "microneedle-care/regions" or data.get("format_version") != 1:
        bad("$.format", "expected 'microneedle-care/regions', format version 1")
    out: dict[str, Region] = {}
    for code, raw in data["regions"].items():
        path = f"$.regions.{code}"
        if REGION_PATTERN.fullmatch(code) is None:
            bad(path, "the key must be an ISO 3166-2 code such as 'CA-ON', or a country")
        if not isinstance(raw, dict):
            bad(path, "expected an object")
            continue
        known = {"name", "where", "emergency", "service", "urgent_care", "references"}
        for key in sorted(set(raw) - known):
            bad(f"{path}.{key}", "unknown field")
        service = None
        if raw.get("service") is not None:
            spec = raw["service"]
            if not isinstance(spec, dict):
                bad(f"{path}.service", "expected an object or null")
            else:
                number = text(spec, "number", f"{path}.service")
                if number and not number.isdigit():
                    bad(f"{path}.service.number", "expected the digits to dial")
                service = Service(
                    name=langs(spec, "name", f"{path}.service"),
                    number=number,
                    use=langs(spec, "use", f"{path}.service"),
                )
        emergency = text(raw, "emergency", path)
        if emergency and not emergency.isdigit():
            bad(f"{path}.emergency", "expected the digits to dial")
        refs = raw.get("references")
        references = []
        if not isinstance(refs, list) or not refs:
            bad(f"{path}.references", "expected at least one reference")
            refs = []
        for index, ref in enumerate(refs):
            rpath = f"{path}.references[{index}]"
            if not isinstance(ref, dict):
                bad(rpath, "expected an object")
                continue
            fields = {k: text(ref, k, rpath) for k in attrs.fields_dict(Reference)}
            host = (_urlsplit(fields["verified_at"]).hostname or "").lower()
            if fields["verified_at"] and not any(
                host == d or host.endswith("." + d) for d in GOVERNMENT_DOMAINS
            ):
                bad(f"{rpath}.verified_at", f"{host!r} is not a government's own site")
            day = fields["verified_on"]
            if day and re.fullmatch(r"\d{4}-\d\d-\d\d", day) is None:
                bad(f"{rpath}.verified_on", "expected a date, YYYY-MM-DD")
            references.append(Reference(**fields))
        out[code] = Region(
            code=code,
            name=langs(raw, "name", path),
            where=langs(raw, "where", path),
            emergency=emergency,
            service=service,
            urgent_care=langs(raw, "urgent_care", path),
            references=tuple(references),
        )
    if problems:
        raise ContentError(source, tuple(problems))
    return out

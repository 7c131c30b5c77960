"""Translations of the content: applying one, and finding the parts that went stale.

A translation file (``data/content.<language>.json``, see ``data/translation.schema.json``)
holds every patient-facing field of every item, keyed by kind, then id, then field name.
Clinician-facing fields and references stay in English. Applying it checks parity: an id
or field that is missing, or one the content does not have, refuses the whole file.

**Fingerprints.** Each translated item records, under ``"$source"``, a fingerprint of the
English of each field it translates: the first 12 hex digits of the sha256 of the English
text, as UTF-8 (:func:`fingerprint`). The file's top-level ``"$source"`` does the same for
the disclaimer. When someone edits an English field, its fingerprint no longer matches, and
:func:`stale` names the field, as gettext marks a changed message *fuzzy*. Per field rather
than per item, so the report says which sentence to look at again.

**Phrasings.** A translation file may also carry the checker's patterns in its own
language, under ``"phrasings"``: kind, then id, then field (``phrasings`` of a myth,
``contradicted_by`` of a step), then a list of patterns. They join the English ones in
that locale's catalog (``content.json`` stays English alone), so
:func:`~microneedle_care.check.check_text` finds them in the locale's catalog.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping

import attrs

from ._i18n import LOCALES, file_name, locales, normalise, read_data
from .errors import ContentError, Problem
from .model import KINDS, ContentPack, Review, patient_fields

__all__ = [
    "LOCALES",
    "StaleField",
    "Translation",
    "TranslationReview",
    "add_phrasings",
    "fingerprint",
    "normalise",
    "stale",
    "translate",
]

TRANSLATED_KINDS = tuple(kind.attribute for kind in KINDS if kind.translated)
"""The kinds of item a translation file translates."""

FINGERPRINT_LENGTH = 12
"""Hex digits kept of the sha256 of an English field in a translation's ``"$source"``."""

SOURCE_KEY = "$source"
_PHRASING_FIELDS = {"myths": "phrasings", "aftercare_steps": "contradicted_by"}


def fingerprint(text: str) -> str:
    """Return the fingerprint of an English field: 12 hex digits of its sha256.

    >>> fingerprint("Do not wear makeup for the first 24 hours.")
    '1d6247559b32'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


@attrs.frozen(kw_only=True)
class TranslationReview:
    """How a translation was made and checked: its file's ``"review"`` object.

    :func:`translate` adds it to the translated content's
    :class:`~microneedle_care.model.Review`, so the review record of a catalog in that
    locale (and of every checklist built from it) says how its words came to be.

    Attributes:
        translated: How it was translated, and by whom.
        checked: Each check it had (a back-translation, an independent read...): who did
            it, how, and what came of it.
        certified_medical_translator: Whether a certified medical translator has reviewed
            it.

    .. versionadded:: 0.7.0
    """

    translated: str
    checked: tuple[str, ...]
    certified_medical_translator: bool


@attrs.frozen(kw_only=True)
class Translation:
    """The decoded translation file of one locale (without its fingerprints)."""

    locale: str
    content_version: str
    disclaimer: str
    causes: dict[str, dict[str, str]]
    risk_factors: dict[str, dict[str, str]]
    aftercare_steps: dict[str, dict[str, str]]
    warning_signs: dict[str, dict[str, str]]
    myths: dict[str, dict[str, str]]
    phrasings: dict[str, dict[str, dict[str, list[str]]]] = attrs.Factory(dict)
    treatments: dict[str, dict[str, str]] = attrs.Factory(dict)
    review: TranslationReview | None = None


@attrs.frozen(kw_only=True)
class StaleField:
    """A translated field whose English changed after it was translated.

    Attributes:
        locale: The translation's locale.
        path: Where, in the translation file (``$.aftercare_steps['no-picking'].action``).
        recorded: The fingerprint the translation records (``""`` if none).
        current: The fingerprint of the English now.
    """

    locale: str
    path: str
    recorded: str
    current: str

    def __str__(self) -> str:
        if not self.recorded:
            return f"{self.locale} {self.path}: no fingerprint of the English it translates"
        return f"{self.locale} {self.path}: the English changed since it was translated"


def _without_fingerprints(data: object) -> object:
    """Return the translation *data* without its ``$schema`` and ``$source`` keys."""
    if not isinstance(data, dict):
        return data
    out = {k: v for k, v in data.items() if k not in ("$schema", SOURCE_KEY)}
    for kind in TRANSLATED_KINDS:
        texts = out.get(kind)
        if isinstance(texts, dict):
            out[kind] = {
                id_: {k: v for k, v in fields.items() if k != SOURCE_KEY}
                if isinstance(fields, dict)
                else fields
                for id_, fields in texts.items()
            }
    return out


def translate(pack: ContentPack, data: object, *, source: str) -> ContentPack:
    """Return *pack* with every patient-facing field replaced from the translation *data*.

    A field that is empty in English (a step without a ``short`` name) has no translation.

    Raises:
        ContentError: If *data* is malformed, is for another content version, or lacks
            (or adds) any id or patient-facing field; every problem is listed.
    """
    from ._converter import structure  # imports cattrs: only when JSON must be structured

    translation = structure(_without_fingerprints(data), Translation, source=source)
    problems: list[Problem] = []
    if translation.content_version != pack.content_version:
        problems.append(
            Problem(
                "$.content_version",
                f"translates content {translation.content_version},"
                f" but the content is {pack.content_version}",
            )
        )
    if not translation.disclaimer.strip():
        problems.append(Problem("$.disclaimer", "must not be empty"))
    changes: dict[str, tuple[object, ...]] = {}
    for kind in TRANSLATED_KINDS:
        texts: dict[str, dict[str, str]] = getattr(translation, kind)
        items = getattr(pack, kind)
        known = {item.id for item in items}
        for extra in sorted(set(texts) - known):
            problems.append(Problem(f"$.{kind}[{extra!r}]", f"{extra!r} is not in the content"))
        translated = []
        for item in items:
            path = f"$.{kind}[{item.id!r}]"
            fields = texts.get(item.id)
            if fields is None:
                problems.append(Problem(path, f"no translation of {item.id!r}"))
                translated.append(item)
                continue
            wanted = [n for n in patient_fields(type(item)) if getattr(item, n)]
            for name in wanted:
                if not fields.get(name, "").strip():
                    problems.append(Problem(f"{path}.{name}", "missing translation"))
            for name in sorted(set(fields) - set(wanted)):
                problems.append(Problem(f"{path}.{name}", "not a patient-facing field"))
            translated.append(attrs.evolve(item, **{n: fields[n] for n in wanted if n in fields}))
        changes[kind] = tuple(translated)
    for kind, by_id in sorted(translation.phrasings.items()):
        field = _PHRASING_FIELDS.get(kind)
        if field is None:
            problems.append(Problem(f"$.phrasings.{kind}", "only myths and aftercare_steps"))
            continue
        known = {item.id for item in getattr(pack, kind)}
        for id_, lists in by_id.items():
            if id_ not in known:
                problems.append(
                    Problem(f"$.phrasings.{kind}[{id_!r}]", f"{id_!r} is not in the content")
                )
            for name in sorted(set(lists) - {field}):
                problems.append(Problem(f"$.phrasings.{kind}[{id_!r}].{name}", f"not {field!r}"))
    if problems:
        raise ContentError(source, tuple(problems))
    pack = attrs.evolve(pack, disclaimer=translation.disclaimer, **changes)  # type: ignore[arg-type]
    if translation.review is not None and pack.review is not None:
        review = _with_translation(pack.review, translation.locale, translation.review)
        pack = attrs.evolve(pack, review=review)
    return pack


def _with_translation(record: Review, locale: str, review: TranslationReview) -> Review:
    """Return the review *record* with how the *locale* translation was made and checked."""
    certified = (
        "A certified medical translator has reviewed it."
        if review.certified_medical_translator
        else "No certified medical translator has reviewed it yet."
    )
    lines = (
        f"The {locale} translation: {review.translated} {certified}",
        *(f"The {locale} translation: {line}" for line in review.checked),
    )
    return attrs.evolve(record, reviewed_against=(*record.reviewed_against, *lines))


def add_phrasings(english: object, translations: Mapping[str, object]) -> object:
    """Return the decoded English *english* with the phrasings of each translation added.

    *translations* maps a locale to its decoded translation file. Each pattern becomes a
    phrasing in that locale's language (``"fr"`` for ``"fr-CA"``), after the item's own.
    The content's rules then check them with the rest. Malformed phrasings are left for
    :func:`translate` to report with their path.
    """
    if not isinstance(english, dict):
        return english
    out = dict(english)
    for locale, data in translations.items():
        found = data.get("phrasings") if isinstance(data, dict) else None
        if not isinstance(found, dict):
            continue
        language = locale.split("-")[0]
        for kind, field in _PHRASING_FIELDS.items():
            by_id = found.get(kind)
            items = out.get(kind)
            if not isinstance(by_id, dict) or not isinstance(items, list):
                continue
            new_items = []
            for item in items:
                patterns = by_id.get(item.get("id")) if isinstance(item, dict) else None
                if isinstance(patterns, dict) and isinstance(patterns.get(field), list):
                    extra = [{"locale": language, "pattern": p} for p in patterns[field]]
                    item = {**item, field: [*item.get(field, []), *extra]}
                new_items.append(item)
            out[kind] = new_items
    return out


def _packaged(name: str) -> object:
    try:
        return json.loads(read_data(name).decode("utf-8"))
    except (OSError, ValueError) as error:
        source = f"microneedle_care/data/{name}"
        raise ContentError(source, (Problem("$", f"cannot be read: {error}"),)) from error


def stale(
    locale: str, *, english: object | None = None, translation: object | None = None
) -> tuple[StaleField, ...]:
    """Return the translated fields of *locale* whose English changed since, in file order.

    By default this compares the packaged files; pass the decoded *english* content and
    *translation* file to compare others. A field without a fingerprint counts as stale.
    English has no translation: its answer is always empty.

    Raises:
        UnknownLocaleError: If there is no such locale.
        ContentError: If a packaged file cannot be read.
    """
    locale = normalise(locale)
    if locale == locales()[0]:
        return ()
    if english is None:
        english = _packaged("content.json")
    if translation is None:
        translation = _packaged(file_name(locale))
    if not isinstance(english, dict) or not isinstance(translation, dict):
        return ()
    out: list[StaleField] = []

    def compare(path: str, text: object, recorded: object) -> None:
        now = fingerprint(text) if isinstance(text, str) else ""
        was = recorded if isinstance(recorded, str) else ""
        if now != was:
            out.append(StaleField(locale=locale, path=path, recorded=was, current=now))

    top = translation.get(SOURCE_KEY)
    top = top if isinstance(top, dict) else {}
    compare("$.disclaimer", english.get("disclaimer"), top.get("disclaimer"))
    for kind in TRANSLATED_KINDS:
        texts = translation.get(kind)
        items = english.get(kind)
        if not isinstance(texts, dict) or not isinstance(items, list):
            continue
        by_id = {item.get("id"): item for item in items if isinstance(item, dict)}
        for id_, fields in texts.items():
            if not isinstance(fields, dict) or id_ not in by_id:
                continue  # translate() reports these
            recorded = fields.get(SOURCE_KEY)
            recorded = recorded if isinstance(recorded, dict) else {}
            for name in fields:
                if name != SOURCE_KEY:
                    path = f"$.{kind}[{id_!r}].{name}"
                    compare(path, by_id[id_].get(name), recorded.get(name))
    return tuple(out)

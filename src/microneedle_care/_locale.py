"""Languages: which locales exist, and how a translation file is applied to content.

A translation file (``data/content.<lang>.json``) holds every patient-facing field of
every item, keyed by kind, then id, then field name. Clinician-facing fields and
references stay in English. Applying it checks parity: an id or field that is missing,
or one the content does not have, refuses the whole file.
"""

from __future__ import annotations

import attrs

from .errors import ContentError, Problem, UnknownLocaleError
from .model import KINDS, ContentPack, patient_fields

__all__ = ["LOCALES", "Translation", "normalise", "translate"]

LOCALES: tuple[str, ...] = ("en", "fr-CA")
"""The locales the packaged content is available in."""

_ALIASES = {"en": "en", "en-ca": "en", "en-us": "en", "fr": "fr-CA", "fr-ca": "fr-CA"}
_TRANSLATED_KINDS = tuple(kind.attribute for kind in KINDS if kind.translated)


def normalise(locale: str) -> str:
    """Return the canonical name of *locale* (``"fr"`` and ``"fr_CA"`` give ``"fr-CA"``).

    Raises:
        UnknownLocaleError: If the content is not available in *locale* (a
            :exc:`ValueError`).

    >>> normalise("fr"), normalise("EN")
    ('fr-CA', 'en')
    """
    found = _ALIASES.get(locale.replace("_", "-").lower()) if isinstance(locale, str) else None
    if found is None:
        raise UnknownLocaleError(locale, LOCALES)
    return found


def file_name(locale: str) -> str:
    """Return the packaged translation file of *locale* (a canonical name, not English)."""
    return f"content.{locale.split('-')[0]}.json"


@attrs.frozen(kw_only=True)
class Translation:
    """The decoded translation file of one locale."""

    locale: str
    content_version: str
    disclaimer: str
    causes: dict[str, dict[str, str]]
    risk_factors: dict[str, dict[str, str]]
    aftercare_steps: dict[str, dict[str, str]]
    warning_signs: dict[str, dict[str, str]]
    myths: dict[str, dict[str, str]]


def translate(pack: ContentPack, data: object, *, source: str) -> ContentPack:
    """Return *pack* with every patient-facing field replaced from the translation *data*.

    Raises:
        ContentError: If *data* is malformed, is for another content version, or lacks
            (or adds) any id or patient-facing field; every problem is listed.
    """
    from ._converter import structure  # imports cattrs: only when JSON must be structured

    translation = structure(data, Translation, source=source)
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
    for kind in _TRANSLATED_KINDS:
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
            wanted = patient_fields(type(item))
            for name in wanted:
                if not fields.get(name, "").strip():
                    problems.append(Problem(f"{path}.{name}", "missing translation"))
            for name in sorted(set(fields) - set(wanted)):
                problems.append(Problem(f"{path}.{name}", "not a patient-facing field"))
            translated.append(attrs.evolve(item, **{n: fields[n] for n in wanted if n in fields}))
        changes[kind] = tuple(translated)
    if problems:
        raise ContentError(source, tuple(problems))
    return attrs.evolve(pack, disclaimer=translation.disclaimer, **changes)  # type: ignore[arg-type]

"""Languages: the old home of :mod:`._i18n` and :mod:`~microneedle_care.translation`.

Kept so that ``from ._locale import normalise`` keeps working; new code imports from
:mod:`microneedle_care._i18n` (locale names) or :mod:`microneedle_care.translation`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._i18n import LOCALES, file_name, normalise

if TYPE_CHECKING:
    from .translation import TRANSLATED_KINDS as _TRANSLATED_KINDS  # noqa: F401
    from .translation import Translation, translate

__all__ = ["LOCALES", "Translation", "file_name", "normalise", "translate"]

# translation's names, imported on first use: the checklist imports this module for
# normalise, and importing translation with it cost every cold start about 2 ms.
_FROM_TRANSLATION = {
    "Translation": "Translation",
    "translate": "translate",
    "_TRANSLATED_KINDS": "TRANSLATED_KINDS",
}


def __getattr__(name: str) -> Any:
    if name not in _FROM_TRANSLATION:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from . import translation

    value = getattr(translation, _FROM_TRANSLATION[name])
    globals()[name] = value
    return value

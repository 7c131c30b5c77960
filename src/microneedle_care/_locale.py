"""Languages: the old home of :mod:`._i18n` and :mod:`~microneedle_care.translation`.

Kept so that ``from ._locale import normalise`` keeps working; new code imports from
:mod:`microneedle_care._i18n` (locale names) or :mod:`microneedle_care.translation`.
"""

from __future__ import annotations

from ._i18n import LOCALES, file_name, normalise
from .translation import TRANSLATED_KINDS as _TRANSLATED_KINDS
from .translation import Translation, translate

__all__ = ["LOCALES", "Translation", "file_name", "normalise", "translate"]
_ = _TRANSLATED_KINDS

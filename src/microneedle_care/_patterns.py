"""Phrasing patterns (:class:`~microneedle_care.model.Phrasing`): parsing and matching text.

Private: :mod:`microneedle_care.check` uses them on text, and the content rules use
:func:`compile_pattern` to refuse a pattern that cannot be compiled.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from .errors import InvalidValueError

__all__ = ["compile_pattern", "compiled", "fold"]


def fold(text: str) -> str:
    """Casefold, drop accents, and turn everything but letters and digits into spaces."""
    text = re.sub(r"n['\u2019]t\b", " not", text.casefold())  # "doesn't" -> "does not"
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


# The endings a plain word may take: English and French plurals.
_PLURAL = r"(?:s|es|x)?\b"


def compile_pattern(pattern: str) -> tuple[re.Pattern[str], ...]:
    r"""Compile a phrasing pattern into one regular expression per group.

    Raises:
        InvalidValueError: If a group or an alternative is empty.

    A word ending in ``*`` matches any word it begins; any other word of three letters or
    more matches itself and its plural too (``sign`` matches "signs", ``pore`` "pores",
    ``cheveu`` "cheveux"): a small suffix folding instead of a stemmer.

    >>> [g.pattern for g in compile_pattern("detox*|toxins + skin")]
    ['\\b(?:detox\\w*|toxins\\b)', '\\b(?:skin(?:s|es|x)?\\b)']

    .. versionchanged:: 0.6.0
       Plain words match their plural (issue 22).
    """
    groups = []
    for group in pattern.split("+"):
        alternatives = []
        for alternative in group.split("|"):
            words = alternative.split()
            if not words:
                raise InvalidValueError(f"pattern {pattern!r} has an empty alternative")
            parts = []
            for word in words:
                stem = fold(word.rstrip("*"))
                if not stem or " " in stem:
                    raise InvalidValueError(f"pattern {pattern!r}: {word!r} is not one word")
                if word.endswith("*"):
                    parts.append(re.escape(stem) + r"\w*")
                elif len(stem) >= 3 and not stem.endswith(("s", "x")):
                    parts.append(re.escape(stem) + _PLURAL)
                else:
                    parts.append(re.escape(stem) + r"\b")
            alternatives.append(" ".join(parts))
        groups.append(re.compile(r"\b(?:" + "|".join(alternatives) + ")"))
    return tuple(groups)


@functools.lru_cache(maxsize=512)
def compiled(pattern: str) -> tuple[re.Pattern[str], ...]:
    """Return :func:`compile_pattern` of *pattern*, compiled once per process."""
    return compile_pattern(pattern)

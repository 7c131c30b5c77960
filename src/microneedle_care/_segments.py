"""How a text goes over the air: its encoding and SMS segments (private).

:mod:`microneedle_care.messaging` re-exports :class:`Segments` and :func:`segments`.
"""

from __future__ import annotations

import attrs

from .errors import ScheduleError

__all__ = ["Segments", "segments"]

#: The GSM 7-bit default alphabet (3GPP TS 23.038), one septet each. The escape
#: character itself (0x1B) is not a character a text may hold.
_GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
#: The extension table: an escape and a character, so two septets each.
_GSM_EXTENSION = frozenset("\f^{}\\[~]|€")
_GSM_SINGLE, _GSM_PART = 160, 153
_UCS2_SINGLE, _UCS2_PART = 70, 67


@attrs.frozen(kw_only=True)
class Segments:
    """How a text goes over the air.

    Attributes:
        encoding: ``"GSM-7"`` when every character is in the GSM 7-bit alphabet or its
            extension table, else ``"UCS-2"`` (UTF-16 in practice).
        count: The number of SMS segments it takes. One segment holds 160 septets or
            70 UTF-16 units; a longer text is split into parts of 153 or 67, each part
            giving room to the header that joins them. An extension character (two
            septets) or a character outside the Basic Multilingual Plane (two units,
            such as an emoji) is never split across two parts.
        units: Its length in septets (GSM-7) or UTF-16 code units (UCS-2).
    """

    encoding: str
    count: int
    units: int


def _pack(costs: list[int], single: int, part: int) -> tuple[int, int]:
    total = sum(costs)
    if total <= single:
        return (1 if total else 0), total
    count, used = 1, 0
    for cost in costs:
        if used + cost > part:
            count, used = count + 1, 0
        used += cost
    return count, total


def segments(text: str) -> Segments:
    """Count the SMS segments *text* takes, and in which encoding.

    >>> segments("a" * 160), segments("a" * 161).count
    (Segments(encoding='GSM-7', count=1, units=160), 2)
    >>> segments("€" * 80).count, segments("ê" * 70).count, segments("ê" * 71).count
    (1, 1, 2)
    """
    if not isinstance(text, str):
        raise ScheduleError(f"a text must be a string, got {type(text).__name__}")
    if all(ch in _GSM_BASIC or ch in _GSM_EXTENSION for ch in text):
        costs = [2 if ch in _GSM_EXTENSION else 1 for ch in text]
        count, units = _pack(costs, _GSM_SINGLE, _GSM_PART)
        return Segments(encoding="GSM-7", count=count, units=units)
    costs = [2 if ord(ch) > 0xFFFF else 1 for ch in text]
    count, units = _pack(costs, _UCS2_SINGLE, _UCS2_PART)
    return Segments(encoding="UCS-2", count=count, units=units)

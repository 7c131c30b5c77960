"""Time zones by IANA name, checked (private: the schedule, the texts and batch runs use it)."""

from __future__ import annotations

import functools
import zoneinfo

from .errors import ScheduleError

__all__ = ["zone"]


@functools.lru_cache(maxsize=1)
def _iana_names() -> frozenset[str]:
    # Not zone names: the host's own zone, a tzdata build artefact and a placeholder.
    return frozenset(zoneinfo.available_timezones()) - {"localtime", "posixrules", "Factory"}


def zone(tz: object) -> zoneinfo.ZoneInfo:
    """Return the zone named *tz*, an IANA name such as ``America/Toronto``.

    Only names in the time-zone database count: not ``localtime`` (the host's own zone, so
    output would depend on the machine), ``posixrules``, ``Factory``, ``posix/…`` or
    ``right/…`` copies, a folder such as ``America``, or a file path (attack M11, L3).

    Raises:
        ScheduleError: If *tz* is not a string or not such a name.
    """
    if not isinstance(tz, str):
        raise ScheduleError(f"the time zone must be a string, got {type(tz).__name__}")
    if tz not in _iana_names():
        shown = tz if len(tz) <= 64 else tz[:64] + "…"
        raise ScheduleError(
            f"unknown time zone {shown!r}: use an IANA name such as 'America/Toronto'"
        )
    try:
        return zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise ScheduleError(f"cannot read the time zone {tz!r}") from None

"""The model's numeric limits (private leaf module: it imports nothing of the package).

:mod:`microneedle_care.model` re-exports them (that is where they are documented and
imported from); :mod:`microneedle_care.errors` serves its deprecated aliases from here, so
that it never imports the model.

.. versionadded:: 0.6.0
"""

from __future__ import annotations

__all__ = ["MAX_WINDOW_HOURS", "MAX_YEAR", "MIN_YEAR"]

MIN_YEAR = 1900
"""The earliest year of a treatment date or content date."""

MAX_YEAR = 2200
"""The latest year of a treatment date or content date."""

MAX_WINDOW_HOURS = 10 * 365 * 24
"""The furthest a time window may reach, in hours after the treatment (ten years)."""

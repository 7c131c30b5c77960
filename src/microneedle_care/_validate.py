"""Argument checks shared by the public functions (private).

.. versionadded:: 0.6.0 Moved here from :mod:`microneedle_care.errors`, which holds
   errors only.
"""

from __future__ import annotations

from .errors import InvalidTypeError

__all__: list[str] = []


def _expect(value: object, kind: type | tuple[type, ...], what: str) -> None:
    """Raise :class:`InvalidTypeError` naming *what* unless *value* is a *kind*."""
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
        raise InvalidTypeError(
            f"{what} must be a {names}, got {type(value).__name__}", argument=what
        )

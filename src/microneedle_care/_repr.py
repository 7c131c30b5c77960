"""One ``__repr__`` for the attrs classes, written once instead of generated for each.

attrs writes a ``__repr__`` for every class as source code and compiles it when the class
is created, and that compiling was a large part of a cold start (issue 18, item 8). A class
whose body sets ``__repr__ = attrs_repr`` keeps attrs' other methods; attrs then generates
no ``__repr__`` (``auto_detect``), and this one returns exactly what attrs' would.
"""

from __future__ import annotations

import threading
from typing import Any

__all__ = ["attrs_repr"]

_seen = threading.local()


def attrs_repr(self: Any) -> str:
    """Return ``self``'s repr as attrs writes it: ``Name(field=value, ...)``.

    The fields in order, without those declared with ``repr=False``; a field whose
    ``repr`` is a callable is shown by that callable. An object met again inside its own
    repr is shown as ``...``, as attrs does.
    """
    ids: set[int] | None = getattr(_seen, "ids", None)
    if ids is None:
        ids = _seen.ids = set()
    if id(self) in ids:
        return "..."
    ids.add(id(self))
    try:
        cls = self.__class__
        parts = []
        for field in cls.__attrs_attrs__:
            if field.repr is False:
                continue
            value = getattr(self, field.name)
            shown = repr(value) if field.repr is True else field.repr(value)
            parts.append(f"{field.name}={shown}")
        return f"{cls.__qualname__.rsplit('>.', 1)[-1]}({', '.join(parts)})"
    finally:
        ids.remove(id(self))

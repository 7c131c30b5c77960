"""Values made from immutable objects, kept by the objects' identity (private).

A catalog is frozen, so what is worked out from it once (the checklist's step plan, the
checker's patterns for a language) holds for as long as that catalog lives. Keying by the
catalog itself would hash all of its content at each lookup; keying by ``id`` is instant, and
keeping a reference to the objects in the entry means the ``id`` cannot be reused while the
entry is kept. :mod:`.checklist` and :mod:`.check` use it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["ByIdentity"]

V = TypeVar("V")


class ByIdentity(Generic[V]):
    """The last *size* values made, each for the objects (and key) it was made from.

    No lock: dict reads and writes are atomic in CPython, and two threads that both miss
    make the same value, one of which is kept.
    """

    def __init__(self, size: int = 8) -> None:
        self._size = size
        self._kept: dict[tuple[Hashable, ...], tuple[tuple[object, ...], V]] = {}

    def get(self, objects: tuple[object, ...], key: Hashable, make: Callable[[], V]) -> V:
        """Return the value made for *objects* (by identity) and *key*, making it if need be."""
        ids = (*map(id, objects), key)
        found = self._kept.get(ids)
        if found is not None and all(a is b for a, b in zip(found[0], objects, strict=True)):
            return found[1]
        value = make()
        if len(self._kept) >= self._size:
            self._kept.pop(next(iter(self._kept), ()), None)
        self._kept[ids] = (objects, value)
        return value

    def clear(self) -> None:
        """Forget every value (for a test that edits what they were made from in place)."""
        self._kept.clear()

"""_identity.ByIdentity: values kept by the identity of what they were made from."""

from __future__ import annotations

from microneedle_care._identity import ByIdentity


class Frozen:
    """Equal to every other instance, so only identity can tell two apart."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Frozen)

    def __hash__(self) -> int:
        return 0


def test_a_value_is_made_once_per_object_and_key() -> None:
    cache: ByIdentity[list[int]] = ByIdentity()
    made: list[int] = []

    def make(n: int) -> list[int]:
        made.append(n)
        return [n]

    a, b = Frozen(), Frozen()
    first = cache.get((a,), "en", lambda: make(1))
    assert cache.get((a,), "en", lambda: make(2)) is first
    assert cache.get((b,), "en", lambda: make(3)) == [3]  # an equal object is another one
    assert cache.get((a,), "fr", lambda: make(4)) == [4]  # another key
    assert made == [1, 3, 4]


def test_the_oldest_goes_past_the_size_and_clear_forgets_all() -> None:
    cache: ByIdentity[int] = ByIdentity(size=2)
    objects = [Frozen() for _ in range(3)]
    for n, obj in enumerate(objects):
        cache.get((obj,), None, lambda n=n: n)
    assert cache.get((objects[0],), None, lambda: 99) == 99  # evicted, made again
    assert cache.get((objects[2],), None, lambda: 98) == 2  # still kept
    cache.clear()
    assert cache.get((objects[2],), None, lambda: 97) == 97


def test_an_id_reused_by_a_new_object_is_not_taken_for_the_old_one() -> None:
    """The entry keeps its objects alive, and a lookup checks they are the same objects."""
    cache: ByIdentity[str] = ByIdentity()
    old = Frozen()
    cache.get((old,), None, lambda: "old")
    impostor = Frozen()
    # Put the impostor under the old object's id, as a reused id would be.
    ids = (id(old), None)
    cache._kept[(id(impostor), None)] = cache._kept.pop(ids)
    assert cache.get((impostor,), None, lambda: "new") == "new"

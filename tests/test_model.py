from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import microneedle_care as mc
from microneedle_care import TimeWindow, Urgency

from .strategies import PACK_EXAMPLES, packs, windows

MODEL_CLASSES = [
    mc.AftercareStep,
    mc.Cause,
    mc.ContentPack,
    mc.Myth,
    mc.Reference,
    mc.RiskFactor,
    mc.TimeWindow,
    mc.WarningSign,
]


class TestTimeWindow:
    @pytest.mark.parametrize(
        ("window", "text"),
        [
            (TimeWindow(0, 24), "first 24 hours"),
            (TimeWindow(0, 6), "first 6 hours"),
            (TimeWindow(24, 72), "days 2 to 3"),
            (TimeWindow(72, 168), "days 4 to 7"),
            (TimeWindow(168, 192), "day 8"),
            (TimeWindow(6, 48), "6 to 48 hours"),
            (TimeWindow(168), "from day 8 on"),
            (TimeWindow(0), "any time"),
            (TimeWindow(5), "from 5 hours on"),
        ],
    )
    def test_describe(self, window: TimeWindow, text: str) -> None:
        """describe() names the window in hours or days."""
        assert window.describe() == text

    def test_days(self) -> None:
        """days() counts day 1 as the first 24 hours."""
        assert TimeWindow.days(1, 1) == TimeWindow(0, 24)
        assert TimeWindow.days(4, 7) == TimeWindow(72, 168)
        assert TimeWindow.days(8) == TimeWindow(168, None)

    @pytest.mark.parametrize(
        ("start", "end", "message"),
        [
            (-1, None, "start_hours must be 0 or more"),
            (24, 24, "must be greater than start_hours"),
            (24, 2, "must be greater than start_hours"),
        ],
    )
    def test_rejects_bad_windows(self, start: int, end: int | None, message: str) -> None:
        """A negative start or an end not after the start is refused."""
        with pytest.raises(ValueError, match=message):
            TimeWindow(start, end)

    def test_rejects_non_integers(self) -> None:
        """Hours are whole numbers."""
        with pytest.raises(TypeError):
            TimeWindow("0", 24)  # type: ignore[arg-type]

    @given(windows(), st.integers(0, 24 * 200))
    def test_contains_matches_bounds(self, window: TimeWindow, hour: int) -> None:
        """contains() is the half-open interval test."""
        inside = window.start_hours <= hour and (
            window.end_hours is None or hour < window.end_hours
        )
        assert window.contains(hour) is inside

    @given(windows(), windows())
    def test_overlap_is_symmetric_and_agrees_with_points(
        self, a: TimeWindow, b: TimeWindow
    ) -> None:
        """Two windows overlap exactly when some hour lies in both."""
        assert a.overlaps(b) is b.overlaps(a)
        probe = max(a.start_hours, b.start_hours)
        assert a.overlaps(b) is (a.contains(probe) and b.contains(probe))


class TestImmutability:
    @pytest.mark.parametrize("cls", MODEL_CLASSES)
    def test_frozen_and_slotted(self, cls: type) -> None:
        """Every model class is a frozen, slotted attrs class."""
        assert attrs.has(cls)
        assert "__slots__" in cls.__dict__

    @settings(max_examples=PACK_EXAMPLES)
    @given(packs())
    def test_items_refuse_assignment(self, pack: mc.ContentPack) -> None:
        """Assigning to any field of any item raises FrozenInstanceError."""
        windows_ = [c.onset for c in pack.causes if c.onset] + [
            s.window for s in pack.aftercare_steps
        ]
        everything = (pack, *mc.Catalog(pack), *windows_)
        assert {type(item) for item in everything} >= {mc.ContentPack, mc.Cause, mc.Reference}
        for item in everything:
            name = attrs.fields(type(item))[0].name
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                setattr(item, name, "x")
            with pytest.raises(AttributeError):
                item.not_a_field = 1  # type: ignore[union-attr]

    @settings(max_examples=PACK_EXAMPLES)
    @given(packs())
    def test_collections_are_tuples(self, pack: mc.ContentPack) -> None:
        """Every collection in the model is a tuple, so nothing can be appended."""
        for item in (pack, *mc.Catalog(pack)):
            for field in attrs.fields(type(item)):
                value = getattr(item, field.name)
                assert not isinstance(value, (list, dict, set))


class TestUrgency:
    def test_rank_orders_most_urgent_first(self) -> None:
        """rank sorts emergency first and next-visit last."""
        ranked = sorted(Urgency, key=lambda u: u.rank)
        assert ranked == [
            Urgency.EMERGENCY,
            Urgency.SAME_DAY,
            Urgency.WITHIN_DAYS,
            Urgency.NEXT_VISIT,
        ]

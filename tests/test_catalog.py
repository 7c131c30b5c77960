from __future__ import annotations

import pytest
from hypothesis import given, settings

import microneedle_care as mc
from microneedle_care import Catalog, ContentError, TimeWindow, UnknownIdError

from .strategies import PACK_EXAMPLES, packs

TYPED = [
    ("cause", mc.Cause, "causes"),
    ("risk_factor", mc.RiskFactor, "risk_factors"),
    ("aftercare_step", mc.AftercareStep, "aftercare_steps"),
    ("warning_sign", mc.WarningSign, "warning_signs"),
    ("myth", mc.Myth, "myths"),
    ("reference", mc.Reference, "references"),
    ("treatment", mc.Treatment, "treatments"),
]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return mc.load()


class TestLookups:
    @pytest.mark.parametrize(("method", "cls", "collection"), TYPED)
    def test_typed_lookup_returns_each_item(
        self, catalog: Catalog, method: str, cls: type, collection: str
    ) -> None:
        """Each typed lookup finds every item of its kind, and only that kind."""
        items = getattr(catalog, collection)
        assert items, f"the packaged content has no {collection}"
        for item in items:
            assert getattr(catalog, method)(item.id) is item
            assert catalog[item.id] is item
            assert catalog.get(item.id) is item
        other = next(i for i in catalog if not isinstance(i, cls))
        with pytest.raises(UnknownIdError):
            getattr(catalog, method)(other.id)

    def test_unknown_id_suggests_close_ids(self, catalog: Catalog) -> None:
        """A near miss names the closest id of the right kind."""
        cause = catalog.causes[0]
        with pytest.raises(UnknownIdError) as info:
            catalog.cause(cause.id[:-1])
        assert info.value.suggestions[0] == cause.id
        assert info.value.kind == "cause"
        assert f"did you mean {cause.id!r}" in str(info.value)

    def test_getitem_raises_keyerror(self, catalog: Catalog) -> None:
        """catalog[id] raises a KeyError subclass, as dicts do."""
        with pytest.raises(KeyError):
            catalog["no-such-thing"]

    @pytest.mark.parametrize("key", ["no-such-thing", "", 3, None, ("a",)])
    def test_get_never_raises(self, catalog: Catalog, key: object) -> None:
        """get() returns the default for anything that is not a known id."""
        sentinel = object()
        assert catalog.get(key) is None  # type: ignore[arg-type]
        assert catalog.get(key, sentinel) is sentinel  # type: ignore[arg-type]
        assert key not in catalog

    def test_len_iter_contains_agree(self, catalog: Catalog) -> None:
        """len, iteration, ids() and `in` describe the same set of items."""
        items = list(catalog)
        assert len(items) == len(catalog) == len(catalog.ids())
        assert [i.id for i in items] == list(catalog.ids())
        assert all(i.id in catalog for i in items)
        expected = sum(len(getattr(catalog, c)) for _, _, c in TYPED)
        expected += len(catalog.reporting_routes)  # no typed lookup: catalog[id]
        assert len(catalog) == expected


class TestQueries:
    def test_steps_in_window(self, catalog: Catalog) -> None:
        """steps_in returns exactly the steps whose windows overlap."""
        first_day = TimeWindow(0, 24)
        got = catalog.steps_in(first_day)
        assert got == tuple(s for s in catalog.aftercare_steps if s.window.overlaps(first_day))
        assert got, "some step must apply on the first day"

    def test_relations_resolve_both_ways(self, catalog: Catalog) -> None:
        """Each query agrees with the ids stored on the items."""
        for cause in catalog.causes:
            assert all(cause.id in s.addresses for s in catalog.steps_for_cause(cause.id))
            assert all(cause.id in r.raises for r in catalog.risk_factors_for_cause(cause.id))
            assert all(cause.id in w.points_to for w in catalog.warning_signs_for_cause(cause.id))
        for rf in catalog.risk_factors:
            assert {c.id for c in catalog.causes_for_risk_factors([rf.id])} == set(rf.raises)
            assert {s.id for s in catalog.steps_for_risk_factors([rf.id])} == set(rf.mitigated_by)

    def test_causes_for_several_risk_factors_are_unique_and_ordered(self, catalog: Catalog) -> None:
        """The union comes back once each, in catalog order."""
        ids = [rf.id for rf in catalog.risk_factors]
        causes = catalog.causes_for_risk_factors(ids + ids)
        assert len(set(causes)) == len(causes)
        order = list(catalog.causes)
        assert [order.index(c) for c in causes] == sorted(order.index(c) for c in causes)

    @pytest.mark.parametrize(
        "query", ["steps_for_cause", "risk_factors_for_cause", "warning_signs_for_cause"]
    )
    def test_queries_refuse_unknown_causes(self, catalog: Catalog, query: str) -> None:
        """A typo in a cause id is an error, not an empty answer."""
        with pytest.raises(UnknownIdError):
            getattr(catalog, query)("not-a-cause")

    def test_queries_refuse_unknown_risk_factors(self, catalog: Catalog) -> None:
        """A typo in a risk factor id is an error, not an empty answer."""
        with pytest.raises(UnknownIdError):
            catalog.causes_for_risk_factors(["not-a-risk"])

    def test_references_for(self, catalog: Catalog) -> None:
        """references_for resolves every cited id to its Reference."""
        for item in catalog:
            refs = catalog.references_for(item)
            assert refs
            if not isinstance(item, mc.Reference):
                assert [r.id for r in refs] == list(item.references)


class TestCatalog:
    def test_metadata(self, catalog: Catalog) -> None:
        """The catalog exposes the content's version, review date, disclaimer and digest."""
        assert catalog.content_version.count(".") == 2
        assert catalog.reviewed.year >= 2026
        assert "clinic" in catalog.disclaimer
        assert int(catalog.content_digest, 16) >= 0

    @settings(max_examples=PACK_EXAMPLES)
    @given(packs())
    def test_built_from_any_valid_pack(self, pack: mc.ContentPack) -> None:
        """A Catalog can be built from any valid pack and finds every item in it."""
        catalog = Catalog(pack)
        assert catalog.pack is pack
        for item in (*pack.causes, *pack.references, *pack.myths):
            assert catalog[item.id] is item

    @settings(max_examples=PACK_EXAMPLES)
    @given(packs())
    def test_refuses_invalid_pack(self, pack: mc.ContentPack) -> None:
        """Building a Catalog checks the content rules too."""
        import attrs

        bad = attrs.evolve(pack, causes=(*pack.causes, pack.causes[0]))
        with pytest.raises(ContentError, match="duplicate id"):
            Catalog(bad)

    def test_hashable_and_equal_by_content(self, catalog: Catalog) -> None:
        """Catalogs compare by content and can be dict keys."""
        same = Catalog(catalog.pack)
        assert same == catalog
        assert hash(same) == hash(catalog)

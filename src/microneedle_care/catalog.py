"""The :class:`Catalog`: lookups and queries over one checked content pack."""

from __future__ import annotations

import datetime
import warnings
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, TypeVar, overload

import attrs

from ._digest import _canonical_digest
from ._digest import digest as digest  # re-exported: it is still catalog.digest
from ._validate import _expect
from .errors import ContentError, RetiredIdWarning, UnknownIdError
from .model import (
    KINDS,
    AftercareStep,
    Approval,
    Cause,
    ClinicPack,
    ContentPack,
    Deprecation,
    Item,
    Myth,
    PackInfo,
    Reference,
    ReportingRoute,
    Review,
    RiskFactor,
    TimeWindow,
    Treatment,
    WarningSign,
)

if TYPE_CHECKING:
    from .diff import ContentDiff

__all__ = ["ITEM_DIGEST_LENGTH", "PACK_FIELDS", "Catalog"]

_T = TypeVar("_T")
_I = TypeVar("_I", Cause, RiskFactor, AftercareStep, WarningSign, Myth, Reference, Treatment)

_KIND_NAMES: dict[type, str] = {kind.item: kind.label for kind in KINDS}


ITEM_DIGEST_LENGTH = 16
"""Hex digits kept of each item's sha256 in :meth:`Catalog.item_digests`."""

PACK_FIELDS = ("content_version", "reviewed", "disclaimer", "review", "deprecated")
"""The pack-wide fields :meth:`Catalog.item_digests` records beside the items, as ``$name``."""


@attrs.frozen(init=False)
class Catalog:
    """An immutable, checked collection of content with lookups and queries.

    Get the packaged one with :func:`microneedle_care.loading.load`. A catalog behaves like a
    read-only mapping from ids to items, except that iterating it yields the items
    themselves (causes, risk factors, steps, warning signs, myths, then references):

    >>> import microneedle_care as mc
    >>> catalog = mc.load()
    >>> "bacterial-infection" in catalog
    True
    >>> catalog.cause("bacterial-infection").name
    'Infection of the skin'
    >>> catalog.get("no-such-id") is None
    True

    Args:
        pack: The content. It is checked against the content rules.
        source: Where the content came from, named in error messages.
        locale: The language of the patient-facing text.
        packs: The clinic packs merged into *pack*, if any (recorded, not applied).

    Raises:
        ContentError: If *pack* breaks a content rule (a duplicate id, a relation to an
            id that does not exist, an item without references, ...).
    """

    pack: ContentPack
    locale: str
    packs: tuple[PackInfo, ...]
    content_digest: str = attrs.field(eq=False, repr=False)
    _by_id: Mapping[str, Item] = attrs.field(eq=False, repr=False)
    _retired: Mapping[str, Deprecation] = attrs.field(eq=False, repr=False)
    _merged_from: tuple[Catalog, tuple[tuple[ClinicPack, str], ...]] | None = attrs.field(
        eq=False, repr=False
    )

    def __init__(
        self,
        pack: ContentPack,
        *,
        source: str = "<ContentPack>",
        locale: str = "en",
        packs: tuple[PackInfo, ...] = (),
        _merged_from: tuple[Catalog, tuple[tuple[ClinicPack, str], ...]] | None = None,
        _digest: str | None = None,
        _checked: bool = False,
    ) -> None:
        # _checked: only the content cache passes it. Its content was built with every
        # check, from files whose hashes still match (see _cache), so checking it again
        # would only double the cost of a cold start.
        if not _checked:
            from . import _rules  # and its patterns: not imported on the cache's path

            problems = _rules.check(pack)
            if problems:
                raise ContentError(source, problems)
        by_id: dict[str, Item] = {}
        for kind in KINDS:
            for item in getattr(pack, kind.attribute):
                by_id[item.id] = item
        retired = MappingProxyType({d.id: d for d in pack.deprecated})
        self.__attrs_init__(
            pack,
            locale,
            packs,
            digest(pack) if _digest is None else _digest,
            MappingProxyType(by_id),
            retired,
            _merged_from,
        )

    # -- the content -------------------------------------------------------------------

    @property
    def content_version(self) -> str:
        """The content's own semantic version, apart from the package's ``__version__``."""
        return self.pack.content_version

    @property
    def reviewed(self) -> datetime.date:
        """The date the content was last reviewed against its sources.

        It is not a clinician's review unless :attr:`review` says so.
        """
        return self.pack.reviewed

    @property
    def review(self) -> Review | None:
        """How the content was reviewed, against what, by whom, and when it is next due.

        .. versionadded:: 0.5.0
        """
        return self.pack.review

    @property
    def next_review(self) -> datetime.date | None:
        """The date after which the content is due for review, if the pack gives one.

        .. versionadded:: 0.5.0
        """
        return None if self.pack.review is None else self.pack.review.next_review

    def is_due_for_review(self, today: datetime.date | None = None) -> bool:
        """Whether *today* (the current date by default) is past :attr:`next_review`.

        >>> import datetime, microneedle_care as mc
        >>> mc.load().is_due_for_review(datetime.date(2000, 1, 1))
        False

        .. versionadded:: 0.5.0
        """
        due = self.next_review
        return due is not None and (today or datetime.date.today()) > due

    @property
    def approval(self) -> Approval | None:
        """The clinic's approval of exactly what this catalog gives patients, or ``None``.

        It is the approval of the last merged clinic pack that carries one, and only if
        it is sealed, its seal matches, its date is plausible, and it covers this
        catalog's content digest, the package's own wording
        (:func:`~microneedle_care.approval.output_digest`) and these packs: an approval
        of other content (before an upgrade or an edit to a pack), or an edited record,
        is not returned. See :func:`~microneedle_care.approval.check_approval` for the
        reason it does not apply.

        .. versionadded:: 0.5.0
        .. versionchanged:: 0.6.0 Also checks the seal, the date, the output digest and
           the packs.
        """
        if not any(p.approval is not None for p in self.packs):
            return None
        from .approval import check_approval
        from .errors import ApprovalError

        try:
            return check_approval(self)
        except ApprovalError:
            return None

    def item_digests(self) -> dict[str, str]:
        """Return a short digest of every item, by id, and of each pack-wide field.

        Pack-wide fields (:data:`~microneedle_care.catalog.PACK_FIELDS`) are keyed
        ``$content_version`` and so on. An :class:`~microneedle_care.model.Approval` stores
        these so that, when the content changes, the items that changed can be named
        without the old content.

        >>> import microneedle_care as mc
        >>> digests = mc.load().item_digests()
        >>> len(digests["acne-flare"])
        16

        .. versionadded:: 0.5.0
        """
        out = {item.id: _canonical_digest(item)[:ITEM_DIGEST_LENGTH] for item in self}
        for name in PACK_FIELDS:
            out[f"${name}"] = _canonical_digest(getattr(self.pack, name))[:ITEM_DIGEST_LENGTH]
        return out

    @property
    def disclaimer(self) -> str:
        """Patient-facing note that the content supports, and does not replace, a clinician."""
        return self.pack.disclaimer

    @property
    def causes(self) -> tuple[Cause, ...]:
        """Every cause, in the pack's order."""
        return self.pack.causes

    @property
    def risk_factors(self) -> tuple[RiskFactor, ...]:
        """Every risk factor, in the pack's order."""
        return self.pack.risk_factors

    @property
    def aftercare_steps(self) -> tuple[AftercareStep, ...]:
        """Every aftercare step, in the pack's order."""
        return self.pack.aftercare_steps

    @property
    def warning_signs(self) -> tuple[WarningSign, ...]:
        """Every warning sign, in the pack's order."""
        return self.pack.warning_signs

    @property
    def myths(self) -> tuple[Myth, ...]:
        """Every myth, in the pack's order."""
        return self.pack.myths

    @property
    def references(self) -> tuple[Reference, ...]:
        """Every reference, in the pack's order."""
        return self.pack.references

    @property
    def treatments(self) -> tuple[Treatment, ...]:
        """Every treatment, in the pack's order (see :mod:`microneedle_care.treatments`).

        .. versionadded:: 0.6.0
        """
        return self.pack.treatments

    @property
    def reporting_routes(self) -> tuple[ReportingRoute, ...]:
        """Every reporting route, in the pack's order (clinician-facing).

        :func:`~microneedle_care.reporting.reporting_routes` selects them by treatment
        and region.

        .. versionadded:: 0.6.0
        """
        return self.pack.reporting_routes

    @property
    def deprecated(self) -> tuple[Deprecation, ...]:
        """Every retired id with its replacements. Retired ids are never reused."""
        return self.pack.deprecated

    # -- mapping-like lookups ----------------------------------------------------------

    def __getitem__(self, id: str) -> Item:
        """Return the item with *id*, of any kind.

        Raises:
            UnknownIdError: If no item has that id; it suggests the closest ids.
        """
        return self._lookup(id, object, "item")

    @overload
    def get(self, id: str) -> Item | None: ...
    @overload
    def get(self, id: str, default: _T) -> Item | _T: ...
    def get(self, id: str, default: object = None) -> object:
        """Return the item with *id*, or *default* if there is none. Never raises.

        A retired id with one replacement warns (:class:`~microneedle_care.errors.RetiredIdWarning`,
        a :class:`DeprecationWarning`) and returns
        the replacement, as ``catalog[id]`` does.
        """
        if not isinstance(id, str):
            return default
        item = self._by_id.get(id)
        if item is None and id in self._retired:
            item = self._replacement(id)
        return default if item is None else item

    def __contains__(self, id: object) -> bool:
        return isinstance(id, str) and id in self._by_id

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Item]:
        return iter(self._by_id.values())

    def ids(self) -> tuple[str, ...]:
        """Return every id in the catalog, in the order of iteration."""
        return tuple(self._by_id)

    def cause(self, id: str) -> Cause:
        """Return the cause with *id*.

        Raises:
            UnknownIdError: If no cause has that id.
        """
        return self._lookup(id, Cause)

    def risk_factor(self, id: str) -> RiskFactor:
        """Return the risk factor with *id*.

        Raises:
            UnknownIdError: If no risk factor has that id.
        """
        return self._lookup(id, RiskFactor)

    def aftercare_step(self, id: str) -> AftercareStep:
        """Return the aftercare step with *id*.

        Raises:
            UnknownIdError: If no aftercare step has that id.
        """
        return self._lookup(id, AftercareStep)

    def warning_sign(self, id: str) -> WarningSign:
        """Return the warning sign with *id*.

        Raises:
            UnknownIdError: If no warning sign has that id.
        """
        return self._lookup(id, WarningSign)

    def myth(self, id: str) -> Myth:
        """Return the myth with *id*.

        Raises:
            UnknownIdError: If no myth has that id.
        """
        return self._lookup(id, Myth)

    def reference(self, id: str) -> Reference:
        """Return the reference with *id*.

        Raises:
            UnknownIdError: If no reference has that id.
        """
        return self._lookup(id, Reference)

    def treatment(self, id: str) -> Treatment:
        """Return the treatment with *id*.

        Raises:
            UnknownIdError: If no treatment has that id.

        .. versionadded:: 0.6.0
        """
        return self._lookup(id, Treatment)

    @overload
    def _lookup(self, id: str, type_: type[_I], kind: str | None = None) -> _I: ...
    @overload
    def _lookup(self, id: str, type_: type[object], kind: str | None = None) -> Item: ...
    def _lookup(self, id: str, type_: type[object], kind: str | None = None) -> object:
        item = self._by_id.get(id) if isinstance(id, str) else None
        if item is None and isinstance(id, str) and id in self._retired:
            item = self._replacement(id)
        if item is not None and isinstance(item, type_):
            return item
        import difflib  # only needed for the error message

        kind = kind or _KIND_NAMES[type_]
        candidates = [i for i, it in self._by_id.items() if isinstance(it, type_)]
        suggestions = difflib.get_close_matches(str(id), candidates, n=3, cutoff=0.6)
        raise UnknownIdError(str(id), kind, tuple(suggestions))

    def _replacement(self, id: str) -> Item | None:
        retired = self._retired[id]
        if len(retired.replaced_by) != 1:
            return None
        (new,) = retired.replaced_by
        warnings.warn(
            f"{id!r} was retired in content {retired.since}; use {new!r} instead",
            RetiredIdWarning,
            stacklevel=4,
        )
        return self._by_id[new]

    # -- clinic packs and versions -----------------------------------------------------

    def with_pack(self, pack: ClinicPack, *, source: str = "<ClinicPack>") -> Catalog:
        """Return a new catalog with the clinic *pack* merged in; this one is unchanged.

        Packs stack: merging onto a catalog that already has packs checks the new pack
        against all of them (two packs rewording one field is a conflict).

        Args:
            pack: The clinic pack (see :func:`~microneedle_care.loading.load_pack`).
            source: Where it came from, named in error messages.

        Raises:
            ContentError: If the pack conflicts with the content or another pack.
        """
        from .packs import merge  # packs sits beside: it knows Catalog for annotations only

        _expect(pack, ClinicPack, "pack")
        return merge(self, ((pack, source),))

    def diff(self, other: Catalog) -> ContentDiff:
        """Return what changes from this catalog (the old one) to *other* (the new one).

        >>> import microneedle_care as mc
        >>> mc.load().diff(mc.load()).is_empty
        True
        """
        from .diff import diff  # knows Catalog for annotations only: no import runs back

        _expect(other, Catalog, "other")
        return diff(self, other)

    # -- queries -----------------------------------------------------------------------

    def steps_in(self, window: TimeWindow) -> tuple[AftercareStep, ...]:
        """Return the aftercare steps whose window overlaps *window*, in pack order.

        >>> from microneedle_care import TimeWindow, load
        >>> all(s.window.contains(0) for s in load().steps_in(TimeWindow(0, 1)))
        True
        """
        _expect(window, TimeWindow, "window")
        return tuple(step for step in self.aftercare_steps if step.window.overlaps(window))

    def steps_for_cause(self, cause_id: str) -> tuple[AftercareStep, ...]:
        """Return the aftercare steps that address the cause *cause_id*.

        Raises:
            UnknownIdError: If *cause_id* is not a cause.
        """
        self.cause(cause_id)
        return tuple(step for step in self.aftercare_steps if cause_id in step.addresses)

    def risk_factors_for_cause(self, cause_id: str) -> tuple[RiskFactor, ...]:
        """Return the risk factors that make the cause *cause_id* more likely.

        Raises:
            UnknownIdError: If *cause_id* is not a cause.
        """
        self.cause(cause_id)
        return tuple(rf for rf in self.risk_factors if cause_id in rf.raises)

    def warning_signs_for_cause(self, cause_id: str) -> tuple[WarningSign, ...]:
        """Return the warning signs that may point to the cause *cause_id*.

        Raises:
            UnknownIdError: If *cause_id* is not a cause.
        """
        self.cause(cause_id)
        return tuple(sign for sign in self.warning_signs if cause_id in sign.points_to)

    def causes_for_risk_factors(self, risk_factor_ids: Iterable[str]) -> tuple[Cause, ...]:
        """Return the causes that any of the given risk factors raise, each once, in pack order.

        Raises:
            UnknownIdError: If an id is not a risk factor.
        """
        raised = {c for rf_id in risk_factor_ids for c in self.risk_factor(rf_id).raises}
        return tuple(cause for cause in self.causes if cause.id in raised)

    def steps_for_risk_factors(self, risk_factor_ids: Iterable[str]) -> tuple[AftercareStep, ...]:
        """Return the steps that mitigate any of the given risk factors, each once, in pack order.

        Raises:
            UnknownIdError: If an id is not a risk factor.
        """
        wanted = {s for rf_id in risk_factor_ids for s in self.risk_factor(rf_id).mitigated_by}
        return tuple(step for step in self.aftercare_steps if step.id in wanted)

    def references_for(self, item: Item) -> tuple[Reference, ...]:
        """Return the references *item* cites, in the order it cites them."""
        if isinstance(item, Reference):
            return (item,)
        return tuple(self.reference(ref) for ref in item.references)

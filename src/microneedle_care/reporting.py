"""Where a complication is reported to a regulator, by treatment and by the clinic's region.

A :class:`~microneedle_care.model.ReportingRoute` is clinician-facing content: the
regulator, who may report there, and the official address (FDA MedWatch in the United
States; Health Canada's device-problem and side-effect reporting in Canada). A treatment
names the routes that apply to it, and a treatment that inherits also has its parent's.
:func:`reporting_routes` selects them for one visit: the treatments given (the default
pen when none is named) and the clinic's region. A route for a country covers every
region in it, so ``"US-NY"`` gets the ``"US"`` routes. No patient sheet shows a route:
the patient text names the agency, and the clinician looks up the address here.

>>> import microneedle_care as mc
>>> catalog = mc.load()
>>> [route.id for route in reporting_routes(catalog, region="US-NY")]
['us-fda-medwatch']
>>> [r.id for r in reporting_routes(catalog, region="CA-QC")]
['ca-health-canada-devices', 'ca-health-canada-side-effects']
>>> reporting_routes(catalog, region="FR")
()

.. versionadded:: 0.6.0
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .model import DEFAULT_TREATMENT, ReportingRoute, Treatment
from .regions import normalise_region
from .treatments import treatment_ids

if TYPE_CHECKING:
    from .catalog import Catalog

__all__ = ["address_for", "reporting_routes"]


def address_for(route: ReportingRoute, locale: str) -> str:
    """Return *route*'s page for *locale*'s language, its French page for French.

    A route with no French page gives its main address in every language.

    Raises:
        UnknownLocaleError: If there is no such locale.

    >>> import microneedle_care as mc
    >>> route = mc.load()["ca-health-canada-side-effects"]
    >>> address_for(route, "fr-CA") == route.address_fr, address_for(route, "en") == route.address
    (True, True)
    """
    from ._i18n import by_language

    pages = dict(en=route.address)
    if route.address_fr is not None:
        pages.update(fr=route.address_fr)
    return by_language(pages, locale)


def reporting_routes(
    catalog: Catalog, *, region: str | None = None, treatments: Iterable[str] = ()
) -> tuple[ReportingRoute, ...]:
    """Return the reporting routes for a visit, in the content's order, each once.

    Args:
        catalog: The content.
        region: The clinic's region, an ISO 3166-2 code (``"CA-ON"``) or a country
            (``"US"``); ``None`` gives the routes of every region.
        treatments: The ids of the treatments given. None named means the default
            treatment (:data:`~microneedle_care.model.DEFAULT_TREATMENT`); a content
            with no treatments gives every route.

    Raises:
        InvalidValueError: If *region* is not shaped like an ISO 3166-2 code.
        InvalidTypeError: If *treatments* is a single string.
        UnknownIdError: If a treatment id is not in the content.

    >>> import microneedle_care as mc
    >>> routes = reporting_routes(mc.load(), treatments=["microneedling-serum-or-exosome"])
    >>> [r.id for r in routes if r.region == "US"]
    ['us-fda-medwatch', 'us-fda-regenerative-products']
    """
    code = normalise_region(region, "region")
    ids = treatment_ids(treatments)
    if not ids and DEFAULT_TREATMENT in catalog:
        ids = [DEFAULT_TREATMENT]
    if ids:
        named: set[str] = set()
        for treatment_id in ids:
            named.update(_routes_of(catalog, catalog.treatment(treatment_id)))
        routes = [r for r in catalog.reporting_routes if r.id in named]
    else:
        routes = list(catalog.reporting_routes)
    if code is not None:
        routes = [r for r in routes if r.region in (code, code[:2])]
    return tuple(routes)


def _routes_of(catalog: Catalog, treatment: Treatment) -> set[str]:
    """Return the route ids of *treatment* and of every treatment it inherits from."""
    out: set[str] = set(treatment.reporting)
    seen = {treatment.id}
    while treatment.inherits is not None and treatment.inherits not in seen:
        treatment = catalog.treatment(treatment.inherits)
        seen.add(treatment.id)
        out.update(treatment.reporting)
    return out

"""Evidence-based aftercare content about breakouts after microneedling, as typed objects.

>>> import microneedle_care as mc
>>> catalog = mc.load()
>>> catalog.cause("bacterial-infection").name
'Skin infection'

"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .catalog import Catalog
from .errors import ContentError, MicroneedleCareError, Problem, UnknownIdError
from .loading import load, load_file, parse
from .model import (
    AftercareStep,
    Cause,
    CauseCategory,
    ContentPack,
    Deprecation,
    EvidenceLevel,
    Item,
    Likelihood,
    Modifiability,
    Myth,
    Reference,
    RiskFactor,
    SourceType,
    StepKind,
    StepScope,
    TimeWindow,
    Urgency,
    WarningSign,
    clinician_fields,
    patient_fields,
)

try:
    __version__ = version("microneedle-care")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

__all__ = [
    "AftercareStep",
    "Catalog",
    "Cause",
    "CauseCategory",
    "ContentError",
    "ContentPack",
    "Deprecation",
    "EvidenceLevel",
    "Item",
    "Likelihood",
    "MicroneedleCareError",
    "Modifiability",
    "Myth",
    "Problem",
    "Reference",
    "RiskFactor",
    "SourceType",
    "StepKind",
    "StepScope",
    "TimeWindow",
    "UnknownIdError",
    "Urgency",
    "WarningSign",
    "__version__",
    "clinician_fields",
    "load",
    "load_file",
    "parse",
    "patient_fields",
]

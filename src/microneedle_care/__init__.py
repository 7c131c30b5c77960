"""Evidence-informed aftercare content about breakouts after microneedling, as typed objects.

Evidence-informed: most timings are clinic practice, not study results, and every item says
how strong its evidence is (its ``evidence`` level and ``references``).

>>> import microneedle_care as mc
>>> catalog = mc.load()
>>> catalog.cause("bacterial-infection").name
'Infection of the skin'

"""

# Only public names at module level (no "annotations", "Any", "importlib"): dir() and
# tab completion show the API and nothing else.
import typing as _typing

from .errors import (
    BatchInputError,
    BatchOutputError,
    ContentDueForReviewWarning,
    ContentError,
    InvalidTypeError,
    InvalidValueError,
    MicroneedleCareError,
    MissingDependencyError,
    OutOfRangeError,
    PolicyError,
    Problem,
    SafetyOverrideError,
    ScheduleError,
    UnansweredQuestionError,
    UnknownFormatError,
    UnknownIdError,
    UnknownLocaleError,
)
from .model import (
    AftercareStep,
    Approval,
    Cause,
    CauseCategory,
    ClinicPack,
    ContentPack,
    Deprecation,
    EvidenceLevel,
    Item,
    Likelihood,
    Modifiability,
    Myth,
    PackInfo,
    Phrasing,
    Reference,
    Review,
    RiskFactor,
    SafetyOverride,
    SourceType,
    StepKind,
    StepScope,
    TimeWindow,
    Urgency,
    WarningSign,
    WordingChange,
    clinician_fields,
    patient_fields,
)

if _typing.TYPE_CHECKING:
    from .approval import approve, check_approval
    from .catalog import Catalog
    from .check import TextReport, check_text
    from .checkin import CheckIn, check_in
    from .checklist import (
        Checklist,
        ChecklistItem,
        ChecklistSection,
        ClinicContact,
        SectionKind,
        WarningGroup,
        build_checklist,
    )
    from .loading import load, load_file, load_pack, parse
    from .rendering import FORMATS, render
    from .rendering.html import render_html
    from .rendering.json import read_checklist_json, render_json
    from .rendering.markdown import render_markdown
    from .rendering.text import render_text
    from .schedule import Email, Schedule, Touchpoint, build_schedule, to_ical

# Names imported on first use, so that importing the package (or running the command)
# loads only what is used: cattrs, for one, only when content must be structured.
_LAZY = {
    "approve": "approval",
    "check_approval": "approval",
    "Catalog": "catalog",
    "TextReport": "check",
    "check_text": "check",
    "Checklist": "checklist",
    "ChecklistItem": "checklist",
    "ChecklistSection": "checklist",
    "ClinicContact": "checklist",
    "SectionKind": "checklist",
    "WarningGroup": "checklist",
    "build_checklist": "checklist",
    "load": "loading",
    "load_file": "loading",
    "load_pack": "loading",
    "parse": "loading",
    "FORMATS": "rendering",
    "render": "rendering",
    "render_html": "rendering.html",
    "read_checklist_json": "rendering.json",
    "render_json": "rendering.json",
    "render_markdown": "rendering.markdown",
    "render_text": "rendering.text",
    "CheckIn": "checkin",
    "check_in": "checkin",
    "Email": "schedule",
    "Schedule": "schedule",
    "Touchpoint": "schedule",
    "build_schedule": "schedule",
    "to_ical": "schedule",
}

# The public modules, importable as attributes (``microneedle_care.fhir``) on first use.
_MODULES = (
    "approval",
    "batch",
    "catalog",
    "check",
    "checkin",
    "checklist",
    "cli",
    "diff",
    "errors",
    "fhir",
    "loading",
    "messaging",
    "model",
    "packs",
    "readability",
    "regions",
    "rendering",
    "schedule",
)

__version__: str
"""The package's version (the same as its distribution metadata)."""


def __getattr__(name: str) -> _typing.Any:
    from importlib import import_module

    if name == "__version__":
        # Not importlib.metadata: it is slow to import, and a zip import may have no
        # dist-info, which made --version and the JSON record crash (attack M20).
        from ._version import VERSION

        value: _typing.Any = VERSION
    elif name in _LAZY:
        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
    elif name in _MODULES:
        value = import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*__all__, *_MODULES})


__all__ = [
    "FORMATS",
    "AftercareStep",
    "Approval",
    "BatchInputError",
    "BatchOutputError",
    "Catalog",
    "Cause",
    "CauseCategory",
    "CheckIn",
    "Checklist",
    "ChecklistItem",
    "ChecklistSection",
    "ClinicContact",
    "ClinicPack",
    "ContentDueForReviewWarning",
    "ContentError",
    "ContentPack",
    "Deprecation",
    "Email",
    "EvidenceLevel",
    "InvalidTypeError",
    "InvalidValueError",
    "Item",
    "Likelihood",
    "MicroneedleCareError",
    "MissingDependencyError",
    "Modifiability",
    "Myth",
    "OutOfRangeError",
    "PackInfo",
    "Phrasing",
    "PolicyError",
    "Problem",
    "Reference",
    "Review",
    "RiskFactor",
    "SafetyOverride",
    "SafetyOverrideError",
    "Schedule",
    "ScheduleError",
    "SectionKind",
    "SourceType",
    "StepKind",
    "StepScope",
    "TextReport",
    "TimeWindow",
    "Touchpoint",
    "UnansweredQuestionError",
    "UnknownFormatError",
    "UnknownIdError",
    "UnknownLocaleError",
    "Urgency",
    "WarningGroup",
    "WarningSign",
    "WordingChange",
    "__version__",
    "approve",
    "build_checklist",
    "build_schedule",
    "check_approval",
    "check_in",
    "check_text",
    "clinician_fields",
    "load",
    "load_file",
    "load_pack",
    "parse",
    "patient_fields",
    "read_checklist_json",
    "render",
    "render_html",
    "render_json",
    "render_markdown",
    "render_text",
    "to_ical",
]

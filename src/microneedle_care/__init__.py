"""Evidence-based aftercare content about breakouts after microneedling, as typed objects.

>>> import microneedle_care as mc
>>> catalog = mc.load()
>>> catalog.cause("bacterial-infection").name
'Skin infection'

"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import (
    ContentError,
    MicroneedleCareError,
    Problem,
    ScheduleError,
    UnansweredQuestionError,
    UnknownIdError,
)
from .model import (
    AftercareStep,
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
    Reference,
    RiskFactor,
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

if TYPE_CHECKING:
    from .catalog import Catalog
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
    "Catalog": "catalog",
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

__version__: str
"""The installed package's version, read from its metadata on first use."""


def __getattr__(name: str) -> Any:
    if name == "__version__":
        # importlib.metadata costs more to import than most of this package.
        from importlib.metadata import version

        value: Any = version("microneedle-care")
    elif name in _LAZY:
        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    "FORMATS",
    "AftercareStep",
    "Catalog",
    "Cause",
    "CauseCategory",
    "CheckIn",
    "Checklist",
    "ChecklistItem",
    "ChecklistSection",
    "ClinicContact",
    "ClinicPack",
    "ContentError",
    "ContentPack",
    "Deprecation",
    "Email",
    "EvidenceLevel",
    "Item",
    "Likelihood",
    "MicroneedleCareError",
    "Modifiability",
    "Myth",
    "PackInfo",
    "Problem",
    "Reference",
    "RiskFactor",
    "Schedule",
    "ScheduleError",
    "SectionKind",
    "SourceType",
    "StepKind",
    "StepScope",
    "TimeWindow",
    "Touchpoint",
    "UnansweredQuestionError",
    "UnknownIdError",
    "Urgency",
    "WarningGroup",
    "WarningSign",
    "WordingChange",
    "__version__",
    "build_checklist",
    "build_schedule",
    "check_in",
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

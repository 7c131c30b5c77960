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

# THE table of the facade: every public name at the top of the package, and the module
# that defines it. Names are imported on first use (PEP 562), so importing the package,
# or running the command, loads only what is used: cattrs, for one, only when content
# must be structured. __getattr__ and __dir__ serve from this table. Type checkers need
# literal code, so __all__ and the TYPE_CHECKING imports below are spelled out, and
# tests/test_facade.py fails unless both say exactly what this table says.
_EXPORTS: dict[str, str] = {
    "approve": "approval",
    "check_approval": "approval",
    "Catalog": "catalog",
    "AdviceFinding": "check",
    "HardSentence": "check",
    "MythFinding": "check",
    "TextReport": "check",
    "Trigger": "check",
    "check_text": "check",
    "CheckIn": "checkin",
    "check_in": "checkin",
    "Checklist": "checklist",
    "ChecklistItem": "checklist",
    "ChecklistSection": "checklist",
    "ClinicContact": "checklist",
    "SectionKind": "checklist",
    "StepOverride": "checklist",
    "WarningGroup": "checklist",
    "build_checklist": "checklist",
    "ContentDiff": "diff",
    "ApprovalError": "errors",
    "BatchInputError": "errors",
    "BatchOutputError": "errors",
    "BatchWorkerError": "errors",
    "ContentDueForReviewWarning": "errors",
    "IncompleteTreatmentWarning": "errors",
    "ContentError": "errors",
    "InvalidTypeError": "errors",
    "InvalidValueError": "errors",
    "MicroneedleCareError": "errors",
    "MissingDependencyError": "errors",
    "OutOfRangeError": "errors",
    "PolicyError": "errors",
    "Problem": "errors",
    "RetiredIdWarning": "errors",
    "SafetyOverrideError": "errors",
    "ScheduleError": "errors",
    "UnansweredQuestionError": "errors",
    "UnknownFormatError": "errors",
    "UnknownIdError": "errors",
    "UnknownLocaleError": "errors",
    "load": "loading",
    "load_file": "loading",
    "load_pack": "loading",
    "parse": "loading",
    "parse_pack": "loading",
    "AftercareStep": "model",
    "Approval": "model",
    "Cause": "model",
    "CauseCategory": "model",
    "ClinicPack": "model",
    "ContentPack": "model",
    "Deprecation": "model",
    "EvidenceLevel": "model",
    "Item": "model",
    "Likelihood": "model",
    "Modifiability": "model",
    "Myth": "model",
    "PackInfo": "model",
    "Phrasing": "model",
    "Reference": "model",
    "ReportingRoute": "model",
    "Review": "model",
    "RiskFactor": "model",
    "SafetyOverride": "model",
    "SourceType": "model",
    "StepKind": "model",
    "StepScope": "model",
    "TimeWindow": "model",
    "Treatment": "model",
    "TreatmentRole": "model",
    "Urgency": "model",
    "WarningSign": "model",
    "WordingChange": "model",
    "clinician_fields": "model",
    "patient_fields": "model",
    "FORMATS": "rendering",
    "render": "rendering",
    "render_html": "rendering.html",
    "load_checklist_json": "rendering.json",
    "parse_checklist_json": "rendering.json",
    "render_json": "rendering.json",
    "render_markdown": "rendering.markdown",
    "render_pdf": "rendering.pdf",
    "render_text": "rendering.text",
    "Email": "schedule",
    "Schedule": "schedule",
    "Touchpoint": "schedule",
    "build_schedule": "schedule",
    "render_ical": "rendering.ical",
    "render_schedule_json": "rendering.ical",
    "render_email": "rendering.messages",
    "render_sms": "rendering.messages",
    "reporting_routes": "reporting",
}

# Old names of the facade, served with a DeprecationWarning until 0.7.0 and left out of
# __all__ (a star import does not warn): each maps to its new name in _EXPORTS.
_DEPRECATED: dict[str, str] = {
    "read_checklist_json": "parse_checklist_json",
    "to_ical": "render_ical",
}

# The public modules, importable as attributes (``microneedle_care.fhir``) on first use;
# tests/test_facade.py checks this against the public modules on disk.
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
    "reporting",
    "schedule",
    "translation",
    "treatments",
)

if _typing.TYPE_CHECKING:
    from .approval import approve, check_approval
    from .catalog import Catalog
    from .check import (
        AdviceFinding,
        HardSentence,
        MythFinding,
        TextReport,
        Trigger,
        check_text,
    )
    from .checkin import CheckIn, check_in
    from .checklist import (
        Checklist,
        ChecklistItem,
        ChecklistSection,
        ClinicContact,
        SectionKind,
        StepOverride,
        WarningGroup,
        build_checklist,
    )
    from .diff import ContentDiff
    from .errors import (
        ApprovalError,
        BatchInputError,
        BatchOutputError,
        BatchWorkerError,
        ContentDueForReviewWarning,
        ContentError,
        IncompleteTreatmentWarning,
        InvalidTypeError,
        InvalidValueError,
        MicroneedleCareError,
        MissingDependencyError,
        OutOfRangeError,
        PolicyError,
        Problem,
        RetiredIdWarning,
        SafetyOverrideError,
        ScheduleError,
        UnansweredQuestionError,
        UnknownFormatError,
        UnknownIdError,
        UnknownLocaleError,
    )
    from .loading import (
        load,
        load_file,
        load_pack,
        parse,
        parse_pack,
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
        ReportingRoute,
        Review,
        RiskFactor,
        SafetyOverride,
        SourceType,
        StepKind,
        StepScope,
        TimeWindow,
        Treatment,
        TreatmentRole,
        Urgency,
        WarningSign,
        WordingChange,
        clinician_fields,
        patient_fields,
    )
    from .rendering import FORMATS, render
    from .rendering.html import render_html
    from .rendering.ical import render_ical, render_schedule_json
    from .rendering.ical import render_ical as to_ical  # noqa: F401  (deprecated name)
    from .rendering.json import load_checklist_json, parse_checklist_json, render_json
    from .rendering.json import parse_checklist_json as read_checklist_json  # noqa: F401
    from .rendering.markdown import render_markdown
    from .rendering.messages import render_email, render_sms
    from .rendering.pdf import render_pdf
    from .rendering.text import render_text
    from .reporting import reporting_routes
    from .schedule import (
        Email,
        Schedule,
        Touchpoint,
        build_schedule,
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
    elif name in _EXPORTS:
        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    elif name in _DEPRECATED:
        import warnings

        new = _DEPRECATED[name]
        warnings.warn(
            f"microneedle_care.{name} is deprecated and goes in 0.7.0: use {new}",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(import_module(f".{_EXPORTS[new]}", __name__), new)
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
    "AdviceFinding",
    "AftercareStep",
    "Approval",
    "ApprovalError",
    "BatchInputError",
    "BatchOutputError",
    "BatchWorkerError",
    "Catalog",
    "Cause",
    "CauseCategory",
    "CheckIn",
    "Checklist",
    "ChecklistItem",
    "ChecklistSection",
    "ClinicContact",
    "ClinicPack",
    "ContentDiff",
    "ContentDueForReviewWarning",
    "ContentError",
    "ContentPack",
    "Deprecation",
    "Email",
    "EvidenceLevel",
    "HardSentence",
    "IncompleteTreatmentWarning",
    "InvalidTypeError",
    "InvalidValueError",
    "Item",
    "Likelihood",
    "MicroneedleCareError",
    "MissingDependencyError",
    "Modifiability",
    "Myth",
    "MythFinding",
    "OutOfRangeError",
    "PackInfo",
    "Phrasing",
    "PolicyError",
    "Problem",
    "Reference",
    "ReportingRoute",
    "RetiredIdWarning",
    "Review",
    "RiskFactor",
    "SafetyOverride",
    "SafetyOverrideError",
    "Schedule",
    "ScheduleError",
    "SectionKind",
    "SourceType",
    "StepKind",
    "StepOverride",
    "StepScope",
    "TextReport",
    "TimeWindow",
    "Touchpoint",
    "Treatment",
    "TreatmentRole",
    "Trigger",
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
    "load_checklist_json",
    "load_file",
    "load_pack",
    "parse",
    "parse_checklist_json",
    "parse_pack",
    "patient_fields",
    "render",
    "render_email",
    "render_html",
    "render_ical",
    "render_json",
    "render_markdown",
    "render_pdf",
    "render_schedule_json",
    "render_sms",
    "render_text",
    "reporting_routes",
]

"""The facade (``import microneedle_care as mc``) is served from one table.

``_EXPORTS`` in ``microneedle_care/__init__.py`` maps every public top-level name to the
module that defines it. ``__getattr__`` and ``__dir__`` use it; ``__all__`` and the
``TYPE_CHECKING`` imports (literal code, for type checkers) must say exactly the same.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest

import microneedle_care as mc

ROOT = Path(__file__).resolve().parent.parent
INIT = Path(mc.__file__)

# The names of 0.5.0: none may go (a moved one stays as an alias).
RELEASED = [
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
    "FORMATS",
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

# Names the design review (section 3.1) found missing: each function's result type, every
# error, and the renderers and readers beside their siblings.
ADDED = [
    "AdviceFinding",
    "ApprovalError",
    "ContentDiff",
    "HardSentence",
    "MythFinding",
    "RetiredIdWarning",
    "parse_pack",
    "render_email",
    "render_pdf",
    "render_sms",
]


def _type_checking_imports() -> dict[str, str]:
    """The TYPE_CHECKING imports; an ``as`` alias only for a deprecated name, to its new one."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom), ast.unparse(stmt)
                assert stmt.level == 1
                assert stmt.module is not None
                for alias in stmt.names:
                    if alias.asname is not None:
                        assert mc._DEPRECATED[alias.asname] == alias.name
                        continue
                    found[alias.name] = stmt.module
    return found


def test_all_is_the_table() -> None:
    assert sorted(mc.__all__) == sorted([*mc._EXPORTS, "__version__"])
    assert len(set(mc.__all__)) == len(mc.__all__)


def test_the_type_checking_imports_are_the_table() -> None:
    assert _type_checking_imports() == mc._EXPORTS


def test_nothing_released_is_gone() -> None:
    """A released name stays in __all__, or (moved) still works for a minor series with a
    DeprecationWarning naming its new home, which is in __all__."""
    gone = set(RELEASED) - set(mc.__all__)
    assert gone <= set(mc._DEPRECATED)
    for name in sorted(gone):
        new = mc._DEPRECATED[name]
        assert new in mc.__all__
        with pytest.warns(DeprecationWarning, match=new):
            old = getattr(mc, name)
        assert old is getattr(mc, new)


@pytest.mark.parametrize("name", ADDED)
def test_the_missing_names_are_exported(name: str) -> None:
    assert name in mc.__all__


@pytest.mark.parametrize("name", sorted(mc._EXPORTS))
def test_each_name_comes_from_its_module(name: str) -> None:
    module = importlib.import_module(f"microneedle_care.{mc._EXPORTS[name]}")
    assert getattr(mc, name) is getattr(module, name)
    assert name in module.__all__, f"{name} is not in the __all__ of {module.__name__}"


@pytest.mark.parametrize("name", sorted(mc._EXPORTS))
def test_each_name_has_a_docstring(name: str) -> None:
    value = getattr(mc, name)
    if inspect.isclass(value) or inspect.isroutine(value):
        own = value.__dict__.get("__doc__") if inspect.isclass(value) else value.__doc__
        assert own, name
        assert own.strip(), name
        return
    # Data: an attribute docstring right after the assignment in its module.
    module = importlib.import_module(f"microneedle_care.{mc._EXPORTS[name]}")
    tree = ast.parse(inspect.getsource(module))
    body = tree.body
    for here, after in itertools.pairwise(body):
        targets = (
            [t.id for t in here.targets if isinstance(t, ast.Name)]
            if isinstance(here, ast.Assign)
            else [here.target.id]
            if isinstance(here, ast.AnnAssign) and isinstance(here.target, ast.Name)
            else []
        )
        if name in targets:
            assert isinstance(after, ast.Expr), name
            assert isinstance(after.value, ast.Constant), name
            assert isinstance(after.value.value, str), name
            return
    pytest.fail(f"no assignment of {name} in {module.__name__}")


def _reference() -> tuple[set[str], set[str]]:
    """Return the names the docs reference lists, and the modules it documents whole."""
    names: set[str] = set()
    whole: set[str] = set()
    for path in sorted((ROOT / "docs" / "reference").glob("*.rst")):
        text = path.read_text(encoding="utf-8")
        for module, members in re.findall(
            r"^\.\. automodule:: (\S+)\n((?:   :.*\n(?:      .*\n)*)*)", text, re.M
        ):
            listed = re.search(r":members:(.*(?:\n      .*)*)", members)
            if listed is None:
                continue
            if not listed.group(1).strip():
                whole.add(module)
            names |= {n.strip() for n in listed.group(1).replace("\n", " ").split(",") if n.strip()}
        names |= {
            m.rpartition(".")[2]
            for m in re.findall(r"^\.\. auto(?:function|class|data):: (\S+)", text, re.M)
        }
    return names, whole


@pytest.mark.parametrize("name", sorted(mc._EXPORTS))
def test_each_name_is_in_the_docs_reference(name: str) -> None:
    names, whole = _reference()
    assert name in names or f"microneedle_care.{mc._EXPORTS[name]}" in whole, name


def test_modules_are_the_public_modules_on_disk() -> None:
    root = INIT.parent
    on_disk = {
        p.stem if p.is_file() else p.name
        for p in root.iterdir()
        if (p.suffix == ".py" or (p / "__init__.py").is_file()) and not p.name.startswith("_")
    }
    assert set(mc._MODULES) == on_disk
    assert list(mc._MODULES) == sorted(mc._MODULES)


def test_dir_is_sorted_and_stable() -> None:
    assert dir(mc) == sorted({*mc.__all__, *mc._MODULES})


def test_every_name_imports_in_a_fresh_process() -> None:
    """Order-independent: each name (and module) resolves in a process that loaded nothing."""
    code = (
        "import microneedle_care as mc\n"
        "for name in sorted(mc._EXPORTS):\n"
        "    getattr(mc, name)\n"
        "for name in mc._MODULES:\n"
        "    assert getattr(mc, name).__name__ == 'microneedle_care.' + name, name\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", "-c", code],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout == "ok\n", result.stderr

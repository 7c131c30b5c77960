from __future__ import annotations

import ast
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest

import microneedle_care
from microneedle_care import (
    ContentError,
    InvalidTypeError,
    InvalidValueError,
    MicroneedleCareError,
    Problem,
    UnknownFormatError,
    UnknownIdError,
    UnknownLocaleError,
    errors,
)


class TestHierarchy:
    @pytest.mark.parametrize(
        ("cls", "builtins"),
        [(ContentError, (ValueError,)), (UnknownIdError, (KeyError, LookupError))],
    )
    def test_errors_subclass_the_base_and_a_builtin(
        self, cls: type, builtins: tuple[type, ...]
    ) -> None:
        """Each error can be caught as MicroneedleCareError and as the matching built-in."""
        assert issubclass(cls, MicroneedleCareError)
        for builtin in builtins:
            assert issubclass(cls, builtin)


class TestContentError:
    def test_message_lists_every_problem(self) -> None:
        """str() names the source, the count and each problem with its path."""
        error = ContentError("pack.json", (Problem("$.a", "bad"), Problem("$.b[0]", "worse")))
        assert str(error) == "pack.json: 2 problems\n  $.a: bad\n  $.b[0]: worse"

    def test_pickles(self) -> None:
        """The error survives pickling with its data, so it can cross process boundaries."""
        error = ContentError("pack.json", (Problem("$.a", "bad"),))
        copy = pickle.loads(pickle.dumps(error))
        assert (copy.source, copy.problems, str(copy)) == (error.source, error.problems, str(error))


class TestUnknownIdError:
    def test_message_suggests(self) -> None:
        """str() is readable (not KeyError's repr) and offers the suggestions."""
        error = UnknownIdError("acne-flar", "cause", ("acne-flare",))
        assert str(error) == "unknown cause id 'acne-flar'; did you mean 'acne-flare'?"
        assert str(UnknownIdError("zzz")) == "unknown item id 'zzz'"

    def test_pickles(self) -> None:
        """The error survives pickling with its data."""
        error = UnknownIdError("x", "myth", ("y",))
        copy = pickle.loads(pickle.dumps(error))
        assert (copy.id, copy.kind, copy.suggestions) == ("x", "myth", ("y",))


def _bad_inputs() -> list[tuple[str, Callable[[], object], type[Exception]]]:
    """Every kind of bad input a caller can hand the public API, and the built-in it is."""
    import datetime

    import microneedle_care as mc
    from microneedle_care import fhir, loading

    checklist = mc.build_checklist()
    catalog = mc.load()
    return [
        ("clinic name not a string", lambda: mc.ClinicContact(name=3, phone="1"), TypeError),  # type: ignore[arg-type]
        ("clinic phone None", lambda: mc.ClinicContact(name="A", phone=None), TypeError),  # type: ignore[arg-type]
        ("clinic email int", lambda: mc.ClinicContact(name="A", phone="1", email=5), TypeError),  # type: ignore[arg-type]
        ("clinic name empty", lambda: mc.ClinicContact(name=" ", phone="1"), ValueError),
        ("clinic phone line break", lambda: mc.ClinicContact(name="A", phone="1\n2"), ValueError),
        ("unknown locale", lambda: mc.load(locale="de"), ValueError),
        ("locale not a string", lambda: mc.load(locale=3), ValueError),  # type: ignore[arg-type]
        ("unknown locale, checklist", lambda: mc.build_checklist(locale="xx"), ValueError),
        ("locale mismatch", lambda: mc.build_checklist(catalog=mc.load(), locale="fr"), ValueError),
        ("unknown format", lambda: mc.render(checklist, "docx"), ValueError),  # type: ignore[arg-type]
        ("format not a string", lambda: mc.render(checklist, None), ValueError),  # type: ignore[arg-type]
        ("one path as packs", lambda: mc.load(packs="p.json"), TypeError),
        ("unknown schema", lambda: loading.schema("x"), ValueError),  # type: ignore[arg-type]
        (
            "datetime as date",
            lambda: mc.build_checklist(treatment_date=datetime.datetime(2026, 1, 1)),
            TypeError,
        ),
        ("string as date", lambda: mc.build_checklist(treatment_date="2026-01-01"), TypeError),  # type: ignore[arg-type]
        ("one id as risk factors", lambda: mc.build_checklist(risk_factors="diabetes"), TypeError),
        ("int risk factor", lambda: mc.build_checklist(risk_factors=[3]), TypeError),  # type: ignore[list-item]
        ("clinic not a contact", lambda: mc.build_checklist(clinic="x"), TypeError),  # type: ignore[arg-type]
        ("unknown risk factor", lambda: mc.build_checklist(risk_factors=["nope"]), KeyError),
        ("negative window", lambda: mc.TimeWindow(-1, 2), ValueError),
        ("window ends first", lambda: mc.TimeWindow(5, 2), ValueError),
        ("window of strings", lambda: mc.TimeWindow("0", 24), TypeError),  # type: ignore[arg-type]
        ("NaN in FHIR JSON", lambda: fhir.to_json({"x": float("nan")}), ValueError),
        ("object in FHIR JSON", lambda: fhir.to_json({"x": object()}), TypeError),
        ("checklist JSON not text", lambda: mc.parse_checklist_json(123), TypeError),  # type: ignore[arg-type]
        ("render a non-checklist", lambda: mc.render(123, "text"), TypeError),  # type: ignore[arg-type]
        ("CarePlan of a non-checklist", lambda: fhir.care_plan(3), TypeError),  # type: ignore[arg-type]
        ("with_pack a string", lambda: catalog.with_pack("x"), TypeError),  # type: ignore[arg-type]
        ("diff with a number", lambda: catalog.diff(3), TypeError),  # type: ignore[arg-type]
        ("steps_in a number", lambda: catalog.steps_in(3), TypeError),  # type: ignore[arg-type]
        ("load_file a number", lambda: mc.load_file(3), TypeError),  # type: ignore[arg-type]
        ("load_pack None", lambda: mc.load_pack(None), TypeError),  # type: ignore[arg-type]
        ("packs a number", lambda: mc.load(packs=3), TypeError),  # type: ignore[arg-type]
        ("packs of numbers", lambda: mc.load(packs=[3]), TypeError),  # type: ignore[list-item]
        ("catalog a number", lambda: mc.build_checklist(catalog=3), TypeError),  # type: ignore[arg-type]
        ("days of strings", lambda: mc.TimeWindow.days("a", 1), TypeError),  # type: ignore[arg-type]
    ]


class TestOneFamily:
    @pytest.mark.parametrize(
        ("call", "builtin"),
        [pytest.param(call, builtin, id=name) for name, call, builtin in _bad_inputs()],
    )
    def test_bad_input_is_ours_and_the_builtin(
        self, call: Callable[[], object], builtin: type[Exception]
    ) -> None:
        """Bad input raises a MicroneedleCareError that is also the matching built-in."""
        with pytest.raises(MicroneedleCareError) as info:
            call()
        assert isinstance(info.value, builtin)
        assert str(info.value)

    def test_every_error_class_subclasses_base_and_a_builtin(self) -> None:
        """Every exception class subclasses the base and a built-in a caller would catch.

        That is ValueError, TypeError or KeyError, or ImportError for a missing extra.
        """
        classes = [
            obj
            for obj in vars(errors).values()
            if isinstance(obj, type)
            and issubclass(obj, BaseException)
            and not issubclass(obj, Warning)
        ]
        assert len(classes) >= 7
        for cls in classes:
            assert issubclass(cls, MicroneedleCareError)
            if cls is not MicroneedleCareError:
                assert issubclass(cls, (ValueError, TypeError, KeyError, ImportError)), cls

    def test_no_bare_builtin_raised_in_the_package(self) -> None:
        """No module of the installed package raises a bare ValueError, TypeError or KeyError."""
        root = Path(microneedle_care.__file__).parent
        offenders = []
        for path in sorted(root.rglob("*.py")):
            tree = ast.parse(path.read_text("utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Raise) and node.exc is not None:
                    target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
                    if isinstance(target, ast.Name) and target.id in _BUILTINS:
                        offenders.append(f"{path.relative_to(root)}:{node.lineno} {target.id}")
        assert offenders == []

    @pytest.mark.parametrize(
        "error",
        [
            UnknownLocaleError("de", ("en", "fr-CA")),
            UnknownFormatError("pdf", ("text",)),
            InvalidValueError("bad"),
            InvalidTypeError("bad"),
        ],
    )
    def test_new_errors_pickle(self, error: Exception) -> None:
        """The new errors survive pickling with their message."""
        copy = pickle.loads(pickle.dumps(error))
        assert (type(copy), str(copy)) == (type(error), str(error))


_BUILTINS = {"ValueError", "TypeError", "KeyError", "LookupError", "IndexError"}


class TestErrorsHoldsErrorsOnly:
    """errors.py holds errors and warnings; the limits went to model, _expect to _validate."""

    def test_every_public_name_is_an_error_warning_or_problem(self) -> None:
        from microneedle_care import errors

        for name in errors.__all__:
            value = getattr(errors, name)
            assert isinstance(value, type), name
            assert issubclass(value, (BaseException, errors.Problem)), name

    @pytest.mark.parametrize(
        ("name", "home"),
        [
            ("MIN_YEAR", "model"),
            ("MAX_YEAR", "model"),
            ("MAX_WINDOW_HOURS", "model"),
            ("_expect", "_validate"),
        ],
    )
    def test_moved_names_still_import_with_a_warning(self, name: str, home: str) -> None:
        import importlib

        from microneedle_care import errors

        moved = getattr(importlib.import_module(f"microneedle_care.{home}"), name)
        with pytest.warns(DeprecationWarning, match=f"{name} moved to microneedle_care.{home}"):
            assert getattr(errors, name) is moved

    def test_an_unknown_name_is_still_an_attribute_error(self) -> None:
        from microneedle_care import errors

        with pytest.raises(AttributeError):
            errors.NO_SUCH_NAME  # noqa: B018


class TestArgument:
    """InvalidValueError and InvalidTypeError name the refused argument in .argument."""

    def test_expect_names_the_argument(self) -> None:
        from microneedle_care._validate import _expect

        with pytest.raises(microneedle_care.InvalidTypeError) as info:
            _expect(3, str, "clinic_name")
        assert info.value.argument == "clinic_name"

    def test_a_wrong_catalog_names_the_argument(self) -> None:
        with pytest.raises(microneedle_care.InvalidTypeError) as info:
            microneedle_care.build_checklist(catalog="not a catalog")  # type: ignore[arg-type]
        assert info.value.argument == "catalog"

    def test_unknown_locale_and_format_name_theirs(self) -> None:
        with pytest.raises(microneedle_care.UnknownLocaleError) as info:
            microneedle_care.load(locale="xx")
        assert info.value.argument == "locale"
        err = microneedle_care.UnknownFormatError("docx", ("text",))
        assert err.argument == "format"

    @pytest.mark.parametrize(
        "kind", [microneedle_care.InvalidValueError, microneedle_care.InvalidTypeError]
    )
    def test_the_argument_survives_pickling(self, kind: type[Exception]) -> None:
        error = kind("x must be ...", argument="x")
        again = pickle.loads(pickle.dumps(error))
        assert again.argument == "x"
        assert str(again) == "x must be ..."

    def test_default_is_none(self) -> None:
        assert microneedle_care.InvalidValueError("bad").argument is None


def test_a_retired_id_warns_with_its_own_class() -> None:
    from microneedle_care.errors import RetiredIdWarning

    assert issubclass(RetiredIdWarning, DeprecationWarning)
    assert microneedle_care.RetiredIdWarning is RetiredIdWarning


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda: microneedle_care.ClinicContact(name="", phone="1"), "ClinicContact.name"),
        (lambda: microneedle_care.ClinicContact(name="A", phone="1\n2"), "ClinicContact.phone"),
        (lambda: microneedle_care.ClinicContact(name="A", phone=1), "ClinicContact.phone"),
        (
            lambda: microneedle_care.ClinicContact(name="A", phone="1", email="no"),
            "ClinicContact.email",
        ),
        (lambda: microneedle_care.build_checklist(prepared_for="a\nb"), "prepared_for"),
        (lambda: microneedle_care.build_checklist(prepared_for=3), "prepared_for"),
        (
            lambda: microneedle_care.build_checklist(locale="fr", catalog=microneedle_care.load()),
            "locale",
        ),
    ],
)
def test_the_one_line_checks_name_their_argument(call: Callable[[], object], argument: str) -> None:
    with pytest.raises(
        (microneedle_care.InvalidValueError, microneedle_care.InvalidTypeError)
    ) as info:
        call()
    assert info.value.argument == argument

from __future__ import annotations

import pickle

import pytest

from microneedle_care import ContentError, MicroneedleCareError, Problem, UnknownIdError


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

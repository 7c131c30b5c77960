"""Run the examples in the installed package's docstrings."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import microneedle_care

MODULES = sorted(
    name
    for _, name, _ in pkgutil.walk_packages(microneedle_care.__path__, "microneedle_care.")
    if not name.endswith("__main__")
)


@pytest.mark.parametrize("name", ["microneedle_care", *MODULES])
def test_docstring_examples(name: str) -> None:
    """Every >>> example in the module's docstrings runs and prints what it shows."""
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0

"""Old names of moved functions, kept for one minor series (private).

A module with moved names defines ``__getattr__ = moved(__name__, {...})``: each old name
then still works and emits a :exc:`DeprecationWarning` naming the new home. The package
itself uses the new homes only (tests/test_moved_names.py).
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["moved"]


def moved(
    module: str, names: Mapping[str, tuple[str, str]], *, until: str = "0.7.0"
) -> Callable[[str], Any]:
    """Return a module ``__getattr__`` giving each old name of *names* from its new home.

    Args:
        module: The ``__name__`` of the module that had the names.
        names: Each old name, with the module it moved to and its name there.
        until: The release the old names go in.
    """

    def __getattr__(name: str) -> Any:
        if name not in names:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        target, new = names[name]
        warnings.warn(
            f"{module}.{name} is deprecated and goes in {until}: use {target}.{new}",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(target), new)

    return __getattr__

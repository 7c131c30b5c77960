"""The labelled sentence files under tests/data, read the one way both checker tools need.

Each file is tab-separated, one labelled sentence a line; blank lines and ``#`` comments are
skipped. Standard library only: the tools run from the repository with the installed package.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def labelled_lines(name: str) -> Iterator[tuple[int, list[str]]]:
    """Yield each labelled line of tests/data/*name*: its index in the file and its fields."""
    for n, line in enumerate((DATA / name).read_text(encoding="utf-8").splitlines()):
        if line.strip() and not line.startswith("#"):
            yield n, line.split("\t")


def ids(field: str) -> frozenset[str]:
    """Return the ids of a myths or steps field: comma-separated, ``-`` for none."""
    return frozenset() if field == "-" else frozenset(field.split(","))

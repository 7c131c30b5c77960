"""The package's modules import each other one way: no import cycle, deferred or not.

Every module of the *installed* package is parsed with :mod:`ast`, and every ``import``
and ``from ... import`` statement is an edge, wherever it stands: at module level, inside
a function (a deferred import is still a dependency) or in a ``try``. Only imports under
``if TYPE_CHECKING:`` are exempt: they never run, and they exist so annotations can name
a type from a module that sits above (``packs`` and ``diff`` annotate with ``Catalog``).

A cycle may be allowed below, by name and with its reason; the allow-list is empty and
may only stay so.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

PACKAGE = "microneedle_care"

# Cycles allowed, each as the sorted tuple of the modules on it, with the reason. None
# is: the last one (errors <-> model / _validate, through the deprecation shim) went when
# the limits moved to the leaf module _limits. A new cycle fails the test.
ALLOWED_CYCLES: dict[tuple[str, ...], str] = {}


def _package_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    assert spec is not None
    assert spec.origin is not None
    return Path(spec.origin).parent


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """Return the package modules *module* imports, skipping ``if TYPE_CHECKING:`` bodies."""
    found: set[str] = set()
    package = module if is_package else module.rpartition(".")[0]

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:
                # "from . import packs" imports the module packs; "from .x import y",
                # the module x (and x.y if that is a module).
                found.add(f"{target}.{alias.name}")
                if node.module:
                    found.add(target)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph() -> dict[str, set[str]]:
    """Return each package module's package-internal imports (runtime ones only)."""
    root = _package_dir()
    paths = {_module_name(p, root): p for p in sorted(root.rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        targets = _imports(tree, name, path.name == "__init__.py")
        edges = set()
        for target in targets:
            # "from . import VERSION" (a name, not a module) imports the package itself
            while target and target not in paths:
                target = target.rpartition(".")[0]
            if target and target != name:
                edges.add(target)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return out


def _path_in(graph: dict[str, set[str]], component: list[str]) -> str:
    """Name one cycle through *component*, as ``a -> b -> a``."""
    members = set(component)
    start = component[0]
    path, seen, node = [start], {start}, start
    while True:
        nxt = sorted(graph[node] & members)
        step = next((n for n in nxt if n == start), None) or next(
            (n for n in nxt if n not in seen), nxt[0]
        )
        path.append(step)
        if step in seen:
            return " -> ".join(path)
        seen.add(step)
        node = step


def test_the_package_has_no_import_cycle() -> None:
    graph = import_graph()
    found = {tuple(c): _path_in(graph, c) for c in cycles(graph)}
    new = {c: p for c, p in found.items() if c not in ALLOWED_CYCLES}
    assert not new, "import cycles: " + "; ".join(new.values())


def test_the_allow_list_only_names_cycles_that_exist() -> None:
    graph = import_graph()
    found = {tuple(c) for c in cycles(graph)}
    gone = [c for c in ALLOWED_CYCLES if c not in found]
    assert not gone, f"remove these from ALLOWED_CYCLES, they are mended: {gone}"


def test_the_walk_sees_deferred_imports_and_skips_type_checking_ones() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from .catalog import Catalog\n"
        "def f():\n    from . import packs\n    from .diff import diff\n"
    )
    found = _imports(ast.parse(source), f"{PACKAGE}.x", False)
    assert f"{PACKAGE}.packs" in found
    assert f"{PACKAGE}.diff" in found
    assert f"{PACKAGE}.catalog" not in found


def test_a_cycle_is_found_and_named() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert _path_in(graph, ["a", "b", "c"]) == "a -> b -> c -> a"


@pytest.mark.parametrize("module", ["catalog", "packs", "diff", "loading"])
def test_the_content_core_imports_one_way(module: str) -> None:
    """loading -> packs / diff -> (types only) catalog: catalog never imports loading."""
    graph = import_graph()
    assert f"{PACKAGE}.loading" not in graph[f"{PACKAGE}.{module}"]


def test_one_merge_path() -> None:
    """packs.merge is the merge; the catalog delegates to it (no bounce back and forth)."""
    from microneedle_care import packs
    from microneedle_care.catalog import Catalog

    assert not hasattr(Catalog, "_with_packs")
    assert not hasattr(packs, "combine")


def test_errors_imports_only_the_leaf_limits() -> None:
    """errors is the bottom of the graph: its deprecation shim reads the leaf _limits only."""
    graph = import_graph()
    assert graph[f"{PACKAGE}.errors"] <= {f"{PACKAGE}._limits"}
    assert graph[f"{PACKAGE}._limits"] == set()
    assert f"{PACKAGE}.errors" in graph[f"{PACKAGE}._validate"]


def test_the_graph_sees_the_deferred_edges() -> None:
    """The walk counts imports inside functions (catalog -> packs is deferred)."""
    graph = import_graph()
    assert f"{PACKAGE}.packs" in graph[f"{PACKAGE}.catalog"]
    assert f"{PACKAGE}.catalog" in graph[f"{PACKAGE}.loading"]
    assert f"{PACKAGE}.catalog" not in graph[f"{PACKAGE}.packs"]

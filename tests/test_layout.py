"""The package's layout holds: no import cycle, and each layer imports only the layers below it (issue #15).

Imports are read from the source (also those inside functions, which run
later but still tie the modules together), so a cycle hidden behind a lazy
import fails here too. A package's ``__init__`` and its own modules may import
each other (that is how a package is built), so those edges are left out.
"""

from __future__ import annotations

import ast
import functools

import pytest

from tests import ROOT

PACKAGES = ("pipeline", "extractors", "schemas")

#: module prefix -> prefixes it must never import (the layers above it).
LAYERS = {
    "pipeline.vocab": ("pipeline.ingest", "pipeline.run", "pipeline.chain", "extractors", "pipeline.settings"),
    "pipeline.numerals": ("pipeline.ingest", "pipeline.run", "pipeline.chain", "extractors", "pipeline.settings"),
    "pipeline.document": ("pipeline.ingest", "pipeline.run", "pipeline.chain", "extractors", "pipeline.settings"),
    "pipeline.errors": ("pipeline.ingest", "pipeline.run", "pipeline.chain", "extractors", "pipeline.settings"),
    "pipeline.ingest": ("pipeline.run", "pipeline.chain", "extractors", "pipeline.settings", "pipeline.cli",
                        "pipeline.api"),
    "extractors": ("pipeline.run", "pipeline.chain", "pipeline.settings", "pipeline.cli", "pipeline.api"),
    "schemas": ("pipeline", "extractors"),
    "pipeline.chain": ("pipeline.run", "pipeline.cli", "pipeline.api"),
    "pipeline.settings": ("pipeline.run", "pipeline.chain", "pipeline.cli", "pipeline.api"),
    "pipeline.run": ("pipeline.cli", "pipeline.api"),
}


def _modules() -> dict[str, ast.Module]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = (path, ast.parse(path.read_text(encoding="utf-8")))
    return found


@functools.cache
def import_graph() -> dict[str, set[str]]:
    """Module -> the modules of the three packages it imports (anywhere in its source)."""
    modules = _modules()

    def owner(name: str) -> str:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name

    graph = {}
    for name, (path, tree) in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        deps = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                deps.update(owner(alias.name) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(parts + ([node.module] if node.module else []))
                deps.update(owner(f"{base}.{alias.name}") or owner(base) for alias in node.names)
        graph[name] = {d for d in deps if d and d != name
                       and not d.startswith(name + ".") and not name.startswith(d + ".")}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    index, low, on_stack, stack, found = {}, {}, set(), [], []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycle():
    """engines, orchestrate and settings imported each other; so did extractors.bodies and departments."""
    assert cycles(import_graph()) == []


def test_cycles_are_found():
    """The check can fail: a two-module loop and a three-module loop are reported."""
    assert cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("layer, above", sorted(LAYERS.items()))
def test_each_layer_imports_only_those_below(layer, above):
    graph = import_graph()
    wrong = sorted(
        (module, dep) for module, deps in graph.items() if module == layer or module.startswith(layer + ".")
        for dep in deps if any(dep == a or dep.startswith(a + ".") for a in above)
    )
    assert wrong == []

"""The pipeline package has no import circle (conformance and release used to import each
other for the release baselines, which now live in pipeline.baselines)."""

from __future__ import annotations

import ast
from pathlib import Path

PIPELINE = Path(__file__).resolve().parents[2] / "pipeline"


def _imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in PIPELINE.glob("*.py"):
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "pipeline":
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("pipeline."):
                found.add(str(node.module).removeprefix("pipeline."))
            elif isinstance(node, ast.Import):
                found.update(a.name.removeprefix("pipeline.") for a in node.names
                             if a.name.startswith("pipeline."))
        graph[path.stem] = found
    return graph


def _cycle(graph: dict[str, set[str]], start: str) -> list[str] | None:
    stack = [(start, [start])]
    while stack:
        module, path = stack.pop()
        for target in sorted(graph.get(module, ())):
            if target == start:
                return [*path, target]
            if target not in path:
                stack.append((target, [*path, target]))
    return None


def test_the_graph_sees_the_imports() -> None:
    graph = _imports()
    assert {"baselines", "conformance"} <= graph["release"]
    assert "baselines" in graph["conformance"]


def test_no_pipeline_module_imports_itself_back() -> None:
    graph = _imports()
    cycles = [c for module in sorted(graph) if (c := _cycle(graph, module))]
    assert not cycles, cycles


def test_a_cycle_would_be_found() -> None:
    assert _cycle({"a": {"b"}, "b": {"a"}}, "a") == ["a", "b", "a"]

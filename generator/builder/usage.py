"""Usage: which declarations are inputs, outputs or both (walked from the operations), and
the error type common to every operation.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from generator.ir import (
    AliasDecl,
    ArrayType,
    MapType,
    ModelDecl,
    NullableType,
    Operation,
    RefType,
    TypeDecl,
    TypeRef,
    UnionDecl,
    UnionType,
    Usage,
)

Edges = dict[str, tuple[TypeDecl, tuple[str, ...]]]
"""Declaration id -> (the declaration, the ids it refers to)."""
Marked = dict[str, tuple[TypeDecl, Usage, TypeDecl]]
"""Declaration id -> (the declaration, its usage, the declaration with that usage)."""


@dataclasses.dataclass
class UsageMemo:
    """The last build's edges and results (``generator/builder/reuse.py``), and this build's:
    an unchanged declaration (the same object) is not walked again, and gets the same
    declaration-with-usage object as last time."""

    last_edges: Edges = dataclasses.field(default_factory=dict)
    edges: Edges = dataclasses.field(default_factory=dict)
    last_marked: Marked = dataclasses.field(default_factory=dict)
    marked: Marked = dataclasses.field(default_factory=dict)
    reused: int = 0


def with_usage(
    decls: dict[str, TypeDecl], operations: list[tuple[Operation, tuple[str, ...]]],
    memo: UsageMemo | None = None,
) -> list[TypeDecl]:
    """Every declaration, with its usage set."""
    inputs: set[str] = set()
    outputs: set[str] = set()
    memo = memo or UsageMemo()

    def refs(type_ref: TypeRef | None) -> Iterable[str]:
        if type_ref is None:
            return
        if isinstance(type_ref, RefType):
            yield type_ref.id
        elif isinstance(type_ref, (ArrayType,)):
            yield from refs(type_ref.items)
        elif isinstance(type_ref, MapType):
            yield from refs(type_ref.values)
        elif isinstance(type_ref, NullableType):
            yield from refs(type_ref.inner)
        elif isinstance(type_ref, UnionType):
            for v in type_ref.variants:
                yield from refs(v)

    def children(decl: TypeDecl) -> Iterable[str]:
        if isinstance(decl, ModelDecl):
            for p in decl.properties:
                yield from refs(p.type)
            yield from refs(decl.additional_properties)
        elif isinstance(decl, UnionDecl):
            for v in decl.variants:
                yield from refs(v.type)
        elif isinstance(decl, AliasDecl):
            yield from refs(decl.target)

    def edges(decl_id: str) -> tuple[str, ...]:
        decl = decls[decl_id]
        known = memo.last_edges.get(decl_id) or memo.edges.get(decl_id)
        if known is None or not (known[0] is decl or known[0] == decl):
            known = (decl, tuple(children(decl)))
        memo.edges[decl_id] = known
        return known[1]

    def mark(start: Iterable[str], into: set[str]) -> None:
        stack = list(start)
        while stack:
            decl_id = stack.pop()
            if decl_id in into or decl_id not in decls:
                continue
            into.add(decl_id)
            stack.extend(edges(decl_id))

    for op, _ in operations:
        for p in (*op.path_params, *op.query_params, *op.header_params):
            mark(refs(p.type), inputs)
        if op.body is not None:
            mark(refs(op.body.type), inputs)
        mark(refs(op.response.type), outputs)
        for err in op.errors:
            mark(refs(err.type), outputs)
    result: list[TypeDecl] = []
    last_marked, marked = memo.last_marked, memo.marked
    for decl_id, decl in decls.items():
        is_input = decl_id in inputs
        is_output = decl_id in outputs or not is_input
        last = last_marked.get(decl_id)
        if (last is not None and (last[0] is decl or last[0] == decl)
                and last[1].input is is_input and last[1].output is is_output):
            memo.reused += 1
            entry = last
        else:
            usage = Usage(input=is_input, output=is_output)
            entry = (decl, usage, dataclasses.replace(decl, usage=usage))
        marked[decl_id] = entry
        result.append(entry[2])
    return result


def common_error_type(operations: list[tuple[Operation, tuple[str, ...]]]) -> TypeRef | None:
    types = {err.type for op, _ in operations for err in op.errors if err.type is not None}
    return types.pop() if len(types) == 1 else None

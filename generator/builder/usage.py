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


def with_usage(
    decls: dict[str, TypeDecl], operations: list[tuple[Operation, tuple[str, ...]]]
) -> list[TypeDecl]:
    """Every declaration, with its usage set."""
    inputs: set[str] = set()
    outputs: set[str] = set()

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

    def mark(start: Iterable[str], into: set[str]) -> None:
        stack = list(start)
        while stack:
            decl_id = stack.pop()
            if decl_id in into or decl_id not in decls:
                continue
            into.add(decl_id)
            stack.extend(children(decls[decl_id]))

    for op, _ in operations:
        for p in (*op.path_params, *op.query_params, *op.header_params):
            mark(refs(p.type), inputs)
        if op.body is not None:
            mark(refs(op.body.type), inputs)
        mark(refs(op.response.type), outputs)
        for err in op.errors:
            mark(refs(err.type), outputs)
    result: list[TypeDecl] = []
    for decl_id, decl in decls.items():
        usage = Usage(input=decl_id in inputs, output=decl_id in outputs or decl_id not in inputs)
        result.append(dataclasses.replace(decl, usage=usage))
    return result


def common_error_type(operations: list[tuple[Operation, tuple[str, ...]]]) -> TypeRef | None:
    types = {err.type for op, _ in operations for err in op.errors if err.type is not None}
    return types.pop() if len(types) == 1 else None

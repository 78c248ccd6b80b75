"""What the Python backend's reusable render pieces (:class:`~generator.render_memo.RenderMemo`)
are keyed on, beyond the IR node a piece renders.

A piece that writes a type expression reads, of every declaration it refers to, only its
:data:`Facts` (final names, model or not, nullable or not), so a piece is keyed on its node and
the facts of the declarations the node refers to: renaming or adding a declaration elsewhere
leaves it reused. Pieces that add names to a module's imports return an
:meth:`~.imports.Imports.snapshot` and replay it when reused (in the same order as a full run).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from generator.ir import (
    AliasDecl,
    ArrayType,
    EnumDecl,
    MapType,
    ModelDecl,
    NullableType,
    Operation,
    RefType,
    TypeDecl,
    TypeRef,
    UnionDecl,
    UnionType,
)
from generator.languages.python.imports import Imports, ImportSnapshot
from generator.languages.python.typerefs import DeclNames, decl_names_of
from generator.render_memo import RenderMemo

N = TypeVar("N")

Facts = tuple[str, str | None, str | None, bool, bool]
"""Of one declaration: (class, param class or None, unknown-member class or None, is a model,
nullable enum/union): everything :class:`~.typerefs.TypeRenderer` reads to refer to it."""


@dataclass(frozen=True)
class NameFacts:
    """The run's declaration names and what the type files export (one memo piece)."""

    names: DeclNames
    """Never mutated (the memo hands it out again)."""
    facts: dict[str, Facts]
    model_exports: tuple[str, ...]
    param_exports: tuple[str, ...]
    init_models: tuple[str, ...]


def _shape(decl: TypeDecl) -> tuple[object, ...]:
    """What :func:`decl_names` and :data:`Facts` read of a declaration."""
    discriminated = isinstance(decl, UnionDecl) and decl.discriminator is not None
    nullable = isinstance(decl, (EnumDecl, UnionDecl)) and decl.nullable
    return (decl.id, decl.name, type(decl), decl.usage.input, discriminated, nullable)


def name_facts(
    memo: RenderMemo, decls: tuple[TypeDecl, ...], reserved: frozenset[str]
) -> NameFacts:
    """``decls``: :attr:`IR.types` as :func:`canonical` gives them. Keyed on them first (all
    reused: compared by identity); otherwise on what naming reads of them, so that a changed
    description keeps every name (and every piece keyed on names) as it was."""

    def compute() -> NameFacts:
        names = decl_names_of(decls, reserved)
        facts: dict[str, Facts] = {
            d.id: (
                names.cls[d.id],
                names.param.get(d.id),
                names.unknown.get(d.id),
                isinstance(d, ModelDecl),
                isinstance(d, (EnumDecl, UnionDecl)) and d.nullable,
            )
            for d in decls
        }
        return NameFacts(
            names=names,
            facts=facts,
            model_exports=tuple(
                sorted([names.cls[d.id] for d in decls] + list(names.unknown.values()))
            ),
            param_exports=tuple(sorted(names.param.values())),
            init_models=tuple(sorted(set(names.cls.values()) | set(names.unknown.values()))),
        )

    def by_shape() -> NameFacts:
        key = (reserved, tuple(_shape(d) for d in decls))
        return memo.piece("python:names-by-shape", key, compute)

    return memo.piece("python:names", (reserved, decls), by_shape)


def decl_ref_ids(decl: TypeDecl) -> tuple[str, ...]:
    """The declaration ids ``decl``'s type references name, once each (every ``TypeRef``
    field of the declaration kinds; tests/generator/test_render_memo_python.py checks this
    against a walk of every field)."""
    refs: list[TypeRef | None] = []
    if isinstance(decl, ModelDecl):
        refs.extend(p.type for p in decl.properties)
        refs.append(decl.additional_properties)
    elif isinstance(decl, AliasDecl):
        refs.append(decl.target)
    elif isinstance(decl, UnionDecl):
        refs.extend(v.type for v in decl.variants)
    return _ids(refs)


def op_ref_ids(op: Operation) -> tuple[str, ...]:
    """Like :func:`decl_ref_ids`, for an operation."""
    refs: list[TypeRef | None] = [
        p.type for p in (*op.path_params, *op.query_params, *op.header_params)
    ]
    if op.body is not None:
        refs.append(op.body.type)
        refs.extend(f.type for f in op.body.fields or ())
    refs += [op.response.type, op.response.stream_item_type]
    refs.extend(e.type for e in op.errors)
    if op.pagination is not None:
        refs.append(op.pagination.item_type)
    return _ids(refs)


def _ids(refs: list[TypeRef | None]) -> tuple[str, ...]:
    """The ids :func:`~.typerefs.refs_of` finds in ``refs``, once each (without generators:
    this runs over every declaration of a full render)."""
    found: dict[str, None] = {}
    stack = refs
    while stack:
        ref = stack.pop()
        if isinstance(ref, RefType):
            found[ref.id] = None
        elif isinstance(ref, ArrayType):
            stack.append(ref.items)
        elif isinstance(ref, MapType):
            stack.append(ref.values)
        elif isinstance(ref, NullableType):
            stack.append(ref.inner)
        elif isinstance(ref, UnionType):
            stack.extend(ref.variants)
    return tuple(found)


def canonical(
    memo: RenderMemo, name: str, node: N, refs: Callable[[N], tuple[str, ...]]
) -> tuple[N, tuple[str, ...]]:
    """``node`` and its ``refs``. While the node is unchanged (``==``), the node given back is
    last run's equal one, so the pieces keyed on it compare it by identity instead of walking
    it again (an IR rebuilt from an edited spec is new objects throughout)."""
    if not memo.keeps:  # a one-shot run: the refs only key pieces that nothing keeps
        return node, ()
    return memo.piece(f"python:node:{name}", node, lambda: (node, refs(node)))


def facts_of(facts: dict[str, Facts], ids: tuple[str, ...]) -> tuple[Facts | None, ...]:
    return tuple(map(facts.get, ids))


def import_block(
    memo: RenderMemo, name: str, snapshots: tuple[ImportSnapshot, ...], here: str
) -> str:
    """The import block of the pieces that recorded ``snapshots`` (in order), for a module in
    package ``here``."""

    def compute() -> str:
        imports = Imports()
        for snapshot in snapshots:
            imports.replay(snapshot)
        return imports.block(here)

    return memo.piece(name, snapshots, compute)

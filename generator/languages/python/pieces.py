"""What the Python backend's reusable render pieces (:class:`~generator.render_memo.RenderMemo`)
are keyed on, beyond the IR node a piece renders.

A piece that writes a type expression reads, of every declaration it refers to, only its
:data:`Facts` (final names, model or not, nullable or not), so a piece is keyed on its node and
the facts of the declarations the node refers to: renaming or adding a declaration elsewhere
leaves it reused. Pieces that add names to a module's imports return an
:meth:`~.imports.Imports.snapshot` and replay it when reused (in the same order as a full run).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, fields, is_dataclass
from typing import TypeVar

from generator.ir import EnumDecl, ModelDecl, RefType, TypeDecl, UnionDecl
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


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def ref_ids(node: object) -> tuple[str, ...]:
    """Every declaration id a ``RefType`` anywhere inside ``node`` (IR dataclasses and tuples)
    names, once each."""
    found: dict[str, None] = {}
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, RefType):
            found[item.id] = None
        elif isinstance(item, tuple):
            stack.extend(item)
        elif is_dataclass(item) and not isinstance(item, type):
            stack.extend(getattr(item, name) for name in _field_names(type(item)))
    return tuple(found)


def canonical(memo: RenderMemo, name: str, node: N) -> tuple[N, tuple[str, ...]]:
    """``node`` and its :func:`ref_ids`. While the node is unchanged (``==``), the node given
    back is last run's equal one, so the pieces keyed on it compare it by identity instead of
    walking it again (an IR rebuilt from an edited spec is new objects throughout)."""
    return memo.piece(f"python:node:{name}", node, lambda: (node, ref_ids(node)))


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

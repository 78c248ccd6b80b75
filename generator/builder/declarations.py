"""The declaration registry: every named type of the IR, and the worklist that builds them.

Component schemas get ids and unique names in sorted key order (FastAPI ``-Input``/``-Output``
twins that are equal collapse to one); inline objects, enums and unions get deterministic
inline ids; a ``$ref`` to a non-component location is declared once, by pointer. A reference
becomes a ``RefType`` at once and its target is queued (``enqueue``/``_drain``/``_declare``), so
the Python stack never follows a chain or cycle of ``$ref``s. ``check_alias_cycles`` rejects
schemas that are only aliases of themselves.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from generator.builder.context import BuildContext, normal_ref
from generator.diagnostics import GenerationError, pointer
from generator.ir import (
    AliasDecl,
    AnyType,
    ArrayType,
    MapType,
    Name,
    NullableType,
    RefType,
    TypeDecl,
    TypeRef,
    UnionDecl,
    UnionType,
)
from generator.naming import Scope, make_name, shorten, words_of
from generator.resolve import component_schema_name, document_object_at

if TYPE_CHECKING:
    from generator.builder.schemas import SchemaTypes
    from generator.builder.unions import Unions


@dataclasses.dataclass(frozen=True)
class _PendingDecl:
    """A referenced schema whose declaration is queued (see ``Declarations.pending``)."""

    decl_id: str
    name: Name
    schema: Any
    where: str
    wire_name: str | None


class Declarations:
    """Owns ``decls`` (declaration id -> TypeDecl) and the names and ids behind them."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx
        self.types: SchemaTypes  # set by connect(): the two build each other's parts
        self.unions: Unions
        self.decls: dict[str, TypeDecl] = {}
        self.component_ids: dict[str, str] = {}  # component key -> declaration id
        self.decl_names: dict[str, Name] = {}  # declaration id -> unique name
        self.type_scope = Scope()
        self.pointer_ids: dict[str, str] = {}  # non-component $ref pointer -> declaration id
        # Referenced declarations not built yet. A reference becomes a RefType at once and its
        # target is built later from this worklist, so the Python stack never follows a chain
        # or cycle of $refs (a 3,000-schema chain must not hit the recursion limit).
        self.pending: list[_PendingDecl] = []
        self.queued: set[str] = set()
        self.draining = False
        self.current_root: str | None = None  # pointer of the declaration being built

    def connect(self, types: SchemaTypes, unions: Unions) -> None:
        self.types = types
        self.unions = unions

    def check_alias_cycles(self) -> None:
        """``A: {$ref: B}``, ``B: {$ref: A}`` describes no value at all. Linear in the number
        of declarations: a chain already followed to a real type is not walked again."""
        resolved: set[str] = set()  # aliases known to end at a non-alias declaration
        for start in sorted(self.decls):
            path = [start]
            on_path = {start}
            decl = self.decls[start]
            while isinstance(decl, AliasDecl):
                plain = _plain(decl.target)
                if not isinstance(plain, RefType):
                    break
                target = plain.id
                if target in resolved:
                    break
                if target in on_path:
                    self.ctx.diags.error(
                        self.decls[start].source,
                        "schema is an alias of itself: " + " -> ".join(path + [target]),
                    )
                    break
                path.append(target)
                on_path.add(target)
                decl = self.decls[target]
            resolved.update(path)

    def check_unguarded_cycles(self) -> None:
        """A union or alias that reaches itself again with no array, map or model between
        (`A = A | string`, `B = C | string` with `C = B | null`) is a type no language can
        spell (TypeScript: "circularly references itself"). A union's member that is the
        union itself adds no value and is dropped with a warning; a longer cycle is an error
        (an alias-only cycle is ``check_alias_cycles``'s)."""
        for decl_id, decl in list(self.decls.items()):
            if not isinstance(decl, UnionDecl) or decl.discriminator is not None:
                continue
            kept = [v for v in decl.variants if _plain(v.type) != RefType(decl_id)]
            if len(kept) == len(decl.variants):
                continue
            self.ctx.diags.warn(decl.source, "a member of the union is the union itself; "
                                             "member dropped")
            nullable = decl.nullable or any(isinstance(v.type, NullableType)
                                            for v in decl.variants if v not in kept)
            if len(kept) == 1:
                target = kept[0].type
                self.decls[decl_id] = AliasDecl(
                    decl_id, decl.name, _nullable(target) if nullable else target,
                    decl.wire_name, decl.title, decl.description, source=decl.source)
            elif kept:
                self.decls[decl_id] = dataclasses.replace(decl, variants=tuple(kept),
                                                          nullable=nullable)
        edges: dict[str, set[str]] = {}
        for decl_id, decl in self.decls.items():
            tops: list[TypeRef] = []
            if isinstance(decl, UnionDecl) and decl.discriminator is None:
                tops = [v.type for v in decl.variants]
            elif isinstance(decl, AliasDecl):
                tops = [decl.target]
            edges[decl_id] = {r for t in tops for r in _refs(t, into_containers=False)
                              if isinstance(self.decls.get(r), (UnionDecl, AliasDecl))}
        for start in sorted(edges):
            path = self._cycle_from(start, edges)
            aliases_only = path and all(  # check_alias_cycles' error
                isinstance(decl := self.decls[d], AliasDecl)
                and isinstance(_plain(decl.target), RefType) for d in path)
            if path and start == min(path) and not aliases_only:
                self.ctx.diags.error(
                    self.decls[start].source,
                    "schema refers back to itself through unions only, with no array or "
                    "object between: " + " -> ".join(
                        self.decls[d].name.original for d in (*path, start)),
                )

    @staticmethod
    def _cycle_from(start: str, edges: dict[str, set[str]]) -> list[str] | None:
        """A path start -> ... back to start along ``edges`` (iterative DFS), or None."""
        stack: list[tuple[str, list[str]]] = [(start, [start])]
        seen: set[str] = set()
        while stack:
            current, path = stack.pop()
            for nxt in sorted(edges.get(current, ())):
                if nxt == start:
                    return path
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*path, nxt]))
        return None

    def mark_recursive_aliases(self) -> None:
        """Set ``AliasDecl.recursive`` on every alias on a cycle of aliases (see there). The
        alias graph is small; each alias left after pruning the acyclic ones is searched once."""
        edges = {
            decl_id: {r for r in _refs(decl.target) if isinstance(self.decls.get(r), AliasDecl)}
            for decl_id, decl in self.decls.items() if isinstance(decl, AliasDecl)
        }
        # Aliases whose targets all end at non-aliases cannot be on a cycle: prune them first.
        remaining = set(edges)
        changed = True
        while changed:
            leaves = {a for a in remaining if not edges[a] & remaining}
            remaining -= leaves
            changed = bool(leaves)
        for start in sorted(remaining):
            seen: set[str] = set()
            stack = list(edges[start] & remaining)
            while stack:
                current = stack.pop()
                if current == start:
                    decl = self.decls[start]
                    assert isinstance(decl, AliasDecl)
                    self.decls[start] = dataclasses.replace(decl, recursive=True)
                    break
                if current not in seen:
                    seen.add(current)
                    stack.extend(edges[current] & remaining)

    def assign_component_ids(self) -> None:
        """Ids and unique names for every component schema, in sorted key order (so a name
        never depends on traversal order); FastAPI -Input/-Output twins collapse when equal."""
        twins = self._identical_twins()
        for key in sorted(self.ctx.schemas):
            if key in twins:
                continue
            decl_id = key
            if key.startswith(("inline:", "ref:", "component:")):
                decl_id = "component:" + key
            self.component_ids[key] = decl_id
        for key, canonical in sorted(twins.items()):
            self.component_ids[key] = canonical
        for key in sorted(self.ctx.schemas):
            decl_id = self.component_ids[key]
            if decl_id in self.decl_names:
                continue
            base = decl_id[len("component:") :] if decl_id.startswith("component:") else decl_id
            name, clashed = self.type_scope.claim(make_name(base, ("schema",)))
            if clashed:
                self.ctx.diags.warn(
                    pointer("components", "schemas", key),
                    f"schema name {key!r} clashes with another after normalisation; "
                    f"named {name.pascal()}",
                )
            self.decl_names[decl_id] = name

    def _identical_twins(self) -> dict[str, str]:
        """``Foo-Input``/``Foo-Output`` pairs whose schemas are equal once twin references are
        unified: both keys map to the canonical id ``Foo``. Different twins stay distinct."""
        pairs: dict[str, tuple[str, str]] = {}
        for key in self.ctx.schemas:
            if key.endswith("-Input"):
                base = key[: -len("-Input")]
                if base + "-Output" in self.ctx.schemas and base not in self.ctx.schemas:
                    pairs[base] = (key, base + "-Output")
        merged: dict[str, str] = {}
        changed = True
        while changed:  # fixpoint: a twin may differ only through references to other twins
            changed = False
            for base, (inp, out) in sorted(pairs.items()):
                if inp in merged:
                    continue
                if self._canonical_json(self.ctx.schemas[inp], merged) == self._canonical_json(
                    self.ctx.schemas[out], merged
                ):
                    merged[inp] = base
                    merged[out] = base
                    changed = True
        return merged

    @staticmethod
    def _canonical_json(schema: Any, merged: dict[str, str]) -> str:
        def normalise(node: Any) -> Any:
            if isinstance(node, dict):
                out = {k: normalise(v) for k, v in node.items() if k not in ("title",)}
                ref = node.get("$ref")
                if isinstance(ref, str):
                    name = component_schema_name(ref)
                    if name is not None:
                        if name.endswith(("-Input", "-Output")):
                            base = name.rsplit("-", 1)[0]
                            name = merged.get(name, base + "-Twin") if name in merged else name
                        out["$ref"] = name
                return out
            if isinstance(node, list):
                return [normalise(v) for v in node]
            return node

        return json.dumps(normalise(schema), sort_keys=True, default=str)

    def new_inline_id(self, hint: tuple[str, ...], where: str) -> tuple[str, Name]:
        words = shorten(hint or ("inline",))
        name, _ = self.type_scope.claim(Name(words, where))
        decl_id = "inline:" + name.snake()
        self.decl_names[decl_id] = name
        return decl_id, name

    def component_ref(self, key: str) -> RefType:
        decl_id = self.component_ids[key]
        if decl_id not in self.decls and decl_id not in self.queued:
            where = pointer("components", "schemas", key)
            wire_name = decl_id if not decl_id.startswith("component:") else key
            self._enqueue(
                _PendingDecl(
                    decl_id, self.decl_names[decl_id], self.ctx.schemas[key], where, wire_name
                )
            )
        return RefType(decl_id)

    def pointer_ref(self, ref: str, where: str, hint: tuple[str, ...] = ()) -> RefType:
        """A ``$ref`` to something other than a component schema: declared once, by pointer."""
        if ref not in self.pointer_ids:
            kind = document_object_at(ref)
            if kind is not None:  # `#`, `#/info`, a response component... is no schema
                raise self.ctx.diags.fatal(where, f"$ref {ref!r} points at {kind}, not a schema")
            found = self.unions.reachable(normal_ref(ref))
            if found is None:  # records the error (at ``where``, the $ref), raises
                resolver = self.ctx.resolver
                target, target_where = resolver.deref(resolver.lookup(ref, where), ref)
            else:
                target, target_where = self.ctx.resolver.deref(found, normal_ref(ref))
            hint = hint or words_of(" ".join(ref.rsplit("/", 2)[-2:]))  # `#` has no '/'
            name, _ = self.type_scope.claim(Name(shorten(hint or ("ref",)), ref))
            decl_id = "ref:" + ref
            self.decl_names[decl_id] = name
            self.pointer_ids[ref] = decl_id
            self._enqueue(_PendingDecl(decl_id, name, target, target_where, None))
        return RefType(self.pointer_ids[ref])

    def _enqueue(self, item: _PendingDecl) -> None:
        """Queue a referenced declaration. Inside a declaration it is built after the current
        one (depth stays flat); at top level (operations) it is built before returning, so
        callers can inspect the declaration as before."""
        self.queued.add(item.decl_id)
        self.pending.append(item)
        if not self.draining:
            self._drain()

    def _drain(self) -> None:
        """Build queued declarations until none is left, depth-first over references (each
        declaration's references are built in the order they were met, before its siblings'),
        which keeps the order names are claimed in close to a recursive walk."""
        self.draining = True
        # each declaration starts afresh
        outer_depth, self.types.inline_depth = self.types.inline_depth, 0
        try:
            stack = list(reversed(self.pending))
            self.pending.clear()
            while stack:
                item = stack.pop()
                if item.decl_id not in self.decls:
                    self.current_root = "#" + item.where.lstrip("#")
                    try:
                        self.decls[item.decl_id] = self._declare(
                            item.decl_id, item.name, item.schema, item.where, item.wire_name
                        )
                    except GenerationError:  # recorded; references to it stay valid
                        self.decls[item.decl_id] = AliasDecl(
                            item.decl_id, item.name, AnyType(), source=item.where
                        )
                    finally:
                        self.current_root = None
                stack.extend(reversed(self.pending))
                self.pending.clear()
        finally:
            self.draining = False
            self.types.inline_depth = outer_depth
        self.types.check_deferred_defaults()

    def _declare(
        self, decl_id: str, name: Name, schema: Any, where: str, wire_name: str | None
    ) -> TypeDecl:
        """Build the declaration for a named schema (component or promoted inline)."""
        type_ref = self.types.type_of(
            schema, where, name.words, declare_as=(decl_id, name, wire_name)
        )
        itself = f"schema is an alias of itself: {name.original} -> {name.original}"
        if isinstance(type_ref, RefType) and type_ref.id == decl_id:
            if decl_id not in self.decls:  # `Self: {$ref: Self}` declared nothing
                raise self.ctx.diags.fatal(where, itself)
            return self.decls.pop(decl_id)
        if (
            isinstance(type_ref, NullableType)
            and isinstance(type_ref.inner, RefType)
            and (type_ref.inner.id == decl_id)
        ):
            if decl_id not in self.decls:  # `Self: {oneOf: [Self, null]}`: only null
                raise self.ctx.diags.fatal(where, itself + " or null")
            # A nullable object schema: the model moves to its own id and this declaration
            # becomes the nullable alias of it (references may already point here).
            model = self.decls.pop(decl_id)
            model_name, _ = self.type_scope.claim(Name(name.words + ("object",), name.original))
            model_id = decl_id + "/object"
            self.decl_names[model_id] = model_name
            self.decls[model_id] = dataclasses.replace(model, id=model_id, name=model_name)
            type_ref = NullableType(RefType(model_id))
        title, description = self.types.texts(schema)
        return AliasDecl(
            id=decl_id,
            name=name,
            target=type_ref,
            wire_name=wire_name,
            title=title,
            description=description,
            source=where,
        )


def _plain(type_ref: TypeRef) -> TypeRef:
    """``type_ref`` without its nullable wrapper: ``A = B | null`` is still an alias of B."""
    return type_ref.inner if isinstance(type_ref, NullableType) else type_ref


def _nullable(type_ref: TypeRef) -> TypeRef:
    return type_ref if isinstance(type_ref, (NullableType, AnyType)) else NullableType(type_ref)


def _refs(type_ref: TypeRef, into_containers: bool = True) -> Iterator[str]:
    """The declaration ids ``type_ref`` names, through nullables and unions, and through
    arrays and maps unless ``into_containers`` is False."""
    stack = [type_ref]
    while stack:
        current = stack.pop()
        if isinstance(current, RefType):
            yield current.id
        elif isinstance(current, ArrayType) and into_containers:
            stack.append(current.items)
        elif isinstance(current, MapType) and into_containers:
            stack.append(current.values)
        elif isinstance(current, NullableType):
            stack.append(current.inner)
        elif isinstance(current, UnionType):
            stack.extend(current.variants)

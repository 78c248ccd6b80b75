"""``src/internal/schemas.ts``: the table strict response validation checks bodies against.

One entry per declaration a response can reach (IR ``Usage.output``, closed over references),
interpreted by the hand-written ``templates/typescript/runtime/validate.ts``, whose ``Schema`` and
``Decl`` types this module renders. Every spec string (wire names, tags, enum values, constants)
goes through :func:`naming.string_literal` / :func:`naming.literal`; names of declarations are the
TypeScript type names (Pascal-case or ``_``-prefixed, so never one of the lower-case scalar kinds).
"""

from __future__ import annotations

import json

from generator.ir import (
    IR,
    AliasDecl,
    AnyType,
    ArrayType,
    EnumDecl,
    LiteralType,
    MapType,
    ModelDecl,
    NullableType,
    NullType,
    RefType,
    ScalarType,
    TypeDecl,
    TypeRef,
    UnionDecl,
    UnionType,
)
from generator.languages.typescript import naming


def descriptor(ref: TypeRef, names: dict[str, str]) -> str:
    """The ``Schema`` expression for ``ref`` (a string for scalars and named types)."""
    if isinstance(ref, ScalarType):
        kind = "date-time" if ref.scalar == "string" and ref.format == "date-time" \
            else ref.scalar
        return naming.string_literal(kind)
    if isinstance(ref, NullType):
        return naming.string_literal("null")
    if isinstance(ref, AnyType):
        return naming.string_literal("any")
    if isinstance(ref, LiteralType):
        value = ref.value.value
        if isinstance(value, (dict, list)):
            # Compared structurally at run time; as JSON text it needs no object-key escaping.
            text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            return f"{{ json: {naming.string_literal(text)} }}"
        return f"{{ const: {naming.literal(value)} }}"
    if isinstance(ref, ArrayType):
        return f"{{ array: {descriptor(ref.items, names)} }}"
    if isinstance(ref, MapType):
        return f"{{ map: {descriptor(ref.values, names)} }}"
    if isinstance(ref, NullableType):
        return f"{{ nullable: {descriptor(ref.inner, names)} }}"
    if isinstance(ref, UnionType):
        return f"{{ anyOf: [{', '.join(descriptor(v, names) for v in ref.variants)}] }}"
    return naming.string_literal(names[ref.id])


class SchemaNames:
    """Which declarations the table describes, and the entry of each."""

    def __init__(self, ir: IR, names: dict[str, str]) -> None:
        self.names = names
        self.decls = ir.types_by_id()

    def reachable(self, ir: IR) -> list[TypeDecl]:
        """The response-side declarations (``Usage.output``, already closed over references),
        plus the stream event types and what they refer to, in IR order."""
        wanted = {d.id for d in ir.types if d.usage.output}
        pending = [ref_id for op in ir.operations() if op.response.stream_item_type is not None
                   for ref_id in type_refs(op.response.stream_item_type)]
        while pending:
            ref_id = pending.pop()
            if ref_id in wanted or ref_id not in self.decls:
                continue
            wanted.add(ref_id)
            pending.extend(decl_refs(self.decls[ref_id]))
        return [d for d in ir.types if d.id in wanted]

    def entry(self, decl: TypeDecl) -> str:
        """One ``Decl`` of the table, as TypeScript source."""
        if isinstance(decl, ModelDecl):
            rows = "".join(
                f"\n    [{naming.string_literal(p.wire_name)}, {descriptor(p.type, self.names)}, "
                f"{1 if p.required and not p.write_only else 0}],"
                for p in decl.properties
            )
            props = f"[{rows}\n  ]" if rows else "[]"
            # Keys the model does not list are a mismatch (as in the Python SDK's strict mode)
            # unless the spec gives additionalProperties a schema.
            extra = "" if decl.additional_properties is None or decl.closed \
                else f", extra: {descriptor(decl.additional_properties, self.names)}"
            return f"{{ props: {props}{extra} }}"
        if isinstance(decl, EnumDecl):
            if not decl.members:
                base = "any" if decl.base == "mixed" else decl.base
                return f"{{ alias: {naming.string_literal(base)} }}"
            values = ", ".join(dict.fromkeys(naming.literal(m.value) for m in decl.members))
            return f"{{ enum: [{values}] }}"
        if isinstance(decl, UnionDecl):
            members = ", ".join(descriptor(v.type, self.names) for v in decl.variants)
            if decl.discriminator is None:
                return f"{{ oneOf: [{members}] }}"
            by_tag: dict[str, list[int]] = {}
            for index, variant in enumerate(decl.variants):
                for tag in variant.tags:
                    by_tag.setdefault(tag, []).append(index)
            tags = ", ".join(
                f"[{', '.join([naming.string_literal(tag), *map(str, indexes)])}]"
                for tag, indexes in by_tag.items()
            )
            tag_key = naming.string_literal(decl.discriminator.property_wire_name)
            return f"{{ oneOf: [{members}], tag: {tag_key}, tags: [{tags}] }}"
        return f"{{ alias: {descriptor(decl.target, self.names)} }}"


def decl_refs(decl: TypeDecl) -> list[str]:
    if isinstance(decl, ModelDecl):
        roots = [p.type for p in decl.properties]
        if decl.additional_properties is not None:
            roots.append(decl.additional_properties)
    elif isinstance(decl, UnionDecl):
        roots = [v.type for v in decl.variants]
    elif isinstance(decl, AliasDecl):
        roots = [decl.target]
    else:
        roots = []
    found: list[str] = []
    for root in roots:  # most roots are a scalar or one reference: no walk for those
        kind = type(root)
        if kind is RefType:
            found.append(root.id)  # type: ignore[union-attr]  # (kind is RefType)
        elif kind not in _LEAVES:
            found.extend(type_refs(root))
    return found


_LEAVES = frozenset({ScalarType, NullType, AnyType, LiteralType})
"""The type kinds that name no declaration."""


def type_refs(ref: TypeRef) -> list[str]:
    """The declaration ids ``ref`` names, directly or inside arrays, maps and unions."""
    if type(ref) in _LEAVES:  # the commonest case, with one test
        return []
    if isinstance(ref, RefType):
        return [ref.id]
    if isinstance(ref, ArrayType):
        return type_refs(ref.items)
    if isinstance(ref, MapType):
        return type_refs(ref.values)
    if isinstance(ref, NullableType):
        return type_refs(ref.inner)
    if isinstance(ref, UnionType):
        return [ref_id for variant in ref.variants for ref_id in type_refs(variant)]
    return []


def render_table(ir: IR, table: SchemaNames) -> list[dict[str, str]]:
    """The table's rows (``key``, ``decl``) for ``schemas.ts.j2``."""
    return [{"key": naming.property_key(table.names[d.id]), "decl": table.entry(d)}
            for d in table.reachable(ir)]

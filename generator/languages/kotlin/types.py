"""Kotlin types of IR type references, and the JSON readers and writers for them (expressions
over kotlinx-serialization's ``JsonElement`` tree; no compiler plugin)."""

from __future__ import annotations

import json

from generator.ir import (
    IR,
    AliasDecl,
    EnumDecl,
    ModelDecl,
    NullableType,
    TypeDecl,
    TypeRef,
    UnionDecl,
)
from generator.languages.kotlin import naming


class KotlinTypes:
    """Names every declaration once, then spells types and codecs for any TypeRef."""

    def __init__(self, ir: IR, package: naming.Namespace) -> None:
        self.decls: dict[str, TypeDecl] = ir.types_by_id()
        self.names: dict[str, str] = {}
        for decl in ir.types:
            self.names[decl.id] = package.claim(naming.pascal(decl.name))

    def decl(self, ref_id: str) -> TypeDecl:
        return self.decls[ref_id]

    def kt(self, t: TypeRef) -> str:
        """The Kotlin type of a value of ``t``."""
        if t.kind == "scalar":
            return {"string": "String", "integer": "Long", "number": "Double",
                    "boolean": "Boolean"}[t.scalar]
        if t.kind == "literal":
            return _literal_type(t.value.value)
        if t.kind == "array":
            return f"List<{self.kt(t.items)}>"
        if t.kind == "map":
            return f"Map<String, {self.kt(t.values)}>"
        if t.kind == "nullable":
            inner = self.kt(t.inner)
            return inner if inner.endswith("?") else inner + "?"
        if t.kind == "ref":
            return self.names[t.id]
        # any, null and inline unions stay JSON (an inline union has no name to give a class).
        return "JsonElement"

    def nullable(self, t: TypeRef) -> bool:
        """Whether the Kotlin type of ``t`` admits null (through aliases too)."""
        if isinstance(t, NullableType):
            return True
        if t.kind == "ref":
            decl = self.decls[t.id]
            return isinstance(decl, AliasDecl) and not decl.recursive and self.nullable(
                decl.target)
        return False

    def dec(self, t: TypeRef, expr: str, depth: int = 0) -> str:
        """An expression reading ``expr`` (a JsonElement) as ``kt(t)``; throws DecodeException."""
        v = f"e{depth}"
        if t.kind == "scalar":
            fn = {"string": "string", "integer": "long", "number": "double",
                  "boolean": "bool"}[t.scalar]
            return f"J.{fn}({expr})"
        if t.kind == "literal":
            reader = _literal_reader(t.value.value)
            return f"J.{reader}({expr})" if reader else expr
        if t.kind == "array":
            return f"J.list({expr}) {{ {v} -> {self.dec(t.items, v, depth + 1)} }}"
        if t.kind == "map":
            return f"J.map({expr}) {{ {v} -> {self.dec(t.values, v, depth + 1)} }}"
        if t.kind == "nullable":
            return f"J.nullable({expr}) {{ {v} -> {self.dec(t.inner, v, depth + 1)} }}"
        if t.kind == "ref":
            decl = self.decls[t.id]
            if isinstance(decl, AliasDecl):
                # A recursive alias is spelled JsonElement (see `alias_target`): read as is.
                return expr if decl.recursive else self.dec(decl.target, expr, depth)
            return f"{self.names[t.id]}.fromJson({expr})"
        return expr

    def enc(self, t: TypeRef, expr: str, depth: int = 0) -> str:
        """An expression writing ``expr`` (a ``kt(t)``) as a JsonElement."""
        v = f"v{depth}"
        if t.kind in ("scalar", "literal"):
            if t.kind == "literal" and _literal_reader(t.value.value) is None:
                return expr
            return f"J.of({expr})"
        if t.kind == "array":
            return f"J.list({expr}) {{ {v} -> {self.enc(t.items, v, depth + 1)} }}"
        if t.kind == "map":
            return f"J.map({expr}) {{ {v} -> {self.enc(t.values, v, depth + 1)} }}"
        if t.kind == "nullable":
            if self.nullable(t.inner):
                return self.enc(t.inner, expr, depth)
            return f"({expr}?.let {{ {v} -> {self.enc(t.inner, v, depth + 1)} }} ?: JsonNull)"
        if t.kind == "ref":
            decl = self.decls[t.id]
            if isinstance(decl, AliasDecl):
                return expr if decl.recursive else self.enc(decl.target, expr, depth)
            return f"{expr}.toJson()"
        return expr

    def alias_target(self, decl: AliasDecl) -> str:
        """The Kotlin type a typealias names: a typealias cannot refer to itself, so a
        recursive alias (``A = List<A>``) is the JSON tree it holds, ``JsonElement``."""
        return "JsonElement" if decl.recursive else self.kt(decl.target)

    def is_model(self, t: TypeRef) -> bool:
        return t.kind == "ref" and isinstance(self.decls[t.id], ModelDecl)

    def is_named(self, t: TypeRef) -> bool:
        return t.kind == "ref" and isinstance(self.decls[t.id], (ModelDecl, EnumDecl, UnionDecl))


def _literal_type(value: object) -> str:
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Long"
    if isinstance(value, float):
        return "Double"
    if isinstance(value, str):
        return "String"
    return "JsonElement"


def _literal_reader(value: object) -> str | None:
    return {"Boolean": "bool", "Long": "long", "Double": "double", "String": "string"}.get(
        _literal_type(value))


def literal_value(value: object) -> str:
    """The Kotlin expression of a literal's value, typed as :func:`_literal_type` says."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        # `-9223372036854775808L` is the negation of an out-of-range literal.
        return "Long.MIN_VALUE" if value == -(2**63) else f"{value}L"
    if isinstance(value, float):
        text = repr(value)
        return text if ("." in text or "e" in text) and text not in ("inf", "nan") else f"{text}.0"
    if isinstance(value, str):
        return naming.string_literal(value)
    return naming.json_literal(json.dumps(value, sort_keys=True))

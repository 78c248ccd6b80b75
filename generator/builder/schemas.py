"""Schema -> TypeRef: ``type_of`` and everything a schema's shape decides.

Null splitting (3.0 ``nullable``, ``type`` lists, ``null`` members), ``$dynamicRef``/
``$recursiveRef``, scalars and ``const``, enums, arrays, maps (``additionalProperties``,
``patternProperties``), objects and their properties, defaults and their checks (a default that
does not fit its type is dropped with a warning, once the declarations it needs exist), and
``allOf`` flattening. ``oneOf``/``anyOf`` go to :mod:`generator.builder.unions`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from generator.builder.context import BuildContext, normal_ref
from generator.builder.declarations import Declarations
from generator.diagnostics import GenerationError, join_pointer, pointer
from generator.ir import (
    AliasDecl,
    AnyType,
    ArrayType,
    EnumDecl,
    EnumMember,
    JsonLiteral,
    LiteralType,
    MapType,
    ModelDecl,
    Name,
    NullableType,
    NullType,
    Property,
    RefType,
    ScalarType,
    TypeRef,
    UnionDecl,
    UnionType,
    json_kind,
)
from generator.naming import Scope, make_name
from generator.resolve import component_schema_name

if TYPE_CHECKING:
    from generator.builder.unions import Unions

_SCALARS = ("string", "integer", "number", "boolean")

# Inline (anonymous) schemas nested deeper than this are rejected with a diagnostic: each
# level costs a few Python frames in build_ir and the renderers, and no real API nests so deep.
_MAX_INLINE_DEPTH = 100

_ANNOTATION_KEYS = {
    "description",
    "title",
    "example",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "default",
    "$comment",
    "externalDocs",
    "xml",
}


_KEYWORD_SHAPES: dict[str, tuple[tuple[type, ...], str]] = {
    "items": ((dict, bool), "a schema"),
    "additionalProperties": ((dict, bool), "a schema or a boolean"),
    "not": ((dict, bool), "a schema"),
    "enum": ((list,), "a list"),
    "oneOf": ((list,), "a list of schemas"),
    "anyOf": ((list,), "a list of schemas"),
    "prefixItems": ((list,), "a list of schemas"),
    "patternProperties": ((dict,), "a mapping"),
    "discriminator": ((dict,), "a mapping"),
    "nullable": ((bool,), "a boolean"),
    "format": ((str,), "a string"),
}
"""Schema keywords whose value shapes the type, and what it must be (`properties`,
`required` and `allOf` are checked where they are read)."""


def beyond_int64(value: Any) -> bool:
    """An integer no 64-bit integer type holds: Go's int64 and Kotlin's Long spell every
    integer, so such a constant would not compile there."""
    return isinstance(value, int) and not isinstance(value, bool) and not (
        -(2**63) <= value < 2**63)


def _int64_note(what: str, value: Any) -> str:
    return f"{what} {value} is outside the 64-bit integer range"


def _nullable_wrap(inner: TypeRef) -> TypeRef:
    if isinstance(inner, (NullableType, NullType, AnyType)):
        return inner
    return NullableType(inner)


class SchemaTypes:
    """Converts schemas to TypeRefs, declaring named shapes in the registry."""

    def __init__(self, ctx: BuildContext, registry: Declarations) -> None:
        self.ctx = ctx
        self.registry = registry
        self.unions: Unions  # set by connect(): unions and members build each other
        # Defaults checked once the declarations they refer to exist (see checked_default).
        self.deferred_defaults: list[tuple[Any, TypeRef, str]] = []
        self.inline_depth = 0  # current nesting of inline schemas (see _MAX_INLINE_DEPTH)
        self.anchor_index: dict[str, list[str]] | None = None  # $dynamicAnchor -> pointers

    def connect(self, unions: Unions) -> None:
        self.unions = unions

    @staticmethod
    def texts(schema: Any) -> tuple[str | None, str | None]:
        if not isinstance(schema, dict):
            return None, None
        title = schema.get("title")
        description = schema.get("description")
        return (
            title if isinstance(title, str) else None,
            description if isinstance(description, str) else None,
        )

    def type_of(
        self,
        schema: Any,
        where: str,
        hint: tuple[str, ...],
        declare_as: tuple[str, Name, str | None] | None = None,
    ) -> TypeRef:
        """Convert a schema. ``declare_as`` (id, name, wire name) is set when the caller wants
        a declaration with that id for an object/enum/union (components, promoted inline
        schemas); otherwise objects, enums and discriminated unions get fresh inline names."""
        if schema is True or schema == {}:
            return AnyType()
        if schema is False:
            self.ctx.diags.warn(where, "the 'false' schema accepts nothing; typed as any value")
            return AnyType()
        if not isinstance(schema, dict):
            self.ctx.diags.error(where, f"a schema must be a mapping, got {type(schema).__name__}")
            return AnyType()

        ref = schema.get("$ref")
        if not isinstance(ref, str):
            ref = self._dynamic_ref(schema, where)
        if isinstance(ref, str):
            ref = self.ctx.resolver.canonical(ref)  # `#node` → the schema declaring `$anchor: node`
            name = component_schema_name(ref)
            try:
                target = (
                    self.registry.component_ref(name)
                    if name is not None and name in self.ctx.schemas
                    else self.registry.pointer_ref(ref, join_pointer(where, "$ref"))
                )
            except GenerationError:
                return AnyType()  # recorded at the reference
            return _nullable_wrap(target) if schema.get("nullable") is True else target

        for keyword in _KEYWORD_SHAPES.keys() & schema.keys():
            kinds, what = _KEYWORD_SHAPES[keyword]
            if not isinstance(schema[keyword], kinds):
                self.ctx.diags.error(join_pointer(where, keyword),
                                     f"must be {what}, got {type(schema[keyword]).__name__}")
        # Inline nesting is the one walk that still recurses (references are queued instead);
        # a hostile depth gets a diagnostic at the schema, not a RecursionError.
        if self.inline_depth >= _MAX_INLINE_DEPTH:
            self.ctx.diags.error(
                where,
                f"schema nested more than {_MAX_INLINE_DEPTH} levels deep inline; "
                "move inner schemas to #/components/schemas",
            )
            return AnyType()
        self.inline_depth += 1
        try:
            nullable, schema = self._split_null(schema, where)
            result = self._non_null_type(schema, where, hint, declare_as)
        finally:
            self.inline_depth -= 1
        if nullable:
            if isinstance(result, RefType) and declare_as and result.id == declare_as[0]:
                # Not declared when the schema is only itself or null (`A: [A, null]`):
                # `_declare` reports that alias of itself.
                decl = self.registry.decls.get(result.id)
                if isinstance(decl, (EnumDecl, UnionDecl)):
                    self.registry.decls[result.id] = dataclasses.replace(decl, nullable=True)
                    return result
            return _nullable_wrap(result)
        return result

    def _dynamic_ref(self, schema: dict[str, Any], where: str) -> str | None:
        """``$recursiveRef``/``$dynamicRef`` as a plain local reference: ``"#"`` is the
        enclosing schema (the declaration being built), ``"#name"`` the schema with that
        ``$dynamicAnchor``. None (after a warning) when there is nothing to point at."""
        for keyword in ("$dynamicRef", "$recursiveRef"):
            value = schema.get(keyword)
            if not isinstance(value, str):
                continue
            ref_where = join_pointer(where, keyword)
            if value.startswith("#/"):
                return value
            anchor = value[1:] if value.startswith("#") else value
            if not anchor:
                if self.registry.current_root is None:
                    self.ctx.diags.warn(
                        ref_where,
                        f"{keyword} {value!r} has no enclosing schema; typed as any value",
                    )
                    return None
                return self.registry.current_root
            found = self._anchors().get(anchor, [])
            if not found:
                self.ctx.diags.warn(
                    ref_where, f"{keyword} {value!r}: no schema has this anchor; typed as any value"
                )
                return None
            root = self.registry.current_root
            inside = [p for p in found if root and p.startswith(root)]
            return (inside or found)[0]
        return None

    def _anchors(self) -> dict[str, list[str]]:
        """Every ``$dynamicAnchor`` (and ``$anchor``) → the pointers of the schemas that carry
        it, in document order; built once, extensions skipped."""
        self.ctx.reads.whole_document = self.ctx.reads.whole_document or self.ctx.reads.active
        if self.anchor_index is None:
            index: dict[str, list[str]] = {}
            stack: list[tuple[Any, tuple[str | int, ...]]] = [(self.ctx.doc, ())]
            while stack:
                node, path = stack.pop()
                if isinstance(node, dict):
                    for keyword in ("$dynamicAnchor", "$anchor"):
                        if isinstance(node.get(keyword), str):
                            index.setdefault(node[keyword], []).append("#" + pointer(*path))
                    stack.extend(
                        (v, (*path, k))
                        for k, v in reversed(node.items())
                        if isinstance(v, (dict, list)) and not str(k).startswith("x-")
                    )
                elif isinstance(node, list):
                    stack.extend(
                        (v, (*path, i)) for i, v in reversed(list(enumerate(node)))
                        if isinstance(v, (dict, list))
                    )
            self.anchor_index = index
        return self.anchor_index

    def _split_null(self, schema: dict[str, Any], where: str) -> tuple[bool, dict[str, Any]]:
        """Detect every nullable form and return the schema with null removed."""
        nullable = schema.get("nullable") is True
        out = dict(schema)
        out.pop("nullable", None)
        type_ = schema.get("type")
        if isinstance(type_, list):
            non_null = [t for t in type_ if t != "null"]
            if len(non_null) != len(type_):
                nullable = True
            out["type"] = non_null[0] if len(non_null) == 1 else non_null
            if not non_null:
                out["type"] = "null"
        for key in ("anyOf", "oneOf"):
            variants = schema.get(key)
            if isinstance(variants, list):
                kept = [v for v in variants if not self._is_null_schema(v, where)]
                if len(kept) != len(variants):
                    nullable = True
                    out[key] = kept
        enum = schema.get("enum")
        if isinstance(enum, list) and None in enum and enum != [None]:
            nullable = True
            out["enum"] = [v for v in enum if v is not None]
        return nullable, out

    def _is_null_schema(self, schema: Any, where: str) -> bool:
        if isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            try:
                schema, _ = self.ctx.probe.deref(schema, where)
            except GenerationError:
                return False
        return isinstance(schema, dict) and (
            schema.get("type") == "null"
            or schema.get("enum") == [None]
            or ("const" in schema and schema["const"] is None)
        )

    def _non_null_type(
        self,
        schema: dict[str, Any],
        where: str,
        hint: tuple[str, ...],
        declare_as: tuple[str, Name, str | None] | None,
    ) -> TypeRef:
        type_ = schema.get("type")
        if (
            type_ == "null"
            or schema.get("enum") == [None]
            or ("const" in schema and schema["const"] is None)
        ):
            return NullType()
        if "const" in schema:
            const = self._coerce_scalar(schema["const"], type_)
            if beyond_int64(const):
                self.ctx.diags.warn(join_pointer(where, "const"),
                                    _int64_note("const", const) + "; typed as a number")
                return ScalarType("number")
            return LiteralType(JsonLiteral.of(const))
        if isinstance(schema.get("enum"), list):
            return self._enum(schema, where, hint, declare_as)
        if self._is_polymorphic_base(schema, declare_as):
            # OpenAPI inheritance: a base schema whose discriminator maps tags to subtypes that
            # include it through allOf. References to the base mean "one of the subtypes".
            own = declare_as[2] if declare_as else None
            targets = [
                str(t)
                for t in schema["discriminator"]["mapping"].values()
                if self.unions.mapping_target_key(str(t)) != own
            ]
            refs = list(
                dict.fromkeys(
                    t if "/" in t or t.startswith("#") else "#/components/schemas/" + t
                    for t in targets
                )
            )
            # A target that does not exist is warned about (and left out) with the mapping.
            refs = [ref for ref in refs if self.unions.reachable(normal_ref(ref)) is not None]
            if not refs:  # the union would have warned about each target
                for tag, target in schema["discriminator"]["mapping"].items():
                    if self.unions.mapping_target_key(str(target)) != own:
                        self.ctx.diags.warn(
                            join_pointer(where, "discriminator", "mapping", tag),
                            f"mapping target {target!r} does not exist; entry ignored",
                        )
        else:
            refs = []
        if refs:  # no subtype left: the schema is an ordinary one (its allOf, properties...)
            own = declare_as[2] if declare_as else None
            synthetic = {**schema, "oneOf": [{"$ref": ref} for ref in refs]}
            synthetic["discriminator"] = {
                "propertyName": schema["discriminator"].get("propertyName"),
                "mapping": {
                    tag: target
                    for tag, target in schema["discriminator"]["mapping"].items()
                    if self.unions.mapping_target_key(str(target)) != own
                },
            }
            return self.unions.union(synthetic, "oneOf", where, hint, declare_as)
        if "allOf" in schema:
            if not isinstance(schema["allOf"], list):
                raise self.ctx.diags.fatal(
                    join_pointer(where, "allOf"), "must be a list of schemas"
                )
            return self._all_of(schema, where, hint, declare_as)
        for key in ("oneOf", "anyOf"):
            variants = schema.get(key)
            if isinstance(variants, list) and self._has_real_variants(variants):
                return self.unions.union(schema, key, where, hint, declare_as)
        if isinstance(type_, list):
            variants_t: list[TypeRef] = []
            for t in type_:
                sub = dict(schema)
                sub["type"] = t
                variants_t.append(self._non_null_type(sub, where, hint, None))
            return UnionType(tuple(dict.fromkeys(variants_t)))
        if type_ == "array" or (type_ is None and ("items" in schema or "prefixItems" in schema)):
            return self._array(schema, where, hint)
        if type_ == "object" or (
            type_ is None
            and (
                "properties" in schema
                or "additionalProperties" in schema
                or "patternProperties" in schema
            )
        ):
            return self._object(schema, where, hint, declare_as)
        if type_ in _SCALARS:
            return ScalarType(
                type_, schema.get("format") if isinstance(schema.get("format"), str) else None
            )
        if type_ is not None:
            self.ctx.diags.warn(
                join_pointer(where, "type"), f"unknown schema type {type_!r}; typed as any value"
            )
            return AnyType()
        if any(k in schema for k in ("minLength", "maxLength", "pattern")):
            return ScalarType("string", schema.get("format"))
        if any(k in schema for k in ("minimum", "maximum", "exclusiveMinimum", "multipleOf")):
            return ScalarType("number")
        return AnyType()

    @staticmethod
    def _is_polymorphic_base(
        schema: dict[str, Any], declare_as: tuple[str, Name, str | None] | None
    ) -> bool:
        disc = schema.get("discriminator")
        return (
            declare_as is not None
            and isinstance(disc, dict)
            and isinstance(disc.get("propertyName"), str)
            and isinstance(disc.get("mapping"), dict)
            and bool(disc["mapping"])
            and "oneOf" not in schema
            and "anyOf" not in schema
        )

    @staticmethod
    def _has_real_variants(variants: list[Any]) -> bool:
        """``oneOf: [{required: [a]}, {required: [b]}]`` only constrains; not a union."""
        return any(
            not isinstance(v, dict) or set(v) - {"required", "description", "title"}
            for v in variants
        )

    @staticmethod
    def _coerce_scalar(value: Any, type_: Any) -> Any:
        """A number written where the schema says string (``enum: [200]`` under
        ``type: string``) is meant as the string ``"200"``."""
        if type_ == "string" and isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        return value

    def _enum(
        self,
        schema: dict[str, Any],
        where: str,
        hint: tuple[str, ...],
        declare_as: tuple[str, Name, str | None] | None,
    ) -> TypeRef:
        type_ = schema.get("type")
        raw_values = [self._coerce_scalar(v, type_) for v in schema["enum"]]
        values: list[Any] = []
        for index, value in enumerate(raw_values):
            if isinstance(value, (dict, list)):
                self.ctx.diags.warn(
                    join_pointer(where, "enum", index), "enum values must be scalars; ignored"
                )
                continue
            if beyond_int64(value):
                self.ctx.diags.warn(join_pointer(where, "enum", index),
                                    _int64_note("enum value", value) + "; ignored")
                continue
            if any(type(value) is type(v) and value == v for v in values):
                self.ctx.diags.warn(
                    join_pointer(where, "enum", index), f"duplicate enum value {value!r} ignored"
                )
                continue
            values.append(value)
        if not values:
            self.ctx.diags.warn(join_pointer(where, "enum"), "empty enum; typed by its base type")
            rest = {k: v for k, v in schema.items() if k != "enum"}
            return self._non_null_type(rest, where, hint, None) if rest.get("type") else AnyType()
        if len(values) == 1 and declare_as is None:
            return LiteralType(JsonLiteral.of(values[0]))
        # Values are non-null scalars here (null makes the enum nullable; objects are dropped).
        kinds = {json_kind(v) for v in values}
        base = kinds.pop() if len(kinds) == 1 else "mixed"
        scope = Scope()
        members = []
        descriptions = schema.get("x-enum-descriptions")
        for index, value in enumerate(values):
            text = (
                "empty"
                if value == ""
                else str(value).lower()
                if isinstance(value, bool)
                else str(value)
            )
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                text = (
                    ("minus " if value < 0 else "") + "value " + str(abs(value)).replace(".", "_")
                )
            name, clashed = scope.claim(make_name(text, ("value",)))
            if clashed:
                self.ctx.diags.warn(
                    join_pointer(where, "enum", index),
                    f"enum value {value!r} clashes after normalisation; named {name.snake()}",
                )
            description = (
                descriptions[index]
                if isinstance(descriptions, list)
                and index < len(descriptions)
                and isinstance(descriptions[index], str)
                else None
            )
            members.append(
                EnumMember(name=name, value=JsonLiteral.of(value), description=description)
            )
        decl_id, name, wire_name = declare_as or (*self.registry.new_inline_id(hint, where), None)
        title, description = self.texts(schema)
        self.registry.decls[decl_id] = EnumDecl(
            id=decl_id,
            name=name,
            members=tuple(members),
            base=base,  # type: ignore[arg-type]
            wire_name=wire_name,
            title=title,
            description=description,
            source=where,
        )
        return RefType(decl_id)

    def _array(self, schema: dict[str, Any], where: str, hint: tuple[str, ...]) -> TypeRef:
        if "items" in schema and isinstance(schema["items"], (dict, bool)):
            return ArrayType(
                self.type_of(schema["items"], join_pointer(where, "items"), hint + ("item",))
            )
        prefix = schema.get("prefixItems")
        if isinstance(prefix, list) and prefix:
            types = tuple(
                dict.fromkeys(
                    self.type_of(s, join_pointer(where, "prefixItems", i), hint + ("item", str(i)))
                    for i, s in enumerate(prefix)
                )
            )
            return ArrayType(types[0] if len(types) == 1 else UnionType(types))
        return ArrayType(AnyType())

    def _additional(
        self, schema: dict[str, Any], where: str, hint: tuple[str, ...]
    ) -> TypeRef | None:
        extra = schema.get("additionalProperties")
        pattern = schema.get("patternProperties")
        if isinstance(pattern, dict) and pattern:
            types = [
                self.type_of(s, join_pointer(where, "patternProperties", k), hint + ("value",))
                for k, s in pattern.items()
            ]
            if isinstance(extra, dict):
                types.append(
                    self.type_of(
                        extra, join_pointer(where, "additionalProperties"), hint + ("value",)
                    )
                )
            unique = tuple(dict.fromkeys(types))
            return unique[0] if len(unique) == 1 else UnionType(unique)
        if extra is True or extra == {}:
            return AnyType()
        if isinstance(extra, dict):
            return self.type_of(
                extra, join_pointer(where, "additionalProperties"), hint + ("value",)
            )
        return None

    def _object(
        self,
        schema: dict[str, Any],
        where: str,
        hint: tuple[str, ...],
        declare_as: tuple[str, Name, str | None] | None,
    ) -> TypeRef:
        properties = schema.get("properties")
        if properties is not None and not isinstance(properties, dict):
            self.ctx.diags.error(join_pointer(where, "properties"), "must be a mapping")
            properties = {}
        if not properties and declare_as is None:
            values = self._additional(schema, where, hint)
            return MapType(values if values is not None else AnyType())
        decl_id, name, wire_name = declare_as or (*self.registry.new_inline_id(hint, where), None)
        props = self._properties(
            properties or {}, self._required(schema, where), where, name.words, {}
        )
        title, description = self.texts(schema)
        extra = self._additional(schema, where, name.words)
        if (
            not props
            and declare_as is not None
            and (extra is not None or "additionalProperties" not in schema)
        ):
            # A named pure map (e.g. Metadata): an alias, not an empty model.
            self.registry.decls[decl_id] = AliasDecl(
                id=decl_id,
                name=name,
                target=MapType(extra or AnyType()),
                wire_name=wire_name,
                title=title,
                description=description,
                source=where,
            )
            return RefType(decl_id)
        self.registry.decls[decl_id] = ModelDecl(
            id=decl_id,
            name=name,
            properties=props,
            additional_properties=extra,
            closed=schema.get("additionalProperties") is False,
            wire_name=wire_name,
            title=title,
            description=description,
            source=where,
        )
        return RefType(decl_id)

    def _required(self, schema: dict[str, Any], where: str) -> list[str]:
        required = schema.get("required") or []
        if not isinstance(required, list) or not all(isinstance(r, str) for r in required):
            self.ctx.diags.error(join_pointer(where, "required"), "must be a list of strings")
            return [r for r in required if isinstance(r, str)] if isinstance(required, list) else []
        return required

    def _properties(
        self,
        properties: dict[str, Any],
        required: Iterable[str],
        where: str,
        owner: tuple[str, ...],
        literal_overrides: dict[str, list[str]],
    ) -> tuple[Property, ...]:
        required_set = set(required)
        scope = Scope()
        out: list[Property] = []
        for wire, prop_schema in properties.items():
            prop_where = join_pointer(where, "properties", wire)
            name, clashed = scope.claim(make_name(wire, ("field",)))
            if clashed:
                self.ctx.diags.warn(
                    prop_where,
                    f"property {wire!r} clashes with another after "
                    f"normalisation; named {name.snake()}",
                )
            if wire in literal_overrides:
                tags = literal_overrides[wire]
                literals = tuple(LiteralType(JsonLiteral.of(tag)) for tag in tags)
                type_ref: TypeRef = literals[0] if len(literals) == 1 else UnionType(literals)
            else:
                type_ref = self.type_of(prop_schema, prop_where, owner + name.words)
            info = prop_schema if isinstance(prop_schema, dict) else {}
            default = None
            if "default" in info:
                default = self.checked_default(
                    info["default"], type_ref, join_pointer(prop_where, "default")
                )
            description = info.get("description")
            out.append(
                Property(
                    wire_name=wire,
                    name=name,
                    type=type_ref,
                    required=wire in required_set,
                    description=description if isinstance(description, str) else None,
                    default=default,
                    read_only=info.get("readOnly") is True,
                    write_only=info.get("writeOnly") is True,
                    deprecated=info.get("deprecated") is True,
                    source=prop_where,
                )
            )
        return tuple(out)

    def checked_default(self, value: Any, type_ref: TypeRef, where: str) -> JsonLiteral | None:
        """The default, or None when it does not fit its type (warned and dropped, as other
        generators do: real specs say ``default: "null"`` on integers)."""
        # Referenced declarations may still be queued: check after the drain.
        if self.registry.draining:
            self.deferred_defaults.append((value, type_ref, where))
            return JsonLiteral.of(value)  # dropped by _drop_defaults if it does not fit
        return JsonLiteral.of(value) if self._check_default(value, type_ref, where) else None

    def check_deferred_defaults(self) -> None:
        """Check the defaults queued while declarations were being built (see
        ``checked_default``), now that the declarations they refer to exist."""
        checks, self.deferred_defaults = self.deferred_defaults, []
        dropped = {
            where for value, type_ref, where in checks
            if not self._check_default(value, type_ref, where)
        }
        if dropped:
            self._drop_defaults(dropped)

    def _check_default(self, value: Any, type_ref: TypeRef, where: str) -> bool:
        if beyond_int64(value):
            self.ctx.diags.warn(where, _int64_note("default", value) + "; default dropped")
            return False
        if self._value_fits(value, type_ref, depth=0):
            return True
        if value is None:
            self.ctx.diags.warn(where, "default null on a non-nullable type; default dropped")
        else:
            self.ctx.diags.warn(
                where,
                f"default {value!r} does not match the schema's type or enum; default dropped",
            )
        return False

    def _drop_defaults(self, wheres: set[str]) -> None:
        """Remove the defaults found not to fit after a drain (``wheres``: their pointers)."""
        for decl_id, decl in list(self.registry.decls.items()):
            if not isinstance(decl, ModelDecl):
                continue
            if any(join_pointer(p.source, "default") in wheres for p in decl.properties):
                props = tuple(
                    dataclasses.replace(p, default=None)
                    if join_pointer(p.source, "default") in wheres
                    else p
                    for p in decl.properties
                )
                self.registry.decls[decl_id] = dataclasses.replace(decl, properties=props)

    def _value_fits(self, value: Any, type_ref: TypeRef, depth: int) -> bool:
        if depth > 20:
            return True
        if isinstance(type_ref, AnyType):
            return True
        if isinstance(type_ref, NullType):
            return value is None
        if isinstance(type_ref, NullableType):
            return value is None or self._value_fits(value, type_ref.inner, depth + 1)
        if isinstance(type_ref, LiteralType):
            return bool(value == type_ref.value.value)
        if isinstance(type_ref, ScalarType):
            return {
                "string": isinstance(value, str),
                "integer": isinstance(value, int) and not isinstance(value, bool),
                "number": isinstance(value, (int, float)) and not isinstance(value, bool),
                "boolean": isinstance(value, bool),
            }[type_ref.scalar]
        if isinstance(type_ref, ArrayType):
            return isinstance(value, list)
        if isinstance(type_ref, MapType):
            return isinstance(value, dict)
        if isinstance(type_ref, UnionType):
            return any(self._value_fits(value, v, depth + 1) for v in type_ref.variants)
        decl = self.registry.decls.get(type_ref.id)
        if decl is None:  # still being built (recursion): accept
            return True
        if isinstance(decl, EnumDecl):
            return (
                (value is None and decl.nullable)
                or any(m.value.value == value for m in decl.members)
                or not decl.members
            )
        if isinstance(decl, AliasDecl):
            return self._value_fits(value, decl.target, depth + 1)
        if isinstance(decl, UnionDecl):
            return (
                value is None
                and decl.nullable
                or any(self._value_fits(value, v.type, depth + 1) for v in decl.variants)
            )
        return isinstance(value, dict)

    def flatten_all_of(
        self, schema: dict[str, Any], where: str
    ) -> list[tuple[dict[str, Any], str]]:
        """The allOf parts with references followed and nested allOfs flattened, in order
        (each schema's own keywords after its parts). Walked with an explicit stack: an
        inheritance chain may be as long as the spec."""
        parts: list[tuple[dict[str, Any], str]] = []
        on_path = {id(schema)}  # schemas being flattened: a part among them is a cycle
        frames: list[tuple[dict[str, Any], str, int]] = [(schema, where, 0)]
        while frames:
            node, node_where, index = frames.pop()
            all_of = node.get("allOf") or []
            if index >= len(all_of):
                on_path.discard(id(node))
                parts.append(({k: v for k, v in node.items() if k != "allOf"}, node_where))
                continue
            frames.append((node, node_where, index + 1))
            part_where = join_pointer(node_where, "allOf", index)
            target, target_where = self.ctx.resolver.deref(all_of[index], part_where)
            if not isinstance(target, dict):
                raise self.ctx.diags.fatal(
                    part_where, f"an allOf part must be a mapping, got {type(target).__name__}"
                )
            if id(target) in on_path:
                self.ctx.diags.warn(part_where, "allOf refers back to itself; part ignored")
                continue
            if isinstance(target.get("allOf"), list):
                on_path.add(id(target))
                frames.append((target, target_where, 0))
            else:
                parts.append((target, target_where))
        return parts

    def _all_of(
        self,
        schema: dict[str, Any],
        where: str,
        hint: tuple[str, ...],
        declare_as: tuple[str, Name, str | None] | None,
    ) -> TypeRef:
        all_of = schema["allOf"]
        rest = {k: v for k, v in schema.items() if k != "allOf" and k not in _ANNOTATION_KEYS}
        if len(all_of) == 1 and not rest:
            # FastAPI's `allOf: [{$ref}]` wrapper around a described reference.
            inner = self.type_of(all_of[0], join_pointer(where, "allOf", 0), hint)
            if declare_as is None or not isinstance(inner, RefType):
                return inner
            return inner
        parts = self.flatten_all_of(schema, where)
        properties: dict[str, Any] = {}
        required: list[str] = []
        literal_overrides: dict[str, list[str]] = {}
        kinds: set[str] = set()
        merged_extra: dict[str, Any] = {}
        for part, part_where in parts:
            t = part.get("type")
            if isinstance(t, str) and t != "null":
                kinds.add(t)
            if not isinstance(part.get("properties") or {}, dict):
                raise self.ctx.diags.fatal(
                    join_pointer(part_where, "properties"), "must be a mapping"
                )
            # A malformed list is an error, not a TypeError.
            part_required = self._required(part, part_where)
            for wire, sub in (part.get("properties") or {}).items():
                if (
                    wire in properties
                    and isinstance(sub, dict)
                    and isinstance(properties[wire], dict)
                ):
                    old_t, new_t = properties[wire].get("type"), sub.get("type")
                    if old_t and new_t and old_t != new_t:
                        self.ctx.diags.warn(
                            join_pointer(part_where, "properties", wire),
                            f"allOf parts give property {wire!r} conflicting types "
                            f"({old_t} vs {new_t}); the later one is used",
                        )
                properties[wire] = sub
            required.extend(part_required)
            if "additionalProperties" in part:
                merged_extra["additionalProperties"] = part["additionalProperties"]
            disc = part.get("discriminator")
            if isinstance(disc, dict) and isinstance(disc.get("mapping"), dict) and declare_as:
                for tag, target in disc["mapping"].items():
                    if self.unions.mapping_target_key(str(target)) == declare_as[2]:
                        literal_overrides.setdefault(str(disc.get("propertyName")), []).append(
                            str(tag)
                        )
        object_like = bool(properties) or "object" in kinds or not kinds
        if not object_like:
            if len(kinds) > 1:
                self.ctx.diags.warn(
                    join_pointer(where, "allOf"),
                    f"allOf combines incompatible types {sorted(kinds)}; typed as any value",
                )
                return AnyType()
            merged = {k: v for p, _ in parts for k, v in p.items()}
            merged.pop("allOf", None)
            return self._non_null_type(merged, where, hint, declare_as)
        merged_schema: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "required": sorted(set(required)),
            **merged_extra,
        }
        for key in ("title", "description"):
            if key in schema:
                merged_schema[key] = schema[key]
        decl_id, name, wire_name = declare_as or (*self.registry.new_inline_id(hint, where), None)
        props = self._properties(
            properties, merged_schema["required"], where, name.words, literal_overrides
        )
        title, description = self.texts(schema)
        self.registry.decls[decl_id] = ModelDecl(
            id=decl_id,
            name=name,
            properties=props,
            additional_properties=self._additional(merged_schema, where, name.words),
            closed=merged_extra.get("additionalProperties") is False,
            wire_name=wire_name,
            title=title,
            description=description,
            source=where,
        )
        return RefType(decl_id)

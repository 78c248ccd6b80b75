"""Spec + config → IR. The only module that reads the OpenAPI document's structure.

Schemas become TypeRefs; named component schemas (and inline objects, enums and discriminated
unions, which get deterministic names) become declarations. Component references stay
references, so recursion of any shape terminates. Operations are grouped into a resource tree
derived from the path shape (``create``/``list``/``retrieve``/``update``/``delete`` plus action
methods such as ``cancel``), with config overrides.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import unquote

from generator import media as media_kinds
from generator.auth import build_auth
from generator.config import SdkConfig
from generator.diagnostics import Diagnostics, GenerationError, join_pointer, pointer
from generator.ir import (
    IR,
    AliasDecl,
    AnyType,
    ApiInfo,
    ArrayType,
    Discriminator,
    EnumDecl,
    EnumMember,
    ErrorResponse,
    FilePart,
    JsonLiteral,
    LiteralType,
    MapType,
    ModelDecl,
    Name,
    NullableType,
    NullType,
    Operation,
    OperationPagination,
    Parameter,
    Property,
    RefType,
    RequestBody,
    Resource,
    Response,
    ScalarType,
    ShapeTest,
    SharedTag,
    TypeDecl,
    TypeRef,
    UnionDecl,
    UnionType,
    UnionVariant,
    Usage,
)
from generator.naming import Scope, make_name, shorten, words_of
from generator.pagination import Paginator
from generator.resolve import Resolver, component_schema_name

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_STATUS = re.compile(r"^[1-5](?:[0-9]{2}|XX)$")
# ``v1``, ``v2beta1``, and dated versions (``/2010-04-01/Accounts``) are not resources.
_VERSION_SEGMENT = re.compile(r"^(?:v[0-9]+(?:(?:alpha|beta)[0-9]*)?|[0-9]{4}-[0-9]{2}-[0-9]{2})$")
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


# A ``text/event-stream`` schema with only these keys and ``type: string`` describes the stream's
# text, not one event.
_TEXT_SCHEMA_KEYS = frozenset({"type", "format", "description", "title", "example", "examples"})


def _is_json_media(media: str) -> bool:
    return media_kinds.is_json(media)


@dataclasses.dataclass(frozen=True)
class _PendingDecl:
    """A referenced schema whose declaration is queued (see ``_Builder.pending``)."""

    decl_id: str
    name: Name
    schema: Any
    where: str
    wire_name: str | None


def _normal_ref(ref: str) -> str:
    """A local reference in one spelling (``%7B`` and ``{`` are the same pointer)."""
    return "#" + unquote(ref[1:]) if ref.startswith("#") else ref


def _nullable_wrap(inner: TypeRef) -> TypeRef:
    if isinstance(inner, (NullableType, NullType, AnyType)):
        return inner
    return NullableType(inner)


class _Builder:
    def __init__(
        self,
        document: dict[str, Any],
        config: SdkConfig,
        diags: Diagnostics,
        *,
        spec_sha256: str,
        generator_version: str,
    ) -> None:
        self.doc = document
        self.config = config
        self.diags = diags
        self.resolver = Resolver(document, diags)
        # For looking ahead (is this member null? which tag has it?): a dangling reference is
        # reported where the schema is built, not where it was peeked at.
        self.probe = Resolver(document, Diagnostics())
        self.spec_sha256 = spec_sha256
        self.generator_version = generator_version
        self.schemas: dict[str, Any] = {}
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
        # Defaults checked once the declarations they refer to exist (see _checked_default).
        self.deferred_defaults: list[tuple[Any, TypeRef, str]] = []
        self.inline_depth = 0  # current nesting of inline schemas (see _MAX_INLINE_DEPTH)
        self.current_root: str | None = None  # pointer of the declaration being built
        self.anchor_index: dict[str, list[str]] | None = None  # $dynamicAnchor -> pointers
        self.paginator = Paginator(config, diags)

    # ================================================================== entry point

    def build(self) -> IR:
        self.resolver.check_all_refs()
        components = self.doc.get("components") or {}
        if not isinstance(components, dict):
            self.diags.error("#/components", "'components' must be a mapping")
            components = {}
        schemas = components.get("schemas") or {}
        if not isinstance(schemas, dict):
            self.diags.error("#/components/schemas", "must be a mapping")
            schemas = {}
        self.schemas = schemas
        self._assign_component_ids()
        for key in self.schemas:  # every component, even unused ones: 0 skipped schemas
            self._component_ref(key)
        self._check_alias_cycles()
        auth = build_auth(self.doc, self._operations(), self.config, self.diags)
        operations = auth.operations
        root = self._resource_tree(operations)
        self.diags.raise_if_errors()
        types = self._with_usage(operations)
        return IR(
            api=dataclasses.replace(self._api_info(), auth="bearer" if auth.schemes else "none"),
            types=tuple(sorted(types, key=lambda d: d.id)),
            root=root,
            pagination_schemes=self.paginator.schemes(),
            error_type=self._common_error_type(operations),
            auth_schemes=auth.schemes,
            default_headers=auth.default_headers,
        )

    def _check_alias_cycles(self) -> None:
        """``A: {$ref: B}``, ``B: {$ref: A}`` describes no value at all. Linear in the number
        of declarations: a chain already followed to a real type is not walked again."""
        resolved: set[str] = set()  # aliases known to end at a non-alias declaration
        for start in sorted(self.decls):
            path = [start]
            on_path = {start}
            decl = self.decls[start]
            while isinstance(decl, AliasDecl) and isinstance(decl.target, RefType):
                target = decl.target.id
                if target in resolved:
                    break
                if target in on_path:
                    self.diags.error(
                        self.decls[start].source,
                        "schema is an alias of itself: " + " -> ".join(path + [target]),
                    )
                    break
                path.append(target)
                on_path.add(target)
                decl = self.decls[target]
            resolved.update(path)

    # ================================================================== API info

    def _api_info(self) -> ApiInfo:
        info = self.doc.get("info") or {}
        if not isinstance(info, dict):
            info = {}
        base_url = self.config.base_url
        if base_url is None:
            base_url = "http://localhost"
            servers = self.doc.get("servers")
            if isinstance(servers, list) and servers and isinstance(servers[0], dict):
                url = servers[0].get("url")
                if isinstance(url, str) and url:
                    variables = servers[0].get("variables") or {}
                    if not isinstance(variables, dict):
                        self.diags.warn("#/servers/0/variables", "must be a mapping; ignored")
                        variables = {}
                    for var, spec in variables.items():
                        if isinstance(spec, dict) and "default" in spec:
                            url = url.replace("{" + var + "}", str(spec["default"]))
                    base_url = url if "://" in url else "http://localhost" + "/" + url.lstrip("/")
        description = info.get("description")
        return ApiInfo(
            title=str(info.get("title") or "API"),
            version=str(getattr(info.get("version"), "source", None) or info.get("version") or "0"),
            description=description if isinstance(description, str) else None,
            base_url=base_url.rstrip("/") or base_url,
            spec_sha256=self.spec_sha256,
            generator_version=self.generator_version,
        )

    # ================================================================== declarations & names

    def _assign_component_ids(self) -> None:
        """Ids and unique names for every component schema, in sorted key order (so a name
        never depends on traversal order); FastAPI -Input/-Output twins collapse when equal."""
        twins = self._identical_twins()
        for key in sorted(self.schemas):
            if key in twins:
                continue
            decl_id = key
            if key.startswith(("inline:", "ref:", "component:")):
                decl_id = "component:" + key
            self.component_ids[key] = decl_id
        for key, canonical in sorted(twins.items()):
            self.component_ids[key] = canonical
        for key in sorted(self.schemas):
            decl_id = self.component_ids[key]
            if decl_id in self.decl_names:
                continue
            base = decl_id[len("component:") :] if decl_id.startswith("component:") else decl_id
            name, clashed = self.type_scope.claim(make_name(base, ("schema",)))
            if clashed:
                self.diags.warn(
                    pointer("components", "schemas", key),
                    f"schema name {key!r} clashes with another after normalisation; "
                    f"named {name.pascal()}",
                )
            self.decl_names[decl_id] = name

    def _identical_twins(self) -> dict[str, str]:
        """``Foo-Input``/``Foo-Output`` pairs whose schemas are equal once twin references are
        unified: both keys map to the canonical id ``Foo``. Different twins stay distinct."""
        pairs: dict[str, tuple[str, str]] = {}
        for key in self.schemas:
            if key.endswith("-Input"):
                base = key[: -len("-Input")]
                if base + "-Output" in self.schemas and base not in self.schemas:
                    pairs[base] = (key, base + "-Output")
        merged: dict[str, str] = {}
        changed = True
        while changed:  # fixpoint: a twin may differ only through references to other twins
            changed = False
            for base, (inp, out) in sorted(pairs.items()):
                if inp in merged:
                    continue
                if self._canonical_json(self.schemas[inp], merged) == self._canonical_json(
                    self.schemas[out], merged
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

    def _new_inline_id(self, hint: tuple[str, ...], where: str) -> tuple[str, Name]:
        words = shorten(hint or ("inline",))
        name, _ = self.type_scope.claim(Name(words, where))
        decl_id = "inline:" + name.snake()
        self.decl_names[decl_id] = name
        return decl_id, name

    def _component_ref(self, key: str) -> RefType:
        decl_id = self.component_ids[key]
        if decl_id not in self.decls and decl_id not in self.queued:
            where = pointer("components", "schemas", key)
            wire_name = decl_id if not decl_id.startswith("component:") else key
            self._enqueue(
                _PendingDecl(decl_id, self.decl_names[decl_id], self.schemas[key], where, wire_name)
            )
        return RefType(decl_id)

    def _pointer_ref(self, ref: str, where: str, hint: tuple[str, ...] = ()) -> RefType:
        """A ``$ref`` to something other than a component schema: declared once, by pointer."""
        if ref not in self.pointer_ids:
            found = self._reachable(_normal_ref(ref))
            if found is None:  # records the error (at ``where``, the $ref), raises
                target, target_where = self.resolver.deref(self.resolver.lookup(ref, where), ref)
            else:
                target, target_where = self.resolver.deref(found, _normal_ref(ref))
            hint = hint or words_of(ref.rsplit("/", 2)[-2] + " " + ref.rsplit("/", 1)[-1])
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
        outer_depth, self.inline_depth = self.inline_depth, 0  # each declaration starts afresh
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
            self.inline_depth = outer_depth
        checks, self.deferred_defaults = self.deferred_defaults, []
        dropped = {
            where for value, type_ref, where in checks
            if not self._check_default(value, type_ref, where)
        }
        if dropped:
            self._drop_defaults(dropped)

    def _declare(
        self, decl_id: str, name: Name, schema: Any, where: str, wire_name: str | None
    ) -> TypeDecl:
        """Build the declaration for a named schema (component or promoted inline)."""
        type_ref = self._type_of(schema, where, name.words, declare_as=(decl_id, name, wire_name))
        if isinstance(type_ref, RefType) and type_ref.id == decl_id:
            if decl_id not in self.decls:  # `Self: {$ref: Self}` declared nothing
                raise self.diags.fatal(
                    where, f"schema is an alias of itself: {name.original} -> {name.original}"
                )
            return self.decls.pop(decl_id)
        if (
            isinstance(type_ref, NullableType)
            and isinstance(type_ref.inner, RefType)
            and (type_ref.inner.id == decl_id)
        ):
            # A nullable object schema: the model moves to its own id and this declaration
            # becomes the nullable alias of it (references may already point here).
            model = self.decls.pop(decl_id)
            model_name, _ = self.type_scope.claim(Name(name.words + ("object",), name.original))
            model_id = decl_id + "/object"
            self.decl_names[model_id] = model_name
            self.decls[model_id] = dataclasses.replace(model, id=model_id, name=model_name)
            type_ref = NullableType(RefType(model_id))
        title, description = self._texts(schema)
        return AliasDecl(
            id=decl_id,
            name=name,
            target=type_ref,
            wire_name=wire_name,
            title=title,
            description=description,
            source=where,
        )

    @staticmethod
    def _texts(schema: Any) -> tuple[str | None, str | None]:
        if not isinstance(schema, dict):
            return None, None
        title = schema.get("title")
        description = schema.get("description")
        return (
            title if isinstance(title, str) else None,
            description if isinstance(description, str) else None,
        )

    # ================================================================== schema → TypeRef

    def _type_of(
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
            self.diags.warn(where, "the 'false' schema accepts nothing; typed as any value")
            return AnyType()
        if not isinstance(schema, dict):
            self.diags.error(where, f"a schema must be a mapping, got {type(schema).__name__}")
            return AnyType()

        ref = schema.get("$ref")
        if not isinstance(ref, str):
            ref = self._dynamic_ref(schema, where)
        if isinstance(ref, str):
            ref = self.resolver.canonical(ref)  # `#node` → the schema declaring `$anchor: node`
            name = component_schema_name(ref)
            try:
                target = (
                    self._component_ref(name)
                    if name is not None and name in self.schemas
                    else self._pointer_ref(ref, join_pointer(where, "$ref"))
                )
            except GenerationError:
                return AnyType()  # recorded at the reference
            return _nullable_wrap(target) if schema.get("nullable") is True else target

        # Inline nesting is the one walk that still recurses (references are queued instead);
        # a hostile depth gets a diagnostic at the schema, not a RecursionError.
        if self.inline_depth >= _MAX_INLINE_DEPTH:
            self.diags.error(
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
                decl = self.decls[result.id]
                if isinstance(decl, (EnumDecl, UnionDecl)):
                    self.decls[result.id] = dataclasses.replace(decl, nullable=True)
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
                if self.current_root is None:
                    self.diags.warn(
                        ref_where,
                        f"{keyword} {value!r} has no enclosing schema; typed as any value",
                    )
                    return None
                return self.current_root
            found = self._anchors().get(anchor, [])
            if not found:
                self.diags.warn(
                    ref_where, f"{keyword} {value!r}: no schema has this anchor; typed as any value"
                )
                return None
            inside = [p for p in found if self.current_root and p.startswith(self.current_root)]
            return (inside or found)[0]
        return None

    def _anchors(self) -> dict[str, list[str]]:
        """Every ``$dynamicAnchor`` (and ``$anchor``) → the pointers of the schemas that carry
        it, in document order; built once, extensions skipped."""
        if self.anchor_index is None:
            index: dict[str, list[str]] = {}
            stack: list[tuple[Any, tuple[str | int, ...]]] = [(self.doc, ())]
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
                schema, _ = self.probe.deref(schema, where)
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
            return LiteralType(JsonLiteral.of(self._coerce_scalar(schema["const"], type_)))
        if isinstance(schema.get("enum"), list):
            return self._enum(schema, where, hint, declare_as)
        if self._is_polymorphic_base(schema, declare_as):
            # OpenAPI inheritance: a base schema whose discriminator maps tags to subtypes that
            # include it through allOf. References to the base mean "one of the subtypes".
            own = declare_as[2] if declare_as else None
            targets = [
                str(t)
                for t in schema["discriminator"]["mapping"].values()
                if self._mapping_target_key(str(t)) != own
            ]
            refs = list(
                dict.fromkeys(
                    t if "/" in t or t.startswith("#") else "#/components/schemas/" + t
                    for t in targets
                )
            )
            # A target that does not exist is warned about (and left out) with the mapping.
            refs = [ref for ref in refs if self._reachable(_normal_ref(ref)) is not None]
            synthetic = {**schema, "oneOf": [{"$ref": ref} for ref in refs]}
            synthetic["discriminator"] = {
                "propertyName": schema["discriminator"].get("propertyName"),
                "mapping": {
                    tag: target
                    for tag, target in schema["discriminator"]["mapping"].items()
                    if self._mapping_target_key(str(target)) != own
                },
            }
            return self._union(synthetic, "oneOf", where, hint, declare_as)
        if "allOf" in schema:
            if not isinstance(schema["allOf"], list):
                raise self.diags.fatal(join_pointer(where, "allOf"), "must be a list of schemas")
            return self._all_of(schema, where, hint, declare_as)
        for key in ("oneOf", "anyOf"):
            variants = schema.get(key)
            if isinstance(variants, list) and self._has_real_variants(variants):
                return self._union(schema, key, where, hint, declare_as)
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
            self.diags.warn(
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

    # ------------------------------------------------------------------ enums

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
                self.diags.warn(
                    join_pointer(where, "enum", index), "enum values must be scalars; ignored"
                )
                continue
            if any(type(value) is type(v) and value == v for v in values):
                self.diags.warn(
                    join_pointer(where, "enum", index), f"duplicate enum value {value!r} ignored"
                )
                continue
            values.append(value)
        if not values:
            self.diags.warn(join_pointer(where, "enum"), "empty enum; typed by its base type")
            rest = {k: v for k, v in schema.items() if k != "enum"}
            return self._non_null_type(rest, where, hint, None) if rest.get("type") else AnyType()
        if len(values) == 1 and declare_as is None:
            return LiteralType(JsonLiteral.of(values[0]))
        kinds = {self._json_kind(v) for v in values}
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
                self.diags.warn(
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
        decl_id, name, wire_name = declare_as or (*self._new_inline_id(hint, where), None)
        title, description = self._texts(schema)
        self.decls[decl_id] = EnumDecl(
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

    @staticmethod
    def _json_kind(value: Any) -> str:
        if isinstance(value, bool):
            return "boolean"
        if isinstance(value, int):
            return "integer"
        if isinstance(value, float):
            return "number"
        return "string"

    # ------------------------------------------------------------------ arrays and objects

    def _array(self, schema: dict[str, Any], where: str, hint: tuple[str, ...]) -> TypeRef:
        if "items" in schema and isinstance(schema["items"], (dict, bool)):
            return ArrayType(
                self._type_of(schema["items"], join_pointer(where, "items"), hint + ("item",))
            )
        prefix = schema.get("prefixItems")
        if isinstance(prefix, list) and prefix:
            types = tuple(
                dict.fromkeys(
                    self._type_of(s, join_pointer(where, "prefixItems", i), hint + ("item", str(i)))
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
                self._type_of(s, join_pointer(where, "patternProperties", k), hint + ("value",))
                for k, s in pattern.items()
            ]
            if isinstance(extra, dict):
                types.append(
                    self._type_of(
                        extra, join_pointer(where, "additionalProperties"), hint + ("value",)
                    )
                )
            unique = tuple(dict.fromkeys(types))
            return unique[0] if len(unique) == 1 else UnionType(unique)
        if extra is True or extra == {}:
            return AnyType()
        if isinstance(extra, dict):
            return self._type_of(
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
            self.diags.error(join_pointer(where, "properties"), "must be a mapping")
            properties = {}
        if not properties and declare_as is None:
            values = self._additional(schema, where, hint)
            return MapType(values if values is not None else AnyType())
        decl_id, name, wire_name = declare_as or (*self._new_inline_id(hint, where), None)
        props = self._properties(
            properties or {}, self._required(schema, where), where, name.words, {}
        )
        title, description = self._texts(schema)
        extra = self._additional(schema, where, name.words)
        if (
            not props
            and declare_as is not None
            and (extra is not None or "additionalProperties" not in schema)
        ):
            # A named pure map (e.g. Metadata): an alias, not an empty model.
            self.decls[decl_id] = AliasDecl(
                id=decl_id,
                name=name,
                target=MapType(extra or AnyType()),
                wire_name=wire_name,
                title=title,
                description=description,
                source=where,
            )
            return RefType(decl_id)
        self.decls[decl_id] = ModelDecl(
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
            self.diags.error(join_pointer(where, "required"), "must be a list of strings")
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
                self.diags.warn(
                    prop_where,
                    f"property {wire!r} clashes with another after "
                    f"normalisation; named {name.snake()}",
                )
            if wire in literal_overrides:
                tags = literal_overrides[wire]
                literals = tuple(LiteralType(JsonLiteral.of(tag)) for tag in tags)
                type_ref: TypeRef = literals[0] if len(literals) == 1 else UnionType(literals)
            else:
                type_ref = self._type_of(prop_schema, prop_where, owner + name.words)
            info = prop_schema if isinstance(prop_schema, dict) else {}
            default = None
            if "default" in info:
                default = self._checked_default(
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

    # ------------------------------------------------------------------ defaults

    def _checked_default(self, value: Any, type_ref: TypeRef, where: str) -> JsonLiteral | None:
        """The default, or None when it does not fit its type (warned and dropped, as other
        generators do: real specs say ``default: "null"`` on integers)."""
        if self.draining:  # referenced declarations may still be queued: check after the drain
            self.deferred_defaults.append((value, type_ref, where))
            return JsonLiteral.of(value)  # dropped by _drop_defaults if it does not fit
        return JsonLiteral.of(value) if self._check_default(value, type_ref, where) else None

    def _check_default(self, value: Any, type_ref: TypeRef, where: str) -> bool:
        if self._value_fits(value, type_ref, depth=0):
            return True
        if value is None:
            self.diags.warn(where, "default null on a non-nullable type; default dropped")
        else:
            self.diags.warn(
                where,
                f"default {value!r} does not match the schema's type or enum; default dropped",
            )
        return False

    def _drop_defaults(self, wheres: set[str]) -> None:
        """Remove the defaults found not to fit after a drain (``wheres``: their pointers)."""
        for decl_id, decl in list(self.decls.items()):
            if not isinstance(decl, ModelDecl):
                continue
            if any(join_pointer(p.source, "default") in wheres for p in decl.properties):
                props = tuple(
                    dataclasses.replace(p, default=None)
                    if join_pointer(p.source, "default") in wheres
                    else p
                    for p in decl.properties
                )
                self.decls[decl_id] = dataclasses.replace(decl, properties=props)

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
        decl = self.decls.get(type_ref.id)
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

    # ------------------------------------------------------------------ allOf

    def _flatten_all_of(
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
            target, target_where = self.resolver.deref(all_of[index], part_where)
            if not isinstance(target, dict):
                raise self.diags.fatal(
                    part_where, f"an allOf part must be a mapping, got {type(target).__name__}"
                )
            if id(target) in on_path:
                self.diags.warn(part_where, "allOf refers back to itself; part ignored")
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
            inner = self._type_of(all_of[0], join_pointer(where, "allOf", 0), hint)
            if declare_as is None or not isinstance(inner, RefType):
                return inner
            return inner
        parts = self._flatten_all_of(schema, where)
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
                raise self.diags.fatal(join_pointer(part_where, "properties"), "must be a mapping")
            self._required(part, part_where)  # a malformed list is an error, not a TypeError
            for wire, sub in (part.get("properties") or {}).items():
                if (
                    wire in properties
                    and isinstance(sub, dict)
                    and isinstance(properties[wire], dict)
                ):
                    old_t, new_t = properties[wire].get("type"), sub.get("type")
                    if old_t and new_t and old_t != new_t:
                        self.diags.warn(
                            join_pointer(part_where, "properties", wire),
                            f"allOf parts give property {wire!r} conflicting types "
                            f"({old_t} vs {new_t}); the later one is used",
                        )
                properties[wire] = sub
            required.extend(r for r in part.get("required") or [] if isinstance(r, str))
            if "additionalProperties" in part:
                merged_extra["additionalProperties"] = part["additionalProperties"]
            disc = part.get("discriminator")
            if isinstance(disc, dict) and isinstance(disc.get("mapping"), dict) and declare_as:
                for tag, target in disc["mapping"].items():
                    if self._mapping_target_key(str(target)) == declare_as[2]:
                        literal_overrides.setdefault(str(disc.get("propertyName")), []).append(
                            str(tag)
                        )
        object_like = bool(properties) or "object" in kinds or not kinds
        if not object_like:
            if len(kinds) > 1:
                self.diags.warn(
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
        decl_id, name, wire_name = declare_as or (*self._new_inline_id(hint, where), None)
        props = self._properties(
            properties, merged_schema["required"], where, name.words, literal_overrides
        )
        title, description = self._texts(schema)
        self.decls[decl_id] = ModelDecl(
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

    @staticmethod
    def _mapping_target_key(target: str) -> str | None:
        if target.startswith("#"):
            return component_schema_name(target)
        return target if "/" not in target else None

    # ------------------------------------------------------------------ unions

    def _union(
        self,
        schema: dict[str, Any],
        key: str,
        where: str,
        hint: tuple[str, ...],
        declare_as: tuple[str, Name, str | None] | None,
    ) -> TypeRef:
        variants_raw: list[Any] = schema[key]
        if len(variants_raw) == 1 and "discriminator" not in schema:
            return self._type_of(variants_raw[0], join_pointer(where, key, 0), hint)
        disc_spec = schema.get("discriminator")
        property_name: str | None = None
        inferred = False
        if isinstance(disc_spec, dict) and isinstance(disc_spec.get("propertyName"), str):
            property_name = disc_spec["propertyName"]
        else:
            property_name = self._infer_discriminator(variants_raw, where, key)
            inferred = property_name is not None
        if property_name is None:
            types = tuple(
                dict.fromkeys(
                    self._type_of(v, join_pointer(where, key, i), hint + ("variant", str(i)))
                    for i, v in enumerate(variants_raw)
                )
            )
            if len(types) == 1:
                return types[0]
            if declare_as is None:
                return UnionType(types)
            decl_id, name, wire_name = declare_as
            title, description = self._texts(schema)
            self.decls[decl_id] = UnionDecl(
                id=decl_id,
                name=name,
                variants=tuple(UnionVariant(t) for t in types),
                wire_name=wire_name,
                title=title,
                description=description,
                source=where,
            )
            return RefType(decl_id)

        decl_id, name, wire_name = declare_as or (*self._new_inline_id(hint, where), None)
        tags_by_type: dict[TypeRef, list[str]] = {}
        mapping = disc_spec.get("mapping") if isinstance(disc_spec, dict) else None
        mapped_refs: dict[str, TypeRef] = {}
        # By the node a mapping names: one schema reached by several spellings of its pointer
        # (through a referenced request body, or percent-encoded) is one member.
        mapped_nodes: dict[int, TypeRef] = {}
        if isinstance(mapping, dict):
            for tag, target in mapping.items():
                map_where = join_pointer(where, "discriminator", "mapping", tag)
                if not isinstance(target, str):
                    self.diags.error(map_where, "mapping values must be strings")
                    continue
                ref = _normal_ref(
                    target
                    if "/" in target or target.startswith("#")
                    else ("#/components/schemas/" + target)
                )
                component = component_schema_name(ref)
                type_ref: TypeRef
                if component is not None and component in self.schemas:
                    type_ref = self._component_ref(component)
                elif self._reachable(ref) is None:
                    self.diags.warn(
                        map_where, f"mapping target {target!r} does not exist; entry ignored"
                    )
                    continue
                else:  # a mapping that points into an inline schema
                    type_ref = self._pointer_ref(ref, map_where, hint + words_of(str(tag)))
                tags_by_type.setdefault(type_ref, []).append(str(tag))
                mapped_refs[ref] = type_ref
                node = self._reachable(ref)
                if isinstance(node, dict):
                    mapped_nodes[id(node)] = type_ref
        ordered: list[TypeRef] = []
        member_schemas: dict[TypeRef, tuple[Any, str]] = {}
        for index, variant in enumerate(variants_raw):
            var_where = join_pointer(where, key, index)
            try:
                target, target_where = self.resolver.deref(variant, var_where)
            except GenerationError:
                continue  # recorded; the member is left out
            tag = self._literal_tag(target, property_name)
            variant_ref = variant.get("$ref") if isinstance(variant, dict) else None
            if isinstance(variant_ref, str) and _normal_ref(variant_ref) in mapped_refs:
                type_ref = mapped_refs[_normal_ref(variant_ref)]
            elif id(target) in mapped_nodes:
                type_ref = mapped_nodes[id(target)]
            elif _normal_ref("#" + var_where.lstrip("#")) in mapped_refs:
                # The mapping named this inline member by its pointer.
                type_ref = mapped_refs[_normal_ref("#" + var_where.lstrip("#"))]
            else:
                sub_hint = hint + (words_of(tag) if tag else ("variant", str(index)))
                type_ref = self._type_of(variant, var_where, sub_hint)
            if not isinstance(type_ref, RefType):
                self.diags.warn(
                    var_where,
                    f"discriminated union member is not an object; the union is typed "
                    f"without its {property_name!r} discriminator",
                )
                return self._plain_union(schema, key, where, hint, declare_as, decl_id)
            if type_ref not in tags_by_type:
                many = self._literal_tags(target, property_name)
                if tag is None and len(many) > 1:  # ``enum: [stdout, stderr]``: both select it
                    tags_by_type[type_ref] = many
                    tag = many[0]
                if tag is None and isinstance(variant_ref, str):
                    tag = component_schema_name(variant_ref)
                if tag is None:
                    self.diags.warn(
                        var_where,
                        f"cannot tell the {property_name!r} value of this member (no mapping "
                        "entry and no const); the union is typed without its discriminator",
                    )
                    return self._plain_union(schema, key, where, hint, declare_as, decl_id)
                tags_by_type.setdefault(type_ref, [tag])
            if type_ref not in ordered:
                ordered.append(type_ref)
            member_schemas.setdefault(type_ref, (target, target_where))
        ordered.extend(t for t in tags_by_type if t not in ordered)
        title, description = self._texts(schema)
        variants = tuple(UnionVariant(t, tuple(tags_by_type[t])) for t in ordered)
        self.decls[decl_id] = UnionDecl(
            id=decl_id,
            name=name,
            variants=variants,
            discriminator=Discriminator(
                property_name, make_name(property_name, ("kind",)), inferred=inferred
            ),
            shared_tags=self._shared_tags(variants, member_schemas, property_name, where),
            wire_name=wire_name,
            title=title,
            description=description,
            source=where,
        )
        return RefType(decl_id)

    def _plain_union(
        self,
        schema: dict[str, Any],
        key: str,
        where: str,
        hint: tuple[str, ...],
        declare_as: tuple[str, Name, str | None] | None,
        decl_id: str,
    ) -> TypeRef:
        """The union without its discriminator (when a member cannot carry one), declared
        under the id already claimed for it."""
        types = tuple(
            dict.fromkeys(
                self._type_of(v, join_pointer(where, key, i), hint + ("variant", str(i)))
                for i, v in enumerate(schema[key])
            )
        )
        if declare_as is None:
            return types[0] if len(types) == 1 else UnionType(types)
        title, description = self._texts(schema)
        self.decls[decl_id] = UnionDecl(
            id=decl_id,
            name=self.decl_names[decl_id],
            variants=tuple(UnionVariant(t) for t in types),
            wire_name=declare_as[2] if declare_as else None,
            title=title,
            description=description,
            source=where,
        )
        return RefType(decl_id)

    def _shared_tags(
        self,
        variants: tuple[UnionVariant, ...],
        member_schemas: dict[TypeRef, tuple[Any, str]],
        property_name: str,
        where: str,
    ) -> tuple[SharedTag, ...]:
        """Shape tests for tags carried by several members: most specific candidate first."""
        holders: dict[str, list[int]] = {}
        for index, variant in enumerate(variants):
            for tag in variant.tags:
                holders.setdefault(tag, []).append(index)
        shared: list[SharedTag] = []
        for tag, indexes in sorted(holders.items()):
            if len(indexes) < 2:
                continue
            tests = [
                self._shape_test(i, member_schemas.get(variants[i].type), property_name)
                for i in indexes
            ]
            tests.sort(key=lambda t: (-(len(t.required) + len(t.values)), t.variant))
            for a, b in zip(tests, tests[1:], strict=False):
                if (a.required, a.values) == (b.required, b.values):
                    self.diags.warn(
                        join_pointer(where, "discriminator"),
                        f"members {self._variant_label(variants[a.variant])} and "
                        f"{self._variant_label(variants[b.variant])} share the "
                        f"{property_name!r} value {tag!r} and have the same shape; "
                        f"{self._variant_label(variants[a.variant])} is chosen",
                    )
            shared.append(SharedTag(tag, tuple(tests)))
        return tuple(shared)

    def _variant_label(self, variant: UnionVariant) -> str:
        if isinstance(variant.type, RefType) and variant.type.id in self.decl_names:
            return self.decl_names[variant.type.id].pascal()
        return repr(variant.type)

    def _shape_test(
        self, index: int, member: tuple[Any, str] | None, property_name: str
    ) -> ShapeTest:
        if member is None or not isinstance(member[0], dict):
            return ShapeTest(index)
        target, target_where = member
        parts = (
            self._flatten_all_of(target, target_where)
            if isinstance(target.get("allOf"), list)
            else [(target, target_where)]
        )
        required: set[str] = set()
        values: dict[str, tuple[JsonLiteral, ...]] = {}
        for part, part_where in parts:
            required.update(r for r in part.get("required") or [] if isinstance(r, str))
            props = part.get("properties")
            for wire, prop in (props if isinstance(props, dict) else {}).items():
                try:
                    prop, _ = self.probe.deref(prop, part_where)
                except GenerationError:
                    continue
                if not isinstance(prop, dict) or wire == property_name:
                    continue
                if "const" in prop and not isinstance(prop["const"], (dict, list)):
                    values[wire] = (JsonLiteral.of(prop["const"]),)
                elif isinstance(prop.get("enum"), list) and all(
                    not isinstance(v, (dict, list)) for v in prop["enum"]
                ):
                    values[wire] = tuple(dict.fromkeys(JsonLiteral.of(v) for v in prop["enum"]))
        required.discard(property_name)
        return ShapeTest(index, tuple(sorted(required)), tuple(sorted(values.items())))

    def _reachable(self, ref: str, depth: int = 0) -> Any:
        """The node a local pointer names, following ``$ref`` objects met on the way (a
        mapping may point through a referenced request body into its inline schema); None
        when there is none. Records nothing."""
        fragment = ref[1:] if ref.startswith("#") else None
        if fragment is None or depth > 32:
            return None
        if fragment in ("", "/"):
            return self.doc
        if not fragment.startswith("/"):
            return None
        node: Any = self.doc
        for raw_token in fragment[1:].split("/"):
            token = raw_token.replace("~1", "/").replace("~0", "~")
            hops = 0
            while (
                isinstance(node, dict)
                and token not in node
                and isinstance(node.get("$ref"), str)
                and hops < 32
            ):
                node = self._reachable(_normal_ref(node["$ref"]), depth + 1)
                hops += 1
            if isinstance(node, dict) and token in node:
                node = node[token]
            elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
                node = node[int(token)]
            else:
                return None
        return node

    def _literal_tags(self, schema: Any, property_name: str) -> list[str]:
        """Every string an ``enum`` on the member's discriminator property allows."""
        if not isinstance(schema, dict):
            return []
        props = schema.get("properties")
        prop = props.get(property_name) if isinstance(props, dict) else None
        enum = prop.get("enum") if isinstance(prop, dict) else None
        if isinstance(enum, list) and enum and all(isinstance(v, str) for v in enum):
            return list(dict.fromkeys(str(v) for v in enum))
        return []

    def _literal_tag(self, schema: Any, property_name: str) -> str | None:
        if not isinstance(schema, dict):
            return None
        candidates = [schema]
        for part in schema.get("allOf") or []:
            try:
                target, _ = self.probe.deref(part, "#")
            except GenerationError:
                continue
            candidates.append(target)
        for candidate in candidates:
            props = candidate.get("properties") if isinstance(candidate, dict) else None
            prop = props.get(property_name) if isinstance(props, dict) else None
            if isinstance(prop, dict):
                if "const" in prop and isinstance(prop["const"], str):
                    return str(prop["const"])
                enum = prop.get("enum")
                if isinstance(enum, list) and len(enum) == 1 and isinstance(enum[0], str):
                    return str(enum[0])
        return None

    def _infer_discriminator(self, variants: list[Any], where: str, key: str) -> str | None:
        """A property that every member requires with a distinct literal string value."""
        targets = []
        for index, variant in enumerate(variants):
            if not isinstance(variant, dict) or not (
                isinstance(variant.get("$ref"), str) or isinstance(variant.get("properties"), dict)
            ):
                return None
            try:
                target, _ = self.probe.deref(variant, join_pointer(where, key, index))
            except GenerationError:
                return None
            if not isinstance(target, dict) or not isinstance(target.get("properties"), dict):
                return None
            targets.append(target)
        first = targets[0]
        for prop in first["properties"]:
            tags = [self._literal_tag(t, prop) for t in targets]
            if (
                all(tags)
                and len(set(tags)) == len(tags)
                and all(prop in (t.get("required") or []) for t in targets)
            ):
                return str(prop)
        return None

    # ================================================================== operations

    def _operations(self) -> list[tuple[Operation, tuple[str, ...]]]:
        """Every operation with its resource path; spec order."""
        resolved = self._path_items("paths")
        self._path_items("webhooks")  # not client methods, but malformed ones are reported
        plans = self._plan_names({path: item for path, (item, _) in resolved.items()})
        seen_ids: dict[str, str] = {}
        result: list[tuple[Operation, tuple[str, ...]]] = []
        for path, (item, item_where) in resolved.items():
            for method in HTTP_METHODS:
                op = item.get(method)
                if op is None:
                    continue
                where = join_pointer(item_where, method)
                if not isinstance(op, dict):
                    self.diags.error(where, "an operation must be a mapping")
                    continue
                op_id = op.get("operationId")
                synthesized = f"{method}_{'_'.join(words_of(path)) or 'root'}"
                if op_id is None:
                    op_id = synthesized
                    self.diags.warn(where, f"no operationId; using {op_id!r}")
                elif not isinstance(op_id, str) or not op_id:
                    self.diags.warn(
                        join_pointer(where, "operationId"),
                        f"operationId must be a non-empty string; using {synthesized!r}",
                    )
                    op_id = synthesized
                if op_id in seen_ids:
                    first = seen_ids[op_id]
                    op_id = self._unique_op_id(op_id, method, path, seen_ids)
                    self.diags.warn(
                        join_pointer(where, "operationId"),
                        f"duplicate operationId {op.get('operationId')!r} "
                        f"(also at #{first.lstrip('#')}); "
                        f"using {op_id!r}",
                    )
                seen_ids[op_id] = where
                resource_path, method_name = plans[(path, method)]
                try:
                    operation = self._operation(
                        op_id, method, path, item, op, where, resource_path, method_name
                    )
                except GenerationError:
                    continue  # recorded; the run fails with every error of it
                result.append((operation, resource_path))
        return result

    def _path_items(self, section: str) -> dict[str, tuple[dict[str, Any], str]]:
        """The path items of ``paths`` or ``webhooks``, each with a ``$ref`` followed (to
        ``#/components/pathItems/...`` or anywhere local), and the pointer it was found at."""
        items = self.doc.get(section) or {}
        resolved: dict[str, tuple[dict[str, Any], str]] = {}
        if not isinstance(items, dict):
            self.diags.error(pointer(section), "must be a mapping")
            return resolved
        for key, item in items.items():
            try:
                item, item_where = self.resolver.deref(item, pointer(section, key))
            except GenerationError:
                continue  # recorded
            if not isinstance(item, dict):
                self.diags.error(item_where, "a path item must be a mapping")
                continue
            resolved[key] = (item, item_where)
        return resolved

    @staticmethod
    def _unique_op_id(op_id: str, method: str, path: str, taken: dict[str, str]) -> str:
        """A free id for the second holder of ``op_id``: method suffix, then path words, then
        a number (so the same spec always gets the same ids)."""
        candidates = [f"{op_id}_{method}", f"{op_id}_{method}_{'_'.join(words_of(path))}"]
        candidates += [f"{op_id}_{n}" for n in range(2, len(taken) + 3)]
        return next(c for c in candidates if c not in taken)

    def _operation(
        self,
        op_id: str,
        method: str,
        path: str,
        item: dict[str, Any],
        op: dict[str, Any],
        where: str,
        resource_path: tuple[str, ...],
        method_name: Name,
    ) -> Operation:
        hint = tuple(w for seg in resource_path for w in words_of(seg)) + method_name.words
        params = self._parameters(path, item, op, where, hint)
        scope = Scope({"".join(p.name.words) for p in params})
        body = self._request_body(op, where, hint, scope)
        response, errors = self._responses(op, where, hint)
        flag = self._stream_flag(body, response)
        if flag is not None:
            response = dataclasses.replace(response, stream_flag=flag)
        pagination = self._pagination(op_id, method, params, response)
        summary, description = op.get("summary"), op.get("description")
        raw_tags = op.get("tags")
        tags: list[Any] = raw_tags if isinstance(raw_tags, list) else []
        return Operation(
            id=op_id,
            name=method_name,
            http_method=method,  # type: ignore[arg-type]
            path=path,
            path_params=tuple(p for p in params if p.location == "path"),
            query_params=tuple(p for p in params if p.location == "query"),
            header_params=tuple(p for p in params if p.location == "header"),
            body=body,
            response=response,
            errors=errors,
            pagination=pagination,
            summary=summary if isinstance(summary, str) else None,
            description=description if isinstance(description, str) else None,
            deprecated=op.get("deprecated") is True,
            tags=tuple(str(t) for t in tags),
            source=where,
        )

    def _parameters(
        self,
        path: str,
        item: dict[str, Any],
        op: dict[str, Any],
        where: str,
        hint: tuple[str, ...],
    ) -> list[Parameter]:
        collected: dict[tuple[str, str], tuple[dict[str, Any], str]] = {}
        for owner, owner_where in ((item, where.rsplit("/", 1)[0]), (op, where)):
            raw = owner.get("parameters") or []
            if not isinstance(raw, list):
                self.diags.error(join_pointer(owner_where, "parameters"), "must be a list")
                continue
            for index, param in enumerate(raw):
                p_where = join_pointer(owner_where, "parameters", index)
                try:
                    param, _ = self.resolver.deref(param, p_where)
                except GenerationError:
                    continue  # recorded
                if (
                    not isinstance(param, dict)
                    or not isinstance(param.get("name"), str)
                    or (param.get("in") not in ("path", "query", "header", "cookie"))
                ):
                    self.diags.error(
                        p_where,
                        "a parameter needs a string 'name' and 'in' of path/query/header/cookie",
                    )
                    continue
                collected[(param["in"], param["name"])] = (param, p_where)
        template_names = re.findall(r"\{([^{}]*)\}", path)
        path_where = where.rsplit("/", 1)[0]
        for name in template_names:
            if ("path", name) not in collected:
                # What other generators do: the variable is a required string.
                self.diags.warn(
                    path_where,
                    f"path parameter {{{name}}} is not declared in the parameters of {where}; "
                    "taken as a required string",
                )
                collected[("path", name)] = (
                    {"name": name, "in": "path", "required": True, "schema": {"type": "string"}},
                    path_where,
                )
        scope = Scope()
        params: list[Parameter] = []
        ordered = sorted(
            collected.items(),
            key=lambda kv: (
                kv[0][0] != "path",
                template_names.index(kv[0][1])
                if kv[0] in {("path", n) for n in template_names}
                else 0,
            ),
        )
        for (location, wire), (param, p_where) in ordered:
            if location == "cookie":
                self.diags.warn(p_where, f"cookie parameter {wire!r} skipped (not supported)")
                continue
            if location == "path" and wire not in template_names:
                self.diags.warn(
                    p_where,
                    f"path parameter {wire!r} does not appear in the path {path!r}; skipped",
                )
                continue
            schema = param.get("schema")
            schema_where = join_pointer(p_where, "schema")
            if schema is None and isinstance(param.get("content"), dict) and param["content"]:
                media = next(iter(param["content"]))
                media_obj = param["content"][media]
                schema = media_obj.get("schema", {}) if isinstance(media_obj, dict) else {}
                schema_where = join_pointer(p_where, "content", media, "schema")
            name, _ = scope.claim(make_name(wire, ("param",)))
            type_ref = self._type_of(
                schema if schema is not None else {}, schema_where, hint + name.words
            )
            default = None
            if isinstance(schema, dict) and "default" in schema:
                default = self._checked_default(
                    schema["default"], type_ref, join_pointer(schema_where, "default")
                )
            description = param.get("description")
            explode = param.get("explode")
            params.append(
                Parameter(
                    wire_name=wire,
                    name=name,
                    location=location,  # type: ignore[arg-type]
                    type=type_ref,
                    required=location == "path" or param.get("required") is True,
                    description=description if isinstance(description, str) else None,
                    default=default,
                    explode=explode is not False,
                    deprecated=param.get("deprecated") is True,
                    source=p_where,
                )
            )
        return params

    def _request_body(
        self, op: dict[str, Any], where: str, hint: tuple[str, ...], scope: Scope
    ) -> RequestBody | None:
        if "requestBody" not in op:
            return None
        body_where = join_pointer(where, "requestBody")
        body, body_where = self.resolver.deref(op["requestBody"], body_where)
        content = body.get("content") if isinstance(body, dict) else None
        if not isinstance(content, dict) or not content:
            self.diags.error(body_where, "requestBody needs a non-empty 'content' mapping")
            return None
        media = media_kinds.pick_request_media(content)
        media_obj = content[media] or {}
        schema = media_obj.get("schema", {}) if isinstance(media_obj, dict) else {}
        schema_where = join_pointer(body_where, "content", media, "schema")
        type_ref = self._type_of(schema, schema_where, hint + ("params",))
        fields: tuple[Property, ...] | None = None
        target = type_ref.inner if isinstance(type_ref, NullableType) else type_ref
        decl = self.decls.get(target.id) if isinstance(target, RefType) else None
        if isinstance(decl, ModelDecl) and not isinstance(type_ref, NullableType):
            renamed = []
            for prop in decl.input_properties():  # readOnly properties are never sent
                name, clashed = scope.claim(prop.name)
                if clashed:
                    name, _ = scope.claim(Name(prop.name.words + ("body",), prop.wire_name))
                renamed.append(dataclasses.replace(prop, name=name))
            fields = tuple(renamed)
        encoding = media_kinds.request_encoding(media)
        file_parts: tuple[FilePart, ...] = ()
        if encoding == "multipart" and fields is not None:
            file_parts = self._file_parts(fields, schema, media_obj, schema_where)
        description = body.get("description")
        return RequestBody(
            media_type=media,
            type=type_ref,
            required=body.get("required") is True,
            fields=fields,
            description=description if isinstance(description, str) else None,
            encoding=encoding,
            file_parts=file_parts,
            content_type=media_kinds.content_type_header(media)
            if encoding in ("binary", "text")
            else None,
        )

    def _file_parts(
        self, fields: tuple[Property, ...], schema: Any, media_obj: Any, where: str
    ) -> tuple[FilePart, ...]:
        """The fields of a multipart body that are files: a ``format: binary`` string (or an
        array of them), or a string whose ``contentMediaType`` or ``encoding.contentType`` is
        not text (OpenAPI 3.1 spells a file that way)."""
        raw_props: dict[str, Any] = {}
        raw, raw_where = self.resolver.deref(schema, where)
        members = [raw, *(raw.get("allOf") or [])] if isinstance(raw, dict) else []
        for member in members if isinstance(members, list) else []:
            member, _ = self.resolver.deref(member, raw_where)
            if isinstance(member, dict) and isinstance(member.get("properties"), dict):
                raw_props.update(member["properties"])
        encodings = media_obj.get("encoding") if isinstance(media_obj, dict) else None
        parts: list[FilePart] = []
        for prop in fields:
            if prop.read_only:
                continue
            shape = self._file_shape(prop.type)
            if shape is None:
                continue
            multiple, nullable, binary_format = shape
            declared: str | None = None
            encoding = encodings.get(prop.wire_name) if isinstance(encodings, dict) else None
            if isinstance(encoding, dict) and isinstance(encoding.get("contentType"), str):
                declared = encoding["contentType"].split(",")[0].strip() or None
            if declared is None:
                declared = self._content_media_type(raw_props.get(prop.wire_name), raw_where)
            declared_binary = declared is not None and media_kinds.classify(declared) == "binary"
            if binary_format or declared_binary:
                parts.append(FilePart(prop.wire_name, multiple, nullable, declared))
        return tuple(parts)

    def _file_shape(self, type_ref: TypeRef) -> tuple[bool, bool, bool] | None:
        """``(multiple, nullable, format_binary)`` when ``type_ref`` is a string, a nullable
        string or an array of strings (through aliases); None for anything else."""
        multiple = nullable = False
        for _ in range(8):  # aliases of aliases: bounded, an alias cycle was refused earlier
            if isinstance(type_ref, RefType) and isinstance(
                alias := self.decls.get(type_ref.id), AliasDecl
            ):
                type_ref = alias.target
            elif isinstance(type_ref, NullableType):
                # A null list or a null file means "no part"; a null inside a list is ignored.
                nullable = nullable or not multiple
                type_ref = type_ref.inner
            elif isinstance(type_ref, ArrayType) and not multiple:
                multiple, type_ref = True, type_ref.items
            else:
                break
        if isinstance(type_ref, ScalarType) and type_ref.scalar == "string":
            return multiple, nullable, type_ref.format == "binary"
        return None

    def _content_media_type(self, schema: Any, where: str) -> str | None:
        """A property's (or its array items') ``contentMediaType``."""
        for _ in range(2):
            schema, where = self.resolver.deref(schema, where)
            if not isinstance(schema, dict):
                return None
            value = schema.get("contentMediaType")
            if isinstance(value, str):
                return value
            schema = schema.get("items")
        return None

    def _responses(
        self, op: dict[str, Any], where: str, hint: tuple[str, ...]
    ) -> tuple[Response, tuple[ErrorResponse, ...]]:
        responses = op.get("responses")
        resp_where = join_pointer(where, "responses")
        if responses is None or responses == {}:
            # Valid since OpenAPI 3.1 (and common in 3.0 drafts): nothing says what comes back.
            self.diags.warn(where, "no responses declared; the method returns any value")
            return Response(status="200", type=AnyType(), media_type="application/json"), ()
        if not isinstance(responses, dict):
            self.diags.error(resp_where, "an operation needs a 'responses' mapping")
            responses = {}
        for status in [s for s in responses if s != "default" and not _STATUS.match(s)]:
            self.diags.warn(
                join_pointer(resp_where, status),
                f"invalid response status code {status!r}; response ignored",
            )
        responses = {s: r for s, r in responses.items() if s == "default" or _STATUS.match(s)}
        success_codes = sorted(s for s in responses if s.startswith("2"))
        success_codes.sort(key=lambda s: (s.endswith("XX"), s))
        success: Response | None = None
        errors: list[ErrorResponse] = []
        for status, raw in responses.items():
            r_where = join_pointer(resp_where, status)
            try:
                resp, r_where = self.resolver.deref(raw, r_where)
            except GenerationError:
                continue  # recorded
            if not isinstance(resp, dict):
                self.diags.error(r_where, "a response must be a mapping")
                continue
            content = resp.get("content") or {}
            if not isinstance(content, dict):
                self.diags.error(
                    join_pointer(r_where, "content"), "must be a mapping of media types"
                )
                continue
            is_success = bool(success_codes) and status == success_codes[0]
            if is_success and status in media_kinds.NO_CONTENT_STATUSES:
                if content:
                    self.diags.warn(
                        join_pointer(r_where, "content"),
                        f"a {status} response has no body; its content is ignored",
                    )
                content = {}
            media = media_kinds.pick_response_media(content)
            kind = media_kinds.response_media_kind(media) if media is not None else "empty"
            description = (
                resp.get("description") if isinstance(resp.get("description"), str) else None
            )
            type_ref: TypeRef | None = None
            if media is not None and kind == "json":
                media_obj = content[media] or {}
                schema = media_obj.get("schema", {}) if isinstance(media_obj, dict) else {}
                suffix = (
                    ("response",)
                    if status == (success_codes[:1] or [""])[0]
                    else ("error", status.lower())
                    if status != "default"
                    else ("error",)
                )
                type_ref = self._type_of(
                    schema,
                    join_pointer(r_where, "content", media, "schema"),
                    hint + suffix,
                )
            if is_success:
                success = Response(
                    status=status,
                    type=type_ref,
                    media_type=media,
                    streaming=any(
                        media_kinds.classify(m) == "event_stream" for m in content
                    ),
                    stream_item_type=self._stream_item_type(content, r_where, hint),
                    description=description,
                    kind=kind,
                    accept=media_kinds.accept_header(media, kind) if media else None,
                )
            elif not status.startswith(("1", "2", "3")):
                errors.append(ErrorResponse(status=status, type=type_ref, description=description))
        if success is None:
            self.diags.warn(resp_where, "no 2xx response declared; the method returns raw JSON")
            success = Response(status="200", type=AnyType(), media_type="application/json")
        return success, tuple(errors)

    def _stream_item_type(
        self, content: dict[str, Any], where: str, hint: tuple[str, ...]
    ) -> TypeRef | None:
        """The type of one event's data: OpenAPI 3.2's ``itemSchema``, else the ``schema`` of
        the ``text/event-stream`` media (what 3.0/3.1 specs write) unless it only says
        "string" (the stream's text itself, which types no event)."""
        media_obj = content.get("text/event-stream")
        if not isinstance(media_obj, dict):
            return None
        key = "itemSchema" if "itemSchema" in media_obj else "schema"
        schema = media_obj.get(key)
        if schema is None or schema is True or schema == {} or (
            isinstance(schema, dict) and set(schema) <= _TEXT_SCHEMA_KEYS
            and schema.get("type") == "string"
        ):
            return None
        return self._type_of(
            schema,
            join_pointer(where, "content", "text/event-stream", key),
            hint + ("event",),
        )

    @staticmethod
    def _stream_flag(body: RequestBody | None, response: Response) -> str | None:
        """The boolean body field that turns a JSON answer into its event stream."""
        if not response.streaming or response.kind != "json" or body is None:
            return None
        if body.encoding != "json" or not body.fields:
            return None
        for prop in body.fields:
            inner = prop.type.inner if isinstance(prop.type, NullableType) else prop.type
            if (prop.wire_name == "stream" and isinstance(inner, ScalarType)
                    and inner.scalar == "boolean"):
                return prop.wire_name
        return None

    def _pagination(
        self, op_id: str, method: str, params: list[Parameter], response: Response
    ) -> OperationPagination | None:
        return self.paginator.operation(op_id, method, params, response, self.decls)

    # ================================================================== resource naming

    def _strip_prefix(self, segments: list[str]) -> list[str]:
        prefixes = self.config.strip_path_prefixes
        while segments and (
            segments[0] in prefixes if prefixes else _VERSION_SEGMENT.match(segments[0])
        ):
            segments = segments[1:]
        return segments

    def _plan_names(
        self, paths: dict[str, Any]
    ) -> dict[tuple[str, str], tuple[tuple[str, ...], Name]]:
        """Resource path and method name of every operation, from the path shape + config."""
        shapes: dict[str, list[str]] = {}
        methods_by_path: dict[str, list[str]] = {}
        for path, item in paths.items():
            if not isinstance(item, dict):
                continue
            segments = self._strip_prefix([s for s in path.split("/") if s])
            shapes[path] = segments
            methods_by_path[path] = [m for m in HTTP_METHODS if m in item]
        static_prefixes_with_ops = {
            tuple(s for s in segs if not s.startswith("{")) for segs in shapes.values()
        }
        plans: dict[tuple[str, str], tuple[tuple[str, ...], Name]] = {}
        used: dict[tuple[str, ...], Scope] = {}
        for path, segments in shapes.items():
            item = paths[path]
            for method in methods_by_path[path]:
                op = item[method] if isinstance(item[method], dict) else {}
                statics = [s for s in segments if not s.startswith("{")]
                ends_with_param = bool(segments) and segments[-1].startswith("{")
                list_like = self._looks_like_list(op)
                resource: list[str] = [self._segment_name(s) for s in statics]
                has_children = any(
                    len(other) > len(segments) and other[: len(segments)] == segments
                    for other in shapes.values()
                )
                action = (
                    not ends_with_param
                    and not has_children
                    and len(methods_by_path[path]) == 1
                    and len(segments) >= 2
                    and not (method == "get" and list_like)
                    and (segments[-2].startswith("{") or method != "get")
                    and (
                        segments[-2].startswith("{")
                        or tuple(statics[:-1]) in static_prefixes_with_ops
                    )
                )
                if action:
                    verb = resource.pop()
                    method_words = shorten(words_of(verb)) or ("call",)
                elif ends_with_param:
                    method_words = {"get": ("retrieve",), "delete": ("delete",)}.get(
                        method, ("update",)
                    )
                else:
                    # A collection with an item path below it (``/things/{id}``) is listed.
                    has_items = any(
                        len(other) > len(segments)
                        and other[: len(segments)] == segments
                        and other[len(segments)].startswith("{")
                        for other in shapes.values()
                    )
                    method_words = {
                        "get": ("list",) if list_like or has_items else ("retrieve",),
                        "post": ("create",),
                        "put": ("update",),
                        "patch": ("update",),
                        "delete": ("delete",),
                    }.get(method, (method,))
                resource_path = tuple(resource)
                op_id = op.get("operationId") if isinstance(op.get("operationId"), str) else None
                override = self.config.operations.get(op_id) if op_id else None
                if override and override.resource is not None:
                    resource_path = tuple(override.resource.split(".")) if override.resource else ()
                if override and override.method:
                    method_words = tuple(override.method.split("_"))
                resource_path = self._renamed(resource_path)
                name = Name(method_words, method)
                scope = used.setdefault(resource_path, Scope())
                claimed, clashed = scope.claim(name)
                if clashed:
                    fallback = make_name(op_id or method, (method,))
                    claimed, _ = scope.claim(fallback)
                    self.diags.warn(
                        pointer("paths", path, method),
                        f"method name {name.snake()!r} already used in resource "
                        f"{'.'.join(resource_path) or '(client)'}; named {claimed.snake()!r}",
                    )
                plans[(path, method)] = (resource_path, claimed)
        return plans

    def _renamed(self, resource_path: tuple[str, ...]) -> tuple[str, ...]:
        for length in range(len(resource_path), 0, -1):
            key = ".".join(resource_path[:length])
            if key in self.config.resources:
                return tuple(self.config.resources[key].split(".")) + resource_path[length:]
        return resource_path

    @staticmethod
    def _segment_name(segment: str) -> str:
        return "_".join(shorten(words_of(segment))) or "resource"

    def _looks_like_list(self, op: dict[str, Any]) -> bool:
        """A 2xx JSON response that is an array or has an array items field (``data``)."""
        responses = op.get("responses")
        if not isinstance(responses, dict):
            return False
        item_fields = {p.items for p in self.config.pagination} or {"data"}
        for status in sorted(responses):
            if not status.startswith("2"):
                continue
            try:
                resp, _ = self.probe.deref(responses[status], "#")
                content = (resp.get("content") or {}) if isinstance(resp, dict) else None
                if not isinstance(content, dict):  # malformed: reported by _responses
                    return False
                for media, media_obj in content.items():
                    if not _is_json_media(media) or not isinstance(media_obj, dict):
                        continue
                    schema, _ = self.probe.deref(media_obj.get("schema", {}), "#")
                    if not isinstance(schema, dict):
                        return False
                    if schema.get("type") == "array":
                        return True
                    props = schema.get("properties")
                    if not isinstance(props, dict):
                        return False
                    for field_name in item_fields:
                        field_schema, _ = self.probe.deref(props.get(field_name, {}), "#")
                        if isinstance(field_schema, dict) and field_schema.get("type") == "array":
                            return True
                    return False
            except GenerationError:
                return False
        return False

    def _resource_tree(self, operations: list[tuple[Operation, tuple[str, ...]]]) -> Resource:
        grouped: dict[tuple[str, ...], list[Operation]] = {}
        for op, resource_path in operations:
            grouped.setdefault(resource_path, []).append(op)
            for length in range(len(resource_path)):
                grouped.setdefault(resource_path[:length], [])

        def node(path: tuple[str, ...]) -> Resource:
            children = sorted(
                {
                    p[: len(path) + 1]
                    for p in grouped
                    if len(p) > len(path) and p[: len(path)] == path
                }
            )
            method_names = {"".join(op.name.words) for op in grouped.get(path, [])}
            for child in children:
                if "".join(words_of(child[-1])) in method_names:
                    self.diags.warn(
                        "#/paths",
                        f"resource {'.'.join(child)!r} has the same name as a method of its parent",
                    )
            name = make_name(path[-1], ("resource",)) if path else Name(("client",), "")
            return Resource(
                name=name,
                path=path,
                operations=tuple(grouped.get(path, [])),
                resources=tuple(node(c) for c in children),
            )

        return node(())

    # ================================================================== usage

    def _with_usage(self, operations: list[tuple[Operation, tuple[str, ...]]]) -> list[TypeDecl]:
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
                if decl_id in into or decl_id not in self.decls:
                    continue
                into.add(decl_id)
                stack.extend(children(self.decls[decl_id]))

        for op, _ in operations:
            for p in (*op.path_params, *op.query_params, *op.header_params):
                mark(refs(p.type), inputs)
            if op.body is not None:
                mark(refs(op.body.type), inputs)
            mark(refs(op.response.type), outputs)
            for err in op.errors:
                mark(refs(err.type), outputs)
        result: list[TypeDecl] = []
        for decl_id, decl in self.decls.items():
            usage = Usage(
                input=decl_id in inputs, output=decl_id in outputs or decl_id not in inputs
            )
            result.append(dataclasses.replace(decl, usage=usage))
        return result

    @staticmethod
    def _common_error_type(operations: list[tuple[Operation, tuple[str, ...]]]) -> TypeRef | None:
        types = {err.type for op, _ in operations for err in op.errors if err.type is not None}
        return types.pop() if len(types) == 1 else None


def build_ir(
    document: dict[str, Any],
    config: SdkConfig,
    diags: Diagnostics,
    *,
    spec_sha256: str,
    generator_version: str,
) -> IR:
    """Build the IR; fatal problems raise GenerationError, warnings stay in ``diags``."""
    return _Builder(
        document, config, diags, spec_sha256=spec_sha256, generator_version=generator_version
    ).build()

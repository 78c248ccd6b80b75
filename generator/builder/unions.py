"""``oneOf``/``anyOf`` -> unions: discriminated (explicit, mapped or inferred tag), shared
tags (several members with one tag value, told apart by shape tests: required properties and
``const``s), and plain unions. ``reachable`` finds a schema anywhere in the document by pointer
(a discriminator mapping may point into an inline schema on a path).
"""

from __future__ import annotations

from typing import Any

from generator.builder.context import BuildContext, normal_ref
from generator.builder.declarations import Declarations
from generator.builder.schemas import SchemaTypes
from generator.diagnostics import GenerationError, join_pointer
from generator.ir import (
    Discriminator,
    JsonLiteral,
    Name,
    RefType,
    ShapeTest,
    SharedTag,
    TypeRef,
    UnionDecl,
    UnionType,
    UnionVariant,
)
from generator.naming import make_name, words_of
from generator.resolve import component_schema_name


class Unions:
    """Builds union declarations; members are converted by ``types``."""

    def __init__(self, ctx: BuildContext, registry: Declarations, types: SchemaTypes) -> None:
        self.ctx = ctx
        self.registry = registry
        self.types = types

    @staticmethod
    def mapping_target_key(target: str) -> str | None:
        if target.startswith("#"):
            return component_schema_name(target)
        return target if "/" not in target else None

    def union(
        self,
        schema: dict[str, Any],
        key: str,
        where: str,
        hint: tuple[str, ...],
        declare_as: tuple[str, Name, str | None] | None,
    ) -> TypeRef:
        variants_raw: list[Any] = schema[key]
        if len(variants_raw) == 1 and "discriminator" not in schema:
            return self.types.type_of(variants_raw[0], join_pointer(where, key, 0), hint)
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
                    self.types.type_of(v, join_pointer(where, key, i), hint + ("variant", str(i)))
                    for i, v in enumerate(variants_raw)
                )
            )
            if len(types) == 1:
                return types[0]
            if declare_as is None:
                return UnionType(types)
            decl_id, name, wire_name = declare_as
            title, description = self.types.texts(schema)
            self.registry.decls[decl_id] = UnionDecl(
                id=decl_id,
                name=name,
                variants=tuple(UnionVariant(t) for t in types),
                wire_name=wire_name,
                title=title,
                description=description,
                source=where,
            )
            return RefType(decl_id)

        decl_id, name, wire_name = declare_as or (*self.registry.new_inline_id(hint, where), None)
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
                    self.ctx.diags.error(map_where, "mapping values must be strings")
                    continue
                ref = normal_ref(
                    target
                    if "/" in target or target.startswith("#")
                    else ("#/components/schemas/" + target)
                )
                component = component_schema_name(ref)
                type_ref: TypeRef
                if component is not None and component in self.ctx.schemas:
                    type_ref = self.registry.component_ref(component)
                elif self.reachable(ref) is None:
                    self.ctx.diags.warn(
                        map_where, f"mapping target {target!r} does not exist; entry ignored"
                    )
                    continue
                else:  # a mapping that points into an inline schema
                    type_ref = self.registry.pointer_ref(ref, map_where, hint + words_of(str(tag)))
                tags_by_type.setdefault(type_ref, []).append(str(tag))
                mapped_refs[ref] = type_ref
                node = self.reachable(ref)
                if isinstance(node, dict):
                    mapped_nodes[id(node)] = type_ref
        ordered: list[TypeRef] = []
        member_schemas: dict[TypeRef, tuple[Any, str]] = {}
        for index, variant in enumerate(variants_raw):
            var_where = join_pointer(where, key, index)
            try:
                target, target_where = self.ctx.resolver.deref(variant, var_where)
            except GenerationError:
                continue  # recorded; the member is left out
            tag = self._literal_tag(target, property_name)
            variant_ref = variant.get("$ref") if isinstance(variant, dict) else None
            if isinstance(variant_ref, str) and normal_ref(variant_ref) in mapped_refs:
                type_ref = mapped_refs[normal_ref(variant_ref)]
            elif id(target) in mapped_nodes:
                type_ref = mapped_nodes[id(target)]
            elif normal_ref("#" + var_where.lstrip("#")) in mapped_refs:
                # The mapping named this inline member by its pointer.
                type_ref = mapped_refs[normal_ref("#" + var_where.lstrip("#"))]
            else:
                sub_hint = hint + (words_of(tag) if tag else ("variant", str(index)))
                type_ref = self.types.type_of(variant, var_where, sub_hint)
            if not isinstance(type_ref, RefType):
                self.ctx.diags.warn(
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
                    self.ctx.diags.warn(
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
        title, description = self.types.texts(schema)
        variants = tuple(UnionVariant(t, tuple(tags_by_type[t])) for t in ordered)
        self.registry.decls[decl_id] = UnionDecl(
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
                self.types.type_of(v, join_pointer(where, key, i), hint + ("variant", str(i)))
                for i, v in enumerate(schema[key])
            )
        )
        if declare_as is None:
            return types[0] if len(types) == 1 else UnionType(types)
        title, description = self.types.texts(schema)
        self.registry.decls[decl_id] = UnionDecl(
            id=decl_id,
            name=self.registry.decl_names[decl_id],
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
                    self.ctx.diags.warn(
                        join_pointer(where, "discriminator"),
                        f"members {self._variant_label(variants[a.variant])} and "
                        f"{self._variant_label(variants[b.variant])} share the "
                        f"{property_name!r} value {tag!r} and have the same shape; "
                        f"{self._variant_label(variants[a.variant])} is chosen",
                    )
            shared.append(SharedTag(tag, tuple(tests)))
        return tuple(shared)

    def _variant_label(self, variant: UnionVariant) -> str:
        if isinstance(variant.type, RefType) and variant.type.id in self.registry.decl_names:
            return self.registry.decl_names[variant.type.id].pascal()
        return repr(variant.type)

    def _shape_test(
        self, index: int, member: tuple[Any, str] | None, property_name: str
    ) -> ShapeTest:
        if member is None or not isinstance(member[0], dict):
            return ShapeTest(index)
        target, target_where = member
        parts = (
            self.types.flatten_all_of(target, target_where)
            if isinstance(target.get("allOf"), list)
            else [(target, target_where)]
        )
        required: set[str] = set()
        values: dict[str, tuple[JsonLiteral, ...]] = {}
        for part, part_where in parts:
            required.update(r for r in _list(part.get("required")) if isinstance(r, str))
            props = part.get("properties")
            for wire, prop in (props if isinstance(props, dict) else {}).items():
                try:
                    prop, _ = self.ctx.probe.deref(prop, part_where)
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

    def reachable(self, ref: str) -> Any:
        """The node a local pointer names, following ``$ref`` objects met on the way (a
        mapping may point through a referenced request body into its inline schema); None
        when there is none. Records no diagnostic (only the read, while the log records)."""
        if self.ctx.reads.active:
            self.ctx.reads.reachable.add(ref)
        return reachable_in(self.ctx.doc, ref)

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
        for part in _list(schema.get("allOf")):
            try:
                target, _ = self.ctx.probe.deref(part, "#")
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
                target, _ = self.ctx.probe.deref(variant, join_pointer(where, key, index))
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
                and all(prop in _list(t.get("required")) for t in targets)
            ):
                return str(prop)
        return None


def _list(value: Any) -> list[Any]:
    """``value`` when it is a list, else empty: a keyword of the wrong shape is reported where
    the schema is built, and must not stop (TypeError) the look-ahead of a union first."""
    return value if isinstance(value, list) else []


def reachable_in(doc: Any, ref: str, depth: int = 0) -> Any:
    """``Unions.reachable`` in ``doc`` (also how a reused build checks what it read)."""
    fragment = ref[1:] if ref.startswith("#") else None
    if fragment is None or depth > 32:
        return None
    if fragment in ("", "/"):
        return doc
    if not fragment.startswith("/"):
        return None
    node: Any = doc
    for raw_token in fragment[1:].split("/"):
        token = raw_token.replace("~1", "/").replace("~0", "~")
        hops = 0
        while (
            isinstance(node, dict)
            and token not in node
            and isinstance(node.get("$ref"), str)
            and hops < 32
        ):
            node = reachable_in(doc, normal_ref(node["$ref"]), depth + 1)
            hops += 1
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
    return node

"""Kotlin declarations: a data class per model, a sealed interface per union, a value class per
enum and a typealias per alias, each with its JSON reader (``fromJson``) and writer (``toJson``)."""

from __future__ import annotations

from generator.ir import (
    AliasDecl,
    EnumDecl,
    ModelDecl,
    NullableType,
    Property,
    TypeDecl,
    UnionDecl,
)
from generator.languages.kotlin import layout, naming
from generator.languages.kotlin.types import KotlinTypes, literal_value

I1, I2, I3, I4 = "    ", "        ", "            ", "                "


def field_kind(types: KotlinTypes, prop: Property) -> str:
    """``required``; ``optional`` (absent is null); or ``maybe`` (absent and null differ)."""
    if prop.required:
        return "required"
    return "maybe" if types.nullable(prop.type) else "optional"


def property_names(props: tuple[Property, ...] | list[Property],
                   reserved: frozenset[str] = naming.MODEL_MEMBERS) -> list[str]:
    scope = naming.Namespace(reserved)
    return [scope.claim(naming.camel(p.name)) for p in props]


def param_type(types: KotlinTypes, prop: Property) -> tuple[str, str | None]:
    """(Kotlin type, default or None) of a property as a constructor/method parameter."""
    kind = field_kind(types, prop)
    kt = types.kt(prop.type)
    if kind == "required":
        if prop.type.kind == "literal":
            return kt, literal_value(prop.type.value.value)
        return kt, None
    if kind == "maybe":
        return f"Maybe<{kt}>", "Maybe.Absent"
    return f"{kt}?", "null"


def read_field(types: KotlinTypes, prop: Property, obj: str) -> str:
    key = naming.string_literal(prop.wire_name)
    kind = field_kind(types, prop)
    if kind == "required":
        return types.dec(prop.type, f"J.required({obj}, {key})")
    if kind == "maybe":
        return f"J.optional({obj}, {key}) {{ f -> {types.dec(prop.type, 'f')} }}"
    return f"{obj}[{key}]?.let {{ f -> {types.dec(prop.type, 'f')} }}"


def write_field(types: KotlinTypes, prop: Property, expr: str) -> str:
    """A ``key to JsonElement?`` pair (null: leave the key out)."""
    key = naming.string_literal(prop.wire_name)
    kind = field_kind(types, prop)
    if kind == "required":
        return f"{key} to {types.enc(prop.type, expr)}"
    if kind == "maybe":
        inner = prop.type.inner if isinstance(prop.type, NullableType) else prop.type
        if types.nullable(inner):  # an alias to a nullable type writes null itself
            value = types.enc(inner, "m.value")
        else:
            value = f"(m.value?.let {{ w -> {types.enc(inner, 'w')} }} ?: JsonNull)"
        return f"{key} to {expr}.let {{ m -> if (m is Maybe.Present) {value} else null }}"
    return f"{key} to {expr}?.let {{ w -> {types.enc(prop.type, 'w')} }}"


def model_decl(types: KotlinTypes, decl: ModelDecl, supertypes: list[str]) -> str:
    name = types.names[decl.id]
    props = list(decl.properties)
    names = property_names(props)
    rows = []
    for prop, field in zip(props, names, strict=True):
        kt, default = param_type(types, prop)
        doc = naming.kdoc(prop.description, "Deprecated by the API." if prop.deprecated else None,
                          indent=I1)
        rows.append(doc + layout.property_row(f"val {naming.identifier(field)}", kt, default,
                                              len(I1)))
    rows.append(f"{naming.kdoc('Keys the spec does not declare, kept as received.', indent=I1)}"
                f"{I1}val additionalProperties: Map<String, JsonElement> = emptyMap(),\n")
    known = ", ".join(naming.string_literal(p.wire_name) for p in props)
    writes = ["additionalProperties"] + [write_field(types, p, "this." + naming.identifier(f))
                                         for p, f in zip(props, names, strict=True)]
    reads = [f"{naming.identifier(f)} = {read_field(types, p, 'o')}"
             for p, f in zip(props, names, strict=True)]
    reads.append("additionalProperties = J.extra(o, KNOWN)")
    override = "override " if supertypes else ""
    header = layout.supertypes(")", supertypes, 0) if supertypes else ") {"
    doc = naming.kdoc(decl.title, decl.description)
    # The two calls with an argument per field are laid out from their arguments; the rest is
    # one logical line each, which fit_text breaks as ktfmt does.
    return (
        layout.fit_text(
            f"{doc}data class {name}(\n{''.join(rows)}{header}\n"
            f"{I1}/** This object as JSON: its fields, then the keys it was received with. */\n")
        + layout.fit_call(f"{I1}{override}fun toJson(): JsonObject = ", "J.objectOf", writes)
        + layout.fit_text(
            f"\n\n{I1}companion object {{\n"
            f"{I2}private val KNOWN: Set<String> = setOf({known})\n\n"
            + naming.kdoc(f"Reads a [{name}]; a missing required key or a wrong type is a "
                          "[DecodeException].", indent=I2)
            + layout.signature(f"{I2}fun fromJson", ["json: JsonElement"], f": {name} {{",
                               len(I2))
            + f"{I3}val o = J.obj(json)\n")
        + layout.fit_call(f"{I3}return ", name, reads)
        + f"\n{I2}}}\n{I1}}}\n}}\n"
    )


def enum_decl(types: KotlinTypes, decl: EnumDecl) -> str:
    name = types.names[decl.id]
    base = {"string": "String", "integer": "Long", "number": "Double", "boolean": "Boolean"}.get(
        decl.base, "JsonElement")
    read = {"String": "J.string(json)", "Long": "J.long(json)", "Double": "J.double(json)",
            "Boolean": "J.bool(json)"}.get(base, "json")
    write = "value" if base == "JsonElement" else "J.of(value)"
    scope = naming.Namespace({"KNOWN", "fromJson"})
    consts = []
    for member in decl.members:
        const = scope.claim(naming.screaming(member.name))
        value = member.value.value
        if base == "JsonElement":
            expr = naming.json_literal(member.value.json)
        elif base == "Double" and isinstance(value, int) and not isinstance(value, bool):
            expr = f"{value}.0"
        else:
            expr = literal_value(value)
        consts.append(f"{naming.kdoc(member.description, indent=I2)}"
                      f"{I2}val {naming.identifier(const)}: {name} = {name}({expr})\n")
    text = "value" if base == "String" else "value.toString()"
    doc = naming.kdoc(decl.title, decl.description,
                      "An open enum: a value this SDK does not know is kept as it came.")
    return (
        f"{doc}@JvmInline\nvalue class {name}(val value: {base}) {{\n"
        f"{I1}fun toJson(): JsonElement = {write}\n\n"
        f"{I1}override fun toString(): String = {text}\n\n"
        f"{I1}companion object {{\n{''.join(consts)}"
        f"{'' if not consts else chr(10)}"
        + layout.expression_function(f"{I2}fun fromJson", ["json: JsonElement"], f": {name}",
                                     f"{name}({read})", len(I2))
        + f"{I1}}}\n}}\n"
    )


def alias_decl(types: KotlinTypes, decl: AliasDecl) -> str:
    doc = naming.kdoc(decl.title, decl.description)
    return f"{doc}typealias {types.names[decl.id]} = {types.alias_target(decl)}\n"


def direct_members(types: KotlinTypes, decl: UnionDecl) -> list[str]:
    """The model ids that implement this union's interface themselves (the rest are wrapped)."""
    seen: list[str] = []
    for variant in decl.variants:
        t = variant.type
        if t.kind == "ref" and types.is_model(t) and t.id not in seen:
            seen.append(t.id)
    return seen


def _wrapper_header(wrapper: str, kt: str, name: str) -> str:
    """``data class OfX(val value: T) : Name {`` as ktfmt lays it out."""
    head = f"data class {wrapper}(val value: {kt})"
    if len(I1) + len(head) + 2 > layout.WIDTH:  # not even ``head :`` fits: break the parameter
        return f"data class {wrapper}(\n{I2}val value: {kt}\n{I1}) : {name} {{"
    return layout.supertypes(head, [name], len(I1))


def union_decl(types: KotlinTypes, decl: UnionDecl) -> str:
    name = types.names[decl.id]
    direct = direct_members(types, decl)
    scope = naming.Namespace({"Unknown", "Companion", name})
    wrappers: dict[int, str] = {}
    nested = []
    for index, variant in enumerate(decl.variants):
        t = variant.type
        if t.kind == "ref" and t.id in direct:
            continue
        label = types.names[t.id] if t.kind == "ref" else {
            "scalar": types.kt(t), "array": "List", "map": "Map"}.get(t.kind, "Json")
        wrapper = scope.claim("Of" + label.rstrip("?"))
        wrappers[index] = wrapper
        nested.append(
            naming.kdoc(f"The member that is a `{types.kt(t)}`.", indent=I1)
            + I1 + _wrapper_header(wrapper, types.kt(t), name) + "\n"
            + layout.fit(f"{I2}override fun toJson(): JsonElement = {types.enc(t, 'value')}")
            + f"\n{I1}}}\n"
        )

    def read(index: int, var: str = "json") -> str:
        t = decl.variants[index].type
        if index in wrappers:
            return f"{wrappers[index]}({types.dec(t, var)})"
        return types.dec(t, var)

    disc = decl.discriminator
    if disc is not None:
        shared = {s.tag: s for s in decl.shared_tags}
        branches = []
        done: set[str] = set()
        for index, variant in enumerate(decl.variants):
            tags = [tag for tag in variant.tags if tag not in shared and tag not in done]
            done.update(tags)
            if tags:
                branches.append(layout.when_branch(
                    [naming.string_literal(tag) for tag in tags], read(index), len(I4 + I1)))
        for tag, entry in sorted(shared.items()):
            tests = []
            for test in entry.candidates:
                required = ", ".join(naming.string_literal(k) for k in test.required)
                values = ", ".join(
                    f"{naming.string_literal(k)} to listOf("
                    + ", ".join(naming.json_literal(v.json) for v in vs) + ")"
                    for k, vs in test.values)
                tests.append((f"J.fits(json, listOf<String>({required}), "
                              f"mapOf<String, List<JsonElement>>({values}))", read(test.variant)))
            label = naming.string_literal(tag)
            if all(len(f"{I4}{I2}{c} -> {v}") <= layout.WIDTH for c, v in tests):
                flat = "".join(f"{I4}{I2}{c} -> {v}\n" for c, v in tests)
                branches.append(f"{I4}{I1}{label} -> when {{\n{flat}"
                                f"{I4}{I2}else -> Unknown(tag, json)\n{I4}{I1}}}\n")
            else:  # ktfmt breaks after the "->" when a condition is broken
                inner = "".join(layout.when_condition(c, v, len(I4 + I3)) for c, v in tests)
                branches.append(f"{I4}{I1}{label} ->\n{I4}{I2}when {{\n{inner}"
                                f"{I4}{I3}else -> Unknown(tag, json)\n{I4}{I2}}}\n")
        key = naming.string_literal(disc.property_wire_name)
        body = (
            f"{I3}val tag = J.tag(json, {key})\n"
            f"{I3}// A member that does not decode is kept as Unknown too: reading never throws.\n"
            f"{I3}return try {{\n{I3}{I1}when (tag) {{\n{''.join(branches)}"
            f"{I4}{I1}else -> Unknown(tag, json)\n{I3}{I1}}}\n"
            f"{I3}}} catch (_: DecodeException) {{\n{I4}Unknown(tag, json)\n{I3}}}\n"
        )
    else:
        readers = ", ".join(f"{{ x: JsonElement -> {read(i, 'x')} }}"
                            for i in range(len(decl.variants)))
        body = (f"{I3}// The first member that decodes; none: Unknown, so reading never throws.\n"
                f"{I3}return J.firstOf<{name}>(json, {readers}) ?: Unknown(null, json)\n")
    doc = naming.kdoc(decl.title, decl.description,
                      "A union: `when` over its members is exhaustive; a member this SDK does not "
                      "know is [Unknown], kept and written back unchanged.")
    return (
        f"{doc}sealed interface {name} {{\n"
        f"{I1}/** This value as JSON (an [Unknown] member exactly as received). */\n"
        f"{I1}fun toJson(): JsonElement\n\n"
        f"{I1}/** A member this SDK does not know (a newer server): its tag and its JSON. */\n"
        + I1 + layout.supertypes("data class Unknown(val type: String?, val json: JsonElement)",
                                 [name], len(I1)) + "\n"
        f"{I2}override fun toJson(): JsonElement = json\n{I1}}}\n\n"
        + "".join(n + "\n" for n in nested)
        + f"{I1}companion object {{\n"
        + naming.kdoc(f"Reads a [{name}]; never throws: what no member fits is [Unknown].",
                      indent=I2)
        + layout.signature(f"{I2}fun fromJson", ["json: JsonElement"], f": {name} {{", len(I2))
        + f"{body}{I2}}}\n{I1}}}\n}}\n"
    )


def declaration(types: KotlinTypes, decl: TypeDecl, supertypes: dict[str, list[str]]) -> str:
    """The declaration, laid out (layout.fit_text goes line by line, so a declaration laid out
    in parts is laid out as a whole)."""
    if isinstance(decl, ModelDecl):
        return model_decl(types, decl, supertypes.get(decl.id, []))
    if isinstance(decl, EnumDecl):
        return layout.fit_text(enum_decl(types, decl))
    if isinstance(decl, UnionDecl):
        return layout.fit_text(union_decl(types, decl))
    return layout.fit_text(alias_decl(types, decl))

"""One emitter per declaration kind, for both sides: the response type (``types.go``) and the
request twin (``params.go``). Each returns Go source, gofmt-clean as written."""

from __future__ import annotations

import functools
from collections.abc import Callable

from generator.ir import (
    AliasDecl,
    EnumDecl,
    LiteralType,
    ModelDecl,
    NullableType,
    Property,
    RefType,
    ScalarType,
    TypeDecl,
    TypeRef,
    UnionDecl,
    UnionType,
)
from generator.languages.go import naming
from generator.languages.go.types import (
    GoRenderError,
    GoTypes,
    aligned,
    enum_base,
    go_value,
    json_kinds,
    property_names,
    variant_stem,
)

KIND_ORDER = ("String", "Integer", "Number", "Bool", "Array", "Object")
Piece = Callable[[str, object, Callable[[], str]], str]
"""A render piece: (unique name, what it reads, compute) → its text."""


def _doc(name: str, decl: TypeDecl) -> str:
    title = decl.title if decl.title and decl.title != decl.wire_name else None
    text = naming.comment(title, decl.description)
    return text or f"// {name} is the {naming.comment(decl.wire_name or decl.id)[3:-1]} type.\n"


# ------------------------------------------------------------------ response side


def output_decl(types: GoTypes, decl: TypeDecl) -> str:
    name = types.name_of(decl.id)
    if isinstance(decl, ModelDecl):
        return output_model(types, decl, name)
    if isinstance(decl, EnumDecl):
        return enum_decl(decl, name)
    if isinstance(decl, UnionDecl):
        disc = decl.discriminator
        return output_union(
            types, name, decl.id, [(v.type, v.tags) for v in decl.variants],
            disc.property_wire_name if disc else None,
            naming.exported(disc.property_name) if disc else None, _doc(name, decl))
    if isinstance(decl, AliasDecl):
        return alias_decl(types, decl, name, types.out_type(decl.target, decl.source,
                                                            hint=name + "Union"))
    raise GoRenderError(f"{decl.source}: unsupported declaration kind {decl.kind!r}")


def output_model(types: GoTypes, decl: ModelDecl, name: str) -> str:
    types.imports.use("/respjson")
    props = [p for p in decl.properties if not p.write_only]
    fields = property_names(tuple(props))
    rows: list[tuple[str, list[str]]] = []
    for prop, field in zip(props, fields, strict=True):
        go_type = types.out_type(prop.type, prop.source, owner=decl.id,
                                 hint=f"{name}{field}Union")
        rows.append((naming.comment(prop.description, indent="\t"),
                     [field, go_type, naming.struct_tag(prop.wire_name)]))
    meta = [(f, ["respjson.Field"]) for f in fields]
    meta_rows = [("", [f, t[0]]) for f, t in meta]
    meta_rows += [("", ["ExtraFields", "map[string]respjson.Field"]), ("", ["raw", "string"])]
    decode = "".join(
        f"\tr.JSON.{f} = obj.Decode({naming.string_literal(p.wire_name)}, &r.{f})\n"
        for p, f in zip(props, fields, strict=True)
    )
    return (
        _doc(name, decl)
        + f"type {name} struct {{\n"
        + aligned(rows)
        + "\t// JSON tells, for each field, whether it was missing, null or present, and keeps\n"
        + "\t// the keys this SDK does not know.\n"
        + "\tJSON struct {\n" + aligned(meta_rows, "\t\t") + "\t} `json:\"-\"`\n"
        + "}\n\n"
        + "// RawJSON is the object's JSON text as received.\n"
        + f"func (r {name}) RawJSON() string {{\n\treturn r.JSON.raw\n}}\n\n"
        + "// UnmarshalJSON decodes leniently: a field of an unexpected type keeps its raw\n"
        + "// text in JSON.\n"
        + f"func (r *{name}) UnmarshalJSON(data []byte) error {{\n"
        + "\tobj, err := respjson.ParseObject(data)\n"
        + "\tif err != nil {\n\t\treturn err\n\t}\n"
        + f"\t*r = {name}{{}}\n"
        + decode
        + "\tr.JSON.ExtraFields = obj.Rest()\n"
        + "\tr.JSON.raw = string(data)\n"
        + "\treturn nil\n}\n"
    )


def enum_decl(decl: EnumDecl, name: str) -> str:
    base = enum_base(decl)
    if base is None:  # mixed values: any JSON scalar
        return _doc(name, decl) + f"type {name} any\n"
    out = [_doc(name, decl), f"type {name} {base}\n"]
    scope = naming.Namespace()
    for member in decl.members:
        value = go_value(member.value.value)
        if value is None:
            continue
        const = scope.claim(name + naming.exported(member.name))
        out.append("\n" + naming.comment(member.description))
        out.append(f"const {const} {name} = {value}\n")
    return "".join(out)


def alias_decl(types: GoTypes, decl: AliasDecl, name: str, target: str) -> str:
    # A reference keeps the target's methods only as an alias; anything else is a defined
    # type, which may be recursive where an alias may not.
    resolved = decl.target.inner if isinstance(decl.target, NullableType) else decl.target
    sep = " = " if isinstance(resolved, (RefType, UnionType)) else " "
    return _doc(name, decl) + f"type {name}{sep}{target}\n"


def output_union(types: GoTypes, name: str, key: str,
                 variants: list[tuple[TypeRef, tuple[str, ...]]],
                 tag_key: str | None, tag_field: str | None, doc: str) -> str:
    """A union as received: its raw JSON, ``AsX()`` per member, ``AsAny()`` (the member, or
    the ``Unknown…`` value, never nil) and ``MarshalJSON`` writing back the bytes received."""
    types.imports.use("/respjson")
    unknown = types.unknown_name(name, key)
    stems = naming.Namespace({"Any"})
    members = [(ref, tags, stems.claim(variant_stem(types, ref, tags))) for ref, tags in variants]
    rows: list[tuple[str, list[str]]] = []
    meta_rows: list[tuple[str, list[str]]] = []
    decode = ""
    if tag_key is not None and tag_field is not None:
        if tag_field in naming.STRUCT_MEMBERS:
            tag_field += "Value"
        rows.append((naming.comment(f"{tag_field} is the discriminator, the {tag_key!r} key.",
                                    indent="\t"),
                     [tag_field, "string", naming.struct_tag(tag_key)]))
        meta_rows.append(("", [tag_field, "respjson.Field"]))
        decode = (f"\tu.JSON.{tag_field} = obj.Decode({naming.string_literal(tag_key)}, "
                  f"&u.{tag_field})\n")
    meta_rows.append(("", ["raw", "string"]))
    out = [doc, "//\n", "// Switch on AsAny() to get the member:\n", "//\n",
           "//\tswitch v := u.AsAny().(type) {\n",
           f"//\tcase {unknown}:\n", "//\t\t// a member this SDK does not know\n", "//\t}\n",
           f"type {name} struct {{\n", aligned(rows),
           "\t// JSON keeps the union's JSON text as received.\n",
           "\tJSON struct {\n", aligned(meta_rows, "\t\t"), "\t} `json:\"-\"`\n", "}\n\n"]
    out.append("// RawJSON is the union's JSON text as received.\n"
               f"func (u {name}) RawJSON() string {{\n\treturn u.JSON.raw\n}}\n\n")
    out.append("// MarshalJSON writes back the JSON text received, byte for byte.\n"
               f"func (u {name}) MarshalJSON() ([]byte, error) {{\n"
               "\treturn respjson.RawOrNull(u.JSON.raw)\n}\n\n")
    out.append(f"func (u *{name}) UnmarshalJSON(data []byte) error {{\n")
    if decode:
        out.append(f"\t*u = {name}{{}}\n"
                   "\tif obj, err := respjson.ParseObject(data); err == nil {\n"
                   + decode.replace("\t", "\t\t", 1) + "\t}\n")
    else:
        out.append(f"\t*u = {name}{{}}\n")
    out.append("\tu.JSON.raw = string(data)\n\treturn nil\n}\n")
    for ref, _tags, stem in members:
        go_type = types.out_type(ref, key, hint=f"{name}{stem}")
        out.append(f"\n// As{stem} decodes the union as {go_type} (leniently, whatever it holds).\n"
                   f"func (u {name}) As{stem}() (v {go_type}) {{\n"
                   "\trespjson.DecodeRaw(u.JSON.raw, &v)\n\treturn\n}\n")
    out.append("\n// AsAny is the member the JSON holds, or " + unknown
               + " for one this SDK does not know; never nil.\n"
               f"func (u {name}) AsAny() any {{\n")
    if tag_key is not None and tag_field is not None:
        out.append(_tag_switch(types, members, tag_field))
    else:
        out.append(_kind_switch(types, members))
    type_arg = f"Type: u.{tag_field}, " if tag_field else ""
    out.append(f"\treturn {unknown}{{{type_arg}Raw: u.JSON.raw}}\n}}\n")
    out.append(
        f"\n// {unknown} is a member of {name} this SDK does not know (from a newer server): its\n"
        "// discriminator value and its JSON text, kept byte for byte.\n"
        f"type {unknown} struct {{\n\tType string\n\tRaw  string\n}}\n\n"
        "// MarshalJSON writes back the JSON text received.\n"
        f"func (u {unknown}) MarshalJSON() ([]byte, error) {{\n"
        "\treturn respjson.RawOrNull(u.Raw)\n}\n")
    return "".join(out)


def _shape(types: GoTypes, ref: TypeRef) -> str | None:
    resolved = types.resolve(ref)
    if not isinstance(resolved, RefType):
        return None
    decl = types.decl_of(resolved.id)
    if not isinstance(decl, ModelDecl):
        return None
    required = ", ".join(naming.string_literal(p.wire_name) for p in decl.properties if p.required)
    known = ", ".join(naming.string_literal(p.wire_name) for p in decl.properties)
    return f"respjson.Shape{{Required: []string{{{required}}}, Known: []string{{{known}}}}}"


def _pick(types: GoTypes, candidates: list[tuple[TypeRef, tuple[str, ...], str]],
          indent: str) -> str:
    """Return the one candidate, or choose among several by shape (never by order)."""
    if len(candidates) == 1:
        return f"{indent}return u.As{candidates[0][2]}()\n"
    shapes = [_shape(types, ref) for ref, _t, _s in candidates]
    if any(s is None for s in shapes):
        return f"{indent}return u.As{candidates[0][2]}()\n"
    listed = ", ".join(s for s in shapes if s)
    lines = [f"{indent}switch respjson.PickShape(u.JSON.raw, {listed}) {{\n"]
    for index, (_ref, _tags, stem) in enumerate(candidates):
        lines.append(f"{indent}case {index}:\n{indent}\treturn u.As{stem}()\n")
    lines.append(f"{indent}}}\n")
    return "".join(lines)


def _tag_switch(types: GoTypes, members: list[tuple[TypeRef, tuple[str, ...], str]],
                tag_field: str) -> str:
    by_tag: dict[str, list[tuple[TypeRef, tuple[str, ...], str]]] = {}
    for member in members:
        for tag in member[1]:
            if member not in by_tag.setdefault(tag, []):
                by_tag[tag].append(member)
    if not by_tag:
        return ""
    lines = [f"\tswitch u.{tag_field} {{\n"]
    for tag, candidates in by_tag.items():
        lines.append(f"\tcase {naming.string_literal(tag)}:\n")
        lines.append(_pick(types, candidates, "\t\t"))
    lines.append("\t}\n")
    return "".join(lines)


def _kind_switch(types: GoTypes, members: list[tuple[TypeRef, tuple[str, ...], str]]) -> str:
    by_kind: dict[str, list[tuple[TypeRef, tuple[str, ...], str]]] = {}
    for member in members:
        for kind in json_kinds(types, member[0]):
            by_kind.setdefault(kind, []).append(member)
    lines = ["\tswitch respjson.KindOf(u.JSON.raw) {\n"]
    for kind in KIND_ORDER:
        candidates = by_kind.get(kind, [])
        if kind == "Integer":  # an integer member first, then a number one
            candidates = sorted(candidates, key=lambda m: "Integer" not in _exact(types, m[0]))
        if candidates:
            lines.append(f"\tcase respjson.Kind{kind}:\n")
            lines.append(_pick(types, candidates, "\t\t"))
    if len(lines) == 1:
        return ""
    lines.append("\t}\n")
    return "".join(lines)


def _exact(types: GoTypes, ref: TypeRef) -> set[str]:
    resolved = types.resolve(ref)
    if isinstance(resolved, ScalarType) and resolved.scalar == "integer":
        return {"Integer"}
    return set()


# ------------------------------------------------------------------ request side


def input_decl(types: GoTypes, decl: TypeDecl) -> str:
    """The request twin of a declaration ("" when the response type serves both sides)."""
    name = types.in_name(decl)
    if isinstance(decl, EnumDecl) or name == types.name_of(decl.id):
        return ""
    if isinstance(decl, ModelDecl):
        return params_struct(types, name, [p for p in decl.properties if not p.read_only],
                             _doc(name, decl), json_body=True, owner=decl.id)
    if isinstance(decl, UnionDecl):
        tagged = decl.discriminator is not None
        return input_union(types, name, decl.id,
                           [(v.type, v.tags if tagged else ()) for v in decl.variants],
                           _doc(name, decl))
    if isinstance(decl, AliasDecl):
        return alias_decl(types, decl, name, types.in_type(decl.target, decl.source,
                                                           hint=name + "Union"))
    raise GoRenderError(f"{decl.source}: unsupported declaration kind {decl.kind!r}")


def required_literal(prop: Property) -> bool:
    return prop.required and isinstance(prop.type, LiteralType)


def params_struct(types: GoTypes, name: str, props: list[Property], doc: str, *,
                  json_body: bool, extra_rows: list[tuple[str, list[str]]] | None = None,
                  extra_methods: str = "", uploads: frozenset[str] = frozenset(),
                  multiple: frozenset[str] = frozenset(), owner: str | None = None) -> str:
    """A request struct: required fields plain, optional ones ``omitzero``; a required literal
    (a discriminator) is not a field but always sent; ``MarshalJSON`` adds the extra fields."""
    types.imports.use("/param")
    fields = property_names(tuple(props))
    rows: list[tuple[str, list[str]]] = []
    by_hand: list[str] = []
    for prop, field in zip(props, fields, strict=True):
        literal = prop.type.value.json if required_literal(prop) else None  # type: ignore[union-attr]
        if literal is not None:
            types.imports.use("encoding/json")
            by_hand.append(f"param.Field{{Key: {naming.string_literal(prop.wire_name)}, "
                           f"Value: json.RawMessage({naming.string_literal(literal)})}}")
            continue
        if prop.wire_name in uploads:
            types.imports.use("io")
            go_type, omit = ("[]io.Reader" if prop.wire_name in multiple else "io.Reader"), False
        else:
            go_type, omit = types.in_field_type(prop.type, prop.required, prop.source,
                                                f"{name}{field}Union", owner)
        if not json_body or prop.wire_name in uploads:
            tag = naming.struct_tag(None)
        elif naming.tag_key_ok(prop.wire_name):
            tag = naming.struct_tag(prop.wire_name, *(("omitzero",) if omit else ()))
        else:
            tag = naming.struct_tag(None)
            by_hand.append(f"param.Field{{Key: {naming.string_literal(prop.wire_name)}, "
                           f"Value: r.{field}, OmitZero: {'true' if omit else 'false'}}}")
        notes = [prop.description]
        if prop.required:
            notes.append("Required.")
        rows.append((naming.comment(*notes, indent="\t"), [field, go_type, tag]))
    rows += extra_rows or []
    out = [doc, f"type {name} struct {{\n", aligned(rows),
           "\t// Extras holds the keys set with SetExtraFields.\n", "\tparam.Extras\n", "}\n"]
    if json_body:
        extra = "".join(", " + f for f in by_hand)
        out.append(
            "\n// MarshalJSON sends the fields set, the required constants and the extra fields.\n"
            f"func (r {name}) MarshalJSON() ([]byte, error) {{\n"
            f"\ttype shadow {name}\n"
            f"\treturn param.MarshalObject(shadow(r), r.ExtraFields(){extra})\n}}\n")
    out.append(extra_methods)
    return "".join(out)


def input_union(types: GoTypes, name: str, key: str,
                variants: list[tuple[TypeRef, tuple[str, ...]]], doc: str) -> str:
    """A request union: one ``OfX`` field per member; the first one set is sent."""
    types.imports.use("encoding/json")
    stems = naming.Namespace()
    rows: list[tuple[str, list[str]]] = []
    checks: list[str] = []
    for ref, tags in variants:
        stem = stems.claim("Of" + variant_stem(types, ref, tags))
        inner = types.in_type(ref, key, hint=f"{name}{stem}")
        category = types.in_category(ref)
        if category == "struct":
            go_type, check = "*" + inner, f"u.{stem} != nil"
        elif category == "opt":
            types.imports.use("/param")
            go_type, check = f"param.Opt[{inner}]", f"!u.{stem}.IsZero()"
        else:
            go_type, check = inner, f"u.{stem} != nil"
        rows.append(("", [stem, go_type, naming.struct_tag(None)]))
        checks.append(f"\tif {check} {{\n\t\treturn json.Marshal(u.{stem})\n\t}}\n")
    return (doc + "//\n// Set exactly one field; the first one set is sent.\n"
            + f"type {name} struct {{\n" + aligned(rows) + "}\n\n"
            + "// MarshalJSON sends the member set (null when none is).\n"
            + f"func (u {name}) MarshalJSON() ([]byte, error) {{\n" + "".join(checks)
            + "\treturn []byte(\"null\"), nil\n}\n")


def inline_unions(types: GoTypes, piece: Piece | None = None) -> tuple[list[str], list[str]]:
    """The named structs of the inline unions met since the last call (response side, request
    side); rendering one may meet more, so this drains until nothing new appears. ``piece``:
    how each is computed (the renderer's memo; by default, computed)."""
    each: Piece = piece if piece is not None else (lambda _name, _inputs, compute: compute())
    outs: list[str] = []
    ins: list[str] = []
    while True:
        todo_out = [k for k in types.inline_out if k not in types.inline_done_out]
        todo_in = [k for k in types.inline_in if k not in types.inline_done_in]
        if not todo_out and not todo_in:
            return outs, ins
        for variants in todo_out:
            types.inline_done_out.add(variants)
            name = types.inline_out[variants]
            outs.append(each(f"go:inline-out:{name}", (variants, name),
                             functools.partial(_inline_out, types, name, variants)))
        for variants in todo_in:
            types.inline_done_in.add(variants)
            name = types.inline_in[variants]
            ins.append(each(f"go:inline-in:{name}", (variants, name),
                            functools.partial(_inline_in, types, name, variants)))


def _inline_out(types: GoTypes, name: str, variants: tuple[TypeRef, ...]) -> str:
    return output_union(types, name, "inline:" + name, [(v, ()) for v in variants], None, None,
                        f"// {name} is one of several types.\n")


def _inline_in(types: GoTypes, name: str, variants: tuple[TypeRef, ...]) -> str:
    return input_union(types, name, "inline:" + name, [(v, ()) for v in variants],
                       f"// {name} is one of several types.\n")

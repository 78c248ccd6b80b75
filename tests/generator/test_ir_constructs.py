"""Spec snippet → IR: one small inline spec per construct real specs use, asserting the IR's
shape and the exact warning text (the unit layer under the real-spec and hazard tests)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.build_ir import build_ir
from generator.config import default_config
from generator.diagnostics import Diagnostics, GenerationError
from generator.ir import (
    IR,
    AliasDecl,
    AnyType,
    ArrayType,
    JsonLiteral,
    MapType,
    ModelDecl,
    NullableType,
    RefType,
    ScalarType,
    ShapeTest,
    SharedTag,
    TypeDecl,
    UnionDecl,
    UnionType,
    UnionVariant,
)
from generator.languages.python.backend import python_config
from generator.languages.python.render import render as render_python
from generator.languages.typescript.render import render as render_typescript
from generator.load import load_spec

OK = {"200": {"description": "ok"}}


def _json(schema: Any) -> dict[str, Any]:
    return {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}


def build(
    schemas: dict[str, Any] | None = None, paths: dict[str, Any] | None = None, **extra: Any
) -> tuple[IR, list[str]]:
    """The IR of a 3.1 document with these schemas and paths, and its warnings as printed."""
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": paths or {},
        "components": {"schemas": schemas or {}},
        **extra,
    }
    diags = Diagnostics()
    ir = build_ir(document, default_config(), diags, spec_sha256="0", generator_version="test")
    assert diags.errors() == []
    return ir, [d.format() for d in diags.warnings()]


def decl(ir: IR, decl_id: str) -> TypeDecl:
    return ir.types_by_id()[decl_id]


def model(ir: IR, decl_id: str) -> ModelDecl:
    found = decl(ir, decl_id)
    assert isinstance(found, ModelDecl)
    return found


def prop_type(ir: IR, decl_id: str, wire: str) -> Any:
    return next(p for p in model(ir, decl_id).properties if p.wire_name == wire)


# ------------------------------------------------------------------ handle, don't refuse


def test_recursive_ref_is_the_enclosing_schema() -> None:
    """OpenAI's ``CompoundFilter``: a union member given as ``$recursiveRef: "#"``."""
    ir, warnings = build({
        "Leaf": {"type": "object", "properties": {"key": {"type": "string"}}},
        "Compound": {
            "type": "object",
            "properties": {
                "filters": {
                    "type": "array",
                    "items": {"anyOf": [{"$ref": "#/components/schemas/Leaf"},
                                        {"$recursiveRef": "#"}]},
                }
            },
        },
    })
    assert warnings == []
    assert prop_type(ir, "Compound", "filters").type == ArrayType(
        UnionType((RefType("Leaf"), RefType("Compound")))
    )


def test_dynamic_ref_is_the_schema_with_that_dynamic_anchor() -> None:
    ir, warnings = build({
        "Tree": {
            "$dynamicAnchor": "node",
            "type": "object",
            "properties": {"children": {"type": "array", "items": {"$dynamicRef": "#node"}}},
        },
    })
    assert warnings == []
    assert prop_type(ir, "Tree", "children").type == ArrayType(RefType("Tree"))


def test_dynamic_ref_to_no_anchor_is_any_with_a_warning() -> None:
    ir, warnings = build({
        "T": {"type": "object", "properties": {"x": {"$dynamicRef": "#nowhere"}}},
    })
    assert prop_type(ir, "T", "x").type == AnyType()
    assert warnings == [
        "warning: spec #/components/schemas/T/properties/x/$dynamicRef: $dynamicRef '#nowhere': "
        "no schema has this anchor; typed as any value"
    ]


SHARED = {
    "InputMessage": {
        "type": "object",
        "required": ["type", "role", "content"],
        "properties": {
            "type": {"type": "string", "const": "message"},
            "role": {"type": "string", "enum": ["user", "system"]},
            "content": {"type": "string"},
        },
    },
    "OutputMessage": {
        "type": "object",
        "required": ["type", "id", "role", "content"],
        "properties": {
            "type": {"type": "string", "const": "message"},
            "id": {"type": "string"},
            "role": {"type": "string", "const": "assistant"},
            "content": {"type": "string"},
        },
    },
    "Call": {
        "type": "object",
        "required": ["type"],
        "properties": {"type": {"const": "call"}},
    },
    "Item": {
        "oneOf": [
            {"$ref": "#/components/schemas/InputMessage"},
            {"$ref": "#/components/schemas/OutputMessage"},
            {"$ref": "#/components/schemas/Call"},
        ],
        "discriminator": {"propertyName": "type"},
    },
}


def test_members_sharing_a_tag_get_shape_tests_most_specific_first() -> None:
    ir, warnings = build(SHARED)
    assert warnings == []
    item = decl(ir, "Item")
    assert isinstance(item, UnionDecl)
    assert item.variants == (
        UnionVariant(RefType("InputMessage"), ("message",)),
        UnionVariant(RefType("OutputMessage"), ("message",)),
        UnionVariant(RefType("Call"), ("call",)),
    )
    # OutputMessage (listed second) has more tests, so it is tried first: spec order never decides.
    assert item.shared_tags == (
        SharedTag("message", (
            ShapeTest(1, ("content", "id", "role"), (("role", (JsonLiteral('"assistant"'),)),)),
            ShapeTest(0, ("content", "role"),
                      (("role", (JsonLiteral('"user"'), JsonLiteral('"system"'))),)),
        )),
    )


def test_members_of_the_same_shape_sharing_a_tag_are_warned() -> None:
    same = {
        "A": {"type": "object", "required": ["t"], "properties": {"t": {"const": "x"}}},
        "B": {"type": "object", "required": ["t"], "properties": {"t": {"const": "x"}}},
        "U": {"oneOf": [{"$ref": "#/components/schemas/B"}, {"$ref": "#/components/schemas/A"}],
              "discriminator": {"propertyName": "t"}},
    }
    ir, warnings = build(same)
    union = decl(ir, "U")
    assert isinstance(union, UnionDecl)
    assert [t.variant for t in union.shared_tags[0].candidates] == [0, 1]
    assert warnings == [
        "warning: spec #/components/schemas/U/discriminator: members B and A share the 't' value "
        "'x' and have the same shape; B is chosen"
    ]


def test_shared_tag_dispatch_in_the_python_runtime(tmp_path: Path) -> None:
    """The decision is rendered, not re-derived: the runtime picks the member whose shape fits
    and keeps data that fits none as the unknown variant."""
    import importlib
    import sys

    ir, _ = build(SHARED, {"/i": {"get": {"operationId": "get", "responses": _json(
        {"$ref": "#/components/schemas/Item"})}}})
    config = default_config()
    files = render_python(ir, config, Diagnostics())
    package = python_config(config).package_name
    for rel, text in files.items():
        target = tmp_path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    sys.path.insert(0, str(tmp_path / "src"))
    try:
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]
        types = importlib.import_module(f"{package}.types")
        models = importlib.import_module(f"{package}._models")
        cases = [
            ({"type": "message", "role": "user", "content": "hi"}, "InputMessage"),
            ({"type": "message", "id": "m", "role": "assistant", "content": "c"}, "OutputMessage"),
            ({"type": "message", "role": "assistant", "content": "c"}, "UnknownItem"),
            ({"type": "call"}, "Call"),
        ]
        for payload, expected in cases:
            value = models.validate_response(types.Item, payload, strict=False)
            assert type(value).__name__ == expected, payload
            assert value.to_dict() == payload
    finally:
        sys.path.remove(str(tmp_path / "src"))
        for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
            del sys.modules[name]


def test_shared_tag_dispatch_is_rendered_for_typescript() -> None:
    ir, _ = build(SHARED)
    files = render_typescript(ir, default_config(), Diagnostics())
    assert "src/core/variant.ts" in files
    plain, _ = build({"A": SHARED["Call"]})
    assert "src/core/variant.ts" not in render_typescript(plain, default_config(), Diagnostics())
    types_ts = files["src/types.ts"]
    assert "import { variantOf, type VariantTable } from './core/variant.js';" in types_ts
    assert (
        '  message: [\n'
        '    { member: "OutputMessage", required: ["content", "id", "role"], '
        'values: { role: ["assistant"] } },\n'
        '    { member: "InputMessage", required: ["content", "role"], '
        'values: { role: ["user", "system"] } },\n'
        '  ],'
    ) in types_ts
    assert "export function itemVariant(value: Item): " in types_ts


def test_mapping_to_a_missing_schema_is_dropped_with_a_warning() -> None:
    ir, warnings = build({
        "A": {"type": "object", "required": ["k"], "properties": {"k": {"const": "a"}}},
        "U": {"oneOf": [{"$ref": "#/components/schemas/A"}],
              "discriminator": {"propertyName": "k", "mapping": {"a": "A", "b": "Missing"}}},
    })
    union = decl(ir, "U")
    assert isinstance(union, UnionDecl)
    assert union.variants == (UnionVariant(RefType("A"), ("a",)),)
    assert warnings == [
        "warning: spec #/components/schemas/U/discriminator/mapping/b: mapping target 'Missing' "
        "does not exist; entry ignored"
    ]


def test_a_base_schema_mapping_to_a_missing_subtype_keeps_the_others() -> None:
    ir, warnings = build({
        "Pet": {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}},
                "discriminator": {"propertyName": "kind",
                                  "mapping": {"cat": "#/components/schemas/Cat", "dog": "Dog"}}},
        "Cat": {"allOf": [{"$ref": "#/components/schemas/Pet"},
                          {"type": "object", "properties": {"meows": {"type": "boolean"}}}]},
    })
    pet = decl(ir, "Pet")
    assert isinstance(pet, UnionDecl)
    assert pet.variants == (UnionVariant(RefType("Cat"), ("cat",)),)
    assert warnings == [
        "warning: spec #/components/schemas/Pet/discriminator/mapping/dog: mapping target 'Dog' "
        "does not exist; entry ignored"
    ]


def test_default_null_on_a_non_nullable_type_is_dropped() -> None:
    ir, warnings = build({
        "T": {"type": "object", "properties": {"n": {"type": "integer", "default": None},
                                               "m": {"type": ["integer", "null"],
                                                     "default": None}}},
    })
    assert prop_type(ir, "T", "n").default is None
    assert prop_type(ir, "T", "m").default == JsonLiteral("null")
    assert warnings == [
        "warning: spec #/components/schemas/T/properties/n/default: default null on a "
        "non-nullable type; default dropped"
    ]


def test_type_lists_nullable_and_boolean_schemas() -> None:
    ir, warnings = build({
        "T": {
            "type": "object",
            "properties": {
                "list": {"type": ["string", "integer", "null"]},
                "legacy": {"type": "string", "nullable": True},
                "yes": True,
                "no": False,
            },
        },
    })
    assert prop_type(ir, "T", "list").type == NullableType(
        UnionType((ScalarType("string"), ScalarType("integer")))
    )
    assert prop_type(ir, "T", "legacy").type == NullableType(ScalarType("string"))
    assert prop_type(ir, "T", "yes").type == AnyType()
    assert prop_type(ir, "T", "no").type == AnyType()
    assert warnings == [
        "warning: spec #/components/schemas/T/properties/no: the 'false' schema accepts "
        "nothing; typed as any value"
    ]


def test_read_only_is_not_sent_and_write_only_is_not_received() -> None:
    ir, warnings = build(
        {
            "User": {
                "type": "object",
                "required": ["id", "password"],
                "properties": {
                    "id": {"type": "string", "readOnly": True},
                    "password": {"type": "string", "writeOnly": True},
                    "name": {"type": "string"},
                },
            }
        },
        {"/users": {"post": {
            "operationId": "create",
            "requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/User"}}}},
            "responses": _json({"$ref": "#/components/schemas/User"}),
        }}},
    )
    assert warnings == []
    user = model(ir, "User")
    assert [p.wire_name for p in user.input_properties()] == ["password", "name"]
    assert [p.wire_name for p in user.output_properties()] == ["id", "name"]
    body = ir.operations()[0].body
    assert body is not None and body.fields is not None
    assert [f.wire_name for f in body.fields] == ["password", "name"]
    files = render_python(ir, default_config(), Diagnostics())
    models = next(text for rel, text in files.items() if rel.endswith("types/_models.py"))
    params = next(text for rel, text in files.items() if rel.endswith("types/_params.py"))
    assert "    password:" not in models and "    id:" in models
    assert "password" in params and '"id"' not in params and "    id:" not in params
    types_ts = render_typescript(ir, default_config(), Diagnostics())["src/types.ts"]
    assert "  id?: string;\n  password?: string;\n  name?: string;\n" in types_ts


def test_pattern_properties_are_additional_properties_of_their_union() -> None:
    ir, warnings = build({
        "T": {
            "type": "object",
            "properties": {"fixed": {"type": "string"}},
            "patternProperties": {"^s_": {"type": "string"}, "^n_": {"type": "integer"}},
        },
        "M": {"type": "object", "patternProperties": {"^x-": {"type": "boolean"}}},
    })
    assert warnings == []
    assert model(ir, "T").additional_properties == UnionType(
        (ScalarType("string"), ScalarType("integer"))
    )
    m = decl(ir, "M")
    assert isinstance(m, AliasDecl) and m.target == MapType(ScalarType("boolean"))


def test_openapi_3_2_with_an_event_stream_item_schema(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.2.0\n"
        "info: {title: t, version: '1'}\n"
        "paths:\n"
        "  /events:\n"
        "    get:\n"
        "      operationId: events\n"
        "      responses:\n"
        "        '200':\n"
        "          description: ok\n"
        "          content:\n"
        "            text/event-stream:\n"
        "              itemSchema: {$ref: '#/components/schemas/Event'}\n"
        "components:\n"
        "  schemas:\n"
        "    Event: {type: object, properties: {data: {type: string}}}\n"
    )
    diags = Diagnostics()
    loaded = load_spec(spec, diags)
    ir = build_ir(loaded.document, default_config(), diags, spec_sha256="0",
                  generator_version="test")
    response = ir.operations()[0].response
    assert response.streaming and response.media_type == "text/event-stream"
    assert response.stream_item_type == RefType("Event")
    assert diags.items == []


def test_openapi_4_is_still_refused(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text("openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n")
    with pytest.raises(GenerationError) as caught:
        load_spec(spec, Diagnostics())
    assert caught.value.diagnostics[0].message == (
        "unsupported OpenAPI version '4.0.0' (need 3.0, 3.1 or 3.2)"
    )


def test_a_member_that_is_no_object_makes_the_union_undiscriminated() -> None:
    """What cannot carry a discriminator is typed loosely, with a warning, not refused."""
    ir, warnings = build({
        "A": {"type": "object", "required": ["k"], "properties": {"k": {"const": "a"}}},
        "U": {"oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "string"}],
              "discriminator": {"propertyName": "k"}},
    })
    union = decl(ir, "U")
    assert isinstance(union, UnionDecl)
    assert union.discriminator is None
    assert union.variants == (UnionVariant(RefType("A")), UnionVariant(ScalarType("string")))
    assert warnings == [
        "warning: spec #/components/schemas/U/oneOf/1: discriminated union member is not an "
        "object; the union is typed without its 'k' discriminator"
    ]


def test_a_member_without_a_tag_makes_the_union_undiscriminated() -> None:
    ir, warnings = build({
        "U": {"oneOf": [{"type": "object", "properties": {"k": {"const": "a"}}},
                        {"type": "object", "properties": {"x": {"type": "string"}}}],
              "discriminator": {"propertyName": "k"}},
    })
    union = decl(ir, "U")
    assert isinstance(union, UnionDecl) and union.discriminator is None
    assert len(union.variants) == 2
    assert warnings == [
        "warning: spec #/components/schemas/U/oneOf/1: cannot tell the 'k' value of this member "
        "(no mapping entry and no const); the union is typed without its discriminator"
    ]


def test_a_member_whose_tag_is_an_enum_is_selected_by_each_value() -> None:
    """together.ai's ``InterpreterOutput``: ``type: {enum: [stdout, stderr]}`` on one member."""
    ir, warnings = build({
        "Out": {"oneOf": [
            {"title": "Stream", "type": "object", "required": ["type"],
             "properties": {"type": {"type": "string", "enum": ["stdout", "stderr"]}}},
            {"title": "Error", "type": "object", "required": ["type"],
             "properties": {"type": {"type": "string", "enum": ["error"]}}},
        ], "discriminator": {"propertyName": "type"}},
    })
    assert warnings == []
    union = decl(ir, "Out")
    assert isinstance(union, UnionDecl) and union.discriminator is not None
    assert [v.tags for v in union.variants] == [("stdout", "stderr"), ("error",)]


def test_an_unknown_schema_type_is_any_with_a_warning() -> None:
    ir, warnings = build({"T": {"type": "object", "properties": {"f": {"type": "file"}}}})
    assert prop_type(ir, "T", "f").type == AnyType()
    assert warnings == [
        "warning: spec #/components/schemas/T/properties/f/type: unknown schema type 'file'; "
        "typed as any value"
    ]


def test_the_builder_reports_every_error_before_it_stops() -> None:
    document: dict[str, Any] = {
        "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
        "paths": {"/a/{id}": {"get": {"operationId": "a", "parameters": [{"in": "query"}],
                                      "responses": _json({"$ref": "#/nowhere"})}}},
        "components": {"schemas": {"T": {"type": "object", "required": "x"},
                                   "E": {"type": "object", "properties": {"e": 3}}}},
    }
    diags = Diagnostics()
    with pytest.raises(GenerationError) as caught:
        build_ir(document, default_config(), diags, spec_sha256="0", generator_version="test")
    assert [d.format() for d in caught.value.diagnostics] == [
        "error: spec #/paths/~1a~1{id}/get/responses/200/content/application~1json/schema/$ref: "
        "$ref '#/nowhere' does not resolve (no 'nowhere')",
        "error: spec #/components/schemas/T/required: must be a list of strings",
        "error: spec #/components/schemas/E/properties/e: a schema must be a mapping, got int",
        "error: spec #/paths/~1a~1{id}/get/parameters/0: a parameter needs a string 'name' and "
        "'in' of path/query/header/cookie",
    ]


# ------------------------------------------------------------------ accept what peers accept


def test_a_default_outside_its_type_or_enum_is_dropped() -> None:
    ir, warnings = build({
        "Mode": {"type": "string", "enum": ["a", "b"]},
        "T": {"type": "object", "properties": {
            "n": {"type": "integer", "default": "null"},
            "mode": {"$ref": "#/components/schemas/Mode", "default": "c"},
            "ok": {"type": "integer", "default": 3},
        }},
    })
    assert prop_type(ir, "T", "n").default is None
    assert prop_type(ir, "T", "mode").default is None
    assert prop_type(ir, "T", "ok").default == JsonLiteral("3")
    assert warnings == [
        "warning: spec #/components/schemas/T/properties/n/default: default 'null' does not "
        "match the schema's type or enum; default dropped",
        "warning: spec #/components/schemas/T/properties/mode/default: default 'c' does not "
        "match the schema's type or enum; default dropped",
    ]


def test_an_undeclared_path_variable_becomes_a_required_string_parameter() -> None:
    ir, warnings = build(paths={"/things/{thing_id}/parts/{part}": {"get": {
        "operationId": "get",
        "parameters": [{"name": "part", "in": "path", "required": True,
                        "schema": {"type": "integer"}}],
        "responses": OK,
    }}})
    params = ir.operations()[0].path_params
    assert [(p.wire_name, p.type, p.required) for p in params] == [
        ("thing_id", ScalarType("string"), True),
        ("part", ScalarType("integer"), True),
    ]
    assert warnings == [
        "warning: spec #/paths/~1things~1{thing_id}~1parts~1{part}: path parameter {thing_id} "
        "is not declared in the parameters of /paths/~1things~1{thing_id}~1parts~1{part}/get; "
        "taken as a required string"
    ]


def test_a_duplicate_operation_id_is_disambiguated_by_method_then_path() -> None:
    ir, warnings = build(paths={
        "/a": {"get": {"operationId": "same", "responses": OK},
               "post": {"operationId": "same", "responses": OK}},
        "/b": {"get": {"operationId": "same", "responses": OK}},
    })
    assert [op.id for op in ir.operations()] == ["same", "same_post", "same_get"]
    assert warnings == [
        "warning: spec #/paths/~1a/post/operationId: duplicate operationId 'same' "
        "(also at #/paths/~1a/get); using 'same_post'",
        "warning: spec #/paths/~1b/get/operationId: duplicate operationId 'same' "
        "(also at #/paths/~1a/get); using 'same_get'",
    ]


def test_refs_inside_vendor_extensions_are_opaque_data() -> None:
    ir, warnings = build(
        {"T": {"type": "object", "x-fern-examples": [{"$ref": "./snippets/t.yml"}],
               "properties": {"x-id": {"$ref": "#/components/schemas/Id"}}},
         "Id": {"type": "string"}},
        {"/t": {"get": {"operationId": "t", "x-codeSamples": {"$ref": "#/nowhere"},
                        "responses": OK}}},
    )
    assert warnings == []
    # A property that is merely *named* x-… is still a schema, followed as usual.
    assert prop_type(ir, "T", "x-id").type == RefType("Id")


INLINE_PETS = {
    "oneOf": [
        {"type": "object", "required": ["kind"],
         "properties": {"kind": {"type": "string"}, "meows": {"type": "boolean"}}},
        {"type": "object", "required": ["kind"],
         "properties": {"kind": {"type": "string"}, "barks": {"type": "boolean"}}},
    ],
    "discriminator": {"propertyName": "kind", "mapping": {
        # The pointers go through the path, whose request body is a $ref, and one is
        # percent-encoded: each still names the inline member the builder meets elsewhere.
        "cat": "#/paths/~1pets~1%7Bid%7D/post/requestBody/content/application~1json/schema/oneOf/0",
        "dog": "#/paths/~1pets~1{id}/post/requestBody/content/application~1json/schema/oneOf/1",
    }},
}


def test_a_mapping_into_an_inline_schema_on_a_path_is_resolved() -> None:
    ir, warnings = build(
        paths={"/pets/{id}": {"post": {
            "operationId": "create",
            "parameters": [{"name": "id", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "requestBody": {"$ref": "#/components/requestBodies/Pet"},
            "responses": OK,
        }}},
        **{"components": {"schemas": {}, "requestBodies": {"Pet": {"content": {
            "application/json": {"schema": INLINE_PETS}}}}}},
    )
    assert warnings == []
    body = ir.operations()[0].body
    assert body is not None and isinstance(body.type, RefType)
    union = decl(ir, body.type.id)
    assert isinstance(union, UnionDecl)
    assert [v.tags for v in union.variants] == [("cat",), ("dog",)]
    members = [decl(ir, v.type.id) for v in union.variants if isinstance(v.type, RefType)]
    assert [[p.wire_name for p in m.properties] for m in members if isinstance(m, ModelDecl)] == [
        ["kind", "meows"], ["kind", "barks"]]


# ------------------------------------------------------------------ names and generated code

CONSTRUCTS: dict[str, Any] = {
    "schemas": {
        **SHARED,
        "Client": {"type": "object", "properties": {"id": {"type": "string", "readOnly": True},
                                                    "secret": {"type": "string",
                                                               "writeOnly": True}}},
        "Compound": {"type": "object", "properties": {
            "filters": {"type": "array", "items": {"anyOf": [
                {"$ref": "#/components/schemas/Call"}, {"$recursiveRef": "#"}]}}}},
    },
    "paths": {
        "/2010-04-01/Accounts.json": {
            "get": {"responses": _json({"$ref": "#/components/schemas/Client"})},
            "post": {"requestBody": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Client"}}}},
                "responses": _json({"$ref": "#/components/schemas/Item"})},
            "options": {"responses": OK},
            "head": {"responses": _json({"$ref": "#/components/schemas/Compound"})},
        },
    },
}


def test_a_dated_version_prefix_is_not_a_resource() -> None:
    ir, _ = build(CONSTRUCTS["schemas"], CONSTRUCTS["paths"])
    assert [r.path for r in ir.root.resources] == [("accounts_json",)]
    client_ts = render_typescript(ir, default_config(), Diagnostics())["src/client.ts"]
    assert "readonly accountsJson: AccountsJson;" in client_ts
    assert "2010" not in client_ts.split("export class", 1)[1].split("\n", 1)[0]


def test_a_schema_named_like_the_client_class_is_renamed() -> None:
    ir, _ = build(CONSTRUCTS["schemas"], CONSTRUCTS["paths"])
    python = render_python(ir, default_config(), Diagnostics())
    models = next(text for rel, text in python.items() if rel.endswith("types/_models.py"))
    assert "class Client_(BaseModel):" in models and "class Client(" not in models
    types_ts = render_typescript(ir, default_config(), Diagnostics())["src/types.ts"]
    assert "export interface Client_ {" in types_ts


def _write(files: dict[str, str], root: Path) -> None:
    for rel, text in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)


@pytest.mark.slow
def test_construct_sdks_are_type_clean_and_dispatch_shared_tags(tmp_path: Path) -> None:
    """OPTIONS/HEAD results, ``Client_``, readOnly/writeOnly, shared tags and a recursive
    member: mypy --strict and pyright strict (Python), tsc --strict and a run (TypeScript)."""
    import json
    import subprocess
    import sys

    from tests.sdk_typescript import toolchain

    ir, _ = build(CONSTRUCTS["schemas"], CONSTRUCTS["paths"])
    config = default_config()
    py_root = tmp_path / "py"
    _write(render_python(ir, config, Diagnostics()), py_root)
    package = py_root / "src" / python_config(config).package_name
    mypy = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--no-incremental",
                           "--cache-dir", str(tmp_path / "cache"), str(package)],
                          capture_output=True, text=True, timeout=600)
    assert mypy.returncode == 0, mypy.stdout
    (py_root / "pyrightconfig.json").write_text(json.dumps(
        {"include": ["src"], "typeCheckingMode": "strict", "pythonVersion": "3.9"}))
    pyright = subprocess.run(
        [str(Path(sys.executable).with_name("pyright")), "--pythonpath", sys.executable,
         "--outputjson", "-p", str(py_root / "pyrightconfig.json")],
        cwd=py_root, capture_output=True, text=True, timeout=600)
    assert json.loads(pyright.stdout)["summary"]["errorCount"] == 0, pyright.stdout[-3000:]

    ts_root = tmp_path / "ts"
    _write(render_typescript(ir, config, Diagnostics()), ts_root)
    tsconfig = json.loads((ROOT_TSCONFIG).read_text())
    tsconfig["compilerOptions"].update({"noEmit": False, "rootDir": "src", "outDir": "out"})
    tsconfig["include"] = ["src/**/*.ts"]
    (ts_root / "tsconfig.json").write_text(json.dumps(tsconfig))
    toolchain.link_tools(ts_root)
    toolchain.tsc(ts_root / "tsconfig.json")
    (ts_root / "out" / "package.json").write_text('{"type": "module"}\n')
    cases = [
        {"type": "message", "role": "user", "content": "hi"},
        {"type": "message", "id": "m", "role": "assistant", "content": "c"},
        {"type": "message", "role": "assistant", "content": "c"},
        {"type": "call"},
        {"type": "new"},
    ]
    script = ts_root / "dispatch.mjs"
    script.write_text(
        "const types = await import('./out/types.js');\n"
        f"const cases = {json.dumps(cases)};\n"
        "console.log(JSON.stringify(cases.map((c) => types.itemVariant(c) ?? null)));\n"
    )
    result = toolchain.node([str(script)], ts_root)
    assert json.loads(result.stdout) == ["InputMessage", "OutputMessage", None, "Call", None]


ROOT_TSCONFIG = Path(__file__).resolve().parents[2] / "templates" / "typescript" / "static" / (
    "tsconfig.json")


# ------------------------------------------------------------------ event streams


def _chat_paths(stream_media: dict[str, Any], body_props: dict[str, Any]) -> dict[str, Any]:
    return {
        "/chat": {
            "post": {
                "operationId": "chat",
                "requestBody": {
                    "required": True,
                    "content": {"application/json": {"schema": {
                        "type": "object", "properties": body_props}}},
                },
                "responses": {"200": {"description": "ok", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Done"}},
                    "text/event-stream": stream_media,
                }}},
            }
        }
    }


_DONE = {"Done": {"type": "object", "properties": {"id": {"type": "string"}}},
         "Chunk": {"type": "object", "properties": {"delta": {"type": "string"}}}}


def test_a_boolean_stream_field_selects_the_event_stream_typed_by_its_schema() -> None:
    ir, _ = build(_DONE, _chat_paths(
        {"schema": {"$ref": "#/components/schemas/Chunk"}},
        {"stream": {"type": ["boolean", "null"]}, "prompt": {"type": "string"}},
    ))
    response = ir.operations()[0].response
    assert (response.kind, response.type) == ("json", RefType("Done"))
    assert response.stream_flag == "stream"
    assert response.stream_item_type == RefType("Chunk")


def test_a_string_stream_schema_types_no_event_and_no_stream_field_means_no_flag() -> None:
    ir, _ = build(_DONE, _chat_paths(
        {"schema": {"type": "string", "description": "the raw stream"}},
        {"prompt": {"type": "string"}, "streamed": {"type": "boolean"}},
    ))
    response = ir.operations()[0].response
    assert response.streaming and response.stream_item_type is None
    assert response.stream_flag is None


def test_a_stream_field_that_is_not_boolean_is_not_a_flag() -> None:
    ir, _ = build(_DONE, _chat_paths({}, {"stream": {"type": "string"}}))
    assert ir.operations()[0].response.stream_flag is None

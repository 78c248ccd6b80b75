"""Specs the mutation fuzzer (tests/spec_fuzz.py) found crashing the generator or producing code
that does not parse, each reduced to its smallest form: what the IR and the backends now do."""

from __future__ import annotations

import ast
from typing import Any

import pytest

from generator.build_ir import build_ir
from generator.config import default_config
from generator.diagnostics import Diagnostics, GenerationError
from generator.ir import IR, AliasDecl, ModelDecl, NullableType, ScalarType, UnionDecl
from generator.languages import BACKENDS
from generator.load import parse_text

HEAD = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n"
RETURNS_A = """\
paths:
  /a:
    get:
      operationId: a
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}
"""


def _ir(text: str) -> tuple[IR, Diagnostics]:
    diags = Diagnostics()
    document: Any = parse_text(text, json_first=False, diags=diags)
    return build_ir(document, default_config(), diags, spec_sha256="x",
                    generator_version="0"), diags


def _errors(text: str) -> list[str]:
    with pytest.raises(GenerationError) as caught:
        _ir(text)
    return [d.format() for d in caught.value.diagnostics]


def _render(ir: IR, lang: str) -> dict[str, str]:
    diags = Diagnostics()
    files = BACKENDS[lang].render(ir, default_config(), diags)
    assert not diags.errors()
    return files


# ----------------------------------------------------------- an alias of itself or null


def test_a_schema_that_is_only_itself_or_null_is_an_error_not_a_key_error() -> None:
    """`A: {oneOf: [A, null]}` (and 3.0 `$ref` + `nullable`) describe nothing but null; the
    builder looked A up before it was declared (KeyError)."""
    errors = _errors(HEAD + RETURNS_A + """\
components:
  schemas:
    A: {oneOf: [{$ref: '#/components/schemas/A'}, {type: 'null'}]}
    B: {$ref: '#/components/schemas/B', nullable: true}
""")
    assert errors == [
        "error: spec #/components/schemas/A: schema is an alias of itself: A -> A or null",
        "error: spec #/components/schemas/B: schema is an alias of itself: B -> B or null",
    ]


def test_an_alias_cycle_through_a_nullable_alias_is_an_alias_cycle() -> None:
    errors = _errors(HEAD + RETURNS_A + """\
components:
  schemas:
    A: {anyOf: [{$ref: '#/components/schemas/B'}, {type: 'null'}]}
    B: {$ref: '#/components/schemas/A'}
""")
    assert errors == ["error: spec #/components/schemas/A: schema is an alias of itself: "
                      "A -> B -> A"]


# ----------------------------------------------------------- $ref: '#'


def test_a_schema_ref_to_the_document_or_its_own_objects_is_an_error_at_the_ref() -> None:
    """`$ref: '#'` once raised an IndexError, then became a silent `Ref = Any`: the whole
    document (or `#/info`, a response component, a path item) is never a schema."""
    errors = _errors(HEAD + """\
paths:
  /a:
    get:
      operationId: a
      parameters:
        - {name: q, in: query, schema: {$ref: '#/components/responses/R'}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#'}}}
        '201':
          description: ok
          content: {application/json: {schema: {$ref: '#/info'}}}
        '202':
          description: ok
          content: {application/json: {schema: {$ref: '#/paths/~1a'}}}
components:
  responses:
    R: {description: a response}
""")
    at = "#/paths/~1a/get"
    assert sorted(errors) == sorted([
        f"error: spec {at}/parameters/0/schema/$ref: $ref '#/components/responses/R' points at "
        "a 'responses' component, not a schema",
        f"error: spec {at}/responses/200/content/application~1json/schema/$ref: $ref '#' points "
        "at the whole document, not a schema",
        f"error: spec {at}/responses/201/content/application~1json/schema/$ref: $ref '#/info' "
        "points at the document's 'info' field, not a schema",
        f"error: spec {at}/responses/202/content/application~1json/schema/$ref: $ref "
        "'#/paths/~1a' points at a path item, not a schema",
    ])


def test_a_schema_ref_into_a_nested_schema_or_top_level_defs_is_still_followed() -> None:
    """Only the document's own objects are refused: `#/$defs/X`, and a schema nested in an
    operation, are schemas that real specs point at."""
    ir, diags = _ir(HEAD + """\
$defs:
  D: {type: object, properties: {d: {type: string}}}
paths:
  /a:
    get:
      operationId: a
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/$defs/D'}}}
  /b:
    get:
      operationId: b
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/paths/~1a/get/responses/200/content/application~1json/schema'}
""")
    assert diags.errors() == []
    assert ("defs", "d") in {decl.name.words for decl in ir.types}


# ----------------------------------------------------------- recursive aliases


RECURSIVE_ALIASES = HEAD + RETURNS_A + """\
components:
  schemas:
    A: {type: array, items: {$ref: '#/components/schemas/B'}}
    B: {type: object, additionalProperties: {$ref: '#/components/schemas/A'}}
    Self: {type: array, items: {$ref: '#/components/schemas/Self'}}
    Reaches: {type: array, items: {$ref: '#/components/schemas/Self'}}
    Tree: {type: object, properties: {kids: {$ref: '#/components/schemas/Kids'}}}
    Kids: {type: array, items: {$ref: '#/components/schemas/Tree'}}
"""


def test_aliases_on_a_cycle_of_aliases_are_marked_recursive() -> None:
    """Only an alias that reaches itself through aliases alone: `Reaches` merely refers to a
    recursive one, and `Kids` recurses through the model `Tree`."""
    ir, _ = _ir(RECURSIVE_ALIASES)
    aliases = {d.id: d.recursive for d in ir.types if isinstance(d, AliasDecl)}
    assert aliases == {"A": True, "B": True, "Self": True, "Reaches": False, "Kids": False}


def test_kotlin_spells_a_recursive_alias_as_json_instead_of_recursing_forever() -> None:
    """Kotlin inlined every alias's codec (RecursionError), and `typealias A = List<A>` does
    not compile: a recursive alias is the JsonElement it holds."""
    ir, _ = _ir(RECURSIVE_ALIASES)
    (types,) = [t for p, t in _render(ir, "kotlin").items() if p.endswith("/Types.kt")]
    assert "typealias A = JsonElement\n" in types
    assert "typealias Self = JsonElement\n" in types
    assert "typealias Reaches = List<Self>\n" in types
    assert "typealias Kids = List<Tree>\n" in types


@pytest.mark.parametrize("lang", ["python", "typescript", "go"])
def test_other_languages_keep_recursive_aliases_typed(lang: str) -> None:
    ir, _ = _ir(RECURSIVE_ALIASES)
    text = "\n".join(_render(ir, lang).values())
    spelled = {"python": 'List["Self"]', "typescript": "export type Self = Self[];",
               "go": "type Self []Self"}[lang]
    assert spelled in text


# ----------------------------------------------------------- a union left without members


def test_a_polymorphic_base_whose_mapping_names_only_missing_schemas_is_a_plain_model() -> None:
    """allOf + a discriminator mapping to missing schemas only: the union had no member and
    Python rendered `Union[]` (a syntax error)."""
    ir, diags = _ir(HEAD + """\
paths:
  /a:
    post:
      operationId: a
      requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/U'}}}}
      responses: {'200': {description: ok}}
components:
  schemas:
    A: {type: object, properties: {kind: {type: string}}}
    B: {type: object, properties: {b: {type: string}}}
    U:
      allOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]
      discriminator: {propertyName: kind, mapping: {x: '#/components/schemas/Missing'}}
""")
    u = ir.types_by_id()["U"]
    assert isinstance(u, ModelDecl) and [p.wire_name for p in u.properties] == ["kind", "b"]
    assert [d.format() for d in diags.warnings()] == [
        "warning: spec #/components/schemas/U/discriminator/mapping/x: mapping target "
        "'#/components/schemas/Missing' does not exist; entry ignored"]
    for path, text in _render(ir, "python").items():
        if path.endswith(".py"):
            ast.parse(text, path)



# ----------------------------------------------------------- numbers


def test_a_json_integer_too_long_to_convert_is_a_diagnostic_not_a_value_error() -> None:
    """Python refuses to convert integers of more than 4,300 digits; json.loads raised."""
    text = ('{"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}, '
            '"x-a": 1' + "0" * 5000 + ', "x-b": -2' + "0" * 5000 + "}")
    diags = Diagnostics()
    with pytest.raises(GenerationError):
        parse_text(text, json_first=True, diags=diags)
    assert sorted(d.format() for d in diags.errors()) == [
        "error: spec #/x-a: integer of 5001 digits is too long to read",
        "error: spec #/x-b: integer of 5001 digits is too long to read",
    ]


def test_a_yaml_integer_too_long_to_convert_is_reported_without_its_digits() -> None:
    diags = Diagnostics()
    with pytest.raises(GenerationError):
        parse_text(HEAD + "paths: {}\nx-a: 1" + "0" * 5000 + "\n", json_first=False,
                   diags=diags)
    assert [d.format() for d in diags.errors()] == [
        "error: spec #/x-a: integer of 5001 digits is too long to read (line 4 column 6)"]


def test_integers_beyond_64_bits_never_reach_an_int64_or_long_literal() -> None:
    """Go's int64 and Kotlin's Long spell every integer: `1180591620717411303424L` and an
    int64 const of it do not compile. Defaults are dropped, enum members left out and a
    const typed as a number, each with a warning; the 64-bit extremes stay."""
    big = 2**70
    ir, diags = _ir(HEAD + RETURNS_A + f"""\
components:
  schemas:
    A:
      type: object
      required: [k]
      properties:
        n: {{type: integer, default: {big}}}
        m: {{type: integer, enum: [{big}, 1, 2]}}
        k: {{const: {big}}}
        e: {{type: integer, enum: [{2**63 - 1}, {-(2**63)}], default: {-(2**63)}}}
""")
    assert [d.format() for d in diags.warnings()] == [
        f"warning: spec #/components/schemas/A/properties/m/enum/0: enum value {big} is "
        "outside the 64-bit integer range; ignored",
        f"warning: spec #/components/schemas/A/properties/k/const: const {big} is outside "
        "the 64-bit integer range; typed as a number",
        f"warning: spec #/components/schemas/A/properties/n/default: default {big} is "
        "outside the 64-bit integer range; default dropped",
    ]
    for lang in ("go", "kotlin"):
        text = "\n".join(_render(ir, lang).values())
        assert str(big) not in text
    kotlin = "\n".join(_render(ir, "kotlin").values())
    assert f"{-(2**63)}L" not in kotlin  # the literal 9223372036854775808L is out of range
    assert "Long.MIN_VALUE" in kotlin


# ----------------------------------------------------------- info


@pytest.mark.parametrize(("info", "error"), [
    ("info: x", "error: spec #/info: must be a mapping, got str"),
    ("info: [T]", "error: spec #/info: must be a mapping, got list"),
    ("info: {title: {a: 1}, version: '1'}", "error: spec #/info/title: must be a string, got dict"),
    ("info: {title: T, version: [1]}", "error: spec #/info/version: must be a string, got list"),
])
def test_an_info_of_the_wrong_shape_is_an_error(info: str, error: str) -> None:
    """It named the package `{'a': 1}`-style or silently `API`."""
    assert _errors(f"openapi: 3.1.0\n{info}\npaths: {{}}\n") == [error]


def test_a_missing_info_falls_back_with_warnings() -> None:
    ir, diags = _ir("openapi: 3.1.0\npaths: {}\n")
    assert (ir.api.title, ir.api.version) == ("API", "0")
    assert [d.format() for d in diags.warnings()] == [
        "warning: spec #/info: missing 'info'; the API is titled 'API', version '0'"]
    _, diags = _ir("openapi: 3.1.0\ninfo: {version: 2}\npaths: {}\n")
    assert [d.format() for d in diags.warnings()] == ["warning: spec #/info/title: missing "
                                                      "'info.title'"]


# ----------------------------------------------------------- schema keywords of the wrong shape


@pytest.mark.parametrize(("schema", "error"), [
    ("{type: array, items: 5}", "items: must be a schema, got int"),
    ("{type: array, items: [{type: string}]}", "items: must be a schema, got list"),
    ("{type: string, enum: x}", "enum: must be a list, got str"),
    ("{oneOf: {a: 1}}", "oneOf: must be a list of schemas, got dict"),
    ("{type: string, anyOf: 7}", "anyOf: must be a list of schemas, got int"),
    ("{type: object, additionalProperties: 5}",
     "additionalProperties: must be a schema or a boolean, got int"),
    ("{type: string, format: 5}", "format: must be a string, got int"),
    ("{oneOf: [{type: object}, {type: string}], discriminator: kind}",
     "discriminator: must be a mapping, got str"),
    ("{type: string, nullable: 'yes'}", "nullable: must be a boolean, got str"),
    ("{not: 5}", "not: must be a schema, got int"),
    ("{type: array, prefixItems: {}}", "prefixItems: must be a list of schemas, got dict"),
    ("{type: object, patternProperties: [1]}", "patternProperties: must be a mapping, got list"),
])
def test_a_schema_keyword_of_the_wrong_shape_is_an_error(schema: str, error: str) -> None:
    """They were silently read as no keyword at all (`items: 5` became an array of anything,
    `enum: x` a plain string), so a typo changed the SDK without a word."""
    assert _errors(HEAD + RETURNS_A + f"components:\n  schemas:\n    A: {schema}\n") == [
        f"error: spec #/components/schemas/A/{error}"]


def test_every_misshapen_keyword_of_a_run_is_reported() -> None:
    errors = _errors(HEAD + RETURNS_A + """\
components:
  schemas:
    A: {type: object, properties: {a: {type: array, items: 5}, b: {enum: 5}}}
    B: {type: object, additionalProperties: 'no'}
""")
    assert errors == [
        "error: spec #/components/schemas/A/properties/a/items: must be a schema, got int",
        "error: spec #/components/schemas/A/properties/b/enum: must be a list, got int",
        "error: spec #/components/schemas/B/additionalProperties: must be a schema or a "
        "boolean, got str",
    ]


# ----------------------------------------------------------- recursion through unions only


def test_a_union_member_that_is_the_union_itself_is_dropped() -> None:
    """`A = A | string | integer` is `string | integer`; TypeScript and mypy refuse the
    alias that names itself as a member."""
    ir, diags = _ir(HEAD + RETURNS_A + """\
components:
  schemas:
    A: {anyOf: [{$ref: '#/components/schemas/A'}, {type: string}, {type: integer}]}
    B: {anyOf: [{$ref: '#/components/schemas/B'}, {type: string}, {type: 'null'}]}
    J: {anyOf: [{type: array, items: {$ref: '#/components/schemas/J'}}, {type: string}]}
""")
    decls = ir.types_by_id()
    a, b, j = decls["A"], decls["B"], decls["J"]
    assert isinstance(a, UnionDecl) and [v.type for v in a.variants] == [
        ScalarType("string"), ScalarType("integer")]
    assert isinstance(b, AliasDecl) and b.target == NullableType(ScalarType("string"))
    assert isinstance(j, UnionDecl) and len(j.variants) == 2  # through an array: kept
    assert [d.format() for d in diags.warnings()] == [
        "warning: spec #/components/schemas/A: a member of the union is the union itself; "
        "member dropped",
        "warning: spec #/components/schemas/B: a member of the union is the union itself; "
        "member dropped",
    ]
    text = "\n".join(_render(ir, "typescript").values())
    assert "export type A = string | number;" in text


def test_a_longer_cycle_through_unions_only_is_an_error() -> None:
    """`B = C | string`, `C = B | null`: TS2456 "circularly references itself"."""
    assert _errors(HEAD + RETURNS_A + """\
components:
  schemas:
    A: {type: array, items: {$ref: '#/components/schemas/B'}}
    B: {anyOf: [{$ref: '#/components/schemas/C'}, {type: string}]}
    C: {oneOf: [{$ref: '#/components/schemas/B'}, {type: 'null'}]}
""") == ["error: spec #/components/schemas/B: schema refers back to itself through unions "
         "only, with no array or object between: B -> C -> B"]


def test_a_python_alias_of_null_is_declared_a_type_alias() -> None:
    """`N = None` is a variable to mypy ("not valid as a type" where a model uses it)."""
    ir, _ = _ir(HEAD + RETURNS_A + """\
components:
  schemas:
    A: {type: object, properties: {n: {$ref: '#/components/schemas/N'}}}
    N: {type: 'null'}
""")
    (models,) = [t for p, t in _render(ir, "python").items()
                 if p.endswith("types/_models.py")]
    assert "\nN: TypeAlias = None\n" in models
    assert "\nN = None" not in models


# ----------------------------------------------------------- a $ref to the wrong kind of object


def test_a_response_or_path_item_ref_to_a_schema_is_an_error_naming_both_places() -> None:
    """A response given as `$ref: '#/components/schemas/X'` (or `#/info`) was read as a
    response without content: the method silently returned nothing."""
    errors = _errors(HEAD + """\
paths:
  /a:
    get:
      operationId: a
      responses:
        '200': {$ref: '#/components/schemas/X'}
        '404': {$ref: '#/info'}
  /b: {$ref: '#/components/schemas/X'}
components:
  schemas:
    X: {type: object, description: a schema, properties: {a: {type: string}}}
""")
    assert errors == [
        "error: spec #/components/schemas/X: not a path item object (its keys: description, "
        "properties, type); referenced from #/paths/~1b",
        "error: spec #/components/schemas/X: not a response object (its keys: description, "
        "properties, type); referenced from #/paths/~1a/get/responses/200",
        "error: spec #/info: not a response object (its keys: title, version); referenced "
        "from #/paths/~1a/get/responses/404",
    ]


def test_a_request_body_ref_to_a_schema_is_an_error_naming_both_places() -> None:
    """It was reported at the schema as a body with no `content`, without the operation."""
    errors = _errors(HEAD + """\
paths:
  /a:
    post:
      operationId: a
      requestBody: {$ref: '#/components/schemas/X'}
      responses: {'204': {description: none}}
  /b:
    post:
      operationId: b
      requestBody: {$ref: '#/components/requestBodies/B'}
      responses: {'204': {description: none}}
components:
  schemas:
    X: {type: object, required: [a], properties: {a: {type: string}}}
  requestBodies:
    B:
      required: true
      content: {application/json: {schema: {$ref: '#/components/schemas/X'}}}
""")
    assert errors == [
        "error: spec #/components/schemas/X: not a request body object (its keys: properties, "
        "required, type); referenced from #/paths/~1a/post/requestBody",
    ]


def test_an_all_of_part_whose_required_is_not_a_list_is_an_error_not_a_type_error() -> None:
    assert _errors(HEAD + RETURNS_A + """\
components:
  schemas:
    A: {allOf: [{$ref: '#/components/schemas/B'}, {type: object}]}
    B: {type: object, required: 7, properties: {a: {type: string}}}
""") == ["error: spec #/components/schemas/B/required: must be a list of strings"]


def test_union_members_with_misshapen_required_or_all_of_are_errors_not_type_errors() -> None:
    """The union's look-ahead at its members' tags iterated `required: 7` and `allOf: 5`."""
    assert _errors(HEAD + RETURNS_A + """\
components:
  schemas:
    U:
      oneOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]
      discriminator: {propertyName: kind}
    A: {type: object, required: 7, properties: {kind: {const: a}}}
    B: {type: object, allOf: 5, properties: {kind: {const: b}}}
    V: {oneOf: [{$ref: '#/components/schemas/C'}, {$ref: '#/components/schemas/D'}]}
    C: {type: object, required: 7, properties: {kind: {const: c}}}
    D: {type: object, required: [kind], properties: {kind: {const: d}}}
""") == [
        "error: spec #/components/schemas/A/required: must be a list of strings",
        "error: spec #/components/schemas/B/allOf: must be a list of schemas",
        "error: spec #/components/schemas/C/required: must be a list of strings",
    ]


"""The TypeScript backend in-process: naming and escaping rules, determinism, provenance, the
committed SDK being up to date, and the runtime core staying product-neutral."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path

import pytest

from generator.build_ir import build_ir
from generator.cli import generate_files
from generator.config import PaginationConfig, SdkConfig
from generator.diagnostics import Diagnostics
from generator.ir import JsonLiteral, ModelDecl, Name, NullableType
from generator.languages.typescript import naming
from generator.languages.typescript.render import TypeNames, render
from generator.load import load_spec
from tests.sdk_typescript import toolchain
from tests.third_party import LLAMA_STACK

SPEC = toolchain.REPO / "spec" / "openapi.yaml"
CONFIG = toolchain.REPO / "sdks" / "config.yaml"
RUNTIME = toolchain.REPO / "templates" / "typescript" / "runtime"


@pytest.fixture(scope="module")
def generated() -> tuple[SdkConfig, dict[str, str]]:
    ir, config, files = generate_files(SPEC, CONFIG, "typescript", Diagnostics())
    del ir
    return config, files


# --------------------------------------------------------------------------- naming


@pytest.mark.parametrize(("text", "expected"), [
    ("ends */ here", "ends *\\/ here"),
    ("opens /* here", "opens /\\* here"),
    ("nul \x00 and bell \x07", "nul \\u0000 and bell \\u0007"),
    ("line\r\nbreak\rold mac", "line\nbreak\nold mac"),
    ("sep \u2028 para \u2029", "sep \\u2028 para \\u2029"),
    ("${x} `tick` \"q\" 'a' \\", "${x} `tick` \"q\" 'a' \\"),
])
def test_escape_comment(text: str, expected: str) -> None:
    assert naming.escape_comment(text) == expected


def test_doc_comment_cannot_be_closed_early() -> None:
    doc = naming.doc_comment("a */ b", "second\nparagraph", indent="  ")
    assert doc == "  /**\n   * a *\\/ b\n   *\n   * second\n   * paragraph\n   */\n"
    assert doc.count("*/") == 1
    assert naming.doc_comment(None, "  ") == ""


@pytest.mark.parametrize(("value", "expected"), [
    ("${x}`", '"${x}`"'),
    ("quote \" and \\ and \n", '"quote \\" and \\\\ and \\n"'),
    ("\u2028 é 😀", '"\\u2028 \\u00e9 \\ud83d\\ude00"'),
    (JsonLiteral.of("on"), '"on"'),
    (JsonLiteral("null"), "null"),
    (True, "true"),
    (-2.5, "-2.5"),
    (10**20, "100000000000000000000"),
])
def test_literal(value: object, expected: str) -> None:
    assert naming.literal(value) == expected


def test_literal_rejects_non_scalars_and_nan() -> None:
    with pytest.raises(ValueError, match="not a JSON scalar"):
        naming.literal([1])
    with pytest.raises(ValueError, match="NaN"):
        naming.literal(float("nan"))


@pytest.mark.parametrize(("wire", "expected"), [
    ("plain_name", "plain_name"),
    ("$dollar", "$dollar"),
    ("with-dash", '"with-dash"'),
    ("1st", '"1st"'),
    ("", '""'),
    ("__proto__", '"__proto__"'),
    ("default", "default"),
])
def test_property_key(wire: str, expected: str) -> None:
    assert naming.property_key(wire) == expected


def test_identifiers_avoid_reserved_words_and_runtime_names() -> None:
    assert naming.variable_name(Name(("default",))) == "default_"
    assert naming.variable_name(Name(("options",))) == "options_"
    assert naming.variable_name(Name(("path", "template"))) == "pathTemplate_"
    assert naming.variable_name(Name(("1st", "place"))) == "_1stPlace"
    assert naming.type_name(Name(("not", "found", "error"))) == "NotFoundError_"
    assert naming.type_name(Name(("parley",)), frozenset({"Parley"})) == "Parley_"
    assert naming.member_name(Name(("delete",))) == "delete"
    assert naming.member_name(Name(("constructor",))) == "constructor_"
    assert naming.member_name(Name(("with", "options"))) == "withOptions_"
    assert naming.file_stem(Name(("con",))) == "con-"
    assert naming.file_stem(Name(("vector", "stores"))) == "vector-stores"


# --------------------------------------------------------------------------- rendering


def test_rendering_is_deterministic(generated: tuple[SdkConfig, dict[str, str]]) -> None:
    _config, files = generated
    _ir, _config2, again = generate_files(SPEC, CONFIG, "typescript", Diagnostics())
    assert again == files


def test_committed_sdk_is_up_to_date(generated: tuple[SdkConfig, dict[str, str]]) -> None:
    _config, files = generated
    stale = [rel for rel, text in files.items()
             if not (toolchain.SDK_DIR / rel).is_file()
             or (toolchain.SDK_DIR / rel).read_text(encoding="utf-8") != text]
    assert not stale, ("sdks/typescript is stale; regenerate with python -m generator generate "
                       f"--spec spec/openapi.yaml --config sdks/config.yaml --lang typescript "
                       f"--out sdks/typescript ({stale})")


def test_every_file_has_a_banner(generated: tuple[SdkConfig, dict[str, str]]) -> None:
    _config, files = generated
    for rel, text in files.items():
        if rel.endswith((".ts", ".md")):
            assert "generated by the SDK generator" in text.splitlines()[0], rel


def test_provenance(generated: tuple[SdkConfig, dict[str, str]]) -> None:
    config, files = generated
    digest = hashlib.sha256(SPEC.read_bytes()).hexdigest()
    assert f'export const SPEC_SHA256 = "{digest}";' in files["src/version.ts"]
    assert f'export const VERSION = "{config.version}";' in files["src/version.ts"]
    assert digest in files["README.md"]


def test_readme_and_api_md(generated: tuple[SdkConfig, dict[str, str]]) -> None:
    _config, files = generated
    readme = files["README.md"]
    for section in ("## Installation", "## Usage", "## Handling errors", "## Retries",
                    "## Timeouts and cancellation", "## Pagination", "## Raw responses",
                    "## Forward compatibility"):
        assert section in readme
    assert "PARLEY_BASE_URL" in readme and "PARLEY_API_KEY" in readme
    api = files["api.md"]
    for line in ("`client.conversations.create(params)` | `POST /v1/conversations`",
                 "`client.conversations.items.list(conversationId, params)` | "
                 "`GET /v1/conversations/{conversation_id}/items`",
                 "`client.health.check()` | `GET /v1/health`",
                 "`client.inspect.routes.list(params)` | `GET /v1/inspect/routes`",
                 "`client.version.retrieve()` | `GET /v1/version`"):
        assert line in api
    assert len(re.findall(r"^\| `client\.", api, re.MULTILINE)) == 11


def _readme_calls(readme: str) -> set[str]:
    """``client.a.b`` of every call in the README's TypeScript snippets."""
    code = "\n".join(re.findall(r"```ts\n(.*?)```", readme, re.DOTALL))
    return set(re.findall(r"\b(client(?:\.\w+)+)\(", code))


def _api_methods(api_md: str) -> set[str]:
    return set(re.findall(r"^\| `(client(?:\.\w+)+)\(", api_md, re.MULTILINE))


def test_readme_examples_are_real_calls_from_the_ir(
        generated: tuple[SdkConfig, dict[str, str]]) -> None:
    _config, files = generated
    readme = files["README.md"]
    for snippet in (
        "const created = await client.conversations.create();\nconsole.log(created.id);",
        "const same = await client.conversations.retrieve(created.id);",
        "const result = await client.conversations.retrieve('conversation_id', {",
        "await client.conversations.retrieve('does-not-exist');",
        "for await (const item of client.conversations.items.list(created.id)) {",
        "await client.conversations.create().withResponse();",
        "import type { ConversationItem } from 'parley-client';",
        "function describe(item: ConversationItem): string {\n  switch (item.type) {",
        "    default:\n      // Members without a case, and members a newer server sends",
    ):
        assert snippet in readme, snippet
    # Unions are open: the README does not teach a `never` check that a new member would break.
    assert ": never" not in readme
    # One case per ConversationItem member.
    union = re.search(r"^export type ConversationItem = (.*);$", files["src/types.ts"],
                      re.MULTILINE)
    assert union
    members = union.group(1).split(" | ")
    assert len(members) == 10
    for member in members:
        assert f"      return '{member}';" in readme, member
    assert "client.resource" not in readme and "<resource>" not in readme
    assert _readme_calls(readme) <= _api_methods(files["api.md"])
    _assert_created_is_defined_where_used(readme)
    assert "body: { extra_field: true }" not in readme  # the options example is a GET


TINY_SPEC = """\
openapi: 3.1.0
info: {title: Tiny, version: "1"}
paths:
  /v1/echo:
    post:
      operationId: echo
      requestBody:
        required: true
        content:
          application/json:
            schema: {type: object, required: [text], properties: {text: {type: string}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {text: {type: string}}}
"""


def test_readme_without_create_list_or_union_still_renders(tmp_path: Path) -> None:
    """Only an operation with a required body: every section falls back, none calls a method
    that does not exist or uses a `created` object that was never made."""
    spec = tmp_path / "tiny.yaml"
    spec.write_text(TINY_SPEC)
    _ir, _config, files = generate_files(spec, None, "typescript", Diagnostics())
    readme = files["README.md"]
    assert "This API has no paginated `list` methods." in readme
    assert "created" not in readme
    assert "switch (" not in readme and "## Forward compatibility" in readme
    assert "// await client.<resource>.<method>(...);" in readme
    assert _readme_calls(readme) == set()
    assert "{{" not in readme and "{%" not in readme


def test_readme_of_llama_stack_uses_its_own_methods() -> None:
    """A third-party spec: its own create/retrieve/list, the id flowing from the created object."""
    _ir, _config, files = generate_files(LLAMA_STACK, None, "typescript", Diagnostics())
    readme = files["README.md"]
    calls = _readme_calls(readme)
    assert calls and calls <= _api_methods(files["api.md"])
    _assert_created_is_defined_where_used(readme)
    assert "const same = await client.conversations.retrieve(created.id);" in readme
    assert "for await (const item of client.conversations.items.list(created.id)) {" in readme
    assert "switch (item.type)" in readme and "    default:\n" in readme and ": never" not in readme


def _assert_created_is_defined_where_used(readme: str) -> None:
    for block in re.findall(r"```ts\n(.*?)```", readme, re.DOTALL):
        if "created." in block:
            assert block.index("const created = await ") < block.index("created."), block


def test_product_names_come_from_the_config(generated: tuple[SdkConfig, dict[str, str]]) -> None:
    for source in RUNTIME.glob("*.ts"):
        assert "parley" not in source.read_text().lower(), source.name
    config, files = generated
    renamed = dataclasses.replace(config, client_name="Acme", env_prefix="ACME_API")
    # The credentials' environment variables are IR facts, derived from the config's prefix.
    document = load_spec(SPEC, Diagnostics()).document
    ir = build_ir(document, renamed, Diagnostics(), spec_sha256="0", generator_version="t")
    other = render(ir, renamed, Diagnostics())
    assert "export class Acme extends BaseClient" in other["src/client.ts"]
    assert '"ACME_API_BASE_URL"' in other["src/client.ts"]
    code = "".join(text for rel, text in other.items() if rel.startswith("src/"))
    # (The spec's own title may still say "Parley" in a doc comment.)
    assert "PARLEY" not in code and "class Parley" not in code and "new Parley" not in code


def test_pagination_scheme_comes_from_the_config(
    generated: tuple[SdkConfig, dict[str, str]]
) -> None:
    config, _files = generated
    custom = dataclasses.replace(config, pagination=(PaginationConfig(
        key="cursor_page", items="data", cursor_param="after", cursor_field="last_id",
        has_more="more_pending"),))
    ir, _config, _files = generate_files(SPEC, CONFIG, "typescript", Diagnostics())
    ir = dataclasses.replace(ir, pagination_schemes=tuple(
        dataclasses.replace(s, has_more_field="more_pending") for s in ir.pagination_schemes))
    pagination = render(ir, custom, Diagnostics())["src/pagination.ts"]
    assert 'hasMoreField: "more_pending"' in pagination
    assert 'cursorParam: "after"' in pagination and 'cursorField: "last_id"' in pagination


def test_runtime_files_are_copied_verbatim(generated: tuple[SdkConfig, dict[str, str]]) -> None:
    _config, files = generated
    for source in RUNTIME.glob("*.ts"):
        if source.name == "variant.ts":  # only for shared-tag unions (tests/generator/
            assert f"src/core/{source.name}" not in files  # test_ir_constructs.py)
            continue
        assert files[f"src/core/{source.name}"].endswith(source.read_text())


def test_output_paths_stay_inside_the_sdk(generated: tuple[SdkConfig, dict[str, str]]) -> None:
    _config, files = generated
    for rel in files:
        assert re.fullmatch(r"[A-Za-z0-9_.\-]+(/[A-Za-z0-9_.\-]+)*", rel), rel
        assert ".." not in Path(rel).parts


def test_optional_and_nullable_follow_the_spec_exactly() -> None:
    """Every property of every model: `?` exactly when not required, `| null` exactly when the
    IR says nullable (the IR keeps the spec's every nullability form as NullableType)."""
    ir, config, files = generate_files(SPEC, CONFIG, "typescript", Diagnostics())
    names = TypeNames(ir, config.client_name)
    types_ts = files["src/types.ts"]
    checked = 0
    for decl in ir.types:
        if not isinstance(decl, ModelDecl):
            continue
        block = re.search(rf"^export interface {names.by_id[decl.id]} \{{\n(.*?)^\}}",
                          types_ts, re.MULTILINE | re.DOTALL)
        assert block, decl.id
        for prop in decl.properties:
            key = re.escape(naming.property_key(prop.wire_name))
            line = re.search(rf"^  {key}(\??): (.*);$", block.group(1), re.MULTILINE)
            assert line, (decl.id, prop.wire_name)
            assert (line.group(1) == "?") == (not prop.required), (decl.id, prop.wire_name)
            nullable = isinstance(prop.type, NullableType)
            assert line.group(2).endswith(" | null") == nullable, (decl.id, prop.wire_name)
            checked += 1
    assert checked > 100


# A path and a description spelling the runtime's helpers: a scanner of the rendered text would
# import `pathTemplate`, `splitParams`, `PagePromise` and `types` here, all unused (tsc's
# noUnusedLocals rejects that). Imports are collected as data while rendering.
TEXT_LOOKS_LIKE_CODE_SPEC = """\
openapi: 3.1.0
info: {title: Lookalike, version: "1"}
paths:
  /pathTemplate(/splitParams(/types.x/PagePromise<:
    get:
      operationId: getLookalike
      description: "calls pathTemplate( and splitParams( on types.Thing, PagePromise<x>"
      responses:
        "204": {description: nothing}
"""


def test_imports_are_collected_as_data_not_scanned(tmp_path: Path) -> None:
    spec = tmp_path / "lookalike.yaml"
    spec.write_text(TEXT_LOOKS_LIKE_CODE_SPEC)
    _ir, _config, files = generate_files(spec, None, "typescript", Diagnostics())
    [module] = [t for t in files.values() if "path: \"/pathTemplate(/splitParams(" in t]
    imports = [line for line in module.splitlines() if line.startswith("import ")]
    assert imports == [
        "import type { APIPromise } from '../../../../core/api-promise.js';",
        "import type { RequestOptions } from '../../../../core/client.js';",
        "import { APIResource } from '../../../../core/resource.js';",
    ]


STRICT_SPEC = """\
openapi: 3.1.0
info: {title: Strict, version: "1"}
paths:
  /v1/things:
    post:
      operationId: createThing
      requestBody:
        required: true
        content: {application/json: {schema: {$ref: "#/components/schemas/ThingInput"}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: "#/components/schemas/Thing"}}
components:
  schemas:
    ThingInput:
      type: object
      properties: {name: {type: string}}
    Thing:
      type: object
      additionalProperties: false
      required: ["a\\"*/b", __proto__]
      properties:
        "a\\"*/b": {type: [string, "null"]}
        __proto__: {type: object, additionalProperties: {type: integer}}
        fixed: {const: {k: [1]}}
        when: {type: string, format: date-time}
        either: {anyOf: [{type: string}, {type: integer}]}
        level: {type: string, enum: ["x'y", "</script>"]}
        bag: {$ref: "#/components/schemas/Bag"}
    Bag:
      type: object
      properties: {n: {type: number}}
      additionalProperties: {type: boolean}
"""


def test_strict_schema_table_escapes_spec_strings(tmp_path: Path) -> None:
    spec = tmp_path / "strict.yaml"
    spec.write_text(STRICT_SPEC)
    _ir, _config, files = generate_files(spec, None, "typescript", Diagnostics())
    table = files["src/internal/schemas.ts"]
    assert table.startswith("// This file is generated by the SDK generator")
    assert 'Bag: { props: [\n    ["n", "number", 0],\n  ], extra: "boolean" },' in table
    for row in (
        r'["a\"*/b", { nullable: "string" }, 1],',
        '["__proto__", { map: "integer" }, 1],',
        r'["fixed", { json: "{\"k\":[1]}" }, 0],',
        '["when", "date-time", 0],',
        '["either", { anyOf: ["string", "integer"] }, 0],',
        '["bag", "Bag", 0],',
    ):
        assert row in table, row
    # additionalProperties: false gives no `extra` (unknown keys are mismatches either way).
    assert '["bag", "Bag", 0],\n  ] },\n' in table
    assert """  ThingLevel: { enum: ["x'y", "</script>"] },""" in table
    # Request-only declarations are left out; the method names its response's schema.
    assert "ThingInput" not in table
    resource = files["src/resources/things.ts"]
    assert 'schema: { array: "Thing" },' in resource

"""The Python backend's reuse of render pieces (generator/languages/python/pieces.py): edits that
fall on the boundaries of its pieces (one declaration, one operation's method, one file, the
declaration names, the imports a piece adds), each checked against a fresh run, and a check that
a one-operation edit on our spec reuses nearly everything."""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import Diagnostics
from generator.ir import RefType
from generator.languages.python.pieces import decl_ref_ids, op_ref_ids
from generator.session import Session
from tests.incremental_edits import Document, add_query_parameter, read_spec
from tests.third_party import CORPUS, LLAMA_STACK

ROOT = Path(__file__).resolve().parents[2]
OUR_SPEC = ROOT / "spec" / "openapi.yaml"
OUR_CONFIG = ROOT / "sdks" / "config.yaml"
LANG = "python"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict[str, Any], description: str = "ok") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _spec() -> Document:
    """Two resources; a request-only model, a response-only one, one on both sides; a
    discriminated union; a recursive alias pair; a paginated list."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Memo API", "version": "1.0.0"},
        "paths": {
            "/things": {
                "post": {
                    "operationId": "createThing",
                    "requestBody": {"required": True, "content": {"application/json": {
                        "schema": _ref("ThingCreate")}}},
                    "responses": {"200": _json(_ref("Thing"))},
                },
                "get": {
                    "operationId": "listThings",
                    "parameters": [{"name": "after", "in": "query",
                                    "schema": {"type": "string"}}],
                    "responses": {"200": _json({"type": "object", "required": ["data"],
                                                "properties": {
                        "data": {"type": "array", "items": _ref("Thing")},
                        "has_more": {"type": "boolean"},
                        "last_id": {"type": "string"}}})},
                },
            },
            "/things/{thing_id}": {
                "get": {
                    "operationId": "getThing",
                    "parameters": [{"name": "thing_id", "in": "path", "required": True,
                                    "schema": {"type": "string"}}],
                    "responses": {"200": _json(_ref("Thing"))},
                },
            },
            "/events": {
                "post": {
                    "operationId": "sendEvent",
                    "requestBody": {"required": True, "content": {"application/json": {
                        "schema": _ref("Event")}}},
                    "responses": {"200": _json(_ref("Tree"))},
                },
            },
        },
        "components": {"schemas": {
            "ThingCreate": {"type": "object", "required": ["label"], "properties": {
                "label": {"type": "string"}, "colour": _ref("Colour")}},
            "Thing": {"type": "object", "required": ["id", "colour"], "properties": {
                "id": {"type": "string"}, "label": {"type": "string"},
                "colour": _ref("Colour"), "memory": _ref("Memory"),
                "note": _ref("MemoNote")}},
            "Colour": {"type": "string", "enum": ["red", "green"]},
            # Named like the clients once the config renames them (then ``Memory_``, ...).
            "Memory": {"type": "string", "enum": ["short", "long"]},
            "MemoNote": {"type": "object", "properties": {"text": {"type": "string"}}},
            "Click": {"type": "object", "required": ["type"], "properties": {
                "type": {"type": "string", "const": "click"}, "x": {"type": "integer"}}},
            "Key": {"type": "object", "required": ["type"], "properties": {
                "type": {"type": "string", "const": "key"}, "key": {"type": "string"}}},
            "Event": {"oneOf": [_ref("Click"), _ref("Key")],
                      "discriminator": {"propertyName": "type"}},
            "Tree": {"anyOf": [{"type": "string"}, _ref("Forest")]},
            "Forest": {"type": "array", "items": _ref("Tree")},
        }},
    }


CONFIG = """\
version: 0.1.0
client: {name: Memo, env_prefix: MEMO}
languages:
  python: {package_name: memo_client, dist_name: memo-client, async_name: AsyncMemo}
pagination:
  cursor_page: {items: data, cursor_param: after, cursor_field: last_id, has_more: has_more}
"""


def _sha(document: Document) -> str:
    return hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()


def _run(
    session: Session, document: Document, config: Path | None
) -> tuple[dict[str, str], list[str]]:
    diags = Diagnostics()
    _ir, _config, rendered = session.generate_document(document, _sha(document), config, diags)
    return rendered[LANG], [d.format() for d in diags]


def _config(tmp_path: Path, text: str, name: str = "config.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _assert_incremental_is_fresh(
    before: Document, after: Document, config_before: Path, config_after: Path | None = None
) -> Session:
    """Runs ``before`` then ``after`` in one session; the second run must be a fresh run of
    ``after`` (every file, every diagnostic). Returns the session (its memo's counts)."""
    config_after = config_after or config_before
    session = Session([LANG])
    first, _ = _run(session, before, config_before)
    again, again_diags = _run(session, after, config_after)
    fresh, fresh_diags = _run(Session([LANG]), after, config_after)
    differing = sorted(p for p in set(again) | set(fresh) if again.get(p) != fresh.get(p))
    assert not differing, differing
    assert again_diags == fresh_diags
    # Each edit changes the output, so a reuse keyed too loosely would have shown above.
    assert again != first
    return session


@pytest.fixture
def config(tmp_path: Path) -> Path:
    return _config(tmp_path, CONFIG)


def _schemas(doc: Document) -> dict[str, Any]:
    schemas: dict[str, Any] = doc["components"]["schemas"]
    return schemas


def test_a_request_only_model_edited(config: Path) -> None:
    after = _spec()
    _schemas(after)["ThingCreate"]["properties"]["note"] = {"type": "string",
                                                            "description": "A note."}
    _assert_incremental_is_fresh(_spec(), after, config)


def test_a_union_member_added(config: Path) -> None:
    after = _spec()
    _schemas(after)["Scroll"] = {"type": "object", "required": ["type"], "properties": {
        "type": {"type": "string", "const": "scroll"}, "dy": {"type": "number"}}}
    _schemas(after)["Event"]["oneOf"].append(_ref("Scroll"))
    _assert_incremental_is_fresh(_spec(), after, config)


def test_an_import_only_the_edited_operation_needs(config: Path) -> None:
    """A header parameter and a date-time field: names (``strip_not_given``, ``datetime``)
    that no other piece of the resource module or the models file used."""
    after = _spec()
    get_thing = after["paths"]["/things/{thing_id}"]["get"]
    get_thing["parameters"].append({"name": "X-Trace", "in": "header",
                                    "schema": {"type": "string"}})
    _schemas(after)["Thing"]["properties"]["created_at"] = {"type": "string",
                                                            "format": "date-time"}
    _assert_incremental_is_fresh(_spec(), after, config)


def test_a_renamed_schema(config: Path) -> None:
    after = _spec()
    schemas = _schemas(after)
    schemas["Hue"] = schemas.pop("Colour")
    text = json.dumps(after).replace("#/components/schemas/Colour", "#/components/schemas/Hue")
    _assert_incremental_is_fresh(_spec(), json.loads(text), config)


def test_a_new_schema_that_takes_an_existing_param_class_name(config: Path) -> None:
    """``ThingCreateParam`` claims the name the request model's TypedDict had, so every piece
    that refers to that TypedDict must change although its own declaration did not."""
    after = _spec()
    _schemas(after)["ThingCreateParam"] = {"type": "object", "properties": {
        "x": {"type": "string"}}}
    after["paths"]["/things/{thing_id}"]["get"]["responses"]["200"] = _json(
        _ref("ThingCreateParam"))
    _assert_incremental_is_fresh(_spec(), after, config)


def test_a_top_level_method_edited(config: Path) -> None:
    """A method of the client itself (not of a resource): ``_client.py`` and api.md."""
    before = _spec()
    before["paths"]["/"] = {"get": {"operationId": "ping",
                                    "responses": {"200": _json({"type": "string"})}}}
    after = copy.deepcopy(before)
    after["paths"]["/"]["get"]["parameters"] = [{"name": "echo", "in": "query",
                                                 "schema": {"type": "string"}}]
    _assert_incremental_is_fresh(before, after, config)


def test_a_new_schema_that_takes_a_resource_class_name(config: Path) -> None:
    """A schema ``Things`` pushes the ``things`` resource's classes to ``ThingsResource``:
    the resource module, ``resources/__init__.py`` and the client change with it."""
    after = _spec()
    _schemas(after)["Things"] = {"type": "object", "properties": {"n": {"type": "integer"}}}
    after["paths"]["/events"]["post"]["responses"]["200"] = _json(_ref("Things"))
    session = _assert_incremental_is_fresh(_spec(), after, config)
    again, _ = _run(session, after, config)
    assert "ThingsResource as ThingsResource" in again["src/memo_client/resources/__init__.py"]


def test_the_recursive_alias_pair_renamed(config: Path) -> None:
    after = _spec()
    schemas = _schemas(after)
    schemas["Woods"] = schemas.pop("Forest")
    text = json.dumps(after).replace("#/components/schemas/Forest", "#/components/schemas/Woods")
    _assert_incremental_is_fresh(_spec(), json.loads(text), config)


def test_a_referenced_enum_made_nullable(config: Path) -> None:
    """The referring pieces (``Thing``'s required ``colour``) write ``Optional[...]``."""
    after = _spec()
    _schemas(after)["Colour"] = {"type": ["string", "null"], "enum": ["red", "green", None]}
    _assert_incremental_is_fresh(_spec(), after, config)


@pytest.mark.parametrize(
    "replace",
    [
        ("name: Memo", "name: Memory"),
        ("package_name: memo_client", "package_name: other_client"),
        ("version: 0.1.0", "version: 0.2.0"),
        ("async_name: AsyncMemo", "async_name: MemoAsync"),
        ("env_prefix: MEMO", "env_prefix: MEMO2"),
        # The page classes' names (the list method's return type).
        ("cursor_page: {", "item_page: {"),
    ],
)
def test_a_config_change(tmp_path: Path, replace: tuple[str, str]) -> None:
    before = _config(tmp_path, CONFIG)
    after = _config(tmp_path, CONFIG.replace(*replace), "after.yaml")
    _assert_incremental_is_fresh(_spec(), _spec(), before, after)


def test_a_schema_named_like_the_client_after_a_config_change(tmp_path: Path) -> None:
    """The client's names are reserved for declarations: renaming the clients renames the
    ``Memory`` enum (an alias) and the ``MemoNote`` model, and so every piece that refers to
    them, though no declaration changed."""
    before = _config(tmp_path, CONFIG)
    renamed = CONFIG.replace("name: Memo", "name: Memory").replace("AsyncMemo", "MemoNote")
    after = _config(tmp_path, renamed, "after.yaml")
    session = _assert_incremental_is_fresh(_spec(), _spec(), before, after)
    again, _ = _run(session, _spec(), after)
    models = again["src/memo_client/types/_models.py"]
    assert "Memory_ = Annotated[" in models
    assert "class MemoNote_(BaseModel)" in models


def test_a_one_operation_edit_on_our_spec_reuses_nearly_every_piece() -> None:
    document = read_spec(OUR_SPEC)
    session = Session([LANG])
    _run(session, document, OUR_CONFIG)
    full_computed = session.memos[LANG].last_computed
    edited = add_query_parameter(document)
    again, _ = _run(session, edited, OUR_CONFIG)
    fresh, _ = _run(Session([LANG]), edited, OUR_CONFIG)
    assert again == fresh
    memo = session.memos[LANG]
    assert memo.last_reused > 0
    # One method, its resource module, the client only if the method is a top-level one,
    # api.md, the README at most, and the edited operation's own node.
    assert memo.last_computed <= 6 < full_computed / 10, (memo.last_computed, full_computed)


def _every_ref(node: object) -> set[str]:
    """The ids of every RefType anywhere inside ``node``, by walking every field."""
    if isinstance(node, RefType):
        return {node.id}
    if isinstance(node, tuple):
        return {r for item in node for r in _every_ref(item)}
    if is_dataclass(node) and not isinstance(node, type):
        return {r for f in fields(node) for r in _every_ref(getattr(node, f.name))}
    return set()


@pytest.mark.parametrize("spec", ["parley", "llama-stack", *sorted(CORPUS)])
def test_the_refs_a_piece_is_keyed_on_are_every_ref_of_its_node(spec: str) -> None:
    """A piece keyed on the names of the declarations its node refers to would go stale if a
    reference were missed: the backend's walk finds what a walk of every field finds."""
    path, config = (OUR_SPEC, OUR_CONFIG) if spec == "parley" else (
        (LLAMA_STACK, None) if spec == "llama-stack" else (CORPUS[spec], None))
    document = read_spec(path)
    ir, _config, _rendered = Session([LANG]).generate_document(
        document, _sha(document), config, Diagnostics())
    for decl in ir.types:
        assert set(decl_ref_ids(decl)) == _every_ref(decl), decl.id
    for op in ir.operations():
        assert set(op_ref_ids(op)) == _every_ref(op), op.id
    assert any(decl_ref_ids(d) for d in ir.types)


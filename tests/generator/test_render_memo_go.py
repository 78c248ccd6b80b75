"""The Go backend's render pieces (generator/languages/go/render.py) across the runs of one
session: edits at the pieces' boundaries (a name another piece claimed, a union member, a
request-only type, an import only the edited operation needs, a renamed schema, config
changes), each second run equal to a fresh run, and a one-operation edit reusing most pieces."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.noop import one_operation_changed
from generator.diagnostics import Diagnostics
from generator.session import Session
from tests.incremental_edits import EDITS, Document, read_spec
from tests.third_party import CORPUS, LLAMA_STACK

ROOT = Path(__file__).resolve().parents[2]
OUR_SPEC = ROOT / "spec" / "openapi.yaml"
OUR_CONFIG = ROOT / "sdks" / "config.yaml"


def _run(session: Session, document: Document, config: Path | None) -> dict[str, str]:
    sha = hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()
    _ir, _config, rendered = session.generate_document(document, sha, config, Diagnostics())
    return rendered["go"]


def _assert_same(again: dict[str, str], fresh: dict[str, str]) -> None:
    differing = sorted(p for p in set(again) | set(fresh) if again.get(p) != fresh.get(p))
    assert not differing, differing


def _schemas(doc: Document) -> dict[str, Any]:
    schemas: dict[str, Any] = doc["components"]["schemas"]
    return schemas


def _operation(doc: Document, path: str, method: str) -> dict[str, Any]:
    operation: dict[str, Any] = doc["paths"][path][method]
    return operation


def name_taken_by_a_schema(doc: Document) -> Document:
    """A schema now takes the name of the create call's params struct (declarations claim
    first), so that struct and everything naming it move to ``…Params2``."""
    out = copy.deepcopy(doc)
    _schemas(out)["ConversationsNewParams"] = {"type": "object",
                                               "properties": {"x": {"type": "string"}}}
    return out


def union_member_added(doc: Document) -> Document:
    out = copy.deepcopy(doc)
    annotation = _schemas(out)["Annotation"]
    annotation["oneOf"].append({"$ref": "#/components/schemas/SummaryText"})
    annotation["discriminator"]["mapping"]["summary_text"] = "#/components/schemas/SummaryText"
    return out


def request_only_type(doc: Document) -> Document:
    """A new operation whose body is a new schema holding an inline union: a request twin and
    an inline request union met only through it."""
    out = copy.deepcopy(doc)
    _schemas(out)["IncrementalRequest"] = {
        "type": "object", "required": ["kind"],
        "properties": {"kind": {"type": "string"},
                       "value": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                       "conversation": {"$ref": "#/components/schemas/Conversation"}}}
    out["paths"]["/v1/incremental"] = {"post": {
        "operationId": "createIncremental",
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/IncrementalRequest"}}}},
        "responses": {"204": {"description": "done"}}}}
    return out


def header_parameter(doc: Document) -> Document:
    """params.go imports net/http only for this operation's header parameter."""
    out = copy.deepcopy(doc)
    _operation(out, "/v1/conversations", "post").setdefault("parameters", []).append(
        {"name": "X-Incremental", "in": "header", "required": False,
         "schema": {"type": "string"}})
    return out


def binary_body(doc: Document) -> Document:
    """params.go imports io only for this operation's upload body."""
    out = copy.deepcopy(doc)
    out["paths"]["/v1/uploads"] = {"post": {
        "operationId": "uploadBlob",
        "requestBody": {"required": True, "content": {"application/octet-stream": {
            "schema": {"type": "string", "format": "binary"}}}},
        "responses": {"204": {"description": "done"}}}}
    return out


def renamed_schema(doc: Document) -> Document:
    out = copy.deepcopy(doc)
    text = json.dumps(out).replace("#/components/schemas/Conversation\"",
                                   "#/components/schemas/Chat\"")
    renamed: Document = json.loads(text)
    schemas = _schemas(renamed)
    renamed["components"]["schemas"] = {("Chat" if k == "Conversation" else k): v
                                        for k, v in schemas.items()}
    return renamed


GO_EDITS = {
    "name_taken_by_a_schema": name_taken_by_a_schema,
    "union_member_added": union_member_added,
    "request_only_type": request_only_type,
    "header_parameter": header_parameter,
    "binary_body": binary_body,
    "renamed_schema": renamed_schema,
    **EDITS,
}


@pytest.fixture(scope="module")
def ours() -> Document:
    return read_spec(OUR_SPEC)


@pytest.mark.parametrize("edit", sorted(GO_EDITS))
def test_an_edit_then_its_undoing_render_as_fresh_runs(ours: Document, edit: str) -> None:
    edited = GO_EDITS[edit](ours)
    session = Session(["go"])
    first = _run(session, ours, OUR_CONFIG)
    fresh = _run(Session(["go"]), edited, OUR_CONFIG)
    _assert_same(_run(session, edited, OUR_CONFIG), fresh)
    # The same spec again (the declarations unchanged since the last run, not since every
    # piece's), back to the first spec, then the edit again: pieces computed under the other
    # state are in the memo now, and must not be taken for this one's.
    _assert_same(_run(session, edited, OUR_CONFIG), fresh)
    _assert_same(_run(session, ours, OUR_CONFIG), first)
    _assert_same(_run(session, edited, OUR_CONFIG), fresh)


def test_the_new_names_and_imports_reach_the_files(ours: Document) -> None:
    """The edits above change what they are meant to (else their tests would prove little)."""
    session = Session(["go"])
    _run(session, ours, OUR_CONFIG)
    taken = _run(session, name_taken_by_a_schema(ours), OUR_CONFIG)
    assert "type ConversationsNewParams2 struct" in taken["params.go"]
    header = _run(session, header_parameter(ours), OUR_CONFIG)
    assert '\t"net/http"\n' in header["params.go"]
    binary = _run(session, binary_body(ours), OUR_CONFIG)
    assert '\t"io"\n' in binary["params.go"]
    renamed = _run(session, renamed_schema(ours), OUR_CONFIG)
    assert "type Chat struct" in renamed["types.go"]
    assert "type Conversation struct" not in renamed["types.go"]


@pytest.mark.parametrize("change", ["package", "module", "retries", "version"])
def test_a_config_change_renders_as_a_fresh_run(ours: Document, tmp_path: Path,
                                                 change: str) -> None:
    config: dict[str, Any] = yaml.safe_load(OUR_CONFIG.read_text(encoding="utf-8"))
    go = config.setdefault("languages", {}).setdefault("go", {})
    if change == "package":
        go["package_name"] = "chats"
    elif change == "module":
        go["module"] = "example.com/chats/v2"
    elif change == "retries":
        config.setdefault("retries", {})["max_retries"] = 7
    else:
        config["version"] = "9.8.7"
    changed = tmp_path / "config.yaml"
    changed.write_text(yaml.safe_dump(config), encoding="utf-8")
    session = Session(["go"])
    first = _run(session, ours, OUR_CONFIG)
    again = _run(session, ours, changed)
    fresh = _run(Session(["go"]), ours, changed)
    _assert_same(again, fresh)
    assert again != first


@pytest.mark.parametrize("spec", ["hf-tgi.json", "together-ai.yaml", "llama-stack"])
def test_edits_on_other_shapes(spec: str) -> None:
    document = read_spec(LLAMA_STACK if spec == "llama-stack" else CORPUS[spec])
    edits = (("edit_description", "add_enum_query_parameter", "add_schema_property")
             if spec == "llama-stack" else sorted(EDITS))
    for edit in edits:
        edited = EDITS[edit](document)
        session = Session(["go"])
        _run(session, document, None)
        _assert_same(_run(session, edited, None), _run(Session(["go"]), edited, None))


def test_a_one_operation_edit_reuses_most_pieces(tmp_path: Path) -> None:
    edited = one_operation_changed(OUR_SPEC, tmp_path / "edited.yaml")
    session = Session(["go"])
    diags = Diagnostics()
    session.generate(OUR_SPEC, OUR_CONFIG, diags)
    full = session.memos["go"].last_computed
    _ir, _config, again = session.generate(edited, OUR_CONFIG, Diagnostics())
    memo = session.memos["go"]
    assert memo.last_reused > 0
    assert memo.last_computed * 5 <= full, (memo.last_reused, memo.last_computed, full)
    _ir, _config, fresh = Session(["go"]).generate(edited, OUR_CONFIG, Diagnostics())
    _assert_same(again["go"], fresh["go"])


def test_a_member_changed_under_an_unchanged_union(ours: Document) -> None:
    """The union's declaration is the same, but how it tells its members apart reads theirs:
    its piece must not be reused, neither the run after the change nor the run after that
    (when the declarations are the same as the last run's, not as the piece's)."""
    base = copy.deepcopy(ours)
    _schemas(base)["OrderOrText"] = {"anyOf": [{"$ref": "#/components/schemas/ListOrder"},
                                               {"type": "boolean"}]}
    _schemas(base)["OrderHolder"] = {"type": "object", "properties": {
        "value": {"$ref": "#/components/schemas/OrderOrText"}}}
    edited = copy.deepcopy(base)
    _schemas(edited)["ListOrder"] = {"type": "integer", "enum": [1, 2]}
    session = Session(["go"])
    first = _run(session, base, OUR_CONFIG)
    fresh = _run(Session(["go"]), edited, OUR_CONFIG)
    assert "case respjson.KindInteger:" in fresh["types.go"].split("func (u OrderOrText) AsAny")[1]
    for document, expected in ((edited, fresh), (edited, fresh), (base, first), (edited, fresh)):
        _assert_same(_run(session, document, OUR_CONFIG), expected)


def test_an_import_outlives_the_piece_that_found_it(ours: Document) -> None:
    """A file's import is found in one piece and not looked for in the later ones: when that
    piece stops using it, the others are looked at (net/url: the query parameters of several
    operations; each one's removed in turn, whichever found it first)."""
    with_query = [(path, method) for path, item in ours["paths"].items()
                  for method, op in item.items()
                  if isinstance(op, dict) and any(
                      p.get("in") == "query" for p in op.get("parameters", []))]
    assert len(with_query) >= 2
    for path, method in with_query:
        edited = copy.deepcopy(ours)
        op = _operation(edited, path, method)
        op["parameters"] = [p for p in op["parameters"] if p.get("in") != "query"]
        session = Session(["go"])
        _run(session, ours, OUR_CONFIG)
        again = _run(session, edited, OUR_CONFIG)
        _assert_same(again, _run(Session(["go"]), edited, OUR_CONFIG))
        assert '\t"net/url"\n' in again["params.go"]

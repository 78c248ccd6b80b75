"""The TypeScript backend's render pieces (generator/languages/typescript/render.py): a second
run of a session, reusing the first run's pieces, writes what a fresh run writes, for edits
aimed at the pieces' boundaries (a request-only type, a union member, an import only the edited
operation needs, a renamed schema, a schema taking a params interface's name, a type becoming
reachable from a response, config changes); and a one-operation edit really reuses."""

from __future__ import annotations

import copy
import functools
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.diagnostics import Diagnostics
from generator.languages import BACKENDS
from generator.render_memo import RenderMemo
from generator.session import Rendered, Session, config_for
from tests.incremental_edits import EDITS, Document, read_spec
from tests.third_party import LLAMA_STACK

ROOT = Path(__file__).resolve().parents[2]
OUR_SPEC = ROOT / "spec" / "openapi.yaml"
OUR_CONFIG = ROOT / "sdks" / "config.yaml"
LANG = "typescript"
REF = "#/components/schemas/"


@functools.cache
def _our_spec() -> Document:
    return read_spec(OUR_SPEC)


@functools.cache
def _llama_stack() -> Document:
    return read_spec(LLAMA_STACK)


def _run(session: Session, document: Document, config: Path | None) -> tuple[dict[str, str],
                                                                           list[str]]:
    diags = Diagnostics()
    sha = hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()
    rendered: Rendered = session.generate_document(document, sha, config, diags)[2]
    return rendered[LANG], [d.format() for d in diags]


def _assert_incremental_is_fresh(
    before: Document, after: Document, config: Path | None = OUR_CONFIG,
    config_after: Path | None = None,
) -> tuple[dict[str, str], dict[str, str]]:
    """The second run of a session equals a fresh run; returns (first, second) outputs."""
    session = Session([LANG])
    first, _ = _run(session, before, config)
    again, again_diags = _run(session, after, config_after or config)
    fresh, fresh_diags = _run(Session([LANG]), after, config_after or config)
    differing = sorted(p for p in set(again) | set(fresh) if again.get(p) != fresh.get(p))
    assert not differing, differing[:10]
    assert list(again) == list(fresh)  # file order too
    assert again_diags == fresh_diags
    return first, again


def _schemas(doc: Document) -> dict[str, Any]:
    schemas: dict[str, Any] = doc["components"]["schemas"]
    return schemas


def _rename_refs(doc: Document, old: str, new: str) -> Document:
    text = json.dumps(doc).replace(json.dumps(REF + old), json.dumps(REF + new))
    out: Document = json.loads(text)
    schemas = _schemas(out)
    out["components"]["schemas"] = {(new if k == old else k): v for k, v in schemas.items()}
    return out


# ------------------------------------------------------------------------- edits on our spec


def request_only_type_changed(doc: Document) -> Document:
    """A type only requests use: its types.ts block and the params interface that flattens it
    change, schemas.ts (response side) must not."""
    out = copy.deepcopy(doc)
    _schemas(out)["UpdateConversationRequest"]["properties"]["note"] = {
        "type": "string", "description": "Added between two runs."}
    return out


def union_member_added(doc: Document) -> Document:
    """A new member of a discriminated union: a new declaration, the union's alias, its
    schemas.ts entry and the names after it shift."""
    out = copy.deepcopy(doc)
    _schemas(out)["AudioContent"] = {
        "type": "object", "title": "AudioContent", "required": ["type", "audio"],
        "properties": {"type": {"type": "string", "enum": ["audio"]},
                       "audio": {"type": "string"}},
    }
    part = _schemas(out)["ContentPart"]
    part["oneOf"].append({"$ref": REF + "AudioContent"})
    part["discriminator"]["mapping"]["audio"] = REF + "AudioContent"
    return out


def import_only_one_operation_needs(doc: Document) -> Document:
    """`health` had no parameters: a query parameter makes its module import splitParams and
    the types (a params interface), and claims a params name before later ones."""
    out = copy.deepcopy(doc)
    out["paths"]["/v1/health"]["get"]["parameters"] = [
        {"name": "verbose", "in": "query", "required": False,
         "schema": {"type": "string", "enum": ["yes", "no"]}}]
    return out


def schema_renamed(doc: Document) -> Document:
    return _rename_refs(doc, "ConversationItem", "ConversationEntry")


def schema_takes_a_params_name(doc: Document) -> Document:
    """A schema named like a params interface: the interface (and every method naming it) gets
    another name, although no operation changed."""
    out = copy.deepcopy(doc)
    _schemas(out)["ConversationsCreateParams"] = {
        "type": "object", "properties": {"x": {"type": "string"}}}
    return out


def request_type_becomes_a_response(doc: Document) -> Document:
    """A request-only type becomes reachable from a response: it gains a schemas.ts row."""
    out = copy.deepcopy(doc)
    content = out["paths"]["/v1/health"]["get"]["responses"]["200"]["content"]
    content["application/json"]["schema"] = {"$ref": REF + "UpdateConversationRequest"}
    return out


def sub_resource_added(doc: Document) -> Document:
    """A new child of an existing resource: the parent's module imports and holds it, its own
    methods unchanged."""
    out = copy.deepcopy(doc)
    out = copy.deepcopy(doc)
    conversation_id = {"name": "conversation_id", "in": "path", "required": True,
                       "schema": {"type": "string"}}
    note = {"200": {"description": "ok", "content": {"application/json": {
        "schema": {"$ref": REF + "Conversation"}}}}}
    out["paths"]["/v1/conversations/{conversation_id}/notes"] = {"get": {
        "operationId": "listConversationNotes", "parameters": [conversation_id],
        "responses": note}}
    out["paths"]["/v1/conversations/{conversation_id}/notes/{note_id}"] = {"get": {
        "operationId": "getConversationNote", "responses": note, "parameters": [
            conversation_id, {"name": "note_id", "in": "path", "required": True,
                              "schema": {"type": "string"}}]}}
    return out


OUR_EDITS: dict[str, Callable[[Document], Document]] = {
    "sub_resource_added": sub_resource_added,
    "request_only_type_changed": request_only_type_changed,
    "union_member_added": union_member_added,
    "import_only_one_operation_needs": import_only_one_operation_needs,
    "schema_renamed": schema_renamed,
    "schema_takes_a_params_name": schema_takes_a_params_name,
    "request_type_becomes_a_response": request_type_becomes_a_response,
}


@pytest.mark.parametrize("edit", sorted(OUR_EDITS))
def test_an_edit_at_a_piece_boundary_renders_as_a_fresh_run(edit: str) -> None:
    before = _our_spec()
    first, again = _assert_incremental_is_fresh(before, OUR_EDITS[edit](before))
    assert again != first  # the edit reaches the TypeScript output


def test_the_edits_reach_what_they_aim_at() -> None:
    """Each boundary edit changes the file it is about (else it tests nothing)."""
    before = _our_spec()
    session = Session([LANG])
    base, _ = _run(session, before, OUR_CONFIG)

    def changed(edit: Callable[[Document], Document]) -> set[str]:
        out, _ = _run(Session([LANG]), edit(before), OUR_CONFIG)
        return {p for p in set(out) | set(base) if out.get(p) != base.get(p)}

    request_only = changed(request_only_type_changed)
    assert "src/types.ts" in request_only
    assert "src/internal/schemas.ts" not in request_only
    assert "src/internal/schemas.ts" in changed(request_type_becomes_a_response)
    health = _run(Session([LANG]), import_only_one_operation_needs(before), OUR_CONFIG)[0]
    assert "splitParams" in health["src/resources/health.ts"]
    assert "splitParams" not in base["src/resources/health.ts"]
    notes, _ = _run(Session([LANG]), sub_resource_added(before), OUR_CONFIG)
    assert "src/resources/conversations/notes.ts" in notes
    assert "notes" in notes["src/resources/conversations.ts"]
    renamed_params, _ = _run(Session([LANG]), schema_takes_a_params_name(before), OUR_CONFIG)
    assert "ConversationsCreateParams_" in renamed_params["src/types.ts"]


@pytest.mark.parametrize("edit", ["edit_description", "add_query_parameter", "rename_operation"])
def test_an_edit_after_an_edit_renders_as_a_fresh_run(edit: str) -> None:
    """Three runs: the pieces the second run computed are reused correctly by the third."""
    before = _our_spec()
    middle = union_member_added(before)
    after = EDITS[edit](middle)
    session = Session([LANG])
    _run(session, before, OUR_CONFIG)
    _run(session, middle, OUR_CONFIG)
    again, _ = _run(session, after, OUR_CONFIG)
    fresh, _ = _run(Session([LANG]), after, OUR_CONFIG)
    assert again == fresh


# ---------------------------------------------------------------------------- config edits


def _edited_config(tmp_path: Path, edit: Callable[[dict[str, Any]], None]) -> Path:
    config: dict[str, Any] = yaml.safe_load(OUR_CONFIG.read_text(encoding="utf-8"))
    edit(config)
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


CONFIG_EDITS: dict[str, Callable[[dict[str, Any]], None]] = {
    "client_name": lambda c: c["client"].update(name="Conversations"),  # a resource's name
    # A schema's name: that type is renamed, so is every reference to it in equal declarations.
    "client_name_of_a_type": lambda c: c["client"].update(name="Metadata"),
    "dist_name": lambda c: c["languages"]["typescript"].update(dist_name="@acme/parley"),
    "version": lambda c: c.update(version="2.0.0"),
    "retries": lambda c: c["retries"].update(max_retries=5, retry_statuses=[429]),
}


@pytest.mark.parametrize("edit", sorted(CONFIG_EDITS))
def test_a_config_change_renders_as_a_fresh_run(edit: str, tmp_path: Path) -> None:
    document = _our_spec()
    config = _edited_config(tmp_path, CONFIG_EDITS[edit])
    first, again = _assert_incremental_is_fresh(document, document, OUR_CONFIG, config)
    assert again != first


# --------------------------------------------------------------- a spec with stream flags


def _stream_flag_operation(doc: Document) -> tuple[str, str]:
    """(path, method) of an operation whose JSON body has a boolean ``stream`` property."""
    schemas = _schemas(doc)
    for path, item in doc["paths"].items():
        for method, op in item.items():
            if not isinstance(op, dict) or "requestBody" not in op:
                continue
            schema = op["requestBody"].get("content", {}).get("application/json", {}).get(
                "schema", {})
            ref = schema.get("$ref", "")
            body = schemas.get(ref.removeprefix(REF), schema) if ref else schema
            if "stream" in (body.get("properties") or {}):
                return path, method
    raise AssertionError("llama-stack has no operation with a stream flag")


def test_a_stream_flag_operation_edited_renders_as_a_fresh_run() -> None:
    """Streaming / NonStreaming params variants are claimed outside the method piece."""
    before = _llama_stack()
    path, method = _stream_flag_operation(before)
    after = copy.deepcopy(before)
    after["paths"][path][method].setdefault("parameters", []).append(
        {"name": "incremental_flag", "in": "query", "schema": {"type": "boolean"}})
    first, again = _assert_incremental_is_fresh(before, after, None)
    assert "NonStreaming" in again["src/types.ts"]
    assert again != first


# ------------------------------------------------------------------------- reuse, measured


def _ir_and_config(document: Document) -> tuple[Any, Any]:
    from generator.build_ir import build_ir

    diags = Diagnostics()
    config = config_for(document, OUR_CONFIG, diags)
    return build_ir(document, config, diags, spec_sha256="0" * 64, generator_version="t"), config


def test_a_one_operation_edit_reuses_nearly_every_piece() -> None:
    before = _our_spec()
    after = EDITS["add_query_parameter"](EDITS["edit_description"](before))
    session = Session([LANG])
    _run(session, before, OUR_CONFIG)
    full = session.reuse_counts()[LANG]
    _run(session, after, OUR_CONFIG)
    reused, computed = session.reuse_counts()[LANG]
    assert full[0] == 0  # the first run computed everything
    assert reused > 0
    assert computed * 5 < full[1], (reused, computed, full)


def test_the_same_ir_again_computes_nothing_and_renders_the_same() -> None:
    ir, config = _ir_and_config(_our_spec())
    render = BACKENDS[LANG].render
    memo = RenderMemo()
    first = render(ir, config, Diagnostics(), memo)
    memo.finish_run()
    second = render(ir, config, Diagnostics(), memo)
    memo.finish_run()
    assert second == first
    assert memo.last_computed == 0
    assert memo.last_reused > 0


def test_a_run_without_a_memo_renders_what_a_session_renders() -> None:
    document = _our_spec()
    ir, config = _ir_and_config(document)
    plain = BACKENDS[LANG].render(ir, config, Diagnostics())
    with_memo = BACKENDS[LANG].render(ir, config, Diagnostics(), RenderMemo())
    assert plain == with_memo


# ------------------------------------------------------------------- the cut template render


CUT = ("head{% if a %}+imports{% endif %}\n{% for x in a %}<{{ x }}>\n{% endfor %}"
       "mid\n{% for y in b %}[{{ y }}]{% endfor %}{% if not a and not b %}empty{% endif %}.")


@pytest.mark.parametrize(("a", "b"), [(["1", "2", "3"], ["p"]), ([], ["p", "q"]), ([], [])])
def test_a_cut_render_is_the_whole_render_and_fills_only_the_pending_cells(
        a: list[str], b: list[str]) -> None:
    from generator.languages.typescript.pieces import Cell, render_cut
    from generator.render import environment

    template = environment(LANG).from_string(CUT)
    whole = template.render(a=a, b=b)
    fresh_a, fresh_b = [Cell(x) for x in a], [Cell(y) for y in b]
    assert render_cut(template, [("a", fresh_a, bool(a)), ("b", fresh_b, bool(b))]) == whole
    assert [c.text for c in fresh_a] == [f"<{x}>\n" for x in a]
    assert all(c.view is None for c in fresh_a + fresh_b)
    # A cell with text is reused as it is, not rendered again; the others still are.
    reused = [Cell(None, "<kept>\n"), *(Cell(x) for x in a[1:])] if a else []
    text = render_cut(template, [("a", reused, bool(a)), ("b", [Cell(y) for y in b], bool(b))])
    assert text == (whole.replace(f"<{a[0]}>", "<kept>", 1) if a else whole)

"""The Kotlin backend's reusable pieces (generator/languages/kotlin/pieces.py): a second run
after an edit that crosses a piece's boundary writes what a fresh run writes, and a
one-operation edit reuses nearly every piece."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bench.noop import one_operation_changed
from generator.diagnostics import Diagnostics
from generator.session import Session
from tests.incremental_edits import EDITS as INCREMENTAL_EDITS
from tests.incremental_edits import Document, read_spec
from tests.third_party import CORPUS

ROOT = Path(__file__).resolve().parents[2]
OUR_SPEC = ROOT / "spec" / "openapi.yaml"
OUR_CONFIG = ROOT / "sdks" / "config.yaml"
CLIENT = "src/main/kotlin/dev/parley/Client.kt"
TYPES = "src/main/kotlin/dev/parley/Types.kt"


def _run(session: Session, document: Document, config: Path | None) -> dict[str, str]:
    diags = Diagnostics()
    sha = hashlib.sha256(json.dumps(document, sort_keys=True, default=str).encode()).hexdigest()
    _ir, _config, rendered = session.generate_document(document, sha, config, diags)
    return rendered["kotlin"]


def _again_and_fresh(document: Document, edited: Document, config: Path | None = OUR_CONFIG,
                     edited_config: Path | None = OUR_CONFIG,
                     ) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(first run, second run of the same session after the edit, a fresh run of the edit),
    the second asserted equal to the fresh one file by file."""
    session = Session(["kotlin"])
    first = _run(session, document, config)
    again = _run(session, edited, edited_config)
    fresh = _run(Session(["kotlin"]), edited, edited_config)
    differing = sorted(p for p in set(again) | set(fresh) if again.get(p) != fresh.get(p))
    assert not differing, differing
    return first, again, fresh


def _renamed(doc: Document, old: str, new: str) -> Document:
    text = json.dumps(doc).replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    out: Document = json.loads(text)
    schemas = out["components"]["schemas"]
    out["components"]["schemas"] = {new if k == old else k: v for k, v in schemas.items()}
    return out


def _first_operation(doc: Document) -> dict[str, Any]:
    for item in doc["paths"].values():
        for method in ("get", "post", "put", "patch", "delete"):
            if isinstance(item.get(method), dict):
                return item[method]  # type: ignore[no-any-return]
    raise AssertionError("no operation")


def request_only_type(doc: Document) -> Document:
    """A new model used by one request body only (a new declaration, its name claimed)."""
    out = copy.deepcopy(doc)
    out["components"]["schemas"]["IncrementalFilter"] = {
        "type": "object", "required": ["field"],
        "properties": {"field": {"type": "string"},
                       "labels": {"$ref": "#/components/schemas/Metadata"}}}
    out["paths"]["/incremental-filters"] = {"post": {
        "operationId": "createIncrementalFilter",
        "requestBody": {"required": True, "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/IncrementalFilter"}}}},
        "responses": {"204": {"description": "saved"}}}}
    return out


def union_member_added(doc: Document) -> Document:
    """A model joins a discriminated union: the union and the member's supertypes change."""
    out = copy.deepcopy(doc)
    schemas = out["components"]["schemas"]
    schemas["LaterContent"] = {
        "type": "object", "required": ["type", "text"],
        "properties": {"type": {"type": "string", "enum": ["later"]},
                       "text": {"type": "string"}}}
    schemas["ContentPart"]["oneOf"].append({"$ref": "#/components/schemas/LaterContent"})
    schemas["ContentPart"]["discriminator"]["mapping"]["later"] = (
        "#/components/schemas/LaterContent")
    return out


def existing_model_joins_union(doc: Document) -> Document:
    """A model already declared becomes a union member: its supertypes change, not itself."""
    out = copy.deepcopy(doc)
    union = out["components"]["schemas"]["ContentPart"]
    union["oneOf"].append({"$ref": "#/components/schemas/ReasoningItem"})
    union["discriminator"]["mapping"]["reasoning"] = "#/components/schemas/ReasoningItem"
    return out


def binary_response(doc: Document) -> Document:
    """The first operation returns bytes: an import only that method needs."""
    out = copy.deepcopy(doc)
    _first_operation(out)["responses"] = {"200": {"description": "bytes", "content": {
        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}}
    return out


def alias_retargeted(doc: Document) -> Document:
    """An alias stands for another type: every model using it reads and writes differently,
    though no name or kind changed."""
    out = copy.deepcopy(doc)
    out["components"]["schemas"]["Metadata"]["additionalProperties"] = {"type": "integer"}
    return out


def alias_becomes_model(doc: Document) -> Document:
    """An alias becomes a model under the same id: what refers to it is unchanged in the IR
    but is read and written through the model now (methods taking it too)."""
    out = copy.deepcopy(doc)
    out["components"]["schemas"]["Metadata"] = {
        "type": "object", "properties": {"tag": {"type": "string"}}}
    return out


EDITS: dict[str, Callable[[Document], Document]] = {
    "alias_becomes_model": alias_becomes_model,
    "request_only_type": request_only_type,
    "union_member_added": union_member_added,
    "binary_response": binary_response,
    "existing_model_joins_union": existing_model_joins_union,
    "alias_retargeted": alias_retargeted,
    "alias_renamed": lambda doc: _renamed(doc, "Metadata", "Labels"),
    "union_member_renamed": lambda doc: _renamed(doc, "InputTextContent", "TextInputContent"),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_a_second_run_after_an_edit_across_pieces_is_a_fresh_run(edit: str) -> None:
    document = read_spec(OUR_SPEC)
    first, again, _ = _again_and_fresh(document, EDITS[edit](document))
    assert again != first  # the edit reached the output


def test_an_import_only_the_edited_method_needs_is_added() -> None:
    document = read_spec(OUR_SPEC)
    first, again, _ = _again_and_fresh(document, binary_response(document))
    assert "import dev.parley.core.BinaryResponse\n" not in first[CLIENT]
    assert "import dev.parley.core.BinaryResponse\n" in again[CLIENT]


def test_a_retargeted_alias_reaches_the_models_that_use_it() -> None:
    document = read_spec(OUR_SPEC)
    first, again, _ = _again_and_fresh(document, alias_retargeted(document))
    changed = [line for line in again[TYPES].splitlines() if "J.long" in line]
    assert len(changed) > len([line for line in first[TYPES].splitlines() if "J.long" in line])


def _config(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    config = yaml.safe_load(OUR_CONFIG.read_text(encoding="utf-8"))
    change(config)
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


CONFIG_EDITS: dict[str, Callable[[dict[str, Any]], None]] = {
    "package": lambda c: c["languages"]["kotlin"].update(package="org.example.chat"),
    "client_name": lambda c: c["client"].update(name="Chatter", env_prefix="CHATTER"),
    "retries": lambda c: c["retries"].update(max_retries=5, timeout=12.5),
    "not_paged": lambda c: c["operations"].update(listConversationItems={"pagination": False}),
    "operation_renamed": lambda c: c["operations"]["health"].update(method="probe"),
    "paged_method_renamed": lambda c: c["operations"].update(listConversationItems={
        "resource": "conversations.items", "method": "browse"}),
}


def test_the_docs_and_examples_follow_the_methods_they_name(tmp_path: Path) -> None:
    """README and ExamplesTest are reused unless a variable their templates name changed: the
    first paged method, renamed by the config, is one."""
    document = read_spec(OUR_SPEC)
    edited = _config(tmp_path, CONFIG_EDITS["paged_method_renamed"])
    first, again, _ = _again_and_fresh(document, document, edited_config=edited)
    for path in ("README.md", "src/test/kotlin/dev/parley/ExamplesTest.kt"):
        assert ".items.list(" in first[path] and ".items.browse(" in again[path], path


@pytest.mark.parametrize("edit", sorted(CONFIG_EDITS))
def test_a_second_run_after_a_config_change_is_a_fresh_run(edit: str, tmp_path: Path) -> None:
    document = read_spec(OUR_SPEC)
    edited = _config(tmp_path, CONFIG_EDITS[edit])
    first, again, _ = _again_and_fresh(document, document, edited_config=edited)
    assert again != first


def test_a_method_whose_name_a_new_sibling_takes_is_renamed(tmp_path: Path) -> None:
    """A new sub-resource ``conversations.create`` takes the name of the create method (which
    the IR renames): the service class gains a child, and the unchanged operation's methods
    are spelled anew."""
    document = read_spec(OUR_SPEC)
    edited = copy.deepcopy(document)
    edited["paths"]["/v1/conversation-drafts"] = {"get": {
        "operationId": "listConversationDrafts",
        "responses": {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"type": "object", "properties": {"id": {"type": "string"}}}}}}}}}
    config = _config(tmp_path, lambda c: c["operations"].update(
        listConversationDrafts={"resource": "conversations.create", "method": "list"}))
    first, again, _ = _again_and_fresh(document, edited, edited_config=config)
    assert "    fun createConversation(" not in first[CLIENT]
    assert "    fun createConversation(" in again[CLIENT]
    assert "    val create: ConversationsCreateService" in again[CLIENT]


def test_a_one_operation_edit_reuses_nearly_every_piece(tmp_path: Path) -> None:
    edited = read_spec(one_operation_changed(OUR_SPEC, tmp_path / "edited.yaml"))
    session = Session(["kotlin"])
    _run(session, read_spec(OUR_SPEC), OUR_CONFIG)
    full = session.memos["kotlin"].last_computed
    again = _run(session, edited, OUR_CONFIG)
    memo = session.memos["kotlin"]
    assert memo.last_reused > 0
    assert memo.last_computed * 10 <= full, (memo.last_computed, full)
    assert again == _run(Session(["kotlin"]), edited, OUR_CONFIG)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CORPUS))
@pytest.mark.parametrize("edit", ["add_enum_query_parameter", "add_schema_property",
                                  "rename_operation", "remove_operation"])
def test_every_corpus_spec_after_an_edit_is_a_fresh_run(name: str, edit: str) -> None:
    document = read_spec(CORPUS[name])
    first, again, _fresh = _again_and_fresh(document, INCREMENTAL_EDITS[edit](document),
                                            config=None, edited_config=None)
    assert again != first


@pytest.mark.parametrize("name", ["parley", *sorted(CORPUS)])
def test_a_one_shot_render_is_what_a_keeping_render_gives(name: str) -> None:
    """A one-shot run (``keep=False``) looks for each declaration's import words only among
    those no earlier declaration used; a watch's keeping run scans every declaration whole.
    The files are the same, imports included."""
    spec = OUR_SPEC if name == "parley" else CORPUS[name]
    config = OUR_CONFIG if name == "parley" else None
    rendered = []
    for incremental in (False, True):
        diags = Diagnostics()
        _ir, _config, files = Session(["kotlin"], incremental=incremental, processes=1).generate(
            spec, config, diags)
        rendered.append(files["kotlin"])
    assert rendered[0] == rendered[1]
    types = next(text for path, text in rendered[0].items() if path.endswith("/Types.kt"))
    assert "import kotlinx.serialization.json.JsonElement\n" in types

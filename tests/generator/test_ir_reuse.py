"""A session's next IR build (``build_ir(reuse=...)``, generator/builder/reuse.py) is a fresh
build: the same IR (``==``) and the same diagnostics in the same order, after every edit of
tests/incremental_edits.py on several real specs and the synthetic one; a one-operation edit
does reuse, unchanged declarations are the last IR's objects, a failed build in between
leaves the reuse usable, and what the component phase read elsewhere is checked."""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

import pytest

from bench.noop import one_operation_changed
from bench.synth_spec import operations_for, write_spec
from generator.build_ir import IrReuse, build_ir
from generator.diagnostics import Diagnostics, GenerationError
from generator.ir import IR, Operation, Resource
from generator.load import YamlFloat
from generator.session import Session, config_for
from tests.incremental_edits import EDITS, Document, read_spec
from tests.third_party import CORPUS, LLAMA_STACK

ROOT = Path(__file__).resolve().parents[2]
OUR_SPEC = ROOT / "spec" / "openapi.yaml"
OUR_CONFIG = ROOT / "sdks" / "config.yaml"
SPECS: dict[str, tuple[Path, Path | None]] = {
    "parley": (OUR_SPEC, OUR_CONFIG),
    "llama-stack": (LLAMA_STACK, None),
    **{name: (CORPUS[name], None) for name in ("hf-tgi.json", "figma.yaml", "spotify.yaml")},
}
ONE_OPERATION = ("edit_description", "add_query_parameter", "add_enum_query_parameter",
                 "rename_operation", "add_path_parameter")


def _build(document: Document, config: Path | None, reuse: IrReuse | None) -> tuple[IR, list[str]]:
    diags = Diagnostics()
    sdk_config = config_for(document, config, diags)
    ir = build_ir(document, sdk_config, diags, spec_sha256="0" * 64, generator_version="test",
                  reuse=reuse)
    return ir, [d.format() for d in diags]


@functools.cache
def _document(spec: str) -> Document:
    if spec == "synthetic":
        return _synthetic()
    return read_spec(SPECS[spec][0])


@functools.cache
def _synthetic() -> Document:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "synthetic.yaml"
        write_spec(path, 1000, operations_for(1000))
        return read_spec(path)


def _config(spec: str) -> Path | None:
    return None if spec == "synthetic" else SPECS[spec][1]


CASES = [(spec, edit) for spec in [*sorted(SPECS), "synthetic"] for edit in sorted(EDITS)]


@pytest.mark.parametrize(("spec", "edit"), CASES)
def test_a_reused_build_after_an_edit_is_a_fresh_build(spec: str, edit: str) -> None:
    document, config = _document(spec), _config(spec)
    edited = EDITS[edit](document)
    reuse = IrReuse()
    first, _ = _build(document, config, reuse)
    again, again_diags = _build(edited, config, reuse)
    fresh, fresh_diags = _build(edited, config, None)
    assert again == fresh
    assert again_diags == fresh_diags
    assert "refs" in reuse.last_reused  # every edit leaves most path items as they were
    if edit in ONE_OPERATION:
        assert "components" in reuse.last_reused
        operations = len(_operations(fresh.root))
        assert operations // 2 <= reuse.last_reused_operations < operations
        unchanged = {d.id: d for d in first.types}
        assert reuse.last_reused_decls > len(first.types) // 2
        assert sum(unchanged.get(d.id) is d for d in again.types) == reuse.last_reused_decls


@pytest.mark.parametrize("spec", ["parley", "synthetic"])
def test_the_bench_edit_reuses_every_declaration_object(spec: str, tmp_path: Path) -> None:
    """bench.noop's one-operation change: a text edit, one more optional query parameter."""
    source = tmp_path / "spec.yaml"
    if spec == "synthetic":
        write_spec(source, 1000, operations_for(1000))
    else:
        source.write_text(OUR_SPEC.read_text())
    document = read_spec(source)
    edited = read_spec(one_operation_changed(source, tmp_path / "edited.yaml"))
    reuse = IrReuse()
    first, _ = _build(document, _config(spec), reuse)
    again, again_diags = _build(edited, _config(spec), reuse)
    assert (again, again_diags) == _build(edited, _config(spec), None)
    assert reuse.last_reused == {"refs", "components", "operations"}
    assert again.types is first.types  # the edit declares nothing new: the very same tuple


def _operations(resource: Resource) -> list[Operation]:
    return [*resource.operations, *(op for child in resource.resources
                                     for op in _operations(child))]


def test_a_replayed_operation_gets_the_names_a_fresh_build_gives() -> None:
    """Operations claim inline names in one scope, in spec order: the second operation's
    response is ``ThingslistListResponse2`` only while the first has a query enum whose name
    words concatenate the same, so removing that parameter renames a later, unchanged one."""
    def spec(with_enum: bool) -> dict[str, Any]:
        def op(oid: str, params: list[Any]) -> dict[str, Any]:
            return {"operationId": oid, "parameters": params, "responses": {"200": {
                "description": "ok", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"a": {"type": "string"}}}}}}}}
        enum = {"name": "list_response", "in": "query",
                "schema": {"type": "string", "enum": ["a", "b"]}}
        return {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {
            "/things": {"get": op("listThings", [enum] if with_enum else [])},
            "/thingslist": {"get": op("listThingslist", [])},
        }}

    for first, second in ((True, False), (False, True)):
        reuse = IrReuse()
        _build(spec(first), None, reuse)
        again = _build(spec(second), None, reuse)
        assert again == _build(spec(second), None, None)
        assert reuse.last_reused_operations == 0  # the later one's name changed: rebuilt
        assert _build(spec(second), None, reuse) == again
        assert reuse.last_reused_operations == 2


def test_a_shared_response_changed_elsewhere_renames_the_operations_that_use_it() -> None:
    """``GET /things`` is ``list`` when its response (a ``$ref`` to components/responses) has
    an array ``data``, else ``retrieve``: the path item is unchanged, what it refers to is not."""
    def spec(listed: bool) -> dict[str, Any]:
        data = {"type": "array", "items": {"type": "string"}} if listed else {"type": "string"}
        return {"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {
            "/things": {"get": {"operationId": "things", "responses": {
                "200": {"$ref": "#/components/responses/Things"}}}},
            "/other": {"get": {"operationId": "other", "responses": {"204": {
                "description": "none"}}}},
        }, "components": {"responses": {"Things": {"description": "ok", "content": {
            "application/json": {"schema": {"type": "object", "properties": {"data": data}}}}}}}}

    for first, second in ((True, False), (False, True)):
        reuse = IrReuse()
        _build(spec(first), None, reuse)
        again = _build(spec(second), None, reuse)
        assert again == _build(spec(second), None, None)
        assert reuse.last_reused_operations == 1  # /other only
        assert [op.name.words for op in _operations(again[0].root) if op.id == "things"] == [
            ("list",) if second else ("retrieve",)]


def test_a_changed_config_rebuilds_the_components(tmp_path: Path) -> None:
    document = _document("parley")
    renamed = tmp_path / "config.yaml"
    renamed.write_text(OUR_CONFIG.read_text().replace("name: Parley", "name: Chatter"))
    reuse = IrReuse()
    _build(document, OUR_CONFIG, reuse)
    again = _build(document, renamed, reuse)
    assert again == _build(document, renamed, None)
    assert "components" not in reuse.last_reused


def test_a_failed_build_in_between_leaves_the_reuse_usable() -> None:
    document = _document("parley")
    broken = copy.deepcopy(document)
    schema = next(s for s in broken["components"]["schemas"].values() if "properties" in s)
    schema["properties"]["dangling"] = {"$ref": "#/components/schemas/NoSuchSchema"}
    edited = EDITS["edit_description"](document)
    reuse = IrReuse()
    _build(document, OUR_CONFIG, reuse)
    with pytest.raises(GenerationError) as failed:
        _build(broken, OUR_CONFIG, reuse)
    with pytest.raises(GenerationError) as fresh_failure:
        _build(broken, OUR_CONFIG, None)
    assert [d.format() for d in failed.value.diagnostics] == [
        d.format() for d in fresh_failure.value.diagnostics]
    assert reuse.last_reused == frozenset()  # still the first (fresh) build's
    assert _build(edited, OUR_CONFIG, reuse) == _build(edited, OUR_CONFIG, None)
    assert reuse.last_reused == {"refs", "components", "operations"}


def test_a_dangling_reference_in_an_unchanged_path_item_is_still_reported() -> None:
    """The ``$ref`` check looks up again what it did not walk: a target removed elsewhere is
    reported exactly as a fresh build reports it."""
    document = _document("parley")
    name = next(key for key in document["components"]["schemas"]
                if f"#/components/schemas/{key}" in repr(document["paths"]))
    removed = copy.deepcopy(document)
    del removed["components"]["schemas"][name]
    reuse = IrReuse()
    _build(document, OUR_CONFIG, reuse)
    with pytest.raises(GenerationError) as failed:
        _build(removed, OUR_CONFIG, reuse)
    with pytest.raises(GenerationError) as fresh_failure:
        _build(removed, OUR_CONFIG, None)
    assert [d.format() for d in failed.value.diagnostics] == [
        d.format() for d in fresh_failure.value.diagnostics]


def test_a_node_shared_by_a_path_and_a_schema_is_checked_as_a_fresh_build_does() -> None:
    """A YAML alias makes one node both a component schema and a path's schema: the ``$ref``
    check must not trust one boundary's list for the other."""
    def spec(target: str, summary: str) -> dict[str, Any]:
        shared = {"type": "object", "properties": {"p": {"$ref": target}}}
        document = _tiny("string", summary)
        document["components"]["schemas"]["Shared"] = shared
        document["components"]["schemas"]["Target"] = {"type": "string"}
        document["paths"]["/x"]["get"]["responses"]["200"]["content"]["application/json"][
            "schema"] = shared
        return document

    reuse = IrReuse()
    ok = "#/components/schemas/Target"
    _build(spec(ok, "a"), None, reuse)
    assert _build(spec(ok, "b"), None, reuse) == _build(spec(ok, "b"), None, None)
    broken = "#/components/schemas/Missing"
    with pytest.raises(GenerationError) as failed:
        _build(spec(broken, "b"), None, reuse)
    with pytest.raises(GenerationError) as fresh_failure:
        _build(spec(broken, "b"), None, None)
    assert [d.format() for d in failed.value.diagnostics] == [
        d.format() for d in fresh_failure.value.diagnostics]


def _tiny(target_type: str, summary: str = "Get x") -> dict[str, Any]:
    """A component schema that is a ``$ref`` into a path's inline schema, and one whose
    default does not fit (a warning of the component phase)."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "Tiny", "version": "1"},
        "paths": {"/x": {"get": {
            "operationId": "getX", "summary": summary,
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"type": "object", "properties": {"v": {"type": target_type}}}}}}},
        }}},
        "components": {"schemas": {
            "FromPath": {"$ref": "#/paths/~1x/get/responses/200/content/application~1json/schema"},
            "Counted": {"type": "object", "properties": {
                "n": {"type": "integer", "default": "many"}}},
        }},
    }


def test_a_schema_that_refers_into_a_path_is_rebuilt_when_that_path_changes() -> None:
    reuse = IrReuse()
    _build(_tiny("string"), None, reuse)
    again = _build(_tiny("integer"), None, reuse)
    assert again == _build(_tiny("integer"), None, None)
    assert "components" not in reuse.last_reused
    # The same path item's text outside the target: the component phase is reused, and its
    # warning (the default) is recorded again, in its place.
    again = _build(_tiny("integer", summary="Edited"), None, reuse)
    assert again == _build(_tiny("integer", summary="Edited"), None, None)
    assert "components" in reuse.last_reused
    assert any("default 'many'" in line for line in again[1])


def test_one_and_true_are_different_inputs() -> None:
    """``1 == True == 1.0`` in Python: the reuse compares the data's exact text, which tells
    them apart (also for the loader's float subclass, which marshal refuses)."""
    def spec(default: Any) -> dict[str, Any]:
        document = _tiny("string")
        document["components"]["schemas"]["Counted"]["properties"]["n"]["default"] = default
        return document

    for before, after in ((1, True), (True, 1), (1, 1.0), (1.0, 1), (YamlFloat(2.0), 2)):
        reuse = IrReuse()
        _build(spec(before), None, reuse)
        again = _build(spec(after), None, reuse)
        assert again == _build(spec(after), None, None)
        assert "components" not in reuse.last_reused, (before, after)


def test_a_session_passes_its_reuse_to_every_build() -> None:
    document = _document("parley")
    session = Session(["python"])
    session.generate_document(document, "0" * 64, OUR_CONFIG, Diagnostics())
    session.generate_document(EDITS["edit_description"](document), "1" * 64, OUR_CONFIG,
                              Diagnostics())
    assert session.ir_reuse.last_reused == {"refs", "components", "operations"}

"""Spec snippet → IR: the valid shapes the builder once refused or crashed on, and what it builds
for them (the hazard corpus checks the same specs end to end, through every backend)."""

from __future__ import annotations

from typing import Any

import pytest

from generator.build_ir import build_ir
from generator.config import default_config
from generator.diagnostics import Diagnostics, GenerationError
from generator.ir import IR, AnyType, ArrayType, ModelDecl, RefType
from generator.load import parse_text
from generator.naming import MAX_NAME_CHARS


def _ir(text: str) -> tuple[IR, Diagnostics]:
    diags = Diagnostics()
    document: Any = parse_text(text, json_first=False, diags=diags)
    return build_ir(document, default_config(), diags, spec_sha256="x",
                    generator_version="0"), diags


HEAD = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n"


def test_path_items_and_webhooks_given_by_ref_are_followed() -> None:
    ir, diags = _ir(HEAD + """\
paths:
  /things: {$ref: '#/components/pathItems/Things'}
  /again: {$ref: '#/paths/~1things'}
webhooks:
  created: {$ref: '#/components/pathItems/Hook'}
components:
  pathItems:
    Things:
      parameters: [{name: q, in: query, schema: {type: string}}]
      get:
        responses: {'200': {description: ok}}
    Hook:
      post: {responses: {'200': {description: ok}}}
""")
    ops = {op.path: op for op in ir.operations()}
    assert set(ops) == {"/things", "/again"}  # webhooks are not client methods
    assert ops["/things"].source == "#/components/pathItems/Things/get"
    assert [p.wire_name for p in ops["/again"].query_params] == ["q"]  # path-level parameters
    assert not diags.errors()


def test_a_ref_to_a_plain_name_anchor_is_the_component_declaring_it() -> None:
    ir, _ = _ir(HEAD + """\
paths: {}
components:
  schemas:
    Holder:
      type: object
      properties:
        nodes: {type: array, items: {$ref: '#node'}}
    Node:
      $anchor: node
      type: object
      properties: {next: {$ref: '#node'}}
""")
    holder = next(d for d in ir.types if isinstance(d, ModelDecl) and d.name.original == "Holder")
    nodes = holder.properties[0].type
    inner = getattr(nodes, "inner", nodes)
    assert isinstance(inner, ArrayType) and inner.items == RefType("Node")
    assert [d.id for d in ir.types if d.id.startswith("ref:")] == []  # no duplicate declaration


def test_an_ambiguous_anchor_is_a_clear_error() -> None:
    with pytest.raises(GenerationError) as caught:
        _ir(HEAD + """\
paths: {}
components:
  schemas:
    A: {$anchor: n, type: string}
    B: {$anchor: n, type: integer}
    C: {$ref: '#n'}
""")
    assert [d.format() for d in caught.value.diagnostics] == [
        "error: spec #/components/schemas/C/$ref: $ref '#n' is ambiguous: $anchor 'n' is "
        "declared at #/components/schemas/A and #/components/schemas/B"]


def test_an_operation_without_responses_returns_any_value_with_a_warning() -> None:
    ir, diags = _ir(HEAD + "paths:\n  /fire:\n    post: {operationId: fire}\n")
    op = ir.operations()[0]
    assert isinstance(op.response.type, AnyType) and op.errors == ()
    assert [d.format() for d in diags.warnings()] == [
        "warning: spec #/paths/~1fire/post: no responses declared; the method returns any value"]


def test_a_300_byte_path_segment_gives_a_short_resource_name() -> None:
    ir, _ = _ir(HEAD + "paths:\n  /" + "a" * 300 + "/{id}:\n    get:\n      operationId: g\n"
                "      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n"
                "      responses: {'200': {description: ok}}\n")
    (resource,) = ir.root.resources
    assert sum(map(len, resource.name.words)) <= MAX_NAME_CHARS
    assert len("_".join(resource.name.words).encode()) < 100

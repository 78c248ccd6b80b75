"""Pagination named by another generator's extension (``generator/pagination_hints.py``):
Fern ``x-fern-pagination`` and Speakeasy ``x-speakeasy-pagination`` decide the scheme where
name-based detection would find another one or none, and a hint the runtimes cannot follow is
a warning with its pointer, never an error or a wrong scheme."""

from __future__ import annotations

from typing import Any

import pytest

from generator.build_ir import build_ir
from generator.config import SdkConfig
from generator.diagnostics import Diagnostics
from generator.ir import IR, Operation, PaginationScheme, RefType

ITEM = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}
ITEMS = {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}
STRING = {"type": "string"}
INT = {"type": "integer"}
BOOL = {"type": "boolean"}


def build(
    params: list[str], props: dict[str, Any], hint: dict[str, Any], method: str = "get",
    **document: Any,
) -> tuple[IR, Operation, list[str]]:
    operation = {
        "operationId": "listThings",
        "parameters": [{"name": p, "in": "query", "schema": INT if p in ("pg", "skip_n",
                       "index", "size") else STRING} for p in params],
        "responses": {"200": {"description": "ok", "content": {"application/json": {
            "schema": {"$ref": "#/components/schemas/Page"}}}}},
        **hint,
    }
    spec = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "paths": {"/things": {method: operation}},
            "components": {"schemas": {"Item": ITEM, "Page": {
                "type": "object", "properties": props}}}, **document}
    diags = Diagnostics()
    ir = build_ir(spec, SdkConfig(pagination=()), diags, spec_sha256="0",
                  generator_version="test")
    assert diags.errors() == []
    op = next(o for o in ir.operations() if o.id == "listThings")
    return ir, op, [d.format() for d in diags.warnings()]


def scheme(ir: IR, op: Operation) -> tuple[object, ...]:
    assert op.pagination is not None and op.pagination.item_type == RefType("Item")
    s: PaginationScheme | None = ir.pagination_scheme(op.pagination.scheme)
    assert s is not None
    return (s.kind, s.items_field, s.cursor_param, s.cursor_field, s.has_more_field,
            s.cursor_item_field, s.total_field)


@pytest.mark.parametrize(
    ("params", "props", "hint", "expected"),
    [
        # Fern cursor with a has-more flag: read the cursor until the flag says stop.
        (["pos"], {"things": ITEMS, "more": BOOL, "following": STRING},
         {"x-fern-pagination": {"cursor": "$request.pos", "next_cursor": "$response.following",
                                "results": "$response.things", "has-next-page": "$response.more"}},
         ("cursor_id", "things", "pos", "following", "more", None, None)),
        # Fern cursor without one: an absent next cursor ends iteration.
        (["pos"], {"things": ITEMS, "following": STRING},
         {"x-fern-pagination": {"cursor": "$request.pos", "next_cursor": "$response.following",
                                "results": "$response.things"}},
         ("cursor_token", "things", "pos", "following", None, None, None)),
        # Fern offset is a page index, unless a step names the page size.
        (["index"], {"things": ITEMS},
         {"x-fern-pagination": {"offset": "$request.index", "results": "$response.things"}},
         ("page_number", "things", "index", None, None, None, None)),
        (["skip_n", "size"], {"things": ITEMS},
         {"x-fern-pagination": {"offset": "$request.skip_n", "step": "$request.size",
                                "results": "$response.things"}},
         ("offset", "things", "skip_n", None, None, None, None)),
        ([], {"things": ITEMS, "link": STRING},
         {"x-fern-pagination": {"next_uri": "$response.link", "results": "$response.things"}},
         ("next_url", "things", None, "link", None, None, None)),
        # Speakeasy: offsetLimit by page with numPages, cursor from a field or the last item.
        (["pg"], {"rows": ITEMS, "pages": INT},
         {"x-speakeasy-pagination": {"type": "offsetLimit",
                                     "inputs": [{"name": "pg", "in": "parameters",
                                                 "type": "page"}],
                                     "outputs": {"results": "$.rows", "numPages": "$.pages"}}},
         ("page_number", "rows", "pg", None, None, None, "pages")),
        (["since"], {"rows": ITEMS},
         {"x-speakeasy-pagination": {"type": "cursor",
                                     "inputs": [{"name": "since", "in": "parameters",
                                                 "type": "cursor"}],
                                     "outputs": {"nextCursor": "$.rows[-1].id"}}},
         ("cursor_id", "rows", "since", None, None, "id", None)),
        (["tok"], {"rows": ITEMS, "nxt": STRING},
         {"x-speakeasy-pagination": {"type": "cursor",
                                     "inputs": [{"name": "tok", "in": "parameters",
                                                 "type": "cursor"}],
                                     "outputs": {"nextCursor": "$.nxt", "results": "$.rows"}}},
         ("cursor_token", "rows", "tok", "nxt", None, None, None)),
        ([], {"rows": ITEMS, "nextLink": STRING},
         {"x-speakeasy-pagination": {"type": "url", "outputs": {"nextUrl": "$.nextLink",
                                                                "results": "$.rows"}}},
         ("next_url", "rows", None, "nextLink", None, None, None)),
    ],
)
def test_a_hint_names_the_scheme_that_names_alone_would_miss(
    params: list[str], props: dict[str, Any], hint: dict[str, Any], expected: tuple[object, ...]
) -> None:
    _, unhinted, _ = build(params, props, {})
    assert unhinted.pagination is None  # none of these names is one detection knows
    ir, op, warnings = build(params, props, hint)
    assert warnings == []
    assert scheme(ir, op) == expected


def test_fern_true_uses_the_documents_own_hint_and_a_hint_pages_a_post() -> None:
    ir, op, warnings = build(
        ["pos"], {"things": ITEMS, "following": STRING}, {"x-fern-pagination": True},
        method="post",
        **{"x-fern-pagination": {"cursor": "$request.pos", "next_cursor": "$response.following",
                                 "results": "$response.things"}},
    )
    assert warnings == [] and scheme(ir, op)[:4] == ("cursor_token", "things", "pos",
                                                     "following")


@pytest.mark.parametrize(
    ("hint", "pointer", "reason"),
    [
        ({"x-fern-pagination": {"cursor": "$request.body.pos", "next_cursor": "$response.n"}},
         "#/paths/~1things/get/x-fern-pagination/cursor", "top-level field"),
        ({"x-fern-pagination": {"cursor": "$request.pos"}},
         "#/paths/~1things/get/x-fern-pagination", "needs next_cursor"),
        ({"x-fern-pagination": {"next_path": "$response.p"}},
         "#/paths/~1things/get/x-fern-pagination", "next_path is not supported"),
        ({"x-fern-pagination": "yes"}, "#/paths/~1things/get/x-fern-pagination",
         "expected an object"),
        ({"x-speakeasy-pagination": {"type": "cursor", "inputs": [
            {"name": "pos", "in": "requestBody", "type": "cursor"}]}},
         "#/paths/~1things/get/x-speakeasy-pagination/inputs/0", "not supported"),
        ({"x-speakeasy-pagination": {"type": "keyset"}},
         "#/paths/~1things/get/x-speakeasy-pagination/type", "unknown type"),
        # Well-formed, but naming a field the operation does not have.
        ({"x-fern-pagination": {"cursor": "$request.pos", "next_cursor": "$response.gone"}},
         "#/paths/~1things/get/x-fern-pagination", "no response field 'gone'"),
    ],
)
def test_a_hint_the_runtimes_cannot_follow_is_a_warning_and_detection_runs(
    hint: dict[str, Any], pointer: str, reason: str
) -> None:
    # The operation also has a shape detection knows, so the fallback is visible.
    props = {"data": ITEMS, "next_cursor": STRING, "n": STRING}
    _, op, warnings = build(["cursor", "pos"], props, hint)
    assert len(warnings) == 1 and pointer in warnings[0] and reason in warnings[0]
    assert "pagination hint ignored" in warnings[0]
    assert op.pagination is not None and op.pagination.kind == "cursor_token"


def test_a_hint_wins_over_detection_and_false_withdraws_only_the_hint() -> None:
    props = {"data": ITEMS, "next_cursor": STRING, "total": INT}
    hint = {"x-fern-pagination": {"offset": "$request.skip_n", "step": "$request.cursor",
                                  "results": "$response.data"}}
    ir, op, _ = build(["cursor", "skip_n"], props, hint)
    assert scheme(ir, op)[0] == "offset"  # detection alone says cursor_token
    spec_off = {"x-fern-pagination": False}
    _, off, _ = build(["cursor"], props, spec_off)
    assert off.pagination is not None  # false only withdraws the hint, not detection

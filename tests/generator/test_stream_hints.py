"""The spec's own stream hints → IR (``Response``): Fern's ``x-fern-streaming`` (always a stream,
or a stream on a request condition, with its terminator) and Speakeasy's
``x-speakeasy-sse-sentinel`` / ``x-speakeasy-stream-request-field``; a malformed hint is a warning
with its JSON pointer, never a traceback. Then the Python SDK of a hinted spec has the
``stream=True`` overloads the hint asks for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.build_ir import build_ir
from generator.cli import main
from generator.config import default_config
from generator.diagnostics import Diagnostics
from generator.ir import IR, Operation, RefType

SCHEMAS: dict[str, Any] = {
    "ChatRequest": {"type": "object", "required": ["prompt"], "properties": {
        "prompt": {"type": "string"}, "stream": {"type": "boolean"},
        "live": {"type": "boolean"}}},
    "Chat": {"type": "object", "properties": {"text": {"type": "string"},
                                             "tokens": {"type": "integer"}}},
    "ChatChunk": {"type": "object", "properties": {"delta": {"type": "string"}}},
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def post(op_id: str, content: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return {"post": {
        "operationId": op_id, **fields,
        "requestBody": {"required": True, "content": {
            "application/json": {"schema": _ref("ChatRequest")}}},
        "responses": {"200": {"description": "ok", "content": content}},
    }}


def build(paths: dict[str, Any]) -> tuple[IR, list[str]]:
    document = {"openapi": "3.1.0", "info": {"title": "Hints", "version": "1"}, "paths": paths,
                "components": {"schemas": SCHEMAS}}
    diags = Diagnostics()
    ir = build_ir(document, default_config(), diags, spec_sha256="0", generator_version="test")
    assert diags.errors() == []
    return ir, [d.format() for d in diags.warnings()]


def op(ir: IR, op_id: str) -> Operation:
    return next(o for o in ir.operations() if o.id == op_id)


def ref_name(ir: IR, ref: object) -> str:
    assert isinstance(ref, RefType), ref
    return ir.types_by_id()[ref.id].wire_name or ""


JSON_CHAT = {"application/json": {"schema": _ref("Chat")}}

FERN_PATHS: dict[str, Any] = {
    "/logs": post("logs", {"application/json": {"schema": _ref("ChatChunk")}},
                  **{"x-fern-streaming": True}),
    "/sse": post("sse", {"application/json": {"schema": _ref("ChatChunk")}},
                 **{"x-fern-streaming": {"format": "sse", "terminator": "[END]"}}),
    "/chat": post("chat", JSON_CHAT, **{"x-fern-streaming": {
        "format": "sse", "stream-condition": "$request.live", "terminator": "[DONE]",
        "response": _ref("Chat"), "response-stream": _ref("ChatChunk")}}),
    "/plain": post("plain", JSON_CHAT),
}


def test_fern_streaming_true_is_always_a_stream_of_json_lines() -> None:
    ir, warnings = build(FERN_PATHS)
    response = op(ir, "logs").response
    assert warnings == []
    assert (response.kind, response.media_type, response.streaming) == (
        "event_stream", "application/x-ndjson", True)
    assert response.type is None
    assert ref_name(ir, response.stream_item_type) == "ChatChunk"
    assert response.stream_flag is None and response.stream_terminator is None


def test_fern_streaming_sse_types_each_event_with_the_declared_schema() -> None:
    ir, _ = build(FERN_PATHS)
    response = op(ir, "sse").response
    assert (response.kind, response.media_type) == ("event_stream", "text/event-stream")
    assert ref_name(ir, response.stream_item_type) == "ChatChunk"
    assert response.stream_terminator == "[END]"


def test_fern_stream_condition_names_the_flag_and_both_answers() -> None:
    ir, _ = build(FERN_PATHS)
    response = op(ir, "chat").response
    # `live`, not the conventional `stream`: the hint's field selects the stream.
    assert (response.kind, response.streaming, response.stream_flag) == ("json", True, "live")
    assert ref_name(ir, response.type) == "Chat"
    assert ref_name(ir, response.stream_item_type) == "ChatChunk"
    assert response.stream_terminator == "[DONE]"
    # Without a hint, a JSON-only operation does not stream at all.
    plain = op(ir, "plain").response
    assert (plain.streaming, plain.stream_flag, plain.kind) == (False, None, "json")


def test_speakeasy_sentinel_and_stream_request_field() -> None:
    content = {"application/json": {"schema": _ref("Chat")},
               "text/event-stream": {"schema": _ref("ChatChunk"),
                                     "x-speakeasy-sse-sentinel": "[DONE]"}}
    ir, warnings = build({
        "/chat": post("chat", content, **{"x-speakeasy-stream-request-field": "live"}),
        "/default": post("default", content),
    })
    assert warnings == []
    chat = op(ir, "chat").response
    assert (chat.kind, chat.stream_flag, chat.stream_terminator) == ("json", "live", "[DONE]")
    assert ref_name(ir, chat.stream_item_type) == "ChatChunk"
    # No field hint: the conventional `stream` field is the condition.
    assert op(ir, "default").response.stream_flag == "stream"


def test_malformed_hints_are_warnings_with_pointers() -> None:
    content = {"application/json": {"schema": _ref("Chat")},
               "text/event-stream": {"schema": _ref("ChatChunk"),
                                     "x-speakeasy-sse-sentinel": 7}}
    ir, warnings = build({
        "/a": post("a", JSON_CHAT, **{"x-fern-streaming": {"format": "websocket"}}),
        "/b": post("b", JSON_CHAT, **{"x-fern-streaming": {"stream-condition": 3}}),
        "/c": post("c", content, **{"x-speakeasy-stream-request-field": "missing"}),
        "/d": post("d", JSON_CHAT, **{"x-fern-streaming": {"format": "sse", "terminator": []}}),
    })
    assert any("/paths/~1a/post/x-fern-streaming" in w and "format" in w for w in warnings)
    assert any("/paths/~1b/post/x-fern-streaming/stream-condition" in w for w in warnings)
    assert any("/paths/~1c/post" in w and "'missing'" in w for w in warnings)
    assert any("/paths/~1c/post/responses/200/content/text~1event-stream/"
               "x-speakeasy-sse-sentinel" in w for w in warnings)
    assert any("/paths/~1d/post/x-fern-streaming/terminator" in w for w in warnings)
    assert len(warnings) == 5, warnings
    # Ignored hints leave the operation as the content says.
    assert op(ir, "a").response.streaming is False
    assert op(ir, "b").response.streaming is False
    assert op(ir, "c").response.stream_flag is None
    assert op(ir, "d").response.kind == "event_stream"


def test_python_sdk_renders_the_fern_stream_condition(tmp_path: Path) -> None:
    import yaml

    spec = tmp_path / "spec.yaml"
    spec.write_text(yaml.safe_dump({
        "openapi": "3.1.0", "info": {"title": "Hints", "version": "1"},
        "paths": FERN_PATHS, "components": {"schemas": SCHEMAS}}))
    out = tmp_path / "sdk"
    assert main(["generate", "--spec", str(spec), "--lang", "python", "--out", str(out)]) == 0
    resources = "\n".join(f.read_text() for f in (out / "src").rglob("resources/*.py"))
    assert "live: Literal[True]" in resources
    assert "-> Stream[ChatChunk]: ..." in resources
    assert "-> Chat: ..." in resources

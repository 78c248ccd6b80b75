"""Spec snippet → IR: the one media-type classifier and the media facts it puts on operations
(request-body encoding, file parts, response kind), which both backends render from."""

from __future__ import annotations

from typing import Any

import pytest

from generator import media
from generator.build_ir import build_ir
from generator.config import default_config
from generator.diagnostics import Diagnostics
from generator.ir import FilePart, Operation

CLASSIFIED = [
    ("application/json", "json"),
    ("application/json; charset=utf-8", "json"),
    ("Application/JSON", "json"),
    ("application/problem+json", "json"),
    ("application/vnd.api+json", "json"),
    ("application/merge-patch+json", "json"),
    ("text/json", "json"),
    ("*/*", "json"),
    ("text/event-stream", "event_stream"),
    ("application/x-ndjson", "event_stream"),
    ("application/jsonl", "event_stream"),
    ("application/x-www-form-urlencoded", "form"),
    ("multipart/form-data", "multipart"),
    ("multipart/form-data; boundary=x", "multipart"),
    ("multipart/mixed", "binary"),
    ("text/plain", "text"),
    ("text/csv; charset=utf-8", "text"),
    ("text/html", "text"),
    ("application/xml", "text"),
    ("application/atom+xml", "text"),
    ("application/yaml", "text"),
    ("application/octet-stream", "binary"),
    ("audio/mpeg", "binary"),
    ("audio/*", "binary"),
    ("image/png", "binary"),
    ("image/svg+xml", "binary"),
    ("video/mp4", "binary"),
    ("application/pdf", "binary"),
    ("application/zip", "binary"),
    ("application/gzip", "binary"),
    ("font/woff2", "binary"),
    ("application/x-some-vendor-thing", "binary"),
]


@pytest.mark.parametrize(("media_type", "kind"), CLASSIFIED)
def test_classifier(media_type: str, kind: str) -> None:
    assert media.classify(media_type) == kind


def test_request_media_preference() -> None:
    assert media.pick_request_media(["text/plain", "application/json"]) == "application/json"
    assert (
        media.pick_request_media(["application/x-www-form-urlencoded", "multipart/form-data"])
        == "multipart/form-data"
    )
    assert media.pick_request_media(["image/png", "image/jpeg"]) == "image/png"


def test_response_media_preference() -> None:
    assert media.pick_response_media([]) is None
    assert media.pick_response_media(["text/event-stream", "application/json"]) == (
        "application/json"
    )
    assert media.pick_response_media(["text/plain", "application/pdf"]) == "application/pdf"
    assert media.pick_response_media(["text/event-stream", "text/plain"]) == "text/plain"


# --------------------------------------------------------------------------- snippet → IR


def _ir_ops(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> tuple[
    dict[str, Operation], Diagnostics
]:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Media", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas or {}},
    }
    diags = Diagnostics()
    ir = build_ir(document, default_config(), diags, spec_sha256="0", generator_version="0")
    return {op.id: op for op in ir.operations()}, diags


def _get(op_id: str, responses: dict[str, Any]) -> dict[str, Any]:
    return {"get": {"operationId": op_id, "responses": responses}}


def _ok(content: dict[str, Any], status: str = "200") -> dict[str, Any]:
    return {status: {"description": "ok", "content": content}}


def test_response_kinds() -> None:
    binary = {"schema": {"type": "string", "format": "binary"}}
    ops, diags = _ir_ops(
        {
            "/json": _get("json", _ok({"application/json": {"schema": {"type": "object"}}})),
            "/bytes": _get("bytes", _ok({"application/octet-stream": binary})),
            "/audio": _get("audio", _ok({"audio/mpeg": binary, "audio/wav": binary})),
            "/pdf": _get("pdf", _ok({"application/pdf": {}})),
            "/text": _get("text", _ok({"text/plain": {"schema": {"type": "string"}}})),
            "/sse": _get("sse", _ok({"text/event-stream": {}})),
            "/ndjson": _get("ndjson", _ok({"application/x-ndjson": {}})),
            "/both": _get(
                "both",
                _ok({"application/json": {"schema": {"type": "object"}}, "text/event-stream": {}}),
            ),
            "/no-content": _get("none", {"200": {"description": "nothing"}}),
            "/odd": _get("odd", _ok({"image/png\r\nX-Evil: 1": binary})),
            "/deleted": _get("deleted", {"204": {"description": "gone"}}),
            "/flawed": _get("flawed", _ok({"application/json": {}}, "204")),
        }
    )
    facts = {
        op_id: (op.response.kind, op.response.media_type, op.response.streaming)
        for op_id, op in ops.items()
    }
    assert facts == {
        "json": ("json", "application/json", False),
        "bytes": ("binary", "application/octet-stream", False),
        "audio": ("binary", "audio/mpeg", False),
        "pdf": ("binary", "application/pdf", False),
        "text": ("text", "text/plain", False),
        "sse": ("event_stream", "text/event-stream", True),
        "ndjson": ("event_stream", "application/x-ndjson", True),
        "both": ("json", "application/json", True),
        "none": ("empty", None, False),
        "odd": ("binary", "image/png\r\nX-Evil: 1", False),
        "deleted": ("empty", None, False),
        "flawed": ("empty", None, False),
    }
    # Text and bytes ask for their media type; JSON keeps the runtime default; a media type
    # that could not be a header value (CR/LF, spaces) is never sent.
    accepts = {op_id: op.response.accept for op_id, op in ops.items() if op.response.accept}
    assert accepts == {
        "bytes": "application/octet-stream",
        "audio": "audio/mpeg",
        "pdf": "application/pdf",
        "text": "text/plain",
    }
    # Only JSON responses carry a decoded type.
    assert {op_id for op_id, op in ops.items() if op.response.type is not None} == {"json", "both"}
    # A 204 that declares content is a flaw: warned with its pointer, content dropped.
    assert [(w.pointer, w.message) for w in diags.warnings()] == [
        (
            "/paths/~1flawed/get/responses/204/content",
            "a 204 response has no body; its content is ignored",
        )
    ]


def _post(op_id: str, content: dict[str, Any]) -> dict[str, Any]:
    return {
        "post": {
            "operationId": op_id,
            "requestBody": {"required": True, "content": content},
            "responses": {"204": {"description": "done"}},
        }
    }


def test_request_body_encodings() -> None:
    obj = {"schema": {"type": "object", "properties": {"a": {"type": "string"}}}}
    ops, _ = _ir_ops(
        {
            "/json": _post("json", {"application/vnd.api+json": obj}),
            "/form": _post("form", {"application/x-www-form-urlencoded": obj}),
            "/multi": _post("multi", {"multipart/form-data": obj}),
            "/bytes": _post("bytes", {"application/octet-stream": {}}),
            "/image": _post("image", {"image/png": {}}),
            "/text": _post("text", {"text/plain": {"schema": {"type": "string"}}}),
            "/prefers": _post("prefers", {"text/plain": {}, "application/json": obj}),
            "/range": _post("range", {"image/*": {}}),
            "/charset": _post("charset", {"text/csv; charset=utf-8": {}}),
        }
    )
    assert {op_id: (op.body_encoding, op.body.media_type if op.body else None)
            for op_id, op in ops.items()} == {
        "json": ("json", "application/vnd.api+json"),
        "form": ("form", "application/x-www-form-urlencoded"),
        "multi": ("multipart", "multipart/form-data"),
        "bytes": ("binary", "application/octet-stream"),
        "image": ("binary", "image/png"),
        "text": ("text", "text/plain"),
        "prefers": ("json", "application/json"),
        "range": ("binary", "image/*"),
        "charset": ("text", "text/csv; charset=utf-8"),
    }
    # Text and bytes are sent with their media type, unless it is a range; the structured
    # encodings leave Content-Type to the runtime (a multipart boundary, for one).
    assert {op_id: op.body.content_type for op_id, op in ops.items() if op.body} == {
        "json": None,
        "form": None,
        "multi": None,
        "bytes": "application/octet-stream",
        "image": "image/png",
        "text": "text/plain",
        "prefers": None,
        "range": None,
        "charset": "text/csv; charset=utf-8",
    }
    no_body, _ = _ir_ops({"/plain": _get("plain", _ok({"application/json": {}}))})
    assert no_body["plain"].body is None and no_body["plain"].body_encoding == "none"


def test_file_parts_of_a_multipart_body() -> None:
    binary = {"type": "string", "format": "binary"}
    schema = {
        "type": "object",
        "required": ["file"],
        "properties": {
            "file": binary,
            "files": {"type": "array", "items": binary},
            "maybe": {"anyOf": [binary, {"type": "null"}]},
            "aliased": {"$ref": "#/components/schemas/Blob"},
            "png": {"type": "string", "contentMediaType": "image/png"},  # 3.1 spelling
            "by_encoding": {"type": "string"},
            "note": {"type": "string"},
            "notes_text": {"type": "string", "contentMediaType": "text/plain"},
            "count": {"type": "integer"},
            "tags": {"type": "array", "items": {"type": "string"}},
        },
    }
    content = {
        "multipart/form-data": {
            "schema": schema,
            "encoding": {"by_encoding": {"contentType": "application/pdf, image/*"}},
        }
    }
    ops, _ = _ir_ops({"/up": _post("up", content)}, {"Blob": binary})
    body = ops["up"].body
    assert body is not None and body.encoding == "multipart"
    assert body.file_parts == (
        FilePart("file"),
        FilePart("files", multiple=True),
        FilePart("maybe", nullable=True),
        FilePart("aliased"),
        FilePart("png", content_type="image/png"),
        FilePart("by_encoding", content_type="application/pdf"),
    )
    assert body.file_part("note") is None and body.file_part("files") == body.file_parts[1]


def test_binary_fields_outside_multipart_are_not_files() -> None:
    schema = {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}
    ops, _ = _ir_ops({"/json": _post("json", {"application/json": {"schema": schema}})})
    body = ops["json"].body
    assert body is not None and body.encoding == "json" and body.file_parts == ()

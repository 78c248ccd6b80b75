"""A small FastAPI server that streams server-sent events, with its own spec.

Every SDK's stream tests generate an SDK from :data:`SPEC` and run it against
:func:`create_streaming_app`, in-process (``httpx.ASGITransport``) and on loopback
(``tests.app.live_server.serve_on_loopback``). The server writes the wire bytes itself, so each
rule of the SSE specification (WHATWG HTML §9.2) is exercised exactly:

- ``POST /v1/messages``: Anthropic-style named events (``event: message_start`` …), typed by a
  ``oneOf`` discriminated by ``type``; ``stream: false`` answers one JSON message instead. With
  ``unknown_event`` an event type the spec does not know is sent; with ``fail_after`` an
  ``event: error`` arrives mid-stream.
- ``POST /v1/chat/completions``: OpenAI-style ``data:`` chunks ending in ``data: [DONE]``; with
  ``fail_after`` an ``{"error": {...}}`` object arrives mid-stream.
- ``GET /v1/raw/{case}``: an untyped stream (no schema) for the wire rules: ``multiline``
  (multi-line data, comments, ``id``, ``retry``), ``crlf``, ``cr``, ``bom``, ``trickle`` (one
  byte per chunk, so UTF-8 characters and line endings split across reads) and ``endless``
  (until the client goes away).
- ``GET /v1/stats``: how many streams are open and how many have ended, so a test can prove that
  leaving a stream early closes its connection.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Iterable
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, StreamingResponse

SPEC = """\
openapi: 3.1.0
info: {title: Streaming Test, version: "1"}
servers: [{url: "http://streaming.test"}]
paths:
  /v1/messages:
    post:
      operationId: createMessage
      summary: A message, or its events as they are produced.
      requestBody:
        required: true
        content:
          application/json: {schema: {$ref: "#/components/schemas/MessageParams"}}
      responses:
        "200":
          description: the message, or its event stream when `stream` is true
          content:
            application/json: {schema: {$ref: "#/components/schemas/Message"}}
            text/event-stream: {schema: {$ref: "#/components/schemas/MessageStreamEvent"}}
        "400":
          description: bad request
          content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
  /v1/chat/completions:
    post:
      operationId: createChatCompletion
      requestBody:
        required: true
        content:
          application/json: {schema: {$ref: "#/components/schemas/ChatParams"}}
      responses:
        "200":
          description: the completion, or its chunks when `stream` is true
          content:
            application/json: {schema: {$ref: "#/components/schemas/ChatCompletion"}}
            text/event-stream: {schema: {$ref: "#/components/schemas/ChatCompletionChunk"}}
  /v1/raw/{case}:
    get:
      operationId: rawEvents
      summary: An untyped event stream for one wire rule.
      parameters:
        - {name: case, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: events
          content: {text/event-stream: {}}
        "404":
          description: no such case
          content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
  /v1/stats:
    get:
      operationId: streamStats
      responses:
        "200":
          description: open and finished streams
          content: {application/json: {schema: {$ref: "#/components/schemas/Stats"}}}
components:
  schemas:
    MessageParams:
      type: object
      required: [prompt]
      properties:
        prompt: {type: string}
        stream: {type: boolean}
        fail_after: {type: integer, description: "send an error event after this many deltas"}
        unknown_event: {type: boolean, description: "send one event type the spec lacks"}
    Message:
      type: object
      required: [id, type, text]
      properties:
        id: {type: string}
        type: {type: string, const: message}
        text: {type: string}
    MessageStreamEvent:
      oneOf:
        - {$ref: "#/components/schemas/MessageStartEvent"}
        - {$ref: "#/components/schemas/ContentBlockDeltaEvent"}
        - {$ref: "#/components/schemas/MessageStopEvent"}
      discriminator:
        propertyName: type
        mapping:
          message_start: "#/components/schemas/MessageStartEvent"
          content_block_delta: "#/components/schemas/ContentBlockDeltaEvent"
          message_stop: "#/components/schemas/MessageStopEvent"
    MessageStartEvent:
      type: object
      required: [type, message]
      properties:
        type: {type: string, const: message_start}
        message: {$ref: "#/components/schemas/Message"}
    ContentBlockDeltaEvent:
      type: object
      required: [type, index, delta]
      properties:
        type: {type: string, const: content_block_delta}
        index: {type: integer}
        delta: {type: string}
    MessageStopEvent:
      type: object
      required: [type]
      properties:
        type: {type: string, const: message_stop}
    ChatParams:
      type: object
      required: [chunks]
      properties:
        chunks: {type: integer, minimum: 0}
        stream: {type: boolean}
        fail_after: {type: integer}
    ChatCompletion:
      type: object
      required: [id, content]
      properties:
        id: {type: string}
        content: {type: string}
    ChatCompletionChunk:
      type: object
      required: [id, index, delta]
      properties:
        id: {type: string}
        index: {type: integer}
        delta: {type: string}
    Stats:
      type: object
      required: [open, finished]
      properties:
        open: {type: integer}
        finished: {type: integer}
    Error:
      type: object
      required: [error]
      properties:
        error:
          type: object
          required: [type, message]
          properties:
            type: {type: string}
            message: {type: string}
"""

# The text the typed streams carry; the Greek and the emoji make UTF-8 multi-byte characters that
# `trickle` splits across chunks.
DELTAS = ("Hel", "lo, ", "κόσμε ", "🌍", "!")
MESSAGE_TEXT = "".join(DELTAS)

# `GET /v1/raw/multiline`: what a conforming parser yields for it, as (event, data, id, retry).
MULTILINE_WIRE = (
    b": a comment the parser ignores\n"
    b"event: note\n"
    b"data: first line\n"
    b"data: second line\n"
    b"id: 7\n"
    b"retry: 1500\n"
    b"\n"
    b"data:no space after the colon\n"
    b"\n"
    b"data\n"
    b"\n"
    b"event: ignored-without-data\n"
    b"\n"
    b"data:  two spaces keep one\n"
    b"unknown-field: ignored\n"
    b"id: bad\x00id\n"
    b"\n"
)
MULTILINE_EVENTS = (
    ("note", "first line\nsecond line", "7", 1500),
    (None, "no space after the colon", "7", None),
    (None, "", "7", None),
    (None, " two spaces keep one", "7", None),
)
# `crlf`, `cr`, `bom` and `trickle` all carry these events.
SIMPLE_EVENTS = (("greeting", "κόσμε 🌍", None, None), (None, '{"n": 1}', "1", None))
_SIMPLE_WIRE = 'event: greeting\ndata: κόσμε 🌍\n\nid: 1\ndata: {"n": 1}\n\n'.encode()
RAW_CASES = {
    "multiline": MULTILINE_WIRE,
    "crlf": _SIMPLE_WIRE.replace(b"\n", b"\r\n"),
    "cr": _SIMPLE_WIRE.replace(b"\n", b"\r"),
    "bom": b"\xef\xbb\xbf" + _SIMPLE_WIRE,
    "trickle": _SIMPLE_WIRE,
}


def _sse(event: str | None, data: object) -> bytes:
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


def _events(chunks: Iterable[bytes]) -> StreamingResponse:
    return StreamingResponse(iter(chunks), media_type="text/event-stream")


def create_streaming_app() -> FastAPI:
    app = FastAPI(openapi_url=None)
    stats = {"open": 0, "finished": 0}

    def tracked(chunks: Iterable[bytes], *, pause: float = 0.0) -> StreamingResponse:
        async def body() -> AsyncIterator[bytes]:
            stats["open"] += 1
            try:
                for chunk in chunks:
                    yield chunk
                    await asyncio.sleep(pause)
            finally:
                # Runs when the stream ends *or* when the client disconnects mid-stream.
                stats["open"] -= 1
                stats["finished"] += 1

        return StreamingResponse(body(), media_type="text/event-stream")

    @app.post("/v1/messages")
    async def create_message(request: Request) -> Any:
        params = await request.json()
        if not isinstance(params.get("prompt"), str):
            raise HTTPException(400, "prompt must be a string")
        message = {"id": "msg_1", "type": "message", "text": MESSAGE_TEXT}
        if not params.get("stream"):
            return JSONResponse(message)

        def events() -> Iterable[bytes]:
            yield _sse("message_start", {"type": "message_start",
                                         "message": {**message, "text": ""}})
            yield b": ping\n\n"
            for index, delta in enumerate(DELTAS):
                if params.get("fail_after") == index:
                    yield _sse("error", {"type": "error", "error": {
                        "type": "overloaded_error", "message": "Overloaded"}})
                    return
                yield _sse("content_block_delta",
                           {"type": "content_block_delta", "index": index, "delta": delta})
            if params.get("unknown_event"):
                yield _sse("citation_added", {"type": "citation_added", "source": "ref-1"})
            yield _sse("message_stop", {"type": "message_stop"})

        return tracked(events())

    @app.post("/v1/chat/completions")
    async def create_chat_completion(request: Request) -> Any:
        params = await request.json()
        count = params.get("chunks")
        if not isinstance(count, int) or count < 0:
            raise HTTPException(400, "chunks must be a non-negative integer")
        if not params.get("stream"):
            return JSONResponse({"id": "chat_1", "content": "x" * count})

        def chunks() -> Iterable[bytes]:
            for index in range(count):
                if params.get("fail_after") == index:
                    yield _sse(None, {"error": {"type": "server_error", "message": "boom"}})
                    return
                yield _sse(None, {"id": "chat_1", "index": index, "delta": "x"})
            yield b"data: [DONE]\n\n"

        return tracked(chunks())

    @app.get("/v1/raw/{case}")
    async def raw_events(case: str) -> Any:
        if case == "endless":
            def forever() -> Iterable[bytes]:
                n = 0
                while True:
                    n += 1
                    yield f"id: {n}\ndata: tick {n}\n\n".encode()

            return tracked(forever(), pause=0.01)
        wire = RAW_CASES.get(case)
        if wire is None:
            return JSONResponse({"error": {"type": "not_found", "message": case}}, 404)
        if case == "trickle":
            return tracked((wire[i:i + 1] for i in range(len(wire))), pause=0.001)
        return tracked([wire])

    @app.get("/v1/stats")
    async def stream_stats() -> Any:
        return dict(stats)

    return app

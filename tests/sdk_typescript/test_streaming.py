"""Server-sent event streams in the TypeScript SDK: generated from ``tests/streaming_app.py``'s
SPEC, compiled with a user program under the SDK's strict tsconfig, and run with node against
the streaming app on loopback. Each wire rule (WHATWG HTML §9.2) maps to an assertion below;
``test_the_decoder_splits_nowhere_wrong`` feeds the decoder every split of the wire bytes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.app.live_server import serve_on_loopback
from tests.sdk_typescript import toolchain
from tests.streaming_app import (
    DELTAS,
    MESSAGE_TEXT,
    MULTILINE_EVENTS,
    RAW_CASES,
    SIMPLE_EVENTS,
    SPEC,
    create_streaming_app,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "streaming"
# The SDK and the scripts beside it, type-checked together and emitted to `out/out`.
_compile = toolchain.compile_beside_sdk


@pytest.fixture(scope="module")
def ts_sdk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("streaming_ts")
    spec = tmp / "spec.yaml"
    spec.write_text(SPEC)
    out = tmp / "sdk"
    proc = toolchain.generate(spec, out)
    assert proc.returncode == 0, proc.stderr
    _compile(out, [FIXTURES / "stream-roundtrip.ts", FIXTURES / "decoder-splits.ts",
                   FIXTURES / "stream-retries.ts", FIXTURES / "stream-strict.ts"])
    return out


@pytest.fixture(scope="module")
def result(ts_sdk: Path) -> Iterator[dict[str, Any]]:
    with serve_on_loopback(create_streaming_app()) as url:
        proc = toolchain.node(["out/stream-roundtrip.js", url], ts_sdk, timeout=120)
        yield json.loads(proc.stdout)


def _events(rows: tuple[tuple[str | None, str, str | None, int | None], ...]) -> list[list[Any]]:
    return [list(row) for row in rows]


def test_generated_overloads(ts_sdk: Path) -> None:
    messages = (ts_sdk / "src" / "resources" / "messages.ts").read_text()
    stream = "Stream<types.MessageStreamEvent>"
    assert (f"  create(params: types.MessagesCreateParamsStreaming, options?: RequestOptions): "
            f"APIPromise<{stream}>;\n") in messages
    assert ("  create(params: types.MessagesCreateParamsNonStreaming, options?: RequestOptions): "
            "APIPromise<types.Message>;\n") in messages
    assert (f"  create(params: types.MessagesCreateParams, options?: RequestOptions): "
            f"APIPromise<{stream} | types.Message>;\n") in messages
    assert 'responseKind: params["stream"] === true ? "events" : "json",' in messages
    types = (ts_sdk / "src" / "types.ts").read_text()
    assert ('export type MessagesCreateParamsStreaming = Omit<MessagesCreateParams, "stream"> & '
            "{ stream: true };") in types
    raw = (ts_sdk / "src" / "resources" / "raw.ts").read_text()
    untyped = ("retrieve(case_: string, options?: RequestOptions): "
               "APIPromise<Stream<ServerSentEvent>>")
    assert untyped in raw and 'responseKind: "sse",' in raw
    readme = (ts_sdk / "README.md").read_text()
    assert ("Methods that stream server-sent events (`client.chat.completions.create()` with "
            "`stream: true`, `client.messages.create()` with `stream: true`, "
            "`client.raw.retrieve()`)\n") in readme


def test_typed_named_events(result: dict[str, Any]) -> None:
    assert result["messageTypes"] == ["message_start", *["content_block_delta"] * len(DELTAS),
                                      "message_stop"]
    assert result["messageText"] == MESSAGE_TEXT and result["startId"] == "msg_1"
    assert result["message"] == {"id": "msg_1", "type": "message", "text": MESSAGE_TEXT}
    assert result["notStreamed"] == MESSAGE_TEXT and result["eitherIsStream"] is False


def test_unknown_event_type_is_kept(result: dict[str, Any]) -> None:
    assert result["unknownTypes"][-2:] == ["citation_added", "message_stop"]


def test_strict_mode_checks_each_event(ts_sdk: Path) -> None:
    with serve_on_loopback(create_streaming_app()) as url:
        proc = toolchain.node(["out/stream-strict.js", url], ts_sdk, timeout=120)
    got = json.loads(proc.stdout)
    every = ["message_start", *["content_block_delta"] * len(DELTAS), "message_stop"]
    assert got["valid"] == {"types": every}
    assert got["message"] == {"id": "msg_1", "type": "message", "text": MESSAGE_TEXT}
    # The events before the unknown one were handed out; the unknown one ends the stream.
    assert got["unknown"]["types"] == every[:-1]
    error = got["unknown"]["error"]
    assert error["path"] == "$.type" and error["body"] == {"type": "citation_added",
                                                           "source": "ref-1"}
    assert "unknown variant" in error["message"]


def test_done_sentinel_ends_the_stream(result: dict[str, Any]) -> None:
    assert result["chunks"] == [0, 1, 2, 3]
    assert result["completion"] == "xxx"


def test_every_raw_wire_case(result: dict[str, Any]) -> None:
    raw = result["raw"]
    assert set(raw) == set(RAW_CASES) - {"endless"}
    assert raw["multiline"] == _events(MULTILINE_EVENTS)
    for name in ("crlf", "cr", "bom", "trickle"):
        assert raw[name] == _events(SIMPLE_EVENTS), name
    assert result["json"] == {"n": 1}


def test_errors_mid_stream_are_typed(result: dict[str, Any]) -> None:
    assert result["messageError"] == {
        "name": "APIError", "type": "overloaded_error", "status": None,
        "message": "Error in the event stream: Overloaded"}
    assert result["chatError"]["type"] == "server_error"
    assert result["chatError"]["message"] == "Error in the event stream: boom"
    assert result["notFound"]["name"] == "NotFoundError" and result["notFound"]["status"] == 404
    assert result["notFoundTyped"] is True


def test_leaving_early_closes_the_connection(result: dict[str, Any]) -> None:
    assert result["breakTicks"] == ["tick 1", "tick 2", "tick 3"]
    assert result["openAfterBreak"] == 0
    assert result["abortedAfter"] == 2 and result["openAfterAbort"] == 0
    assert result["signalAbort"] == "APIUserAbortError" and result["openAfterSignal"] == 0
    assert result["openAtEnd"] == 0


def test_tee_and_readable_stream(result: dict[str, Any]) -> None:
    assert result["tee"] == [[0, 1, 2], [0, 1, 2]]
    assert result["readable"] == [{"id": "chat_1", "index": i, "delta": "x"} for i in range(2)]


def test_raw_response_is_never_read_first(result: dict[str, Any]) -> None:
    assert result["asResponse"] == {"bodyUsed": False, "type": "text/event-stream; charset=utf-8",
                                    "startsWith": "event: message_start"}
    assert result["asResponseJSON"]["bodyUsed"] is False
    assert set(result["asResponseJSON"]["body"]) == {"open", "finished"}
    assert result["withResponse"] == {"bodyUsed": False, "status": 200}
    assert result["withResponseItems"] == [0, 1]


def test_a_retry_happens_only_before_the_first_body_byte(ts_sdk: Path) -> None:
    """A 503 before the stream is retried; a stream broken after its first event is not."""
    result = json.loads(toolchain.node(["out/stream-retries.js"], ts_sdk).stdout)
    assert result["seen"] == [0] and result["error"] == "APIConnectionError"
    assert result["callsForStream"] == 2
    assert result["completion"] == "x"
    assert result["accepts"] == ["text/event-stream", "text/event-stream", "application/json"]


def test_the_decoder_splits_nowhere_wrong(ts_sdk: Path) -> None:
    """Every wire case, split into two chunks at every byte offset (inside UTF-8 characters,
    between CR and LF), decodes to the same events as the whole."""
    cases = {name: list(wire) for name, wire in RAW_CASES.items()}
    (ts_sdk / "cases.json").write_text(json.dumps(cases))
    proc = toolchain.node(["out/decoder-splits.js", "cases.json"], ts_sdk)
    decoded = json.loads(proc.stdout)
    assert decoded["multiline"] == _events(MULTILINE_EVENTS)
    for name in ("crlf", "cr", "bom", "trickle"):
        assert decoded[name] == _events(SIMPLE_EVENTS), name
    assert decoded["splitsChecked"] == sum(len(w) + 1 for w in RAW_CASES.values())


def test_llama_stack_stream_overloads_compile_in_a_user_program(
        llama_typescript: Path, tmp_path: Path) -> None:
    """The llama-stack spec's chat completions and responses generate `stream: true` overloads;
    a program iterating them passes tsc --strict (the SDK's settings)."""
    out = toolchain.copy_sdk(llama_typescript, tmp_path / "sdk")  # the program goes beside it
    chat = (out / "src" / "resources" / "chat" / "completions.ts").read_text()
    assert ("create(params: types.ChatCompletionsCreateParamsStreaming, options?: RequestOptions): "
            "APIPromise<Stream<types.OpenAiChatCompletionChunk>>;") in chat
    responses = (out / "src" / "resources" / "responses.ts").read_text()
    assert ("create(params: types.ResponsesCreateParamsStreaming, options?: RequestOptions): "
            "APIPromise<Stream<types.OpenAiResponseObjectStream>>;") in responses
    _compile(out, [FIXTURES / "llama-stream-user.ts"])


NULLABLE_FLAG_SPEC = """\
openapi: 3.1.0
info: {title: Nullable flag, version: "1"}
paths:
  /v1/jobs/{job_id}/logs:
    post:
      operationId: streamLogs
      parameters:
        - {name: job_id, in: path, required: true, schema: {type: string}}
        - {name: tail, in: query, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                stream: {type: [boolean, "null"]}
                level: {type: string}
      responses:
        "200":
          description: the logs, or their lines as events
          content:
            application/json: {schema: {type: object, properties: {lines: {type: array}}}}
            text/event-stream: {schema: {type: string}}
"""

NULLABLE_FLAG_USER = """\
import { NullableFlag as Client, Stream, type ServerSentEvent } from './src/index.js';

const client = new Client();
export async function main(): Promise<void> {
  const events: Stream<ServerSentEvent> = await client.jobs.logs('j', { stream: true });
  for await (const event of events) console.log(event.json());
  const whole = await client.jobs.logs('j');
  const also = await client.jobs.logs('j', { stream: null, tail: 3 });
  // @ts-expect-error no flag: the whole result, not a stream
  const wrong: Stream<ServerSentEvent> = await client.jobs.logs('j', {});
  console.log(whole, also, wrong);
}
"""


def test_an_optional_nullable_flag_after_a_path_parameter(tmp_path: Path) -> None:
    """The flag nullable, in an all-optional params object after a path parameter, with an
    untyped stream: the overloads compile and resolve as a user expects."""
    spec = tmp_path / "spec.yaml"
    spec.write_text(NULLABLE_FLAG_SPEC)
    out = tmp_path / "sdk"
    proc = toolchain.generate(spec, out)
    assert proc.returncode == 0, proc.stderr
    types = next((out / "src").rglob("types.ts")).read_text()
    assert ('export type JobsLogsParams_NonStreaming = Omit<JobsLogsParams_, "stream"> & '
            "{ stream?: false | null };") in types
    user = tmp_path / "nullable-flag-user.ts"
    user.write_text(NULLABLE_FLAG_USER)
    _compile(out, [user])

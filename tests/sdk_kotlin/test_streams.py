"""Event streams (issue 13's contract, for Kotlin): a stream method returns a closeable
``Stream<Event>`` (a ``Sequence``; a ``Flow`` in the async view), Event the spec's event type or
``ServerSentEvent``; one that streams when its body says ``stream: true``
(``Response.stream_flag``) gets a ``…Streaming`` twin. In one Maven run on a project generated
from tests/streaming_app.py's spec: the runtime's tests (templates/kotlin/runtime_test/
StreamTest.kt, every wire rule against the JDK's HttpServer) and the generated methods'
(tests/sdk_kotlin/kotlin/StreamsTest.kt) against the streaming app on loopback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from generator.cli import main
from tests.app.live_server import serve_on_loopback
from tests.sdk_kotlin import toolchain
from tests.streaming_app import (
    MESSAGE_TEXT,
    MULTILINE_EVENTS,
    RAW_CASES,
    SIMPLE_EVENTS,
    SPEC,
    create_streaming_app,
)


def _generate(tmp: Path) -> Path:
    (tmp / "spec.yaml").write_text(SPEC)
    (tmp / "config.yaml").write_text("languages:\n  kotlin: {package: dev.streams}\n")
    out = tmp / "sdk"
    assert main(["generate", "--spec", str(tmp / "spec.yaml"), "--config",
                 str(tmp / "config.yaml"), "--lang", "kotlin", "--out", str(out)]) == 0
    return out


def test_stream_methods_are_typed_with_a_streaming_twin(tmp_path: Path) -> None:
    out = _generate(tmp_path)
    client = (out / "src/main/kotlin/dev/streams/Client.kt").read_text()
    assert "): Stream<MessageStreamEvent> {" in client
    assert "): Stream<ServerSentEvent> {" in client
    assert "): Flow<MessageStreamEvent> =" in client and ".asFlow()" in client
    # The JSON method sends no flag (it is no argument); its twin sends true.
    assert client.count('"stream" to J.of(true)') == 2
    assert "stream: Boolean" not in client
    assert client.count('accept = "text/event-stream"') == 3
    readme = (out / "README.md").read_text()
    assert "## Event streams" in readme and "createStreaming" in readme
    # The README's stream example compiles (and ExamplesTest runs in the test below).
    examples = (out / "src/test/kotlin/dev/streams/ExamplesTest.kt").read_text()
    assert "fun printEvents(a0: Long) {" in examples
    assert "client.chat.completions.createStreaming(a0).use { stream ->" in examples


def test_streams_against_the_streaming_app(tmp_path: Path) -> None:
    out = _generate(tmp_path)
    target = out / "src/test/kotlin/dev/streams/it"
    target.mkdir(parents=True)
    shutil.copy(toolchain.KOTLIN_TESTS / "StreamsTest.kt", target)
    raw = {case: MULTILINE_EVENTS if case == "multiline" else SIMPLE_EVENTS for case in RAW_CASES}
    expected = tmp_path / "expected.json"
    expected.write_text(json.dumps({"message_text": MESSAGE_TEXT, "raw": raw}))
    with serve_on_loopback(create_streaming_app()) as url:
        toolchain.mvn("test", "-Dtest=StreamTest,StreamsTest,ExamplesTest", cwd=out,
                      env={"STREAMING_BASE_URL": url, "STREAM_EXPECTED": str(expected)})
    results = toolchain.surefire_results(out)
    assert {f"StreamTest.{name}" for name in (
        "decoderWireRulesChunkByChunk", "typedEventsEndAtDoneAcrossByteByByteWrites",
        "untypedEventsKeepTheirFields", "anErrorEventAndAnErrorObjectMidStreamAreApiExceptions",
        "anErrorFieldThatIsNoObjectIsDataAndInvalidJsonIsAValidationError",
        "leavingEarlyClosesTheConnection", "cancellingTheFlowClosesTheConnection",
        "retriesOnlyBeforeTheFirstByteOfTheBody", "aFailedStatusIsTheTypedErrorBeforeAnyEvent",
        "theRequestTimeoutCoversTheHeadersNotTheStream", "aStreamWhoseHeadersDoNotComeTimesOut",
    )} | {f"StreamsTest.{name}" for name in (
        "namedEventsAreTheirTypesAndAnUnknownOneIsKept", "openAiChunksEndAtDone",
        "theJsonTwinDoesNotStream", "everyRawWireCase", "errorsMidStreamAreTypedApiExceptions",
        "leavingEarlyClosesTheConnection", "theAsyncViewIsAFlowOfTypedEvents",
    )} | {f"ExamplesTest.{name}" for name in (
        "quickStartBuildsAClient", "anUnknownMemberIsKept",
    )} == set(results)
    assert set(results.values()) == {"passed"}, results

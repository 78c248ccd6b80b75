"""Event streams (issue 13's contract, for Go): methods whose response is an event stream
return ``*ssestream.Stream[T]``, T the spec's event type (an OpenAPI 3.2 ``itemSchema``, or the
stream's ``schema``) or ``ssestream.Event``; one that streams only when its body says ``stream:
true`` (``Response.stream_flag``) gets a ``…Streaming`` twin. The runtime's own tests
(templates/go/runtime/ssestream, every wire rule against httptest servers) and the generated
methods' (tests/sdk_go/go/stream_test.go) run in a module generated from a streaming spec."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from pathlib import Path

from generator.cli import generate_files
from generator.diagnostics import Diagnostics
from generator.languages import BACKENDS
from generator.languages.go.backend import GoConfig
from generator.write import write_tree
from tests.sdk_go import toolchain

SPEC = Path(__file__).resolve().parent / "fixtures" / "streams.yaml"


def test_stream_methods_are_typed_and_read_events_as_they_arrive(tmp_path: Path) -> None:
    diagnostics = Diagnostics()
    ir, config, _files = generate_files(SPEC, None, "go", diagnostics)
    config = replace(config, languages={"go": GoConfig(module="example.com/streams",
                                                       package_name="api")})
    files = BACKENDS["go"].render(ir, config, diagnostics)
    assert diagnostics.errors() == []
    services = files["services.go"]
    assert ") *ssestream.Stream[StreamEvent] {" in services
    assert ") *ssestream.Stream[ssestream.Event] {" in services
    assert services.count('Accept: "text/event-stream", Stream: true') == 3
    # An operation that streams when its body says so has a ...Streaming twin sending it.
    assert ") New(ctx context.Context, params ChatNewParams, opts ...option.RequestOption) " \
        "(*Chat, error) {" in services
    assert ") NewStreaming(ctx context.Context, params ChatNewParams, opts " \
        "...option.RequestOption) *ssestream.Stream[ChatChunk] {" in services
    assert 'option.WithJSONSet("stream", true)' in services
    assert "client.Messages.New" in files["README.md"] and "## Event streams" in files["README.md"]
    out = tmp_path / "module"
    write_tree(files, out, diagnostics)
    assert toolchain.gofmt_unclean(out) == []
    (out / "streams").mkdir()
    shutil.copy(toolchain.GO_TESTS / "stream_test.go", out / "streams")
    toolchain.go("vet", "./...", cwd=out)
    assert toolchain.staticcheck(out).stdout == ""
    proc = toolchain.go("test", "-count=1", "-v", "./ssestream/", "./streams/", ".", cwd=out)
    passed = set(re.findall(r"^--- PASS: (\w+)", proc.stdout, re.MULTILINE))
    assert {
        "TestDecoderWireRules", "TestTypedStreamEndsAtDoneAcrossAwkwardWrites",
        "TestUntypedEventsWithNextCurrentErrAndJSON",
        "TestAnErrorEventAndAnErrorObjectMidStreamAreTheSDKsError",
        "TestAnErrorFieldThatIsNoObjectIsData", "TestLeavingEarlyClosesTheConnection",
        "TestRetriesOnlyBeforeTheFirstByteOfTheBody", "TestAFailedCallIsAnEmptyStreamWithItsError",
        "TestInvalidJSONIsAValidationError",
        "TestTypedEventsComeBackAsTheirGoTypesAndUnknownOnesAreKept",
        "TestUntypedEventsAndAnErrorEventAsTheSDKsError", "TestBreakingOutClosesTheConnection",
        "TestAFailedCallIsAStreamWithTheError", "TestTheRequestTimeoutCoversTheHeadersNotTheStream",
        "TestAStreamWhoseHeadersDoNotComeTimesOut",
        "TestTheStreamingTwinSendsStreamTrueAndTheJSONMethodDoesNot",
    } <= passed, proc.stdout
    assert "FAIL" not in proc.stdout
    # The examples (compiled by go vet and go test) range over the stream.
    assert "range stream.All()" in files["example_test.go"]

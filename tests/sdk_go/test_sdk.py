"""The committed Go SDK (sdks/go): gofmt-clean as written, go vet clean, its own tests (the
runtime's httptest suites and the compiled examples) pass, and a round trip against the real
app on loopback exercises every method (tests/sdk_go/go/roundtrip_test.go)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from generator.languages import BACKENDS
from generator.languages.go.backend import STATICCHECK
from tests.app.samples import ITEM_TYPES, ITEMS
from tests.sdk_go import toolchain


def test_go_mod_is_stdlib_only_and_go_1_24() -> None:
    go_mod = (toolchain.SDK_DIR / "go.mod").read_text()
    assert go_mod == "module github.com/parley-dev/parley-go\n\ngo 1.24\n"
    assert not (toolchain.SDK_DIR / "go.sum").exists()
    imports = set()
    for path in toolchain.SDK_DIR.rglob("*.go"):
        imports |= set(re.findall(r'^\s+(?:\w+ )?"([^"]+)"$', path.read_text(), re.MULTILINE))
    third_party = {i for i in imports if "." in i.split("/")[0]
                   and not i.startswith("github.com/parley-dev/parley-go")}
    assert not third_party


def test_gofmt_clean_as_written_and_vet_clean() -> None:
    assert toolchain.gofmt_unclean(toolchain.SDK_DIR) == []
    toolchain.go("vet", "./...", cwd=toolchain.SDK_DIR)


def test_staticcheck_clean() -> None:
    assert toolchain.staticcheck(toolchain.SDK_DIR).stdout == ""


def test_the_lint_stage_runs_gofmt_vet_and_the_pinned_staticcheck() -> None:
    lint = BACKENDS["go"].stage("lint")
    assert lint is not None
    argv = [" ".join(c.argv) for c in lint.commands]
    assert argv[1:] == ["go vet ./...", "staticcheck ./..."] and "gofmt -l" in argv[0]
    assert BACKENDS["go"].go_tools == (STATICCHECK,)
    assert re.fullmatch(r"honnef\.co/go/tools/cmd/staticcheck@v\d+\.\d+\.\d+", STATICCHECK)


def test_the_sdk_own_tests_pass() -> None:
    """The runtime's tests (retries, Retry-After, timeouts, idempotency keys, closed bodies,
    omitzero and Null, shape dispatch) and the examples, which must compile."""
    proc = toolchain.go("test", "-count=1", "./...", cwd=toolchain.SDK_DIR)
    for package in ("internal/requestconfig", "param", "respjson"):
        assert re.search(rf"^ok\s+\S+/{package}\s", proc.stdout, re.MULTILINE), proc.stdout


def test_round_trip_against_the_app(app_base_url: str, tmp_path: Path) -> None:
    module = toolchain.copy_module(toolchain.SDK_DIR, tmp_path / "module")
    (module / "roundtrip").mkdir()
    shutil.copy(toolchain.GO_TESTS / "roundtrip_test.go", module / "roundtrip")
    samples = tmp_path / "samples.json"
    samples.write_text(json.dumps({"items": ITEMS, "item_types": sorted(ITEM_TYPES)}))
    proc = toolchain.go("test", "-count=1", "-v", "./roundtrip/", cwd=module,
                        env={"PARLEY_BASE_URL": app_base_url, "SDK_TEST_SAMPLES": str(samples)})
    passed = re.findall(r"^--- PASS: (\w+)", proc.stdout, re.MULTILINE)
    assert sorted(passed) == ["TestAutoPaging250InBothOrders", "TestEveryMethod",
                              "TestUnknownItemSurvivesDecodeAndReencode"], proc.stdout


def test_round_trip_covers_every_method() -> None:
    api = (toolchain.SDK_DIR / "api.md").read_text()
    methods = re.findall(r"^- `(client\.[\w.]+)`:", api, re.MULTILINE)
    assert len(methods) == 11
    source = (toolchain.GO_TESTS / "roundtrip_test.go").read_text()
    missing = [m for m in methods if f"{m}(" not in source]
    assert not missing

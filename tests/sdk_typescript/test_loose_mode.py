"""Tolerant parsing in the TypeScript SDK (issue 12): a 2xx JSON body that breaks the spec is
handed back as sent, as the official TypeScript SDKs do. Missing required fields are absent,
mistyped values stay as sent, unknown fields and union members are kept, and a `date-time`
stays the string that arrived, parseable or not. With `strictResponseValidation` every one of
those bodies is an `APIResponseValidationError` naming the JSON path of the mismatch. The SDK is
generated from ``tests/loose_app.py``'s SPEC and run with node against that app on loopback
(uvicorn)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.app.live_server import serve_on_loopback
from tests.loose_app import RECORD_ORDER, RECORDS, SHAPES, SPEC, create_loose_app
from tests.sdk_typescript import toolchain

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "loose"


@pytest.fixture(scope="module")
def ts_sdk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("loose_ts")
    spec = tmp / "spec.yaml"
    spec.write_text(SPEC)
    out = tmp / "sdk"
    proc = toolchain.generate(spec, out)
    assert proc.returncode == 0, proc.stderr
    toolchain.compile_beside_sdk(out, [FIXTURES / "loose-roundtrip.ts",
                                       FIXTURES / "strict-roundtrip.ts",
                                       FIXTURES / "validate-table.ts"])
    return out


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve_on_loopback(create_loose_app()) as url:
        yield url


@pytest.fixture(scope="module")
def result(ts_sdk: Path, server: str) -> dict[str, Any]:
    proc = toolchain.node(
        ["out/loose-roundtrip.js", server, *RECORDS, "--", *SHAPES], ts_sdk, timeout=120)
    parsed: dict[str, Any] = json.loads(proc.stdout)
    return parsed


@pytest.fixture(scope="module")
def strict(ts_sdk: Path, server: str) -> dict[str, Any]:
    proc = toolchain.node(
        ["out/strict-roundtrip.js", server, *RECORDS, "--", *SHAPES], ts_sdk, timeout=120)
    parsed: dict[str, Any] = json.loads(proc.stdout)
    return parsed


def test_no_spec_breaking_body_is_rejected(result: dict[str, Any]) -> None:
    failed = {name: got["error"] for table in ("records", "shapes")
              for name, got in result[table].items() if "error" in got}
    assert failed == {}
    for name in ("listed", "firstPage", "withResponse"):
        assert result[name]["ok"] is True, result[name]


@pytest.mark.parametrize("case", list(RECORDS))
def test_record_is_handed_back_exactly_as_sent(result: dict[str, Any], case: str) -> None:
    got = result["records"][case]
    assert got["body"] == RECORDS[case]
    # Nothing added (no defaults, no `undefined` placeholders for missing fields), nothing lost.
    assert got["keys"] == list(RECORDS[case])


def test_missing_required_fields_are_absent(result: dict[str, Any]) -> None:
    got = result["records"]["missing"]
    assert got["hasCount"] is False and got["keys"] == ["id"]
    assert result["withResponse"]["value"] == {"status": 200, "data": RECORDS["missing"]}


def test_mistyped_values_keep_the_raw_value(result: dict[str, Any]) -> None:
    body = result["records"]["mistyped"]["body"]
    assert body["count"] == "three" and body["id"] == 17 and body["owner"] == "ada"
    assert body["created_at"] == 1764590400
    assert result["records"]["null_required"]["body"]["count"] is None


def test_unknown_fields_are_kept(result: dict[str, Any]) -> None:
    body = result["records"]["extra"]["body"]
    assert body["added_later"] == {"deep": [1, 2]}
    assert body["owner"] == {"name": "ada", "email": "ada@example.com"}


def test_date_time_stays_the_string_sent(result: dict[str, Any]) -> None:
    for case in ("valid", "bad_date"):
        got = result["records"][case]
        assert got["createdAtType"] == "string", case
        assert got["body"]["created_at"] == RECORDS[case]["created_at"]
    assert result["records"]["bad_date"]["body"]["created_at"] == "yesterday at noon"
    assert result["records"]["new_enum"]["body"]["kind"] == "gamma"


def test_union_members_are_kept_and_never_coerced(result: dict[str, Any]) -> None:
    shapes = result["shapes"]
    assert {name: got["body"] for name, got in shapes.items()} == SHAPES
    assert shapes["circle"]["described"] == "circle 1.5"
    assert shapes["square"]["described"] == "square 2"
    # Neither coerced into the first member (Circle) nor dropped.
    assert shapes["unknown"]["described"] == "unknown hexagon"
    assert shapes["untagged"]["described"] == "unknown undefined"
    assert shapes["mistyped"]["described"] == "circle large"


def test_loose_items_page_through(result: dict[str, Any]) -> None:
    assert result["listed"]["value"] == [RECORDS[case]["id"] for case in RECORD_ORDER]
    page = result["firstPage"]["value"]
    assert page["data"] == [RECORDS[case] for case in RECORD_ORDER[:2]]
    assert page["hasMore"] is True and page["hasNextPage"] is True


def test_readme_says_responses_are_not_validated(ts_sdk: Path) -> None:
    readme = (ts_sdk / "README.md").read_text()
    assert "## Response parsing" in readme
    assert "(such as `Record.created_at`)" in readme and "ISO 8601 string" in readme


# case → (the JSON path strict mode reports first, a word of its message). `missing` lacks
# `count` first, in the spec's property order; `extra`'s unknown field is a mismatch, as in the
# Python SDK's strict mode (the model declares no additionalProperties).
STRICT_RECORDS: dict[str, tuple[str, str]] = {
    "missing": ("$.count", "required field missing"),
    "mistyped": ("$.id", "expected string, got integer"),
    "extra": ("$.owner.email", "unexpected field"),
    "bad_date": ("$.created_at", "expected a date-time"),
    "null_required": ("$.count", "expected integer, got null"),
    "new_enum": ("$.kind", "is not one of RecordKind's values"),
}
STRICT_SHAPES: dict[str, tuple[str, str]] = {
    "unknown": ("$.type", 'unknown variant "hexagon" of Shape'),
    "untagged": ("$.type", "discriminator missing"),
    "mistyped": ("$.radius", "expected number, got string"),
}


def test_strict_cases_cover_every_spec_breaking_body() -> None:
    assert set(STRICT_RECORDS) == set(RECORDS) - {"valid"}
    assert set(STRICT_SHAPES) == set(SHAPES) - {"circle", "square"}


@pytest.mark.parametrize(("table", "case"), [*(("records", c) for c in STRICT_RECORDS),
                                             *(("shapes", c) for c in STRICT_SHAPES)])
def test_strict_mode_rejects_each_spec_breaking_body_naming_its_path(
    strict: dict[str, Any], table: str, case: str
) -> None:
    got = strict[table][case]
    path, words = (STRICT_RECORDS if table == "records" else STRICT_SHAPES)[case]
    assert got["ok"] is False and got["name"] == "APIResponseValidationError", got
    assert got["path"] == path and got["issues"][0]["path"] == path
    assert words in got["issues"][0]["message"]
    assert f"{path}: " in got["message"] and "strict validation failed" in got["message"]
    # The error carries the body as parsed and the response it came in.
    assert got["body"] == (RECORDS if table == "records" else SHAPES)[case]
    assert got["status"] == 200 and got["responseStatus"] == 200


def test_strict_mode_reports_every_mismatch(strict: dict[str, Any]) -> None:
    issues = strict["records"]["mistyped"]["issues"]
    assert [i["path"] for i in issues] == [
        "$.id", "$.count", "$.created_at", "$.kind", "$.tags", "$.owner"]
    missing = strict["records"]["missing"]["issues"]
    assert [i["path"] for i in missing] == [
        "$.count", "$.created_at", "$.kind", "$.tags", "$.owner"]


def test_strict_mode_passes_valid_bodies(strict: dict[str, Any]) -> None:
    assert strict["records"]["valid"] == {"ok": True, "value": RECORDS["valid"]}
    for case in ("circle", "square"):
        assert strict["shapes"][case] == {"ok": True, "value": SHAPES[case]}


def test_strict_mode_checks_each_page(strict: dict[str, Any]) -> None:
    # A page of one record holds the valid record; a page of two holds `missing` second, and
    # the error names that item by its index.
    assert strict["firstPage"] == {"ok": True, "value": [RECORDS["valid"]]}
    listed = strict["listed"]
    assert listed["ok"] is False and listed["path"] == "$.data[1].count"


def test_strict_mode_per_request_and_with_options(strict: dict[str, Any]) -> None:
    assert strict["requestStrict"]["path"] == "$.count"
    assert strict["withOptions"]["path"] == "$.count"
    assert strict["requestLoose"] == {"ok": True, "value": RECORDS["missing"]}
    # Loose stays the default, on the same client the per-request override was used with.
    assert strict["looseStill"] == {"ok": True, "value": RECORDS["missing"]}


def test_the_interpreter_on_every_schema_shape(ts_sdk: Path) -> None:
    proc = toolchain.node(["out/validate-table.js"], ts_sdk, timeout=120)
    got = json.loads(proc.stdout)
    assert got == {
        "nullable null": [],
        "nullable wrong": ["$"],
        "map": ["$.b"],
        "anyOf string": [],
        "anyOf integer": [],
        "anyOf neither": ["$"],
        "json const": [],
        "json const differs": ["$"],
        "recursive": ["$.children[1].children[0].name"],
        # Extra keys are checked against `extra`; `__proto__` is an ordinary, declared key.
        "extra schema": ["$.bad"],
        "proto key wrong": ['$["x-y"]', "$.__proto__"],
        # A tag two members share: whichever member fits; neither → one issue at the value.
        "shared tag first": [],
        "shared tag second": [],
        "shared tag neither": ["$"],
        "integer enum": [],
        "integer enum unknown": ["$"],
        "integer": ["$"],
        "date-time ok": [],
        "date-time naive": [],
        "date-time month 13": ["$"],
        "date-time feb 30": ["$"],
        "date only": ["$"],
        # Collection stops at 20 issues.
        "many issues": [f"$[{i}]" for i in range(20)],
    }


def test_readme_documents_strict_mode(ts_sdk: Path) -> None:
    readme = (ts_sdk / "README.md").read_text()
    assert "strictResponseValidation: true" in readme
    assert "APIResponseValidationError" in readme and "`path`" in readme

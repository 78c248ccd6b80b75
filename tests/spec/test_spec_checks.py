"""The committed spec passes every check, and each check catches the defect it is for."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from pipeline import spec_checks
from pipeline.specfile import dump_spec, load_spec
from pipeline.validate import main as validate_main
from pipeline.validate import schema_errors

SPEC_PATH = Path("spec/openapi.yaml")
REF = "#/components/schemas/"
ITEM_GET = ("/v1/conversations/{conversation_id}/items/{item_id}", "get")


@pytest.fixture(scope="module")
def committed() -> dict[str, Any]:
    return load_spec(SPEC_PATH)


@pytest.fixture
def spec(committed: dict[str, Any]) -> dict[str, Any]:
    return copy.deepcopy(committed)


@pytest.mark.parametrize("check", spec_checks.CHECKS, ids=lambda c: c.__name__)
def test_committed_spec_passes(committed: dict[str, Any], check: spec_checks.Check) -> None:
    assert check(committed) == []


def test_committed_spec_is_valid_openapi_31(committed: dict[str, Any]) -> None:
    assert schema_errors(committed) == []


def test_committed_spec_passes_the_whole_validation_with_the_linter(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert validate_main([str(SPEC_PATH)]) == 0, capsys.readouterr()


def test_conversation_item_is_the_ten_member_union(committed: dict[str, Any]) -> None:
    union = committed["components"]["schemas"]["ConversationItem"]
    refs = [member["$ref"] for member in union["oneOf"]]
    assert len(refs) == 10 == len(set(refs))
    assert set(union["discriminator"]["mapping"].values()) == set(refs)
    for ref in refs:
        assert "type" in committed["components"]["schemas"][ref.removeprefix(REF)]["required"]


# --- each check catches its defect ------------------------------------------------------


def test_repeated_union_member_is_caught(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["ConversationItem"]["oneOf"].append({"$ref": REF + "MessageItem"})
    problems = spec_checks.check_conversation_item_union(spec)
    assert any("listed more than once: #/components/schemas/MessageItem" in p for p in problems)


def test_incomplete_mapping_is_caught(spec: dict[str, Any]) -> None:
    del spec["components"]["schemas"]["ConversationItem"]["discriminator"]["mapping"]["reasoning"]
    problems = spec_checks.check_conversation_item_union(spec)
    assert problems and problems[0].startswith(
        "#/components/schemas/ConversationItem/discriminator/mapping: expected"
    )


def test_missing_union_component_is_caught(spec: dict[str, Any]) -> None:
    del spec["components"]["schemas"]["ConversationItem"]
    assert spec_checks.check_conversation_item_union(spec) == [
        "#/components/schemas/ConversationItem: missing; the item union must be one named component"
    ]


def test_optional_tag_is_caught(spec: dict[str, Any]) -> None:
    spec["components"]["schemas"]["ReasoningItem"]["required"].remove("type")
    assert spec_checks.check_discriminated_members_require_tag(spec) == [
        "#/components/schemas/ReasoningItem/required: lacks 'type' (member of ConversationItem)"
    ]


def test_operation_id_defects_are_caught(spec: dict[str, Any]) -> None:
    paths = spec["paths"]
    paths["/v1/health"]["get"]["operationId"] = "version"
    paths["/v1/conversations"]["post"]["operationId"] = "create_conversation_v1_conversations_post"
    del paths[ITEM_GET[0]][ITEM_GET[1]]["operationId"]
    problems = spec_checks.check_operation_ids(spec)
    assert (
        "#/paths/~1v1~1conversations~1{conversation_id}~1items~1{item_id}/get: no operationId"
        in problems
    )
    assert any(
        "'create_conversation_v1_conversations_post' looks like FastAPI's" in p for p in problems
    )
    assert any("operationId 'version' also used by #/paths/~1v1~1health/get" in p for p in problems)


def test_undocumented_or_wrongly_typed_errors_are_caught(spec: dict[str, Any]) -> None:
    responses = spec["paths"][ITEM_GET[0]][ITEM_GET[1]]["responses"]
    del responses["500"]
    responses["404"]["content"]["application/json"]["schema"] = {"type": "object"}
    responses["422"] = {
        "description": "x",
        "content": {"application/json": {"schema": {"$ref": REF + "ErrorResponse"}}},
    }
    where = "#/paths/~1v1~1conversations~1{conversation_id}~1items~1{item_id}/get/responses"
    assert spec_checks.check_error_responses(spec) == [
        f"{where}: does not document 500",
        f"{where}/422: FastAPI's validation error; the app answers 400",
        f"{where}/404: body is not #/components/schemas/ErrorResponse",
    ]


def test_unreachable_and_duplicated_schemas_are_caught(spec: dict[str, Any]) -> None:
    schemas = spec["components"]["schemas"]
    schemas["Orphan"] = {"type": "string"}
    schemas["Conversation-Input"] = {**schemas["Conversation"], "title": "Conversation-Input"}
    assert spec_checks.check_schemas_reachable(spec) == [
        "#/components/schemas/Orphan: not reachable from any operation",
        "#/components/schemas/Conversation-Input: not reachable from any operation",
    ]
    assert spec_checks.check_no_duplicate_schemas(spec) == [
        "#/components/schemas: identical schemas Conversation, Conversation-Input"
    ]


def test_validation_fails_on_a_broken_spec_naming_the_problem(
    spec: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spec["paths"]["/v1/health"]["get"]["operationId"] = "version"
    spec["paths"]["/v1/health"]["get"]["responses"]["200"].pop("description")
    path = tmp_path / "openapi.yaml"
    path.write_text(dump_spec(spec))
    assert validate_main([str(path)]) == 1
    captured = capsys.readouterr()
    assert (
        "openapi-spec-validator: #/paths/~1v1~1health/get/responses/200: "
        '"description" is a required property' in captured.err
    )
    assert "operation-operationId-unique" in captured.out  # the linter's own finding
    assert f"error: {path} failed validation" in captured.err

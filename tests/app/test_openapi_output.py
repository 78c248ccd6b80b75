"""The app's own OpenAPI output: names, unions, limits and documented errors."""

from __future__ import annotations

from typing import Any

import pytest

from app.main import create_app
from app.settings import Settings
from app.version import __version__

Spec = dict[str, Any]

ITEM_MEMBERS = {
    "message": "MessageItem",
    "web_search_call": "WebSearchCallItem",
    "file_search_call": "FileSearchCallItem",
    "function_call": "FunctionCallItem",
    "function_call_output": "FunctionCallOutputItem",
    "mcp_approval_request": "McpApprovalRequestItem",
    "mcp_approval_response": "McpApprovalResponseItem",
    "mcp_call": "McpCallItem",
    "mcp_list_tools": "McpListToolsItem",
    "reasoning": "ReasoningItem",
}
UNIONS = {
    "ConversationItem": ITEM_MEMBERS,
    "ContentPart": {
        "input_text": "InputTextContent",
        "input_image": "InputImageContent",
        "input_file": "InputFileContent",
        "output_text": "OutputTextContent",
        "refusal": "RefusalContent",
    },
    "InputContentPart": {
        "input_text": "InputTextContent",
        "input_image": "InputImageContent",
        "input_file": "InputFileContent",
    },
    "Annotation": {
        "file_citation": "FileCitationAnnotation",
        "url_citation": "UrlCitationAnnotation",
        "container_file_citation": "ContainerFileCitationAnnotation",
        "file_path": "FilePathAnnotation",
    },
}
OPERATIONS = {
    ("post", "/v1/conversations"): ("createConversation", {"400", "413", "415", "500"}),
    ("get", "/v1/conversations/{conversation_id}"): ("retrieveConversation", {"400", "404", "500"}),
    ("post", "/v1/conversations/{conversation_id}"): (
        "updateConversation",
        {"400", "404", "413", "415", "500"},
    ),
    ("delete", "/v1/conversations/{conversation_id}"): (
        "deleteConversation",
        {"400", "404", "500"},
    ),
    ("post", "/v1/conversations/{conversation_id}/items"): (
        "createConversationItems",
        {"400", "404", "413", "415", "500"},
    ),
    ("get", "/v1/conversations/{conversation_id}/items"): (
        "listConversationItems",
        {"400", "404", "500"},
    ),
    ("get", "/v1/conversations/{conversation_id}/items/{item_id}"): (
        "retrieveConversationItem",
        {"400", "404", "500"},
    ),
    ("delete", "/v1/conversations/{conversation_id}/items/{item_id}"): (
        "deleteConversationItem",
        {"400", "404", "500"},
    ),
    ("get", "/v1/inspect/routes"): ("listRoutes", {"400", "500"}),
    ("get", "/v1/health"): ("health", {"500"}),
    ("get", "/v1/version"): ("version", {"500"}),
}


@pytest.fixture(scope="module")
def spec() -> Spec:
    result: Spec = create_app(Settings(database_url="sqlite+aiosqlite://")).openapi()
    return result


def test_operations_ids_and_error_statuses(spec: Spec) -> None:
    found = {
        (method, path): operation
        for path, item in spec["paths"].items()
        for method, operation in item.items()
    }
    assert set(found) == set(OPERATIONS)
    for key, (operation_id, errors) in OPERATIONS.items():
        operation = found[key]
        assert operation["operationId"] == operation_id
        assert operation["summary"] and operation["description"]
        statuses = set(operation["responses"]) - {"200"}
        assert statuses == errors, (operation_id, statuses)
        for status in errors:
            schema = operation["responses"][status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ErrorResponse"}


def test_version(spec: Spec) -> None:
    assert spec["info"]["version"] == __version__


@pytest.mark.parametrize("union", sorted(UNIONS))
def test_unions_are_named_discriminated_components(spec: Spec, union: str) -> None:
    schemas = spec["components"]["schemas"]
    members = UNIONS[union]
    schema = schemas[union]
    refs = [entry["$ref"] for entry in schema["oneOf"]]
    assert refs == [f"#/components/schemas/{name}" for name in members.values()]
    assert len(refs) == len(set(refs))
    assert schema["discriminator"] == {
        "propertyName": "type",
        "mapping": {tag: f"#/components/schemas/{name}" for tag, name in members.items()},
    }
    for tag, name in members.items():
        member = schemas[name]
        assert "type" in member["required"], name
        assert member["properties"]["type"]["const"] == tag
        assert "default" not in member["properties"]["type"]
        assert member.get("additionalProperties") is True, name


def test_no_input_output_twins(spec: Spec) -> None:
    names = spec["components"]["schemas"]
    assert not [name for name in names if name.endswith(("-Input", "-Output"))]


def test_every_schema_and_field_is_described(spec: Spec) -> None:
    missing = []
    for name, schema in spec["components"]["schemas"].items():
        if not schema.get("description"):
            missing.append(name)
        for field, prop in schema.get("properties", {}).items():
            if not prop.get("description"):
                missing.append(f"{name}.{field}")
    assert missing == []


def test_metadata_limits_are_in_the_schema(spec: Spec) -> None:
    metadata = spec["components"]["schemas"]["Metadata"]
    assert metadata["type"] == "object"
    assert metadata["maxProperties"] == 16
    assert metadata["propertyNames"]["maxLength"] == 64
    assert metadata["additionalProperties"] == {"type": "string", "maxLength": 512}


def test_item_limits_and_id_pattern_are_in_the_schema(spec: Spec) -> None:
    schemas = spec["components"]["schemas"]
    assert schemas["CreateConversationItemsRequest"]["properties"]["items"]["maxItems"] == 20
    assert schemas["CreateConversationItemsRequest"]["properties"]["items"]["minItems"] == 1
    assert schemas["CreateConversationRequest"]["properties"]["items"]["maxItems"] == 20
    parameter = spec["paths"]["/v1/conversations/{conversation_id}"]["get"]["parameters"][0]
    assert parameter["schema"]["pattern"] == "^conv_[0-9a-f]{48}$"


def test_required_component_names_exist(spec: Spec) -> None:
    expected = {
        "Conversation",
        "ConversationDeleted",
        "ConversationItemDeleted",
        "ConversationItemList",
        "CreateConversationRequest",
        "UpdateConversationRequest",
        "CreateConversationItemsRequest",
        "ErrorResponse",
        "ErrorObject",
        "Metadata",
        "FileSearchResult",
        "McpTool",
        "SummaryText",
        "ReasoningText",
        "Logprob",
        "TopLogprob",
        "RouteInfo",
        "ListRoutesResponse",
        "HealthResponse",
        "VersionResponse",
    }
    assert expected <= set(spec["components"]["schemas"])

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


AUTH_ERRORS = {"401", "429"}


@pytest.fixture(scope="module")
def spec() -> Spec:
    result: Spec = create_app(Settings(database_url="sqlite+aiosqlite://")).openapi()
    return result


def test_bearer_security_is_declared_and_optional(spec: Spec) -> None:
    scheme = spec["components"]["securitySchemes"]["bearerAuth"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    assert spec["security"] == [{"bearerAuth": []}, {}]


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
        errors = errors | AUTH_ERRORS  # every operation: app.auth.middleware
        assert statuses == errors, (operation_id, statuses)
        assert (
            operation["responses"]["429"]["headers"]["Retry-After"]["schema"]["type"] == "integer"
        )
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


# Every string enum of the API is one named component, referenced wherever it is used, so
# third-party generators emit one stable class per enum (see spec/CONSUMERS.md).
NAMED_ENUMS = {
    "ItemStatus": ["in_progress", "completed", "incomplete"],
    "WebSearchCallStatus": ["in_progress", "searching", "completed", "failed"],
    "FileSearchCallStatus": ["in_progress", "searching", "completed", "incomplete", "failed"],
    "MessageRole": ["system", "developer", "user", "assistant"],
    "ImageDetail": ["low", "high", "auto"],
    "ListOrder": ["asc", "desc"],
    "ApiLevel": ["v1", "v1alpha", "v1beta", "deprecated"],
    "AuthMode": ["none", "bearer"],
    "IncludeOption": [
        "web_search_call.action.sources",
        "code_interpreter_call.outputs",
        "computer_call_output.output.image_url",
        "file_search_call.results",
        "message.input_image.image_url",
        "message.output_text.logprobs",
        "reasoning.encrypted_content",
    ],
}


def _ref(name: str) -> Spec:
    return {"$ref": f"#/components/schemas/{name}"}


def _parameter(spec: Spec, method: str, path: str, name: str) -> Spec:
    parameters = spec["paths"][path][method]["parameters"]
    matches: list[Spec] = [p for p in parameters if p["name"] == name]
    assert len(matches) == 1, (method, path, name)
    return matches[0]


def _inline_enums(node: Any, pointer: str) -> list[str]:
    """Pointers of every `enum` outside the top level of a component schema."""
    found = []
    if isinstance(node, dict):
        if "enum" in node:
            found.append(pointer)
        for key, value in node.items():
            if key not in ("enum", "const", "default", "example", "examples"):
                found += _inline_enums(value, f"{pointer}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _inline_enums(value, f"{pointer}/{index}")
    return found


@pytest.mark.parametrize("name", sorted(NAMED_ENUMS))
def test_string_enums_are_named_components(spec: Spec, name: str) -> None:
    schema = spec["components"]["schemas"][name]
    assert schema["type"] == "string"
    assert schema["enum"] == NAMED_ENUMS[name]
    assert schema["description"]


def test_no_enum_is_inlined(spec: Spec) -> None:
    schemas = spec["components"]["schemas"]
    outside_components = {key: value for key, value in spec.items() if key != "components"}
    inline = _inline_enums(outside_components, "#")
    for name, schema in schemas.items():
        body = {key: value for key, value in schema.items() if key != "enum"}
        inline += _inline_enums(body, f"#/components/schemas/{name}")
    assert inline == []


def test_enum_fields_and_parameters_reference_the_named_enums(spec: Spec) -> None:
    schemas = spec["components"]["schemas"]
    for item in ("MessageItem", "FunctionCallItem", "FunctionCallOutputItem", "ReasoningItem"):
        status = schemas[item]["properties"]["status"]
        assert status["anyOf"] == [_ref("ItemStatus"), {"type": "null"}], item
        assert status["description"], item
        assert "status" not in schemas[item].get("required", []), item
    assert schemas["WebSearchCallItem"]["properties"]["status"]["$ref"].endswith(
        "/WebSearchCallStatus"
    )
    assert schemas["FileSearchCallItem"]["properties"]["status"]["$ref"].endswith(
        "/FileSearchCallStatus"
    )
    role = schemas["MessageItem"]["properties"]["role"]
    assert role["$ref"] == _ref("MessageRole")["$ref"] and role["description"]
    assert "role" in schemas["MessageItem"]["required"]
    detail = schemas["InputImageContent"]["properties"]["detail"]
    assert detail["$ref"] == _ref("ImageDetail")["$ref"] and detail["default"] == "auto"

    items = "/v1/conversations/{conversation_id}/items"
    for method, path in (("post", items), ("get", items), ("get", f"{items}/{{item_id}}")):
        include = _parameter(spec, method, path, "include")
        assert include["schema"]["type"] == "array"
        assert include["schema"]["items"] == _ref("IncludeOption")
    order = _parameter(spec, "get", items, "order")["schema"]
    assert order["$ref"] == _ref("ListOrder")["$ref"] and order["default"] == "desc"
    api_filter = _parameter(spec, "get", "/v1/inspect/routes", "api_filter")["schema"]
    assert api_filter["$ref"] == _ref("ApiLevel")["$ref"]


def test_license_is_declared(spec: Spec) -> None:
    assert spec["info"]["license"] == {"name": "Apache-2.0", "identifier": "Apache-2.0"}

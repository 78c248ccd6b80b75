"""Small specs shaped like ours, for driving the real oasdiff in the conformance tests.

`baseline()` is a released spec; each scenario copies it and makes one change.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from pipeline.specfile import dump_spec

REF = "#/components/schemas/"
ITEM_PATH = "/v1/conversations/{conversation_id}/items/{item_id}"
CONVERSATIONS_PATH = "/v1/conversations"


def item_member(tag: str, **fields: str) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "type": {"type": "string", "const": tag},
            **{name: {"type": kind} for name, kind in fields.items()},
        },
        "required": ["type", *fields],
    }


def _json_body(ref: str) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {"$ref": REF + ref}}}}


def baseline() -> dict[str, Any]:
    """Release 0.1.0: the item endpoint returns the ConversationItem union."""
    id_param = {"in": "path", "required": True, "schema": {"type": "string"}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Parley fixture", "version": "0.1.0"},
        "paths": {
            CONVERSATIONS_PATH: {
                "post": {
                    "operationId": "createConversation",
                    "requestBody": {"required": True, **_json_body("CreateConversationRequest")},
                    "responses": {"200": {"description": "OK", **_json_body("Conversation")}},
                }
            },
            ITEM_PATH: {
                "get": {
                    "operationId": "retrieveConversationItem",
                    "parameters": [
                        {"name": "conversation_id", **id_param},
                        {"name": "item_id", **id_param},
                    ],
                    "responses": {"200": {"description": "OK", **_json_body("ConversationItem")}},
                }
            },
        },
        "components": {
            "schemas": {
                "Conversation": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "object": {"type": "string", "const": "conversation"},
                        "created_at": {"type": "integer"},
                    },
                    "required": ["id", "object", "created_at"],
                },
                "CreateConversationRequest": {
                    "type": "object",
                    "properties": {
                        "items": {"type": "array", "items": {"$ref": REF + "ConversationItem"}}
                    },
                },
                "ConversationItem": {
                    "oneOf": [{"$ref": REF + "MessageItem"}, {"$ref": REF + "FunctionCallItem"}],
                    "discriminator": {
                        "propertyName": "type",
                        "mapping": {
                            "message": REF + "MessageItem",
                            "function_call": REF + "FunctionCallItem",
                        },
                    },
                },
                "MessageItem": item_member("message", role="string", content="string"),
                "FunctionCallItem": item_member("function_call", call_id="string", name="string"),
            }
        },
    }


def message_only_baseline() -> dict[str, Any]:
    """The seed's wrong release: the item endpoint documented as returning only a message."""
    spec = baseline()
    responses = spec["paths"][ITEM_PATH]["get"]["responses"]
    responses["200"] = {"description": "OK", **_json_body("MessageItem")}
    return spec


def without_required_response_property() -> dict[str, Any]:
    spec = copy.deepcopy(baseline())
    conversation = spec["components"]["schemas"]["Conversation"]
    del conversation["properties"]["created_at"]
    conversation["required"].remove("created_at")
    return spec


def with_optional_request_property() -> dict[str, Any]:
    spec = baseline()
    request = spec["components"]["schemas"]["CreateConversationRequest"]
    request["properties"]["metadata"] = {
        "type": "object",
        "additionalProperties": {"type": "string"},
    }
    return spec


def with_compaction_item() -> dict[str, Any]:
    """A hypothetical new item type added to the union the item endpoint returns."""
    spec = baseline()
    schemas = spec["components"]["schemas"]
    schemas["CompactionItem"] = item_member("compaction", summary="string")
    schemas["ConversationItem"]["oneOf"].append({"$ref": REF + "CompactionItem"})
    schemas["ConversationItem"]["discriminator"]["mapping"]["compaction"] = REF + "CompactionItem"
    return spec


def write(spec: dict[str, Any], path: Path) -> Path:
    path.write_text(dump_spec(spec), encoding="utf-8")
    return path

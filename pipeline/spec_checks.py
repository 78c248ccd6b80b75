"""Checks on the published spec itself, beyond what openapi-spec-validator and the linter see.

Each check returns a list of problems (empty when the spec passes), each naming the
JSON pointer it is about. `python -m pipeline.validate` runs them all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from app.openapi import (
    ERROR_SCHEMA_REF,
    SCHEMA_REF_PREFIX,
    iter_operations,
    reachable_schemas,
)

Spec = dict[str, Any]
Check = Callable[[Spec], list[str]]

# The ConversationItem union as docs/reference/conversations-api.md defines it: tag -> member.
CONVERSATION_ITEM_MEMBERS = {
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

# FastAPI's generated operationIds end in `_<path words>_<method>`; SDK method names
# must never depend on them.
_FASTAPI_DEFAULT_ID = re.compile(r"_(get|put|post|delete|options|head|patch|trace)$")


def _pointer(*tokens: str) -> str:
    return "#/" + "/".join(t.replace("~", "~0").replace("/", "~1") for t in tokens)


def _schemas(spec: Spec) -> dict[str, Any]:
    schemas: dict[str, Any] = spec.get("components", {}).get("schemas", {})
    return schemas


def check_conversation_item_union(spec: Spec) -> list[str]:
    """ConversationItem is a named oneOf of exactly the 10 member refs, each once, all mapped."""
    where = _pointer("components", "schemas", "ConversationItem")
    union = _schemas(spec).get("ConversationItem")
    if not isinstance(union, dict):
        return [f"{where}: missing; the item union must be one named component"]
    problems = []
    members = union.get("oneOf")
    if not isinstance(members, list):
        return [f"{where}: has no oneOf list"]
    refs = [m.get("$ref") for m in members if isinstance(m, dict)]
    expected = sorted(SCHEMA_REF_PREFIX + name for name in CONVERSATION_ITEM_MEMBERS.values())
    if len(refs) != len(members) or None in refs:
        problems.append(f"{where}/oneOf: every member must be a $ref to a named schema")
    duplicates = sorted({r for r in refs if r is not None and refs.count(r) > 1})
    if duplicates:
        problems.append(f"{where}/oneOf: listed more than once: {', '.join(duplicates)}")
    if sorted(r for r in refs if r is not None) != expected:
        problems.append(f"{where}/oneOf: expected exactly {expected}, got {refs}")
    discriminator = union.get("discriminator", {})
    if discriminator.get("propertyName") != "type":
        problems.append(f"{where}/discriminator: propertyName must be 'type'")
    mapping = discriminator.get("mapping", {})
    expected_mapping = {t: SCHEMA_REF_PREFIX + n for t, n in CONVERSATION_ITEM_MEMBERS.items()}
    if mapping != expected_mapping:
        problems.append(
            f"{where}/discriminator/mapping: expected {expected_mapping}, got {mapping}"
        )
    return problems


def check_discriminated_members_require_tag(spec: Spec) -> list[str]:
    """Every member of every discriminated union has its tag as a required const.

    An optional `type` makes TypeScript generators emit `type?:` and breaks narrowing.
    """
    problems = []
    schemas = _schemas(spec)
    for name, schema in schemas.items():
        discriminator = schema.get("discriminator")
        if not isinstance(discriminator, dict):
            continue
        tag = discriminator.get("propertyName")
        for member in schema.get("oneOf", []):
            member_name = str(member.get("$ref", "")).removeprefix(SCHEMA_REF_PREFIX)
            target = schemas.get(member_name)
            where = _pointer("components", "schemas", member_name)
            if target is None:
                problems.append(f"{_pointer('components', 'schemas', name)}: inline member")
                continue
            if tag not in target.get("required", []):
                problems.append(f"{where}/required: lacks {tag!r} (member of {name})")
            if "const" not in target.get("properties", {}).get(tag, {}):
                problems.append(f"{where}/properties/{tag}: is not a const (member of {name})")
    return problems


def check_operation_ids(spec: Spec) -> list[str]:
    """Every operation has an explicit operationId, and no two share one."""
    problems = []
    seen: dict[str, str] = {}
    for path, method, operation in iter_operations(spec):
        where = _pointer("paths", path, method)
        operation_id = operation.get("operationId")
        if not operation_id:
            problems.append(f"{where}: no operationId")
            continue
        if _FASTAPI_DEFAULT_ID.search(operation_id):
            problems.append(f"{where}: {operation_id!r} looks like FastAPI's generated id")
        if operation_id in seen:
            problems.append(
                f"{where}: operationId {operation_id!r} also used by {seen[operation_id]}"
            )
        seen[operation_id] = where
    return problems


def check_error_responses(spec: Spec) -> list[str]:
    """Every operation documents its errors (at least a 500), each with ErrorResponse; no 422."""
    problems = []
    for path, method, operation in iter_operations(spec):
        responses = operation.get("responses", {})
        errors = {s: r for s, r in responses.items() if s[:1] in ("4", "5") or s == "default"}
        where = _pointer("paths", path, method, "responses")
        if "500" not in errors:
            problems.append(f"{where}: does not document 500")
        if "422" in errors:
            problems.append(f"{where}/422: FastAPI's validation error; the app answers 400")
        for status, response in errors.items():
            schema = response.get("content", {}).get("application/json", {}).get("schema")
            if schema != {"$ref": ERROR_SCHEMA_REF}:
                problems.append(f"{where}/{status}: body is not {ERROR_SCHEMA_REF}")
    return problems


def check_schemas_reachable(spec: Spec) -> list[str]:
    """Every component schema is used by some operation."""
    reachable = reachable_schemas(spec)
    return [
        f"{_pointer('components', 'schemas', name)}: not reachable from any operation"
        for name in _schemas(spec)
        if name not in reachable
    ]


def _body(schema: Any) -> str:
    """A schema's structure without its naming prose, for spotting duplicates."""
    if isinstance(schema, dict):
        schema = {k: v for k, v in schema.items() if k not in ("title", "description")}
    return json.dumps(schema, sort_keys=True)


def check_no_duplicate_schemas(spec: Spec) -> list[str]:
    """No two component schemas are structurally identical (e.g. -Input/-Output twins)."""
    by_body: dict[str, list[str]] = {}
    for name, schema in _schemas(spec).items():
        by_body.setdefault(_body(schema), []).append(name)
    return [
        f"#/components/schemas: identical schemas {', '.join(names)}"
        for names in by_body.values()
        if len(names) > 1
    ]


CHECKS: tuple[Check, ...] = (
    check_conversation_item_union,
    check_discriminated_members_require_tag,
    check_operation_ids,
    check_error_responses,
    check_schemas_reachable,
    check_no_duplicate_schemas,
)


def run_checks(spec: Spec) -> list[str]:
    return [problem for check in CHECKS for problem in check(spec)]

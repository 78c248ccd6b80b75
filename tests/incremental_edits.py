"""Edits a release engineer makes between two regenerations, for the incremental tests: each
takes a spec document and returns an edited copy (the input is never changed).

Most are one-operation edits (the case incremental regeneration is for); the rest touch what
every file may depend on (a schema, the API's title, an operation added or removed), so a
reuse that is keyed too loosely shows up as a difference from a full run.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from generator.load import is_json

Document = dict[str, Any]
Edit = Callable[[Document], Document]
_METHODS = ("get", "put", "post", "delete", "patch")


def read_spec(path: Path) -> Document:
    import json

    text = path.read_text(encoding="utf-8")
    loaded = json.loads(text) if is_json(path, text) else yaml.safe_load(text)
    assert isinstance(loaded, dict)
    return loaded


def _operations(doc: Document) -> Iterator[tuple[str, str, Document]]:
    for path, item in (doc.get("paths") or {}).items():
        if isinstance(item, dict):
            for method in _METHODS:
                if isinstance(item.get(method), dict):
                    yield path, method, item[method]


def _nth_operation(doc: Document, n: int) -> Document:
    ops = list(_operations(doc))
    return ops[n % len(ops)][2]


def edit_description(doc: Document) -> Document:
    out = copy.deepcopy(doc)
    op = _nth_operation(out, 0)
    op["summary"] = "Edited summary"
    op["description"] = "Edited: one operation's text changed."
    return out


def add_query_parameter(doc: Document) -> Document:
    out = copy.deepcopy(doc)
    op = _nth_operation(out, 1)
    op.setdefault("parameters", []).append(
        {"name": "incremental_flag", "in": "query", "required": False,
         "schema": {"type": "boolean"}, "description": "Added between two runs."}
    )
    return out


def add_enum_query_parameter(doc: Document) -> Document:
    """An inline enum: a new declaration (or type) that other files may name."""
    out = copy.deepcopy(doc)
    op = _nth_operation(out, 2)
    op.setdefault("parameters", []).append(
        {"name": "incremental_order", "in": "query", "required": False,
         "schema": {"type": "string", "enum": ["asc", "desc"]}}
    )
    return out


def rename_operation(doc: Document) -> Document:
    out = copy.deepcopy(doc)
    op = _nth_operation(out, 0)
    op["operationId"] = "incrementallyRenamedOperation"
    return out


def remove_operation(doc: Document) -> Document:
    out = copy.deepcopy(doc)
    path, method, _ = list(_operations(out))[-1]
    del out["paths"][path][method]
    return out


def add_operation(doc: Document) -> Document:
    out = copy.deepcopy(doc)
    out.setdefault("paths", {})["/incremental-added/{thing_id}"] = {
        "get": {
            "operationId": "getIncrementalThing",
            "summary": "An operation added between two runs",
            "parameters": [{"name": "thing_id", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"type": "object", "properties": {
                    "id": {"type": "string"}, "count": {"type": "integer"}},
                    "required": ["id"]}}}}},
        }
    }
    return out


def add_schema_property(doc: Document) -> Document:
    """A component schema changed: every file that renders or names it may change."""
    out = copy.deepcopy(doc)
    schemas = (out.get("components") or {}).get("schemas") or {}
    for schema in schemas.values():
        if isinstance(schema, dict) and isinstance(schema.get("properties"), dict):
            schema["properties"]["incremental_note"] = {"type": "string",
                                                        "description": "Added field."}
            return out
    return add_operation(out)


def retitle(doc: Document) -> Document:
    out = copy.deepcopy(doc)
    info = out.setdefault("info", {})
    info["title"] = "Retitled API"
    info["version"] = "9.9.9"
    return out


def add_path_parameter(doc: Document) -> Document:
    """A path-level parameter: every operation of the path item gets it."""
    out = copy.deepcopy(doc)
    item = next(item for path, item in (out.get("paths") or {}).items()
                if path == next(iter(_operations(out)))[0])
    item.setdefault("parameters", []).append(
        {"name": "incremental_trace", "in": "header", "required": False,
         "schema": {"type": "string"}}
    )
    return out


def change_security(doc: Document) -> Document:
    """An API-key scheme replaces the document's default security: auth is every file's."""
    out = copy.deepcopy(doc)
    components = out.setdefault("components", {})
    components.setdefault("securitySchemes", {})["incrementalKey"] = {
        "type": "apiKey", "in": "header", "name": "X-Incremental-Key"}
    out["security"] = [{"incrementalKey": []}]
    return out


def change_server(doc: Document) -> Document:
    out = copy.deepcopy(doc)
    out["servers"] = [{"url": "https://incremental.example.com/v9"}]
    return out


EDITS: dict[str, Edit] = {
    "edit_description": edit_description,
    "add_query_parameter": add_query_parameter,
    "add_enum_query_parameter": add_enum_query_parameter,
    "rename_operation": rename_operation,
    "remove_operation": remove_operation,
    "add_operation": add_operation,
    "add_schema_property": add_schema_property,
    "retitle": retitle,
    "add_path_parameter": add_path_parameter,
    "change_security": change_security,
    "change_server": change_server,
}
"""Every edit, by name (test ids)."""

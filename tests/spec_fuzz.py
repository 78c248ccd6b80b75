"""A mutation fuzzer for the generator: real specs (tests/fixtures/specs, the hazard fixtures,
our own spec) with structural mutations applied, each run in-process through the CLI's own
pipeline (``generator.cli.generate_many``, every backend) and classified:

- ``rejected``: a GenerationError whose every diagnostic names a JSON pointer (good);
- ``generated``: every backend rendered a complete, safe tree: relative paths inside the
  output, UTF-8-encodable text, Python that parses, JSON and TOML that parse (good);
- ``bug``: any other exception (a traceback), an error without diagnostics, a broken tree, or
  a run over the time budget.

Deterministic for a seed. ``tests/generator/test_spec_fuzz.py`` runs a bounded count in CI;
``python -m tests.spec_fuzz --count N --seed S [--keep DIR]`` runs a longer campaign and prints
the outcome counts and every bug (with its mutation, so it can be replayed).
"""

from __future__ import annotations

import argparse
import ast
import json
import pickle
import random
import signal
import sys
import tempfile
import tomllib
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Diagnostics, GenerationError
from generator.languages import BACKENDS
from generator.load import load_spec
from tests.third_party import CORPUS

ROOT = Path(__file__).resolve().parents[1]
HAZARDS = ROOT / "tests" / "generator" / "fixtures" / "hazards"

# Small enough that one mutant of each runs through four backends in well under a second.
SMALL_BASES = ("2ch.yaml", "hf-tgi.json", "vonage-verify.yaml")

Json = Any
Path_ = tuple[str | int, ...]

WEIRD_NAMES: tuple[str, ...] = (
    # Python keywords, builtins, SDK internals
    "class", "from", "None", "True", "self", "type", "id", "json", "def", "lambda", "import",
    "async", "await", "yield", "print", "list", "dict", "str", "int", "object", "property",
    "client", "timeout", "extra_headers", "extra_query", "extra_body", "model_config",
    "model_fields", "request", "options", "_client", "__init__", "__class__", "__dict__",
    # TypeScript / JavaScript
    "default", "delete", "constructor", "__proto__", "prototype", "toString", "hasOwnProperty",
    "new", "this", "void", "let", "var", "enum", "export", "Promise", "Array", "Error",
    "undefined", "NaN", "arguments", "eval",
    # Go
    "func", "package", "interface", "range", "chan", "go", "map", "select", "nil", "string",
    "error", "len", "make", "iota", "fallthrough", "goto", "struct", "Client",
    # Kotlin / Java
    "fun", "val", "when", "is", "in", "typealias", "Companion", "String", "Any", "Unit",
    "Int", "Nothing", "object", "companion", "data", "sealed", "value", "it", "field",
    "equals", "hashCode", "copy", "component1", "java", "kotlin",
    # awkward text
    "", " ", "_", "__", "-", "1abc", "123", "0", "a-b", "a_b", "A B", "a.b", "a/b", "a~b",
    "a~1b", "a%20b", "a{b}", "a:b", "a#b", "a?b", "../../x", "/etc/passwd", "con", "NUL",
    "aux.txt", "é", "ß", "İstanbul", "مرحبا", "\u202eevil", "שלום", "😀", "👨\u200d👩\u200d👧",
    "日本語", "Ⅸ", "ǅ", "ﬁ", "\ufeffbom", "a\u200bb", "ℌ", "x" * 300, "a" * 5000, "nul\x00",
    "a\nb", "a\r\nb", "*/", "/*", '"""', "'''", "${x}", "`", "'", '"', "\\", "\\u0000",
    "</script>", "{{x}}", "{% x %}", "$", "@", "A", "a", "Aa", "aA", "AA",
)

WEIRD_REFS: tuple[str, ...] = (
    "#/components/schemas/DoesNotExist",
    "#/components/schemas/",
    "#/components/schemas",
    "#/components",
    "#",
    "",
    "#/",
    "#/info",
    "#/info/title",
    "#/paths",
    "#/openapi",
    "#/components/schemas/A~1B",
    "#/components/schemas/A~0B",
    "#/components/schemas/A~2B",
    "#/components/schemas/A~",
    "#/components/schemas/%7Bx%7D",
    "#/components/schemas/%",
    "#/components/schemas/%zz",
    "#/components/schemas/a%2Fb",
    "other.yaml#/components/schemas/X",
    "https://example.com/spec.yaml#/components/schemas/X",
    "file:///etc/passwd",
    "#anchor",
    "#/paths/~1a/get/responses/200",
    "#/components/schemas/X/properties/y",
    "#/x-nope/0",
    "#/components/schemas/X/0",
)

WEIRD_PATHS: tuple[str, ...] = (
    "/{}", "/{a}{b}", "/{unclosed", "/closed}", "/{a}/{a}", "", "no-slash", "/", "//",
    "/a/../b", "/{a b}", "/{😀}", "/{class}", "/{}/{}", "/{{a}}", "/a?b=1", "/a#frag",
    "/a%20b", "/{a.b}", "/{a-b}/{a_b}", "/" + "x" * 3000, "/\u202e", "/a\nb", "/{default}",
)

WEIRD_STATUS: tuple[str, ...] = (
    "2XX", "default", "999", "abc", "", "200 ", "1XX", "5xx", "099", "-1", "20", "2000",
    "DEFAULT", "x-200",
)

WEIRD_MEDIA: tuple[str, ...] = (
    "", "*/*", "application/*", "text/plain; charset=utf-8", "application/vnd.x+json",
    "multipart/form-data", "application/x-www-form-urlencoded", "application/octet-stream",
    "application/json; q=0.5", "???", "a/b/c", "application/jsonl", "text/event-stream",
    "APPLICATION/JSON", "application/json\n",
)

BIG_NUMBERS: tuple[Json, ...] = (
    2**63, 2**64, -(2**63) - 1, 2**70, 10**40, -(10**40), 2**53 + 1, 1e308, -0.0, 5e-324,
    0.1, 1.0, 10**400,
)


def _other_values(rng: random.Random, current: Json) -> Json:
    """A value of another JSON type than ``current``."""
    options: list[Json] = [{}, {"a": 1}, [], [1, "x"], "", "text", 0, -1, 3.5, None, True,
                           False, 2**70]
    kinds = {type(current)}
    if isinstance(current, bool):
        kinds |= {bool}
    picks = [v for v in options if type(v) not in kinds]
    return rng.choice(picks)


def _deep(kind: str, depth: int) -> Json:
    leaf: Json = {"type": "string"}
    node = leaf
    for level in range(depth):
        if kind == "properties":
            node = {"type": "object", "properties": {f"p{level}": node}}
        elif kind == "items":
            node = {"type": "array", "items": node}
        elif kind == "allOf":
            node = {"allOf": [node, {"type": "object"}]}
        elif kind == "anyOf":
            node = {"anyOf": [node, {"type": "null"}]}
        elif kind == "oneOf":
            node = {"oneOf": [node, {"type": "integer"}]}
        elif kind == "additionalProperties":
            node = {"type": "object", "additionalProperties": node}
        elif kind == "not":
            node = {"not": node}
        else:
            raise ValueError(kind)
    return node


# ------------------------------------------------------------------------------ the document


def _walk(doc: Json) -> Iterator[tuple[Path_, Json]]:
    stack: list[tuple[Path_, Json]] = [((), doc)]
    while stack:
        path, node = stack.pop()
        yield path, node
        if isinstance(node, dict):
            stack.extend(((*path, k), v) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend(((*path, i), v) for i, v in enumerate(node))


def _get(doc: Json, path: Path_) -> Json:
    for part in path:
        doc = doc[part]
    return doc


def _set(doc: Json, path: Path_, value: Json) -> None:
    _get(doc, path[:-1])[path[-1]] = value


def _rename_key(mapping: dict[str, Json], old: str, new: str) -> None:
    """Rename a key keeping its position (order matters for determinism)."""
    items = list(mapping.items())
    mapping.clear()
    for key, value in items:
        if key == old:
            mapping[new] = value
        elif key != new:
            mapping[key] = value


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _schemas(doc: Json) -> dict[str, Json]:
    components = doc.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    return schemas if isinstance(schemas, dict) else {}


def _operations(doc: Json) -> list[tuple[str, str, dict[str, Json]]]:
    paths = doc.get("paths")
    found = []
    if isinstance(paths, dict):
        for key, item in paths.items():
            if isinstance(item, dict):
                for method, op in item.items():
                    if method in {"get", "put", "post", "delete", "patch", "head", "options",
                                  "trace"} and isinstance(op, dict):
                        found.append((key, method, op))
    return found


def _schema_nodes(doc: Json) -> list[tuple[Path_, dict[str, Json]]]:
    """Nodes that look like schemas (have a type, properties, a combinator or a $ref)."""
    keys = {"type", "properties", "allOf", "anyOf", "oneOf", "items", "enum"}
    return [(p, n) for p, n in _walk(doc)
            if isinstance(n, dict) and keys & n.keys() and "x-" not in str(p[:1])]


class Skip(Exception):
    """The mutation does not apply to this document."""


# ------------------------------------------------------------------------------ mutations

Mutation = Callable[[random.Random, Json], str]
"""Edits the document in place; returns a label that says what it did (for replay)."""


def m_delete_key(rng: random.Random, doc: Json) -> str:
    important = {"responses", "paths", "info", "name", "in", "schema", "type", "items",
                 "openapi", "title", "version", "content", "description", "operationId",
                 "required", "properties", "components", "schemas", "$ref", "mapping",
                 "propertyName", "discriminator", "url", "servers"}
    candidates = [(p, k) for p, n in _walk(doc) if isinstance(n, dict) for k in n]
    preferred = [(p, k) for p, k in candidates if k in important]
    if not candidates:
        raise Skip
    path, key = rng.choice(preferred if preferred and rng.random() < 0.8 else candidates)
    del _get(doc, path)[key]
    return f"delete {_ptr((*path, key))}"


def m_retype(rng: random.Random, doc: Json) -> str:
    nodes = [p for p, _ in _walk(doc) if p]
    path = rng.choice(nodes)
    value = _other_values(rng, _get(doc, path))
    _set(doc, path, value)
    return f"retype {_ptr(path)} = {_short(value)}"


def m_retype_key(rng: random.Random, doc: Json) -> str:
    """Retype the value of a structural key (more likely to reach the builder's logic)."""
    keys = {"type", "items", "properties", "required", "enum", "allOf", "anyOf", "oneOf",
            "parameters", "responses", "content", "schema", "in", "name", "additionalProperties",
            "discriminator", "mapping", "propertyName", "nullable", "format", "default",
            "servers", "security", "securitySchemes", "tags", "requestBody", "const",
            "operationId", "paths", "components", "schemas", "info", "title", "version",
            "example", "examples", "style", "explode", "deprecated", "readOnly", "writeOnly",
            "minimum", "maximum", "maxLength", "pattern", "prefixItems", "$defs", "headers",
            "x-enum-varnames", "x-stainless-pagination"}
    nodes = [p for p, _ in _walk(doc) if p and p[-1] in keys]
    if not nodes:
        raise Skip
    path = rng.choice(nodes)
    value = _other_values(rng, _get(doc, path))
    _set(doc, path, value)
    return f"retype {_ptr(path)} = {_short(value)}"


def m_ref(rng: random.Random, doc: Json) -> str:
    refs = [p for p, n in _walk(doc) if isinstance(n, dict) and isinstance(n.get("$ref"), str)]
    if not refs:
        raise Skip
    path = rng.choice(refs)
    if rng.random() < 0.3:
        target = "#" + _ptr(path)  # itself
    elif rng.random() < 0.3 and len(path) > 1:
        target = "#" + _ptr(path[:-1])  # its parent
    else:
        target = rng.choice(WEIRD_REFS)
    node = _get(doc, path)
    node["$ref"] = target
    if rng.random() < 0.3:  # siblings next to the $ref (3.1 allows them)
        node["type"] = rng.choice(["string", "object", ["string", "null"]])
        node["nullable"] = True
    return f"ref {_ptr(path)} -> {target!r}"


def m_ref_cycle(rng: random.Random, doc: Json) -> str:
    schemas = _schemas(doc)
    names = [n for n in schemas if isinstance(n, str)]
    if not names:
        raise Skip
    a = rng.choice(names)
    b = rng.choice(names)
    ref_a, ref_b = f"#/components/schemas/{_escape(a)}", f"#/components/schemas/{_escape(b)}"
    kind = rng.choice(["allOf", "alias", "anyOf", "items", "additionalProperties", "prop"])
    if kind == "allOf":
        schemas[a] = {"allOf": [{"$ref": ref_b}, {"type": "object"}]}
        schemas[b] = {"allOf": [{"$ref": ref_a}]}
    elif kind == "alias":
        schemas[a] = {"$ref": ref_b}
        schemas[b] = {"$ref": ref_a}
    elif kind == "anyOf":
        schemas[a] = {"anyOf": [{"$ref": ref_b}, {"type": "string"}]}
        schemas[b] = {"oneOf": [{"$ref": ref_a}, {"type": "null"}]}
    elif kind == "items":
        schemas[a] = {"type": "array", "items": {"$ref": ref_b}}
        schemas[b] = {"type": "array", "items": {"$ref": ref_a}}
    elif kind == "additionalProperties":
        schemas[a] = {"type": "object", "additionalProperties": {"$ref": ref_b}}
        schemas[b] = {"additionalProperties": {"$ref": ref_a}}
    else:
        schemas[a] = {"type": "object", "required": ["x"], "properties": {"x": {"$ref": ref_b}}}
        schemas[b] = {"type": "object", "required": ["y"], "properties": {"y": {"$ref": ref_a}}}
    return f"cycle {kind} {a!r} <-> {b!r}"


def _rewrite_refs(doc: Json, old: str, new: str) -> None:
    for _, node in list(_walk(doc)):
        if isinstance(node, dict) and node.get("$ref") == old:
            node["$ref"] = new
        if isinstance(node, dict) and isinstance(node.get("mapping"), dict):
            for key, value in node["mapping"].items():
                if value == old:
                    node["mapping"][key] = new


def m_rename_schema(rng: random.Random, doc: Json) -> str:
    """A component schema renamed (valid: every $ref follows it, escaped or percent-encoded)."""
    schemas = _schemas(doc)
    names = [n for n in schemas if isinstance(n, str)]
    if not names:
        raise Skip
    old = rng.choice(names)
    new = rng.choice(WEIRD_NAMES)
    if rng.random() < 0.3:
        new = rng.choice(names)  # two schemas merged under one name (the other one is lost)
    token = _escape(new)
    if rng.random() < 0.3:
        from urllib.parse import quote
        token = quote(token, safe="")
    _rename_key(schemas, old, new)
    _rewrite_refs(doc, f"#/components/schemas/{_escape(old)}", f"#/components/schemas/{token}")
    return f"rename schema {old!r} -> {new!r} (refs {token!r})"


def m_rename_property(rng: random.Random, doc: Json) -> str:
    holders = [(p, n) for p, n in _walk(doc)
               if isinstance(n, dict) and isinstance(n.get("properties"), dict)
               and n["properties"]]
    if not holders:
        raise Skip
    path, node = rng.choice(holders)
    props = node["properties"]
    old = rng.choice([k for k in props if isinstance(k, str)] or [None])
    if old is None:
        raise Skip
    new = rng.choice(WEIRD_NAMES)
    _rename_key(props, old, new)
    if isinstance(node.get("required"), list):
        node["required"] = [new if r == old else r for r in node["required"]]
        if rng.random() < 0.5 and new not in node["required"]:
            node["required"].append(new)
    if rng.random() < 0.3:  # a second property that collides after sanitising
        props[new + "_"] = {"type": "string"}
        props[new.upper() or "X"] = {"type": "integer"}
    return f"rename property {_ptr(path)}/properties {old!r} -> {new!r}"


def m_rename_param(rng: random.Random, doc: Json) -> str:
    params = [(p, n) for p, n in _walk(doc)
              if isinstance(n, dict) and isinstance(n.get("name"), str)
              and n.get("in") in ("query", "path", "header", "cookie")]
    if not params:
        raise Skip
    path, node = rng.choice(params)
    old, new = node["name"], rng.choice(WEIRD_NAMES)
    node["name"] = new
    if node["in"] == "path":
        paths = doc.get("paths") or {}
        for key in list(paths):
            if isinstance(key, str) and "{" + old + "}" in key:
                _rename_key(paths, key, key.replace("{" + old + "}", "{" + new + "}"))
    if rng.random() < 0.3:
        node["in"] = rng.choice(["query", "path", "header", "cookie", "body", "querystring"])
    return f"rename parameter {_ptr(path)} {old!r} -> {new!r}"


def m_operation_id(rng: random.Random, doc: Json) -> str:
    ops = _operations(doc)
    if not ops:
        raise Skip
    _, _, op = rng.choice(ops)
    if rng.random() < 0.4 and len(ops) > 1:
        _, _, other = rng.choice(ops)
        op["operationId"] = other.get("operationId", "same")
        other["operationId"] = op["operationId"]
        return f"duplicate operationId {op['operationId']!r}"
    op["operationId"] = rng.choice(WEIRD_NAMES)
    return f"operationId {op['operationId']!r}"


def m_tag(rng: random.Random, doc: Json) -> str:
    ops = _operations(doc)
    if not ops:
        raise Skip
    _, _, op = rng.choice(ops)
    op["tags"] = [rng.choice(WEIRD_NAMES) for _ in range(rng.randint(1, 3))]
    return f"tags {op['tags']!r}"


def m_path_template(rng: random.Random, doc: Json) -> str:
    paths = doc.get("paths")
    if not isinstance(paths, dict) or not paths:
        raise Skip
    old = rng.choice(list(paths))
    new = rng.choice(WEIRD_PATHS)
    if rng.random() < 0.3:
        new = old + rng.choice(WEIRD_PATHS)
    _rename_key(paths, old, new)
    return f"path {old!r} -> {new!r}"


def m_enum(rng: random.Random, doc: Json) -> str:
    nodes = _schema_nodes(doc)
    if not nodes:
        raise Skip
    path, node = rng.choice(nodes)
    sets: list[list[Json]] = [
        ["a-b", "a_b", "A B", "a.b", "A_B", "a b"],
        ["", " ", "_"],
        [],
        ["count", "index", "value", "name", "values", "entries", "ordinal", "valueOf"],
        ["a", 1, None],
        [1.5, 2.5, True, False],
        [1, 1.0, True],
        ["1", "01", "+1", "1.0"],
        [2**70, -(2**70)],
        ["😀", "😁", "日本", "\u202e"],
        ["class", "None", "default", "nil", "null", "true", "false", "in"],
        ["x"] * 3,
        [{"a": 1}, [1]],
        [None],
        ["on", "off", "yes", "no"],
    ]
    values = rng.choice(sets)
    node["enum"] = values
    if rng.random() < 0.5:
        node["type"] = rng.choice(["string", "integer", "number", "boolean",
                                   ["string", "null"], ["integer", "string"]])
    if rng.random() < 0.2:
        node["x-enum-varnames"] = [rng.choice(WEIRD_NAMES) for _ in values]
    return f"enum {_ptr(path)} = {_short(values)} type {node.get('type')!r}"


def m_nullable(rng: random.Random, doc: Json) -> str:
    nodes = _schema_nodes(doc)
    if not nodes:
        raise Skip
    path, node = rng.choice(nodes)
    forms: list[dict[str, Json]] = [
        {"type": ["string", "null"], "nullable": True},
        {"type": ["null"]},
        {"type": "null"},
        {"type": []},
        {"type": ["null", "null"]},
        {"type": ["string", "integer", "null"]},
        {"type": ["object", "array"]},
        {"nullable": True},
        {"nullable": "yes"},
        {"type": "foo"},
        {"type": ["string", "foo"]},
        {"anyOf": [{"type": "null"}]},
        {"anyOf": [{"type": "null"}, {"type": "null"}]},
        {"oneOf": []},
        {"anyOf": []},
        {"allOf": []},
        {"const": None},
        {"type": "string", "const": 5},
        {"not": {}},
        {"type": "array"},
        {"type": "array", "items": False},
        {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]},
        {"type": "object", "additionalProperties": False, "properties": {}},
        {"type": "object", "patternProperties": {"^x": {"type": "string"}}},
        {"type": "object", "propertyNames": {"pattern": "^a"}},
        {"type": "integer", "format": "int64", "minimum": 2**70},
        {"type": "string", "format": "binary"},
        {"type": "string", "format": "date-time", "default": "not a date"},
        {"type": "integer", "default": "x"},
        {"type": "boolean", "default": None},
        {"default": {"a": [1, {"b": None}]}},
        {"example": 2**70},
        {"examples": [None, 2**70, {"$ref": "#/nope"}]},
    ]
    form = rng.choice(forms)
    if rng.random() < 0.5:
        node.clear()
    node.update(form)
    return f"schema {_ptr(path)} += {_short(form)}"


def m_discriminator(rng: random.Random, doc: Json) -> str:
    schemas = _schemas(doc)
    names = [n for n in schemas if isinstance(n, str)]
    if len(names) < 2:
        raise Skip
    a, b = rng.sample(names, 2)
    prop = rng.choice(["kind", "type", "", "class", "😀"])
    forms: list[dict[str, Json]] = [
        {"propertyName": prop},
        {"propertyName": prop, "mapping": {"x": f"#/components/schemas/{_escape(a)}",
                                           "y": f"#/components/schemas/{_escape(a)}"}},
        {"propertyName": prop, "mapping": {"x": "#/components/schemas/Missing"}},
        {"propertyName": prop, "mapping": {"x": a, "y": "Missing"}},
        {"propertyName": prop, "mapping": {"": f"#/components/schemas/{_escape(b)}"}},
        {"mapping": {"x": a}},
        {"propertyName": 5},
    ]
    union = rng.choice(["oneOf", "anyOf", "allOf"])
    schemas[f"{a}Union"] = {
        union: [{"$ref": f"#/components/schemas/{_escape(a)}"},
                {"$ref": f"#/components/schemas/{_escape(b)}"},
                *([{"type": "object", "properties": {prop: {"const": "z"}}}]
                  if rng.random() < 0.3 else [])],
        "discriminator": rng.choice(forms),
    }
    ops = _operations(doc)
    if ops:  # used somewhere, so the backends render it as a request body
        _, _, op = rng.choice(ops)
        op["requestBody"] = {"content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{_escape(a + 'Union')}"}}}}
    return f"discriminator {union} {a!r} {b!r} {schemas[f'{a}Union']['discriminator']!r}"


def m_deep(rng: random.Random, doc: Json) -> str:
    nodes = _schema_nodes(doc)
    if not nodes:
        raise Skip
    path, _ = rng.choice(nodes)
    kind = rng.choice(["properties", "items", "allOf", "anyOf", "oneOf",
                       "additionalProperties", "not"])
    depth = rng.choice([5, 30, 60, 120])
    _set(doc, path, _deep(kind, depth)) if path else None
    return f"deep {kind}x{depth} at {_ptr(path)}"


def m_number(rng: random.Random, doc: Json) -> str:
    numeric = [p for p, n in _walk(doc) if p and isinstance(n, (int, float))
               and not isinstance(n, bool)]
    data_keys = ("default", "example", "minimum", "maximum", "maxLength", "minItems",
                 "multipleOf", "exclusiveMinimum", "const")
    nodes = _schema_nodes(doc)
    value = rng.choice(BIG_NUMBERS)
    if numeric and rng.random() < 0.4:
        path = rng.choice(numeric)
        _set(doc, path, value)
        return f"number {_ptr(path)} = {_short(value)}"
    if not nodes:
        raise Skip
    path, node = rng.choice(nodes)
    key = rng.choice(data_keys)
    node[key] = value
    return f"number {_ptr((*path, key))} = {_short(value)}"


def _rename_child_key(
    rng: random.Random, doc: Json, parent: str, weird: Sequence[str], min_depth: int = 1
) -> tuple[str, str, str]:
    """Rename one key of a non-empty mapping found under `parent` to a weird one; return the
    mapping's pointer, the old key and the new one."""
    holders = [(p, n) for p, n in _walk(doc) if len(p) >= min_depth and p[-1] == parent
               and isinstance(n, dict) and n]
    if not holders:
        raise Skip
    path, mapping = rng.choice(holders)
    old = rng.choice(list(mapping))
    new = rng.choice(weird)
    _rename_key(mapping, old, new)
    return _ptr(path), old, new


def m_status(rng: random.Random, doc: Json) -> str:
    where, old, new = _rename_child_key(rng, doc, "responses", WEIRD_STATUS, min_depth=3)
    return f"status {where} {old!r} -> {new!r}"


def m_media(rng: random.Random, doc: Json) -> str:
    where, old, new = _rename_child_key(rng, doc, "content", WEIRD_MEDIA)
    return f"media {where} {old!r} -> {new!r}"


def m_text_field(rng: random.Random, doc: Json) -> str:
    """Hostile text in a description, title, example, server URL or version."""
    texts = ['"""', "*/ /*", "${process.exit(1)}", "`rm -rf`", "\\", "a\r\nb", "\x00",
             "\u202e", "'", "</script>", "{{7*7}}", "\\u0000", "😀" * 100, "x" * 20000,
             "#!/bin/sh", "\x1b[31m", "%s%n", "\ufeff"]
    keys = ("description", "title", "summary", "version", "url", "example", "default")
    nodes = [p for p, _ in _walk(doc) if p and p[-1] in keys]
    if not nodes:
        raise Skip
    path = rng.choice(nodes)
    value = rng.choice(texts)
    _set(doc, path, value)
    return f"text {_ptr(path)} = {_short(value)}"


def m_server(rng: random.Random, doc: Json) -> str:
    forms: list[Json] = [
        [], [{}], [{"url": ""}], [{"url": "{scheme}://x/{v}", "variables": {"scheme": {}}}],
        [{"url": "http://x", "variables": {"a": {"default": 5, "enum": []}}}],
        [{"url": 5}], "http://x", [{"url": "/relative/"}], [{"url": "http://a\"b/'c`"}],
        [{"url": "ftp://x"}], [{"url": "http://x/{v}", "variables": {"v": {"default": "{v}"}}}],
    ]
    doc["servers"] = rng.choice(forms)
    return f"servers = {_short(doc['servers'])}"


def m_security(rng: random.Random, doc: Json) -> str:
    components = doc.setdefault("components", {})
    if not isinstance(components, dict):
        raise Skip
    schemes: list[Json] = [
        {"type": "http", "scheme": "bearer"}, {"type": "http", "scheme": "basic"},
        {"type": "apiKey", "in": "header", "name": "X-Key"},
        {"type": "apiKey", "in": "query", "name": "class"},
        {"type": "apiKey", "in": "cookie", "name": ""}, {"type": "apiKey"},
        {"type": "oauth2", "flows": {}}, {"type": "openIdConnect"}, {"type": "nope"}, {},
        {"type": "mutualTLS"}, {"type": "http"},
    ]
    name = rng.choice(WEIRD_NAMES[:20] + ("bearer", "a b", "😀"))
    components["securitySchemes"] = {name: rng.choice(schemes)}
    doc["security"] = rng.choice([[{name: []}], [{"missing": []}], [{}], [], {name: []},
                                  [{name: ["a", "b"]}]])
    return f"security {name!r} {components['securitySchemes'][name]!r} {doc['security']!r}"


def m_parameters(rng: random.Random, doc: Json) -> str:
    ops = _operations(doc)
    if not ops:
        raise Skip
    path_key, _, op = rng.choice(ops)
    forms: list[Json] = [
        {"name": "x", "in": "query"},
        {"name": "x", "in": "path", "required": False, "schema": {"type": "string"}},
        {"name": "x", "in": "query", "schema": {"type": "object", "properties": {
            "a": {"type": "string"}}}, "style": "deepObject", "explode": True},
        {"name": "x", "in": "query", "schema": {"type": "array", "items": {
            "type": "array", "items": {"type": "string"}}}},
        {"name": "x", "in": "query", "content": {"application/json": {"schema": {}}}},
        {"name": "x", "in": "header", "schema": {"type": "object"}},
        {"name": "x", "in": "query", "schema": {"$ref": "#/components/schemas/Missing"}},
        {"$ref": "#/components/parameters/Missing"},
        {"name": "x", "in": "query", "schema": {"type": "string"}, "style": "nope"},
        {"name": rng.choice(WEIRD_NAMES), "in": "query", "schema": {"type": "string"}},
        {"name": rng.choice(WEIRD_NAMES), "in": "header", "schema": {"type": "integer"}},
        {"name": "Content-Type", "in": "header", "schema": {"type": "string"}},
        {"name": "x", "in": "query", "schema": {"type": "string"}},  # twice, see below
    ]
    form = rng.choice(forms)
    count = 2 if rng.random() < 0.3 else 1
    op["parameters"] = [*(op.get("parameters") or [])] if isinstance(
        op.get("parameters"), list) else []
    op["parameters"].extend(json.loads(json.dumps(form)) for _ in range(count))
    return f"parameter {path_key!r} += {count} x {_short(form)}"


def m_request_body(rng: random.Random, doc: Json) -> str:
    ops = _operations(doc)
    if not ops:
        raise Skip
    path_key, method, op = rng.choice(ops)
    bodies: list[Json] = [
        {}, {"content": {}}, {"content": {"application/json": {}}},
        {"content": {"application/json": {"schema": {"type": "string"}}}},
        {"content": {"application/json": {"schema": {"type": "array", "items": {}}}}},
        {"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {
            "file": {"type": "string", "format": "binary"}, "class": {"type": "integer"}}}}}},
        {"content": {"application/x-www-form-urlencoded": {"schema": {
            "type": "object", "properties": {"a b": {"type": "string"}}}}}},
        {"content": {"application/octet-stream": {}}},
        {"content": {"text/plain": {"schema": {"type": "integer"}}}},
        {"content": {"application/json": {"schema": {"type": "object", "properties": {
            "client": {"type": "string"}, "timeout": {"type": "number"},
            "extra_headers": {"type": "object"}, "self": {"type": "string"}}}}}},
        {"$ref": "#/components/requestBodies/Missing"},
        {"required": True, "content": {"application/json": {"schema": {"type": "null"}}}},
    ]
    op["requestBody"] = rng.choice(bodies)
    return f"requestBody {path_key!r} {method} = {_short(op['requestBody'])}"


def m_empty_schema(rng: random.Random, doc: Json) -> str:
    nodes = _schema_nodes(doc)
    if not nodes:
        raise Skip
    path, _ = rng.choice(nodes)
    value = rng.choice([{}, True, False, {"description": "only"}, {"x-foo": 1},
                        {"$ref": "#/components/schemas"}])
    if path:
        _set(doc, path, value)
    return f"schema {_ptr(path)} = {_short(value)}"


def m_wrong_ref_kind(rng: random.Random, doc: Json) -> str:
    """A parameter, body or response given by a $ref to the wrong kind of component."""
    ops = _operations(doc)
    schemas = [n for n in _schemas(doc) if isinstance(n, str)]
    if not ops:
        raise Skip
    path_key, _, op = rng.choice(ops)
    target = rng.choice([
        f"#/components/schemas/{_escape(rng.choice(schemas))}" if schemas else "#/info",
        "#/paths", "#/info", "#/components", "#/components/parameters",
        f"#/paths/{_escape(path_key)}",
    ])
    slot = rng.choice(["parameter", "requestBody", "response", "header", "pathItem"])
    if slot == "parameter":
        op["parameters"] = [{"$ref": target}]
    elif slot == "requestBody":
        op["requestBody"] = {"$ref": target}
    elif slot == "response":
        op["responses"] = {"200": {"$ref": target}}
    elif slot == "header":
        op["responses"] = {"200": {"description": "ok", "headers": {"X-A": {"$ref": target}}}}
    else:
        doc["paths"][path_key] = {"$ref": target}
    return f"wrong-kind ref {slot} of {path_key!r} -> {target!r}"


def m_extension(rng: random.Random, doc: Json) -> str:
    """Extensions the generator reads, with odd values."""
    ops = _operations(doc)
    if not ops:
        raise Skip
    _, _, op = rng.choice(ops)
    name = rng.choice(["x-fern-pagination", "x-speakeasy-pagination", "x-fern-parameter-name",
                       "x-enum-varnames", "x-enum-descriptions", "x-stainless-pagination",
                       "x-codeSamples", "x-fern-sdk-method-name", "x-fern-sdk-group-name"])
    value = rng.choice([
        True, False, None, 5, "", "x", [], {}, {"cursor": "$request.nope",
                                                "next_cursor": "$response.nope",
                                                "results": "$response.data"},
        {"type": "offsetLimit", "inputs": [{"name": "x", "in": "parameters", "type": "offset"}],
         "outputs": {"results": "$.data"}},
        {"type": "cursor", "inputs": [5], "outputs": {"nextCursor": "$.a.b.c"}},
        {"offset": "$request.offset", "results": "$response"},
        ["a", "b"], {"type": "url", "outputs": {"nextUrl": 5}},
    ])
    op[name] = value
    if rng.random() < 0.3:
        doc[name] = value
    return f"extension {name} = {_short(value)}"


def m_webhooks(rng: random.Random, doc: Json) -> str:
    ops = _operations(doc)
    if not ops:
        raise Skip
    _, _, op = rng.choice(ops)
    value = rng.choice([
        {"ev": {"{$request.body#/url}": {"post": {"responses": {"200": {"description": "ok"}}}}}},
        {"ev": 5}, [], {"ev": {"{$url}": {"$ref": "#/nope"}}},
    ])
    if rng.random() < 0.5:
        op["callbacks"] = value
    else:
        doc["webhooks"] = value if isinstance(value, dict) else value
    return f"callbacks/webhooks {_short(value)}"


MUTATIONS: dict[str, tuple[Mutation, int]] = {
    "wrong_ref_kind": (m_wrong_ref_kind, 3), "extension": (m_extension, 3),
    "webhooks": (m_webhooks, 1),
    "delete_key": (m_delete_key, 6), "retype": (m_retype, 4), "retype_key": (m_retype_key, 8),
    "ref": (m_ref, 5), "ref_cycle": (m_ref_cycle, 4), "rename_schema": (m_rename_schema, 6),
    "rename_property": (m_rename_property, 6), "rename_param": (m_rename_param, 5),
    "operation_id": (m_operation_id, 4), "tag": (m_tag, 3), "path": (m_path_template, 4),
    "enum": (m_enum, 5), "schema": (m_nullable, 8), "discriminator": (m_discriminator, 3),
    "deep": (m_deep, 2), "number": (m_number, 3), "status": (m_status, 3),
    "media": (m_media, 3), "text": (m_text_field, 3), "server": (m_server, 2),
    "security": (m_security, 2), "parameters": (m_parameters, 4),
    "request_body": (m_request_body, 4), "empty_schema": (m_empty_schema, 3),
}


# ----------------------------------------------------------------------- text-level mutants


def _alias_bomb() -> str:
    levels = "abcdefghij"
    text = "openapi: 3.1.0\ninfo: {title: B, version: '1'}\npaths: {}\nx-a: &a [x, x, x, x]\n"
    for below, name in zip(levels, levels[1:], strict=False):
        text += f"x-{name}: &{name} [*{below}, *{below}, *{below}, *{below}, *{below}]\n"
    return text


def text_mutants(base_text: str, rng: random.Random) -> list[tuple[str, bytes]]:
    """Whole-file mutants: not a mapping, empty, truncated, non-UTF-8, BOM, bombs."""
    raw = base_text.encode("utf-8")
    cut = rng.randrange(1, max(2, len(raw)))
    pos = rng.randrange(0, max(1, len(raw)))
    return [
        ("empty file", b""),
        ("whitespace file", b"  \n\t\n"),
        ("only a comment", b"# nothing\n"),
        ("top-level list", b"- openapi: 3.1.0\n"),
        ("top-level string", b"openapi 3.1.0\n"),
        ("top-level number", b"3.1\n"),
        ("top-level null", b"null\n"),
        ("top-level JSON list", b"[1, 2]"),
        ("top-level JSON string", b'"x"'),
        ("yaml null document", b"~\n"),
        ("openapi as a number", b"openapi: 3.1\ninfo: {title: T, version: '1'}\npaths: {}\n"),
        ("openapi as 3.0 number", b"openapi: 3.0\npaths: {}\n"),
        ("openapi 4", b"openapi: 4.0.0\npaths: {}\n"),
        ("openapi list", b"openapi: [3.1.0]\npaths: {}\n"),
        ("paths list", b"openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: [1]\n"),
        ("info string", b"openapi: 3.1.0\ninfo: x\npaths: {}\n"),
        ("no info", b"openapi: 3.1.0\npaths: {}\n"),
        ("swagger", b"swagger: '2.0'\npaths: {}\n"),
        ("alias bomb", _alias_bomb().encode()),
        ("truncated", raw[:cut]),
        ("non-UTF-8 byte", raw[:pos] + b"\xff\xfe" + raw[pos:]),
        ("latin-1", base_text.encode("latin-1", errors="replace")),
        ("UTF-16", base_text.encode("utf-16")),
        ("BOM", b"\xef\xbb\xbf" + raw),
        ("NUL byte", raw[:pos] + b"\x00" + raw[pos:]),
        ("tab indent", b"openapi: 3.1.0\npaths:\n\t/a: {}\n"),
        ("merge key", b"openapi: 3.1.0\ninfo: &i {title: T, version: '1'}\nx: {<<: *i}\n"
                      b"paths: {}\n"),
        ("non-string key", b"openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n"
                           b"  [1, 2]: {}\n  ? {a: 1}\n  : {}\n"),
        ("anchor in paths", b"openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n"
                            b"  /a: &op\n    get: {responses: {'200': {description: ok}}}\n"
                            b"  /b: *op\n"),
        ("huge scalar", b"openapi: 3.1.0\ninfo: {title: '" + b"x" * 2_000_000
                        + b"', version: '1'}\npaths: {}\n"),
        ("big int", b"openapi: 3.1.0\ninfo: {title: T, version: 1" + b"0" * 5000
                    + b"}\npaths: {}\n"),
    ]


# ------------------------------------------------------------------------------ running


@dataclass
class Result:
    base: str
    label: str
    outcome: str  # rejected | generated | bug
    detail: str = ""
    errors: list[str] = field(default_factory=list)
    files: dict[str, dict[str, str]] = field(default_factory=dict)
    spec: Path | None = None


class _Timeout(BaseException):
    """Raised by the alarm: a run over its budget (a BaseException, so no except catches it)."""


def _alarm(_signum: int, _frame: object) -> None:
    raise _Timeout


def check_tree(files: dict[str, str]) -> str:
    """'' if ``files`` is a complete, safe tree; else what is wrong with it."""
    from generator.write import check_relative_path

    if not files:
        return "no files"
    for rel, text in files.items():
        try:
            check_relative_path(rel, Diagnostics())
        except GenerationError:
            return f"unsafe path {rel!r}"
        if not isinstance(text, str):
            return f"{rel}: not text"
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            return f"{rel}: not UTF-8 encodable ({exc.reason} at {exc.start})"
        if "\x00" in text:
            return f"{rel}: NUL character"
        try:
            if rel.endswith(".py"):
                ast.parse(text, rel)
            elif rel.endswith(".json"):
                json.loads(text)
            elif rel.endswith(".toml"):
                tomllib.loads(text)
        except (SyntaxError, ValueError) as exc:
            return f"{rel}: does not parse: {exc}"
    return ""


def _is_pointer(text: str) -> bool:
    """A JSON pointer (``#/a/b``, ``/a/b``; ``#`` or empty for the whole document)."""
    return text in ("", "#") or text.startswith(("/", "#/"))


def run_spec(spec: Path, base: str, label: str, langs: list[str] | None = None,
             budget: int = 60) -> Result:
    """Run one spec file through every backend in-process; classify the outcome."""
    from generator.cli import generate_many

    langs = langs or sorted(BACKENDS)
    diags = Diagnostics()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(budget)
    try:
        _, _, rendered = generate_many(spec, None, langs, diags)
    except GenerationError as exc:
        errors = [d.format() for d in exc.diagnostics]
        bad = [d for d in exc.diagnostics
               if d.severity != "error" or not _is_pointer(d.pointer) or not d.message]
        if not exc.diagnostics or bad:
            return Result(base, label, "bug", f"GenerationError without proper diagnostics: "
                          f"{errors!r}", errors, spec=spec)
        if "internal" in " ".join(errors):
            return Result(base, label, "bug", f"internal error: {errors[:3]}", errors, spec=spec)
        return Result(base, label, "rejected", errors[0], errors, spec=spec)
    except _Timeout:
        return Result(base, label, "bug", f"over the {budget} s budget", spec=spec)
    except Exception as exc:  # noqa: BLE001 -- this is what the fuzzer looks for
        tb = traceback.format_exception(exc)
        where = next((line.strip() for line in reversed(tb) if "/generator/" in line), "")
        return Result(base, label, "bug", f"{type(exc).__name__}: {str(exc)[:300]} @ {where}",
                      spec=spec)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    for lang in langs:
        problem = check_tree(rendered[lang])
        if problem:
            return Result(base, label, "bug", f"{lang}: {problem}", spec=spec)
    return Result(base, label, "generated", files=rendered, spec=spec)


def base_specs(small_only: bool = False) -> dict[str, Path]:
    """The specs mutated: small corpus specs, our own spec, the hazard fixtures that generate
    (and, for a long campaign, every corpus spec)."""
    bases = {name: CORPUS[name] for name in SMALL_BASES}
    bases["parley-openapi.yaml"] = ROOT / "spec" / "openapi.yaml"
    for path in sorted(HAZARDS.iterdir()):
        if path.suffix in (".yaml", ".json") and "expect-error" not in path.read_text(
                encoding="utf-8"):
            bases[f"hazard-{path.name}"] = path
    if not small_only:
        bases.update(CORPUS)
    return bases


def _load(path: Path) -> Json:
    return load_spec(path, Diagnostics()).document


def _dump(doc: Json, rng: random.Random) -> tuple[bytes, str]:
    if rng.random() < 0.75:
        return json.dumps(doc, ensure_ascii=rng.random() < 0.5).encode("utf-8"), ".json"
    try:
        return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False,
                              width=10**9).encode("utf-8"), ".yaml"
    except yaml.YAMLError:
        return json.dumps(doc).encode("utf-8"), ".json"


def mutants(seed: int, count: int, bases: dict[str, Path], max_stack: int = 3
            ) -> Iterator[tuple[str, str, bytes, str]]:
    """``count`` mutants (base name, label, file bytes, suffix), deterministic for ``seed``."""
    rng = random.Random(seed)
    loaded: dict[str, bytes] = {}
    texts: dict[str, str] = {}
    names = sorted(bases)
    ops = sorted(MUTATIONS)
    weights = [MUTATIONS[k][1] for k in ops]
    produced = 0
    while produced < count:
        base = rng.choice(names)
        if base not in loaded:
            texts[base] = bases[base].read_text(encoding="utf-8")
            loaded[base] = pickle.dumps(_load(bases[base]))
        if rng.random() < 0.06:
            label, data = rng.choice(text_mutants(texts[base], rng))
            produced += 1
            yield base, f"text: {label}", data, bases[base].suffix
            continue
        doc = pickle.loads(loaded[base])
        labels = []
        for _ in range(1 if rng.random() < 0.6 else rng.randint(2, max_stack)):
            kind = rng.choices(ops, weights)[0]
            try:
                labels.append(MUTATIONS[kind][0](rng, doc))
            except Skip:
                continue
        if not labels:
            continue
        data, suffix = _dump(doc, rng)
        produced += 1
        yield base, "; ".join(labels), data, suffix


def campaign(seed: int, count: int, work: Path, small_only: bool = True,
             keep: bool = False) -> list[Result]:
    results = []
    for index, (base, label, data, suffix) in enumerate(
            mutants(seed, count, base_specs(small_only))):
        spec = work / f"m{index:05d}{suffix}"
        spec.write_bytes(data)
        result = run_spec(spec, base, label)
        if not keep or result.outcome != "bug":
            result.files = {}
        if result.outcome != "bug" and not keep:
            spec.unlink()
        results.append(result)
    return results


WEIRD_KINDS = ("rename", "operationId", "tags", "enum", "path", "parameter", "schema",
               "discriminator", "cycle", "text", "number", "requestBody")
"""Label prefixes of mutations that leave a valid spec with odd names, types or text: the
mutants worth compiling."""


def compile_sample(seed: int, count: int, langs: list[str], work: Path,
                   sample: int = 25) -> dict[str, str]:
    """Generate up to ``sample`` of the first ``count`` mutants that generate and carry a
    weird-name mutation, with the hazard corpus's harness (``tests.hazard_corpus.run``: one
    package per case), and run each language's toolchain check over them all at once. Returns
    the toolchain error per language ('' when clean)."""
    from tests.hazard_corpus import TOOLCHAINS, Case, run

    picked: list[Case] = []
    for index, (base, label, data, suffix) in enumerate(
            mutants(seed, count, base_specs(small_only=True))):
        if len(picked) >= sample or not label.startswith(WEIRD_KINDS):
            continue
        spec = work / f"probe{suffix}"
        spec.write_bytes(data)
        if run_spec(spec, base, label, langs).outcome == "generated":
            picked.append(Case(f"m{index:05d}", data.decode("utf-8"), suffix))
    problems = {}
    for lang in langs:
        outcomes = [run(case, lang, work / lang) for case in picked]
        failed = [o.case.name for o in outcomes if o.returncode != 0]
        assert not failed, failed
        try:
            TOOLCHAINS[lang](outcomes, work / f"{lang}-toolchain")
            problems[lang] = ""
        except AssertionError as exc:  # ToolError too
            problems[lang] = str(exc)[-6000:]
    return problems


def _ptr(path: Path_) -> str:
    return "/" + "/".join(_escape(str(p)) for p in path) if path else ""


def _short(value: Json) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--all-bases", action="store_true", help="mutate every corpus spec")
    parser.add_argument("--keep", type=Path, default=None, help="keep the bug mutants here")
    parser.add_argument("--compile", default="",
                        help="comma-separated languages: compile a sample of the mutants")
    parser.add_argument("--sample", type=int, default=25)
    args = parser.parse_args(argv)
    if args.compile:
        work = args.keep or Path(tempfile.mkdtemp())
        work.mkdir(parents=True, exist_ok=True)
        problems = compile_sample(args.seed, args.count, args.compile.split(","), work,
                                  args.sample)
        for lang, problem in problems.items():
            print(f"{lang}: {'clean' if not problem else 'FAILED'}\n{problem}")
        return 1 if any(problems.values()) else 0
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        results = campaign(args.seed, args.count, work, not args.all_bases,
                           keep=args.keep is not None)
    counts = Counter(r.outcome for r in results)
    print(f"seed {args.seed}: {len(results)} mutants: " + ", ".join(
        f"{k} {counts[k]}" for k in ("rejected", "generated", "bug")))
    for r in results:
        if r.outcome == "bug":
            print(f"BUG [{r.base}] {r.label}\n    {r.detail}\n    {r.spec}")
    return 1 if counts["bug"] else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Deterministic synthetic OpenAPI 3.1 specs for the generation and scaling benchmarks.

A spec is built from *families* of ten component schemas each, so `schemas` must be a
multiple of ten. Every family carries the shapes that make generators slow or wrong
(generator-hazards.md §5, §8, §12):

- `Entity{i}`: a discriminated `oneOf` (on `kind`) of three members, two of them `allOf`
  extensions of `Entity{i}Base` that carry the discriminator in their own part;
- `Part{i}`: a second discriminated union (on `type`) nested inside `Entity{i}Gamma`,
  whose `ref` member points at the *next* family's `Entity` union (cross-family nesting,
  closing a cycle through every family of a ring of ten);
- `Node{i}`: recursion through itself (array items, `additionalProperties`), and mutual
  recursion with the `Entity{i}` union through `Entity{i}Beta`'s `allOf`;
- `Entity{i}Page`: the list envelope with nullable cursors.

Operations are spread round-robin over the families. Each family's first operation lists
(so every component is used once there are as many operations as families); the next
ones rotate through retrieve / create / delete, so path parameters, query parameters and
request bodies all occur. The same arguments always produce byte-identical output.

    python -m bench.synth_spec --schemas 5000 --operations 1000 --out build/bench/synth.yaml
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path
from typing import Any

import yaml

Schema = dict[str, Any]

SCHEMAS_PER_FAMILY = 10
# Families nest each other's unions in rings of this many, so reference cycles span up to
# ten families (~40 schemas) instead of the whole spec: a 5,000-schema single cycle is a
# 2,000-deep chain that even openapi-spec-validator cannot walk, and no real API has one.
RING = 10
OPERATION_KINDS = ("list", "retrieve", "create", "delete")
REF = "#/components/schemas/"

# The sizes the issue names: the big spec, and the scaling benchmark's points.
DEFAULT_SCHEMAS = 5000
DEFAULT_OPERATIONS = 1000


class SynthSpecError(ValueError):
    """The requested size cannot be built; the message says which argument is wrong."""


def _ref(name: str) -> Schema:
    return {"$ref": REF + name}


def _next_family(i: int, families: int) -> int:
    """The family whose union family `i` nests: the next one within its ring of RING."""
    ring_start = i - i % RING
    ring_size = min(RING, families - ring_start)
    return ring_start + (i - ring_start + 1) % ring_size


def _family_schemas(i: int, families: int) -> dict[str, Schema]:
    """The ten component schemas of family `i`."""
    nxt = _next_family(i, families)
    base = f"Entity{i}Base"
    return {
        base: {
            "type": "object",
            "description": f"Fields shared by every entity of family {i}.",
            "required": ["id", "created_at"],
            "properties": {
                "id": {"type": "string", "pattern": f"^f{i}_[0-9a-f]{{8}}$"},
                "created_at": {"type": "integer", "minimum": 0},
                "labels": {
                    "type": "object",
                    "additionalProperties": {"type": "string", "maxLength": 64},
                    "maxProperties": 16,
                },
                "note": {"type": ["string", "null"]},
            },
        },
        f"Entity{i}Alpha": {
            "allOf": [
                _ref(base),
                {
                    "type": "object",
                    "required": ["kind", "score"],
                    "properties": {
                        "kind": {"type": "string", "const": "alpha"},
                        "score": {"type": "number"},
                        "tags": {"type": "array", "items": {"type": "string"}},
                        "level": {"type": "string", "enum": ["low", "medium", "high"]},
                    },
                },
            ]
        },
        f"Entity{i}Beta": {
            "allOf": [
                _ref(base),
                {
                    "type": "object",
                    "required": ["kind", "tree"],
                    "properties": {
                        "kind": {"type": "string", "const": "beta"},
                        "tree": _ref(f"Node{i}"),
                        "enabled": {"type": "boolean", "default": False},
                    },
                },
            ]
        },
        f"Entity{i}Gamma": {
            "type": "object",
            "required": ["kind", "id", "parts"],
            "properties": {
                "kind": {"type": "string", "const": "gamma"},
                "id": {"type": "string"},
                "parts": {"type": "array", "items": _ref(f"Part{i}"), "maxItems": 100},
            },
        },
        f"Entity{i}": {
            "description": f"Any entity of family {i}, told apart by `kind`.",
            "oneOf": [_ref(f"Entity{i}Alpha"), _ref(f"Entity{i}Beta"), _ref(f"Entity{i}Gamma")],
            "discriminator": {
                "propertyName": "kind",
                "mapping": {
                    "alpha": REF + f"Entity{i}Alpha",
                    "beta": REF + f"Entity{i}Beta",
                    "gamma": REF + f"Entity{i}Gamma",
                },
            },
        },
        f"Part{i}Text": {
            "type": "object",
            "required": ["type", "text"],
            "properties": {
                "type": {"type": "string", "const": "text"},
                "text": {"type": "string"},
                "offsets": {"type": "array", "items": {"type": "integer"}},
            },
        },
        f"Part{i}Ref": {
            "type": "object",
            "required": ["type", "target"],
            "properties": {
                "type": {"type": "string", "const": "ref"},
                "target": _ref(f"Entity{nxt}"),
            },
        },
        f"Part{i}": {
            "oneOf": [_ref(f"Part{i}Text"), _ref(f"Part{i}Ref")],
            "discriminator": {
                "propertyName": "type",
                "mapping": {"text": REF + f"Part{i}Text", "ref": REF + f"Part{i}Ref"},
            },
        },
        f"Node{i}": {
            "type": "object",
            "description": "A recursive tree: children, a named index, and a back-link.",
            "required": ["value"],
            "properties": {
                "value": {"type": "string"},
                "children": {"type": "array", "items": _ref(f"Node{i}")},
                "index": {"type": "object", "additionalProperties": _ref(f"Node{i}")},
                "owner": {"anyOf": [_ref(f"Entity{i}"), {"type": "null"}]},
            },
        },
        f"Entity{i}Page": {
            "type": "object",
            "required": ["object", "data", "first_id", "last_id", "has_more"],
            "properties": {
                "object": {"type": "string", "const": "list"},
                "data": {"type": "array", "items": _ref(f"Entity{i}")},
                "first_id": {"type": ["string", "null"]},
                "last_id": {"type": ["string", "null"]},
                "has_more": {"type": "boolean"},
            },
        },
    }


_ERROR_RESPONSE: Schema = {
    "description": "The request failed.",
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["message"],
                "properties": {"message": {"type": "string"}, "code": {"type": ["string", "null"]}},
            }
        }
    },
}


def _json_response(description: str, schema_name: str) -> Schema:
    return {
        "description": description,
        "content": {"application/json": {"schema": _ref(schema_name)}},
    }


def _operation(kind: str, i: int) -> Schema:
    tag = f"family{i}"
    entity_id = {
        "name": "entity_id",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "pattern": f"^f{i}_[0-9a-f]{{8}}$"},
    }
    errors = {"404": _ERROR_RESPONSE} if kind in ("retrieve", "delete") else {}
    if kind == "list":
        return {
            "operationId": f"listFamily{i}Entities",
            "tags": [tag],
            "summary": f"List the entities of family {i}.",
            "parameters": [
                {
                    "name": "limit",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
                },
                {"name": "after", "in": "query", "required": False, "schema": {"type": "string"}},
                {
                    "name": "order",
                    "in": "query",
                    "required": False,
                    "schema": {"type": "string", "enum": ["asc", "desc"], "default": "desc"},
                },
            ],
            "responses": {
                "200": _json_response("A page of entities.", f"Entity{i}Page"),
                "400": _ERROR_RESPONSE,
            },
        }
    if kind == "retrieve":
        return {
            "operationId": f"retrieveFamily{i}Entity",
            "tags": [tag],
            "summary": f"Get one entity of family {i}.",
            "parameters": [entity_id],
            "responses": {"200": _json_response("The entity.", f"Entity{i}"), **errors},
        }
    if kind == "create":
        return {
            "operationId": f"createFamily{i}Entity",
            "tags": [tag],
            "summary": f"Create an entity of family {i}.",
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": _ref(f"Entity{i}")}},
            },
            "responses": {
                "200": _json_response("The stored entity.", f"Entity{i}"),
                "400": _ERROR_RESPONSE,
            },
        }
    return {
        "operationId": f"deleteFamily{i}Entity",
        "tags": [tag],
        "summary": f"Delete one entity of family {i}.",
        "parameters": [entity_id],
        "responses": {"204": {"description": "Deleted."}, **errors},
    }


def _operation_kind(nth: int, family: int) -> str:
    """A family's first operation lists (so its Page schema is used); later ones rotate by
    family through the other kinds, so two operations per family still mix all four."""
    if nth == 0:
        return "list"
    others = OPERATION_KINDS[1:]
    return others[(nth - 1 + family) % len(others)]


def build_spec(schemas: int = DEFAULT_SCHEMAS, operations: int = DEFAULT_OPERATIONS) -> Schema:
    """The synthetic spec with exactly `schemas` component schemas and `operations` operations."""
    if schemas <= 0 or schemas % SCHEMAS_PER_FAMILY:
        raise SynthSpecError(
            f"--schemas must be a positive multiple of {SCHEMAS_PER_FAMILY}, got {schemas}"
        )
    families = schemas // SCHEMAS_PER_FAMILY
    if not 1 <= operations <= families * len(OPERATION_KINDS):
        raise SynthSpecError(
            f"--operations must be between 1 and {families * len(OPERATION_KINDS)} "
            f"(four per family of {SCHEMAS_PER_FAMILY} schemas), got {operations}"
        )
    components: dict[str, Schema] = {}
    for i in range(families):
        components.update(_family_schemas(i, families))

    paths: dict[str, Schema] = {}
    for k in range(operations):
        family = k % families
        kind = _operation_kind(k // families, family)
        collection = f"/v1/family{family}/entities"
        path = collection if kind in ("list", "create") else collection + "/{entity_id}"
        method = {"list": "get", "retrieve": "get", "create": "post", "delete": "delete"}[kind]
        paths.setdefault(path, {})[method] = _operation(kind, family)

    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Synthetic benchmark API",
            "version": "1.0.0",
            "description": f"{operations} operations over {schemas} schemas (bench.synth_spec).",
        },
        "servers": [{"url": "http://127.0.0.1:8321"}],
        "paths": dict(sorted(paths.items())),
        "components": {"schemas": components},
    }


def dump_yaml(spec: Schema) -> str:
    """Serialise with stable key order (as built) and no YAML aliases."""

    # The C dumper when libyaml is there: five times faster on the 5,000-schema spec.
    base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class _NoAliasDumper(base):  # type: ignore[valid-type,misc]
        def ignore_aliases(self, data: Any) -> bool:
            return True

    return yaml.dump(spec, Dumper=_NoAliasDumper, sort_keys=False, width=100, allow_unicode=True)


def write_spec(path: Path, schemas: int, operations: int) -> str:
    """Write the spec as YAML unless an identical file is already there; return its sha256."""
    text = dump_yaml(build_spec(schemas, operations))
    digest = hashlib.sha256(text.encode()).hexdigest()
    if not (path.exists() and path.read_text() == text):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return digest


def operations_for(schemas: int) -> int:
    """The issue's ratio (1,000 operations per 5,000 schemas) at any size."""
    return max(1, schemas // 5)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.synth_spec", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--schemas", type=int, default=DEFAULT_SCHEMAS)
    parser.add_argument("--operations", type=int, help="default: schemas / 5")
    parser.add_argument("--out", type=Path, required=True, help="the YAML file to write")
    args = parser.parse_args(argv)
    operations = args.operations if args.operations is not None else operations_for(args.schemas)
    try:
        digest = write_spec(args.out, args.schemas, operations)
    except SynthSpecError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{args.out}: {operations} operations, {args.schemas} schemas, sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

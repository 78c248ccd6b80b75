"""Post-processing of FastAPI's OpenAPI output into the truthful published spec.

Owned by the spec tooling; `app.main.create_app` installs `customize_openapi` so that
`/openapi.json` and `spec/openapi.yaml` are the same document.

Every step is a small named function over the spec dict (never string surgery), listed
in `TRANSFORMS` in the order they run, and tested on its own in `tests/spec/`.
Each step mutates and returns the dict it is given; `customize_openapi` works on a copy.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from http import HTTPStatus
from typing import Any

Schema = dict[str, Any]
Transform = Callable[[Schema], Schema]

ERROR_SCHEMA_NAME = "ErrorResponse"
ERROR_SCHEMA_REF = f"#/components/schemas/{ERROR_SCHEMA_NAME}"
SCHEMA_REF_PREFIX = "#/components/schemas/"

# FastAPI's own validation-error components: our app answers validation failures with a 400
# carrying ErrorResponse, so these describe a response that never happens.
FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Keys whose values are data, not schemas: a walk for schema keywords must not descend
# into them (an example may legitimately contain a key called "oneOf").
_DATA_KEYWORDS = frozenset({"example", "examples", "default", "const", "enum"})

# Errors every operation can produce, whatever its route: the server's catch-all 500.
ALWAYS_POSSIBLE_ERRORS = ("500",)
# Errors any operation with a JSON request body can produce before its handler runs:
# malformed JSON / failed validation, a body over the size limit, a non-JSON body.
REQUEST_BODY_ERRORS = ("400", "413", "415")


class SpecTransformError(ValueError):
    """The FastAPI output cannot be made truthful; the message names the JSON pointer."""


def iter_operations(spec: Schema) -> Iterator[tuple[str, str, Schema]]:
    """Yield (path, method, operation) for every operation, in document order."""
    for path, path_item in spec.get("paths", {}).items():
        for method in HTTP_METHODS:
            operation = path_item.get(method)
            if isinstance(operation, dict):
                yield path, method, operation


def _pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _error_response(status: str) -> Schema:
    return {
        "description": HTTPStatus(int(status)).phrase,
        "content": {"application/json": {"schema": {"$ref": ERROR_SCHEMA_REF}}},
    }


def _require_error_schema(spec: Schema, needed_by: str) -> None:
    if ERROR_SCHEMA_NAME not in spec.get("components", {}).get("schemas", {}):
        raise SpecTransformError(
            f"{needed_by} needs an error response, but #/components/schemas/"
            f"{ERROR_SCHEMA_NAME} is not defined; declare it on at least one route"
        )


def _sorted_responses(responses: Schema) -> Schema:
    """Order responses by status code ("default" and ranges like "4XX" after numbers)."""
    return dict(sorted(responses.items(), key=lambda item: (not item[0].isdigit(), item[0])))


def replace_validation_responses(spec: Schema) -> Schema:
    """Drop FastAPI's default 422 responses; an operation without a 400 gets one instead.

    The app turns every request-validation failure into a 400 with ErrorResponse (the
    OpenAI behaviour), so a documented 422 would be a lie and generators would build
    an error type for it.
    """
    for path, method, operation in iter_operations(spec):
        responses = operation.get("responses", {})
        if "422" not in responses:
            continue
        del responses["422"]
        if "400" not in responses:
            _require_error_schema(spec, f"#/paths/{_pointer_token(path)}/{method}")
            responses["400"] = _error_response("400")
        operation["responses"] = _sorted_responses(responses)
    return spec


def add_error_responses(spec: Schema) -> Schema:
    """Document the errors the server can return for any operation, with ErrorResponse.

    The app's middleware answers 500 for any route and 400/413/415 for any JSON body
    before the handler runs, so those statuses belong to every such operation.
    Responses the route already declares are left untouched.
    """
    for path, method, operation in iter_operations(spec):
        expected = list(ALWAYS_POSSIBLE_ERRORS)
        if "requestBody" in operation:
            expected += REQUEST_BODY_ERRORS
        responses = operation.setdefault("responses", {})
        missing = [status for status in expected if status not in responses]
        if not missing:
            continue
        _require_error_schema(spec, f"#/paths/{_pointer_token(path)}/{method}")
        for status in missing:
            responses[status] = _error_response(status)
        operation["responses"] = _sorted_responses(responses)
    return spec


SECURITY_SCHEME_NAME = "bearerAuth"
SECURITY_SCHEME: Schema = {
    "type": "http",
    "scheme": "bearer",
    "description": (
        "An API key from `python -m app keys create`, a static token or an OAuth2 / OIDC JWT, "
        "as `Authorization: Bearer <credential>`. A service started without auth ignores it."
    ),
}
# Errors every operation can produce once auth or rate limits are configured.
AUTH_ERRORS = ("401", "429")
_RATE_LIMIT_HEADERS: Schema = {
    "Retry-After": {
        "description": "Seconds to wait before retrying.",
        "schema": {"type": "integer", "minimum": 1},
    },
    "x-ratelimit-limit-requests": {
        "description": "Requests allowed per minute in this bucket (reads or writes).",
        "schema": {"type": "integer"},
    },
    "x-ratelimit-remaining-requests": {
        "description": "Requests left in this bucket now.",
        "schema": {"type": "integer"},
    },
    "x-ratelimit-reset-requests": {
        "description": "Time until the bucket is full again, such as `6m0s` or `20ms`.",
        "schema": {"type": "string"},
    },
}


def add_security(spec: Schema) -> Schema:
    """Declare the bearer scheme for every operation, and document 401 and 429.

    The app authenticates every `/v1` request in one middleware (`app.auth.middleware`), so
    the requirement is document-wide and the two errors belong to every operation. A 429
    also says how long to wait (`Retry-After`) and how the limit stands (OpenAI's headers).
    """
    components = spec.setdefault("components", {})
    components.setdefault("securitySchemes", {})[SECURITY_SCHEME_NAME] = SECURITY_SCHEME
    # `{}` too: auth is opt-in, so a service started without it serves anonymous callers,
    # and a client that sends no credential stays valid against such a deployment.
    spec["security"] = [{SECURITY_SCHEME_NAME: []}, {}]
    for path, method, operation in iter_operations(spec):
        responses = operation.setdefault("responses", {})
        missing = [status for status in AUTH_ERRORS if status not in responses]
        if not missing:
            continue
        _require_error_schema(spec, f"#/paths/{_pointer_token(path)}/{method}")
        for status in missing:
            responses[status] = _error_response(status)
            if status == "429":
                responses[status]["headers"] = copy.deepcopy(_RATE_LIMIT_HEADERS)
        operation["responses"] = _sorted_responses(responses)
    return spec


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _walk_schemas(node: Any) -> Iterator[Schema]:
    """Yield every dict in the document that may be a schema, skipping data-valued keys."""
    if isinstance(node, dict):
        yield node
        for key, value in node.items():
            if key not in _DATA_KEYWORDS:
                yield from _walk_schemas(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk_schemas(item)


def deduplicate_union_members(spec: Schema) -> Schema:
    """Remove repeated members (the same $ref or identical inline schema) of oneOf/anyOf.

    A repeated oneOf member makes every payload of that type match twice, which is
    invalid under oneOf; llama-stack's spec shipped exactly this bug.
    """
    for node in _walk_schemas(spec):
        for keyword in ("oneOf", "anyOf"):
            members = node.get(keyword)
            if not isinstance(members, list):
                continue
            seen: set[str] = set()
            unique = []
            for member in members:
                key = _canonical(member)
                if key not in seen:
                    seen.add(key)
                    unique.append(member)
            node[keyword] = unique
    return spec


def _discriminator_value(member: Schema, property_name: str) -> str | None:
    prop = member.get("properties", {}).get(property_name, {})
    if "const" in prop:
        return str(prop["const"])
    enum = prop.get("enum")
    if isinstance(enum, list) and len(enum) == 1:
        return str(enum[0])
    return None


def complete_discriminator_mappings(spec: Schema) -> Schema:
    """Give every discriminated oneOf a mapping entry for each member, and check the rest.

    Generators resolve a payload's class from the mapping alone; a member missing from
    it is unreachable in a generated SDK. The value comes from the member's `const`.
    """
    schemas = spec.get("components", {}).get("schemas", {})
    for node in _walk_schemas(spec):
        discriminator = node.get("discriminator")
        members = node.get("oneOf")
        if not isinstance(discriminator, dict) or not isinstance(members, list):
            continue
        property_name = discriminator["propertyName"]
        mapping: dict[str, str] = dict(discriminator.get("mapping", {}))
        member_refs = [m["$ref"] for m in members if isinstance(m, dict) and "$ref" in m]
        for value, ref in mapping.items():
            if ref not in member_refs:
                raise SpecTransformError(
                    f"discriminator mapping {value!r} -> {ref} names no oneOf member"
                )
        mapped = set(mapping.values())
        for ref in member_refs:
            if ref in mapped:
                continue
            member = schemas.get(ref.removeprefix(SCHEMA_REF_PREFIX))
            const = _discriminator_value(member, property_name) if member else None
            if const is None:
                raise SpecTransformError(
                    f"{ref} is a member of a union discriminated on {property_name!r} "
                    f"but has no const value for it"
                )
            mapping[const] = ref
        # Keep the mapping in oneOf order so the spec reads the same way as the union.
        discriminator["mapping"] = {
            value: target
            for ref in member_refs
            for value, target in mapping.items()
            if target == ref
        }
    return spec


def _refs_in(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref
        for key, value in node.items():
            if key not in _DATA_KEYWORDS:
                yield from _refs_in(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs_in(item)


def reachable_schemas(spec: Schema) -> set[str]:
    """Names of the component schemas reachable from the rest of the document.

    Reachability starts from everything outside components.schemas (paths, webhooks,
    other components) and follows $refs, including discriminator mapping targets.
    """
    components = spec.get("components", {})
    schemas: Schema = components.get("schemas", {})
    roots = {key: value for key, value in spec.items() if key != "components"}
    roots["components"] = {k: v for k, v in components.items() if k != "schemas"}
    pending = list(_refs_in(roots))
    reachable: set[str] = set()
    while pending:
        ref = pending.pop()
        if not ref.startswith(SCHEMA_REF_PREFIX):
            continue
        name = ref.removeprefix(SCHEMA_REF_PREFIX)
        if name in reachable or name not in schemas:
            continue
        reachable.add(name)
        pending.extend(_refs_in(schemas[name]))
        for node in _walk_schemas(schemas[name]):
            discriminator = node.get("discriminator")
            mapping = discriminator.get("mapping") if isinstance(discriminator, dict) else None
            if isinstance(mapping, dict):
                pending.extend(v for v in mapping.values() if isinstance(v, str))
    return reachable


def drop_unreferenced_schemas(spec: Schema) -> Schema:
    """Remove component schemas no operation can reach (e.g. FastAPI's HTTPValidationError)."""
    schemas: Schema = spec.get("components", {}).get("schemas", {})
    if schemas:
        reachable = reachable_schemas(spec)
        spec["components"]["schemas"] = {n: s for n, s in schemas.items() if n in reachable}
    return spec


# The order matters: 422s go before the unreferenced-schema sweep removes their schemas,
# and duplicates go before mappings are completed from the remaining members.
TRANSFORMS: tuple[Transform, ...] = (
    replace_validation_responses,
    add_error_responses,
    add_security,
    deduplicate_union_members,
    complete_discriminator_mappings,
    drop_unreferenced_schemas,
)


def customize_openapi(schema: Schema) -> Schema:
    """Return a post-processed copy of FastAPI's spec; the input is left untouched."""
    spec = copy.deepcopy(schema)
    for transform in TRANSFORMS:
        spec = transform(spec)
    return spec

"""Each post-processing step of `app.openapi` on small hand-written specs, then all of them
on a toy FastAPI app shaped like ours (discriminated RootModel union, declared 400)."""

from __future__ import annotations

import copy
from typing import Annotated, Any, Literal

import pytest
from fastapi import FastAPI
from pydantic import BaseModel, Field, RootModel

from app.openapi import (
    ERROR_SCHEMA_REF,
    SpecTransformError,
    add_error_responses,
    complete_discriminator_mappings,
    customize_openapi,
    deduplicate_union_members,
    drop_unreferenced_schemas,
    replace_validation_responses,
)

REF = "#/components/schemas/"
VALIDATION_422 = {
    "description": "Validation Error",
    "content": {"application/json": {"schema": {"$ref": REF + "HTTPValidationError"}}},
}
ERROR_400 = {
    "description": "Bad Request",
    "content": {"application/json": {"schema": {"$ref": ERROR_SCHEMA_REF}}},
}
ERROR_SCHEMA = {"type": "object", "properties": {"error": {"type": "object"}}}


def spec_with(paths: dict[str, Any], schemas: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": paths,
        "components": {"schemas": {"ErrorResponse": ERROR_SCHEMA, **(schemas or {})}},
    }


def ok() -> dict[str, Any]:
    return {"description": "OK"}


# --- replace_validation_responses -------------------------------------------------------


def test_422_is_removed_when_the_route_declares_its_own_400() -> None:
    custom_400 = {**ERROR_400, "description": "Invalid conversation id"}
    spec = spec_with(
        {"/a": {"get": {"responses": {"200": ok(), "400": custom_400, "422": VALIDATION_422}}}}
    )
    responses = replace_validation_responses(spec)["paths"]["/a"]["get"]["responses"]
    assert list(responses) == ["200", "400"]
    assert responses["400"]["description"] == "Invalid conversation id"


def test_422_becomes_an_error_response_400_when_the_route_lacks_one() -> None:
    spec = spec_with({"/a": {"post": {"responses": {"422": VALIDATION_422, "200": ok()}}}})
    responses = replace_validation_responses(spec)["paths"]["/a"]["post"]["responses"]
    assert list(responses) == ["200", "400"]
    assert responses["400"]["content"]["application/json"]["schema"] == {"$ref": ERROR_SCHEMA_REF}


def test_422_without_an_error_schema_names_the_operation() -> None:
    spec = spec_with({"/a/{b}": {"get": {"responses": {"422": VALIDATION_422}}}})
    del spec["components"]["schemas"]["ErrorResponse"]
    with pytest.raises(SpecTransformError, match=r"#/paths/~1a~1\{b\}/get.*ErrorResponse"):
        replace_validation_responses(spec)


# --- add_error_responses ----------------------------------------------------------------


def test_every_operation_documents_500_and_body_operations_400_413_415() -> None:
    spec = spec_with(
        {
            "/a": {
                "get": {"responses": {"200": ok()}},
                "post": {
                    "requestBody": {"content": {}},
                    "responses": {"200": ok(), "404": ERROR_400},
                },
            }
        }
    )
    path_item = add_error_responses(spec)["paths"]["/a"]
    assert list(path_item["get"]["responses"]) == ["200", "500"]
    assert list(path_item["post"]["responses"]) == ["200", "400", "404", "413", "415", "500"]
    assert path_item["post"]["responses"]["413"]["description"] == "Request Entity Too Large"
    assert path_item["post"]["responses"]["404"] is ERROR_400  # declared ones are kept


def test_declared_error_responses_are_not_overwritten() -> None:
    mine = {
        "description": "boom",
        "content": {"application/json": {"schema": {"$ref": ERROR_SCHEMA_REF}}},
    }
    spec = spec_with({"/a": {"get": {"responses": {"200": ok(), "500": mine}}}})
    assert add_error_responses(spec)["paths"]["/a"]["get"]["responses"]["500"] is mine


# --- deduplicate_union_members ----------------------------------------------------------


def test_repeated_union_refs_and_inline_members_are_removed_in_order() -> None:
    union = {
        "oneOf": [
            {"$ref": REF + "A"},
            {"$ref": REF + "B"},
            {"$ref": REF + "A"},
            {"type": "string"},
            {"type": "string"},
        ]
    }
    nested = {"type": "array", "items": {"anyOf": [{"$ref": REF + "B"}, {"$ref": REF + "B"}]}}
    spec = spec_with({}, {"U": union, "N": nested})
    schemas = deduplicate_union_members(spec)["components"]["schemas"]
    assert schemas["U"]["oneOf"] == [{"$ref": REF + "A"}, {"$ref": REF + "B"}, {"type": "string"}]
    assert schemas["N"]["items"]["anyOf"] == [{"$ref": REF + "B"}]


def test_examples_that_look_like_unions_are_data_and_left_alone() -> None:
    example = {"oneOf": [1, 1]}
    spec = spec_with({}, {"E": {"type": "object", "example": example}})
    assert deduplicate_union_members(spec)["components"]["schemas"]["E"]["example"] == {
        "oneOf": [1, 1]
    }


# --- complete_discriminator_mappings -----------------------------------------------------


def member(tag: str) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {"type": {"type": "string", "const": tag}},
        "required": ["type"],
    }


def test_missing_mapping_entries_are_added_from_member_consts_in_union_order() -> None:
    union = {
        "oneOf": [{"$ref": REF + "A"}, {"$ref": REF + "B"}, {"$ref": REF + "C"}],
        "discriminator": {"propertyName": "type", "mapping": {"b": REF + "B"}},
    }
    c = {"type": "object", "properties": {"type": {"enum": ["c"]}}}
    spec = spec_with({}, {"U": union, "A": member("a"), "B": member("b"), "C": c})
    mapping = complete_discriminator_mappings(spec)["components"]["schemas"]["U"]["discriminator"][
        "mapping"
    ]
    assert list(mapping.items()) == [("a", REF + "A"), ("b", REF + "B"), ("c", REF + "C")]


def test_mapping_to_a_non_member_is_an_error() -> None:
    union = {
        "oneOf": [{"$ref": REF + "A"}],
        "discriminator": {"propertyName": "type", "mapping": {"a": REF + "A", "z": REF + "Z"}},
    }
    spec = spec_with({}, {"U": union, "A": member("a")})
    with pytest.raises(
        SpecTransformError, match="'z' -> #/components/schemas/Z names no oneOf member"
    ):
        complete_discriminator_mappings(spec)


def test_member_without_a_const_tag_is_an_error() -> None:
    union = {"oneOf": [{"$ref": REF + "A"}], "discriminator": {"propertyName": "type"}}
    spec = spec_with(
        {}, {"U": union, "A": {"type": "object", "properties": {"type": {"type": "string"}}}}
    )
    with pytest.raises(SpecTransformError, match="#/components/schemas/A .* no const value"):
        complete_discriminator_mappings(spec)


# --- drop_unreferenced_schemas ----------------------------------------------------------


def test_only_schemas_reachable_from_operations_are_kept() -> None:
    op = {
        "responses": {
            "200": {
                "description": "",
                "content": {"application/json": {"schema": {"$ref": REF + "U"}}},
            }
        }
    }
    union = {
        "oneOf": [{"$ref": REF + "A"}],
        # B is reachable only through the mapping: generators resolve mapping targets too.
        "discriminator": {"propertyName": "type", "mapping": {"a": REF + "A", "b": REF + "B"}},
    }
    schemas = {
        "U": union,
        "A": {"properties": {"child": {"$ref": REF + "Child"}}},
        "B": member("b"),
        "Child": {"type": "string"},
        "Orphan": {"$ref": REF + "OrphanChild"},
        "OrphanChild": {"type": "string"},
        "Selfish": {"properties": {"me": {"$ref": REF + "Selfish"}}},
    }
    spec = spec_with({"/a": {"get": op}}, schemas)
    kept = drop_unreferenced_schemas(spec)["components"]["schemas"]
    assert sorted(kept) == ["A", "B", "Child", "U"]


# --- the whole pipeline on a FastAPI app -------------------------------------------------


class ErrorBody(BaseModel):
    message: str


class ErrorResponse(BaseModel):
    error: ErrorBody


class Apple(BaseModel):
    type: Literal["apple"]


class Pear(BaseModel):
    type: Literal["pear"]


class Fruit(RootModel[Annotated[Apple | Pear, Field(discriminator="type")]]):
    pass


def toy_app() -> FastAPI:
    app = FastAPI(version="9.9.9")

    @app.post("/fruit", operation_id="createFruit", responses={400: {"model": ErrorResponse}})
    def create(fruit: Fruit) -> Fruit:
        return fruit

    @app.get("/fruit/{fruit_id}", operation_id="getFruit")
    def get(fruit_id: int) -> Fruit:
        return Fruit(Apple(type="apple"))

    return app


def test_customize_openapi_on_a_fastapi_app() -> None:
    raw = toy_app().openapi()
    before = copy.deepcopy(raw)
    spec = customize_openapi(raw)
    assert raw == before, "the input must not be mutated"
    schemas = spec["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "ValidationError" not in schemas
    assert sorted(schemas) == ["Apple", "ErrorBody", "ErrorResponse", "Fruit", "Pear"]
    create = spec["paths"]["/fruit"]["post"]["responses"]
    assert list(create) == ["200", "400", "401", "413", "415", "429", "500"]
    get = spec["paths"]["/fruit/{fruit_id}"]["get"]["responses"]
    assert list(get) == ["200", "400", "401", "429", "500"]
    for responses in (create, get):
        for status, response in responses.items():
            expected = REF + "Fruit" if status == "200" else ERROR_SCHEMA_REF
            assert response["content"]["application/json"]["schema"] == {"$ref": expected}
    assert customize_openapi(spec) == spec, "the pipeline is idempotent"


# --- add_security -----------------------------------------------------------------------


def test_bearer_scheme_and_auth_errors_on_every_operation() -> None:
    from app.openapi import SECURITY_SCHEME_NAME, add_security

    mine = {
        "description": "custom",
        "content": {"application/json": {"schema": {"$ref": ERROR_SCHEMA_REF}}},
    }
    spec = spec_with(
        {
            "/a": {
                "get": {"responses": {"200": ok(), "500": ERROR_400}},
                "post": {"responses": {"200": ok(), "401": mine}},
            }
        }
    )
    result = add_security(spec)
    assert result["components"]["securitySchemes"][SECURITY_SCHEME_NAME] == {
        **result["components"]["securitySchemes"][SECURITY_SCHEME_NAME],
        "type": "http",
        "scheme": "bearer",
    }
    # Optional: a service without auth configured serves anonymous callers.
    assert result["security"] == [{SECURITY_SCHEME_NAME: []}, {}]
    get, post = result["paths"]["/a"]["get"], result["paths"]["/a"]["post"]
    assert list(get["responses"]) == ["200", "401", "429", "500"]
    assert post["responses"]["401"] is mine
    assert set(get["responses"]["429"]["headers"]) == {
        "Retry-After",
        "x-ratelimit-limit-requests",
        "x-ratelimit-remaining-requests",
        "x-ratelimit-reset-requests",
    }
    assert get["responses"]["401"]["content"]["application/json"]["schema"] == {
        "$ref": ERROR_SCHEMA_REF
    }

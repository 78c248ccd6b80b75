"""Spec snippet → IR for auth (``generator/auth.py``) and pagination detection
(``generator/pagination.py``): each scheme kind, each pagination kind, and config overrides."""

from __future__ import annotations

from typing import Any

import pytest

from generator.build_ir import build_ir
from generator.config import SdkConfig, default_config, parse_config
from generator.diagnostics import Diagnostics
from generator.ir import IR, AuthCredential, Name, Operation, PaginationScheme, RefType


def build(
    paths: dict[str, Any],
    schemas: dict[str, Any] | None = None,
    config: SdkConfig | None = None,
    **extra: Any,
) -> tuple[IR, list[str]]:
    components = {"schemas": schemas or {}, **extra.pop("components", {})}
    document = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths,
                "components": components, **extra}
    diags = Diagnostics()
    ir = build_ir(document, config or default_config(), diags, spec_sha256="0",
                  generator_version="test")
    assert diags.errors() == []
    return ir, [d.format() for d in diags.warnings()]


def op(ir: IR, op_id: str) -> Operation:
    return next(o for o in ir.operations() if o.id == op_id)


def get(op_id: str, params: list[dict[str, Any]] | None = None, ref: str | None = None,
        **fields: Any) -> dict[str, Any]:
    schema = {"$ref": f"#/components/schemas/{ref}"} if ref else {"type": "object"}
    return {"get": {"operationId": op_id, "parameters": params or [], **fields,
                    "responses": {"200": {"description": "ok", "content": {
                        "application/json": {"schema": schema}}}}}}


def header(name: str, **schema: Any) -> dict[str, Any]:
    return {"name": name, "in": "header", "required": True,
            "schema": {"type": "string", **schema}}


def query(name: str, type_: str = "string") -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": {"type": type_}}


# ------------------------------------------------------------------------------------- auth


SCHEMES = {
    "bearerAuth": {"type": "http", "scheme": "bearer", "description": "a token"},
    "apiKeyHeader": {"type": "apiKey", "in": "header", "name": "X-Api-Key"},
    "apiKeyQuery": {"type": "apiKey", "in": "query", "name": "key"},
    "session": {"type": "apiKey", "in": "cookie", "name": "sid"},
    "basicAuth": {"type": "http", "scheme": "Basic"},
    "oauth": {"type": "oauth2", "flows": {}},
    "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://x/.well-known"},
    "mtls": {"type": "mutualTLS"},
}


def test_every_security_scheme_kind_becomes_a_scheme_with_its_options() -> None:
    ir, warnings = build({"/a": get("a")}, components={"securitySchemes": SCHEMES})
    shapes = {s.id: (s.kind, s.location, s.wire_name, tuple(c.name.snake() for c in s.credentials))
              for s in ir.auth_schemes}
    assert shapes == {
        "bearerAuth": ("bearer", "header", "Authorization", ("auth_token",)),
        "apiKeyHeader": ("api_key", "header", "X-Api-Key", ("api_key",)),
        "apiKeyQuery": ("api_key", "query", "key", ("api_key_query",)),
        "session": ("api_key", "cookie", "sid", ("session_api_key",)),
        "basicAuth": ("basic", "header", "Authorization", ("username", "password")),
        "oauth": ("bearer", "header", "Authorization", ("oauth_auth_token",)),
        "oidc": ("bearer", "header", "Authorization", ("oidc_auth_token",)),
    }
    basic = ir.auth_scheme("basicAuth")
    assert basic is not None and basic.credentials == (
        AuthCredential(Name(("username",)), "API_USERNAME"),
        AuthCredential(Name(("password",)), "API_PASSWORD"),
    )
    assert ir.auth_scheme("bearerAuth").description == "a token"  # type: ignore[union-attr]
    assert ("warning: spec #/components/securitySchemes/mtls: security scheme type 'mutualTLS' is "
            "not supported; skipped") in warnings
    # No requirement anywhere: the operation accepts every scheme.
    assert set(op(ir, "a").security) == set(shapes)


def test_a_lone_bearer_scheme_is_the_api_key_option() -> None:
    ir, _ = build({"/a": get("a")}, components={"securitySchemes": {"b": SCHEMES["bearerAuth"]}})
    assert [(s.kind, s.credentials[0].name.snake(), s.credentials[0].env_var)
            for s in ir.auth_schemes] == [("bearer", "api_key", "API_API_KEY")]


def test_operation_security_top_level_default_and_empty_list() -> None:
    paths = {
        "/default": get("default"),
        "/open": get("open", security=[]),
        "/basic": get("basic", security=[{"basicAuth": []}]),
        "/either": get("either", security=[{"apiKeyHeader": []}, {"bearerAuth": []}]),
    }
    ir, _ = build(paths, components={"securitySchemes": SCHEMES}, security=[{"bearerAuth": []}])
    assert op(ir, "default").security == ("bearerAuth",)
    assert op(ir, "open").security == ()
    assert op(ir, "basic").security == ("basicAuth",)
    assert op(ir, "either").security == ("apiKeyHeader", "bearerAuth")


def test_an_undefined_scheme_is_warned_and_the_default_bearer_kept() -> None:
    ir, warnings = build({"/a": get("a")}, security=[{"Default": []}])
    assert [(s.id, s.kind, s.origin) for s in ir.auth_schemes] == [("bearer", "bearer", "default")]
    assert op(ir, "a").security == ("bearer",)
    assert ("warning: spec #/security/0/Default: security scheme 'Default' is not in "
            "components.securitySchemes") in warnings


def test_required_credential_and_constant_headers_leave_the_methods() -> None:
    version = header("anthropic-version", default="2023-06-01")
    paths = {
        "/a": get("a", [header("x-api-key"), version, header("x-trace")]),
        "/b": get("b", [header("X-API-Key"), {**version, "schema": {"enum": ["2023-06-01"]}}]),
    }
    ir, _ = build(paths)
    assert [(s.id, s.kind, s.wire_name, s.origin, s.credentials[0].env_var)
            for s in ir.auth_schemes] == [
        ("header:x-api-key", "api_key", "x-api-key", "header", "API_API_KEY")
    ]
    assert [(h.wire_name, h.value) for h in ir.default_headers] == [
        ("anthropic-version", "2023-06-01")
    ]
    assert [p.wire_name for p in op(ir, "a").header_params] == ["x-trace"]
    assert op(ir, "b").header_params == ()
    assert op(ir, "a").security == op(ir, "b").security == ("header:x-api-key",)


def test_headers_not_on_every_operation_or_with_a_spec_scheme_stay_parameters() -> None:
    paths = {"/a": get("a", [header("x-api-key")]), "/b": get("b")}
    ir, _ = build(paths)
    assert [p.wire_name for p in op(ir, "a").header_params] == ["x-api-key"]
    ir, _ = build({"/a": get("a", [header("Authorization")])},
                  components={"securitySchemes": {"b": SCHEMES["bearerAuth"]}})
    assert [s.id for s in ir.auth_schemes] == ["b"]
    assert [p.wire_name for p in op(ir, "a").header_params] == ["Authorization"]


def test_the_config_overrides_schemes_headers_and_operation_security() -> None:
    diags = Diagnostics()
    config = parse_config({
        "client": {"env_prefix": "ACME"},
        "auth": {
            "schemes": {
                "bearerAuth": {"option": "token", "env": "ACME_TOKEN"},
                "partner": {"kind": "api_key", "in": "header", "name": "X-Partner"},
            },
            "default_headers": {"X-Version": "7"},
        },
        "operations": {"open": {"security": []}, "partnerOnly": {"security": ["partner"]}},
    }, diags)
    assert diags.errors() == []
    paths = {"/a": get("a"), "/open": get("open"), "/p": get("partnerOnly")}
    ir, _ = build(paths, config=config,
                  components={"securitySchemes": {"bearerAuth": SCHEMES["bearerAuth"]}},
                  security=[{"bearerAuth": []}])
    assert [(s.id, s.kind, s.wire_name, s.origin, [(c.name.snake(), c.env_var)
                                                   for c in s.credentials])
            for s in ir.auth_schemes] == [
        ("bearerAuth", "bearer", "Authorization", "spec", [("token", "ACME_TOKEN")]),
        ("partner", "api_key", "X-Partner", "config", [("api_key", "ACME_API_KEY")]),
    ]
    assert op(ir, "a").security == ("bearerAuth", "partner")
    assert op(ir, "open").security == ()
    assert op(ir, "partnerOnly").security == ("partner",)
    assert [(h.wire_name, h.value) for h in ir.default_headers] == [("X-Version", "7")]


def test_bad_auth_config_is_a_diagnostic_with_a_pointer() -> None:
    diags = Diagnostics(source="config")
    parse_config({"auth": {"schemes": {"x": {"kind": "digest", "color": 1}},
                           "default_headers": {"bad header": "v"}},
                  "operations": {"a": {"security": "none"}}}, diags)
    assert sorted(d.format() for d in diags.errors()) == [
        "error: config #/auth/default_headers/bad header: must be a header name",
        "error: config #/auth/schemes/x/color: unknown config key 'color'",
        "error: config #/auth/schemes/x/kind: must be one of bearer, api_key, basic",
        "error: config #/operations/a/security: must be a list of auth scheme keys",
    ]


# ------------------------------------------------------------------------------- pagination

ITEM = {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}}


def envelope(**props: Any) -> dict[str, Any]:
    return {"type": "object", "properties": {
        "data": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}, **props}}


STRING = {"type": "string"}
NULLABLE_STRING = {"type": ["string", "null"]}
BOOL = {"type": "boolean"}
INT = {"type": "integer"}


def paged(params: list[dict[str, Any]], page: dict[str, Any]) -> tuple[IR, Operation]:
    ir, _ = build({"/items": get("listItems", params, ref="Page")},
                  {"Item": ITEM, "Page": page}, config=SdkConfig(pagination=()))
    return ir, op(ir, "listItems")


def scheme_of(ir: IR, operation: Operation) -> PaginationScheme:
    assert operation.pagination is not None
    scheme = ir.pagination_scheme(operation.pagination.scheme)
    assert scheme is not None and scheme.kind == operation.pagination.kind
    assert operation.pagination.item_type == RefType("Item")
    return scheme


@pytest.mark.parametrize(
    ("params", "props", "expected"),
    [
        # Anthropic: after_id/before_id, has_more, first_id/last_id.
        (["after_id", "before_id", "limit"],
         {"has_more": BOOL, "first_id": NULLABLE_STRING, "last_id": NULLABLE_STRING},
         ("cursor_id", "cursor_page", "after_id", "last_id", "has_more", None, None)),
        # Stripe: starting_after/ending_before, the cursor is the last item's id.
        (["starting_after", "ending_before"], {"has_more": BOOL},
         ("cursor_id", "cursor_page", "starting_after", None, "has_more", "id", None)),
        (["cursor"], {"next_cursor": NULLABLE_STRING},
         ("cursor_token", "token_page", "cursor", "next_cursor", None, None, None)),
        (["page_token", "page_size"], {"next_page_token": STRING},
         ("cursor_token", "token_page", "page_token", "next_page_token", None, None, None)),
        (["page"], {"total_pages": INT},
         ("page_number", "number_page", "page", None, None, None, "total_pages")),
        (["offset", "limit"], {"total": INT},
         ("offset", "offset_page", "offset", None, None, None, "total")),
        (["limit"], {"next": NULLABLE_STRING, "count": INT},
         ("next_url", "next_url_page", None, "next", None, None, None)),
    ],
)
def test_each_pagination_kind_is_detected(
    params: list[str], props: dict[str, Any], expected: tuple[object, ...]
) -> None:
    types = {"page": "integer", "offset": "integer"}
    ir, operation = paged([query(p, types.get(p, "string")) for p in params], envelope(**props))
    s = scheme_of(ir, operation)
    assert (s.kind, s.key, s.cursor_param, s.cursor_field, s.has_more_field,
            s.cursor_item_field, s.total_field) == expected
    assert s.items_field == "data" and operation.pagination is not None
    assert operation.pagination.detected


def test_before_first_and_limit_are_recorded_on_the_operation() -> None:
    _ir, operation = paged([query("after_id"), query("before_id"), query("limit", "integer")],
                           envelope(has_more=BOOL, first_id=STRING, last_id=STRING))
    assert operation.pagination is not None
    assert (operation.pagination.before_param, operation.pagination.first_field,
            operation.pagination.limit_param) == ("before_id", "first_id", "limit")


def test_an_items_field_of_another_name_is_found_when_it_is_the_only_array() -> None:
    page = {"type": "object", "properties": {
        "Invoices": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}}}
    ir, operation = paged([query("page", "integer")], page)
    assert scheme_of(ir, operation).items_field == "Invoices"


@pytest.mark.parametrize(
    ("params", "page"),
    [
        ([query("limit")], envelope(has_more=BOOL)),  # no cursor parameter, no next link
        ([query("after")], envelope()),  # a cursor but nothing says where the next one is
        ([query("cursor")], envelope(has_more=BOOL)),  # a token parameter, no token field
        ([query("page")], envelope()),  # `page` as a string is a token, not a number
        ([query("offset", "integer")], {"type": "object", "properties": {"id": STRING}}),
    ],
)
def test_operations_that_do_not_page_are_not_wrapped(
    params: list[dict[str, Any]], page: dict[str, Any]
) -> None:
    _ir, operation = paged(params, page)
    assert operation.pagination is None


def test_one_scheme_per_shape_shared_by_operations() -> None:
    page = envelope(next_cursor=STRING)
    paths = {"/a": get("a", [query("cursor")], ref="Page"),
             "/b": get("b", [query("cursor")], ref="Page"),
             "/c": get("c", [query("page_token")], ref="Page2")}
    ir, _ = build(paths, {"Item": ITEM, "Page": page,
                          "Page2": envelope(next_page_token=STRING)},
                  config=SdkConfig(pagination=()))
    assert [s.key for s in ir.pagination_schemes] == ["token_page", "token_page_2"]
    assert [op(ir, i).pagination.scheme for i in "abc"] == [  # type: ignore[union-attr]
        "token_page", "token_page", "token_page_2"]


def test_the_config_scheme_wins_and_per_operation_overrides_hold() -> None:
    diags = Diagnostics()
    config = parse_config({
        "pagination": {"my_page": {"items": "data", "cursor_param": "after",
                                   "cursor_field": "last_id", "has_more": "has_more"},
                       "links": {"kind": "next_url", "items": "data", "cursor_param": None,
                                 "cursor_field": "next", "has_more": None}},
        "operations": {"off": {"pagination": False}, "forced": {"pagination": "links"}},
    }, diags)
    assert diags.errors() == []
    cursor = envelope(has_more=BOOL, last_id=STRING)
    paths = {"/a": get("a", [query("after")], ref="Page"),
             "/off": get("off", [query("after")], ref="Page"),
             "/forced": {"post": {**get("forced", [query("after")], ref="Links")["get"]}}}
    ir, _ = build(paths, {"Item": ITEM, "Page": cursor, "Links": envelope(next=STRING)},
                  config=config)
    a = op(ir, "a").pagination
    assert a is not None and (a.scheme, a.kind, a.detected) == ("my_page", "cursor_id", False)
    assert op(ir, "off").pagination is None
    forced = op(ir, "forced").pagination
    assert forced is not None and (forced.scheme, forced.kind) == ("links", "next_url")
    links = ir.pagination_scheme("links")
    assert links is not None and (links.cursor_param, links.has_more_field) == (None, None)


def test_bad_pagination_config_is_a_diagnostic() -> None:
    diags = Diagnostics(source="config")
    parse_config({"pagination": {"p": {"kind": "sideways"}}}, diags)
    assert [d.format() for d in diags.errors()] == [
        "error: config #/pagination/p/kind: must be one of cursor_id, cursor_token, page_number, "
        "offset, next_url"
    ]

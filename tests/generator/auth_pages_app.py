"""A small FastAPI server with three auth schemes and five pagination schemes, with its spec.

Each route accepts one scheme and pages its own way; the SDK tests generate Python and
TypeScript SDKs from :data:`SPEC` and walk every route. Every route but ``/health`` answers 401
without its credential and 400 without the ``x-api-version`` header the spec requires on every
operation (which the SDKs send as a client default); ``/health`` (``security: []``) reports
which credentials it was sent, so a test sees that none was.
"""

from __future__ import annotations

import base64
from typing import Any

from fastapi import FastAPI, HTTPException, Request

TOKEN, API_KEY, USER, PASSWORD = "tok-123", "key-456", "ada", "pässword"
VERSION = "2024-01-01"
ITEMS = [{"id": f"item_{n:02d}"} for n in range(10)]
PAGE = 3

_LIST = """
      responses:
        "200":
          description: a page
          content: {application/json: {schema: {$ref: "#/components/schemas/%s"}}}
"""


def _version() -> str:
    return ('{name: x-api-version, in: header, required: true, '
            f'schema: {{type: string, enum: ["{VERSION}"]}}}}')


SPEC = f"""\
openapi: 3.1.0
info: {{title: Multi Auth, version: "1"}}
servers: [{{url: "http://multi.test"}}]
security: [{{bearerAuth: []}}]
paths:
  /models:
    get:
      operationId: listModels
      summary: Bearer; after_id/before_id + has_more + first_id/last_id.
      parameters:
      - {_version()}
      - {{name: after_id, in: query, schema: {{type: string}}}}
      - {{name: before_id, in: query, schema: {{type: string}}}}
      - {{name: limit, in: query, schema: {{type: integer}}}}
{_LIST % "ModelPage"}
  /records:
    get:
      operationId: listRecords
      summary: x-api-key; page_token + next_page_token.
      security: [{{apiKeyAuth: []}}]
      parameters:
      - {_version()}
      - {{name: page_token, in: query, schema: {{type: string}}}}
{_LIST % "RecordPage"}
  /entries:
    get:
      operationId: listEntries
      summary: Basic auth; page numbers + total_pages.
      security: [{{basicAuth: []}}]
      parameters:
      - {_version()}
      - {{name: page, in: query, schema: {{type: integer}}}}
{_LIST % "EntryPage"}
  /things:
    get:
      operationId: listThings
      summary: Bearer; offset + total.
      parameters:
      - {_version()}
      - {{name: offset, in: query, schema: {{type: integer}}}}
      - {{name: limit, in: query, schema: {{type: integer}}}}
{_LIST % "ThingPage"}
  /nodes:
    get:
      operationId: listNodes
      summary: x-api-key; a next URL.
      security: [{{apiKeyAuth: []}}]
      parameters:
      - {_version()}
{_LIST % "NodePage"}
  /health:
    get:
      operationId: health
      security: []
      parameters:
      - {_version()}
      responses:
        "200":
          description: which credentials arrived
          content: {{application/json: {{schema: {{$ref: "#/components/schemas/Health"}}}}}}
components:
  securitySchemes:
    bearerAuth: {{type: http, scheme: bearer}}
    apiKeyAuth: {{type: apiKey, in: header, name: x-api-key}}
    basicAuth: {{type: http, scheme: basic}}
  schemas:
    Item:
      type: object
      required: [id]
      properties: {{id: {{type: string}}}}
    ModelPage:
      type: object
      required: [data, has_more]
      properties:
        data: {{type: array, items: {{$ref: "#/components/schemas/Item"}}}}
        has_more: {{type: boolean}}
        first_id: {{type: [string, "null"]}}
        last_id: {{type: [string, "null"]}}
    RecordPage:
      type: object
      required: [records]
      properties:
        records: {{type: array, items: {{$ref: "#/components/schemas/Item"}}}}
        next_page_token: {{type: [string, "null"]}}
    EntryPage:
      type: object
      required: [entries]
      properties:
        entries: {{type: array, items: {{$ref: "#/components/schemas/Item"}}}}
        total_pages: {{type: integer}}
    ThingPage:
      type: object
      required: [results]
      properties:
        results: {{type: array, items: {{$ref: "#/components/schemas/Item"}}}}
        total: {{type: integer}}
    NodePage:
      type: object
      required: [items]
      properties:
        items: {{type: array, items: {{$ref: "#/components/schemas/Item"}}}}
        next: {{type: [string, "null"]}}
    Health:
      type: object
      required: [authorization, api_key]
      properties:
        authorization: {{type: [string, "null"]}}
        api_key: {{type: [string, "null"]}}
"""


def _require(request: Request, scheme: str) -> None:
    if request.headers.get("x-api-version") != VERSION:
        raise HTTPException(400, "x-api-version missing")
    auth = request.headers.get("authorization")
    if scheme == "bearer":
        ok = auth == f"Bearer {TOKEN}"
    elif scheme == "api_key":
        ok = request.headers.get("x-api-key") == API_KEY and auth is None
    else:
        expected = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        ok = auth == f"Basic {expected}"
    if not ok:
        raise HTTPException(401, f"{scheme} credentials required")


def create_auth_pages_app() -> FastAPI:
    app = FastAPI()

    @app.get("/models")
    def list_models(request: Request, after_id: str | None = None,
                    limit: int = PAGE) -> dict[str, Any]:
        _require(request, "bearer")
        start = next(i + 1 for i, item in enumerate(ITEMS) if item["id"] == after_id) \
            if after_id else 0
        data = ITEMS[start:start + limit]
        return {"data": data, "has_more": start + limit < len(ITEMS),
                "first_id": data[0]["id"] if data else None,
                "last_id": data[-1]["id"] if data else None}

    @app.get("/records")
    def list_records(request: Request, page_token: str | None = None) -> dict[str, Any]:
        _require(request, "api_key")
        start = int(page_token.removeprefix("t")) if page_token else 0
        following = start + PAGE
        return {"records": ITEMS[start:following],
                "next_page_token": f"t{following}" if following < len(ITEMS) else None}

    @app.get("/entries")
    def list_entries(request: Request, page: int = 1) -> dict[str, Any]:
        _require(request, "basic")
        return {"entries": ITEMS[(page - 1) * PAGE:page * PAGE],
                "total_pages": -(-len(ITEMS) // PAGE)}

    @app.get("/things")
    def list_things(request: Request, offset: int = 0, limit: int = PAGE) -> dict[str, Any]:
        _require(request, "bearer")
        return {"results": ITEMS[offset:offset + limit], "total": len(ITEMS)}

    @app.get("/nodes")
    def list_nodes(request: Request, cursor: int = 0) -> dict[str, Any]:
        # `cursor` is not in the spec: only the next URL carries it.
        _require(request, "api_key")
        following = cursor + PAGE
        return {"items": ITEMS[cursor:following],
                "next": f"/nodes?cursor={following}" if following < len(ITEMS) else None}

    @app.get("/health")
    def health(request: Request) -> dict[str, Any]:
        if request.headers.get("x-api-version") != VERSION:
            raise HTTPException(400, "x-api-version missing")
        return {"authorization": request.headers.get("authorization"),
                "api_key": request.headers.get("x-api-key")}

    return app

"""A FastAPI server whose 2xx JSON bodies break its own spec, for every SDK's loose-mode tests.

Official SDKs hand back what the server sent and validate only when asked (issue 12's tolerant
loose mode). Each SDK's test generates an SDK from :data:`SPEC` and calls these routes, in-process
(``httpx.ASGITransport``) or on loopback (``tests.app.live_server.serve_on_loopback``). The server
returns the bodies of :data:`RECORDS`, :data:`SHAPES` and :data:`BODIES` verbatim, so a test
compares what its SDK hands back with exactly what was sent.

- ``GET /v1/records/{case}``: one ``Record`` (required ``id``, ``count``, ``created_at``
  (``date-time``), ``kind`` (enum), ``tags``, ``owner`` (a nested object)) per case of
  :data:`RECORDS`: valid, fields missing, fields mistyped, unknown fields, an unparseable
  date-time, a ``null`` where the spec says non-nullable, an enum value the spec lacks.
- ``GET /v1/records``: a page (``data``, ``has_more``, ``last_id``, cursor ``after``) of every
  record above, in :data:`RECORD_ORDER`, ``limit`` at a time: loose items inside a page.
- ``GET /v1/shapes/{case}``: one member of the ``Shape`` union (discriminated by ``type``) per
  case of :data:`SHAPES`: known members, a member the spec lacks, a member without ``type``, a
  known member with a mistyped field.
- ``GET /v1/widgets/{case}``: one ``Widget`` (with a ``Shape``) per case of :data:`BODIES`: one
  that conforms, and others missing required fields, with mistyped fields, an unparseable
  ``date-time``, unknown fields, an unknown enum value, and shapes the spec does not know or that
  do not fit the member their ``type`` names.
- ``GET /v1/widgets``: a page (``object``, ``data``, ``first_id``, ``last_id``, ``has_more``,
  cursor ``after``) of every widget above, so one page mixes every case.
"""

from __future__ import annotations

import copy
from typing import Any

from fastapi import FastAPI, HTTPException
from fastapi.responses import JSONResponse

SPEC = """\
openapi: 3.1.0
info: {title: Loose Test, version: "1"}
servers: [{url: "http://loose.test"}]
paths:
  /v1/records:
    get:
      operationId: listRecords
      parameters:
        - {name: after, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer, minimum: 1}}
      responses:
        "200":
          description: a page of records
          content: {application/json: {schema: {$ref: "#/components/schemas/RecordList"}}}
  /v1/records/{case}:
    get:
      operationId: retrieveRecord
      parameters:
        - {name: case, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: the record of this case, as the server sends it
          content: {application/json: {schema: {$ref: "#/components/schemas/Record"}}}
        "404":
          description: no such case
          content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
  /v1/shapes/{case}:
    get:
      operationId: retrieveShape
      parameters:
        - {name: case, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: the shape of this case, as the server sends it
          content: {application/json: {schema: {$ref: "#/components/schemas/Shape"}}}
        "404":
          description: no such case
          content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}
  /v1/widgets:
    get:
      operationId: listWidgets
      parameters:
        - {name: after, in: query, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        "200":
          description: a page of widgets
          content:
            application/json: {schema: {$ref: "#/components/schemas/WidgetList"}}
  /v1/widgets/{widget_id}:
    get:
      operationId: getWidget
      parameters:
        - {name: widget_id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: a widget
          content:
            application/json: {schema: {$ref: "#/components/schemas/Widget"}}
components:
  schemas:
    Record:
      type: object
      required: [id, count, created_at, kind, tags, owner]
      properties:
        id: {type: string}
        count: {type: integer}
        created_at: {type: string, format: date-time}
        kind: {type: string, enum: [alpha, beta]}
        tags: {type: array, items: {type: string}}
        owner: {$ref: "#/components/schemas/Owner"}
        note: {type: string}
    Owner:
      type: object
      required: [name]
      properties:
        name: {type: string}
    RecordList:
      type: object
      required: [data, has_more]
      properties:
        data: {type: array, items: {$ref: "#/components/schemas/Record"}}
        has_more: {type: boolean}
        last_id: {type: [string, "null"]}
    Widget:
      type: object
      required: [id, name, count, created_at, shape]
      properties:
        id: {type: string}
        name: {type: string}
        count: {type: integer}
        created_at: {type: string, format: date-time}
        updated_at: {type: string, format: date-time}
        tags: {type: array, items: {type: string}}
        status: {type: string, enum: [active, retired]}
        shape: {$ref: "#/components/schemas/Shape"}
    WidgetList:
      type: object
      required: [object, data, has_more]
      properties:
        object: {type: string, const: list}
        data: {type: array, items: {$ref: "#/components/schemas/Widget"}}
        first_id: {type: [string, "null"]}
        last_id: {type: [string, "null"]}
        has_more: {type: boolean}
    Shape:
      oneOf:
        - {$ref: "#/components/schemas/Circle"}
        - {$ref: "#/components/schemas/Square"}
      discriminator:
        propertyName: type
        mapping:
          circle: "#/components/schemas/Circle"
          square: "#/components/schemas/Square"
    Circle:
      type: object
      required: [type, radius]
      properties:
        type: {type: string, const: circle}
        radius: {type: number}
    Square:
      type: object
      required: [type, side]
      properties:
        type: {type: string, const: square}
        side: {type: number}
    Error:
      type: object
      required: [error]
      properties:
        error:
          type: object
          required: [type, message]
          properties:
            type: {type: string}
            message: {type: string}
"""

VALID_RECORD: dict[str, Any] = {
    "id": "rec_valid",
    "count": 3,
    "created_at": "2026-12-01T12:00:00Z",
    "kind": "alpha",
    "tags": ["a", "b"],
    "owner": {"name": "ada"},
}

# case → the exact body `GET /v1/records/{case}` returns; each breaks the spec one way.
RECORDS: dict[str, dict[str, Any]] = {
    "valid": VALID_RECORD,
    # Required `count`, `created_at`, `kind`, `tags` and `owner` absent.
    "missing": {"id": "rec_missing"},
    # Every field the wrong JSON type.
    "mistyped": {
        "id": 17,
        "count": "three",
        "created_at": 1764590400,
        "kind": ["alpha"],
        "tags": "a,b",
        "owner": "ada",
    },
    # Fields the spec does not know, at the top and nested.
    "extra": {
        **VALID_RECORD,
        "id": "rec_extra",
        "added_later": {"deep": [1, 2]},
        "owner": {"name": "ada", "email": "ada@example.com"},
    },
    # A string that is no RFC 3339 date-time.
    "bad_date": {**VALID_RECORD, "id": "rec_bad_date", "created_at": "yesterday at noon"},
    # `null` where the spec allows none.
    "null_required": {**VALID_RECORD, "id": "rec_null", "count": None, "owner": None},
    # An enum value the spec does not list (a newer server).
    "new_enum": {**VALID_RECORD, "id": "rec_new_enum", "kind": "gamma"},
}
RECORD_ORDER: tuple[str, ...] = tuple(RECORDS)

# case → the exact body `GET /v1/shapes/{case}` returns.
SHAPES: dict[str, dict[str, Any]] = {
    "circle": {"type": "circle", "radius": 1.5},
    "square": {"type": "square", "side": 2},
    # A member a newer server sends that the spec lacks: kept as sent, never coerced.
    "unknown": {"type": "hexagon", "sides": 6, "radius": 2},
    # No discriminator at all.
    "untagged": {"radius": 3},
    # A known member with a mistyped field.
    "mistyped": {"type": "circle", "radius": "large"},
}


CREATED = "2024-05-06T07:08:09Z"
_OK: dict[str, Any] = {
    "id": "ok",
    "name": "Sprocket",
    "count": 3,
    "created_at": CREATED,
    "tags": ["a", "b"],
    "status": "active",
    "shape": {"type": "circle", "radius": 1.5},
}


def _widget(widget_id: str, **changes: Any) -> dict[str, Any]:
    body = {**copy.deepcopy(_OK), "id": widget_id, **changes}
    return {key: value for key, value in body.items() if value is not _DROP}


_DROP: Any = object()

BODIES: dict[str, dict[str, Any]] = {
    "ok": _widget("ok"),
    "missing": _widget("missing", name=_DROP, count=_DROP),
    "mistyped": _widget("mistyped", count="many", tags="a,b", status=7),
    "bad_date": _widget("bad_date", created_at="yesterday", updated_at="2024-13-45"),
    "unknown_fields": _widget("unknown_fields", color="teal", specs={"mass": 2}),
    "new_enum": _widget("new_enum", status="prototype"),
    "new_shape": _widget("new_shape", shape={"type": "hexagon", "sides": 6}),
    "broken_shape": _widget("broken_shape", shape={"type": "square", "edge": 2}),
    "nested_missing": _widget("nested_missing", shape={"type": "circle"}),
}
"""Each case's body, exactly as the server sends it."""


def create_loose_app() -> FastAPI:
    app = FastAPI(title="Loose Test")

    def case_of(table: dict[str, dict[str, Any]], case: str) -> dict[str, Any]:
        if case not in table:
            raise HTTPException(404, detail={"type": "not_found", "message": f"no case {case!r}"})
        return table[case]

    @app.exception_handler(HTTPException)
    async def _error(_request: Any, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"error": exc.detail}, status_code=exc.status_code)

    @app.get("/v1/records")
    async def list_records(after: str | None = None, limit: int = 20) -> JSONResponse:
        # Ids as text: the `mistyped` record's id is a number, the cursor a query string.
        ids = [str(RECORDS[case]["id"]) for case in RECORD_ORDER]
        start = ids.index(after) + 1 if after in ids else 0
        cases = RECORD_ORDER[start:start + max(limit, 1)]
        data = [RECORDS[case] for case in cases]
        has_more = start + len(cases) < len(RECORD_ORDER)
        last = ids[start + len(cases) - 1] if data else None
        return JSONResponse({"data": data, "has_more": has_more, "last_id": last})

    @app.get("/v1/records/{case}")
    async def retrieve_record(case: str) -> JSONResponse:
        return JSONResponse(case_of(RECORDS, case))

    @app.get("/v1/shapes/{case}")
    async def retrieve_shape(case: str) -> JSONResponse:
        return JSONResponse(case_of(SHAPES, case))

    @app.get("/v1/widgets")
    async def list_widgets(after: str | None = None, limit: int = 4) -> JSONResponse:
        ids = list(BODIES)
        start = ids.index(after) + 1 if after in BODIES else 0
        chosen = ids[start : start + limit]
        return JSONResponse({
            "object": "list",
            "data": [BODIES[i] for i in chosen],
            "first_id": chosen[0] if chosen else None,
            "last_id": chosen[-1] if chosen else None,
            "has_more": start + limit < len(ids),
        })

    @app.get("/v1/widgets/{widget_id}")
    async def get_widget(widget_id: str) -> JSONResponse:
        return JSONResponse(case_of(BODIES, widget_id))

    return app

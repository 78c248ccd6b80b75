"""A small FastAPI server whose 2xx bodies drift from its own spec, for the SDKs' loose mode.

Every SDK's loose-mode tests generate an SDK from :data:`SPEC` and run it against
:func:`create_loose_app`. ``GET /v1/widgets/{case}`` answers the widget :data:`BODIES` holds
for ``case``: one that conforms, and others missing required fields, with mistyped fields, an
unparseable ``date-time``, unknown fields, and union members the spec does not know or that do
not fit the member their ``type`` names. ``GET /v1/widgets`` pages through all of them (cursor
``after`` / ``has_more`` / ``last_id``), so one page mixes every case.
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
    WidgetList:
      type: object
      required: [object, data, has_more]
      properties:
        object: {type: string, const: list}
        data: {type: array, items: {$ref: "#/components/schemas/Widget"}}
        first_id: {type: [string, "null"]}
        last_id: {type: [string, "null"]}
        has_more: {type: boolean}
"""

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
    app = FastAPI(openapi_url=None)

    @app.get("/v1/widgets")
    async def list_widgets(after: str | None = None, limit: int = 4) -> Any:
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
    async def get_widget(widget_id: str) -> Any:
        if widget_id not in BODIES:
            raise HTTPException(404, "no such widget")
        return JSONResponse(BODIES[widget_id])

    return app

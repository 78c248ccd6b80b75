"""Path matching shared by every router and the middleware that look at paths.

- `route_path(scope)`: the path the app routes on, without the deployment's `root_path`
  (`uvicorn --root-path /api`). Middleware that decides by path must use it, as Starlette's
  router does, or a prefixed deployment would match nothing.
- `ExactPathRoute`: Starlette compiles each route to `^…$`, and Python's `$` also matches before
  a final newline, so `GET /v1/health%0A` would be served as `/v1/health`. A path holding a
  control character names no route; the router then answers its usual 404 envelope.
"""

from __future__ import annotations

import re

from fastapi.routing import APIRoute
from starlette.routing import Match
from starlette.types import Scope

_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")


def route_path(scope: Scope) -> str:
    """`scope["path"]` without the `root_path` prefix it carries (ASGI 3, Starlette ≥ 0.33)."""
    path: str = scope.get("path", "")
    root_path: str = scope.get("root_path", "")
    if root_path and path.startswith(root_path):
        rest = path[len(root_path) :]
        if not rest or rest.startswith("/"):
            return rest
    return path


class ExactPathRoute(APIRoute):
    """An `APIRoute` that never matches a path holding a control character."""

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] == "http" and _CONTROL_CHARACTER.search(route_path(scope)):
            return Match.NONE, {}
        return super().matches(scope)

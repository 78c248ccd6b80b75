"""Exception handlers that turn every handled error into the one error envelope.

Validation failures become 400s (never FastAPI's 422) whose `param` is the dotted path of the
offending field in the request as sent, such as `items.3.role`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from app.errors import INVALID_REQUEST, ApiError, error_body
from app.middleware import HEAD_SCOPE_KEY

_HTTP_ERROR_CODES = {
    400: "invalid_value",
    404: "not_found",
    405: "method_not_allowed",
    413: "request_too_large",
    415: "unsupported_media_type",
}


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers; Starlette's `HTTPException` covers the router's 404 and 405."""
    app.add_exception_handler(ApiError, _handle_api_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _handle_validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _handle_http_exception)  # type: ignore[arg-type]


async def _handle_api_error(_request: Request, exc: ApiError) -> JSONResponse:
    return JSONResponse(exc.envelope(), status_code=exc.status_code, headers=exc.headers)


async def _handle_http_exception(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    status = exc.status_code
    code = _HTTP_ERROR_CODES.get(status)
    headers = dict(exc.headers or {})
    if status == 404:
        message = f"Unknown route: {request.method} {request.url.path}"
    elif status == 405:
        allowed = _allowed_methods(request) or (exc.headers or {}).get("Allow", "")
        headers["Allow"] = allowed
        method = "HEAD" if request.scope.get(HEAD_SCOPE_KEY) else request.method
        message = f"Method {method} not allowed on {request.url.path}; allowed: {allowed}."
    elif status == 400:
        message = f"The request body could not be parsed: {exc.detail}."
        code = "invalid_json"
    else:
        message = str(exc.detail)
    return JSONResponse(
        error_body(message, INVALID_REQUEST, None, code),
        status_code=status,
        headers=headers,
    )


def _allowed_methods(request: Request) -> str:
    """Every method any route serves on this path.

    Starlette's own `Allow` header lists only the first route whose path matches, but one
    path (`/v1/conversations/{id}`) is served by several routes, one per method.
    `app.state.api_routes` holds every route of the registry (set by `create_app`).
    """
    methods: list[str] = []
    for route in getattr(request.app.state, "api_routes", ()):
        match, _ = route.matches(request.scope)
        if match != Match.NONE:
            methods.extend(
                m for m in sorted(getattr(route, "methods", None) or ()) if m not in methods
            )
    if "GET" in methods and "HEAD" not in methods:
        methods.append("HEAD")  # served by app.middleware.HeadMiddleware
    return ", ".join(methods)


async def _handle_validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = list(exc.errors())
    # Prefer the most specific error: for `str | list[part]` unions pydantic reports every
    # branch, and the deepest location is the one that says what is actually wrong.
    primary = max(errors, key=lambda error: len(error.get("loc", ())), default=None)
    if primary is None:
        return JSONResponse(
            error_body("Invalid request.", INVALID_REQUEST, None, "invalid_value"), status_code=400
        )
    param = error_param(primary.get("loc", ()), exc.body, primary.get("type", ""))
    message = _error_message(primary, param)
    if len(errors) > 1:
        message += f" ({len(errors) - 1} more error(s) in this request.)"
    code = _validation_code(primary, param)
    return JSONResponse(error_body(message, INVALID_REQUEST, param, code), status_code=400)


def error_param(loc: Sequence[Any], body: Any, error_type: str) -> str | None:
    """The dotted path of the offending parameter, following the request as sent.

    Pydantic locations also contain union branch names (`message`, `str`, `[key]`); those are
    dropped by walking the actual body and keeping only steps that exist in it.
    """
    if not loc:
        return None
    source, *rest = loc
    if source != "body":
        return str(rest[0]) if rest else str(source)
    parts: list[str] = []
    current = body
    for position, step in enumerate(rest):
        is_last = position == len(rest) - 1
        if isinstance(current, dict) and isinstance(step, str) and step in current:
            parts.append(step)
            current = current[step]
        elif isinstance(current, list) and isinstance(step, int) and 0 <= step < len(current):
            parts.append(str(step))
            current = current[step]
        elif is_last and error_type == "missing":
            parts.append(str(step))
    if error_type in ("union_tag_invalid", "union_tag_not_found"):
        parts.append("type")
    return ".".join(parts) or None


def _error_message(error: dict[str, Any], param: str | None) -> str:
    error_type = error.get("type", "")
    if error_type == "json_invalid":
        detail = (error.get("ctx") or {}).get("error", "invalid JSON")
        return f"The request body is not valid JSON: {detail}."
    if error_type == "missing" and param is None:
        return "The request body is required."
    text = str(error.get("msg", "Invalid value"))
    return f"Invalid '{param}': {text}." if param else f"Invalid request: {text}."


def _validation_code(error: dict[str, Any], param: str | None) -> str:
    error_type = error.get("type", "")
    if error_type == "json_invalid":
        return "invalid_json"
    if error_type == "missing":
        return "missing_required_parameter"
    if error_type == "extra_forbidden":
        return "unknown_parameter"
    if error_type == "string_too_long":
        return "string_above_max_length"
    if error_type == "too_long":
        if param == "items":
            return "too_many_items"
        return (
            "object_above_max_properties"
            if isinstance(error.get("input"), dict)
            else ("array_above_max_length")
        )
    if error_type == "too_short":
        return "array_below_min_length"
    return "invalid_value"

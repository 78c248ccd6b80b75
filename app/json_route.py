"""`JsonBodyRoute`: checks a request body's media type and encoding before FastAPI parses it.

FastAPI would treat a non-JSON body as raw bytes (reported as a confusing validation error),
may guess UTF-16/32 from the first bytes, and accepts `NaN`. The API takes RFC 8259 JSON in
UTF-8 only: another content type is a 415; a body that is not UTF-8, or not strict JSON, is a
400, each with a clear message.
"""

from __future__ import annotations

import email.message
import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from app.errors import ApiError, InvalidRequestError


def is_json_media_type(content_type: str | None) -> bool:
    """True for `application/json` and `application/*+json`, with any parameters."""
    if not content_type:
        return False
    message = email.message.Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


class JsonBodyRoute(APIRoute):
    """An `APIRoute` whose operations with a request body accept only UTF-8 JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if self.body_field is None:
            return handler

        async def checked_handler(request: Request) -> Response:
            body = await request.body()
            if body:
                _check_body(body, request.headers.get("content-type"))
            return await handler(request)

        return checked_handler


def _check_body(body: bytes, content_type: str | None) -> None:
    if not is_json_media_type(content_type):
        raise ApiError(
            415,
            f"Unsupported content type {content_type or '(none)'!r}: "
            "send the body as 'application/json'.",
            code="unsupported_media_type",
        )
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InvalidRequestError(
            f"The request body is not valid UTF-8 (byte {error.start}).", code="invalid_encoding"
        ) from error
    try:
        # Python's parser also accepts NaN and Infinity, which are not JSON (RFC 8259) and
        # could not be returned as sent.
        json.loads(text, parse_constant=_reject_constant)
    except (json.JSONDecodeError, _NonJsonConstant) as error:
        raise InvalidRequestError(
            f"The request body is not valid JSON: {error}.", code="invalid_json"
        ) from error


class _NonJsonConstant(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _NonJsonConstant(f"{name} is not a JSON value")

"""`JsonBodyRoute`: checks a request body's media type and encoding before FastAPI parses it.

FastAPI would treat a non-JSON body as raw bytes (reported as a confusing validation error),
may guess UTF-16/32 from the first bytes, and accepts `NaN`. The API takes RFC 8259 JSON in
UTF-8 only: another content type is a 415; a body that is not UTF-8, or not strict JSON, is a
400, each with a clear message.

Three inputs that Python's parser accepts but that could not be stored and returned as sent
are 400s too, checked here so that every field of every route is treated alike:
- nesting deeper than `MAX_JSON_DEPTH` (counted on the raw text *before* parsing, because the
  parser and pydantic recurse and would fail with `RecursionError` first);
- a number that overflows to infinity (`1e400`), or an integer too long for Python to parse;
- a lone UTF-16 surrogate escape (`"\\udc00"`), which is not a Unicode scalar value and
  cannot be encoded as UTF-8 on the way out.
"""

from __future__ import annotations

import email.message
import json
import math
import re
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response

from app.errors import ApiError, InvalidRequestError
from app.routing import ExactPathRoute

# Deep enough for any real item (a message with content parts, annotations and logprobs is
# about 8 levels), far below the depth at which the parser or pydantic recurse too far.
MAX_JSON_DEPTH = 64

# A JSON string literal (escapes included), written as an unrolled loop so it runs in linear time.
_STRING_LITERAL = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")


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


class JsonBodyRoute(ExactPathRoute):
    """An `ExactPathRoute` whose operations with a request body accept only UTF-8 JSON."""

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


def _check_body(body: bytes, content_type: str | None) -> Any:
    """The parsed body, or an `ApiError` (415, 400) saying why it is refused."""
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
    depth = json_depth(text)
    if depth > MAX_JSON_DEPTH:
        raise InvalidRequestError(
            f"The request body is nested {depth} levels deep; the maximum is {MAX_JSON_DEPTH}.",
            code="nesting_too_deep",
        )
    try:
        # Python's parser also accepts NaN and Infinity, which are not JSON (RFC 8259) and
        # could not be returned as sent; `1e400` would silently become infinity.
        value = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except (json.JSONDecodeError, _NonJsonValue) as error:
        raise InvalidRequestError(
            f"The request body is not valid JSON: {error}.", code="invalid_json"
        ) from error
    except ValueError as error:  # e.g. an integer past Python's digit limit
        raise InvalidRequestError(
            "The request body has a number that cannot be represented.", code="invalid_number"
        ) from error
    path = _lone_surrogate_path(value)
    if path is not None:
        raise InvalidRequestError(
            "The request body has a lone UTF-16 surrogate escape, which is not a Unicode "
            "character.",
            param=path or None,
            code="invalid_encoding",
        )
    return value


def json_depth(text: str) -> int:
    """How deeply arrays and objects nest in `text`, ignoring brackets inside strings.

    Runs on the raw text, so it is safe on any input; for invalid JSON the answer is only an
    estimate, and the parser rejects that text afterwards anyway.
    """
    brackets = _NOT_A_BRACKET.sub("", _STRING_LITERAL.sub("", text))
    depth = deepest = 0
    for char in brackets:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


class _NonJsonValue(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _NonJsonValue(f"{name} is not a JSON value")


def _finite_float(literal: str) -> float:
    number = float(literal)
    if not math.isfinite(number):
        raise _NonJsonValue(f"the number {literal[:40]} is too large to represent")
    return number


def _lone_surrogate_path(value: Any, path: str = "") -> str | None:
    """The dotted path of the first string (or key) holding a lone surrogate, else None."""
    if isinstance(value, str):
        return path if _has_surrogate(value) else None
    if isinstance(value, list):
        for index, element in enumerate(value):
            found = _lone_surrogate_path(element, f"{path}.{index}" if path else str(index))
            if found is not None:
                return found
    elif isinstance(value, dict):
        for key, element in value.items():
            child = f"{path}.{key}" if path else key
            if _has_surrogate(key):
                return path
            found = _lone_surrogate_path(element, child)
            if found is not None:
                return found
    return None


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False

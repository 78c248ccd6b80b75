# File generated from the OpenAPI spec by the SDK generator (python -m generator). Do not edit.

"""The typed error hierarchy raised by every client method.

``APIError`` carries the same attributes whatever went wrong, so callers can log one shape:
``message, request, body, status, type, param, code, request_id, headers``.
"""

import json
from collections.abc import Mapping
from typing import Any, Optional, cast

import httpx

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APIStreamError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RequestTooLargeError",
    "UnprocessableEntityError",
    "make_status_error",
]

# Long bodies are cut in messages; the full body stays available on ``error.body``.
_EXCERPT_CHARS = 500


def body_excerpt(text: str, limit: int = _EXCERPT_CHARS) -> str:
    """Return ``text`` shortened to ``limit`` characters, marking the cut."""
    if len(text) <= limit:
        return text
    return text[:limit] + f"... [{len(text) - limit} more characters]"


class APIError(Exception):
    """Base class of every error raised by the client."""

    message: str
    request: httpx.Request
    body: object
    """The decoded JSON error body, the raw text when it is not JSON, or ``None``."""
    status: Optional[int]
    type: Optional[str]
    param: Optional[str]
    code: Optional[str]
    request_id: Optional[str]
    headers: httpx.Headers

    def __init__(
        self,
        message: str,
        request: httpx.Request,
        *,
        body: object = None,
        response: Optional[httpx.Response] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.request = request
        self.body = body
        self.status = response.status_code if response is not None else None
        self.headers = response.headers if response is not None else httpx.Headers()
        self.request_id = self.headers.get("x-request-id")
        details = _error_details(body)
        self.type = _optional_str(details.get("type"))
        self.param = _optional_str(details.get("param"))
        self.code = _optional_str(details.get("code"))


class APIStatusError(APIError):
    """The server answered with a non-2xx status."""

    response: httpx.Response
    status_code: int

    def __init__(self, message: str, *, response: httpx.Response, body: object) -> None:
        super().__init__(message, response.request, body=body, response=response)
        self.response = response
        self.status_code = response.status_code


class BadRequestError(APIStatusError):
    """HTTP 400."""


class AuthenticationError(APIStatusError):
    """HTTP 401."""


class PermissionDeniedError(APIStatusError):
    """HTTP 403."""


class NotFoundError(APIStatusError):
    """HTTP 404."""


class ConflictError(APIStatusError):
    """HTTP 409."""


class RequestTooLargeError(APIStatusError):
    """HTTP 413."""


class UnprocessableEntityError(APIStatusError):
    """HTTP 422."""


class RateLimitError(APIStatusError):
    """HTTP 429."""


class InternalServerError(APIStatusError):
    """HTTP 500 and above."""


class APIConnectionError(APIError):
    """The request never produced a response: DNS, refused connection, reset, protocol error."""

    def __init__(self, *, request: httpx.Request, message: str = "Connection error.") -> None:
        super().__init__(message, request)


class APITimeoutError(APIConnectionError):
    """The request timed out (connect, read, write or pool)."""

    def __init__(self, *, request: httpx.Request, message: str = "Request timed out.") -> None:
        super().__init__(request=request, message=message)


class APIResponseValidationError(APIError):
    """A 2xx response whose body is not JSON, is truncated, or does not match the declared type."""

    response: httpx.Response
    status_code: int

    def __init__(self, *, response: httpx.Response, body: object, message: str) -> None:
        super().__init__(message, response.request, body=body, response=response)
        self.response = response
        self.status_code = response.status_code


class APIStreamError(APIError):
    """An ``error`` event, or an ``{"error": {...}}`` object, arrived in a 2xx event stream:
    ``type``/``message``/``code`` come from it, ``event`` is the server-sent event itself."""

    response: httpx.Response
    status_code: int
    event: Any

    def __init__(self, message: str, *, response: httpx.Response, body: object,
                 event: Any) -> None:
        super().__init__(message, response.request, body=body, response=response)
        self.response = response
        self.status_code = response.status_code
        self.event = event


_STATUS_ERRORS: Mapping[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    413: RequestTooLargeError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def make_status_error(response: httpx.Response) -> APIStatusError:
    """Build the error for a non-2xx response, whose body must already be read."""
    body: object
    try:
        body = json.loads(response.content) if response.content else None
    except ValueError:
        body = response.text
    message = _error_message(response, body)
    if response.status_code >= 500:
        error_class: type[APIStatusError] = InternalServerError
    else:
        error_class = _STATUS_ERRORS.get(response.status_code, APIStatusError)
    return error_class(message, response=response, body=body)


def _error_details(body: object) -> dict[str, Any]:
    """Unpack ``{"error": {...}}`` (or a bare ``{...}`` carrying the same keys)."""
    if not isinstance(body, dict):
        return {}
    outer = cast(dict[object, object], body)
    inner = outer.get("error")
    if isinstance(inner, dict):
        return {str(key): value for key, value in cast(dict[object, object], inner).items()}
    return {str(key): value for key, value in outer.items()}


def _error_message(response: httpx.Response, body: object) -> str:
    prefix = f"Error code: {response.status_code}"
    details = _error_details(body)
    message = details.get("message")
    if isinstance(message, str) and message:
        return f"{prefix} - {message}"
    detail = details.get("detail")  # FastAPI's default error shape
    if detail is not None:
        text = detail if isinstance(detail, str) else json.dumps(detail)
        return f"{prefix} - {body_excerpt(text)}"
    if isinstance(body, str) and body:
        return f"{prefix} - {body_excerpt(body)}"
    if body is not None:
        return f"{prefix} - {body_excerpt(json.dumps(body))}"
    return f"{prefix} - {response.reason_phrase or 'no body'}"


def _optional_str(value: object) -> Optional[str]:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)

"""The one error envelope of the API, and the exceptions that produce it.

Every error response, from validation to an unexpected crash, has the body
`{"error": {"message", "type", "param", "code"}}` (see `app.error_handlers`).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ErrorObject(BaseModel):
    """What went wrong."""

    message: str = Field(description="A human-readable explanation.")
    type: str = Field(
        description=(
            "The error class: `invalid_request_error`, `authentication_error`, "
            "`rate_limit_error` or `server_error`."
        )
    )
    param: str | None = Field(
        description="The offending parameter as a dotted path (`items.3.role`), if any."
    )
    code: str | None = Field(description="A machine-readable error code, if any.")


class ErrorResponse(BaseModel):
    """The body of every error response."""

    error: ErrorObject = Field(description="The error.")


INVALID_REQUEST = "invalid_request_error"
SERVER_ERROR = "server_error"


class ApiError(Exception):
    """An error the API reports to the client as the error envelope."""

    def __init__(
        self,
        status_code: int,
        message: str,
        *,
        param: str | None = None,
        code: str | None = None,
        error_type: str = INVALID_REQUEST,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message
        self.param = param
        self.code = code
        self.error_type = error_type
        self.headers = headers or {}

    def envelope(self) -> dict[str, Any]:
        """The JSON body for this error."""
        return error_body(self.message, self.error_type, self.param, self.code)


class NotFoundError(ApiError):
    """A conversation or item that does not exist."""

    def __init__(self, message: str, *, param: str | None = None) -> None:
        super().__init__(404, message, param=param, code="not_found")


class InvalidRequestError(ApiError):
    """A request that is well-formed JSON but not acceptable (400)."""

    def __init__(self, message: str, *, param: str | None = None, code: str = "invalid_value"):
        super().__init__(400, message, param=param, code=code)


def error_body(
    message: str, error_type: str, param: str | None = None, code: str | None = None
) -> dict[str, Any]:
    """Build the envelope as plain JSON (also used by the ASGI middleware)."""
    return ErrorResponse(
        error=ErrorObject(message=message, type=error_type, param=param, code=code)
    ).model_dump()


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` entry documenting each error status a route can return."""
    return {
        status: {"model": ErrorResponse, "description": _DESCRIPTIONS[status]}
        for status in statuses
    }


_DESCRIPTIONS = {
    400: "The request is invalid: a limit, an enum value, malformed JSON or a bad id.",
    404: "The conversation or item does not exist.",
    405: "The method is not allowed on this path.",
    413: "The request body is larger than the configured maximum.",
    415: "The request body is not JSON.",
    401: "No valid credentials: send `Authorization: Bearer <key>`.",
    429: "Too many requests; retry after the `Retry-After` seconds.",
    500: "An unexpected error; the message includes the request id.",
}

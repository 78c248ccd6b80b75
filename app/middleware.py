"""Pure ASGI middleware: request ids, the body size limit and the last-resort 500.

They are pure ASGI (not `BaseHTTPMiddleware`) so they see every response, including the ones
they produce themselves, and so an unexpected exception never reaches Starlette's
`ServerErrorMiddleware` (which would re-raise it into the server or test transport).
"""

from __future__ import annotations

import logging
import secrets

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import INVALID_REQUEST, SERVER_ERROR, error_body

REQUEST_ID_HEADER = "x-request-id"
REQUEST_ID_SCOPE_KEY = "parley.request_id"

logger = logging.getLogger("app.errors")

_METHODS_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})


def request_id_of(scope: Scope) -> str:
    """The id `RequestIdMiddleware` gave this request."""
    return str(scope.get(REQUEST_ID_SCOPE_KEY, "unknown"))


class RequestIdMiddleware:
    """Give every request an id and put it in the `x-request-id` header of every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = "req_" + secrets.token_hex(16)
        scope[REQUEST_ID_SCOPE_KEY] = request_id

        async def send_with_request_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (name, value)
                    for name, value in message.get("headers", [])
                    if name.lower() != REQUEST_ID_HEADER.encode()
                ]
                headers.append((REQUEST_ID_HEADER.encode(), request_id.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_request_id)


class UnexpectedErrorMiddleware:
    """Answer any unhandled exception with a 500 envelope: no stack trace, the request id."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        response_started = False

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            request_id = request_id_of(scope)
            logger.exception("Unhandled error in request %s", request_id)
            if response_started:
                raise  # Too late for an error body; let the server drop the connection.
            body = error_body(
                f"The server had an error while processing your request (request id {request_id}).",
                SERVER_ERROR,
                None,
                "internal_error",
            )
            await JSONResponse(body, status_code=500)(scope, receive, send)


class BodySizeLimitMiddleware:
    """Refuse request bodies over `max_body_bytes` with a 413 before the app reads them.

    The body (at most `max_body_bytes`) is buffered and replayed to the app; an oversized one is
    drained up to a bound first, so a keep-alive connection stays usable afterwards.
    """

    _DRAIN_FACTOR = 16

    def __init__(self, app: ASGIApp, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _METHODS_WITH_BODY:
            # No operation reads a GET/DELETE body, so only body-carrying methods are limited.
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_body_bytes:
            await self._reject(scope, receive, send, drain=True)
            return
        chunks: list[bytes] = []
        size = 0
        more_body = True
        while more_body:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                await self._reject(scope, receive, send, drain=message.get("more_body", False))
                return
            chunks.append(chunk)
            more_body = message.get("more_body", False)
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _reject(self, scope: Scope, receive: Receive, send: Send, *, drain: bool) -> None:
        drained = 0
        while drain and drained < self._DRAIN_FACTOR * self.max_body_bytes:
            message = await receive()
            drained += len(message.get("body", b""))
            drain = message["type"] == "http.request" and message.get("more_body", False)
        body = error_body(
            f"The request body is larger than the maximum of {self.max_body_bytes} bytes.",
            INVALID_REQUEST,
            None,
            "request_too_large",
        )
        await JSONResponse(body, status_code=413)(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
    for name, value in headers:
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None

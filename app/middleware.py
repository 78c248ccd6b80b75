"""Pure ASGI middleware: request ids, response hygiene, HEAD, the body size limit, the 500.

They are pure ASGI (not `BaseHTTPMiddleware`) so they see every response, including the ones
they produce themselves, and so an unexpected exception never reaches Starlette's
`ServerErrorMiddleware` (which would re-raise it into the server or test transport).
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import INVALID_REQUEST, SERVER_ERROR, error_body

REQUEST_ID_HEADER = "x-request-id"
REQUEST_ID_SCOPE_KEY = "parley.request_id"
# A client's own request id is echoed only when it is short and made of characters that are
# safe in a header, a log line and an error message; anything else gets a fresh id instead.
CLIENT_REQUEST_ID = re.compile(r"[A-Za-z0-9._:@+=-]{1,128}")

# On every response: error bodies and conversation data must not be cached by intermediaries,
# and no browser may sniff a JSON body into something executable.
HYGIENE_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"cache-control", b"no-store"),
)

logger = logging.getLogger("app.errors")

_METHODS_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})


def replaying(body: bytes, receive: Receive) -> Receive:
    """A `receive` that hands the app `body` (already read in full) once, then defers to the
    original `receive` (for the disconnect)."""
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


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
        request_id = _client_request_id(scope) or "req_" + secrets.token_hex(16)
        scope[REQUEST_ID_SCOPE_KEY] = request_id
        replaced = {REQUEST_ID_HEADER.encode(), *(name for name, _ in HYGIENE_HEADERS)}

        async def send_with_request_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [
                    (name, value)
                    for name, value in message.get("headers", [])
                    if name.lower() not in replaced
                ]
                headers.append((REQUEST_ID_HEADER.encode(), request_id.encode()))
                headers.extend(HYGIENE_HEADERS)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_request_id)


def _client_request_id(scope: Scope) -> str | None:
    values = [
        value
        for name, value in scope.get("headers", [])
        if name.lower() == REQUEST_ID_HEADER.encode()
    ]
    if len(values) != 1:
        return None
    try:
        text = values[0].decode("ascii")
    except UnicodeDecodeError:
        return None
    return text if CLIENT_REQUEST_ID.fullmatch(text) else None


class HeadMiddleware:
    """Answer `HEAD` wherever `GET` works (RFC 9110): run the GET, send its headers only.

    FastAPI registers a `GET` route for GET alone (a HEAD route would also be a second
    operation in the spec), so HEAD is turned into GET here and the body is dropped; the
    `content-length` of the GET response is kept, as RFC 9110 allows.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET", HEAD_SCOPE_KEY: True}, receive, send_headers_only)


HEAD_SCOPE_KEY = "parley.head"


access_logger = logging.getLogger("app.access")


class AccessLogMiddleware:
    """One log line per request: method, path (never the query string), status, request id.

    It replaces uvicorn's access log, whose request line includes the query string, where a
    misplaced credential would land in the logs.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 0

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            access_logger.info(
                "%s %s %s %s", scope["method"], scope.get("path", ""), status, request_id_of(scope)
            )


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

    def __init__(
        self, app: ASGIApp, max_body_bytes: int, body_timeout_seconds: float | None = None
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.body_timeout_seconds = body_timeout_seconds

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
        loop = asyncio.get_running_loop()
        deadline = (
            None if self.body_timeout_seconds is None else loop.time() + self.body_timeout_seconds
        )
        while more_body:
            try:
                # The whole body within the read timeout: a client trickling a byte at a time
                # must not hold a worker (the header timeout is the server's, see app.serving).
                async with asyncio.timeout_at(deadline):
                    message = await receive()
            except TimeoutError:
                await _send_error(
                    scope,
                    receive,
                    send,
                    408,
                    "The request body was not received in time.",
                    "request_timeout",
                )
                return
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                await self._reject(scope, receive, send, drain=message.get("more_body", False))
                return
            chunks.append(chunk)
            more_body = message.get("more_body", False)
        await self.app(scope, replaying(b"".join(chunks), receive), send)

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


async def _send_error(
    scope: Scope, receive: Receive, send: Send, status: int, message: str, code: str
) -> None:
    """An error envelope that also closes the connection (the request was not read whole)."""
    response = JSONResponse(error_body(message, INVALID_REQUEST, None, code), status_code=status)
    response.headers["connection"] = "close"
    await response(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
    for name, value in headers:
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None

"""`AuthMiddleware` (who is calling, 401) and `RateLimitMiddleware` (how often, 429).

Both are pure ASGI and cover every `/v1` path, including unknown ones, so no route can be
added without them. Everything else (`/openapi.json`, `/docs`) stays open.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.auth.principal import ANONYMOUS, Principal, current_principal
from app.auth.providers import MAX_CREDENTIAL_LENGTH, AuthenticationFailed, Authenticator
from app.auth.ratelimit import RateLimiter
from app.errors import error_body
from app.routing import route_path

logger = logging.getLogger("app.auth")

AUTHENTICATION_ERROR = "authentication_error"
RATE_LIMIT_ERROR = "rate_limit_error"
PRINCIPAL_SCOPE_KEY = "parley.principal"
PROTECTED_PREFIX = "/v1"
# Credentials in a URL end up in logs, browser history and proxies: refused outright.
_QUERY_CREDENTIALS = frozenset({"access_token", "api_key", "apikey", "key", "token"})


def _protected(scope: Scope) -> bool:
    path = route_path(scope)  # a `--root-path` deployment is protected the same way
    return scope["type"] == "http" and (path == PROTECTED_PREFIX or path.startswith("/v1/"))


def _headers(scope: Scope, name: bytes) -> list[bytes]:
    return [value for key, value in scope.get("headers", []) if key.lower() == name]


class AuthMiddleware:
    """Authenticate every `/v1` request and make its principal current, or answer 401."""

    def __init__(self, app: ASGIApp, authenticator: Authenticator) -> None:
        self.app = app
        self.authenticator = authenticator

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _protected(scope):
            await self.app(scope, receive, send)
            return
        if not self.authenticator.enabled:
            principal = ANONYMOUS
        else:
            try:
                principal = await self._authenticate(scope)
            except AuthenticationFailed as failure:
                # The reason is for operators only; the client gets one generic message.
                logger.info("authentication failed (%s)", failure)
                await _unauthorized(scope, receive, send, str(failure.args[0]))
                return
        scope[PRINCIPAL_SCOPE_KEY] = principal
        token = current_principal.set(principal)
        try:
            await self.app(scope, receive, send)
        finally:
            current_principal.reset(token)

    async def _authenticate(self, scope: Scope) -> Principal:
        query = scope.get("query_string", b"").decode("latin-1")
        if any(name.lower() in _QUERY_CREDENTIALS for name, _ in parse_qsl(query)):
            raise AuthenticationFailed("credential in the query string")
        trusted = self.authenticator.trusted_header
        if trusted is not None:
            values = _headers(scope, trusted.header)
            client = scope.get("client")
            if values and trusted.is_trusted_peer(client[0] if client else None):
                if len(values) != 1:
                    raise AuthenticationFailed("repeated principal header")
                return self.authenticator.authenticate_header(values[0].decode("latin-1"))
        authorizations = _headers(scope, b"authorization")
        if not authorizations:
            raise AuthenticationFailed("missing")
        if len(authorizations) != 1 or len(authorizations[0]) > MAX_CREDENTIAL_LENGTH + 16:
            raise AuthenticationFailed("malformed authorization header")
        scheme, _, credential = authorizations[0].decode("latin-1").partition(" ")
        if scheme.lower() != "bearer":
            raise AuthenticationFailed("not a bearer credential")
        return await self.authenticator.authenticate_bearer(credential.strip())


async def _unauthorized(scope: Scope, receive: Receive, send: Send, reason: str) -> None:
    if reason == "missing":
        message = "No credentials: send 'Authorization: Bearer <key>'."
    elif reason == "credential in the query string":
        message = "Credentials are accepted only in the Authorization header, never in the URL."
    else:
        message = "Invalid credentials."
    response = JSONResponse(
        error_body(message, AUTHENTICATION_ERROR, None, "invalid_api_key"),
        status_code=401,
        headers={"www-authenticate": 'Bearer realm="parley"'},
    )
    await response(scope, receive, send)


class RateLimitMiddleware:
    """Spend one token of the principal's read or write bucket; 429 when it is empty."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        principal: Principal | None = scope.get(PRINCIPAL_SCOPE_KEY)
        if not _protected(scope) or principal is None:
            await self.app(scope, receive, send)
            return
        decision = await self.limiter.take(principal.owner, scope["method"])
        if decision is None:
            await self.app(scope, receive, send)
            return
        if not decision.allowed:
            response = JSONResponse(
                error_body(
                    "Rate limit reached for requests; retry after the time in Retry-After.",
                    RATE_LIMIT_ERROR,
                    None,
                    "rate_limit_exceeded",
                ),
                status_code=429,
            )
            response.raw_headers.extend(decision.headers())
            await response(scope, receive, send)
            return
        extra = decision.headers()

        async def send_with_limits(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_limits)

"""The two hot operations, answered without FastAPI's per-request machinery.

Creating items and listing a page are most of the service's traffic. `HotPathMiddleware`
(the innermost middleware, so request ids, auth, rate limits and the body limit still apply)
answers them directly: it checks the path and query itself, validates the body with the same
pydantic model and the same `JsonBodyRoute` checks, calls the same service, and writes the
response bytes FastAPI would (`dump_json` of the response model, the same headers).

It only takes requests it can answer exactly as the FastAPI route would. Anything unusual
(a bad or repeated query parameter, an unknown one, a body that fails a check or validation,
an empty body) goes on to FastAPI unchanged, which produces the documented error; so there is
one implementation of every error. tests/app/test_hot_path.py compares both paths byte for byte.
"""

from __future__ import annotations

import re
from typing import get_args
from urllib.parse import parse_qsl

from pydantic import TypeAdapter, ValidationError
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from app.conversations.models import (
    CONVERSATION_ID_PATTERN,
    MAX_ITEM_ID_LENGTH,
    ConversationItemList,
    CreateConversationItemsRequest,
    IncludeOption,
    ListOrder,
)
from app.conversations.service import ConversationService
from app.errors import ApiError
from app.json_route import _check_body
from app.middleware import replaying

_PREFIX = "/v1/conversations/"
_CONVERSATION_ID = re.compile(CONVERSATION_ID_PATTERN)
_INCLUDE_VALUES = frozenset(get_args(get_args(IncludeOption.__value__)[0]))
_ORDERS = frozenset(get_args(get_args(ListOrder.__value__)[0]))
_LIMIT = re.compile(r"[1-9][0-9]{0,2}")
_CREATE_ITEMS: TypeAdapter[CreateConversationItemsRequest] = TypeAdapter(
    CreateConversationItemsRequest
)
_ITEM_LIST: TypeAdapter[ConversationItemList] = TypeAdapter(ConversationItemList)
_JSON_HEADERS = (b"content-type", b"application/json")


class HotPathMiddleware:
    """Serve `createConversationItems` and `listConversationItems`; pass on the rest."""

    def __init__(self, app: ASGIApp, service: ConversationService) -> None:
        self.app = app
        self.service = service

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path: str = scope.get("path", "")
        if (
            scope["type"] == "http"
            and path.startswith(_PREFIX)
            and path.endswith("/items")
            and not scope.get("root_path")
        ):
            conversation_id = path[len(_PREFIX) : -len("/items")]
            if _CONVERSATION_ID.fullmatch(conversation_id):
                method = scope["method"]
                if method == "GET" and await self._list(scope, receive, send, conversation_id):
                    return
                if method == "POST":
                    replay = await self._create(scope, receive, send, conversation_id)
                    if replay is None:
                        return
                    receive = replay
        await self.app(scope, receive, send)

    async def _list(self, scope: Scope, receive: Receive, send: Send, conversation_id: str) -> bool:
        query = _query(scope)
        if query is None or not query.keys() <= {"limit", "order", "after", "include"}:
            return False
        limit = 20
        order = "desc"
        after = None
        for name, values in query.items():
            if name == "include":
                if not _INCLUDE_VALUES.issuperset(values):
                    return False
                continue
            if len(values) != 1:
                return False
            value = values[0]
            if name == "limit":
                if not _LIMIT.fullmatch(value) or int(value) > 100:
                    return False
                limit = int(value)
            elif name == "order":
                if value not in _ORDERS:
                    return False
                order = value
            else:
                if not 1 <= len(value) <= MAX_ITEM_ID_LENGTH or "\x00" in value:
                    return False
                after = value
        try:
            page = await self.service.list_items_json(
                conversation_id,
                after=after,
                limit=limit,
                order=order,  # type: ignore[arg-type]
            )
        except ApiError as error:
            await _error(scope, receive, send, error)
            return True
        await _respond(send, page)
        return True

    async def _create(
        self, scope: Scope, receive: Receive, send: Send, conversation_id: str
    ) -> Receive | None:
        """Answer the request and return None, or return a `receive` replaying its body."""
        body = await _read_body(receive)
        replay = replaying(body, receive)

        query = _query(scope)
        if not body or query is None or not query.keys() <= {"include"}:
            return replay
        if not _INCLUDE_VALUES.issuperset(query.get("include", ())):
            return replay
        try:
            request = _CREATE_ITEMS.validate_python(_check_body(body, _content_type(scope)))
        except (ApiError, ValidationError):
            return replay
        try:
            page = await self.service.create_items(conversation_id, request.items)
        except ApiError as error:
            await _error(scope, replay, send, error)
            return None
        await _respond(send, _ITEM_LIST.dump_json(page, by_alias=True))
        return None


def _query(scope: Scope) -> dict[str, list[str]] | None:
    """The query parameters (as Starlette parses them), or None if it is not plain UTF-8."""
    try:
        text = scope.get("query_string", b"").decode("latin-1")
        pairs = parse_qsl(text, keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError):
        return None
    query: dict[str, list[str]] = {}
    for name, value in pairs:
        query.setdefault(name, []).append(value)
    return query


def _content_type(scope: Scope) -> str | None:
    values = [value for name, value in scope.get("headers", []) if name == b"content-type"]
    return values[0].decode("latin-1") if len(values) == 1 else None


async def _read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


async def _respond(send: Send, body: bytes, status: int = 200) -> None:
    # The headers of FastAPI's `Response(content, media_type="application/json")`, in order.
    headers = [(b"content-length", str(len(body)).encode("latin-1")), _JSON_HEADERS]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def _error(scope: Scope, receive: Receive, send: Send, error: ApiError) -> None:
    # What `app.error_handlers` answers for an `ApiError`.
    response = JSONResponse(error.envelope(), status_code=error.status_code, headers=error.headers)
    await response(scope, receive, send)

"""Canned payloads shared by the runtime tests."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any

from rt_pkg._models import BaseModel

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

BASE = "http://api.test/v1"


def conversation(conv_id: str = "conv_1", **extra: Any) -> dict[str, Any]:
    return {"id": conv_id, "object": "conversation", "created_at": 1700000000, **extra}


def ids(items: Iterable[BaseModel]) -> list[str]:
    """The wire ``id`` of each item, whatever union member it parsed into."""
    return [str(item.to_dict()["id"]) for item in items]


def message(item_id: str = "msg_1", role: object = "user", **extra: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "id": item_id,
        "role": role,
        "content": [{"type": "input_text", "text": "hello"}],
        **extra,
    }


def function_call(item_id: str = "fc_1", **extra: Any) -> dict[str, Any]:
    return {"type": "function_call", "id": item_id, "name": "lookup", "arguments": "{}", **extra}


def error_body(message: str, type_: str, param: str | None, code: str | None) -> dict[str, Any]:
    return {"error": {"message": message, "type": type_, "param": param, "code": code}}


def page(items: list[dict[str, Any]], *, has_more: bool, last_id: str | None) -> dict[str, Any]:
    return {
        "object": "list",
        "data": items,
        "first_id": items[0]["id"] if items else None,
        "last_id": last_id,
        "has_more": has_more,
    }

"""The app with one deliberate change, for the compatibility fixtures (tests/pipeline).

    python -m tests.pipeline.compat_app <variant>[,<variant>...] --port <port> --db <file>

Each variant wraps the real app (`app.main.create_app`) in an ASGI layer that changes what
clients see, the way a pull request would change the server:
  same             the app as it is
  drop-field       conversations lose `created_at`, which the released model requires
  rename-path      `…/items/{item_id}` is served as `…/entries/{item_id}` (the old path
                   is a 404)
  narrow-enum      `order=desc` is rejected (only `asc` is left)
  additions        every conversation gains an optional `labels` field, and item lists a
                   `compaction` item, a union member the release never heard of
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from app.main import create_app
from app.serving import run
from app.settings import Settings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
VARIANTS = ("same", "drop-field", "rename-path", "narrow-enum", "additions")
ITEM = re.compile(r"^(/v1/conversations/[^/]+)/(items|entries)/([^/]+)$")


def _edit_body(variants: set[str], data: Any) -> Any:
    if not isinstance(data, dict):
        return data
    if data.get("object") == "conversation":
        if "drop-field" in variants:
            data.pop("created_at", None)
        if "additions" in variants:
            data["labels"] = ["new"]
    if "additions" in variants and data.get("object") == "list":
        data["data"] = [*data.get("data", []),
                        {"type": "compaction", "id": "cmp_1", "summary": "earlier turns"}]
    return data


async def _reply(send: Send, status: int, body: dict[str, Any]) -> None:
    raw = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(raw)).encode())]})
    await send({"type": "http.response.body", "body": raw})


def wrap(inner: ASGIApp, variants: set[str]) -> ASGIApp:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or variants <= {"same"}:
            await inner(scope, receive, send)
            return
        match = ITEM.match(scope["path"])
        if "rename-path" in variants and match:
            if match.group(2) == "items":
                await _reply(send, 404, {"error": {"message": "Not Found", "type":
                                                   "invalid_request_error"}})
                return
            scope = {**scope, "path": f"{match.group(1)}/items/{match.group(3)}"}
        if "narrow-enum" in variants and b"order=desc" in scope.get("query_string", b""):
            await _reply(send, 400, {"error": {"message": "order: must be 'asc'",
                                               "type": "invalid_request_error"}})
            return
        start: Message = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(chunks)
            headers = [(k, v) for k, v in start.get("headers", []) if k != b"content-length"]
            if body and (dict(headers).get(b"content-type") or b"").startswith(b"application/json"):
                body = json.dumps(_edit_body(variants, json.loads(body))).encode()
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await inner(scope, receive, capture)

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("variants", help=f"comma list of {', '.join(VARIANTS)}")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--db", required=True)
    args = parser.parse_args()
    variants = set(args.variants.split(","))
    if not variants <= set(VARIANTS):
        parser.error(f"unknown variant(s): {', '.join(sorted(variants - set(VARIANTS)))}")
    settings = Settings(database_url=f"sqlite+aiosqlite:///{args.db}")
    app = create_app(settings)
    run(wrap(app, variants), settings, host="127.0.0.1", port=args.port)  # type: ignore[arg-type]


if __name__ == "__main__":
    main()

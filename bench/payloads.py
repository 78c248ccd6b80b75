"""Deterministic conversation items of every type, as the Conversations API defines them.

Used to seed conversations in the app benchmarks and as the parse-throughput payload. The
mix cycles through all ten item types, with messages carrying nested content-part and
annotation unions, because those nested discriminated unions are what parsing costs.
Items carry no `id` unless the type requires one (web_search_call, …): the server assigns
ids, so the same items can be sent to a conversation any number of times.
"""

from __future__ import annotations

import json
from typing import Any

Item = dict[str, Any]


def _hex(n: int, width: int = 48) -> str:
    return f"{n:0{width}x}"[-width:]


def _message(n: int) -> Item:
    if n % 3 == 0:
        return {"type": "message", "role": "user", "content": f"Question {n}: what changed?"}
    if n % 3 == 1:
        return {
            "type": "message",
            "role": "user",
            "status": "completed",
            "content": [
                {"type": "input_text", "text": f"Look at picture {n}."},
                {
                    "type": "input_image",
                    "detail": "high",
                    "image_url": f"https://example.com/{n}.png",
                },
                {"type": "input_file", "file_id": f"file-{n}", "filename": f"notes-{n}.txt"},
            ],
        }
    return {
        "type": "message",
        "role": "assistant",
        "status": "completed",
        "content": [
            {
                "type": "output_text",
                "text": f"Answer {n}, with sources.",
                "annotations": [
                    {
                        "type": "file_citation",
                        "file_id": f"file-{n}",
                        "filename": "a.pdf",
                        "index": 3,
                    },
                    {
                        "type": "url_citation",
                        "url": f"https://example.com/{n}",
                        "title": "Source",
                        "start_index": 0,
                        "end_index": 6,
                    },
                    {
                        "type": "container_file_citation",
                        "container_id": f"cntr-{n}",
                        "file_id": f"file-{n}",
                        "filename": "b.csv",
                        "start_index": 7,
                        "end_index": 9,
                    },
                    {"type": "file_path", "file_id": f"file-{n}", "index": 1},
                ],
                "logprobs": [
                    {
                        "token": "Answer",
                        "logprob": -0.25,
                        "bytes": [65, 110],
                        "top_logprobs": [{"token": "Reply", "logprob": -1.5}],
                    }
                ],
            },
            {"type": "refusal", "refusal": "I cannot share that part."},
        ],
    }


def _tool_item(kind: str, n: int) -> Item:
    ident = f"item_{_hex(n)}"
    if kind == "web_search_call":
        return {"type": kind, "id": ident, "status": "completed"}
    if kind == "file_search_call":
        return {
            "type": kind,
            "id": ident,
            "status": "completed",
            "queries": [f"query {n}", "more"],
            "results": [
                {
                    "attributes": {"page": n % 7},
                    "file_id": f"file-{n}",
                    "filename": "c.md",
                    "score": 0.5,
                    "text": "matched text",
                }
            ],
        }
    if kind == "function_call":
        return {
            "type": kind,
            "call_id": f"call_{n}",
            "name": "get_weather",
            "arguments": json.dumps({"city": "Paris", "n": n}),
            "status": "completed",
        }
    if kind == "function_call_output":
        if n % 2:
            return {"type": kind, "call_id": f"call_{n}", "output": f'{{"temperature": {n % 40}}}'}
        return {
            "type": kind,
            "call_id": f"call_{n}",
            "output": [{"type": "input_text", "text": "22 degrees"}],
        }
    if kind == "mcp_approval_request":
        return {
            "type": kind,
            "id": ident,
            "name": "delete_file",
            "arguments": "{}",
            "server_label": "files",
        }
    if kind == "mcp_approval_response":
        return {
            "type": kind,
            "approval_request_id": f"item_{_hex(n - 1)}",
            "approve": n % 2 == 0,
            "reason": "looks safe",
        }
    if kind == "mcp_call":
        return {
            "type": kind,
            "id": ident,
            "name": "list_files",
            "arguments": "{}",
            "server_label": "files",
            "output": "a.txt b.txt",
        }
    if kind == "mcp_list_tools":
        return {
            "type": kind,
            "id": ident,
            "server_label": "files",
            "tools": [
                {
                    "name": "list_files",
                    "input_schema": {"type": "object"},
                    "description": "List the files.",
                }
            ],
        }
    if kind == "reasoning":
        return {
            "type": kind,
            "id": ident,
            "status": "completed",
            "summary": [{"type": "summary_text", "text": f"Thought {n}."}],
            "content": [{"type": "reasoning_text", "text": "Step by step."}],
        }
    raise ValueError(f"unknown item type {kind!r}")


ITEM_TYPES = (
    "message",
    "web_search_call",
    "file_search_call",
    "function_call",
    "function_call_output",
    "mcp_approval_request",
    "mcp_approval_response",
    "mcp_call",
    "mcp_list_tools",
    "reasoning",
)


def mixed_item(n: int) -> Item:
    """Item number n: the types cycle, messages (in three shapes) being every other item."""
    if n % 2 == 0:
        return _message(n // 2)
    kind = ITEM_TYPES[1 + (n // 2) % (len(ITEM_TYPES) - 1)]
    return _tool_item(kind, n)


def mixed_items(count: int, start: int = 0) -> list[Item]:
    return [mixed_item(n) for n in range(start, start + count)]


def stored_item(n: int) -> Item:
    """Item n as the server returns it: every item has an id."""
    item = mixed_item(n)
    if "id" not in item:
        prefix = "msg" if item["type"] == "message" else "item"
        item = {"id": f"{prefix}_{_hex(n + 1)}", **item}
    return item


def item_list_payload(count: int) -> bytes:
    """A ConversationItemList response body of `count` mixed, stored items."""
    data = [stored_item(n) for n in range(count)]
    body = {
        "object": "list",
        "data": data,
        "first_id": data[0]["id"] if data else None,
        "last_id": data[-1]["id"] if data else None,
        "has_more": False,
    }
    return json.dumps(body).encode()

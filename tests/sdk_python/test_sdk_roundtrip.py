"""The generated Python SDK against the real app, in-process: every method sync and async,
every item / content-part / annotation type, pagination, errors, raw responses, strict mode."""

from __future__ import annotations

from typing import Any

import pytest

ANNOTATIONS: list[dict[str, Any]] = [
    {"type": "file_citation", "file_id": "file_1", "filename": "a.txt", "index": 3},
    {"type": "url_citation", "url": "https://example.com/?q=1", "title": "Ex", "start_index": 0,
     "end_index": 4},
    {"type": "container_file_citation", "container_id": "cntr_1", "file_id": "file_2",
     "filename": "b.csv", "start_index": 1, "end_index": 2},
    {"type": "file_path", "file_id": "file_3", "index": 7},
]
INPUT_PARTS: list[dict[str, Any]] = [
    {"type": "input_text", "text": "look at this"},
    {"type": "input_image", "detail": "high", "image_url": "https://example.com/cat.png"},
    {"type": "input_file", "file_id": "file_9", "filename": "notes.pdf"},
]
OUTPUT_PARTS: list[dict[str, Any]] = [
    {"type": "output_text", "text": "Here you go", "annotations": ANNOTATIONS,
     "logprobs": [{"token": "Here", "logprob": -0.25, "bytes": [72, 101], "top_logprobs": []}]},
    {"type": "refusal", "refusal": "I cannot help with that."},
]
ITEMS: list[dict[str, Any]] = [
    {"type": "message", "role": "user", "content": "plain text"},
    {"type": "message", "role": "user", "content": INPUT_PARTS},
    {"type": "message", "role": "assistant", "content": OUTPUT_PARTS, "status": "completed"},
    {"type": "web_search_call", "id": "ws_1", "status": "completed"},
    {"type": "file_search_call", "id": "fs_1", "queries": ["q"], "status": "completed",
     "results": [{"attributes": {"k": "v"}, "file_id": "f", "filename": "n", "score": 0.5,
                  "text": "t"}]},
    {"type": "function_call", "call_id": "call_1", "name": "lookup", "arguments": '{"a": 1}'},
    {"type": "function_call_output", "call_id": "call_1", "output": "42"},
    {"type": "function_call_output", "call_id": "call_2", "output": INPUT_PARTS[:1]},
    {"type": "mcp_approval_request", "id": "mcpr_1", "name": "rm", "arguments": "{}",
     "server_label": "srv"},
    {"type": "mcp_approval_response", "approval_request_id": "mcpr_1", "approve": False,
     "reason": "no"},
    {"type": "mcp_call", "id": "mcp_1", "name": "ls", "arguments": "{}", "server_label": "srv",
     "output": "a b"},
    {"type": "mcp_list_tools", "id": "mcpl_1", "server_label": "srv",
     "tools": [{"name": "ls", "input_schema": {"type": "object"}, "description": "list"}]},
    {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "s"}],
     "content": [{"type": "reasoning_text", "text": "r"}], "status": "completed"},
]
ITEM_CLASSES = {
    "message": "MessageItem", "web_search_call": "WebSearchCallItem",
    "file_search_call": "FileSearchCallItem", "function_call": "FunctionCallItem",
    "function_call_output": "FunctionCallOutputItem",
    "mcp_approval_request": "McpApprovalRequestItem",
    "mcp_approval_response": "McpApprovalResponseItem", "mcp_call": "McpCallItem",
    "mcp_list_tools": "McpListToolsItem", "reasoning": "ReasoningItem",
}
PART_CLASSES = {
    "input_text": "InputTextContent", "input_image": "InputImageContent",
    "input_file": "InputFileContent", "output_text": "OutputTextContent",
    "refusal": "RefusalContent",
}
ANNOTATION_CLASSES = {
    "file_citation": "FileCitationAnnotation", "url_citation": "UrlCitationAnnotation",
    "container_file_citation": "ContainerFileCitationAnnotation",
    "file_path": "FilePathAnnotation",
}


def _contains(received: Any, sent: Any) -> bool:
    """Everything sent came back unchanged (the server may add ids and defaults)."""
    if isinstance(sent, dict):
        return isinstance(received, dict) and all(
            key in received and _contains(received[key], value) for key, value in sent.items()
        )
    if isinstance(sent, list):
        return isinstance(received, list) and len(received) == len(sent) and all(
            _contains(r, s) for r, s in zip(received, sent, strict=True)
        )
    return bool(received == sent)


def _check_classes(items: list[Any]) -> None:
    from parley_client import types

    for item in items:
        assert type(item) is getattr(types, ITEM_CLASSES[item.type]), item
        content = getattr(item, "content", None)
        if item.type == "message" and isinstance(content, list):
            for part in content:
                assert type(part) is getattr(types, PART_CLASSES[part.type])
                for annotation in getattr(part, "annotations", None) or []:
                    assert type(annotation) is getattr(types, ANNOTATION_CLASSES[annotation.type])


def test_every_item_type_round_trips_sync(sync_client: Any) -> None:
    from parley_client.types import Conversation, ConversationItemList

    conv = sync_client.conversations.create(items=ITEMS[:5], metadata={"topic": "all types"})
    assert isinstance(conv, Conversation) and conv.metadata == {"topic": "all types"}
    created = sync_client.conversations.items.create(conv.id, items=ITEMS[5:])
    assert isinstance(created, ConversationItemList)
    listed = list(sync_client.conversations.items.list(conv.id, order="asc", limit=100))
    assert [i.type for i in listed] == [i["type"] for i in ITEMS]
    _check_classes(listed)
    for item, sent in zip(listed, ITEMS, strict=True):
        assert _contains(item.to_dict(), sent), (item.to_dict(), sent)
        again = sync_client.conversations.items.retrieve(item.id, conversation_id=conv.id)
        assert again.to_dict() == item.to_dict() and type(again) is type(item)

    assert sync_client.conversations.retrieve(conv.id).id == conv.id
    updated = sync_client.conversations.update(conv.id, metadata={"k": "v"})
    assert updated.metadata == {"k": "v"}
    deleted_item = sync_client.conversations.items.delete(listed[0].id, conversation_id=conv.id)
    assert deleted_item.deleted is True and deleted_item.id == listed[0].id
    assert sync_client.conversations.delete(conv.id).deleted is True
    assert sync_client.health.check().status == "OK"
    assert sync_client.version.retrieve().version
    routes = sync_client.inspect.routes.list()
    assert {"/v1/conversations", "/v1/health"} <= {r.route for r in routes.data}


async def test_every_item_type_round_trips_async(async_client: Any) -> None:
    conv = await async_client.conversations.create(items=ITEMS[:5])
    created = await async_client.conversations.items.create(conv.id, items=ITEMS[5:])
    assert len(created.data) == len(ITEMS) - 5
    page = await async_client.conversations.items.list(conv.id, order="asc", limit=100)
    listed = page.data
    _check_classes(listed)
    for item, sent in zip(listed, ITEMS, strict=True):
        assert _contains(item.to_dict(), sent)
        again = await async_client.conversations.items.retrieve(item.id, conversation_id=conv.id)
        assert again.to_dict() == item.to_dict()
    assert (await async_client.conversations.retrieve(conv.id)).id == conv.id
    assert (await async_client.conversations.update(conv.id, metadata={})).metadata == {}
    assert (await async_client.conversations.items.delete(
        listed[0].id, conversation_id=conv.id)).deleted is True
    assert (await async_client.conversations.delete(conv.id)).deleted is True
    assert (await async_client.health.check()).status == "OK"
    assert (await async_client.version.retrieve()).version
    assert (await async_client.inspect.routes.list(api_filter="v1")).data


def test_pagination_walks_250_items_sync(sync_client: Any) -> None:
    conv = sync_client.conversations.create()
    for start in range(0, 250, 20):
        sync_client.conversations.items.create(conv.id, items=[
            {"type": "message", "role": "user", "content": f"m{n}"}
            for n in range(start, min(start + 20, 250))
        ])
    page = sync_client.conversations.items.list(conv.id, limit=40, order="asc")
    assert len(page.data) == 40 and page.has_next_page()
    assert [item.content for item in page] == [f"m{n}" for n in range(250)]
    assert sum(1 for _ in page.iter_pages()) == 7
    newest = sync_client.conversations.items.list(conv.id, limit=1)
    assert newest.data[0].content == "m249"


async def test_pagination_walks_250_items_async(async_client: Any) -> None:
    conv = await async_client.conversations.create()
    for start in range(0, 250, 20):
        await async_client.conversations.items.create(conv.id, items=[
            {"type": "message", "role": "user", "content": f"m{n}"}
            for n in range(start, min(start + 20, 250))
        ])
    seen = [item.content async for item in async_client.conversations.items.list(
        conv.id, limit=30, order="asc")]
    assert seen == [f"m{n}" for n in range(250)]


def test_app_errors_arrive_as_typed_exceptions(sync_client: Any) -> None:
    import parley_client

    with pytest.raises(parley_client.NotFoundError) as not_found:
        sync_client.conversations.retrieve("conv_" + "0" * 48)
    assert not_found.value.status_code == 404 and not_found.value.code == "not_found"
    assert not_found.value.request_id
    with pytest.raises(parley_client.BadRequestError) as bad_id:
        sync_client.conversations.retrieve("not-a-conversation-id")
    assert bad_id.value.param == "conversation_id"
    conv = sync_client.conversations.create()
    with pytest.raises(parley_client.BadRequestError) as bad_role:
        sync_client.conversations.items.create(
            conv.id, items=[{"type": "message", "role": "robot", "content": "x"}])
    assert bad_role.value.param == "items.0.role" and bad_role.value.type == "invalid_request_error"
    with pytest.raises(parley_client.BadRequestError) as bad_after:
        sync_client.conversations.items.list(conv.id, after="msg_missing")
    assert bad_after.value.param == "after"
    with pytest.raises(ValueError, match="conversation_id"):
        sync_client.conversations.retrieve("..")


async def test_app_errors_arrive_as_typed_exceptions_async(async_client: Any) -> None:
    import parley_client

    with pytest.raises(parley_client.NotFoundError) as not_found:
        await async_client.conversations.delete("conv_" + "1" * 48)
    assert not_found.value.request_id and not_found.value.code == "not_found"


def test_raw_response_and_options(sync_client: Any) -> None:
    raw = sync_client.conversations.with_raw_response.create(metadata={"a": "b"})
    assert raw.status_code == 200 and raw.headers.get("x-request-id")
    conv = raw.parse()
    assert conv.metadata == {"a": "b"}
    raw_page = sync_client.conversations.items.with_raw_response.list(conv.id)
    assert raw_page.status_code == 200 and raw_page.parse().data == []
    derived = sync_client.with_options(max_retries=0, timeout=5.0)
    assert derived.conversations.retrieve(conv.id).id == conv.id
    assert sync_client.with_raw_response.conversations.retrieve(conv.id).parse().id == conv.id


async def test_raw_response_async(async_client: Any) -> None:
    raw = await async_client.conversations.with_raw_response.create()
    assert raw.status_code == 200
    conv = await raw.parse()
    raw_page = await async_client.conversations.items.with_raw_response.list(conv.id)
    assert (await raw_page.parse()).data == []


def test_strict_mode_accepts_the_real_app(sync_client: Any) -> None:
    strict = sync_client.with_options(strict_response_validation=True)
    conv = strict.conversations.create(items=ITEMS)
    assert len(list(strict.conversations.items.list(conv.id, limit=100))) == len(ITEMS)


def test_model_instances_are_accepted_as_inputs(sync_client: Any) -> None:
    conv = sync_client.conversations.create(items=ITEMS[:1])
    item = next(iter(sync_client.conversations.items.list(conv.id)))
    other = sync_client.conversations.create(items=[item])
    copied = next(iter(sync_client.conversations.items.list(other.id)))
    assert copied.to_dict() == item.to_dict()

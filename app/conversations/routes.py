"""HTTP routes of the Conversations API; the behaviour lives in the injected service."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query
from pydantic.json_schema import SkipJsonSchema

from app.conversations.models import (
    CONVERSATION_ID_PATTERN,
    ITEM_ID_PATTERN,
    MAX_ITEM_ID_LENGTH,
    Conversation,
    ConversationDeleted,
    ConversationItem,
    ConversationItemDeleted,
    ConversationItemList,
    CreateConversationItemsRequest,
    CreateConversationRequest,
    IncludeOption,
    ListOrder,
    UpdateConversationRequest,
)
from app.conversations.service import ConversationService
from app.errors import error_responses
from app.json_route import JsonBodyRoute

ConversationIdParam = Annotated[
    str,
    Path(
        pattern=CONVERSATION_ID_PATTERN,
        description="The conversation id: `conv_` and 48 lowercase hex digits.",
    ),
]
# Item ids are client-chosen and may contain `/` (sent percent-encoded as %2F, which the
# server decodes before routing), hence the `:path` convertor on the item routes.
ItemIdParam = Annotated[
    str,
    Path(
        min_length=1,
        max_length=MAX_ITEM_ID_LENGTH,
        pattern=ITEM_ID_PATTERN,
        description="The item id.",
    ),
]
# `SkipJsonSchema[None]`: an omitted query parameter is not a null one, so the spec says
# `string`/`array`, not `anyOf: [..., null]`.
IncludeParam = Annotated[
    list[IncludeOption] | SkipJsonSchema[None],
    Query(
        description=(
            "Extra output data to include. Accepted for compatibility; items are always "
            "returned whole."
        ),
    ),
]

# Error statuses per kind of operation, documented exactly as the app can return them.
_READ_ERRORS = error_responses(400, 404, 500)
_BODY_ERRORS_NEW = error_responses(400, 413, 415, 500)
_BODY_ERRORS_EXISTING = error_responses(400, 404, 413, 415, 500)

# OpenAPI links: how one operation's response feeds the next. They document the workflow
# and let stateful fuzzing chain create → add items → list/retrieve → delete.
_CONVERSATION_ID_FROM_BODY = {"conversation_id": "$response.body#/id"}
_CONVERSATION_LINKS = {
    "RetrieveConversation": {
        "operationId": "retrieveConversation",
        "parameters": _CONVERSATION_ID_FROM_BODY,
    },
    "UpdateConversation": {
        "operationId": "updateConversation",
        "parameters": _CONVERSATION_ID_FROM_BODY,
    },
    "DeleteConversation": {
        "operationId": "deleteConversation",
        "parameters": _CONVERSATION_ID_FROM_BODY,
    },
    "CreateConversationItems": {
        "operationId": "createConversationItems",
        "parameters": _CONVERSATION_ID_FROM_BODY,
    },
    "ListConversationItems": {
        "operationId": "listConversationItems",
        "parameters": _CONVERSATION_ID_FROM_BODY,
    },
}
_ITEM_FROM_PAGE = {
    "conversation_id": "$request.path.conversation_id",
    "item_id": "$response.body#/first_id",
}
_ITEM_LINKS = {
    "RetrieveConversationItem": {
        "operationId": "retrieveConversationItem",
        "parameters": _ITEM_FROM_PAGE,
    },
    "DeleteConversationItem": {
        "operationId": "deleteConversationItem",
        "parameters": _ITEM_FROM_PAGE,
    },
    "ListConversationItems": {
        "operationId": "listConversationItems",
        "parameters": {"conversation_id": "$request.path.conversation_id"},
    },
}


def _with_links(
    responses: dict[int | str, dict[str, Any]], links: dict[str, Any]
) -> dict[int | str, dict[str, Any]]:
    return {**responses, 200: {"description": "Successful Response", "links": links}}


def create_router(service: ConversationService) -> APIRouter:
    """The Conversations routes, bound to `service`."""
    # JsonBodyRoute: bodies must be UTF-8 JSON (415 / 400 before validation).
    router = APIRouter(
        prefix="/v1/conversations", tags=["conversations"], route_class=JsonBodyRoute
    )

    @router.post(
        "",
        operation_id="createConversation",
        response_model=Conversation,
        summary="Create a conversation",
        description="Create a conversation, optionally with up to 20 initial items and metadata.",
        responses=_with_links(_BODY_ERRORS_NEW, _CONVERSATION_LINKS),
    )
    async def create_conversation(
        # Optional body: `POST /v1/conversations` with no body creates an empty conversation.
        body: Annotated[CreateConversationRequest, Body(default_factory=CreateConversationRequest)],
    ) -> Conversation:
        return await service.create_conversation(body)

    @router.get(
        "/{conversation_id}",
        operation_id="retrieveConversation",
        response_model=Conversation,
        summary="Retrieve a conversation",
        description="Return the conversation with the given id.",
        responses=_READ_ERRORS,
    )
    async def retrieve_conversation(conversation_id: ConversationIdParam) -> Conversation:
        return await service.retrieve_conversation(conversation_id)

    @router.post(
        "/{conversation_id}",
        operation_id="updateConversation",
        response_model=Conversation,
        summary="Update a conversation",
        description="Replace the conversation's metadata with the given map.",
        responses=_BODY_ERRORS_EXISTING,
    )
    async def update_conversation(
        conversation_id: ConversationIdParam, body: UpdateConversationRequest
    ) -> Conversation:
        return await service.update_conversation(conversation_id, body)

    @router.delete(
        "/{conversation_id}",
        operation_id="deleteConversation",
        response_model=ConversationDeleted,
        summary="Delete a conversation",
        description="Delete the conversation and all of its items.",
        responses=_READ_ERRORS,
    )
    async def delete_conversation(conversation_id: ConversationIdParam) -> ConversationDeleted:
        return await service.delete_conversation(conversation_id)

    @router.post(
        "/{conversation_id}/items",
        operation_id="createConversationItems",
        response_model=ConversationItemList,
        summary="Create conversation items",
        description=(
            "Append 1 to 20 items to the conversation in one transaction. An item whose id "
            "already exists in the conversation replaces it in place. Returns the items as "
            "stored, in request order."
        ),
        responses=_with_links(_BODY_ERRORS_EXISTING, _ITEM_LINKS),
    )
    async def create_conversation_items(
        conversation_id: ConversationIdParam,
        body: CreateConversationItemsRequest,
        include: IncludeParam = None,
    ) -> ConversationItemList:
        return await service.create_items(conversation_id, body.items)

    @router.get(
        "/{conversation_id}/items",
        operation_id="listConversationItems",
        response_model=ConversationItemList,
        summary="List conversation items",
        description=(
            "Return one page of the conversation's items, ordered by insertion. Pass the "
            "previous page's `last_id` as `after` to get the next page."
        ),
        responses=_with_links(_READ_ERRORS, _ITEM_LINKS),
    )
    async def list_conversation_items(
        conversation_id: ConversationIdParam,
        after: Annotated[
            str | SkipJsonSchema[None],
            Query(
                min_length=1,
                max_length=MAX_ITEM_ID_LENGTH,
                pattern=ITEM_ID_PATTERN,
                description="An item id: the page starts strictly after this item.",
            ),
        ] = None,
        include: IncludeParam = None,
        limit: Annotated[
            int, Query(ge=1, le=100, description="How many items to return, 1 to 100.")
        ] = 20,
        order: Annotated[
            ListOrder,
            Query(description="`asc` for oldest first, `desc` for newest first."),
        ] = "desc",
    ) -> ConversationItemList:
        return await service.list_items(conversation_id, after=after, limit=limit, order=order)

    @router.get(
        "/{conversation_id}/items/{item_id:path}",
        operation_id="retrieveConversationItem",
        response_model=ConversationItem,
        summary="Retrieve a conversation item",
        description="Return one item of the conversation.",
        responses=_READ_ERRORS,
    )
    async def retrieve_conversation_item(
        conversation_id: ConversationIdParam,
        item_id: ItemIdParam,
        include: IncludeParam = None,
    ) -> ConversationItem:
        return await service.retrieve_item(conversation_id, item_id)

    @router.delete(
        "/{conversation_id}/items/{item_id:path}",
        operation_id="deleteConversationItem",
        response_model=ConversationItemDeleted,
        summary="Delete a conversation item",
        description="Delete one item of the conversation.",
        responses=_READ_ERRORS,
    )
    async def delete_conversation_item(
        conversation_id: ConversationIdParam, item_id: ItemIdParam
    ) -> ConversationItemDeleted:
        return await service.delete_item(conversation_id, item_id)

    return router

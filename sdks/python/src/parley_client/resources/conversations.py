# File generated from the OpenAPI spec by the SDK generator (python -m generator). Do not edit.

from __future__ import annotations

from functools import cached_property
from typing import Any, cast, Mapping, Optional, Sequence, Union
import httpx

from .._base_client import make_request_options
from .._pagination import AsyncPaginator
from .._resource import AsyncAPIResource, SyncAPIResource
from .._response import (
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from .._types import Headers, NOT_GIVEN, NotGiven, Query
from .._utils import path_template, to_jsonable
from ..pagination import AsyncCursorPage, SyncCursorPage
from ..types import (
    Conversation,
    ConversationDeleted,
    ConversationItem,
    ConversationItemDeleted,
    ConversationItemList,
    ConversationItemParam,
    IncludeOption,
    ListOrder,
    MetadataParam,
)

__all__ = [
    "Conversations",
    "AsyncConversations",
    "ConversationsItems",
    "AsyncConversationsItems",
]


class Conversations(SyncAPIResource):
    @cached_property
    def items(self) -> ConversationsItems:
        return ConversationsItems(self._client)

    @cached_property
    def with_raw_response(self) -> ConversationsWithRawResponse:
        """Call ``.with_raw_response.<method>()`` to get the HTTP response (status, headers,
        ``.parse()``) instead of the parsed result."""
        return ConversationsWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> ConversationsWithStreamingResponse:
        """Call ``with .with_streaming_response.<method>() as response:`` to get the HTTP
        response before its body is read (``.iter_bytes()``, ``.iter_lines()``, ``.parse()``)."""
        return ConversationsWithStreamingResponse(self)

    def create(
        self,
        *,
        items: Union[Sequence[ConversationItemParam], NotGiven] = NOT_GIVEN,
        metadata: Union[MetadataParam, NotGiven] = NOT_GIVEN,
        # Use the following arguments to pass what the API does not take as kwargs.
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Mapping[str, object]] = None,
        idempotency_key: Optional[str] = None,
        timeout: Union[float, httpx.Timeout, None, NotGiven] = NOT_GIVEN,
    ) -> Conversation:
        """Create a conversation

        Create a conversation, optionally with up to 20 initial items and metadata.

        Args:
                  items: Up to 20 items to start the conversation with.
                  metadata: Key-value pairs to attach to the conversation.
        """
        return self._post(
            "/v1/conversations",
            cast_to=Conversation,
            body=to_jsonable({"items": items, "metadata": metadata}),
            options=make_request_options(
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                idempotency_key=idempotency_key,
                timeout=timeout,
            ),
        )

    def retrieve(
        self,
        conversation_id: str,
        *,
        # Use the following arguments to pass what the API does not take as kwargs.
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Mapping[str, object]] = None,
        timeout: Union[float, httpx.Timeout, None, NotGiven] = NOT_GIVEN,
    ) -> Conversation:
        """Retrieve a conversation

        Return the conversation with the given id.

        Args:
                  conversation_id: The conversation id: `conv_` and 48 lowercase hex digits.
        """
        return self._get(
            path_template("/v1/conversations/{conversation_id}", {"conversation_id": conversation_id}),
            cast_to=Conversation,
            options=make_request_options(
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
        )

    def update(
        self,
        conversation_id: str,
        *,
        metadata: MetadataParam,
        # Use the following arguments to pass what the API does not take as kwargs.
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Mapping[str, object]] = None,
        idempotency_key: Optional[str] = None,
        timeout: Union[float, httpx.Timeout, None, NotGiven] = NOT_GIVEN,
    ) -> Conversation:
        """Update a conversation

        Replace the conversation's metadata with the given map.

        Args:
                  conversation_id: The conversation id: `conv_` and 48 lowercase hex digits.
                  metadata: The new metadata; replaces the whole map.
        """
        return self._post(
            path_template("/v1/conversations/{conversation_id}", {"conversation_id": conversation_id}),
            cast_to=Conversation,
            body=to_jsonable({"metadata": metadata}),
            options=make_request_options(
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                idempotency_key=idempotency_key,
                timeout=timeout,
            ),
        )

    def delete(
        self,
        conversation_id: str,
        *,
        # Use the following arguments to pass what the API does not take as kwargs.
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Mapping[str, object]] = None,
        idempotency_key: Optional[str] = None,
        timeout: Union[float, httpx.Timeout, None, NotGiven] = NOT_GIVEN,
    ) -> ConversationDeleted:
        """Delete a conversation

        Delete the conversation and all of its items.

        Args:
                  conversation_id: The conversation id: `conv_` and 48 lowercase hex digits.
        """
        return self._delete(
            path_template("/v1/conversations/{conversation_id}", {"conversation_id": conversation_id}),
            cast_to=ConversationDeleted,
            options=make_request_options(
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                idempotency_key=idempotency_key,
                timeout=timeout,
            ),
        )


class AsyncConversations(AsyncAPIResource):
    @cached_property
    def items(self) -> AsyncConversationsItems:
        return AsyncConversationsItems(self._client)

    @cached_property
    def with_raw_response(self) -> AsyncConversationsWithRawResponse:
        """Call ``.with_raw_response.<method>()`` to get the HTTP response (status, headers,
        ``await .parse()``) instead of the parsed result."""
        return AsyncConversationsWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncConversationsWithStreamingResponse:
        """Call ``async with .with_streaming_response.<method>() as response:`` to get the HTTP
        response before its body is read (``.iter_bytes()``, ``.iter_lines()``, ``.parse()``)."""
        return AsyncConversationsWithStreamingResponse(self)

    async def create(
        self,
        *,
        items: Union[Sequence[ConversationItemParam], NotGiven] = NOT_GIVEN,
        metadata: Union[MetadataParam, NotGiven] = NOT_GIVEN,
        # Use the following arguments to pass what the API does not take as kwargs.
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Mapping[str, object]] = None,
        idempotency_key: Optional[str] = None,
        timeout: Union[float, httpx.Timeout, None, NotGiven] = NOT_GIVEN,
    ) -> Conversation:
        """Create a conversation

        Create a conversation, optionally with up to 20 initial items and metadata.

        Args:
                  items: Up to 20 items to start the conversation with.
                  metadata: Key-value pairs to attach to the conversation.
        """
        return await self._post(
            "/v1/conversations",
            cast_to=Conversation,
            body=to_jsonable({"items": items, "metadata": metadata}),
            options=make_request_options(
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                idempotency_key=idempotency_key,
                timeout=timeout,
            ),
        )

    async def retrieve(
        self,
        conversation_id: str,
        *,
        # Use the following arguments to pass what the API does not take as kwargs.
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Mapping[str, object]] = None,
        timeout: Union[float, httpx.Timeout, None, NotGiven] = NOT_GIVEN,
    ) -> Conversation:
        """Retrieve a conversation

        Return the conversation with the given id.

        Args:
                  conversation_id: The conversation id: `conv_` and 48 lowercase hex digits.
        """
        return await self._get(
            path_template("/v1/conversations/{conversation_id}", {"conversation_id": conversation_id}),
            cast_to=Conversation,
            options=make_request_options(
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
        )

    async def update(
        self,
        conversation_id: str,
        *,
        metadata: MetadataParam,
        # Use the following arguments to pass what the API does not take as kwargs.
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Mapping[str, object]] = None,
        idempotency_key: Optional[str] = None,
        timeout: Union[float, httpx.Timeout, None, NotGiven] = NOT_GIVEN,
    ) -> Conversation:
        """Update a conversation

        Replace the conversation's metadata with the given map.

        Args:
                  conversation_id: The conversation id: `conv_` and 48 lowercase hex digits.
                  metadata: The new metadata; replaces the whole map.
        """
        return await self._post(
            path_template("/v1/conversations/{conversation_id}", {"conversation_id": conversation_id}),
            cast_to=Conversation,
            body=to_jsonable({"metadata": metadata}),
            options=make_request_options(
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                idempotency_key=idempotency_key,
                timeout=timeout,
            ),
        )

    async def delete(
        self,
        conversation_id: str,
        *,
        # Use the following arguments to pass what the API does not take as kwargs.
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Mapping[str, object]] = None,
        idempotency_key: Optional[str] = None,
        timeout: Union[float, httpx.Timeout, None, NotGiven] = NOT_GIVEN,
    ) -> ConversationDeleted:
        """Delete a conversation

        Delete the conversation and all of its items.

        Args:
                  conversation_id: The conversation id: `conv_` and 48 lowercase hex digits.
        """
        return await self._delete(
            path_template("/v1/conversations/{conversation_id}", {"conversation_id": conversation_id}),
            cast_to=ConversationDeleted,
            options=make_request_options(
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                idempotency_key=idempotency_key,
                timeout=timeout,
            ),
        )


class ConversationsWithRawResponse:
    def __init__(self, resource: Conversations) -> None:
        self._resource = resource
        self.create = to_raw_response_wrapper(resource.create)
        self.retrieve = to_raw_response_wrapper(resource.retrieve)
        self.update = to_raw_response_wrapper(resource.update)
        self.delete = to_raw_response_wrapper(resource.delete)

    @cached_property
    def items(self) -> ConversationsItemsWithRawResponse:
        return ConversationsItemsWithRawResponse(self._resource.items)


class AsyncConversationsWithRawResponse:
    def __init__(self, resource: AsyncConversations) -> None:
        self._resource = resource
        self.create = async_to_raw_response_wrapper(resource.create)
        self.retrieve = async_to_raw_response_wrapper(resource.retrieve)
        self.update = async_to_raw_response_wrapper(resource.update)
        self.delete = async_to_raw_response_wrapper(resource.delete)

    @cached_property
    def items(self) -> AsyncConversationsItemsWithRawResponse:
        return AsyncConversationsItemsWithRawResponse(self._resource.items)


class ConversationsWithStreamingResponse:
    def __init__(self, resource: Conversations) -> None:
        self._resource = resource
        self.create = to_streamed_response_wrapper(resource.create)
        self.retrieve = to_streamed_response_wrapper(resource.retrieve)
        self.update = to_streamed_response_wrapper(resource.update)
        self.delete = to_streamed_response_wrapper(resource.delete)

    @cached_property
    def items(self) -> ConversationsItemsWithStreamingResponse:
        return ConversationsItemsWithStreamingResponse(self._resource.items)


class AsyncConversationsWithStreamingResponse:
    def __init__(self, resource: AsyncConversations) -> None:
        self._resource = resource
        self.create = async_to_streamed_response_wrapper(resource.create)
        self.retrieve = async_to_streamed_response_wrapper(resource.retrieve)
        self.update = async_to_streamed_response_wrapper(resource.update)
        self.delete = async_to_streamed_response_wrapper(resource.delete)

    @cached_property
    def items(self) -> AsyncConversationsItemsWithStreamingResponse:
        return AsyncConversationsItemsWithStreamingResponse(self._resource.items)


class ConversationsItems(SyncAPIResource):
    @cached_property
    def with_raw_response(self) -> ConversationsItemsWithRawResponse:
        """Call ``.with_raw_response.<method>()`` to get the HTTP response (status, headers,
        ``.parse()``) instead of the parsed result."""
        return ConversationsItemsWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> ConversationsItemsWithStreamingResponse:
        """Call ``with .with_streaming_response.<method>() as response:`` to get the HTTP
        response before its body is read (``.iter_bytes()``, ``.iter_lines()``, ``.parse()``)."""
        return ConversationsItemsWithStreamingResponse(self)

    def list(
        self,
        conversation_id: str,
        *,
        after: Union[str, NotGiven] = NOT_GIVEN,
        include: Union[Sequence[IncludeOption], NotGiven] = NOT_GIVEN,
        limit: Union[int, NotGiven] = NOT_GIVEN,
        order: Union[ListOrder, NotGiven] = NOT_GIVEN,
        # Use the following arguments to pass what the API does not take as kwargs.
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Mapping[str, object]] = None,
        timeout: Union[float, httpx.Timeout, None, NotGiven] = NOT_GIVEN,
    ) -> SyncCursorPage[ConversationItem]:
        """List conversation items

        Return one page of the conversation's items, ordered by insertion. Pass the previous page's `last_id` as `after` to get the next page.

        Args:
                  conversation_id: The conversation id: `conv_` and 48 lowercase hex digits.
                  after: An item id: the page starts strictly after this item.
                  include: Extra output data to include. Accepted for compatibility; items are always returned whole.
                  limit: How many items to return, 1 to 100.
                  order: `asc` for oldest first, `desc` for newest first.
        """
        return self._get_api_list(
            path_template("/v1/conversations/{conversation_id}/items", {"conversation_id": conversation_id}),
            page=SyncCursorPage[ConversationItem],
            model=cast(Any, ConversationItem),
            options=make_request_options(
                query=to_jsonable({"after": after, "include": include, "limit": limit, "order": order}),
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
        )

    def create(
        self,
        conversation_id: str,
        *,
        items: Sequence[ConversationItemParam],
        include: Union[Sequence[IncludeOption], NotGiven] = NOT_GIVEN,
        # Use the following arguments to pass what the API does not take as kwargs.
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Mapping[str, object]] = None,
        idempotency_key: Optional[str] = None,
        timeout: Union[float, httpx.Timeout, None, NotGiven] = NOT_GIVEN,
    ) -> ConversationItemList:
        """Create conversation items

        Append 1 to 20 items to the conversation in one transaction. An item whose id already exists in the conversation replaces it in place. Returns the items as stored, in request order.

        Args:
                  conversation_id: The conversation id: `conv_` and 48 lowercase hex digits.
                  include: Extra output data to include. Accepted for compatibility; items are always returned whole.
                  items: 1 to 20 items to append (or replace, when an id already exists).
        """
        return self._post(
            path_template("/v1/conversations/{conversation_id}/items", {"conversation_id": conversation_id}),
            cast_to=ConversationItemList,
            body=to_jsonable({"items": items}),
            options=make_request_options(
                query=to_jsonable({"include": include}),
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                idempotency_key=idempotency_key,
                timeout=timeout,
            ),
        )

    def retrieve(
        self,
        item_id: str,
        *,
        conversation_id: str,
        include: Union[Sequence[IncludeOption], NotGiven] = NOT_GIVEN,
        # Use the following arguments to pass what the API does not take as kwargs.
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Mapping[str, object]] = None,
        timeout: Union[float, httpx.Timeout, None, NotGiven] = NOT_GIVEN,
    ) -> ConversationItem:
        """Retrieve a conversation item

        Return one item of the conversation.

        Args:
                  item_id: The item id.
                  conversation_id: The conversation id: `conv_` and 48 lowercase hex digits.
                  include: Extra output data to include. Accepted for compatibility; items are always returned whole.
        """
        return cast(
            ConversationItem,
            self._get(
                path_template("/v1/conversations/{conversation_id}/items/{item_id}", {"conversation_id": conversation_id, "item_id": item_id}),
                cast_to=cast(Any, ConversationItem),
                options=make_request_options(
                    query=to_jsonable({"include": include}),
                    extra_headers=extra_headers,
                    extra_query=extra_query,
                    extra_body=extra_body,
                    timeout=timeout,
                ),
            ),
        )

    def delete(
        self,
        item_id: str,
        *,
        conversation_id: str,
        # Use the following arguments to pass what the API does not take as kwargs.
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Mapping[str, object]] = None,
        idempotency_key: Optional[str] = None,
        timeout: Union[float, httpx.Timeout, None, NotGiven] = NOT_GIVEN,
    ) -> ConversationItemDeleted:
        """Delete a conversation item

        Delete one item of the conversation.

        Args:
                  item_id: The item id.
                  conversation_id: The conversation id: `conv_` and 48 lowercase hex digits.
        """
        return self._delete(
            path_template("/v1/conversations/{conversation_id}/items/{item_id}", {"conversation_id": conversation_id, "item_id": item_id}),
            cast_to=ConversationItemDeleted,
            options=make_request_options(
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                idempotency_key=idempotency_key,
                timeout=timeout,
            ),
        )


class AsyncConversationsItems(AsyncAPIResource):
    @cached_property
    def with_raw_response(self) -> AsyncConversationsItemsWithRawResponse:
        """Call ``.with_raw_response.<method>()`` to get the HTTP response (status, headers,
        ``await .parse()``) instead of the parsed result."""
        return AsyncConversationsItemsWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncConversationsItemsWithStreamingResponse:
        """Call ``async with .with_streaming_response.<method>() as response:`` to get the HTTP
        response before its body is read (``.iter_bytes()``, ``.iter_lines()``, ``.parse()``)."""
        return AsyncConversationsItemsWithStreamingResponse(self)

    def list(
        self,
        conversation_id: str,
        *,
        after: Union[str, NotGiven] = NOT_GIVEN,
        include: Union[Sequence[IncludeOption], NotGiven] = NOT_GIVEN,
        limit: Union[int, NotGiven] = NOT_GIVEN,
        order: Union[ListOrder, NotGiven] = NOT_GIVEN,
        # Use the following arguments to pass what the API does not take as kwargs.
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Mapping[str, object]] = None,
        timeout: Union[float, httpx.Timeout, None, NotGiven] = NOT_GIVEN,
    ) -> AsyncPaginator[ConversationItem, AsyncCursorPage[ConversationItem]]:
        """List conversation items

        Return one page of the conversation's items, ordered by insertion. Pass the previous page's `last_id` as `after` to get the next page.

        Args:
                  conversation_id: The conversation id: `conv_` and 48 lowercase hex digits.
                  after: An item id: the page starts strictly after this item.
                  include: Extra output data to include. Accepted for compatibility; items are always returned whole.
                  limit: How many items to return, 1 to 100.
                  order: `asc` for oldest first, `desc` for newest first.
        """
        return self._get_api_list(
            path_template("/v1/conversations/{conversation_id}/items", {"conversation_id": conversation_id}),
            page=AsyncCursorPage[ConversationItem],
            model=cast(Any, ConversationItem),
            options=make_request_options(
                query=to_jsonable({"after": after, "include": include, "limit": limit, "order": order}),
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
        )

    async def create(
        self,
        conversation_id: str,
        *,
        items: Sequence[ConversationItemParam],
        include: Union[Sequence[IncludeOption], NotGiven] = NOT_GIVEN,
        # Use the following arguments to pass what the API does not take as kwargs.
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Mapping[str, object]] = None,
        idempotency_key: Optional[str] = None,
        timeout: Union[float, httpx.Timeout, None, NotGiven] = NOT_GIVEN,
    ) -> ConversationItemList:
        """Create conversation items

        Append 1 to 20 items to the conversation in one transaction. An item whose id already exists in the conversation replaces it in place. Returns the items as stored, in request order.

        Args:
                  conversation_id: The conversation id: `conv_` and 48 lowercase hex digits.
                  include: Extra output data to include. Accepted for compatibility; items are always returned whole.
                  items: 1 to 20 items to append (or replace, when an id already exists).
        """
        return await self._post(
            path_template("/v1/conversations/{conversation_id}/items", {"conversation_id": conversation_id}),
            cast_to=ConversationItemList,
            body=to_jsonable({"items": items}),
            options=make_request_options(
                query=to_jsonable({"include": include}),
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                idempotency_key=idempotency_key,
                timeout=timeout,
            ),
        )

    async def retrieve(
        self,
        item_id: str,
        *,
        conversation_id: str,
        include: Union[Sequence[IncludeOption], NotGiven] = NOT_GIVEN,
        # Use the following arguments to pass what the API does not take as kwargs.
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Mapping[str, object]] = None,
        timeout: Union[float, httpx.Timeout, None, NotGiven] = NOT_GIVEN,
    ) -> ConversationItem:
        """Retrieve a conversation item

        Return one item of the conversation.

        Args:
                  item_id: The item id.
                  conversation_id: The conversation id: `conv_` and 48 lowercase hex digits.
                  include: Extra output data to include. Accepted for compatibility; items are always returned whole.
        """
        return cast(
            ConversationItem,
            await self._get(
                path_template("/v1/conversations/{conversation_id}/items/{item_id}", {"conversation_id": conversation_id, "item_id": item_id}),
                cast_to=cast(Any, ConversationItem),
                options=make_request_options(
                    query=to_jsonable({"include": include}),
                    extra_headers=extra_headers,
                    extra_query=extra_query,
                    extra_body=extra_body,
                    timeout=timeout,
                ),
            ),
        )

    async def delete(
        self,
        item_id: str,
        *,
        conversation_id: str,
        # Use the following arguments to pass what the API does not take as kwargs.
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Mapping[str, object]] = None,
        idempotency_key: Optional[str] = None,
        timeout: Union[float, httpx.Timeout, None, NotGiven] = NOT_GIVEN,
    ) -> ConversationItemDeleted:
        """Delete a conversation item

        Delete one item of the conversation.

        Args:
                  item_id: The item id.
                  conversation_id: The conversation id: `conv_` and 48 lowercase hex digits.
        """
        return await self._delete(
            path_template("/v1/conversations/{conversation_id}/items/{item_id}", {"conversation_id": conversation_id, "item_id": item_id}),
            cast_to=ConversationItemDeleted,
            options=make_request_options(
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                idempotency_key=idempotency_key,
                timeout=timeout,
            ),
        )


class ConversationsItemsWithRawResponse:
    def __init__(self, resource: ConversationsItems) -> None:
        self._resource = resource
        self.list = to_raw_response_wrapper(resource.list)
        self.create = to_raw_response_wrapper(resource.create)
        self.retrieve = to_raw_response_wrapper(resource.retrieve)
        self.delete = to_raw_response_wrapper(resource.delete)


class AsyncConversationsItemsWithRawResponse:
    def __init__(self, resource: AsyncConversationsItems) -> None:
        self._resource = resource
        self.list = async_to_raw_response_wrapper(resource.list)
        self.create = async_to_raw_response_wrapper(resource.create)
        self.retrieve = async_to_raw_response_wrapper(resource.retrieve)
        self.delete = async_to_raw_response_wrapper(resource.delete)


class ConversationsItemsWithStreamingResponse:
    def __init__(self, resource: ConversationsItems) -> None:
        self._resource = resource
        self.list = to_streamed_response_wrapper(resource.list)
        self.create = to_streamed_response_wrapper(resource.create)
        self.retrieve = to_streamed_response_wrapper(resource.retrieve)
        self.delete = to_streamed_response_wrapper(resource.delete)


class AsyncConversationsItemsWithStreamingResponse:
    def __init__(self, resource: AsyncConversationsItems) -> None:
        self._resource = resource
        self.list = async_to_streamed_response_wrapper(resource.list)
        self.create = async_to_streamed_response_wrapper(resource.create)
        self.retrieve = async_to_streamed_response_wrapper(resource.retrieve)
        self.delete = async_to_streamed_response_wrapper(resource.delete)

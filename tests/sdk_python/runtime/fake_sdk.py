"""A tiny hand-written SDK over the runtime, written the way generated code uses the contract.

It stands in for a generated package (``_client.py``, ``resources/``, ``types/``,
``pagination.py``) so the runtime can be tested, and type-checked, on its own. Annotations use
``Optional`` / ``Union`` because generated code must evaluate on Python 3.9.
"""
# ruff: noqa: UP006, UP007, UP035, UP045

from functools import cached_property
from typing import Any, Dict, Iterable, List, Optional, Sequence, TypeVar, Union, cast

import httpx
from pydantic import Field, Tag
from rt_pkg._base_client import (
    DEFAULT_MAX_RETRIES,
    AsyncAPIClient,
    RetryPolicy,
    SyncAPIClient,
    make_request_options,
)
from rt_pkg._models import UNKNOWN_TAG, BaseModel, OpenEnum, UnknownVariant, discriminated_union
from rt_pkg._pagination import AsyncPaginator, BaseAsyncPage, BaseSyncPage
from rt_pkg._resource import AsyncAPIResource, SyncAPIResource
from rt_pkg._response import (
    APIResponse,
    AsyncAPIResponse,
    async_to_raw_response_wrapper,
    to_raw_response_wrapper,
)
from rt_pkg._types import NOT_GIVEN, FileContent, FileTypes, Headers, NotGiven, Query, Timeout
from rt_pkg._utils import path_template, strip_not_given
from typing_extensions import Annotated, Literal, Required, TypedDict

# -- types/ -----------------------------------------------------------------------------------


class InputText(BaseModel):
    type: Literal["input_text"]
    text: str


class Message(BaseModel):
    type: Literal["message"]
    id: str
    role: Annotated[Literal["user", "assistant", "system"], OpenEnum]
    content: List[InputText]
    status: Optional[Annotated[Literal["in_progress", "completed"], OpenEnum]] = None
    class_: Optional[str] = Field(default=None, alias="class")


class FunctionCall(BaseModel):
    type: Literal["function_call"]
    id: str
    name: str
    arguments: str


class UnknownConversationItem(UnknownVariant):
    type: str


ConversationItem = Annotated[
    Union[
        Annotated[Message, Tag("message")],
        Annotated[FunctionCall, Tag("function_call")],
        Annotated[UnknownConversationItem, Tag(UNKNOWN_TAG)],
    ],
    discriminated_union("type", ["message", "function_call"]),
]


class Conversation(BaseModel):
    id: str
    object: Literal["conversation"]
    created_at: int
    metadata: Optional[Dict[str, str]] = None


class DeletedConversation(BaseModel):
    id: str
    object: Literal["conversation.deleted"]
    deleted: bool


class MessageParam(TypedDict, total=False):
    type: Required[Literal["message"]]
    role: Required[str]
    content: Required[Iterable[Dict[str, str]]]


# -- pagination.py ----------------------------------------------------------------------------

_T = TypeVar("_T")


class SyncCursorPage(BaseSyncPage[_T]):
    _items_field = "data"
    _cursor_param = "after"
    _cursor_field = "last_id"
    _has_more_field = "has_more"


class AsyncCursorPage(BaseAsyncPage[_T]):
    _items_field = "data"
    _cursor_param = "after"
    _cursor_field = "last_id"
    _has_more_field = "has_more"


# -- resources/ -------------------------------------------------------------------------------


class Items(SyncAPIResource):
    def list(
        self,
        conversation_id: str,
        *,
        after: Union[str, NotGiven] = NOT_GIVEN,
        limit: Union[int, NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        timeout: Union[Timeout, NotGiven] = NOT_GIVEN,
    ) -> SyncCursorPage[ConversationItem]:
        return self._get_api_list(
            path_template(
                "/conversations/{conversation_id}/items", {"conversation_id": conversation_id}
            ),
            page=SyncCursorPage[ConversationItem],
            model=ConversationItem,
            options=make_request_options(
                query=strip_not_given({"after": after, "limit": limit}),
                extra_headers=extra_headers,
                extra_query=extra_query,
                timeout=timeout,
            ),
        )

    def retrieve(
        self,
        item_id: str,
        *,
        conversation_id: str,
        extra_headers: Optional[Headers] = None,
        timeout: Union[Timeout, NotGiven] = NOT_GIVEN,
    ) -> ConversationItem:
        return cast(
            ConversationItem,
            self._get(
                path_template(
                    "/conversations/{conversation_id}/items/{item_id}",
                    {"conversation_id": conversation_id, "item_id": item_id},
                ),
                cast_to=cast(Any, ConversationItem),
                options=make_request_options(extra_headers=extra_headers, timeout=timeout),
            ),
        )

    @cached_property
    def with_raw_response(self) -> "ItemsWithRawResponse":
        return ItemsWithRawResponse(self)


class ItemsWithRawResponse:
    def __init__(self, items: Items) -> None:
        self.list = to_raw_response_wrapper(items.list)
        self.retrieve = to_raw_response_wrapper(items.retrieve)


class Conversations(SyncAPIResource):
    @cached_property
    def items(self) -> Items:
        return Items(self._client)

    def create(
        self,
        *,
        items: Union[Iterable[MessageParam], NotGiven] = NOT_GIVEN,
        metadata: Union[Optional[Dict[str, str]], NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Dict[str, object]] = None,
        idempotency_key: Optional[str] = None,
        timeout: Union[Timeout, NotGiven] = NOT_GIVEN,
    ) -> Conversation:
        return self._post(
            "/conversations",
            body=strip_not_given({"items": items, "metadata": metadata}),
            cast_to=Conversation,
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
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        timeout: Union[Timeout, NotGiven] = NOT_GIVEN,
    ) -> Conversation:
        return self._get(
            path_template("/conversations/{conversation_id}", {"conversation_id": conversation_id}),
            cast_to=Conversation,
            options=make_request_options(
                extra_headers=extra_headers, extra_query=extra_query, timeout=timeout
            ),
        )

    def update(
        self,
        conversation_id: str,
        *,
        metadata: Optional[Dict[str, str]],
        extra_headers: Optional[Headers] = None,
    ) -> Conversation:
        return self._post(
            path_template("/conversations/{conversation_id}", {"conversation_id": conversation_id}),
            body={"metadata": metadata},
            cast_to=Conversation,
            options=make_request_options(extra_headers=extra_headers),
        )

    def delete(
        self, conversation_id: str, *, extra_headers: Optional[Headers] = None
    ) -> DeletedConversation:
        return self._delete(
            path_template("/conversations/{conversation_id}", {"conversation_id": conversation_id}),
            cast_to=DeletedConversation,
            options=make_request_options(extra_headers=extra_headers),
        )

    def ping(self) -> None:
        """An operation with no response body (204)."""
        return self._post("/ping", cast_to=None)

    def echo_raw(self) -> object:
        """An operation whose response schema is free-form JSON."""
        return self._get("/echo", cast_to=object)

    @cached_property
    def with_raw_response(self) -> "ConversationsWithRawResponse":
        return ConversationsWithRawResponse(self)


class ConversationsWithRawResponse:
    def __init__(self, conversations: Conversations) -> None:
        self.create = to_raw_response_wrapper(conversations.create)
        self.retrieve = to_raw_response_wrapper(conversations.retrieve)
        self.delete = to_raw_response_wrapper(conversations.delete)


class AsyncItems(AsyncAPIResource):
    def list(
        self,
        conversation_id: str,
        *,
        after: Union[str, NotGiven] = NOT_GIVEN,
        limit: Union[int, NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Headers] = None,
        timeout: Union[Timeout, NotGiven] = NOT_GIVEN,
    ) -> AsyncPaginator[ConversationItem, AsyncCursorPage[ConversationItem]]:
        return self._get_api_list(
            path_template(
                "/conversations/{conversation_id}/items", {"conversation_id": conversation_id}
            ),
            page=AsyncCursorPage[ConversationItem],
            model=ConversationItem,
            options=make_request_options(
                query=strip_not_given({"after": after, "limit": limit}),
                extra_headers=extra_headers,
                timeout=timeout,
            ),
        )

    async def retrieve(
        self,
        item_id: str,
        *,
        conversation_id: str,
        timeout: Union[Timeout, NotGiven] = NOT_GIVEN,
    ) -> ConversationItem:
        return cast(
            ConversationItem,
            await self._get(
                path_template(
                    "/conversations/{conversation_id}/items/{item_id}",
                    {"conversation_id": conversation_id, "item_id": item_id},
                ),
                cast_to=cast(Any, ConversationItem),
                options=make_request_options(timeout=timeout),
            ),
        )

    @cached_property
    def with_raw_response(self) -> "AsyncItemsWithRawResponse":
        return AsyncItemsWithRawResponse(self)


class AsyncItemsWithRawResponse:
    def __init__(self, items: AsyncItems) -> None:
        self.list = async_to_raw_response_wrapper(items.list)
        self.retrieve = async_to_raw_response_wrapper(items.retrieve)


class AsyncConversations(AsyncAPIResource):
    @cached_property
    def items(self) -> AsyncItems:
        return AsyncItems(self._client)

    async def create(
        self,
        *,
        items: Union[Iterable[MessageParam], NotGiven] = NOT_GIVEN,
        metadata: Union[Optional[Dict[str, str]], NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Dict[str, object]] = None,
        idempotency_key: Optional[str] = None,
        timeout: Union[Timeout, NotGiven] = NOT_GIVEN,
    ) -> Conversation:
        return await self._post(
            "/conversations",
            body=strip_not_given({"items": items, "metadata": metadata}),
            cast_to=Conversation,
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
        extra_headers: Optional[Headers] = None,
        timeout: Union[Timeout, NotGiven] = NOT_GIVEN,
    ) -> Conversation:
        return await self._get(
            path_template("/conversations/{conversation_id}", {"conversation_id": conversation_id}),
            cast_to=Conversation,
            options=make_request_options(extra_headers=extra_headers, timeout=timeout),
        )

    async def delete(self, conversation_id: str) -> DeletedConversation:
        return await self._delete(
            path_template("/conversations/{conversation_id}", {"conversation_id": conversation_id}),
            cast_to=DeletedConversation,
        )

    @cached_property
    def with_raw_response(self) -> "AsyncConversationsWithRawResponse":
        return AsyncConversationsWithRawResponse(self)


class AsyncConversationsWithRawResponse:
    def __init__(self, conversations: AsyncConversations) -> None:
        self.create = async_to_raw_response_wrapper(conversations.create)
        self.retrieve = async_to_raw_response_wrapper(conversations.retrieve)


class FileObject(BaseModel):
    id: str
    object: Literal["file"]
    filename: str


class ExpiresAfterParam(TypedDict, total=False):
    anchor: Required[Literal["created_at"]]
    seconds: Required[int]


class Files(SyncAPIResource):
    """Non-JSON bodies, written the way the generator emits them for each media type."""

    def create(
        self,
        *,
        file: FileTypes,
        purpose: str,
        expires_after: Union[Optional[ExpiresAfterParam], NotGiven] = NOT_GIVEN,
        tags: Union[Sequence[str], NotGiven] = NOT_GIVEN,
        public: Union[bool, NotGiven] = NOT_GIVEN,
        attachments: Union[Sequence[FileTypes], NotGiven] = NOT_GIVEN,
        extra_headers: Optional[Headers] = None,
        extra_body: Optional[Dict[str, object]] = None,
        idempotency_key: Optional[str] = None,
    ) -> FileObject:
        """multipart/form-data: binary fields go as file parts, the rest as form fields."""
        return self._post(
            "/files",
            # The runtime flattens form bodies itself (unset values dropped, models converted).
            body={
                "purpose": purpose,
                "expires_after": expires_after,
                "tags": tags,
                "public": public,
            },
            files={"file": file, "attachments": attachments},
            cast_to=FileObject,
            options=make_request_options(
                extra_headers=extra_headers,
                extra_body=extra_body,
                idempotency_key=idempotency_key,
                body_encoding="multipart",
            ),
        )

    def create_token(
        self,
        *,
        grant_type: str,
        scope: Union[Sequence[str], NotGiven] = NOT_GIVEN,
        remember: Union[bool, NotGiven] = NOT_GIVEN,
        client: Union[Dict[str, object], NotGiven] = NOT_GIVEN,
    ) -> object:
        """application/x-www-form-urlencoded."""
        return self._post(
            "/oauth/token",
            body={"grant_type": grant_type, "scope": scope, "remember": remember, "client": client},
            cast_to=object,
            options=make_request_options(body_encoding="form"),
        )

    def upload_content(
        self,
        file_id: str,
        *,
        body: Union[str, FileContent],
        extra_headers: Optional[Headers] = None,
    ) -> None:
        """A raw body with the operation's media type."""
        return self._put(
            path_template("/files/{file_id}/content", {"file_id": file_id}),
            body=body,
            cast_to=None,
            options=make_request_options(
                extra_headers=extra_headers, body_encoding="raw", content_type="application/jsonl"
            ),
        )


class AsyncFiles(AsyncAPIResource):
    async def create(
        self,
        *,
        file: FileTypes,
        purpose: str,
    ) -> FileObject:
        return await self._post(
            "/files",
            body={"purpose": purpose},
            files={"file": file},
            cast_to=FileObject,
            options=make_request_options(body_encoding="multipart"),
        )


# -- _client.py -------------------------------------------------------------------------------

BASE_URL = "http://api.test/v1"


class Fake(SyncAPIClient):
    def __init__(
        self,
        *,
        base_url: str = BASE_URL,
        api_key: Optional[str] = None,
        timeout: Union[Timeout, NotGiven] = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Optional[Dict[str, str]] = None,
        default_query: Optional[Dict[str, object]] = None,
        http_client: Optional[httpx.Client] = None,
        strict_response_validation: bool = False,
        retry_policy: Optional[RetryPolicy] = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            api_key=api_key,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
            strict_response_validation=strict_response_validation,
            retry_policy=retry_policy,
            idempotency_header="Idempotency-Key",
            user_agent="fake-sdk/1.0",
        )

    @cached_property
    def conversations(self) -> Conversations:
        return Conversations(self)

    @cached_property
    def files(self) -> Files:
        return Files(self)


class AsyncFake(AsyncAPIClient):
    def __init__(
        self,
        *,
        base_url: str = BASE_URL,
        api_key: Optional[str] = None,
        timeout: Union[Timeout, NotGiven] = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Optional[Dict[str, str]] = None,
        default_query: Optional[Dict[str, object]] = None,
        http_client: Optional[httpx.AsyncClient] = None,
        strict_response_validation: bool = False,
        retry_policy: Optional[RetryPolicy] = None,
    ) -> None:
        super().__init__(
            base_url=base_url,
            api_key=api_key,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
            strict_response_validation=strict_response_validation,
            retry_policy=retry_policy,
            idempotency_header="Idempotency-Key",
            user_agent="fake-sdk/1.0",
        )

    @cached_property
    def conversations(self) -> AsyncConversations:
        return AsyncConversations(self)

    @cached_property
    def files(self) -> AsyncFiles:
        return AsyncFiles(self)


__all__ = [
    "APIResponse",
    "AsyncAPIResponse",
    "AsyncFake",
    "Conversation",
    "ConversationItem",
    "Fake",
    "FileObject",
    "FunctionCall",
    "Message",
    "UnknownConversationItem",
]

# File generated from the OpenAPI spec by the SDK generator (python -m generator). Do not edit.

"""The Parley and AsyncParley clients: configuration, resources, top-level methods."""

from __future__ import annotations

from functools import cached_property
from typing import Mapping, Optional, Union
import httpx
import os

from ._base_client import AsyncAPIClient, RetryPolicy, SyncAPIClient
from ._types import NOT_GIVEN, NotGiven, Timeout
from .resources.conversations import (
    AsyncConversations,
    AsyncConversationsWithRawResponse,
    AsyncConversationsWithStreamingResponse,
    Conversations,
    ConversationsWithRawResponse,
    ConversationsWithStreamingResponse,
)
from .resources.health import (
    AsyncHealth,
    AsyncHealthWithRawResponse,
    AsyncHealthWithStreamingResponse,
    Health,
    HealthWithRawResponse,
    HealthWithStreamingResponse,
)
from .resources.inspect import (
    AsyncInspect,
    AsyncInspectWithRawResponse,
    AsyncInspectWithStreamingResponse,
    Inspect,
    InspectWithRawResponse,
    InspectWithStreamingResponse,
)
from .resources.version import (
    AsyncVersion,
    AsyncVersionWithRawResponse,
    AsyncVersionWithStreamingResponse,
    Version,
    VersionWithRawResponse,
    VersionWithStreamingResponse,
)

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_RETRY_POLICY", "DEFAULT_TIMEOUT", "AsyncParley", "Parley"]

DEFAULT_BASE_URL = "http://localhost:8000"
"""Used when neither ``base_url=`` nor the ``PARLEY_BASE_URL`` environment variable is set."""
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
DEFAULT_RETRY_POLICY = RetryPolicy(
    initial_delay=0.5,
    max_delay=8.0,
    jitter=0.25,
    retry_statuses=frozenset({408, 409, 429}),
)
IDEMPOTENCY_HEADER = "Idempotency-Key"


def _user_agent() -> str:
    from ._version import __version__

    return "parley-client" + "/" + __version__ + " (Python)"


def _resolve_settings(
    base_url: Optional[str], api_key: Optional[str]
) -> tuple[str, Optional[str]]:
    """Arguments win over the environment (PARLEY_BASE_URL, PARLEY_API_KEY)."""
    if base_url is None:
        base_url = os.environ.get("PARLEY_BASE_URL") or DEFAULT_BASE_URL
    if api_key is None:
        api_key = os.environ.get("PARLEY_API_KEY") or None
    return base_url, api_key


class Parley(SyncAPIClient):
    """Synchronous client for the Parley Conversations API.

    Configure it with arguments or the ``PARLEY_BASE_URL`` / ``PARLEY_API_KEY``
    environment variables; pass ``http_client=httpx.Client(...)`` for proxies, mounts or an
    in-process ASGI transport.
    """

    def __init__(
        self,
        *,
        api_key: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Union[Timeout, NotGiven] = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Optional[Mapping[str, str]] = None,
        default_query: Optional[Mapping[str, object]] = None,
        http_client: Optional[httpx.Client] = None,
        strict_response_validation: bool = False,
        retry_policy: Optional[RetryPolicy] = None,
    ) -> None:
        base_url, api_key = _resolve_settings(base_url, api_key)
        if isinstance(timeout, NotGiven) and http_client is None:
            timeout = DEFAULT_TIMEOUT
        super().__init__(
            base_url=base_url,
            api_key=api_key,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
            strict_response_validation=strict_response_validation,
            retry_policy=retry_policy if retry_policy is not None else DEFAULT_RETRY_POLICY,
            idempotency_header=IDEMPOTENCY_HEADER,
            user_agent=_user_agent(),
        )

    @cached_property
    def conversations(self) -> Conversations:
        return Conversations(self)

    @cached_property
    def health(self) -> Health:
        return Health(self)

    @cached_property
    def inspect(self) -> Inspect:
        return Inspect(self)

    @cached_property
    def version(self) -> Version:
        return Version(self)

    @cached_property
    def with_raw_response(self) -> ParleyWithRawResponse:
        """``client.with_raw_response.<resource>.<method>()`` returns the HTTP response."""
        return ParleyWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> ParleyWithStreamingResponse:
        """``with client.with_streaming_response.<resource>.<method>() as response:`` gives
        the HTTP response before its body is read."""
        return ParleyWithStreamingResponse(self)


class AsyncParley(AsyncAPIClient):
    """Asynchronous client for the Parley Conversations API (same options as ``Parley``)."""

    def __init__(
        self,
        *,
        api_key: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Union[Timeout, NotGiven] = NOT_GIVEN,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Optional[Mapping[str, str]] = None,
        default_query: Optional[Mapping[str, object]] = None,
        http_client: Optional[httpx.AsyncClient] = None,
        strict_response_validation: bool = False,
        retry_policy: Optional[RetryPolicy] = None,
    ) -> None:
        base_url, api_key = _resolve_settings(base_url, api_key)
        if isinstance(timeout, NotGiven) and http_client is None:
            timeout = DEFAULT_TIMEOUT
        super().__init__(
            base_url=base_url,
            api_key=api_key,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            default_query=default_query,
            http_client=http_client,
            strict_response_validation=strict_response_validation,
            retry_policy=retry_policy if retry_policy is not None else DEFAULT_RETRY_POLICY,
            idempotency_header=IDEMPOTENCY_HEADER,
            user_agent=_user_agent(),
        )

    @cached_property
    def conversations(self) -> AsyncConversations:
        return AsyncConversations(self)

    @cached_property
    def health(self) -> AsyncHealth:
        return AsyncHealth(self)

    @cached_property
    def inspect(self) -> AsyncInspect:
        return AsyncInspect(self)

    @cached_property
    def version(self) -> AsyncVersion:
        return AsyncVersion(self)

    @cached_property
    def with_raw_response(self) -> AsyncParleyWithRawResponse:
        """``client.with_raw_response.<resource>.<method>()`` returns the HTTP response."""
        return AsyncParleyWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncParleyWithStreamingResponse:
        """``async with client.with_streaming_response.<resource>.<method>() as response:``
        gives the HTTP response before its body is read."""
        return AsyncParleyWithStreamingResponse(self)


class ParleyWithRawResponse:
    def __init__(self, client: Parley) -> None:
        self._client = client

    @cached_property
    def conversations(self) -> ConversationsWithRawResponse:
        return ConversationsWithRawResponse(self._client.conversations)

    @cached_property
    def health(self) -> HealthWithRawResponse:
        return HealthWithRawResponse(self._client.health)

    @cached_property
    def inspect(self) -> InspectWithRawResponse:
        return InspectWithRawResponse(self._client.inspect)

    @cached_property
    def version(self) -> VersionWithRawResponse:
        return VersionWithRawResponse(self._client.version)


class AsyncParleyWithRawResponse:
    def __init__(self, client: AsyncParley) -> None:
        self._client = client

    @cached_property
    def conversations(self) -> AsyncConversationsWithRawResponse:
        return AsyncConversationsWithRawResponse(self._client.conversations)

    @cached_property
    def health(self) -> AsyncHealthWithRawResponse:
        return AsyncHealthWithRawResponse(self._client.health)

    @cached_property
    def inspect(self) -> AsyncInspectWithRawResponse:
        return AsyncInspectWithRawResponse(self._client.inspect)

    @cached_property
    def version(self) -> AsyncVersionWithRawResponse:
        return AsyncVersionWithRawResponse(self._client.version)


class ParleyWithStreamingResponse:
    def __init__(self, client: Parley) -> None:
        self._client = client

    @cached_property
    def conversations(self) -> ConversationsWithStreamingResponse:
        return ConversationsWithStreamingResponse(self._client.conversations)

    @cached_property
    def health(self) -> HealthWithStreamingResponse:
        return HealthWithStreamingResponse(self._client.health)

    @cached_property
    def inspect(self) -> InspectWithStreamingResponse:
        return InspectWithStreamingResponse(self._client.inspect)

    @cached_property
    def version(self) -> VersionWithStreamingResponse:
        return VersionWithStreamingResponse(self._client.version)


class AsyncParleyWithStreamingResponse:
    def __init__(self, client: AsyncParley) -> None:
        self._client = client

    @cached_property
    def conversations(self) -> AsyncConversationsWithStreamingResponse:
        return AsyncConversationsWithStreamingResponse(self._client.conversations)

    @cached_property
    def health(self) -> AsyncHealthWithStreamingResponse:
        return AsyncHealthWithStreamingResponse(self._client.health)

    @cached_property
    def inspect(self) -> AsyncInspectWithStreamingResponse:
        return AsyncInspectWithStreamingResponse(self._client.inspect)

    @cached_property
    def version(self) -> AsyncVersionWithStreamingResponse:
        return AsyncVersionWithStreamingResponse(self._client.version)

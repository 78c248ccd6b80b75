# File generated from the OpenAPI spec by the SDK generator (python -m generator). Do not edit.

from __future__ import annotations

from functools import cached_property
from typing import Mapping, Optional, Union
import httpx

from .._base_client import make_request_options
from .._resource import AsyncAPIResource, SyncAPIResource
from .._response import (
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)
from .._types import Headers, NOT_GIVEN, NotGiven, Query
from .._utils import to_jsonable
from ..types import ApiLevel, ListRoutesResponse

__all__ = [
    "Inspect",
    "AsyncInspect",
    "InspectRoutes",
    "AsyncInspectRoutes",
]


class Inspect(SyncAPIResource):
    @cached_property
    def routes(self) -> InspectRoutes:
        return InspectRoutes(self._client)

    @cached_property
    def with_raw_response(self) -> InspectWithRawResponse:
        """Call ``.with_raw_response.<method>()`` to get the HTTP response (status, headers,
        ``.parse()``) instead of the parsed result."""
        return InspectWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> InspectWithStreamingResponse:
        """Call ``with .with_streaming_response.<method>() as response:`` to get the HTTP
        response before its body is read (``.iter_bytes()``, ``.iter_lines()``, ``.parse()``)."""
        return InspectWithStreamingResponse(self)


class AsyncInspect(AsyncAPIResource):
    @cached_property
    def routes(self) -> AsyncInspectRoutes:
        return AsyncInspectRoutes(self._client)

    @cached_property
    def with_raw_response(self) -> AsyncInspectWithRawResponse:
        """Call ``.with_raw_response.<method>()`` to get the HTTP response (status, headers,
        ``await .parse()``) instead of the parsed result."""
        return AsyncInspectWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncInspectWithStreamingResponse:
        """Call ``async with .with_streaming_response.<method>() as response:`` to get the HTTP
        response before its body is read (``.iter_bytes()``, ``.iter_lines()``, ``.parse()``)."""
        return AsyncInspectWithStreamingResponse(self)


class InspectWithRawResponse:
    def __init__(self, resource: Inspect) -> None:
        self._resource = resource

    @cached_property
    def routes(self) -> InspectRoutesWithRawResponse:
        return InspectRoutesWithRawResponse(self._resource.routes)


class AsyncInspectWithRawResponse:
    def __init__(self, resource: AsyncInspect) -> None:
        self._resource = resource

    @cached_property
    def routes(self) -> AsyncInspectRoutesWithRawResponse:
        return AsyncInspectRoutesWithRawResponse(self._resource.routes)


class InspectWithStreamingResponse:
    def __init__(self, resource: Inspect) -> None:
        self._resource = resource

    @cached_property
    def routes(self) -> InspectRoutesWithStreamingResponse:
        return InspectRoutesWithStreamingResponse(self._resource.routes)


class AsyncInspectWithStreamingResponse:
    def __init__(self, resource: AsyncInspect) -> None:
        self._resource = resource

    @cached_property
    def routes(self) -> AsyncInspectRoutesWithStreamingResponse:
        return AsyncInspectRoutesWithStreamingResponse(self._resource.routes)


class InspectRoutes(SyncAPIResource):
    @cached_property
    def with_raw_response(self) -> InspectRoutesWithRawResponse:
        """Call ``.with_raw_response.<method>()`` to get the HTTP response (status, headers,
        ``.parse()``) instead of the parsed result."""
        return InspectRoutesWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> InspectRoutesWithStreamingResponse:
        """Call ``with .with_streaming_response.<method>() as response:`` to get the HTTP
        response before its body is read (``.iter_bytes()``, ``.iter_lines()``, ``.parse()``)."""
        return InspectRoutesWithStreamingResponse(self)

    def list(
        self,
        *,
        api_filter: Union[ApiLevel, NotGiven] = NOT_GIVEN,
        # Use the following arguments to pass what the API does not take as kwargs.
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Mapping[str, object]] = None,
        timeout: Union[float, httpx.Timeout, None, NotGiven] = NOT_GIVEN,
    ) -> ListRoutesResponse:
        """List routes

        List every route of every API of the service, in registration order.

        Args:
                  api_filter: Only list the routes of this API level.
        """
        return self._get(
            "/v1/inspect/routes",
            cast_to=ListRoutesResponse,
            options=make_request_options(
                query=to_jsonable({"api_filter": api_filter}),
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
        )


class AsyncInspectRoutes(AsyncAPIResource):
    @cached_property
    def with_raw_response(self) -> AsyncInspectRoutesWithRawResponse:
        """Call ``.with_raw_response.<method>()`` to get the HTTP response (status, headers,
        ``await .parse()``) instead of the parsed result."""
        return AsyncInspectRoutesWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncInspectRoutesWithStreamingResponse:
        """Call ``async with .with_streaming_response.<method>() as response:`` to get the HTTP
        response before its body is read (``.iter_bytes()``, ``.iter_lines()``, ``.parse()``)."""
        return AsyncInspectRoutesWithStreamingResponse(self)

    async def list(
        self,
        *,
        api_filter: Union[ApiLevel, NotGiven] = NOT_GIVEN,
        # Use the following arguments to pass what the API does not take as kwargs.
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Mapping[str, object]] = None,
        timeout: Union[float, httpx.Timeout, None, NotGiven] = NOT_GIVEN,
    ) -> ListRoutesResponse:
        """List routes

        List every route of every API of the service, in registration order.

        Args:
                  api_filter: Only list the routes of this API level.
        """
        return await self._get(
            "/v1/inspect/routes",
            cast_to=ListRoutesResponse,
            options=make_request_options(
                query=to_jsonable({"api_filter": api_filter}),
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
        )


class InspectRoutesWithRawResponse:
    def __init__(self, resource: InspectRoutes) -> None:
        self._resource = resource
        self.list = to_raw_response_wrapper(resource.list)


class AsyncInspectRoutesWithRawResponse:
    def __init__(self, resource: AsyncInspectRoutes) -> None:
        self._resource = resource
        self.list = async_to_raw_response_wrapper(resource.list)


class InspectRoutesWithStreamingResponse:
    def __init__(self, resource: InspectRoutes) -> None:
        self._resource = resource
        self.list = to_streamed_response_wrapper(resource.list)


class AsyncInspectRoutesWithStreamingResponse:
    def __init__(self, resource: AsyncInspectRoutes) -> None:
        self._resource = resource
        self.list = async_to_streamed_response_wrapper(resource.list)

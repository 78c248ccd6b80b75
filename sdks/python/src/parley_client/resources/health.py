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
from ..types import HealthResponse

__all__ = [
    "Health",
    "AsyncHealth",
]


class Health(SyncAPIResource):
    @cached_property
    def with_raw_response(self) -> HealthWithRawResponse:
        """Call ``.with_raw_response.<method>()`` to get the HTTP response (status, headers,
        ``.parse()``) instead of the parsed result."""
        return HealthWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> HealthWithStreamingResponse:
        """Call ``with .with_streaming_response.<method>() as response:`` to get the HTTP
        response before its body is read (``.iter_bytes()``, ``.iter_lines()``, ``.parse()``)."""
        return HealthWithStreamingResponse(self)

    def check(
        self,
        *,
        # Use the following arguments to pass what the API does not take as kwargs.
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Mapping[str, object]] = None,
        timeout: Union[float, httpx.Timeout, None, NotGiven] = NOT_GIVEN,
    ) -> HealthResponse:
        """Check health

        Report that the service is up.
        """
        return self._get(
            "/v1/health",
            cast_to=HealthResponse,
            options=make_request_options(
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
        )


class AsyncHealth(AsyncAPIResource):
    @cached_property
    def with_raw_response(self) -> AsyncHealthWithRawResponse:
        """Call ``.with_raw_response.<method>()`` to get the HTTP response (status, headers,
        ``await .parse()``) instead of the parsed result."""
        return AsyncHealthWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncHealthWithStreamingResponse:
        """Call ``async with .with_streaming_response.<method>() as response:`` to get the HTTP
        response before its body is read (``.iter_bytes()``, ``.iter_lines()``, ``.parse()``)."""
        return AsyncHealthWithStreamingResponse(self)

    async def check(
        self,
        *,
        # Use the following arguments to pass what the API does not take as kwargs.
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Mapping[str, object]] = None,
        timeout: Union[float, httpx.Timeout, None, NotGiven] = NOT_GIVEN,
    ) -> HealthResponse:
        """Check health

        Report that the service is up.
        """
        return await self._get(
            "/v1/health",
            cast_to=HealthResponse,
            options=make_request_options(
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
        )


class HealthWithRawResponse:
    def __init__(self, resource: Health) -> None:
        self._resource = resource
        self.check = to_raw_response_wrapper(resource.check)


class AsyncHealthWithRawResponse:
    def __init__(self, resource: AsyncHealth) -> None:
        self._resource = resource
        self.check = async_to_raw_response_wrapper(resource.check)


class HealthWithStreamingResponse:
    def __init__(self, resource: Health) -> None:
        self._resource = resource
        self.check = to_streamed_response_wrapper(resource.check)


class AsyncHealthWithStreamingResponse:
    def __init__(self, resource: AsyncHealth) -> None:
        self._resource = resource
        self.check = async_to_streamed_response_wrapper(resource.check)

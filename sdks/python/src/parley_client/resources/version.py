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
from ..types import VersionResponse

__all__ = [
    "Version",
    "AsyncVersion",
]


class Version(SyncAPIResource):
    @cached_property
    def with_raw_response(self) -> VersionWithRawResponse:
        """Call ``.with_raw_response.<method>()`` to get the HTTP response (status, headers,
        ``.parse()``) instead of the parsed result."""
        return VersionWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> VersionWithStreamingResponse:
        """Call ``with .with_streaming_response.<method>() as response:`` to get the HTTP
        response before its body is read (``.iter_bytes()``, ``.iter_lines()``, ``.parse()``)."""
        return VersionWithStreamingResponse(self)

    def retrieve(
        self,
        *,
        # Use the following arguments to pass what the API does not take as kwargs.
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Mapping[str, object]] = None,
        timeout: Union[float, httpx.Timeout, None, NotGiven] = NOT_GIVEN,
    ) -> VersionResponse:
        """Get the version

        Report the version of the service.
        """
        return self._get(
            "/v1/version",
            cast_to=VersionResponse,
            options=make_request_options(
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
        )


class AsyncVersion(AsyncAPIResource):
    @cached_property
    def with_raw_response(self) -> AsyncVersionWithRawResponse:
        """Call ``.with_raw_response.<method>()`` to get the HTTP response (status, headers,
        ``await .parse()``) instead of the parsed result."""
        return AsyncVersionWithRawResponse(self)

    @cached_property
    def with_streaming_response(self) -> AsyncVersionWithStreamingResponse:
        """Call ``async with .with_streaming_response.<method>() as response:`` to get the HTTP
        response before its body is read (``.iter_bytes()``, ``.iter_lines()``, ``.parse()``)."""
        return AsyncVersionWithStreamingResponse(self)

    async def retrieve(
        self,
        *,
        # Use the following arguments to pass what the API does not take as kwargs.
        extra_headers: Optional[Headers] = None,
        extra_query: Optional[Query] = None,
        extra_body: Optional[Mapping[str, object]] = None,
        timeout: Union[float, httpx.Timeout, None, NotGiven] = NOT_GIVEN,
    ) -> VersionResponse:
        """Get the version

        Report the version of the service.
        """
        return await self._get(
            "/v1/version",
            cast_to=VersionResponse,
            options=make_request_options(
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
        )


class VersionWithRawResponse:
    def __init__(self, resource: Version) -> None:
        self._resource = resource
        self.retrieve = to_raw_response_wrapper(resource.retrieve)


class AsyncVersionWithRawResponse:
    def __init__(self, resource: AsyncVersion) -> None:
        self._resource = resource
        self.retrieve = async_to_raw_response_wrapper(resource.retrieve)


class VersionWithStreamingResponse:
    def __init__(self, resource: Version) -> None:
        self._resource = resource
        self.retrieve = to_streamed_response_wrapper(resource.retrieve)


class AsyncVersionWithStreamingResponse:
    def __init__(self, resource: AsyncVersion) -> None:
        self._resource = resource
        self.retrieve = async_to_streamed_response_wrapper(resource.retrieve)

# File generated from the OpenAPI spec by the SDK generator (python -m generator). Do not edit.

"""Turning an HTTP response into the declared return type, and raw-response access."""

import contextvars
import functools
import json
import os
from collections.abc import AsyncIterator, Awaitable, Iterator
from typing import Any, Callable, Generic, Optional, TypeVar, Union, cast

import httpx
import pydantic
from typing_extensions import ParamSpec

from ._exceptions import APIResponseValidationError, body_excerpt
from ._models import validate_response, validate_response_json

__all__ = [
    "APIResponse",
    "AsyncAPIResponse",
    "AsyncBinaryAPIResponse",
    "BinaryAPIResponse",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
]

P = ParamSpec("P")
R = TypeVar("R")

# Set while a ``with_raw_response`` wrapper runs: the request it makes returns an
# ``APIResponse`` instead of the parsed value. A context variable, unlike a magic header,
# cannot leak onto the wire and needs nothing from the wrapped method's signature.
_raw_response_requested: "contextvars.ContextVar[bool]" = contextvars.ContextVar(
    "raw_response_requested", default=False
)


# Set while a ``with_streaming_response`` wrapper makes its request: the response comes back
# with its body unread (the caller iterates it, or ``parse()`` reads it).
_streamed_response_requested: "contextvars.ContextVar[bool]" = contextvars.ContextVar(
    "streamed_response_requested", default=False
)


def raw_response_requested() -> bool:
    """A raw response is wanted (``with_raw_response`` or ``with_streaming_response``)."""
    return _raw_response_requested.get() or _streamed_response_requested.get()


def streamed_response_requested() -> bool:
    return _streamed_response_requested.get()


def decode_json(response: httpx.Response) -> object:
    """The response body as JSON, or ``APIResponseValidationError`` naming status and excerpt."""
    text = response.text
    try:
        return json.loads(text)
    except ValueError as exc:
        content_type = response.headers.get("content-type", "no content-type")
        raise APIResponseValidationError(
            response=response,
            body=text,
            message=(
                f"Expected a JSON body in the {response.status_code} response to "
                f"{response.request.method} {response.request.url.path} ({content_type}), "
                f"but it could not be decoded ({exc}): {body_excerpt(text, 200)!r}"
            ),
        ) from None


def json_text_is_utf8(response: httpx.Response) -> bool:
    """The body can be validated from its bytes (JSON is UTF-8 unless the charset says not)."""
    content_type: str = response.headers.get("content-type", "")
    if "charset" not in content_type.lower():  # the common case, without parsing the header
        return True
    charset = response.charset_encoding
    return charset is None or charset.lower().replace("-", "") == "utf8"


def validate_body(type_: Any, response: httpx.Response, *, strict: bool) -> Any:
    """The body validated as ``type_`` in one pass from its text (no ``json.loads`` first);
    the same errors and loose fallback as :func:`validate_or_raise`."""
    if not json_text_is_utf8(response):
        return validate_or_raise(type_, decode_json(response), response, strict=strict)
    try:
        return validate_response_json(
            type_, response.content, strict=strict, decode=lambda: decode_json(response)
        )
    except pydantic.ValidationError as exc:
        raise mismatch_error(response, decode_json(response), exc, strict=strict) from None


def mismatch_error(
    response: httpx.Response, data: object, exc: pydantic.ValidationError, *, strict: bool
) -> APIResponseValidationError:
    mode = "strict" if strict else "loose"
    return APIResponseValidationError(
        response=response,
        body=data,
        message=(
            f"The {response.status_code} response to {response.request.method} "
            f"{response.request.url.path} does not match the expected type ({mode} "
            f"validation): {exc}"
        ),
    )


def validate_or_raise(type_: Any, data: object, response: httpx.Response, *, strict: bool) -> Any:
    """``validate_response`` with its ``ValidationError`` turned into the SDK's error."""
    try:
        return validate_response(type_, data, strict=strict)
    except pydantic.ValidationError as exc:
        raise mismatch_error(response, data, exc, strict=strict) from None


class _BinaryResponseBase:
    """A binary download: the body exactly as received, never decoded as text."""

    def __init__(self, response: httpx.Response) -> None:
        self.response = response
        """The HTTP response (status, headers, request)."""

    @property
    def content(self) -> bytes:
        """The body, byte for byte."""
        return self.response.content

    @property
    def text(self) -> str:
        """The body decoded with the response's charset (for bodies that are text after all)."""
        return self.response.text

    @property
    def encoding(self) -> Optional[str]:
        return self.response.encoding

    @property
    def content_type(self) -> Optional[str]:
        value: Optional[str] = self.response.headers.get("content-type")
        return value

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} [{self.response.status_code}] {self.content_type or '?'}, "
            f"{len(self.content)} bytes>"
        )


class BinaryAPIResponse(_BinaryResponseBase):
    """What a sync method returns for a binary response (``application/octet-stream``,
    ``image/*``, ``audio/*``, ...): ``.content``, ``.read()``, ``.iter_bytes()``,
    ``.write_to_file(path)``, ``.text`` and ``.response``."""

    def read(self) -> bytes:
        return self.response.read()

    def iter_bytes(self, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        """The body in chunks of ``chunk_size`` bytes (the last may be shorter)."""
        return self.response.iter_bytes(chunk_size)

    def write_to_file(self, file: Union[str, "os.PathLike[str]"]) -> None:
        """Write the body to ``file`` (created or truncated), exactly as received."""
        with open(file, mode="wb") as handle:
            for chunk in self.response.iter_bytes():
                handle.write(chunk)


class AsyncBinaryAPIResponse(_BinaryResponseBase):
    """Async twin of :class:`BinaryAPIResponse`: ``await .aread()``, ``async for`` over
    ``.aiter_bytes()``, ``await .write_to_file(path)``; ``.content`` and ``.text`` as well."""

    async def aread(self) -> bytes:
        return await self.response.aread()

    async def aiter_bytes(self, chunk_size: Optional[int] = None) -> AsyncIterator[bytes]:
        """The body in chunks of ``chunk_size`` bytes (the last may be shorter)."""
        async for chunk in self.response.aiter_bytes(chunk_size):
            yield chunk

    async def write_to_file(self, file: Union[str, "os.PathLike[str]"]) -> None:
        """Write the body to ``file`` (created or truncated), exactly as received. The body is
        already in memory, so this writes without awaiting the network (no async file
        library: the SDK depends on httpx and pydantic only)."""
        with open(file, mode="wb") as handle:
            async for chunk in self.response.aiter_bytes():
                handle.write(chunk)


def process_response(cast_to: Any, response: httpx.Response, *, strict: bool) -> Any:
    """Build the declared return value from a 2xx response whose body has been read."""
    if cast_to is None or cast_to is type(None):
        return None
    if cast_to is httpx.Response:
        return response
    if cast_to is BinaryAPIResponse or cast_to is AsyncBinaryAPIResponse:
        return cast_to(response)
    if cast_to is str:
        return response.text
    if cast_to is object:
        return decode_json(response)
    return validate_body(cast_to, response, strict=strict)


class _BaseAPIResponse:
    def __init__(self, http_response: httpx.Response) -> None:
        self.http_response = http_response

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> Optional[str]:
        value: Optional[str] = self.http_response.headers.get("x-request-id")
        return value

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url

    @property
    def text(self) -> str:
        return self.http_response.text

    @property
    def content(self) -> bytes:
        return self.http_response.content

    def json(self) -> object:
        """The body as JSON; a body that is not JSON raises ``APIResponseValidationError``."""
        return decode_json(self.http_response)

    def __repr__(self) -> str:
        request = self.http_response.request
        return f"<{type(self).__name__} [{self.status_code}] {request.method} {request.url}>"


class APIResponse(_BaseAPIResponse, Generic[R]):
    """The raw HTTP response of a call, with ``parse()`` giving what the method would return.

    From ``with_streaming_response`` the body is not read yet: ``iter_bytes()``,
    ``iter_text()``, ``iter_lines()`` stream it, ``read()`` / ``parse()`` read it."""

    def __init__(
        self, http_response: httpx.Response, parser: Callable[[], R], *, read_first: bool = False
    ) -> None:
        super().__init__(http_response)
        self._parser = parser
        self._read_first = read_first
        self._parsed: Optional[R] = None
        self._is_parsed = False

    def parse(self) -> R:
        if not self._is_parsed:
            if self._read_first:
                self.http_response.read()
            self._parsed = self._parser()
            self._is_parsed = True
        return self._parsed  # type: ignore[return-value]

    def read(self) -> bytes:
        return self.http_response.read()

    def iter_bytes(self, chunk_size: Optional[int] = None) -> Iterator[bytes]:
        return self.http_response.iter_bytes(chunk_size)

    def iter_text(self, chunk_size: Optional[int] = None) -> Iterator[str]:
        return self.http_response.iter_text(chunk_size)

    def iter_lines(self) -> Iterator[str]:
        return self.http_response.iter_lines()

    def close(self) -> None:
        self.http_response.close()


class AsyncAPIResponse(_BaseAPIResponse, Generic[R]):
    """Async twin of ``APIResponse``: ``await response.parse()``."""

    def __init__(
        self, http_response: httpx.Response, parser: Callable[[], R], *, read_first: bool = False
    ) -> None:
        super().__init__(http_response)
        self._parser = parser
        self._read_first = read_first
        self._parsed: Optional[R] = None
        self._is_parsed = False

    async def parse(self) -> R:
        if not self._is_parsed:
            if self._read_first:
                await self.http_response.aread()
            self._parsed = self._parser()
            self._is_parsed = True
        return self._parsed  # type: ignore[return-value]

    async def read(self) -> bytes:
        return await self.http_response.aread()

    async def iter_bytes(self, chunk_size: Optional[int] = None) -> AsyncIterator[bytes]:
        async for chunk in self.http_response.aiter_bytes(chunk_size):
            yield chunk

    async def iter_text(self, chunk_size: Optional[int] = None) -> AsyncIterator[str]:
        async for chunk in self.http_response.aiter_text(chunk_size):
            yield chunk

    async def iter_lines(self) -> AsyncIterator[str]:
        async for line in self.http_response.aiter_lines():
            yield line

    async def close(self) -> None:
        await self.http_response.aclose()


def to_raw_response_wrapper(func: Callable[P, R]) -> Callable[P, APIResponse[R]]:
    """Wrap a sync resource method so it returns ``APIResponse[R]`` instead of ``R``."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> APIResponse[R]:
        token = _raw_response_requested.set(True)
        try:
            result: Any = func(*args, **kwargs)
        finally:
            _raw_response_requested.reset(token)
        if not isinstance(result, APIResponse):
            raise TypeError(f"{func.__qualname__} made no request, so it has no raw response")
        return cast(APIResponse[R], result)

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[AsyncAPIResponse[R]]]:
    """Wrap an async resource method so it returns ``AsyncAPIResponse[R]`` instead of ``R``.

    Works for ``async def`` methods and for methods returning an awaitable paginator.
    """

    @functools.wraps(func)
    async def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncAPIResponse[R]:
        token = _raw_response_requested.set(True)
        try:
            result: Any = await func(*args, **kwargs)
        finally:
            _raw_response_requested.reset(token)
        if not isinstance(result, AsyncAPIResponse):
            raise TypeError(f"{func.__qualname__} made no request, so it has no raw response")
        return cast(AsyncAPIResponse[R], result)

    return wrapped


class ResponseContextManager(Generic[R]):
    """``with resource.with_streaming_response.method(...) as response:``; the request is made
    on entering, and the connection released on leaving."""

    def __init__(self, call: Callable[[], "APIResponse[R]"]) -> None:
        self._call = call
        self._response: Optional[APIResponse[R]] = None

    def __enter__(self) -> "APIResponse[R]":
        token = _streamed_response_requested.set(True)
        try:
            self._response = self._call()
        finally:
            _streamed_response_requested.reset(token)
        return self._response

    def __exit__(self, *exc_info: object) -> None:
        if self._response is not None:
            self._response.close()


class AsyncResponseContextManager(Generic[R]):
    """``async with resource.with_streaming_response.method(...) as response:``."""

    def __init__(self, call: Callable[[], Awaitable["AsyncAPIResponse[R]"]]) -> None:
        self._call = call
        self._response: Optional[AsyncAPIResponse[R]] = None

    async def __aenter__(self) -> "AsyncAPIResponse[R]":
        token = _streamed_response_requested.set(True)
        try:
            self._response = await self._call()
        finally:
            _streamed_response_requested.reset(token)
        return self._response

    async def __aexit__(self, *exc_info: object) -> None:
        if self._response is not None:
            await self._response.close()


def to_streamed_response_wrapper(
    func: Callable[P, R],
) -> Callable[P, ResponseContextManager[R]]:
    """Wrap a sync resource method so it returns a context manager of ``APIResponse[R]``
    whose body is not read yet (streams, binary downloads)."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> ResponseContextManager[R]:
        def call() -> APIResponse[R]:
            result: Any = func(*args, **kwargs)
            if not isinstance(result, APIResponse):
                raise TypeError(f"{func.__qualname__} made no request, so it has no response")
            return cast(APIResponse[R], result)

        return ResponseContextManager(call)

    return wrapped


def async_to_streamed_response_wrapper(
    func: Callable[P, Awaitable[R]],
) -> Callable[P, AsyncResponseContextManager[R]]:
    """Async twin of :func:`to_streamed_response_wrapper`."""

    @functools.wraps(func)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> AsyncResponseContextManager[R]:
        async def call() -> AsyncAPIResponse[R]:
            result: Any = await func(*args, **kwargs)
            if not isinstance(result, AsyncAPIResponse):
                raise TypeError(f"{func.__qualname__} made no request, so it has no response")
            return cast(AsyncAPIResponse[R], result)

        return AsyncResponseContextManager(call)

    return wrapped

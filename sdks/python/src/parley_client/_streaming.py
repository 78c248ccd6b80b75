# File generated from the OpenAPI spec by the SDK generator (python -m generator). Do not edit.

"""Server-sent event streams: an incremental decoder (WHATWG HTML §9.2) and ``Stream[T]`` /
``AsyncStream[T]``, what a streaming method returns.

The decoder takes the body as it arrives, in chunks of any size: a UTF-8 character or a CRLF
split across two chunks is joined, a leading BOM is dropped, CR, LF and CRLF all end a line.
A stream yields one item per event: the event's JSON ``data`` validated as the declared item
type (like a union member: an unknown event type is kept, never coerced), or the
:class:`ServerSentEvent` itself for an untyped stream. ``data: [DONE]`` ends it; an ``error``
event or an ``{"error": ...}`` object raises :class:`APIStreamError`. Leaving early (``break``,
``close()``, the ``with`` block, or dropping the stream) closes the connection.
"""

import asyncio
import codecs
import json
import threading
from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterator
from typing import Any, Generic, Optional, TypeVar, cast

import httpx
import pydantic
from typing_extensions import Self, get_args

from ._exceptions import APIResponseValidationError, APIStreamError, body_excerpt
from ._models import validate_response_json
from ._response import mismatch_error

__all__ = ["AsyncStream", "SSEDecoder", "ServerSentEvent", "Stream"]

T = TypeVar("T")

DONE = "[DONE]"
"""The ``data`` of the event that ends an OpenAI-style stream."""


class ServerSentEvent:
    """One event: ``event`` (None when unnamed), ``data`` (its lines joined by ``\\n``),
    ``id`` (the last event id seen, which persists across events) and ``retry`` (ms)."""

    __slots__ = ("data", "event", "id", "retry")

    def __init__(
        self,
        *,
        data: str = "",
        event: Optional[str] = None,
        id: Optional[str] = None,
        retry: Optional[int] = None,
    ) -> None:
        self.data = data
        self.event = event
        self.id = id
        self.retry = retry

    def json(self) -> Any:
        """``data`` decoded as JSON."""
        return json.loads(self.data)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ServerSentEvent):
            return NotImplemented
        return (self.event, self.data, self.id, self.retry) == (
            other.event, other.data, other.id, other.retry
        )

    def __hash__(self) -> int:
        return hash((self.event, self.data, self.id, self.retry))

    def __repr__(self) -> str:
        return (
            f"ServerSentEvent(event={self.event!r}, data={self.data!r}, id={self.id!r}, "
            f"retry={self.retry!r})"
        )


class SSEDecoder:
    """Bytes in, events out: ``feed(chunk)`` returns the events the chunk completes,
    ``flush()`` the last one when the body ends without a blank line."""

    def __init__(self) -> None:
        self._utf8 = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._started = False
        self._skip_lf = False  # the previous chunk ended in CR: a leading LF is its CRLF
        self._partial = ""  # an unterminated line
        self._event: Optional[str] = None
        self._data: list[str] = []
        self._last_id: Optional[str] = None
        self._retry: Optional[int] = None

    def feed(self, chunk: bytes) -> list[ServerSentEvent]:
        return self._text(self._utf8.decode(chunk))

    def flush(self) -> list[ServerSentEvent]:
        events = self._text(self._utf8.decode(b"", final=True))
        if self._partial:
            line, self._partial = self._partial, ""
            self._line(line, events)
        # A body that ends without the blank line dispatches nothing more (§9.2.6): the
        # incomplete event is dropped.
        return events

    def _text(self, text: str) -> list[ServerSentEvent]:
        if not text:
            return []
        if not self._started:
            self._started = True
            if text.startswith("\ufeff"):
                text = text[1:]
        if self._skip_lf and text.startswith("\n"):
            text = text[1:]
        self._skip_lf = text.endswith("\r")
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        lines = (self._partial + text).split("\n")
        self._partial = lines.pop()
        events: list[ServerSentEvent] = []
        for line in lines:
            self._line(line, events)
        return events

    def _line(self, line: str, events: list[ServerSentEvent]) -> None:
        if not line:  # a blank line dispatches the event
            if self._data:
                events.append(
                    ServerSentEvent(
                        data="\n".join(self._data),
                        event=self._event or None,
                        id=self._last_id,
                        retry=self._retry,
                    )
                )
            self._event, self._data, self._retry = None, [], None
            return
        if line.startswith(":"):
            return  # a comment
        name, colon, value = line.partition(":")
        if colon and value.startswith(" "):
            value = value[1:]
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id":
            if "\0" not in value:
                self._last_id = value
        elif name == "retry":
            if value.isascii() and value.isdigit():
                self._retry = int(value)


def _item_type(stream_cls: Any) -> Any:
    args = get_args(stream_cls)
    return args[0] if args else ServerSentEvent


class _BaseStream(Generic[T]):
    def __init__(
        self, *, response: httpx.Response, item_type: Any, strict: bool
    ) -> None:
        self.response = response
        """The HTTP response (status, headers); its body is read as the stream is iterated."""
        self._item_type = item_type
        self._strict = strict
        self._decoder = SSEDecoder()

    def _item(self, sse: ServerSentEvent) -> Any:
        """The item of one event (after [DONE] was checked), or raise the stream's error.

        One pass from the event's text: no ``json.loads`` first, unless the text may hold an
        error object (an unnamed event mentioning ``"error"``) or does not validate."""
        if sse.event == "error":
            raise _stream_error(sse, self.response)
        if self._item_type is ServerSentEvent:
            return sse
        if sse.event is None and '"error"' in sse.data:
            data: object = self._decode(sse)
            if _get(data, "error"):
                raise _stream_error(sse, self.response, data)
        try:
            return validate_response_json(
                self._item_type, sse.data, strict=self._strict, decode=lambda: self._decode(sse)
            )
        except pydantic.ValidationError as exc:
            data = self._decode(sse)
            raise mismatch_error(self.response, data, exc, strict=self._strict) from None

    def _decode(self, sse: ServerSentEvent) -> object:
        try:
            return sse.json()
        except ValueError as exc:
            raise APIResponseValidationError(
                response=self.response,
                body=sse.data,
                message=f"An event's data is not JSON ({exc}): {body_excerpt(sse.data, 200)!r}",
            ) from None


def _get(value: object, key: str) -> object:
    """``value[key]`` when ``value`` is a JSON object, else None."""
    return cast(dict[str, object], value).get(key) if isinstance(value, dict) else None


def _stream_error(
    sse: ServerSentEvent, response: httpx.Response, body: object = None
) -> APIStreamError:
    if body is None:
        try:
            body = sse.json()
        except ValueError:
            body = sse.data
    message = _get(_get(body, "error"), "message")
    text = message if isinstance(message, str) and message else sse.data
    return APIStreamError(f"An error arrived in the event stream: {text}", response=response,
                          body=body, event=sse)


class Stream(_BaseStream[T]):
    """``for event in stream``; ``stream.close()`` or ``with stream:`` ends it early."""

    def __init__(self, *, response: httpx.Response, item_type: Any, strict: bool) -> None:
        super().__init__(response=response, item_type=item_type, strict=strict)
        self._iterator = self._events()

    def __iter__(self) -> Iterator[T]:
        return self._iterator

    def __next__(self) -> T:
        return next(self._iterator)

    def _events(self) -> Generator[T, None, None]:
        try:
            decoder = self._decoder
            for chunk in self.response.iter_bytes():
                for sse in decoder.feed(chunk):
                    if sse.data == DONE:
                        return
                    yield self._item(sse)
            for sse in decoder.flush():
                if sse.data == DONE:
                    return
                yield self._item(sse)
        finally:
            self.response.close()

    def close(self) -> None:
        """Stop reading and release the connection."""
        self._iterator.close()
        self.response.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        # A stream dropped before its first event: its generator never ran its `finally`.
        # The garbage collector may run this inside the connection pool's own (non-reentrant)
        # lock, on this thread, during another request: closing here would deadlock, so the
        # close is handed to a short-lived thread that waits for the lock instead.
        if not self.response.is_closed:
            threading.Thread(target=self.response.close, name="stream-close", daemon=True).start()


_closing: "set[asyncio.Task[None]]" = set()
"""Close tasks of dropped async streams (the loop keeps only weak references to tasks)."""


def _close_on(loop: asyncio.AbstractEventLoop, response: httpx.Response) -> None:
    def schedule() -> None:
        task = loop.create_task(response.aclose())
        _closing.add(task)
        task.add_done_callback(_closing.discard)

    try:
        loop.call_soon_threadsafe(schedule)
    except RuntimeError:  # the loop is closed: its connections are gone with it
        pass


class AsyncStream(_BaseStream[T]):
    """``async for event in stream``; ``await stream.close()`` or ``async with stream:``."""

    def __init__(self, *, response: httpx.Response, item_type: Any, strict: bool) -> None:
        super().__init__(response=response, item_type=item_type, strict=strict)
        self._iterator = self._events()
        try:
            self._loop: Optional[asyncio.AbstractEventLoop] = asyncio.get_running_loop()
        except RuntimeError:
            self._loop = None

    def __del__(self) -> None:
        # A stream dropped without close(): an async close cannot run here (the collector
        # may run this anywhere, even in another thread), so it is scheduled on the loop the
        # stream was made on. The generator's own finally does not run for a stream never
        # iterated, and for one left mid-way only when asyncio finalizes the generator.
        if not self.response.is_closed and self._loop is not None:
            _close_on(self._loop, self.response)

    def __aiter__(self) -> AsyncIterator[T]:
        return self._iterator

    async def __anext__(self) -> T:
        return await self._iterator.__anext__()

    async def _events(self) -> AsyncGenerator[T, None]:
        try:
            decoder = self._decoder
            async for chunk in self.response.aiter_bytes():
                for sse in decoder.feed(chunk):
                    if sse.data == DONE:
                        return
                    yield self._item(sse)
            for sse in decoder.flush():
                if sse.data == DONE:
                    return
                yield self._item(sse)
        finally:
            await self.response.aclose()

    async def close(self) -> None:
        """Stop reading and release the connection."""
        await self._iterator.aclose()
        await self.response.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


def make_stream(stream_cls: Any, response: httpx.Response, *, strict: bool) -> Any:
    """``stream_cls`` is ``Stream[Item]`` / ``AsyncStream[Item]`` (the method's return type)."""
    origin = getattr(stream_cls, "__origin__", stream_cls)
    return origin(response=response, item_type=_item_type(stream_cls), strict=strict)

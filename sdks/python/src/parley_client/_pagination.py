# File generated from the OpenAPI spec by the SDK generator (python -m generator). Do not edit.

"""Pagination: page objects that know how to fetch the page after them.

The generated ``pagination.py`` subclasses ``BaseSyncPage`` / ``BaseAsyncPage`` once per
scheme of the API and only sets the class attributes naming its kind and wire fields. Kinds:
``cursor_id`` / ``cursor_token`` (the next cursor goes in ``_cursor_param``), ``page_number``
(``_cursor_param`` + 1), ``offset`` (``_cursor_param`` + the items received) and ``next_url``
(the URL in ``_cursor_field``). A page iterates its items, never its fields.
"""

from collections.abc import AsyncIterator, Generator, Iterator, Mapping
from dataclasses import replace
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Generic,
    Optional,
    TypeVar,
    cast,
)

import httpx
import pydantic
from typing_extensions import Self

from ._exceptions import APIResponseValidationError
from ._models import check_strict, list_of
from ._options import FinalRequestOptions
from ._response import decode_json, json_text_is_utf8, validate_or_raise

if TYPE_CHECKING:
    from ._base_client import AsyncAPIClient, SyncAPIClient

__all__ = ["AsyncPaginator", "BaseAsyncPage", "BaseSyncPage"]

T = TypeVar("T")
AsyncPageT = TypeVar("AsyncPageT", bound="BaseAsyncPage[Any]")


class _PageFields(dict[str, Any]):
    """The fields of a page besides its items (the envelope without them)."""


_EnvelopeKey = tuple[str, Optional[str], int]
_envelope_adapters: "dict[_EnvelopeKey, tuple[Any, pydantic.TypeAdapter[Any]]]" = {}


def _envelope_adapter(
    items_field: str, has_more_field: Optional[str], model: Any
) -> "pydantic.TypeAdapter[Any]":
    """A page body as one model: its items validated as ``model``, ``has_more`` a JSON boolean,
    every other field kept as received. Cached by the model's identity (hashing an
    ``Annotated`` union walks all of it)."""
    key = (items_field, has_more_field, id(model))
    known = _envelope_adapters.get(key)
    if known is not None and known[0] is model:
        return known[1]
    adapter = _build_envelope_adapter(items_field, has_more_field, model)
    _envelope_adapters[key] = (model, adapter)
    return adapter


def _build_envelope_adapter(
    items_field: str, has_more_field: Optional[str], model: Any
) -> "pydantic.TypeAdapter[Any]":
    fields: dict[str, Any] = {
        "page_items": (list_of(model), pydantic.Field(alias=items_field)),
    }
    if has_more_field:
        fields["page_has_more"] = (
            Optional[pydantic.StrictBool],
            pydantic.Field(default=None, alias=has_more_field),
        )
    envelope: Any = pydantic.create_model(  # pyright: ignore[reportCallIssue]
        "PageEnvelope", __config__=pydantic.ConfigDict(extra="allow"), **fields
    )
    return pydantic.TypeAdapter(envelope)


_page_aliases: "dict[tuple[type, int], tuple[object, Any]]" = {}


class _BasePage(Generic[T]):
    _kind: ClassVar[str] = "cursor_id"
    """``cursor_id``, ``cursor_token``, ``page_number``, ``offset`` or ``next_url``."""
    _items_field: ClassVar[str] = "data"
    """Envelope field holding the items."""
    _cursor_param: ClassVar[Optional[str]] = "after"
    """Query parameter that asks for the next page (its cursor, number or offset)."""
    _cursor_field: ClassVar[Optional[str]] = "last_id"
    """Envelope field holding the next cursor (``None``: use ``_cursor_item_field``)."""
    _cursor_item_field: ClassVar[Optional[str]] = None
    """Wire field of the last item used as cursor when the envelope has none (e.g. ``id``)."""
    _has_more_field: ClassVar[Optional[str]] = "has_more"
    """Envelope boolean saying whether more pages exist (``None``: the API has none)."""
    _total_field: ClassVar[Optional[str]] = None
    """``offset``: the total item count; ``page_number``: the number of pages."""

    data: list[T]

    if not TYPE_CHECKING:

        def __class_getitem__(cls, item):
            # Generated methods name ``SyncCursorPage[Item]`` on every call; typing's own cache
            # hashes ``Item``, which for an ``Annotated`` union walks all of it. By identity:
            key = (cls, id(item))
            known = _page_aliases.get(key)
            if known is not None and known[0] is item:
                return known[1]
            alias = super().__class_getitem__(item)
            _page_aliases[key] = (item, alias)
            return alias

    def __init__(
        self,
        *,
        data: list[T],
        envelope: Mapping[str, Any],
        model: Any,
        options: FinalRequestOptions,
        response: httpx.Response,
    ) -> None:
        self.data = data
        self._fields = envelope
        # A page validated in one pass from the body's text has only its other fields decoded;
        # the whole envelope is decoded if it is ever asked for.
        self._envelope: Optional[Mapping[str, Any]] = (
            None if isinstance(envelope, _PageFields) else envelope
        )
        self.http_response = response
        self._model = model
        self._options = options

    @property
    def envelope(self) -> Mapping[str, Any]:
        """The whole decoded page body, items included, as received."""
        if self._envelope is None:
            body = decode_json(self.http_response)
            self._envelope = cast(dict[str, Any], body) if isinstance(body, dict) else {}
        return self._envelope

    @classmethod
    def _parse_envelope(
        cls, *, model: Any, response: httpx.Response, strict: bool
    ) -> "tuple[list[Any], Mapping[str, Any]]":
        if json_text_is_utf8(response):
            envelope_adapter = _envelope_adapter(cls._items_field, cls._has_more_field, model)
            try:
                # One pass over the body's text: the page and its items at once.
                page = envelope_adapter.validate_json(
                    # strict=None, not False: False would override StrictBool's own strictness.
                    response.content, strict=strict or None, context={"strict": strict}
                )
            except pydantic.ValidationError:
                pass  # not a valid page: the path below tells why, or builds it loosely
            else:
                page_items: list[Any] = page.page_items
                if strict:
                    check_strict(page_items)
                fields = _PageFields(page.model_extra or {})
                if "page_has_more" in page.model_fields_set and cls._has_more_field:
                    fields[cls._has_more_field] = page.page_has_more
                return page_items, fields
        body = decode_json(response)
        if not isinstance(body, dict):
            raise APIResponseValidationError(
                response=response,
                body=body,
                message=f"Expected a JSON object page, got {type(body).__name__}",
            )
        envelope: dict[str, Any] = {
            str(key): value for key, value in cast(dict[object, object], body).items()
        }
        items = envelope.get(cls._items_field)
        if not isinstance(items, list):
            raise APIResponseValidationError(
                response=response,
                body=envelope,
                message=f"Expected a list in page field {cls._items_field!r}, "
                f"got {type(items).__name__}",
            )
        has_more = envelope.get(cls._has_more_field) if cls._has_more_field else None
        if has_more is not None and not isinstance(has_more, bool):
            raise APIResponseValidationError(
                response=response,
                body=envelope,
                message=f"Expected a boolean in page field {cls._has_more_field!r}, "
                f"got {has_more!r}",
            )
        items_list: list[object] = cast(list[object], items)
        parsed = validate_or_raise(list_of(model), items_list, response, strict=strict)
        return parsed, envelope

    def next_cursor(self) -> Optional[str]:
        """The cursor (or URL) of the next page, or ``None`` when pagination should stop."""
        if not self.data:
            return None
        if self._has_more_field is not None and self._fields.get(self._has_more_field) is False:
            return None
        if self._kind in ("page_number", "offset"):
            return self._next_number()
        cursor: object = None
        if self._cursor_field is not None:
            cursor = self._fields.get(self._cursor_field)
        if cursor is None and self._cursor_item_field is not None:
            cursor = _wire_field(self.data[-1], self._cursor_item_field)
        if cursor is None or cursor == "" or isinstance(cursor, bool):
            return None
        if not isinstance(cursor, (str, int)):
            return None
        cursor_text = str(cursor)
        # A server that hands back the cursor it was given would make iteration loop forever.
        if self._kind == "next_url":
            here = self.http_response.request.url
            if here.join(cursor_text) == here:
                return None
        elif cursor_text == _as_text(self._options.params.get(self._cursor_param or "")):
            return None
        return cursor_text

    def _next_number(self) -> Optional[str]:
        raw = self._options.params.get(self._cursor_param or "")
        try:
            current = int(str(raw)) if raw is not None else (1 if self._kind == "page_number" else 0)
        except ValueError:
            return None
        following = current + 1 if self._kind == "page_number" else current + len(self.data)
        total = self._fields.get(self._total_field) if self._total_field else None
        if isinstance(total, int) and not isinstance(total, bool):
            # page_number: the number of pages; offset: the number of items.
            if (self._kind == "page_number" and following > total) or (
                self._kind == "offset" and following >= total
            ):
                return None
        return str(following)

    def has_next_page(self) -> bool:
        return self.next_cursor() is not None

    def _next_page_options(self) -> FinalRequestOptions:
        cursor = self.next_cursor()
        if cursor is None:
            raise RuntimeError(
                "No next page: check has_next_page() before calling get_next_page(), "
                "or iterate the page to walk every item."
            )
        if self._kind == "next_url":
            # The URL carries every query parameter; a relative one resolves against this page's.
            url = self.http_response.request.url.join(cursor)
            params: dict[str, object] = {}
            for key in url.params:
                values = url.params.get_list(key)
                params[key] = values if len(values) > 1 else values[0]
            return replace(self._options, path=str(url.copy_with(query=None)), params=params)
        return self._options.with_params(**{self._cursor_param or "": cursor})

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} items={len(self.data)} has_next_page={self.has_next_page()}>"
        )


class BaseSyncPage(_BasePage[T]):
    """A page of a sync list call; iterating it walks every item of every later page."""

    def __init__(
        self,
        *,
        client: "SyncAPIClient",
        data: list[T],
        envelope: Mapping[str, Any],
        model: Any,
        options: FinalRequestOptions,
        response: httpx.Response,
    ) -> None:
        super().__init__(
            data=data, envelope=envelope, model=model, options=options, response=response
        )
        self._client = client

    @classmethod
    def _from_response(
        cls: type[Self],
        *,
        client: "SyncAPIClient",
        model: Any,
        options: FinalRequestOptions,
        response: httpx.Response,
        strict: bool,
    ) -> Self:
        data, envelope = cls._parse_envelope(model=model, response=response, strict=strict)
        return cls(
            client=client,
            data=data,
            envelope=envelope,
            model=model,
            options=options,
            response=response,
        )

    def next_page(self) -> Self:
        """Fetch the following page; raises ``RuntimeError`` when there is none."""
        return self._client._request_page(  # pyright: ignore[reportPrivateUsage]
            type(self), self._model, self._next_page_options()
        )

    get_next_page = next_page

    def iter_pages(self) -> Iterator[Self]:
        """This page, then every following page."""
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = page.next_page()

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            yield from page.data


class BaseAsyncPage(_BasePage[T]):
    """A page of an async list call; ``async for`` walks every item of every later page."""

    def __init__(
        self,
        *,
        client: "AsyncAPIClient",
        data: list[T],
        envelope: Mapping[str, Any],
        model: Any,
        options: FinalRequestOptions,
        response: httpx.Response,
    ) -> None:
        super().__init__(
            data=data, envelope=envelope, model=model, options=options, response=response
        )
        self._client = client

    @classmethod
    def _from_response(
        cls: type[Self],
        *,
        client: "AsyncAPIClient",
        model: Any,
        options: FinalRequestOptions,
        response: httpx.Response,
        strict: bool,
    ) -> Self:
        data, envelope = cls._parse_envelope(model=model, response=response, strict=strict)
        return cls(
            client=client,
            data=data,
            envelope=envelope,
            model=model,
            options=options,
            response=response,
        )

    async def next_page(self) -> Self:
        """Fetch the following page; raises ``RuntimeError`` when there is none."""
        return await self._client._request_page(  # pyright: ignore[reportPrivateUsage]
            type(self), self._model, self._next_page_options()
        )

    get_next_page = next_page

    async def iter_pages(self) -> AsyncIterator[Self]:
        """This page, then every following page."""
        page = self
        while True:
            yield page
            if not page.has_next_page():
                return
            page = await page.next_page()

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            for item in page.data:
                yield item


class AsyncPaginator(Generic[T, AsyncPageT]):
    """What an async ``list`` returns: ``await`` it for the first page, or ``async for`` it
    directly to walk every item without awaiting first."""

    def __init__(
        self,
        *,
        client: "AsyncAPIClient",
        page: type[AsyncPageT],
        model: Any,
        options: FinalRequestOptions,
    ) -> None:
        self._client = client
        self._page = page
        self._model = model
        self._options = options

    def __await__(self) -> Generator[Any, None, AsyncPageT]:
        request = self._client._request_page(  # pyright: ignore[reportPrivateUsage]
            self._page, self._model, self._options
        )
        return request.__await__()

    async def __aiter__(self) -> AsyncIterator[T]:
        page: AsyncPageT = await self
        async for item in page:
            yield item


def _wire_field(item: object, wire_name: str) -> object:
    if isinstance(item, Mapping):
        return cast(Mapping[str, object], item).get(wire_name)
    to_dict = getattr(item, "to_dict", None)
    if callable(to_dict):
        data = to_dict()
        if isinstance(data, Mapping):
            return cast(Mapping[str, object], data).get(wire_name)
    return getattr(item, wire_name, None)


def _as_text(value: object) -> Optional[str]:
    if value is None:
        return None
    return value if isinstance(value, str) else str(value)

# File generated from the OpenAPI spec by the SDK generator (python -m generator). Do not edit.

"""Page classes, one pair per pagination scheme of the API (configured or detected)."""

from typing import TypeVar

from ._pagination import BaseAsyncPage, BaseSyncPage

__all__ = [
    "SyncCursorPage",
    "AsyncCursorPage",
]

T = TypeVar("T")


class SyncCursorPage(BaseSyncPage[T]):
    """A page of results; iterate it to walk every item of every following page."""

    _items_field = "data"
    _cursor_param = "after"
    _cursor_field = "last_id"
    _has_more_field = "has_more"


class AsyncCursorPage(BaseAsyncPage[T]):
    """A page of results; ``async for`` walks every item of every following page."""

    _items_field = "data"
    _cursor_param = "after"
    _cursor_field = "last_id"
    _has_more_field = "has_more"

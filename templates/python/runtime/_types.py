"""Shared sentinels and type aliases used by the runtime and by generated code."""

import os
from collections.abc import Mapping
from typing import IO, Final, Optional, Tuple, Union

import httpx
from typing_extensions import Literal, TypedDict, final, override


@final
class NotGiven:
    """Marks an argument the caller did not pass, as distinct from an explicit ``None``.

    An omitted argument is not sent at all, whereas ``None`` is sent as JSON ``null``.
    The sentinel is falsy so ``if timeout:`` style checks treat it as "absent".
    """

    def __bool__(self) -> Literal[False]:
        return False

    @override
    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()


@final
class Omit:
    """Removes a default header for one request: ``extra_headers={"User-Agent": Omit()}``."""

    def __bool__(self) -> Literal[False]:
        return False

    @override
    def __repr__(self) -> str:
        return "Omit()"


Headers = Mapping[str, Union[str, Omit]]
Query = Mapping[str, object]
Body = object
Timeout = Union[float, httpx.Timeout, None]

# Request bodies and uploads. ``Tuple`` rather than ``tuple``: these aliases are evaluated at
# import time and must work on Python 3.9.
BodyEncoding = Literal["json", "multipart", "form", "raw"]
"""How a request body goes on the wire: JSON, ``multipart/form-data``,
``application/x-www-form-urlencoded``, or raw bytes with the operation's content type."""
FileContent = Union[bytes, IO[bytes], os.PathLike[str]]
"""The bytes of an upload: in memory, an open binary file, or a path to read."""
FileTypes = Union[
    FileContent,
    Tuple[Optional[str], FileContent],
    Tuple[Optional[str], FileContent, Optional[str]],
]
"""One file part: its content, or ``(filename, content)`` / ``(filename, content, content_type)``."""


class RequestOptions(TypedDict, total=False):
    """Per-request overrides produced by ``make_request_options`` in generated methods."""

    headers: Headers
    max_retries: int
    timeout: Timeout
    params: Query
    extra_json: Mapping[str, object]
    idempotency_key: str
    body_encoding: BodyEncoding
    content_type: str
    security: tuple[str, ...]

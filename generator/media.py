"""The one media-type classifier. Every media decision of the generator goes through here.

The builder records the results on the IR (``RequestBody.encoding``, ``RequestBody.file_parts``,
``Response.kind``); backends read those facts and never look at a media type string again, so
two languages cannot disagree on what a body is.

Classification of one media type (parameters such as ``; charset=utf-8`` ignored, case-folded):

=================  ==============================================================================
``json``           ``application/json``, any ``+json`` structured suffix (``application/problem+
                   json``, ``application/vnd.api+json``), ``text/json`` and ``*/*`` (a wildcard is
                   JSON in every real spec that uses it)
``event_stream``   ``text/event-stream``, and line-delimited JSON (``application/x-ndjson``,
                   ``application/jsonl``, ``application/json-seq``, ...)
``form``           ``application/x-www-form-urlencoded``
``multipart``      ``multipart/form-data`` (other ``multipart/*`` are opaque bytes: ``binary``)
``text``           ``text/*``, XML (``application/xml``, ``+xml``), YAML, JavaScript, GraphQL, CSV
``binary``         everything else: ``application/octet-stream``, ``audio/*``, ``image/*``
                   (``image/svg+xml`` included), ``video/*``, ``font/*``, ``application/pdf``,
                   ``application/zip``, ... An unknown type is bytes: decoding bytes as text can
                   corrupt them, keeping them cannot.
=================  ==============================================================================
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

MediaKind = Literal["json", "event_stream", "form", "multipart", "text", "binary"]

_JSON = re.compile(r"^(?:[\w.+-]+/(?:[\w.+-]+\+)?json|\*/\*)$")
_EVENT_STREAM = frozenset(
    {
        "text/event-stream",
        "application/x-ndjson",
        "application/ndjson",
        "application/jsonl",
        "application/x-jsonl",
        "application/jsonlines",
        "application/x-jsonlines",
        "application/json-seq",
    }
)
_TEXT_APPLICATION = frozenset(
    {
        "application/xml",
        "application/yaml",
        "application/x-yaml",
        "application/javascript",
        "application/ecmascript",
        "application/graphql",
        "application/sql",
        "application/csv",
        "application/x-sh",
    }
)


def essence(media_type: str) -> str:
    """``type/subtype``, lower-cased, no parameters (``Text/Plain; q=1`` → ``text/plain``)."""
    return media_type.split(";", 1)[0].strip().lower()


def classify(media_type: str) -> MediaKind:
    """The kind of one media type (see the module docstring for the table)."""
    media = essence(media_type)
    if media in _EVENT_STREAM:
        return "event_stream"
    if _JSON.match(media):
        return "json"
    if media == "application/x-www-form-urlencoded":
        return "form"
    if media == "multipart/form-data":
        return "multipart"
    if media.startswith("text/") or media in _TEXT_APPLICATION:
        return "text"
    if media.startswith("application/") and media.endswith("+xml"):
        return "text"
    return "binary"


def is_json(media_type: str) -> bool:
    return classify(media_type) == "json"


# A request body: which of several offered media types the SDK sends. JSON first (typed fields),
# then the structured forms; otherwise the spec's first.
_REQUEST_PREFERENCE: tuple[MediaKind, ...] = ("json", "multipart", "form")
# A response: which offered media type the SDK decodes. JSON first (typed), then bytes (lossless),
# then text, then a stream (streaming is its own issue; see ``Response.streaming``).
_RESPONSE_PREFERENCE: tuple[MediaKind, ...] = ("json", "binary", "text", "event_stream")


def pick_request_media(media_types: Iterable[str]) -> str:
    """The media type a request body is sent as (``media_types`` is non-empty, spec order)."""
    offered = list(media_types)
    for kind in _REQUEST_PREFERENCE:
        for media in offered:
            if classify(media) == kind:
                return media
    return offered[0]


def pick_response_media(media_types: Iterable[str]) -> str | None:
    """The media type a response is read as; None when nothing is offered.

    A form or multipart response (rare) is read as bytes, like any opaque body.
    """
    offered = list(media_types)
    for kind in _RESPONSE_PREFERENCE:
        for media in offered:
            if response_media_kind(media) == kind:
                return media
    return offered[0] if offered else None


def response_media_kind(media_type: str) -> Literal["json", "binary", "text", "event_stream"]:
    kind = classify(media_type)
    if kind in ("form", "multipart"):
        return "binary"
    return kind  # type: ignore[return-value]


def request_encoding(media_type: str) -> Literal["json", "form", "multipart", "binary", "text"]:
    """How a request body of this media type is encoded. A line-delimited stream is sent as the
    text the caller gives."""
    kind = classify(media_type)
    if kind == "event_stream":
        return "text"
    return kind


_MEDIA_RANGE = re.compile(r"^[A-Za-z0-9!#$&^_.+*-]+/[A-Za-z0-9!#$&^_.+*-]+$")


def accept_header(media_type: str, kind: str) -> str | None:
    """The ``Accept`` value for a response read as ``kind``: its media type for text and
    bytes (a server may negotiate), else None (the runtime asks for JSON). A media type that is
    not a plain ``type/subtype`` token pair is not sent: it could not be a valid header."""
    if kind not in ("text", "binary"):
        return None
    media = media_type.split(";", 1)[0].strip()
    return media if _MEDIA_RANGE.match(media) else None


def content_type_header(media_type: str) -> str | None:
    """The ``Content-Type`` for a body sent as given (text or bytes): the media type, unless it
    is a range (``image/*``: no body has that type) or not well-formed (then the runtime's
    default applies)."""
    media = media_type.strip()
    if "*" in media or any(ord(c) < 0x20 or ord(c) == 0x7F for c in media):
        return None
    return media if _MEDIA_RANGE.match(essence(media)) else None


NO_CONTENT_STATUSES = frozenset({"204", "205"})
"""Statuses whose response never has a body (RFC 9110 §15.3.5, §15.3.6)."""

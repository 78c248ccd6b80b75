"""Request body encoding: JSON, multipart/form-data, URL-encoded forms and raw bytes.

A body is encoded once per call into bytes plus a content type, so every retry sends exactly
the same bytes (uploads included: see ``_files``).

Form flattening (multipart and URL-encoded alike), for a top-level object body:

* ``None``, ``NOT_GIVEN`` and ``Omit`` values are left out (a form cannot express ``null``);
* booleans become ``true`` / ``false``, numbers their decimal text, strings stay as they are;
* a list repeats its key (``tag=a&tag=b``); a nested object uses brackets
  (``expires_after[anchor]=created_at``), an object inside a list its index
  (``items[0][name]=x``);
* models, dates, enums, ... are first converted to their JSON value.
"""

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Optional, cast
from urllib.parse import urlencode

import pydantic
import pydantic_core

from ._files import FilePart, is_file_content, read_file, read_file_content
from ._options import FinalRequestOptions
from ._types import FileContent, FileTypes, NotGiven, Omit
from ._utils import to_jsonable

__all__ = ["EncodedBody", "encode_body", "flatten_form", "encode_multipart"]

JSON_CONTENT_TYPE = "application/json"
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
RAW_CONTENT_TYPE = "application/octet-stream"


@dataclass(frozen=True)
class EncodedBody:
    content: bytes
    content_type: str
    """The ``Content-Type`` to send (for multipart it carries the boundary)."""
    fixed_content_type: bool = False
    """The content type must win over a caller's header (a multipart boundary must match)."""


def encode_body(options: FinalRequestOptions) -> Optional[EncodedBody]:
    """The request body of ``options`` as bytes, or ``None`` when there is no body."""
    encoding = options.body_encoding
    data = options.json_data
    if encoding == "json":
        if options.files:
            raise ValueError("file uploads need body_encoding='multipart', not 'json'")
        if data is None:
            return None
        return EncodedBody(_json_bytes(data), options.content_type or JSON_CONTENT_TYPE)
    if encoding == "raw":
        if data is None:
            return None
        return EncodedBody(_raw_bytes(data), options.content_type or RAW_CONTENT_TYPE)
    if encoding == "form":
        if options.files:
            raise ValueError("file uploads need body_encoding='multipart', not 'form'")
        if data is None:
            return None
        pairs = [(key, _form_text(key, value)) for key, value in flatten_form(_form_root(data))]
        return EncodedBody(
            urlencode(pairs).encode("ascii"), options.content_type or FORM_CONTENT_TYPE
        )
    if encoding == "multipart":
        if data is None and options.files is None:
            return None
        fields: list[tuple[str, str]] = []
        files: list[tuple[str, FilePart]] = []
        for key, value in flatten_form(_form_root(data) if data is not None else {}):
            if is_file_content(value):
                # An upload passed in the body (e.g. through extra_body) rather than files=.
                files.append((key, read_file(cast(FileTypes, value), where=key)))
            else:
                fields.append((key, _form_text(key, value)))
        files.extend(options.files or ())
        content, content_type = encode_multipart(fields, files)
        return EncodedBody(content, content_type, fixed_content_type=True)
    raise ValueError(f"unknown body_encoding {encoding!r}")


def _json_bytes(data: object) -> bytes:
    return json.dumps(to_jsonable(data), separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _raw_bytes(data: object) -> bytes:
    if isinstance(data, str):
        return data.encode("utf-8")
    if is_file_content(data):
        return read_file_content(cast(FileContent, data), where="body")
    # Not bytes-like: the operation declared a structured body with a non-JSON media type.
    return _json_bytes(data)


def _form_root(data: object) -> Mapping[str, object]:
    if not isinstance(data, Mapping):
        raise TypeError(f"a form request body must be an object, got {type(data).__name__}")
    return cast(Mapping[str, object], data)


def flatten_form(data: Mapping[str, object]) -> list[tuple[str, object]]:
    """``(key, leaf)`` pairs of a form body; leaves are str/int/float/bool or upload content."""
    pairs: list[tuple[str, object]] = []
    for key, value in data.items():
        _flatten_into(pairs, str(key), value)
    return pairs


def _flatten_into(pairs: list[tuple[str, object]], key: str, value: object) -> None:
    if value is None or isinstance(value, (NotGiven, Omit)):
        return
    if is_file_content(value) or isinstance(value, (str, int, float)):  # bool is an int
        pairs.append((key, value))
        return
    if isinstance(value, Mapping):
        for sub_key, item in cast(Mapping[object, object], value).items():
            _flatten_into(pairs, f"{key}[{sub_key}]", item)
        return
    if isinstance(value, (list, tuple)):
        items = cast("list[object] | tuple[object, ...]", value)
        for index, item in enumerate(items):
            # A model flattens to an object, so it needs an index like a dict does.
            nested = isinstance(item, (Mapping, list, tuple, pydantic.BaseModel))
            _flatten_into(pairs, f"{key}[{index}]" if nested else key, item)
        return
    try:
        converted = to_jsonable(value)  # models, datetimes, enums, UUIDs, ...
    except pydantic_core.PydanticSerializationError as exc:
        raise TypeError(
            f"{key}: cannot send a value of type {type(value).__name__} in a form body"
        ) from exc
    if converted is value:
        raise TypeError(f"{key}: cannot send a value of type {type(value).__name__} in a form body")
    _flatten_into(pairs, key, converted)


def _form_text(key: str, value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (str, int, float)):
        return str(value)
    raise TypeError(
        f"{key}: files can only be sent in a multipart/form-data body, got {type(value).__name__}"
    )


def _quote_header_value(text: str) -> str:
    """Escape a Content-Disposition parameter as browsers do (WHATWG HTML, multipart/form-data):
    the quote and line breaks are percent-encoded, everything else is sent as UTF-8."""
    return text.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def _single_line(text: str) -> str:
    return text.replace("\r", "").replace("\n", "")


def encode_multipart(
    fields: list[tuple[str, str]], files: list[tuple[str, FilePart]]
) -> tuple[bytes, str]:
    """A ``multipart/form-data`` body (RFC 7578): fields first, then files, each in order.

    Returns the body and its content type (with the boundary).
    """
    boundary = uuid.uuid4().hex
    # A boundary must not occur inside any part; a fresh uuid almost never does, check anyway.
    while any(boundary.encode("ascii") in part.content for _, part in files) or any(
        boundary in value for _, value in fields
    ):
        boundary = uuid.uuid4().hex
    delimiter = f"--{boundary}\r\n".encode("ascii")
    chunks: list[bytes] = []
    for name, value in fields:
        chunks.append(delimiter)
        chunks.append(
            f'Content-Disposition: form-data; name="{_quote_header_value(name)}"\r\n\r\n'.encode()
        )
        chunks.append(value.encode("utf-8"))
        chunks.append(b"\r\n")
    for name, part in files:
        disposition = f'form-data; name="{_quote_header_value(name)}"'
        if part.filename is not None:
            disposition += f'; filename="{_quote_header_value(part.filename)}"'
        chunks.append(delimiter)
        chunks.append(
            f"Content-Disposition: {disposition}\r\n"
            f"Content-Type: {_single_line(part.content_type)}\r\n\r\n".encode()
        )
        chunks.append(part.content)
        chunks.append(b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode("ascii"))
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"

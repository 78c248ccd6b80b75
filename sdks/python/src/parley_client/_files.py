# File generated from the OpenAPI spec by the SDK generator (python -m generator). Do not edit.

"""Uploads: turn the caller's ``FileTypes`` values into in-memory file parts.

Files are read completely, once per call, before the first attempt: a retry then resends the
same bytes, whatever the caller's file object did in between (a stream cannot be rewound, a
path may change), and the caller's file position is not our business after the read.
"""

import mimetypes
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, cast

from ._types import FileContent, FileTypes, NotGiven, Omit

__all__ = ["FilePart", "is_file_content", "read_file", "read_file_content", "read_files"]

DEFAULT_FILENAME = "upload"
"""Sent for in-memory bytes without a name: servers treat a part without a filename as a plain
form field, not a file (the same default as httpx)."""
DEFAULT_CONTENT_TYPE = "application/octet-stream"


@dataclass(frozen=True)
class FilePart:
    """One file of a multipart body, read into memory."""

    filename: Optional[str]
    content: bytes
    content_type: str


def is_file_content(value: object) -> bool:
    """True for ``bytes``, a binary file object (anything with ``read``), or a path."""
    return isinstance(value, (bytes, bytearray, memoryview, os.PathLike)) or callable(
        getattr(value, "read", None)
    )


def read_file_content(value: FileContent, *, where: str = "file") -> bytes:
    """The bytes of ``value``; ``where`` names the argument in error messages."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, os.PathLike):
        return Path(os.fspath(value)).read_bytes()
    read = getattr(value, "read", None)
    if not callable(read):
        raise TypeError(
            f"{where}: expected bytes, a binary file object or a path, got {type(value).__name__}"
        )
    data: object = read()
    if isinstance(data, str):
        raise TypeError(f"{where}: the file was opened in text mode; open it with 'rb'")
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"{where}: read() returned {type(data).__name__}, expected bytes")
    return bytes(data)


def _name_of(value: object) -> Optional[str]:
    if isinstance(value, os.PathLike):
        return Path(os.fspath(cast("os.PathLike[str]", value))).name
    name = getattr(value, "name", None)
    # Only real file names: sys.stdin.buffer is named "<stdin>", a pipe may be named by an int.
    if isinstance(name, str) and name and not (name.startswith("<") and name.endswith(">")):
        return Path(name).name
    return None


def read_file(value: FileTypes, *, where: str = "file") -> FilePart:
    """A ``FileTypes`` value as a :class:`FilePart`.

    The file name comes from the tuple, else from the path or file object, else
    ``"upload"``; the content type from the tuple, else guessed from the file name.
    """
    filename: Optional[str]
    content_type: Optional[str] = None
    if isinstance(value, tuple):
        parts = cast("tuple[object, ...]", value)
        if len(parts) not in (2, 3):
            raise TypeError(
                f"{where}: a file tuple is (filename, content) or (filename, content, "
                f"content_type), got {len(parts)} items"
            )
        raw_name, content = parts[0], parts[1]
        raw_type = parts[2] if len(parts) == 3 else None
        if raw_name is not None and not isinstance(raw_name, str):
            raise TypeError(f"{where}: the filename must be a str or None")
        if raw_type is not None and not isinstance(raw_type, str):
            raise TypeError(f"{where}: the content type must be a str or None")
        filename, content_type = raw_name, raw_type
    else:
        content = value
        filename = _name_of(value) or DEFAULT_FILENAME
    data = read_file_content(cast(FileContent, content), where=where)
    if content_type is None:
        guessed = mimetypes.guess_type(filename)[0] if filename else None
        content_type = guessed or DEFAULT_CONTENT_TYPE
    return FilePart(filename=filename, content=data, content_type=content_type)


def _is_single_file(value: object) -> bool:
    """A tuple is one ``(filename, content[, type])`` file; a list or other tuple is several."""
    if isinstance(value, tuple):
        parts = cast("tuple[object, ...]", value)
        return (
            len(parts) in (2, 3)
            and (parts[0] is None or isinstance(parts[0], str))
            and is_file_content(parts[1])
        )
    return is_file_content(value)


def read_files(files: Mapping[str, object]) -> list[tuple[str, FilePart]]:
    """``{field: file or list of files}`` as ``(field, part)`` pairs, in order.

    ``NOT_GIVEN`` and ``None`` values are left out (an optional upload that was not given).
    """
    result: list[tuple[str, FilePart]] = []
    for field_name, value in files.items():
        if value is None or isinstance(value, (NotGiven, Omit)):
            continue
        if _is_single_file(value):
            result.append((field_name, read_file(cast(FileTypes, value), where=field_name)))
        elif isinstance(value, (list, tuple)):
            items = cast("list[object] | tuple[object, ...]", value)
            for index, item in enumerate(items):
                where = f"{field_name}[{index}]"
                if not _is_single_file(item):
                    raise TypeError(f"{where}: expected a file, got {type(item).__name__}")
                result.append((field_name, read_file(cast(FileTypes, item), where=where)))
        else:
            raise TypeError(
                f"{field_name}: expected a file (bytes, a binary file object, a path or a "
                f"(filename, content) tuple), got {type(value).__name__}"
            )
    return result

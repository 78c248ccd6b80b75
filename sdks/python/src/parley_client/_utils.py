# File generated from the OpenAPI spec by the SDK generator (python -m generator). Do not edit.

"""Request-side helpers: path building, dropping unset arguments, JSON conversion."""

import functools
import re
from collections.abc import Mapping
from typing import Any, Optional, cast
from urllib.parse import quote

import pydantic
import pydantic_core

from ._types import NotGiven, Omit

__all__ = ["path_template", "strip_not_given", "to_jsonable"]

_PLACEHOLDER = re.compile(r"\{([^{}]+)\}")

# Values that would change the meaning of the path once a server or proxy normalises it.
_FORBIDDEN_SEGMENTS = frozenset({"", ".", ".."})


def path_template(template: str, params: Mapping[str, object]) -> str:
    """Substitute ``{wire_name}`` placeholders with percent-encoded values.

    Every character outside the unreserved set is encoded, ``/`` included, so an id such as
    ``"a/b?c#d e"`` stays one path segment and round-trips. Empty, ``.`` and ``..`` values are
    refused here, before any request is made, because they would address a different resource.
    """
    pieces = _template_pieces(template)
    out: list[str] = [pieces[0]]
    for index in range(1, len(pieces), 2):
        out.append(_path_value(template, pieces[index], params))
        out.append(pieces[index + 1])
    return "".join(out)


@functools.lru_cache(maxsize=1024)
def _template_pieces(template: str) -> "tuple[str, ...]":
    """Literal text and placeholder names, alternating (parsed once per template)."""
    return tuple(_PLACEHOLDER.split(template))


def _path_value(template: str, name: str, params: Mapping[str, object]) -> str:
    if name not in params:
        raise ValueError(f"Missing value for path parameter {name!r} in {template!r}")
    value = params[name]
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(
            f"Path parameter {name!r} must be a str or int, got {type(value).__name__}"
        )
    text = str(value)
    if text in _FORBIDDEN_SEGMENTS:
        raise ValueError(
            f"Path parameter {name!r} must be a non-empty value other than '.' or '..', "
            f"got {text!r}"
        )
    return quote(text, safe="")


def strip_not_given(mapping: Optional[Mapping[str, object]]) -> dict[str, object]:
    """Drop ``NOT_GIVEN`` (and ``Omit``) values; ``None`` stays and is sent as ``null``."""
    if mapping is None:
        return {}
    return {key: value for key, value in mapping.items() if not isinstance(value, (NotGiven, Omit))}


def to_jsonable(value: object) -> Any:
    """Convert request data to JSON-ready Python values.

    Models become their wire-named dicts (only the fields that were set), containers are
    converted recursively with unset values dropped, and leaves such as ``datetime``, ``UUID``
    or ``Enum`` go through pydantic's JSON conversion.
    """
    if isinstance(value, pydantic.BaseModel):
        return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
    if isinstance(value, Mapping):
        return {
            str(key): to_jsonable(item)
            for key, item in cast(Mapping[object, object], value).items()
            if not isinstance(item, (NotGiven, Omit))
        }
    if isinstance(value, (list, tuple)):
        return [to_jsonable(item) for item in cast("list[object] | tuple[object, ...]", value)]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return pydantic_core.to_jsonable_python(value)

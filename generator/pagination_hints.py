"""Pagination declared in the spec by another generator's extension, read as a scheme hint.

Two documented extensions say how an operation pages:

* Fern ``x-fern-pagination`` (on the operation; ``true`` there means the document-level
  ``x-fern-pagination``): ``cursor: $request.<param>`` with ``next_cursor: $response.<field>``;
  ``offset: $request.<param>`` (a page index incremented by one, or by ``step`` items when
  ``step`` names the page-size parameter); ``next_uri: $response.<field>``; plus
  ``results: $response.<field>`` and ``has-next-page: $response.<field>``.
* Speakeasy ``x-speakeasy-pagination``: ``type: offsetLimit | cursor | url``, ``inputs`` (each
  ``{name, in: parameters, type: offset | page | limit | cursor}``) and ``outputs``
  (``results``, ``numPages``, ``nextCursor``, ``nextUrl``, as ``$.<field>`` JSONPaths;
  ``$.<items>[-1].<field>`` names a field of the last item).

A hint fixes the kind and the wire fields, so detection by name does not run for that
operation. The runtimes page on query parameters and top-level response fields; a hint that
points elsewhere (a request body, a nested field) is reported with its JSON pointer and
ignored, and the operation falls back to detection.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from generator.diagnostics import Diagnostics, join_pointer
from generator.ir import PaginationKind

FERN = "x-fern-pagination"
SPEAKEASY = "x-speakeasy-pagination"

_FERN_REF = re.compile(r"^\$(request|response)\.([A-Za-z0-9_\-]+)$")
_JSONPATH_FIELD = re.compile(r"^\$\.([A-Za-z0-9_\-]+)$")
_JSONPATH_LAST_ITEM = re.compile(r"^\$\.([A-Za-z0-9_\-]+)\[-1\]\.([A-Za-z0-9_\-]+)$")


@dataclass(frozen=True)
class PaginationHint:
    """What an extension says; the wire names are checked against the operation later."""

    kind: PaginationKind
    items_field: str | None
    cursor_param: str | None
    cursor_field: str | None
    has_more_field: str | None = None
    cursor_item_field: str | None = None
    total_field: str | None = None
    source: str = ""
    """JSON pointer of the extension, for diagnostics."""


def read_hint(
    op: Mapping[str, Any], doc: Mapping[str, Any], where: str, diags: Diagnostics
) -> PaginationHint | None:
    """The operation's pagination hint, or None (absent, or reported and ignored)."""
    if FERN in op:
        value, at = op[FERN], join_pointer(where, FERN)
        if value is True:
            value, at = doc.get(FERN), join_pointer("", FERN)
        if value is False:
            return None
        return _fern(value, at, diags)
    if SPEAKEASY in op:
        return _speakeasy(op[SPEAKEASY], join_pointer(where, SPEAKEASY), diags)
    return None


def _unsupported(diags: Diagnostics, where: str, why: str) -> None:
    diags.warn(where, f"pagination hint ignored: {why}; pagination is detected instead")


def _fern(value: object, where: str, diags: Diagnostics) -> PaginationHint | None:
    if not isinstance(value, Mapping):
        _unsupported(diags, where, "expected an object (or true for the document's own)")
        return None

    def ref(key: str, side: str) -> str | None:
        raw = value.get(key)
        if raw is None:
            return None
        match = _FERN_REF.match(raw) if isinstance(raw, str) else None
        if match is None or match.group(1) != side:
            raise _Ignored(join_pointer(where, key),
                           f"expected ${side}.<name> of a top-level field, got {raw!r}")
        return match.group(2)

    try:
        items = ref("results", "response")
        has_more = ref("has-next-page", "response")
        if "cursor" in value:
            param, field = ref("cursor", "request"), ref("next_cursor", "response")
            if field is None:
                raise _Ignored(where, "cursor pagination needs next_cursor")
            # With a has-more flag the cursor is read until the flag says stop; without one,
            # the next cursor itself ends iteration when it is absent or empty.
            kind: PaginationKind = "cursor_id" if has_more else "cursor_token"
            return PaginationHint(kind, items, param, field, has_more, source=where)
        if "offset" in value:
            param = ref("offset", "request")
            kind = "offset" if value.get("step") is not None else "page_number"
            ref("step", "request")  # validated; the page size is the operation's own param
            return PaginationHint(kind, items, param, None, has_more, source=where)
        if "next_uri" in value:
            return PaginationHint("next_url", items, None, ref("next_uri", "response"),
                                  has_more, source=where)
        raise _Ignored(where, "no cursor, offset or next_uri (next_path is not supported)")
    except _Ignored as ignored:
        _unsupported(diags, ignored.where, ignored.why)
        return None


def _speakeasy(value: object, where: str, diags: Diagnostics) -> PaginationHint | None:
    if not isinstance(value, Mapping):
        _unsupported(diags, where, "expected an object")
        return None
    try:
        inputs: dict[str, str] = {}
        raw_inputs = value.get("inputs") or []
        if not isinstance(raw_inputs, list):
            raise _Ignored(join_pointer(where, "inputs"), "expected a list")
        for index, entry in enumerate(raw_inputs):
            at = join_pointer(where, "inputs", index)
            if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
                raise _Ignored(at, "expected {name, in, type}")
            if entry.get("in") != "parameters":
                raise _Ignored(at, f"inputs in {entry.get('in')!r} are not supported")
            inputs[str(entry.get("type"))] = entry["name"]
        outputs = value.get("outputs") or {}
        if not isinstance(outputs, Mapping):
            raise _Ignored(join_pointer(where, "outputs"), "expected an object")

        def field(key: str) -> str | None:
            raw = outputs.get(key)
            if raw is None:
                return None
            match = _JSONPATH_FIELD.match(raw) if isinstance(raw, str) else None
            if match is None:
                raise _Ignored(join_pointer(where, "outputs", key),
                               f"expected $.<name> of a top-level field, got {raw!r}")
            return match.group(1)

        kind_name = value.get("type")
        if kind_name == "offsetLimit":
            if "page" in inputs:
                return PaginationHint("page_number", field("results"), inputs["page"], None,
                                      total_field=field("numPages"), source=where)
            if "offset" in inputs:
                return PaginationHint("offset", field("results"), inputs["offset"], None,
                                      source=where)
            raise _Ignored(join_pointer(where, "inputs"), "offsetLimit needs an offset or page")
        if kind_name == "cursor":
            if "cursor" not in inputs:
                raise _Ignored(join_pointer(where, "inputs"), "cursor needs a cursor input")
            raw = outputs.get("nextCursor")
            last = _JSONPATH_LAST_ITEM.match(raw) if isinstance(raw, str) else None
            if last is not None:
                return PaginationHint("cursor_id", last.group(1), inputs["cursor"], None,
                                      cursor_item_field=last.group(2), source=where)
            return PaginationHint("cursor_token", field("results"), inputs["cursor"],
                                  field("nextCursor"), source=where)
        if kind_name == "url":
            return PaginationHint("next_url", field("results"), None, field("nextUrl"),
                                  source=where)
        raise _Ignored(join_pointer(where, "type"), f"unknown type {kind_name!r}")
    except _Ignored as ignored:
        _unsupported(diags, ignored.where, ignored.why)
        return None


class _Ignored(Exception):
    def __init__(self, where: str, why: str) -> None:
        super().__init__(why)
        self.where, self.why = where, why

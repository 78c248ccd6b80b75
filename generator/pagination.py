"""Pagination as IR facts: which list operations page, and by which scheme.

An operation's shape is read from its query parameters and its response model's fields.
Configured schemes (``pagination:`` in the SDK config) are tried first, in key order, so a
config keeps the names it chose; otherwise the shape is detected (see
:data:`generator.ir.PaginationKind`, tried in the order of :data:`_KINDS`). Each distinct
detected shape becomes one :class:`PaginationScheme`, named after its kind (``cursor_page``,
``token_page``, ``next_url_page``, ``offset_page``, ``number_page``; a second shape of one kind
gets a number). Only ``GET`` operations are detected; the config can force (``pagination:
<key>``) or disable (``pagination: false``) any operation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from generator.config import PaginationConfig, SdkConfig
from generator.diagnostics import Diagnostics, pointer
from generator.ir import (
    ArrayType,
    LiteralType,
    ModelDecl,
    Name,
    NullableType,
    OperationPagination,
    PaginationKind,
    PaginationScheme,
    Parameter,
    Property,
    RefType,
    Response,
    ScalarType,
    TypeDecl,
    TypeRef,
)
from generator.naming import Scope
from generator.pagination_hints import PaginationHint

_ITEMS = ("data", "items", "results", "records", "entries", "objects", "values")
_HAS_MORE = ("has_more", "hasMore", "has_next", "hasNext", "has_next_page", "hasNextPage")
_AFTER_ID = ("after_id", "after", "starting_after", "afterId", "startingAfter")
_BEFORE_ID = ("before_id", "before", "ending_before", "beforeId", "endingBefore")
_LAST_ID = ("last_id", "lastId")
_FIRST_ID = ("first_id", "firstId")
_TOKEN_PARAM = ("page_token", "cursor", "pageToken", "next_token", "continuation_token",
                "starting_token", "nextToken")
_TOKEN_FIELD = ("next_page_token", "next_cursor", "nextPageToken", "nextCursor", "next_token",
                "nextToken", "continuation_token", "cursor")
_NEXT_URL = ("next", "next_url", "next_page_url", "nextUrl", "nextPageUrl")
_OFFSET = ("offset", "skip")
_PAGE = ("page", "page_number", "pageNumber")
_LIMIT = ("limit", "page_size", "per_page", "pageSize", "perPage", "max_results", "count")
_TOTAL = ("total", "total_count", "totalCount", "count", "total_results", "totalResults")
_TOTAL_PAGES = ("total_pages", "totalPages", "page_count", "pageCount", "pages")
_KIND_NAMES: dict[str, tuple[str, ...]] = {
    "cursor_id": ("cursor", "page"),
    "cursor_token": ("token", "page"),
    "next_url": ("next", "url", "page"),
    "offset": ("offset", "page"),
    "page_number": ("number", "page"),
}
_KINDS: tuple[PaginationKind, ...] = (
    "cursor_id", "cursor_token", "next_url", "offset", "page_number"
)

# The fields of a scheme that decide how pages are fetched (two operations sharing them
# share the scheme); ``before``/``first``/``limit`` are per operation, informational.
_Shape = tuple[PaginationKind, str, str | None, str | None, str | None, str | None, str | None]


def _unwrap(type_ref: TypeRef) -> TypeRef:
    return type_ref.inner if isinstance(type_ref, NullableType) else type_ref


def _is_scalar(type_ref: TypeRef, *scalars: str) -> bool:
    inner = _unwrap(type_ref)
    if isinstance(inner, LiteralType):
        return False
    return isinstance(inner, ScalarType) and inner.scalar in scalars


def _first(names: Sequence[str], present: Mapping[str, object]) -> str | None:
    return next((n for n in names if n in present), None)


class Paginator:
    """Matches operations against the configured schemes, else detects their scheme; holds
    the schemes found (``schemes()`` is ``IR.pagination_schemes``)."""

    def __init__(self, config: SdkConfig, diags: Diagnostics) -> None:
        self.config = config
        self.diags = diags
        self.configured = {p.key: p for p in config.pagination}
        self.detected: dict[_Shape, PaginationScheme] = {}
        self.scope = Scope({"".join(p.key.split("_")) for p in config.pagination})

    def schemes(self) -> tuple[PaginationScheme, ...]:
        """Every configured scheme (used or not, as before detection existed), then the
        detected ones in order of first use."""
        configured = tuple(
            PaginationScheme(
                key=p.key,
                name=_config_name(p.key),
                items_field=p.items,
                cursor_param=p.cursor_param,
                cursor_field=p.cursor_field,
                has_more_field=p.has_more,
                kind=p.kind,  # type: ignore[arg-type]  # validated by parse_config
                cursor_item_field=p.cursor_item_field,
                total_field=p.total,
            )
            for p in self.config.pagination
        )
        return configured + tuple(self.detected.values())

    def operation(
        self,
        op_id: str,
        method: str,
        params: Sequence[Parameter],
        response: Response,
        decls: Mapping[str, TypeDecl],
        hint: PaginationHint | None = None,
    ) -> OperationPagination | None:
        """The operation's pagination: the config's scheme, else the spec's hint (see
        :mod:`generator.pagination_hints`), else the shape detected by name (``GET`` only)."""
        override = self.config.operations.get(op_id)
        forced = override.pagination if override else None
        if forced is False:
            return None
        decl = decls.get(response.type.id) if isinstance(response.type, RefType) else None
        query = {p.wire_name: p for p in params if p.location == "query"}
        props = {p.wire_name: p for p in decl.properties} if isinstance(decl, ModelDecl) else {}
        before, first, limit = (
            _first(_BEFORE_ID, query), _first(_FIRST_ID, props), _first(_LIMIT, query)
        )
        for scheme in self.config.pagination:
            if isinstance(forced, str) and forced != scheme.key:
                continue
            if (method == "get" or forced) and (item := _fits(scheme, query, props)) is not None:
                return OperationPagination(
                    scheme=scheme.key, item_type=item,
                    kind=scheme.kind,  # type: ignore[arg-type]  # validated by parse_config
                    before_param=before, first_field=first, limit_param=limit,
                )
        if isinstance(forced, str):
            self.diags.error(
                pointer("operations", op_id, "pagination"),
                f"operation {op_id!r} does not fit pagination scheme {forced!r}",
            )
            return None
        found = None
        if hint is not None and props:
            found = self._hinted(hint, query, props)
        if found is None and method == "get" and props:
            found = detect(query, props, decls)
        if found is None:
            return None
        shape, item_type = found
        detected = self.detected.get(shape)
        if detected is None:
            name, _ = self.scope.claim(Name(_KIND_NAMES[shape[0]]))
            kind, items, cursor_param, cursor_field, has_more, item_field, total = shape
            detected = PaginationScheme(
                key=name.snake(), name=name, kind=kind,
                items_field=items, cursor_param=cursor_param, cursor_field=cursor_field,
                has_more_field=has_more, cursor_item_field=item_field, total_field=total,
            )
            self.detected[shape] = detected
        return OperationPagination(
            scheme=detected.key, item_type=item_type, kind=detected.kind, detected=True,
            before_param=before, first_field=first, limit_param=limit,
        )

    def _hinted(
        self, hint: PaginationHint, query: Mapping[str, Parameter], props: Mapping[str, Property]
    ) -> tuple[_Shape, TypeRef] | None:
        """The shape a hint names, when the operation has every field it names."""
        items = hint.items_field or _first(_ITEMS, props)
        item_type = _items(props, items)
        missing = [
            f"response field {items!r} (an array)" if item_type is None else "",
            *(f"query parameter {p!r}" for p in (hint.cursor_param,)
              if p is not None and p not in query),
            *(f"response field {f!r}"
              for f in (hint.cursor_field, hint.has_more_field, hint.total_field)
              if f is not None and f not in props),
        ]
        if any(missing) or items is None or item_type is None:
            self.diags.warn(hint.source, "pagination hint ignored: the operation has no "
                            + ", no ".join(m for m in missing if m))
            return None
        shape: _Shape = (hint.kind, items, hint.cursor_param, hint.cursor_field,
                         hint.has_more_field, hint.cursor_item_field, hint.total_field)
        return shape, item_type


def _config_name(key: str) -> Name:
    from generator.naming import make_name

    return make_name(key, ("page",))


def _items(props: Mapping[str, Property], wire: str | None) -> TypeRef | None:
    prop = props.get(wire) if wire else None
    inner = _unwrap(prop.type) if prop is not None else None
    return inner.items if isinstance(inner, ArrayType) else None


def _fits(
    scheme: PaginationConfig, query: Mapping[str, Parameter], props: Mapping[str, Property]
) -> TypeRef | None:
    """The item type when the operation has every field the configured scheme names."""
    item = _items(props, scheme.items)
    if item is None:
        return None
    if scheme.cursor_param is not None and scheme.cursor_param not in query:
        return None
    for response_field in (scheme.cursor_field, scheme.has_more, scheme.total):
        if response_field is not None and response_field not in props:
            return None
    return item


def detect(
    query: Mapping[str, Parameter],
    props: Mapping[str, Property],
    decls: Mapping[str, TypeDecl],
) -> tuple[_Shape, TypeRef] | None:
    """The pagination shape of a list response ``props`` asked for with ``query``, or None."""
    arrays = [w for w, p in props.items() if isinstance(_unwrap(p.type), ArrayType)]
    items = _first(_ITEMS, {w: None for w in arrays})
    if items is None and len(arrays) == 1:
        items = arrays[0]
    item_type = _items(props, items)
    if items is None or item_type is None:
        return None
    has_more = _first(_HAS_MORE, {w: p for w, p in props.items() if _is_scalar(p.type, "boolean")})
    strings = {w: p for w, p in props.items() if w != items and _is_scalar(p.type, "string")}
    numbers = {w: p for w, p in props.items() if _is_scalar(p.type, "integer", "number")}
    for kind in _KINDS:
        shape: _Shape | None = None
        if kind == "cursor_id" and (param := _first(_AFTER_ID, query)):
            last = _first(_LAST_ID, strings)
            item_field = None if last else _item_id_field(item_type, decls)
            if (has_more or last) and (last or item_field):
                shape = (kind, items, param, last, has_more, item_field, None)
        elif kind == "cursor_token" and (param := _first(_TOKEN_PARAM, query)):
            token = _first(_TOKEN_FIELD, strings)
            if token:
                shape = (kind, items, param, token, has_more, None, None)
        elif kind == "next_url" and (link := _first(_NEXT_URL, strings)):
            shape = (kind, items, None, link, has_more, None, None)
        elif kind == "offset" and (param := _first(_OFFSET, query)):
            shape = (kind, items, param, None, has_more, None, _first(_TOTAL, numbers))
        elif (kind == "page_number" and (param := _first(_PAGE, query))
              and _is_scalar(query[param].type, "integer", "number")):
            shape = (kind, items, param, None, has_more, None, _first(_TOTAL_PAGES, numbers))
        if shape is not None:
            return shape, item_type
    return None


def _item_id_field(item_type: TypeRef, decls: Mapping[str, TypeDecl]) -> str | None:
    """``id`` when every item is a model with a string ``id`` (Stripe-style cursors)."""
    decl = decls.get(item_type.id) if isinstance(item_type, RefType) else None
    if isinstance(decl, ModelDecl):
        for prop in decl.properties:
            if prop.wire_name == "id" and _is_scalar(prop.type, "string"):
                return "id"
    return None

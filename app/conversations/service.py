"""The Conversations API's behaviour, behind the `ConversationService` protocol.

`SqlConversationService` stores conversations and items with SQLAlchemy Core on the shared
`Database`, so the same code runs on SQLite and PostgreSQL.

Tenant isolation lives here, in one place: every statement that reads or changes a
conversation row names it through `_owned(conversation_id)`, which adds the current
principal's owner (nothing for the admin principal), and every item statement runs in a
transaction that first found the conversation that way. A conversation of another owner is
therefore exactly a missing one: the same query, the same 404, the same work.
"""

from __future__ import annotations

import functools
import json
import secrets
import time
from collections.abc import Sequence
from typing import Any, Protocol

from pydantic import TypeAdapter
from sqlalchemy import ColumnElement, and_, bindparam, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from app.auth.principal import current_principal
from app.conversations.models import (
    Conversation,
    ConversationDeleted,
    ConversationItem,
    ConversationItemDeleted,
    ConversationItemList,
    CreateConversationRequest,
    ListOrder,
    UpdateConversationRequest,
)
from app.conversations.tables import conversation_items, conversations
from app.database import Database, DriverStatement
from app.errors import InvalidRequestError, NotFoundError

_ITEM_ADAPTER: TypeAdapter[Any] = TypeAdapter(ConversationItem)
_ITEMS_ADAPTER: TypeAdapter[Any] = TypeAdapter(list[ConversationItem])


class ConversationService(Protocol):
    """Everything the Conversations routes need; errors are raised as `ApiError`s."""

    async def create_conversation(self, request: CreateConversationRequest) -> Conversation:
        """Create a conversation, with its first items, in one transaction."""
        ...

    async def retrieve_conversation(self, conversation_id: str) -> Conversation:
        """Return a conversation, or raise `NotFoundError`."""
        ...

    async def update_conversation(
        self, conversation_id: str, request: UpdateConversationRequest
    ) -> Conversation:
        """Replace a conversation's metadata."""
        ...

    async def delete_conversation(self, conversation_id: str) -> ConversationDeleted:
        """Delete a conversation and all of its items."""
        ...

    async def create_items(
        self, conversation_id: str, items: Sequence[ConversationItem]
    ) -> ConversationItemList:
        """Append items (or replace those whose id exists), in one transaction."""
        ...

    async def list_items(
        self, conversation_id: str, *, after: str | None, limit: int, order: ListOrder
    ) -> ConversationItemList:
        """Return one page of items, strictly after the `after` item in `order`."""
        ...

    async def list_items_json(
        self, conversation_id: str, *, after: str | None, limit: int, order: ListOrder
    ) -> bytes:
        """`list_items`, as the JSON bytes of the `ConversationItemList` response."""
        ...

    async def retrieve_item(self, conversation_id: str, item_id: str) -> ConversationItem:
        """Return one item, or raise `NotFoundError`."""
        ...

    async def delete_item(self, conversation_id: str, item_id: str) -> ConversationItemDeleted:
        """Delete one item."""
        ...


def new_conversation_id() -> str:
    """`conv_` and 48 lowercase hex digits."""
    return "conv_" + secrets.token_hex(24)


def new_item_id(item_type: str) -> str:
    """`msg_` + 48 hex for messages, `item_` + 48 hex for every other item type."""
    prefix = "msg_" if item_type == "message" else "item_"
    return prefix + secrets.token_hex(24)


def _conversation_not_found(conversation_id: str) -> NotFoundError:
    return NotFoundError(
        f"Conversation with id '{conversation_id}' not found.", param="conversation_id"
    )


def _item_not_found(conversation_id: str, item_id: str) -> NotFoundError:
    return NotFoundError(
        f"Item with id '{item_id}' not found in conversation '{conversation_id}'.",
        param="item_id",
    )


def _owned(conversation_id: str) -> ColumnElement[bool]:
    """The conversation `conversation_id`, if the current principal may see it.

    The one owner check of the API. `current_principal` has no default, so a call outside
    a request (or a middleware that forgot to set it) fails instead of seeing every owner.
    """
    principal = current_principal.get()
    if principal.admin:
        return conversations.c.id == conversation_id
    return and_(conversations.c.id == conversation_id, conversations.c.owner == principal.owner)


class SqlConversationService:
    """`ConversationService` on SQLAlchemy (SQLite or PostgreSQL)."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def create_conversation(self, request: CreateConversationRequest) -> Conversation:
        conversation_id = new_conversation_id()
        created_at = int(time.time())
        async with self._database.transaction() as connection:
            await connection.execute(
                conversations.insert().values(
                    id=conversation_id,
                    created_at=created_at,
                    metadata_json=json.dumps(request.metadata),
                    next_sequence=0,
                    owner=current_principal.get().owner,
                )
            )
            if request.items:
                await _write_items(connection, conversation_id, request.items)
        return Conversation(
            id=conversation_id,
            object="conversation",
            created_at=created_at,
            metadata=request.metadata,
        )

    async def retrieve_conversation(self, conversation_id: str) -> Conversation:
        async with self._database.read() as connection:
            return await _load_conversation(connection, conversation_id)

    async def update_conversation(
        self, conversation_id: str, request: UpdateConversationRequest
    ) -> Conversation:
        async with self._database.transaction() as connection:
            result = await connection.execute(
                update(conversations)
                .where(_owned(conversation_id))
                .values(metadata_json=json.dumps(request.metadata))
            )
            if result.rowcount == 0:
                raise _conversation_not_found(conversation_id)
            return await _load_conversation(connection, conversation_id)

    async def delete_conversation(self, conversation_id: str) -> ConversationDeleted:
        async with self._database.transaction() as connection:
            await _require_conversation(connection, conversation_id)
            # Items first and explicitly, so the cascade does not depend on FK enforcement.
            await connection.execute(
                delete(conversation_items).where(
                    conversation_items.c.conversation_id == conversation_id
                )
            )
            result = await connection.execute(delete(conversations).where(_owned(conversation_id)))
            if result.rowcount == 0:
                raise _conversation_not_found(conversation_id)
        return ConversationDeleted(id=conversation_id, object="conversation.deleted", deleted=True)

    async def create_items(
        self, conversation_id: str, items: Sequence[ConversationItem]
    ) -> ConversationItemList:
        if all(item.id is None for item in items):
            # Only fresh ids: nothing to replace, so two statements on the driver do it.
            return _page(await self._append_items(conversation_id, items), has_more=False)
        async with self._database.transaction() as connection:
            stored = await _write_items(connection, conversation_id, items)
        return _page(stored, has_more=False)

    async def list_items(
        self, conversation_id: str, *, after: str | None, limit: int, order: ListOrder
    ) -> ConversationItemList:
        payloads, has_more = await self._page_payloads(conversation_id, after, limit, order)
        return _page(_decode_items(payloads), has_more=has_more)

    async def list_items_json(
        self, conversation_id: str, *, after: str | None, limit: int, order: ListOrder
    ) -> bytes:
        payloads, has_more = await self._page_payloads(conversation_id, after, limit, order)
        return _page_json([_rendered(payload) for payload in payloads], has_more=has_more)

    async def _page_payloads(
        self, conversation_id: str, after: str | None, limit: int, order: ListOrder
    ) -> tuple[list[str], bool]:
        """The stored items of one page, and whether more follow."""
        principal = current_principal.get()
        params: dict[str, Any] = {"cid": conversation_id, "limit": limit + 1}
        if not principal.admin:
            params["owner"] = principal.owner
        if after is not None:
            params["after"] = after
        statement = _page_statement(principal.admin, order, after is not None)
        async with self._database.driver_read() as driver:
            rows = await driver.fetch(statement, params)
        if not rows:
            raise _conversation_not_found(conversation_id)
        if after is not None and rows[0][2] is None:
            raise InvalidRequestError(
                f"No item with id '{after}' in conversation '{conversation_id}'.",
                param="after",
            )
        payloads = [row[1] for row in rows if row[1] is not None]
        return payloads[:limit], len(payloads) > limit

    async def retrieve_item(self, conversation_id: str, item_id: str) -> ConversationItem:
        # One statement, as in `list_items`: no row means no conversation, no payload no item.
        on = and_(
            conversation_items.c.conversation_id == conversations.c.id,
            conversation_items.c.item_id == item_id,
        )
        query = (
            select(conversations.c.id, conversation_items.c.payload_json)
            .select_from(conversations.outerjoin(conversation_items, on))
            .where(_owned(conversation_id))
        )
        async with self._database.read() as connection:
            row = (await connection.execute(query)).one_or_none()
        if row is None:
            raise _conversation_not_found(conversation_id)
        if row.payload_json is None:
            raise _item_not_found(conversation_id, item_id)
        return _decode_item(row.payload_json)

    async def delete_item(self, conversation_id: str, item_id: str) -> ConversationItemDeleted:
        async with self._database.transaction() as connection:
            await _require_conversation(connection, conversation_id)
            result = await connection.execute(
                delete(conversation_items).where(
                    conversation_items.c.conversation_id == conversation_id,
                    conversation_items.c.item_id == item_id,
                )
            )
            if result.rowcount == 0:
                raise _item_not_found(conversation_id, item_id)
        return ConversationItemDeleted(id=item_id, object="conversation.item.deleted", deleted=True)

    async def _append_items(
        self, conversation_id: str, items: Sequence[ConversationItem]
    ) -> list[ConversationItem]:
        """`_write_items` for items without client ids: reserve positions, insert them all."""
        principal = current_principal.get()
        reserve: dict[str, Any] = {"cid": conversation_id, "n": len(items)}
        if not principal.admin:
            reserve["owner"] = principal.owner
        rows: list[dict[str, Any]] = []
        async with self._database.driver_transaction() as driver:
            reserved = await driver.fetch(_reserve_statement(principal.admin), reserve)
            if not reserved:
                raise _conversation_not_found(conversation_id)
            sequence = reserved[0][0] - len(items)
            for item in items:
                payload = item.model_dump(mode="json")
                payload["id"] = new_item_id(item.type)
                rows.append(
                    {
                        "conversation_id": conversation_id,
                        "item_id": payload["id"],
                        "sequence": sequence,
                        "item_type": item.type,
                        "payload_json": json.dumps(payload),
                    }
                )
                sequence += 1
            await driver.executemany(_INSERT_ITEM, rows)
        return _decode_items([row["payload_json"] for row in rows])


def _owned_by_param(admin: bool) -> ColumnElement[bool]:
    """`_owned` with bind parameters `cid` and `owner`, for statements compiled once."""
    if admin:
        return conversations.c.id == bindparam("cid")
    return and_(conversations.c.id == bindparam("cid"), conversations.c.owner == bindparam("owner"))


@functools.cache
def _page_statement(admin: bool, order: str, has_after: bool) -> DriverStatement:
    """One page: the owned conversation outer-joined to its items (see `list_items`).

    One statement (one snapshot, one round trip): no row at all means no such conversation;
    one extra row tells whether more follow, without counting the conversation.
    """
    items_table = conversation_items
    on = items_table.c.conversation_id == conversations.c.id
    columns: list[Any] = [conversations.c.id, items_table.c.payload_json]
    if has_after:
        after_sequence = (
            select(items_table.c.sequence)
            .where(
                items_table.c.conversation_id == bindparam("cid"),
                items_table.c.item_id == bindparam("after"),
            )
            .scalar_subquery()
        )
        columns.append(after_sequence.label("after_sequence"))
        on = and_(
            on,
            items_table.c.sequence > after_sequence
            if order == "asc"
            else items_table.c.sequence < after_sequence,
        )
    sequence_order = (
        items_table.c.sequence.asc() if order == "asc" else items_table.c.sequence.desc()
    )
    return DriverStatement(
        select(*columns)
        .select_from(conversations.outerjoin(items_table, on))
        .where(_owned_by_param(admin))
        .order_by(sequence_order)
        .limit(bindparam("limit"))
    )


@functools.cache
def _reserve_statement(admin: bool) -> DriverStatement:
    """Lock the owned conversation row and reserve `n` positions (see `_write_items`)."""
    return DriverStatement(
        update(conversations)
        .where(_owned_by_param(admin))
        .values(next_sequence=conversations.c.next_sequence + bindparam("n"))
        .returning(conversations.c.next_sequence)
    )


_INSERT_ITEM = DriverStatement(
    conversation_items.insert().inline(),
    ["conversation_id", "item_id", "sequence", "item_type", "payload_json"],
)


async def _load_conversation(connection: AsyncConnection, conversation_id: str) -> Conversation:
    row = (
        await connection.execute(select(conversations).where(_owned(conversation_id)))
    ).one_or_none()
    if row is None:
        raise _conversation_not_found(conversation_id)
    return Conversation(
        id=row.id,
        object="conversation",
        created_at=row.created_at,
        metadata=json.loads(row.metadata_json),
    )


async def _require_conversation(connection: AsyncConnection, conversation_id: str) -> None:
    found = (
        await connection.execute(
            select(func.count()).select_from(conversations).where(_owned(conversation_id))
        )
    ).scalar_one()
    if not found:
        raise _conversation_not_found(conversation_id)


async def _write_items(
    connection: AsyncConnection, conversation_id: str, items: Sequence[ConversationItem]
) -> list[ConversationItem]:
    """Insert or replace `items` in the caller's transaction; return them as stored.

    One `UPDATE ... RETURNING` on the conversation row both takes its lock (a row lock on
    PostgreSQL; SQLite transactions are serialised by `Database`) and reserves a position
    for every item, so concurrent writers take turns and never share a position. An item
    whose client-chosen id already exists is replaced in place, leaving its reserved
    position unused: positions only increase, they may skip.
    """
    first_sequence = (
        await connection.execute(
            update(conversations)
            .where(_owned(conversation_id))
            .values(next_sequence=conversations.c.next_sequence + len(items))
            .returning(conversations.c.next_sequence)
        )
    ).scalar_one_or_none()
    if first_sequence is None:
        raise _conversation_not_found(conversation_id)
    next_sequence = first_sequence - len(items)

    stored: list[ConversationItem] = []
    # New rows by item id, inserted in one statement at the end (an id sent twice in one
    # request is one row, holding the last payload).
    new_rows: dict[str, dict[str, Any]] = {}
    for item in items:
        item_id = item.id or new_item_id(item.type)
        payload = item.model_dump(mode="json")
        payload["id"] = item_id
        payload_json = json.dumps(payload)
        stored.append(_decode_item(payload_json))
        if item_id in new_rows:
            new_rows[item_id].update(item_type=item.type, payload_json=payload_json)
            continue
        if item.id is not None:
            # Only a client-chosen id can name an existing item (ours are fresh and random).
            replaced = await connection.execute(
                update(conversation_items)
                .where(
                    conversation_items.c.conversation_id == conversation_id,
                    conversation_items.c.item_id == item_id,
                )
                .values(item_type=item.type, payload_json=payload_json)
            )
            if replaced.rowcount:
                continue
        new_rows[item_id] = {
            "conversation_id": conversation_id,
            "item_id": item_id,
            "sequence": next_sequence,
            "item_type": item.type,
            "payload_json": payload_json,
        }
        next_sequence += 1
    if new_rows:
        await connection.execute(conversation_items.insert(), list(new_rows.values()))
    return stored


# Items as the response renders them, by their stored text (which is immutable: a replaced
# item is a new text). A page of known items is then joined bytes, with no validation.
_RENDERED: dict[str, tuple[str | None, bytes]] = {}
_RENDERED_MAX_ITEMS = 4096
_RENDERED_MAX_TEXT = 16_384
_STR_JSON: TypeAdapter[str | None] = TypeAdapter(str | None)


def _rendered(payload_json: str) -> tuple[str | None, bytes]:
    """An item's id and its JSON as `dump_json` of the response model writes it."""
    found = _RENDERED.get(payload_json)
    if found is None:
        item = _decode_item(payload_json)
        found = (item.id, _ITEM_ADAPTER.dump_json(item, by_alias=True))
        if len(payload_json) <= _RENDERED_MAX_TEXT:
            if len(_RENDERED) >= _RENDERED_MAX_ITEMS:
                del _RENDERED[next(iter(_RENDERED))]  # the oldest entry
            _RENDERED[payload_json] = found
    return found


def _page_json(items: list[tuple[str | None, bytes]], *, has_more: bool) -> bytes:
    """The bytes of `ConversationItemList` for these items (the model's field order)."""
    first = items[0][0] if items else None
    last = items[-1][0] if items else None
    return b"".join(
        (
            b'{"object":"list","data":[',
            b",".join(rendered for _, rendered in items),
            b'],"first_id":',
            _STR_JSON.dump_json(first),
            b',"last_id":',
            _STR_JSON.dump_json(last),
            b',"has_more":',
            b"true" if has_more else b"false",
            b"}",
        )
    )


def _decode_items(payloads: list[str]) -> list[ConversationItem]:
    """Stored items, validated in one call."""
    items: list[ConversationItem] = _ITEMS_ADAPTER.validate_json("[" + ",".join(payloads) + "]")
    return items


def _decode_item(payload_json: str) -> ConversationItem:
    item: ConversationItem = _ITEM_ADAPTER.validate_json(payload_json)
    return item


def _page(items: list[ConversationItem], *, has_more: bool) -> ConversationItemList:
    return ConversationItemList(
        object="list",
        data=items,
        first_id=items[0].id if items else None,
        last_id=items[-1].id if items else None,
        has_more=has_more,
    )

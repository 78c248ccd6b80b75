"""The storage schema of the Conversations API.

Items are ordered by a per-conversation `sequence`, allocated from the conversation row's
`next_sequence` counter inside the writing transaction. The unique index on
`(conversation_id, sequence)` both rules out duplicate positions and serves every page
query, so a page costs O(page) whatever the size of the conversation.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Connection,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    inspect,
    text,
)

from app.auth.principal import ANONYMOUS_OWNER
from app.database import METADATA, MIGRATIONS

# Integer on SQLite, so the primary key is the rowid alias and autoincrements.
_BIG_ID = BigInteger().with_variant(Integer(), "sqlite")

conversations = Table(
    "conversations",
    METADATA,
    Column("id", String(64), primary_key=True),
    Column("created_at", BigInteger, nullable=False),
    Column("metadata_json", Text, nullable=False),
    Column("next_sequence", BigInteger, nullable=False, default=0),
    # The principal that created it; every query is scoped by it (app.conversations.service).
    Column("owner", String(256), nullable=False, server_default=ANONYMOUS_OWNER),
)

conversation_items = Table(
    "conversation_items",
    METADATA,
    Column("pk", _BIG_ID, primary_key=True, autoincrement=True),
    Column(
        "conversation_id",
        String(64),
        ForeignKey("conversations.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("item_id", String(512), nullable=False),
    Column("sequence", BigInteger, nullable=False),
    Column("item_type", String(64), nullable=False),
    # The item exactly as stored (JSON text): keeps unknown extra fields and stays portable.
    Column("payload_json", Text, nullable=False),
    # A named unique index (not a constraint) so that query plans can be checked by name.
    Index("ix_conversation_items_sequence", "conversation_id", "sequence", unique=True),
    UniqueConstraint("conversation_id", "item_id", name="uq_conversation_items_item_id"),
)


def add_owner_column(connection: Connection) -> None:
    """Give a database from before owners an `owner` column: its rows become anonymous's.

    Idempotent: it does nothing once the column exists. `ADD COLUMN ... DEFAULT` fills every
    existing row in the same statement, on SQLite and PostgreSQL alike.
    """
    columns = {column["name"] for column in inspect(connection).get_columns("conversations")}
    if "owner" in columns:
        return
    if_not_exists = "IF NOT EXISTS " if connection.dialect.name == "postgresql" else ""
    connection.execute(
        text(
            f"ALTER TABLE conversations ADD COLUMN {if_not_exists}owner VARCHAR(256) "
            f"NOT NULL DEFAULT '{ANONYMOUS_OWNER}'"
        )
    )


MIGRATIONS.append(add_owner_column)

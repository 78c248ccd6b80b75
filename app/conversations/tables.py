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
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from app.database import METADATA

# Integer on SQLite, so the primary key is the rowid alias and autoincrements.
_BIG_ID = BigInteger().with_variant(Integer(), "sqlite")

conversations = Table(
    "conversations",
    METADATA,
    Column("id", String(64), primary_key=True),
    Column("created_at", BigInteger, nullable=False),
    Column("metadata_json", Text, nullable=False),
    Column("next_sequence", BigInteger, nullable=False, default=0),
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

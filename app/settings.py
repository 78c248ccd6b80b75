"""Runtime settings of the service, read once when the app is created."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

DATABASE_URL_ENV = "PARLEY_DATABASE_URL"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./parley.db"
DEFAULT_MAX_BODY_BYTES = 1024 * 1024


def _database_url_from_env() -> str:
    return os.environ.get(DATABASE_URL_ENV) or DEFAULT_DATABASE_URL


@dataclass(frozen=True)
class Settings:
    """How the service is configured.

    `database_url` picks the storage backend by its scheme: `sqlite+aiosqlite://` (embedded,
    the default) or `postgresql+asyncpg://`.
    """

    database_url: str = field(default_factory=_database_url_from_env)
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    title: str = "Parley Conversations API"

"""Runtime settings of the service, read once when the app is created.

Every setting has a default that needs no setup (embedded SQLite, no auth, docs on) and can be
set through a `PARLEY_*` environment variable; the auth and rate-limit settings can also come
from one settings file (see `app.auth.config`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from app.auth.config import (
    AuthSettings,
    RateLimitSettings,
    auth_settings_from_env,
    rate_limit_settings_from_env,
)

DATABASE_URL_ENV = "PARLEY_DATABASE_URL"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./parley.db"
DEFAULT_MAX_BODY_BYTES = 1024 * 1024

# Connection hygiene (see app.serving): a client gets this long to send its request headers,
# then its whole body; an idle keep-alive connection is closed after `keep_alive_timeout`.
DEFAULT_HEADER_TIMEOUT_SECONDS = 10.0
DEFAULT_BODY_TIMEOUT_SECONDS = 30.0
DEFAULT_KEEP_ALIVE_TIMEOUT_SECONDS = 5
# Open connections (idle ones included) above which uvicorn answers 503.
DEFAULT_MAX_CONNECTIONS = 1000


def _database_url_from_env() -> str:
    return os.environ.get(DATABASE_URL_ENV) or DEFAULT_DATABASE_URL


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() not in ("0", "false", "no", "off")


def _env_number(name: str, default: float) -> float:
    value = os.environ.get(name)
    return float(value) if value else default


def header_timeout_from_env() -> float:
    """`Settings.header_timeout_seconds` as the environment sets it."""
    return _env_number("PARLEY_HEADER_TIMEOUT", DEFAULT_HEADER_TIMEOUT_SECONDS)


@dataclass(frozen=True)
class Settings:
    """How the service is configured.

    `database_url` picks the storage backend by its scheme: `sqlite+aiosqlite://` (embedded,
    the default) or `postgresql+asyncpg://`.
    """

    database_url: str = field(default_factory=_database_url_from_env)
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    title: str = "Parley Conversations API"
    # /docs and /redoc (PARLEY_DOCS=0 turns them off; /openapi.json stays).
    docs_enabled: bool = field(default_factory=lambda: _env_flag("PARLEY_DOCS", True))
    header_timeout_seconds: float = field(default_factory=header_timeout_from_env)
    body_timeout_seconds: float = field(
        default_factory=lambda: _env_number("PARLEY_BODY_TIMEOUT", DEFAULT_BODY_TIMEOUT_SECONDS)
    )
    keep_alive_timeout_seconds: int = field(
        default_factory=lambda: int(
            _env_number("PARLEY_KEEP_ALIVE_TIMEOUT", DEFAULT_KEEP_ALIVE_TIMEOUT_SECONDS)
        )
    )
    max_connections: int = field(
        default_factory=lambda: int(_env_number("PARLEY_MAX_CONNECTIONS", DEFAULT_MAX_CONNECTIONS))
    )
    # The hot path (app.conversations.hot_path) answers two operations without FastAPI's
    # routing; off, FastAPI answers them too (the differential test compares the two).
    hot_path_enabled: bool = True
    auth: AuthSettings = field(default_factory=auth_settings_from_env)
    rate_limits: RateLimitSettings = field(default_factory=rate_limit_settings_from_env)

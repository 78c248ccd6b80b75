"""Fixtures for the Kotlin SDK: the real app served on a loopback port."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.main import create_app
from app.settings import Settings
from tests.app.live_server import serve_on_loopback


@pytest.fixture(scope="session")
def app_base_url() -> Iterator[str]:
    """`create_app()` on in-memory SQLite, served by uvicorn from a thread of this process."""
    with serve_on_loopback(create_app(Settings(database_url="sqlite+aiosqlite://"))) as url:
        yield url

"""Start-up: settings from the environment, `python -m app`, schema without lifespan."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from app import __main__ as entry_point
from app.main import create_app
from app.settings import DEFAULT_DATABASE_URL, Settings


def test_settings_default_to_a_sqlite_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PARLEY_DATABASE_URL", raising=False)
    assert Settings().database_url == DEFAULT_DATABASE_URL == "sqlite+aiosqlite:///./parley.db"
    assert Settings().max_body_bytes == 1024 * 1024


def test_settings_read_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARLEY_DATABASE_URL", "sqlite+aiosqlite:///./elsewhere.db")
    assert Settings().database_url == "sqlite+aiosqlite:///./elsewhere.db"


@pytest.mark.parametrize(
    ("argv", "host", "port", "url"),
    [
        ([], "127.0.0.1", 8321, "sqlite+aiosqlite:///./parley.db"),
        (
            [
                "--host",
                "0.0.0.0",
                "--port",
                "9000",
                "--database-url",
                "sqlite+aiosqlite://",
                "--allow-unauthenticated",
            ],
            "0.0.0.0",
            9000,
            "sqlite+aiosqlite://",
        ),
    ],
)
def test_python_m_app_arguments(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], host: str, port: int, url: str
) -> None:
    monkeypatch.delenv("PARLEY_DATABASE_URL", raising=False)
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(
        entry_point.serving,
        "run",
        lambda app, _settings, **kwargs: calls.append({"app": app, **kwargs}),
    )
    entry_point.main(argv)
    assert calls[0]["host"] == host and calls[0]["port"] == port
    assert calls[0]["app"].state.database.url.render_as_string() == url


async def test_file_database_with_lifespan_and_without(tmp_path: Any) -> None:
    """Tables are created lazily over ASGITransport (no lifespan) and data survives a restart."""
    url = f"sqlite+aiosqlite:///{tmp_path}/parley.db"
    first = create_app(Settings(database_url=url))
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=first), base_url="http://testserver"
    ) as client:
        created = (await client.post("/v1/conversations", json={"metadata": {"k": "v"}})).json()
    await first.state.database.dispose()

    second = create_app(Settings(database_url=url))
    async with (
        second.router.lifespan_context(second),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=second), base_url="http://testserver"
        ) as client,
    ):
        response = await client.get(f"/v1/conversations/{created['id']}")
    assert response.status_code == 200 and response.json() == created

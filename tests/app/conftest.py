"""Fixtures: the app in-process over `httpx.ASGITransport`, on SQLite or PostgreSQL."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from app.database import METADATA
from app.main import create_app
from app.settings import Settings
from tests.app.postgres_server import PostgresServer, start_postgres

SQLITE_MEMORY_URL = "sqlite+aiosqlite://"
BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One PostgreSQL server for the session, with the schema dropped so it is rebuilt fresh.

    Under pytest-xdist each worker gets a database of its own on that server: the tests empty
    their database, so two workers must never share one."""
    with start_postgres() as server:
        if server.url is not None:
            worker = os.environ.get("PYTEST_XDIST_WORKER")
            if worker:
                server = PostgresServer(asyncio.run(_fresh_database(server.url, worker)))
            asyncio.run(_drop_all_tables(server.url))
        yield server


async def _fresh_database(url: str, suffix: str) -> str:
    """An empty database named after the server's own plus `suffix`, and its URL."""
    base = make_url(url)
    name = f"{base.database}_{suffix}"
    admin = create_async_engine(base, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    await admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


async def _drop_all_tables(url: str) -> None:
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(METADATA.drop_all)
    await engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    """The storage tests run once per backend."""
    if request.param == "sqlite":
        return SQLITE_MEMORY_URL
    server: PostgresServer = request.getfixturevalue("postgres_server")
    if server.url is None:
        pytest.skip(f"PostgreSQL unavailable: {server.unavailable_reason}")
    return server.url


async def _serve(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client
    await app.state.database.dispose()


@pytest.fixture
async def app(database_url: str) -> FastAPI:
    """The app on the backend under test."""
    return create_app(Settings(database_url=database_url))


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the app on every backend (storage behaviour)."""
    async for client in _serve(app):
        yield client


@pytest.fixture
async def sqlite_app() -> FastAPI:
    """The app on in-memory SQLite (HTTP-level behaviour that storage does not affect)."""
    return create_app(Settings(database_url=SQLITE_MEMORY_URL))


@pytest.fixture
async def sqlite_client(sqlite_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the app on in-memory SQLite."""
    async for client in _serve(sqlite_app):
        yield client

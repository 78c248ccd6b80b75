"""Concurrency on the databases several connections share: a SQLite file and PostgreSQL.

Correctness only (no timings): every acknowledged item is stored once, in an order that
respects what each client saw; a reader sees committed data only, and is not held up by an
open write; several worker processes of `python -m app --workers` allocate positions in one
conversation without collisions.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, text

from app.conversations import service as service_module
from app.conversations.tables import conversation_items, conversations
from app.database import Database
from app.main import create_app
from app.settings import Settings
from tests.app.helpers import create_conversation, text_message
from tests.app.postgres_server import PostgresServer

WRITERS = 8
ITEMS_PER_WRITER = 25
BATCH = 5
# A liveness bound for "does not wait behind the open write" (a hang, not a timing).
NO_DEADLOCK_S = 60.0
ROOT = Path(__file__).resolve().parents[2]

SHARED_BACKENDS = ["sqlite_file", pytest.param("postgres", marks=pytest.mark.postgres)]


def _postgres_url(request: pytest.FixtureRequest) -> str:
    server: PostgresServer = request.getfixturevalue("postgres_server")
    if server.url is None:
        pytest.skip(f"PostgreSQL unavailable: {server.unavailable_reason}")
    return server.url


@pytest.fixture(params=SHARED_BACKENDS)
def shared_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database that several connections share (not in-memory SQLite)."""
    if request.param == "sqlite_file":
        return f"sqlite+aiosqlite:///{tmp_path / 'parley.db'}"
    return _postgres_url(request)


@pytest.fixture
async def shared_app(shared_url: str) -> AsyncIterator[FastAPI]:
    app = create_app(Settings(database_url=shared_url))
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def client(shared_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=shared_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@dataclass(frozen=True)
class Ack:
    """One acknowledged write: its items' ids, and when it was sent and answered."""

    ids: list[str]
    sent: float
    answered: float


async def _append(client: httpx.AsyncClient, conversation_id: str, items: list[Any]) -> Ack:
    sent = time.monotonic()
    response = await client.post(
        f"/v1/conversations/{conversation_id}/items", json={"items": items}
    )
    answered = time.monotonic()
    assert response.status_code == 200, response.text
    return Ack([item["id"] for item in response.json()["data"]], sent, answered)


async def _list_all(client: httpx.AsyncClient, conversation_id: str) -> list[str]:
    listed: list[str] = []
    params: dict[str, Any] = {"limit": 100, "order": "asc"}
    while True:
        response = await client.get(f"/v1/conversations/{conversation_id}/items", params=params)
        assert response.status_code == 200, response.text
        page = response.json()
        listed.extend(item["id"] for item in page["data"])
        if not page["has_more"]:
            return listed
        params["after"] = page["last_id"]


def assert_once_and_in_order(listed: list[str], acks: list[Ack]) -> None:
    """Each acknowledged id once; a request's items contiguous and in request order; a write
    answered before another was sent comes first (the order every client observed)."""
    acknowledged = [item_id for ack in acks for item_id in ack.ids]
    assert len(listed) == len(set(listed)), "an item is listed twice"
    assert sorted(listed) == sorted(acknowledged), "acknowledged and listed items differ"
    position = {item_id: index for index, item_id in enumerate(listed)}
    for ack in acks:
        start = position[ack.ids[0]]
        assert listed[start : start + len(ack.ids)] == ack.ids, "a request's items were split"
    for earlier in acks:
        for later in acks:
            if earlier.answered < later.sent:
                assert position[earlier.ids[-1]] < position[later.ids[0]], (
                    "a write answered before another was sent is listed after it"
                )


async def _stored_sequences(database: Database, conversation_id: str) -> list[int]:
    async with database.read() as connection:
        rows = await connection.execute(
            select(conversation_items.c.sequence)
            .where(conversation_items.c.conversation_id == conversation_id)
            .order_by(conversation_items.c.sequence)
        )
        return list(rows.scalars())


@pytest.mark.parametrize("items_per_request", [1, BATCH])
async def test_concurrent_writers_on_one_conversation(
    shared_app: FastAPI, client: httpx.AsyncClient, items_per_request: int
) -> None:
    conversation_id = (await create_conversation(client))["id"]

    async def writer(number: int) -> list[Ack]:
        acks = []
        for n in range(0, ITEMS_PER_WRITER, items_per_request):
            items = [text_message(f"w{number}-{n + k}") for k in range(items_per_request)]
            acks.append(await _append(client, conversation_id, items))
        return acks

    acks = [ack for acks in await asyncio.gather(*map(writer, range(WRITERS))) for ack in acks]
    assert_once_and_in_order(await _list_all(client, conversation_id), acks)
    # Positions are allocated without gaps: nothing was rolled back.
    sequences = await _stored_sequences(shared_app.state.database, conversation_id)
    assert sequences == list(range(WRITERS * ITEMS_PER_WRITER))


async def test_concurrent_writers_on_distinct_conversations(client: httpx.AsyncClient) -> None:
    conversation_ids = [(await create_conversation(client))["id"] for _ in range(WRITERS)]

    async def writer(conversation_id: str) -> tuple[str, list[Ack]]:
        acks = []
        for n in range(ITEMS_PER_WRITER):
            acks.append(await _append(client, conversation_id, [text_message(str(n))]))
        return conversation_id, acks

    for conversation_id, acks in await asyncio.gather(*map(writer, conversation_ids)):
        listed = await _list_all(client, conversation_id)
        assert listed == [ack.ids[0] for ack in acks]


async def test_reader_sees_only_committed_data_and_does_not_wait_for_an_open_write(
    shared_app: FastAPI, client: httpx.AsyncClient
) -> None:
    conversation = await create_conversation(client, items=[text_message("a", id="msg_a")])
    base = f"/v1/conversations/{conversation['id']}/items"
    database: Database = shared_app.state.database
    with pytest.raises(_RollBack):
        await _read_during_open_write(database, client, conversation["id"])
    assert [item["id"] for item in (await client.get(base)).json()["data"]] == ["msg_a"]


class _RollBack(Exception):
    """Ends the open write by rolling it back."""


async def _read_during_open_write(
    database: Database, client: httpx.AsyncClient, conversation_id: str
) -> None:
    base = f"/v1/conversations/{conversation_id}/items"
    async with database.transaction() as connection:
        # An uncommitted item, with the conversation row locked as a writer locks it.
        await connection.execute(
            select(conversations.c.next_sequence)
            .where(conversations.c.id == conversation_id)
            .with_for_update()
        )
        await connection.execute(
            conversation_items.insert().values(
                conversation_id=conversation_id,
                item_id="msg_uncommitted",
                sequence=1,
                item_type="message",
                payload_json='{"type": "message", "id": "msg_uncommitted", "role": "user", '
                '"content": "x"}',
            )
        )
        page = await asyncio.wait_for(client.get(base), NO_DEADLOCK_S)
        assert page.status_code == 200, page.text
        assert [item["id"] for item in page.json()["data"]] == ["msg_a"]
        item = await asyncio.wait_for(client.get(f"{base}/msg_uncommitted"), NO_DEADLOCK_S)
        assert item.status_code == 404
        raise _RollBack


@pytest.fixture
def poisoned_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    """A request whose item lacks an id fails after its earlier items were written."""

    def fail(item_type: str) -> str:
        raise RuntimeError("storage failure in the middle of a batch")

    monkeypatch.setattr(service_module, "new_item_id", fail)


async def test_readers_during_writes_see_whole_committed_batches(
    client: httpx.AsyncClient, poisoned_batches: None
) -> None:
    conversation_id = (await create_conversation(client))["id"]
    rounds = 10
    acks: list[Ack] = []
    snapshots: list[tuple[float, list[str]]] = []
    done = asyncio.Event()

    async def writer(number: int) -> None:
        for n in range(rounds):
            items = [text_message("x", id=f"msg_{number}_{n}_{k}") for k in range(BATCH)]
            acks.append(await _append(client, conversation_id, items))
            # The poisoned batch: two items written, then a failure; all rolled back.
            poisoned = [text_message("p", id=f"msg_poison_{number}_{n}_{k}") for k in range(2)]
            response = await client.post(
                f"/v1/conversations/{conversation_id}/items",
                json={"items": [*poisoned, text_message("no id")]},
            )
            assert response.status_code == 500

    async def reader() -> None:
        while not done.is_set():
            started = time.monotonic()
            snapshots.append((started, await _list_all(client, conversation_id)))
            await asyncio.sleep(0)

    readers = [asyncio.create_task(reader()) for _ in range(3)]
    await asyncio.gather(*(writer(number) for number in range(4)))
    done.set()
    await asyncio.gather(*readers)

    assert len(snapshots) > 3
    for started, listed in snapshots:
        assert not [item_id for item_id in listed if "poison" in item_id], "saw a rollback"
        batches: dict[str, int] = {}
        for item_id in listed:
            batch = item_id.rsplit("_", 1)[0]
            batches[batch] = batches.get(batch, 0) + 1
        assert set(batches.values()) <= {BATCH}, "saw part of a transaction"
        # Everything acknowledged before this read began is in it.
        committed = {item_id for ack in acks if ack.answered < started for item_id in ack.ids}
        assert committed <= set(listed), "a committed write was missing from a later read"
    assert_once_and_in_order(await _list_all(client, conversation_id), acks)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


@pytest.fixture
def two_workers(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[str, str, list[int]]]:
    """`python -m app --workers 2` on the test PostgreSQL: (base URL, database URL, pids)."""
    database_url = _postgres_url(request)
    port = _free_port()
    log = tmp_path / "server.log"
    with open(log, "wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "app", "--workers", "2", "--port", str(port)],
            cwd=ROOT,
            env={**os.environ, "PARLEY_DATABASE_URL": database_url},
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while len(_children(server.pid)) < 2 or not _answers(base_url):
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, f"no two workers serving: {log.read_text()}"
            time.sleep(0.2)
        yield base_url, database_url, _children(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _answers(base_url: str) -> bool:
    try:
        return httpx.get(f"{base_url}/v1/health", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.mark.postgres
async def test_workers_allocate_sequences_without_collisions(
    two_workers: tuple[str, str, list[int]],
) -> None:
    """Two worker processes and this test's own app append to one conversation at once.

    The kernel decides which worker accepts each connection, so this process writes too:
    at least two processes allocate positions concurrently whatever it decides.
    """
    base_url, database_url, workers = two_workers
    limits = httpx.Limits(max_connections=WRITERS, max_keepalive_connections=0)
    local_app = create_app(Settings(database_url=database_url))
    async with (
        local_app.router.lifespan_context(local_app),
        httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60) as remote,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=local_app), base_url="http://local"
        ) as local,
    ):
        # Both workers are up: each one's startup connected it (it names its sessions by pid).
        serving = await _workers_connected(local_app.state.database, workers)
        assert len(serving) == 2, (workers, serving)
        conversation_id = (await create_conversation(remote))["id"]

        async def writer(client: httpx.AsyncClient, number: int) -> list[Ack]:
            acks = []
            for n in range(ITEMS_PER_WRITER):
                acks.append(await _append(client, conversation_id, [text_message(f"{number}-{n}")]))
            return acks

        clients = [remote] * (WRITERS - 2) + [local] * 2
        results = await asyncio.gather(*(writer(c, n) for n, c in enumerate(clients)))
        acks = [ack for acks in results for ack in acks]
        assert_once_and_in_order(await _list_all(remote, conversation_id), acks)
        sequences = await _stored_sequences(local_app.state.database, conversation_id)
        assert sequences == list(range(WRITERS * ITEMS_PER_WRITER))


async def _workers_connected(database: Database, children: list[int]) -> set[int]:
    """The server's children with a session on the database, once there are two of them.

    (Its other child, multiprocessing's resource tracker, never connects.)
    """
    deadline = time.monotonic() + 180
    while True:
        async with database.read() as connection:
            names = set(
                (
                    await connection.execute(text("SELECT application_name FROM pg_stat_activity"))
                ).scalars()
            )
        connected = {pid for pid in children if f"parley-{pid}" in names}
        if len(connected) >= 2 or time.monotonic() > deadline:
            return connected
        await asyncio.sleep(0.5)

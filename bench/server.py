"""The app under test: a uvicorn server on loopback, or the ASGI app in-process.

The server is our child, started in its own process group and always stopped (by its pid)
when the `with` block ends, so a failed benchmark never leaves it running.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx

from bench import environment as env

STARTUP_TIMEOUT_S = 30.0


def app_unavailable() -> str | None:
    """Why the app cannot be benchmarked, or None."""
    for module in ("app.main", "app.settings"):
        try:
            found = importlib.util.find_spec(module)
        except ModuleNotFoundError:
            found = None
        if found is None:
            return f"the app (`{module}`) does not exist yet"
    return None


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def fresh_database(directory: Path, name: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    db = directory / f"{name}.db"
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return db


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def uvicorn_server(database: Path, factory: str = "app.main:create_app") -> Iterator[str]:
    """Serve `app.main:create_app` (or another app `factory` answering `/v1/health`) on
    127.0.0.1 with a SQLite file; yield the base URL.

    Runs uvicorn's factory mode, which calls `create_app()` with default Settings, so the
    database comes from PARLEY_DATABASE_URL. Access logging is off: a deployment that cares
    about throughput turns it off too, and it would add pipe I/O to every request.
    """
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    log = open(database.with_suffix(".server.log"), "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [
            env.PYTHON,
            "-m",
            "uvicorn",
            factory,
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
        ],
        cwd=env.ROOT,
        env=env.child_env(PARLEY_DATABASE_URL=sqlite_url(database)),
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_until_serving(base_url, proc, database.with_suffix(".server.log"))
        yield base_url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()


def _wait_until_serving(base_url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the app server exited at start-up: {log.read_text()[-500:]}")
        try:
            if httpx.get(f"{base_url}/v1/health", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the app server did not answer /v1/health within {STARTUP_TIMEOUT_S}s")


@contextlib.asynccontextmanager
async def in_process_app(database: Path) -> AsyncIterator[Any]:
    """The ASGI app with its lifespan run (httpx's ASGITransport does not run it)."""
    from app.main import create_app
    from app.settings import Settings

    app = create_app(Settings(database_url=sqlite_url(database)))
    async with app.router.lifespan_context(app):
        yield app


def seed_conversation(client: httpx.Client, items: list[dict[str, Any]], batch: int = 20) -> str:
    """Create a conversation holding `items` (in batches the API accepts); return its id."""
    response = client.post("/v1/conversations", json={"metadata": {"bench": "yes"}})
    response.raise_for_status()
    conversation_id: str = response.json()["id"]
    add_items(client, conversation_id, items, batch)
    return conversation_id


def add_items(
    client: httpx.Client, conversation_id: str, items: list[dict[str, Any]], batch: int = 20
) -> list[str]:
    """Append `items` in batches the API accepts; return the stored ids in order."""
    ids: list[str] = []
    for start in range(0, len(items), batch):
        response = client.post(
            f"/v1/conversations/{conversation_id}/items",
            json={"items": items[start : start + batch]},
        )
        response.raise_for_status()
        ids += [item["id"] for item in response.json()["data"]]
    return ids

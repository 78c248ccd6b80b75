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

STARTUP_TIMEOUT_S = 120.0


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
def uvicorn_server(
    database: Path | str,
    *,
    factory: str = "app.main:create_app",
    workers: int = 1,
    log: Path | None = None,
) -> Iterator[str]:
    """Serve an app factory on 127.0.0.1; yield the base URL (see `uvicorn_process`)."""
    with uvicorn_process(database, factory=factory, workers=workers, log=log) as (base_url, _):
        yield base_url


@contextlib.contextmanager
def uvicorn_process(
    database: Path | str,
    *,
    factory: str = "app.main:create_app",
    workers: int = 1,
    log: Path | None = None,
) -> Iterator[tuple[str, int]]:
    """Serve an app factory on 127.0.0.1; yield the base URL and the server's pid.

    `database` is a SQLite file or a SQLAlchemy URL. Runs uvicorn's factory mode, which calls
    `factory()` with default Settings, so the database comes from PARLEY_DATABASE_URL; with
    `workers` > 1, uvicorn's supervisor (the one `python -m app --workers` runs) forks them.
    Access logging is off: a deployment that cares about throughput turns it off too, and it
    would add pipe I/O to every request.
    """
    url = sqlite_url(database) if isinstance(database, Path) else database
    if log is None:
        assert isinstance(database, Path), "a log path is needed for a database URL"
        log = database.with_suffix(".server.log")
    argv = ["-m", "uvicorn", factory, "--factory", "--workers", str(workers),
            "--timeout-worker-healthcheck", "60"]
    with uvicorn_child(argv, "/v1/health", log=log, PARLEY_DATABASE_URL=url) as served:
        yield served


@contextlib.contextmanager
def uvicorn_child(
    argv: list[str], ready_path: str, *, log: Path | None = None, **environ: str
) -> Iterator[tuple[str, int]]:
    """`python <argv>` (a uvicorn command line) on a free loopback port, without access
    logging, as our child in its own process group; yield the base URL and its pid once
    `ready_path` answers 200. Stopped by pid when the block ends, whatever happened."""
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    command = [env.PYTHON, *argv, "--host", "127.0.0.1", "--port", str(port),
               "--no-access-log", "--log-level", "warning"]
    with contextlib.ExitStack() as stack:
        output = stack.enter_context(open(log, "w")) if log else subprocess.DEVNULL
        proc = subprocess.Popen(
            command,
            cwd=env.ROOT,
            env=env.child_env(**environ),
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            _wait_until_serving(base_url + ready_path, proc, log)
            yield base_url, proc.pid
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()


def child_pids(pid: int) -> list[int]:
    """The direct children of process `pid` (Linux), e.g. a supervisor's workers."""
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def _wait_until_serving(url: str, proc: subprocess.Popen[bytes], log: Path | None) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            said = log.read_text()[-500:] if log else "(no log)"
            raise RuntimeError(f"the server exited at start-up: {said}")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"the server did not answer {url} within {STARTUP_TIMEOUT_S}s")


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

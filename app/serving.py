"""How `python -m app` (and the loopback test server) runs the app under uvicorn.

Connection limits, all from `Settings` and documented in the README:
- **header timeout** (`header_timeout_seconds`, 10 s): a connection that has not sent a whole
  request-header block this long after it opened, or after it started its next request, is
  closed. uvicorn itself has no such timeout, which leaves it open to slowloris.
- **body timeout** (`body_timeout_seconds`, 30 s): enforced by `BodySizeLimitMiddleware`,
  which answers 408 and closes the connection.
- **keep-alive timeout** (`keep_alive_timeout_seconds`, 5 s): uvicorn's `timeout_keep_alive`.
- **connection limit** (`max_connections`, 1000): uvicorn's `limit_concurrency`; past it new
  requests get 503.
- no `server: uvicorn` header, and no access log from uvicorn: its lines carry the query
  string, so `AccessLogMiddleware` logs the path without it instead.

`run_workers` serves from several processes (uvicorn's supervisor: one listening socket,
bound by the parent and shared by every worker, and dead workers replaced). Each worker builds
its own app, with its own connection pool, from the environment: the settings of a worker are
exactly those of `Settings()`, with the database URL passed on through `PARLEY_DATABASE_URL`.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import h11
import uvicorn
from fastapi import FastAPI
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.supervisors import Multiprocess

from app.settings import DATABASE_URL_ENV, Settings, header_timeout_from_env


class HeaderTimeoutH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, plus a deadline for receiving each request's header block.

    The deadline starts when the connection opens, or when the first byte of a following
    request arrives, and is not extended by further bytes, so trickling a header one byte at a
    time does not keep the connection alive.
    """

    header_timeout_seconds: float = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._header_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_header_deadline()

    def data_received(self, data: bytes) -> None:
        if self._waiting_for_headers():
            self._arm_header_deadline()
        super().data_received(data)
        if not self._waiting_for_headers():
            self._disarm_header_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_header_deadline()
        super().connection_lost(exc)

    def _waiting_for_headers(self) -> bool:
        # IDLE: no request line and headers yet for the current cycle.
        idle_cycle = self.cycle is None or self.cycle.response_complete
        return idle_cycle and self.conn.their_state is h11.IDLE

    def _arm_header_deadline(self) -> None:
        if self._header_deadline is None:
            self._header_deadline = self.loop.call_later(
                self.header_timeout_seconds, self._header_deadline_passed
            )

    def _disarm_header_deadline(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _header_deadline_passed(self) -> None:
        self._header_deadline = None
        if self._waiting_for_headers() and not self.transport.is_closing():
            self.transport.close()


def protocol_for(settings: Settings) -> type[HeaderTimeoutH11Protocol]:
    """A protocol class carrying this app's header timeout."""
    return type(
        "ParleyH11Protocol",
        (HeaderTimeoutH11Protocol,),
        {"header_timeout_seconds": settings.header_timeout_seconds},
    )


class WorkerH11Protocol(HeaderTimeoutH11Protocol):
    """The header-timeout protocol of worker processes, importable by name.

    uvicorn pickles its configuration into each worker, so the protocol there must be a
    module-level class; its timeout comes from the same environment variable as `Settings`.
    """

    header_timeout_seconds = header_timeout_from_env()


def uvicorn_config(
    app: FastAPI | str, settings: Settings, *, host: str, port: int, **overrides: Any
) -> uvicorn.Config:
    """The uvicorn configuration for `app`, with every connection limit set."""
    options: dict[str, Any] = {
        "host": host,
        "port": port,
        "http": protocol_for(settings),
        "ws": "none",
        "server_header": False,
        "access_log": False,
        "timeout_keep_alive": settings.keep_alive_timeout_seconds,
        "limit_concurrency": settings.max_connections,
        "h11_max_incomplete_event_size": 16 * 1024,
        **overrides,
    }
    return uvicorn.Config(app, **options)


def run(app: FastAPI, settings: Settings, *, host: str, port: int) -> None:
    """Serve `app` until interrupted."""
    uvicorn.Server(uvicorn_config(app, settings, host=host, port=port)).run()


# How long a worker may take to answer the supervisor's liveness ping before it is killed and
# replaced. uvicorn's 5 s default kills workers that are merely slow to import on a busy host.
WORKER_HEALTHCHECK_TIMEOUT_S = 60


def run_workers(settings: Settings, *, host: str, port: int, workers: int) -> None:
    """Serve from `workers` processes on one socket until interrupted."""
    os.environ[DATABASE_URL_ENV] = settings.database_url
    config = uvicorn_config(
        "app.main:create_app",
        settings,
        host=host,
        port=port,
        factory=True,
        workers=workers,
        http=WorkerH11Protocol,
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_TIMEOUT_S,
    )
    Multiprocess(config, sockets=[config.bind_socket()]).run()

"""The app served by a real uvicorn on an ephemeral loopback port, in a background thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI

from app.serving import uvicorn_config
from app.settings import Settings


@contextmanager
def serve_on_loopback(app: FastAPI) -> Iterator[str]:
    """Yield the server's base URL (`http://127.0.0.1:PORT`); stop the server on exit."""
    # The production configuration (timeouts, limits, headers), on an ephemeral port.
    settings: Settings = getattr(app.state, "settings", None) or Settings()
    config = uvicorn_config(
        app, settings, host="127.0.0.1", port=0, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test server did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)

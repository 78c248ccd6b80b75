"""The event-stream server of bench/sse_first_event.py: a first event after a set delay, then
more events at a set gap, so the stream ends long after its first event.

    GET /v1/stream?events=N&first_ms=F&gap_ms=G   text/event-stream, OpenAI-style data lines
    GET /v1/health                                 for bench.server.uvicorn_server

Each event is written (and flushed by uvicorn) as soon as it is produced; nothing is padded.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

from fastapi import FastAPI
from fastapi.responses import StreamingResponse


def _event(index: int) -> bytes:
    chunk = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "index": index,
             "choices": [{"index": 0, "delta": {"content": f"token {index}"}}]}
    return f"data: {json.dumps(chunk)}\n\n".encode()


def create_app() -> FastAPI:
    app = FastAPI(title="SSE bench")

    @app.get("/v1/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/v1/stream")
    async def stream(
        events: int = 5, first_ms: float = 20, gap_ms: float = 40
    ) -> StreamingResponse:
        async def body() -> AsyncIterator[bytes]:
            await asyncio.sleep(first_ms / 1000)
            for index in range(events):
                if index:
                    await asyncio.sleep(gap_ms / 1000)
                yield _event(index)
            yield b"data: [DONE]\n\n"

        return StreamingResponse(body(), media_type="text/event-stream",
                                 headers={"cache-control": "no-cache"})

    return app

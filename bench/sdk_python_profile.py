"""Profile of `items.list(limit=100)` in the Python SDK, client side only (not a benchmark run
by `python -m bench`; its output goes into bench/results/profile-python-list.md by hand).

`python -m bench.sdk_python_profile [--calls N] [--page FILE] [--before DIR/PACKAGE]`: one
real 100-item page of our app (fetched once over uvicorn loopback, or read from FILE) is
answered by an `httpx.MockTransport`, so the server's time is out of the picture. Prints the
cProfile top by own time, then the client-side CPU time per call of raw httpx + `.json()` and
of the SDK (and of an older copy of the SDK, `--before`, imported under its directory's name),
and of raw httpx into minimal pydantic models of the same page (the floor, `bench.pydantic_floor`),
side by side (runs alternating, order flipped every run), each also in units of one
`json.loads` of the page.
"""

from __future__ import annotations

import argparse
import cProfile
import importlib
import io
import json
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import pydantic

from bench.payloads import mixed_items
from bench.pydantic_floor import floor_models
from bench.sdk_python import LIST_LIMIT, import_sdk
from bench.server import fresh_database, seed_conversation, uvicorn_server

CONVERSATION = "conv_profile"


def fetch_page() -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        database = fresh_database(Path(tmp), "profile")
        with uvicorn_server(database) as base_url, httpx.Client(base_url=base_url) as http:
            conversation = seed_conversation(http, mixed_items(LIST_LIMIT + 20))
            response = http.get(
                f"/v1/conversations/{conversation}/items", params={"limit": LIST_LIMIT}
            )
            response.raise_for_status()
            return response.content


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=300)
    parser.add_argument("--page", type=Path)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--before", type=Path, help="an older copy of the SDK's package")
    args = parser.parse_args()
    page = args.page.read_bytes() if args.page and args.page.exists() else fetch_page()
    if args.page and not args.page.exists():
        args.page.write_bytes(page)
    sdk, why = import_sdk()
    assert sdk is not None, why

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=page, headers={"content-type": "application/json"})

    base_url = "http://parley.profile"
    http = httpx.Client(transport=httpx.MockTransport(answer), base_url=base_url)
    client = sdk.Parley(base_url=base_url, http_client=http, max_retries=0)
    url = f"{base_url}/v1/conversations/{CONVERSATION}/items"

    def raw() -> object:
        response = http.get(url, params={"limit": LIST_LIMIT})
        response.raise_for_status()
        return response.json()

    def ours() -> object:
        return client.conversations.items.list(CONVERSATION, limit=LIST_LIMIT).data

    def loads() -> object:
        return json.loads(page)

    first = client.conversations.items.list(CONVERSATION, limit=LIST_LIMIT).data[0]
    floor_page = floor_models(sys.modules[type(first).__module__])["ConversationItemList"]
    floor_adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(floor_page)

    def floor() -> object:
        response = http.get(url, params={"limit": LIST_LIMIT})
        response.raise_for_status()
        return floor_adapter.validate_json(response.content)

    callers: dict[str, Any] = {"raw": raw, "sdk": ours, "floor": floor}
    if args.before is not None:
        sys.path.insert(0, str(args.before.parent))
        old = importlib.import_module(args.before.name)
        old_client = old.Parley(base_url=base_url, http_client=http, max_retries=0)

        def before() -> object:
            return old_client.conversations.items.list(CONVERSATION, limit=LIST_LIMIT).data

        callers["sdk before"] = before
    callers["json.loads"] = loads
    for fn in callers.values():
        fn()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.calls):
        ours()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(14)
    print(out.getvalue())

    times: dict[str, list[float]] = {name: [] for name in callers}
    per_run = 30
    for k in range(args.runs):
        order = list(callers.items())
        for name, fn in order if k % 2 == 0 else reversed(order):
            start = time.process_time()
            for _ in range(per_run):
                fn()
            times[name].append((time.process_time() - start) / per_run)
    for label, pick in (("median", statistics.median), ("min", min)):
        value_of = {name: pick(values) for name, values in times.items()}
        unit = value_of["json.loads"]
        print(f"page {len(page)} bytes; CPU time per call, {label} of {args.runs} runs "
              f"of {per_run}:")
        for name, value in value_of.items():
            extra = value - value_of["raw"]
            over = f"; − raw = {extra * 1e6:5.0f} µs" if name != "raw" else ""
            print(f"  {name:11s} {value * 1e6:7.0f} µs = {value / unit:5.2f} × json.loads"
                  + (over if name != "json.loads" else ""))


if __name__ == "__main__":
    main()

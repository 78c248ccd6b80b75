"""Profile of `items.list(limit=100)` in the Python SDK, client side only (not a benchmark run
by `python -m bench`; its output goes into bench/results/profile-python-list.md by hand).

`python -m bench.sdk_python_profile [--calls N] [--page FILE]`: one real 100-item page of our
app (fetched once over uvicorn loopback, or read from FILE) is answered by an
`httpx.MockTransport`, so the server's time is out of the picture. Prints the cProfile top by
own time, then the client-side time per call of raw httpx + `.json()` and of the SDK, side by
side (medians of runs alternating the two), and each in units of one `json.loads` of the page.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from bench.payloads import mixed_items
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

    for fn in (raw, ours, loads):
        fn()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(args.calls):
        ours()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(14)
    print(out.getvalue())

    times: dict[str, list[float]] = {"raw": [], "sdk": [], "json.loads": []}
    per_run = 50
    for k in range(args.runs):
        order = [("raw", raw), ("sdk", ours), ("json.loads", loads)]
        for name, fn in order if k % 2 == 0 else reversed(order):
            start = time.process_time()
            for _ in range(per_run):
                fn()
            times[name].append((time.process_time() - start) / per_run)
    med = {name: statistics.median(values) for name, values in times.items()}
    unit = med["json.loads"]
    print(f"page {len(page)} bytes; CPU time per call, median of {args.runs} runs of {per_run}:")
    for name, value in med.items():
        print(f"  {name:10s} {value * 1e6:8.0f} µs  = {value / unit:5.2f} × json.loads")
    print(f"  SDK - raw  {(med['sdk'] - med['raw']) * 1e6:8.0f} µs  = "
          f"{(med['sdk'] - med['raw']) / unit:5.2f} × json.loads")


if __name__ == "__main__":
    main()

"""Benchmark 4: per-call overhead of our Python SDK against raw httpx, and parse throughput.

Both sides use the very same httpx client (so the same transport and connection pool); raw
is `client.get(url)` + `raise_for_status()` + `.json()`, written by hand. Timed batches of
raw and SDK calls alternate, with the order flipped on every run, so a load burst on the
shared machine does not favour one side.

Parse throughput validates one 10,000-item ConversationItemList of all ten item types:
our generated discriminated models, datamodel-code-generator's models of the same spec,
and plain `json.loads` as the floor.

Both tables also show the pydantic floor (`bench/pydantic_floor.py`): the SDK's models redone
as the most minimal pydantic models of the same fields (no extras kept, no by-name population,
closed enums, plain discriminated unions without the unknown-variant fallback), validated with
`validate_json` after a raw httpx call. That is what pydantic itself costs for the same
instances; the SDK's distance from it is the cost of its guarantees and its request handling.
"""

from __future__ import annotations

import asyncio
import importlib
import importlib.util
import json
import os
import pkgutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import httpx
from pydantic import TypeAdapter

from bench import environment as env
from bench.context import BenchContext
from bench.measure import Repeat, Stats, run_process
from bench.payloads import item_list_payload, mixed_items
from bench.pydantic_floor import floor_models
from bench.report import BenchResult, Table
from bench.server import (
    app_unavailable,
    fresh_database,
    in_process_app,
    seed_conversation,
    uvicorn_server,
)

GOAL_LOOPBACK_RATIO = 1.10  # issue 13: the same goal as TypeScript
LOADED_AT = 2.0  # load average above which a run is marked "measured under load"
PARSE_ITEMS = 10_000
LIST_LIMIT = 100


def import_sdk() -> tuple[ModuleType | None, str | None]:
    """`parley_client` from the environment, else from the checkout's sdks/python/src."""
    src = env.PY_SDK / "src"
    if importlib.util.find_spec("parley_client") is None and src.is_dir():
        sys.path.insert(0, str(src))
    try:
        return importlib.import_module("parley_client"), None
    except Exception as exc:  # missing or broken: report, don't crash
        return (
            None,
            f"the Python SDK (`parley_client`) is not importable: {type(exc).__name__}: {exc}",
        )


def find_model(package: ModuleType, name: str) -> Any | None:
    """The class `name` wherever the SDK defines it (types/ in our layout)."""
    found = getattr(package, name, None)
    if found is not None:
        return found
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        try:
            module = importlib.import_module(info.name)
        except Exception:
            continue
        if hasattr(module, name):
            return getattr(module, name)
    return None


# --- per-call overhead ------------------------------------------------------------------------

# Each timed run is split into this many slices that alternate raw/SDK (order flipped every
# slice), so a burst of load from the shared machine lands on both sides of a run alike.
SLICES = 10


@dataclass(frozen=True)
class Case:
    """One call measured both ways; the functions are sync or async depending on transport."""

    label: str
    raw: Callable[[], Any]
    sdk: Callable[[], Any]
    calls_per_run: int
    floor: Callable[[], Any] | None = None
    """raw httpx + `validate_json` with minimal pydantic models (see `bench.pydantic_floor`)."""


def _per_call_stats(totals: dict[str, list[float]], calls: int) -> dict[str, Stats]:
    return {side: Stats.of([t / calls for t in runs]) for side, runs in totals.items()}


def _sides(case: Case) -> dict[str, Callable[[], Any]]:
    sides = {"raw": case.raw, "sdk": case.sdk}
    if case.floor is not None:
        sides["floor"] = case.floor
    return sides


def _measure_sync(case: Case, repeat: Repeat) -> dict[str, Stats]:
    per_slice = max(case.calls_per_run // SLICES, 1)
    sides = _sides(case)
    totals: dict[str, list[float]] = {side: [] for side in sides}
    for attempt in range(repeat.warmup + repeat.runs):
        spent = dict.fromkeys(sides, 0.0)
        for k in range(SLICES):
            order = list(sides.items())
            for side, fn in order if k % 2 == 0 else reversed(order):
                start = time.perf_counter()
                for _ in range(per_slice):
                    fn()
                spent[side] += time.perf_counter() - start
        if attempt >= repeat.warmup:
            for side, seconds in spent.items():
                totals[side].append(seconds)
    return _per_call_stats(totals, per_slice * SLICES)


async def _measure_async(case: Case, repeat: Repeat) -> dict[str, Stats]:
    per_slice = max(case.calls_per_run // SLICES, 1)
    sides = _sides(case)
    totals: dict[str, list[float]] = {side: [] for side in sides}
    for attempt in range(repeat.warmup + repeat.runs):
        spent = dict.fromkeys(sides, 0.0)
        for k in range(SLICES):
            order = list(sides.items())
            for side, fn in order if k % 2 == 0 else reversed(order):
                start = time.perf_counter()
                for _ in range(per_slice):
                    await fn()
                spent[side] += time.perf_counter() - start
        if attempt >= repeat.warmup:
            for side, seconds in spent.items():
                totals[side].append(seconds)
    return _per_call_stats(totals, per_slice * SLICES)


def _cases(
    client: Any,
    http: Any,
    base_url: str,
    conversation_id: str,
    calls: int,
    floor: dict[str, TypeAdapter[Any]] | None = None,
) -> list[Case]:
    """retrieve and items.list through the SDK and by hand, on the same httpx client (sync or
    async alike: for an async client every function returns an awaitable); with `floor`
    (call label -> adapter of minimal models), also by hand into minimal pydantic models."""
    retrieve_url = f"{base_url}/v1/conversations/{conversation_id}"
    list_url = f"{base_url}/v1/conversations/{conversation_id}/items"
    is_async = isinstance(http, httpx.AsyncClient)
    list_label = f"items.list(limit={LIST_LIMIT})"

    def raw(
        url: str, params: dict[str, Any] | None = None, adapter: TypeAdapter[Any] | None = None
    ) -> Callable[[], Any]:
        if is_async:

            async def call_async() -> object:
                response = await http.get(url, params=params)
                response.raise_for_status()
                if adapter is not None:
                    return adapter.validate_json(response.content)
                return response.json()

            return call_async

        def call() -> object:
            response = http.get(url, params=params)
            response.raise_for_status()
            if adapter is not None:
                return adapter.validate_json(response.content)
            return response.json()

        return call

    def floor_of(label: str, url: str, params: dict[str, Any] | None = None) -> Any:
        adapter = (floor or {}).get(label)
        return raw(url, params, adapter) if adapter is not None else None

    def sdk_list() -> Any:
        return client.conversations.items.list(conversation_id, limit=LIST_LIMIT).data

    async def sdk_list_async() -> object:
        return (await client.conversations.items.list(conversation_id, limit=LIST_LIMIT)).data

    return [
        Case(
            "retrieve",
            raw(retrieve_url),
            lambda: client.conversations.retrieve(conversation_id),
            calls,
            floor_of("retrieve", retrieve_url),
        ),
        Case(
            list_label,
            raw(list_url, {"limit": LIST_LIMIT}),
            sdk_list_async if is_async else sdk_list,
            max(calls // 3, SLICES),
            floor_of(list_label, list_url, {"limit": LIST_LIMIT}),
        ),
    ]


async def _in_process_overhead(
    sdk: ModuleType, database: Any, calls: int, repeat: Repeat
) -> dict[str, dict[str, Stats]]:
    base_url = "http://parley.bench"
    async with in_process_app(database) as app:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=base_url) as http:
            conversation = await _async_seed(http)
            client = sdk.AsyncParley(base_url=base_url, http_client=http, max_retries=0)
            return {
                case.label: await _measure_async(case, repeat)
                for case in _cases(client, http, base_url, conversation, calls, _floor(sdk))
            }


def _loopback_overhead(
    sdk: ModuleType, database: Any, calls: int, repeat: Repeat
) -> dict[str, dict[str, Stats]]:
    with uvicorn_server(database) as base_url, httpx.Client(base_url=base_url) as http:
        conversation = seed_conversation(http, mixed_items(LIST_LIMIT + 20))
        client = sdk.Parley(base_url=base_url, http_client=http, max_retries=0)
        return {
            case.label: _measure_sync(case, repeat)
            for case in _cases(client, http, base_url, conversation, calls, _floor(sdk))
        }


def _floor(sdk: ModuleType) -> dict[str, TypeAdapter[Any]] | None:
    """Minimal pydantic models of what each call returns, or None if the SDK has no such models."""
    models = _floor_models(sdk)
    if models is None or "Conversation" not in models or "ConversationItemList" not in models:
        return None
    return {
        "retrieve": TypeAdapter(models["Conversation"]),
        f"items.list(limit={LIST_LIMIT})": TypeAdapter(models["ConversationItemList"]),
    }


def _floor_models(sdk: ModuleType | None) -> dict[str, Any] | None:
    model = find_model(sdk, "ConversationItemList") if sdk is not None else None
    module = sys.modules.get(getattr(model, "__module__", ""))
    if module is None:
        return None
    try:
        return floor_models(module)
    except Exception:  # an SDK whose models the derivation does not understand: no floor row
        return None


def _add_overhead_rows(
    table: Table, transport: str, results: dict[str, dict[str, Stats]], data: dict[str, Any]
) -> dict[str, float]:
    ratios: dict[str, float] = {}
    for label, sides in results.items():
        raw, sdk = sides["raw"], sides["sdk"]
        floor = sides.get("floor")
        ratio = sdk.median / raw.median
        ratios[label] = ratio
        table.add(
            transport,
            label,
            f"{raw.median * 1e6:.0f} ({raw.min * 1e6:.0f}–{raw.max * 1e6:.0f})",
            f"{sdk.median * 1e6:.0f} ({sdk.min * 1e6:.0f}–{sdk.max * 1e6:.0f})",
            round(ratio, 3),
            round(sdk.min / raw.min, 3),
            f"{floor.median * 1e6:.0f} ({floor.min * 1e6:.0f}–{floor.max * 1e6:.0f})"
            if floor
            else "–",
            round(floor.median / raw.median, 3) if floor else "–",
        )
        data[f"{transport} {label}"] = {
            "raw_s": raw.to_json(),
            "sdk_s": sdk.to_json(),
            "sdk_over_raw": ratio,
            "sdk_over_raw_min": sdk.min / raw.min,
            **(
                {"floor_s": floor.to_json(), "floor_over_raw": floor.median / raw.median}
                if floor
                else {}
            ),
        }
    return ratios


# --- parse throughput ------------------------------------------------------------------------


def _datamodel_codegen_models(ctx: BenchContext) -> tuple[Any | None, str | None]:
    """ConversationItemList as datamodel-code-generator generates it from spec/openapi.yaml."""
    exe = env.python_script("datamodel-codegen")
    if exe is None:
        return None, "datamodel-code-generator is not installed"
    out = ctx.scratch_dir("sdk_python") / "dmcg_models.py"
    run = run_process(
        [
            exe,
            "--input",
            str(env.OUR_SPEC),
            "--input-file-type",
            "openapi",
            "--output",
            str(out),
            "--output-model-type",
            "pydantic_v2.BaseModel",
        ],
        cwd=out.parent,
        env=env.child_env(),
        timeout_s=300,
    )
    if not run.ok:
        return None, f"datamodel-codegen failed: {run.failure_excerpt()}"
    spec = importlib.util.spec_from_file_location("bench_dmcg_models", out)
    if spec is None or spec.loader is None:
        return None, "cannot load datamodel-codegen's output"
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    model = getattr(module, "ConversationItemList", None)
    return (model, None) if model is not None else (None, "no ConversationItemList in its output")


def _parse_rows(ctx: BenchContext, sdk: ModuleType | None, result: BenchResult) -> None:
    count = 1_000 if ctx.quick else PARSE_ITEMS
    payload = item_list_payload(count)
    result.data["parse_items"] = count
    parsers: dict[str, Callable[[], object] | str] = {"json.loads": lambda: json.loads(payload)}
    if sdk is not None:
        ours = find_model(sdk, "ConversationItemList")
        if ours is None:
            parsers["parley_client models"] = "no ConversationItemList model in parley_client"
        else:
            adapter: TypeAdapter[Any] = TypeAdapter(ours)
            parsed = adapter.validate_json(payload)
            kinds = {type(item).__name__ for item in parsed.data}
            if any("Unknown" in kind for kind in kinds):
                parsers["parley_client models"] = (
                    f"payload fell back to unknown variants: {sorted(kinds)}"
                )
            else:
                parsers["parley_client models"] = lambda: adapter.validate_json(payload)
    else:
        parsers["parley_client models"] = "the Python SDK is not available"
    floor = (_floor_models(sdk) or {}).get("ConversationItemList")
    if floor is not None:
        floor_adapter: TypeAdapter[Any] = TypeAdapter(floor)
        parsers["minimal pydantic models (floor)"] = lambda: floor_adapter.validate_json(payload)
    else:
        parsers["minimal pydantic models (floor)"] = "no minimal models of the SDK's (see above)"
    dmcg, why = _datamodel_codegen_models(ctx)
    if dmcg is not None:
        dmcg_adapter: TypeAdapter[Any] = TypeAdapter(dmcg)
        parsers["datamodel-code-generator models"] = lambda: dmcg_adapter.validate_json(payload)
    else:
        parsers["datamodel-code-generator models"] = why or "unavailable"

    for name, parser in list(parsers.items()):
        if callable(parser):
            try:
                parser()
            except Exception as exc:  # e.g. a model set that rejects a valid payload
                parsers[name] = f"rejects the payload: {type(exc).__name__}: {str(exc)[:200]}"
    table = result.table(
        f"Parse throughput: one {count:,}-item ConversationItemList "
        f"({len(payload) / 1e6:.1f} MB) of all ten item types",
        ["parser", "items/s, median (min–max)", "ms per list", "× json.loads time"],
    )
    stats: dict[str, Stats] = {}
    for attempt in range(ctx.repeat.warmup + ctx.repeat.runs):  # interleaved, like the calls
        for name, parser in parsers.items():
            if callable(parser):
                start = time.perf_counter()
                parser()
                elapsed = time.perf_counter() - start
                if attempt >= ctx.repeat.warmup:
                    result.data.setdefault("parse_s", {}).setdefault(name, []).append(elapsed)
    for name, parser in parsers.items():
        if not callable(parser):
            table.add(name, f"not available: {parser}", None, None)
            continue
        stats[name] = Stats.of(result.data["parse_s"][name])
    base = stats.get("json.loads")
    for name, s in stats.items():
        table.add(
            name,
            f"{count / s.median:,.0f} ({count / s.max:,.0f}–{count / s.min:,.0f})",
            round(s.median * 1000, 1),
            round(s.median / base.median, 2) if base else None,
        )
    result.data["parse_s"] = {name: s.to_json() for name, s in stats.items()}


# --- the benchmark ---------------------------------------------------------------------------


def run(ctx: BenchContext) -> BenchResult:
    result = BenchResult(
        "sdk_python", "Python SDK overhead against raw httpx, and parse throughput"
    )
    load_at_start = os.getloadavg()[0]
    sdk, sdk_reason = import_sdk()
    app_reason = app_unavailable()
    for reason in (sdk_reason, app_reason):
        if reason:
            result.unavailable.append(reason)
    calls = 40 if ctx.quick else 300
    goal = f"SDK ≤ {GOAL_LOOPBACK_RATIO}× raw httpx over loopback (median ratio)"
    if sdk is not None and app_reason is None:
        table = result.table(
            f"Per-call time, µs, median (min–max) over runs of {calls} retrieves / "
            f"{max(calls // 3, SLICES)} lists",
            [
                "transport",
                "call",
                "raw httpx + json()",
                "parley_client",
                "SDK ÷ raw (median)",
                "SDK ÷ raw (min)",
                "raw + minimal pydantic models (floor)",
                "floor ÷ raw (median)",
            ],
        )
        data: dict[str, Any] = {}
        directory = ctx.scratch_dir("sdk_python")
        try:
            in_process = asyncio.run(
                _in_process_overhead(sdk, fresh_database(directory, "asgi"), calls, ctx.repeat)
            )
            _add_overhead_rows(table, "in-process ASGI", in_process, data)
            loopback = _loopback_overhead(
                sdk, fresh_database(directory, "loopback"), calls, ctx.repeat
            )
            ratios = _add_overhead_rows(table, "uvicorn loopback", loopback, data)
            result.goal(
                goal,
                ", ".join(f"{k} ×{v:.2f}" for k, v in ratios.items()),
                max(ratios.values()) <= GOAL_LOOPBACK_RATIO,
            )
        except Exception as exc:  # an SDK whose surface differs from the documented one
            result.unavailable.append(f"SDK calls failed: {type(exc).__name__}: {exc}")
            result.goal(goal, "failed", False)
        result.data["overhead"] = data
    else:
        result.goal(goal, "not measured", None)
    if env.OUR_SPEC.exists():
        _parse_rows(ctx, sdk, result)
    else:
        result.unavailable.append(f"{env.OUR_SPEC} does not exist (parse benchmark needs it)")
    if load_at_start > LOADED_AT:
        result.notes.append(
            f"**Measured under load**: load average {load_at_start:.2f} at the start (above "
            f"{LOADED_AT:g}); the ratios swing with the server's share of the CPU."
        )
    result.notes += [
        "Raw = `http.get(url)`, `raise_for_status()`, `.json()` on the same httpx client the "
        "SDK is given (`http_client=`), so both share transport and connection pool. The SDK "
        "runs with `max_retries=0`; it still builds headers, idempotency logic and validates "
        "the response into models, which is the overhead measured.",
        "In-process ASGI: `AsyncParley` over `httpx.ASGITransport(app)` with the app's "
        "lifespan run; loopback: sync `Parley` against uvicorn on 127.0.0.1 (SQLite).",
        f"Each run alternates raw, SDK and floor in {SLICES} slices (order flipped every slice). "
        "The min ratio compares each side's fastest run: the least disturbed by other load.",
        "Parse throughput uses `TypeAdapter(Model).validate_json(body)` for every model set.",
        "Floor = raw httpx, then `validate_json(response.content)` with minimal pydantic models "
        "of the same fields (`bench/pydantic_floor.py`: no extras kept, no by-name population, "
        "closed enums, `Field(discriminator=...)` unions without an unknown-variant fallback), "
        "measured in the same alternating slices as raw and SDK: what pydantic itself costs "
        "for these instances.",
        "Measured under load when the load average (Machine table) is above the core count: "
        "the server then competes with the client for CPU, its longer time dilutes the ratio, "
        "and ratios are comparable only between runs at similar load. The client's own cost, "
        "without the server, is profiled in `profile-python-list.md` "
        "(`python -m bench.sdk_python_profile`).",
    ]
    return result


async def _async_seed(http: httpx.AsyncClient) -> str:
    response = await http.post("/v1/conversations", json={})
    response.raise_for_status()
    conversation: str = response.json()["id"]
    items = mixed_items(LIST_LIMIT + 20)
    for start in range(0, len(items), 20):
        added = await http.post(
            f"/v1/conversations/{conversation}/items", json={"items": items[start : start + 20]}
        )
        added.raise_for_status()
    return conversation

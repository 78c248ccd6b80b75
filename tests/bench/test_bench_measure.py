"""Timing primitives and the output checks the generation benchmark relies on."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from bench.measure import GNU_TIME, Repeat, Stats, least_squares_slope, run_process, time_calls
from bench.payloads import ITEM_TYPES, item_list_payload, mixed_items, stored_item
from bench.tools import SpecFacts, missing_names, missing_routes


def test_stats_summarise_samples() -> None:
    stats = Stats.of([3.0, 1.0, 2.0, 10.0, 4.0])
    assert (stats.median, stats.min, stats.max, stats.runs) == (3.0, 1.0, 10.0, 5)
    assert stats.scaled(1000).median == 3000.0
    with pytest.raises(ValueError, match="at least one sample"):
        Stats.of([])


def test_time_calls_runs_the_warmup_untimed() -> None:
    calls: list[int] = []
    stats = time_calls(lambda: calls.append(1), Repeat(warmup=2, runs=5))
    assert len(calls) == 7 and stats.runs == 5


def test_least_squares_slope_of_a_line() -> None:
    slope, intercept = least_squares_slope([100, 1000, 5000], [1.2, 3.0, 11.0])
    assert slope == pytest.approx(0.002)
    assert intercept == pytest.approx(1.0)


def test_run_process_reports_exit_output_and_peak_rss() -> None:
    run = run_process([sys.executable, "-c", "x = bytearray(64 << 20); print('done')"])
    assert run.ok and run.stdout.strip() == "done"
    assert run.peak_rss_mib >= 64
    failed = run_process([sys.executable, "-c", "import sys; sys.exit('broken input')"])
    assert not failed.ok and failed.returncode == 1
    assert "broken input" in failed.failure_excerpt()


def test_child_peak_rss_is_not_inflated_by_this_process() -> None:
    # Linux carries the high-water RSS across fork+exec; GNU time (in the machine image)
    # forks the child from a small process instead.
    assert GNU_TIME is not None, "install Debian's `time` package for child RSS figures"
    ballast = bytearray(200 << 20)
    run = run_process([sys.executable, "-c", "pass"])
    assert run.ok and run.peak_rss_mib < 100, run.peak_rss_mib
    assert len(ballast) == 200 << 20


def test_run_process_kills_a_child_that_overstays() -> None:
    run = run_process([sys.executable, "-c", "import time; time.sleep(30)"], timeout_s=0.5)
    assert run.timed_out and not run.ok
    assert run.wall_s < 10
    assert "timed out" in run.failure_excerpt()


def test_missing_names_compares_normalised_identifiers(tmp_path: Path) -> None:
    code = tmp_path / "models.py"
    code.write_text("class ConversationInput:\n    pass\n\ndef list_items(): ...\n")
    wanted = ["Conversation-Input", "listItems", "DroppedSchema"]
    assert missing_names(wanted, [code]) == ["DroppedSchema"]


def test_missing_names_accepts_titles_and_hash_shortened_names(tmp_path: Path) -> None:
    code = tmp_path / "models.py"
    code.write_text("class ToolBlock: ...\nclass OpenAiResponseListToolsInProgressH3db6ea63: ...\n")
    wanted = [
        "ToolBlock-Input",
        "OpenAIResponseObjectStreamResponseMcpListToolsInProgress",
        "OpenAIResponseStreamDone",
    ]
    titles = {"ToolBlock-Input": "ToolBlock"}
    assert missing_names(wanted, [code], titles) == ["OpenAIResponseStreamDone"]


def test_missing_routes_needs_api_md_and_the_path_literal(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n"
        "  /v1/a: {get: {operationId: getA, responses: {'200': {description: ok}}}}\n"
        "  /v1/b: {get: {operationId: getB, responses: {'200': {description: ok}}}}\n"
    )
    facts = SpecFacts.load(spec)
    assert facts.routes == {"getA": ("GET", "/v1/a"), "getB": ("GET", "/v1/b")}
    (tmp_path / "api.md").write_text("| `a()` | `GET /v1/a` |\n| `b()` | `GET /v1/b` |\n")
    code = tmp_path / "client.py"
    code.write_text('self._get("/v1/a")\n')
    assert missing_routes(facts, tmp_path, [code]) == ["getB"]


def test_payload_items_are_valid_for_the_app_and_cover_every_type() -> None:
    from app.conversations.models import ConversationItem, ConversationItemList

    adapter: TypeAdapter[list[Any]] = TypeAdapter(list[ConversationItem])
    sent = adapter.validate_python(mixed_items(60))
    assert {item.type for item in sent} == set(ITEM_TYPES)
    adapter.validate_python([stored_item(n) for n in range(60)])
    listed = ConversationItemList.model_validate_json(item_list_payload(200))
    assert len(listed.data) == 200


def test_mann_whitney_tells_shifted_samples_from_identical_ones() -> None:
    import random

    from bench.auth_timing import mann_whitney_p

    rng = random.Random(7)
    base = [rng.gauss(100, 10) for _ in range(400)]
    same = [rng.gauss(100, 10) for _ in range(400)]
    shifted = [rng.gauss(106, 10) for _ in range(400)]
    assert mann_whitney_p(base, same) > 0.01
    assert mann_whitney_p(base, shifted) < 1e-6
    assert mann_whitney_p([1.0] * 10, [1.0] * 10) == 1.0

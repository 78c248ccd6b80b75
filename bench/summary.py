"""`python -m bench.summary [DIR]`: the short results table for the README, from results JSON.

One row per headline number, each with its goal verdict, read from `bench/results/*.json`
(or DIR). A benchmark whose results are missing is listed as not run.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench import environment as env
from bench.report import format_cell

Row = tuple[str, str, str]


def _load(directory: Path, name: str) -> dict[str, Any] | None:
    path = directory / f"{name}.json"
    if not path.exists():
        return None
    record: dict[str, Any] = json.loads(path.read_text())
    return record


def _verdict(met: bool | None) -> str:
    return {True: "met", False: "**missed**", None: "not measured"}[met]


def _goals_verdict(record: dict[str, Any], needle: str = "") -> str:
    verdicts = [g["met"] for g in record["goals"] if needle in g["goal"]]
    if not verdicts:
        return "–"
    if False in verdicts:
        return _verdict(False)
    return _verdict(True) if all(v is True for v in verdicts) else _verdict(None)


def _generate_rows(record: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    for spec, tools in record["data"].get("specs", {}).items():
        ours = tools.get("parley (ours)")
        if not ours or not ours["wall_s"]:
            rows.append((f"Generate, {spec}", "ours failed or not available", "**missed**"))
            continue
        peers = [
            f"{name} {t['wall_s']['median']:.2f} s"
            for name, t in tools.items()
            if name != "parley (ours)" and t["wall_s"]
        ]
        errors = ours["type_errors"]
        skipped = (ours["skipped_schemas"] or 0) + (ours["skipped_operations"] or 0)
        text = (
            f"ours {ours['wall_s']['median']:.2f} s (every shipped language, {skipped} skipped, "
            f"{'unchecked' if errors is None else errors} type errors) vs " + ", ".join(peers)
        )
        rows.append((f"Generate, {spec}", text, _goals_verdict(record, spec)))
    return rows


def summary_rows(directory: Path) -> list[Row]:
    rows: list[Row] = []
    generate = _load(directory, "generate")
    rows += _generate_rows(generate) if generate else [("Generate", "not run", "–")]
    for name, label in (
        ("scaling", "Scaling 100 → 20,000 schemas"),
        ("noop", "No-op regeneration"),
        ("sdk_python", "Python SDK ÷ raw httpx (loopback)"),
        ("sdk_typescript", "TypeScript SDK ÷ raw fetch (loopback)"),
        ("app", "App list latency 100 → 100,000 items"),
    ):
        record = _load(directory, name)
        if record is None:
            rows.append((label, "not run", "–"))
            continue
        measured = "; ".join(g["measured"] for g in record["goals"]) or "; ".join(
            record["unavailable"]
        )
        rows.append((label, measured, _goals_verdict(record)))
    python = _load(directory, "sdk_python")
    if python:
        parse = python["data"].get("parse_s", {})
        count = python["data"].get("parse_items", 10_000)
        parts = [f"{n} {count / s['median']:,.0f} items/s" for n, s in parse.items()]
        if parts:
            rows.append((f"Parse {count:,} mixed items", ", ".join(parts), "–"))
    typescript = _load(directory, "sdk_typescript")
    if typescript and "bundle_bytes" in typescript["data"]:
        size = typescript["data"]["bundle_bytes"]["minified_gzip"]
        rows.append(("TS bundle, list items (min+gzip)", f"{size:,} bytes", "–"))
    app = _load(directory, "app")
    if app:
        rps = app["data"].get("requests_per_second", {})
        text = ", ".join(f"{k} {v['median']:.0f}/s" for k, v in rps.items())
        if text:
            rows.append(("App throughput, SQLite", text, "–"))
    return rows


def render(rows: list[Row]) -> str:
    lines = ["| benchmark | result | goal |", "|---|---|---|"]
    lines += [f"| {a} | {format_cell(b)} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    directory = Path(args[0]) if args else env.RESULTS
    print(render(summary_rows(directory)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

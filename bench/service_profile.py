"""Profile our server (py-spy) under the service benchmark's load: where a request's CPU goes.

    python -m bench.service_profile OUT_PREFIX [--py-spy PATH] [--database-url URL]

Serves `app.main:create_app` with uvicorn (as `bench.service_throughput` does) on a fresh
SQLite file or on `--database-url`, seeds the same fixture, then runs each workload under
`py-spy record --pid --gil` (only the thread holding the GIL: Python's CPU, not idle waits)
and writes `OUT_PREFIX-<workload>.collapsed` (py-spy's raw stacks) and `.txt` (the top
functions by own and by total time). `markdown()` tabulates two such runs by package. Not
part of `python -m bench`: it needs py-spy and ptrace.
"""

from __future__ import annotations

import argparse
import collections
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from bench.loadgen import load
from bench.server import fresh_database, uvicorn_process
from bench.service_throughput import CONCURRENCY, WORKLOADS, _fixture

_LINE = re.compile(r":\d+\)$")


def summarise(collapsed: Path, top: int = 80) -> str:
    """Own-time and total-time tables of py-spy's collapsed stacks (`frame;frame;... count`)."""
    own: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    samples = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        count = int(count_text)
        # By function, not line: a function's lines add up.
        frames = [_LINE.sub(")", frame) for frame in stack.split(";")]
        samples += count
        own[frames[-1]] += count
        for frame in set(frames):
            total[frame] += count
    lines = [f"samples: {samples}", "", "own time:"]
    lines += [f"  {100 * n / samples:5.1f}%  {frame}" for frame, n in own.most_common(top)]
    lines += ["", "total time (inclusive):"]
    lines += [f"  {100 * n / samples:5.1f}%  {frame}" for frame, n in total.most_common(top)]
    return "\n".join(lines) + "\n"


def by_package(collapsed: Path) -> dict[str, float]:
    """Own time (share of GIL samples) by the package of the frame that was running."""
    own: collections.Counter[str] = collections.Counter()
    samples = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        frames = stack.split(";")
        # The package (or standard-library module) of the innermost frame.
        leaf = frames[-1]
        where = leaf.rsplit(" (", 1)[-1].rstrip(")") if " (" in leaf else ""
        package = where.split("/", 1)[0].split(":", 1)[0].removesuffix(".py") or "other"
        own[package] += int(count_text)
        samples += int(count_text)
    return {name: n / samples for name, n in own.most_common()}


def markdown(before: Path, after: Path) -> str:
    """A before/after table of own time by package, per workload (prefix paths)."""
    lines = []
    for name in ("create-item-one", "create-item", "list-a-page-(limit=20)"):
        b = by_package(Path(f"{before}-{name}.collapsed"))
        a = by_package(Path(f"{after}-{name}.collapsed"))
        head_b = Path(f"{before}-{name}.txt").read_text().splitlines()[0]
        head_a = Path(f"{after}-{name}.txt").read_text().splitlines()[0]
        lines += [f"### {name}", "", f"- before: {head_b}", f"- after: {head_a}", ""]
        lines += ["| package (own time) | before | after |", "|---|---|---|"]
        for package in sorted(set(b) | set(a), key=lambda p: -max(b.get(p, 0), a.get(p, 0)))[:14]:
            lines.append(
                f"| {package} | {100 * b.get(package, 0):.1f}% | {100 * a.get(package, 0):.1f}% |"
            )
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out_prefix", type=Path)
    parser.add_argument("--py-spy", default=shutil.which("py-spy") or "py-spy")
    parser.add_argument("--requests-per-worker", type=int, default=150)
    parser.add_argument("--database-url", help="a PostgreSQL URL (default: a fresh SQLite file)")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="parley-profile-"))
    database: Path | str = args.database_url or fresh_database(scratch, "profile")
    with uvicorn_process(database, log=scratch / "server.log") as (base_url, pid):
        fixture = _fixture(base_url, 1_000)
        for workload, make in WORKLOADS.items():
            load(base_url, CONCURRENCY, 20, make(fixture))  # warm-up
            name = workload.split(",")[0].replace(" ", "-") + (
                "-one" if "one conversation" in workload else ""
            )
            raw = Path(f"{args.out_prefix}-{name}.collapsed")
            spy = subprocess.Popen(
                [
                    args.py_spy,
                    "record",
                    "--pid",
                    str(pid),
                    "--format",
                    "raw",
                    "-o",
                    str(raw),
                    "--rate",
                    "250",
                    "--nonblocking",
                    "--gil",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(1.0)
            run = load(base_url, CONCURRENCY, args.requests_per_worker, make(fixture))
            spy.send_signal(2)
            spy.wait(timeout=60)
            out = Path(f"{args.out_prefix}-{name}.txt")
            out.write_text(
                f"{workload}: {run.requests_per_second:.0f} requests/s during the profile\n"
                + summarise(raw)
            )
            print(out)


if __name__ == "__main__":
    main()

"""Profile our server (py-spy) under the service benchmark's load: where a request's CPU goes.

    python -m bench.service_profile OUT_PREFIX [--py-spy PATH] [--seconds-per-workload N]

Samples with `--gil` (only the thread holding the GIL: Python's CPU, not idle waits).
Serves `app.main:create_app` on a fresh SQLite file with uvicorn (as `bench.service_throughput`
does), seeds the same fixture, then runs each workload under `py-spy record --pid` and writes
`OUT_PREFIX-<workload>.txt`: the top functions by own time and by total time (py-spy's raw
collapsed stacks, summarised). Not part of `python -m bench`: it needs py-spy and ptrace.
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out_prefix", type=Path)
    parser.add_argument("--py-spy", default=shutil.which("py-spy") or "py-spy")
    parser.add_argument("--requests-per-worker", type=int, default=150)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="parley-profile-"))
    database = fresh_database(scratch, "profile")
    with uvicorn_process(database, log=scratch / "server.log") as (base_url, pid):
        fixture = _fixture(base_url, 1_000)
        for workload, make in WORKLOADS.items():
            load(base_url, CONCURRENCY, 20, make(fixture))  # warm-up
            name = workload.split(",")[0].replace(" ", "-") + (
                "-one" if "one conversation" in workload else ""
            )
            raw = Path(f"{args.out_prefix}-{name}.collapsed")
            spy = subprocess.Popen(
                [args.py_spy, "record", "--pid", str(pid), "--format", "raw", "-o", str(raw),
                 "--rate", "250", "--nonblocking", "--gil"],
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

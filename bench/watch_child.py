"""A one-operation change in one long-lived process (``parley watch``) against a full run in the
same process: ``python -m bench.watch_child SPEC CHANGED CONFIG SCRATCH RUNS WARMUP`` prints
one JSON object. Run as a child by bench/noop.py.

Each attempt, interleaved: a full run is a fresh :class:`generator.watch.Watcher` (a new
session that keeps nothing, as ``parley generate``: nothing to reuse, and none of the
recording a reuse needs) generating the changed spec into an empty directory; the
incremental run is a watcher that generated the unchanged spec into its directory and then
regenerates after the spec file is replaced by the changed one, as ``parley watch`` does after
a save. Both are the watcher's own timing of one regeneration: stamp keys, load, IR build,
every language's render, the comparison and the writes. The process is warm for both (its
imports done, Jinja's templates compiled by the warm-up attempts), which is what a watch is.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

from generator.languages import BACKENDS
from generator.watch import Regeneration, Watcher


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _fresh(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def _watcher(spec: Path, config: Path, out: Path, *, incremental: bool = True) -> Watcher:
    langs = sorted(BACKENDS)
    return Watcher(spec, config, langs, {lang: out / lang for lang in langs},
                   incremental=incremental)


def _checked(run: Regeneration) -> Regeneration:
    if not run.ok:
        raise SystemExit("generation failed:\n" + "\n".join(run.messages))
    return run


def main(spec: Path, changed: Path, config: Path, scratch: Path, runs: int,
         warmup: int) -> dict[str, Any]:
    full_s: list[float] = []
    incremental_s: list[float] = []
    reused: dict[str, tuple[int, int]] = {}
    written: dict[str, int] = {}
    identical = True
    watched = scratch / "watched.yaml"
    for attempt in range(warmup + runs):
        out = _fresh(scratch / "incremental")
        shutil.copyfile(spec, watched)
        watcher = _watcher(watched, config, out)
        _checked(watcher.regenerate())
        shutil.copyfile(changed, watched)
        incremental = _checked(watcher.regenerate())
        fresh_out = _fresh(scratch / "full")
        full = _checked(_watcher(changed, config, fresh_out, incremental=False).regenerate())
        identical = identical and _tree(out) == _tree(fresh_out)
        if attempt >= warmup:
            incremental_s.append(incremental.seconds)
            full_s.append(full.seconds)
            reused = incremental.reused
            written = {lang: len(paths) for lang, paths in incremental.written.items()}
    return {"full_s": full_s, "incremental_s": incremental_s, "identical": identical,
            "reused": reused, "written": written}


if __name__ == "__main__":
    spec_arg, changed_arg, config_arg, scratch_arg, runs_arg, warmup_arg = sys.argv[1:7]
    print(json.dumps(main(Path(spec_arg), Path(changed_arg), Path(config_arg),
                          Path(scratch_arg), int(runs_arg), int(warmup_arg))))

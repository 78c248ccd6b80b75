"""Run a backend's stages (`generator.backend.Stage`) for one checkout, never stopping.

Each stage becomes a `StageResult`: a status, the first lines worth reading, the artifacts
it built and a full log on disk. A failing stage does not stop the run; stages that need it
are marked skipped, everything else still runs.

`python -m pipeline.stage_runner STAGE [--jobs N]` runs one stage of every language, N
languages at a time (nox's `build`, `lint` and `sdk_test`), and exits 1 if any failed.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from generator.backend import Backend
from generator.forked import usable_cpus
from generator.languages import backends
from pipeline.stages import DIST, SDK_CONFIG, SPEC, Command, Stage, Status

MAX_DIAGNOSTICS = 10
"""Per stage: the report shows the first lines; the log has the rest."""
COMMAND_TIMEOUT_SECONDS = 1200
# Lines that name a lint/type/compile error in mypy, pyright, tsc, ruff and npm output.
_ERROR_LINE = re.compile(r"(\berror\b|\bERR!|\bFAILED\b|Traceback)", re.IGNORECASE)


@dataclass(frozen=True)
class StageResult:
    language: str
    stage: str
    status: Status
    duration_s: float = 0.0
    diagnostics: tuple[str, ...] = ()
    artifacts: tuple[str, ...] = ()
    """Paths relative to the checkout root."""
    log: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "stage": self.stage,
            "status": self.status.value,
            "duration_s": round(self.duration_s, 2),
            "diagnostics": list(self.diagnostics),
            "artifacts": list(self.artifacts),
            "log": self.log,
        }


@dataclass
class RunContext:
    root: Path
    """The checkout being evaluated (the PR's tree, or a worktree of the base)."""
    logs: Path
    """Where full stage logs and JUnit files go."""
    python: str = sys.executable
    progress: Callable[[str], None] = field(default=lambda message: None)

    @property
    def dist(self) -> Path:
        return self.root / DIST


def run_language(
    backend: Backend, stages: Iterable[str], ctx: RunContext
) -> list[StageResult]:
    """Run the selected stages of one language in table order; unselected ones are skipped."""
    selected = set(stages)
    results: dict[str, StageResult] = {}
    for stage in backend.stages:
        if stage.name not in selected:
            results[stage.name] = StageResult(backend.name, stage.name, Status.SKIPPED,
                                              diagnostics=("not selected for this run",))
            continue
        failed = [n for n in stage.needs if n in results and results[n].status is Status.ERROR]
        if failed:
            results[stage.name] = StageResult(
                backend.name, stage.name, Status.SKIPPED,
                diagnostics=(f"skipped: {', '.join(failed)} failed",),
            )
            continue
        ctx.progress(f"{backend.name}: {stage.name} …")
        results[stage.name] = run_stage(backend.name, stage, ctx)
        ctx.progress(f"{backend.name}: {stage.name} {results[stage.name].status.value}")
    return [results[stage.name] for stage in backend.stages]


def run_stage(language: str, stage: Stage, ctx: RunContext) -> StageResult:
    ctx.logs.mkdir(parents=True, exist_ok=True)
    ctx.dist.mkdir(parents=True, exist_ok=True)
    log_path = ctx.logs / f"{language}-{stage.name}.log"
    junit_path = ctx.logs / f"junit-{language}.xml"
    junit_path.unlink(missing_ok=True)
    started = time.monotonic()
    started_wall = time.time()
    output_parts: list[str] = []
    failure: str | None = None
    warnings: list[str] = []
    for command in stage.commands:
        if command.up_to_date(ctx.root):
            continue
        argv = _expand(command, ctx, junit_path)
        output_parts.append(f"$ {' '.join(argv)}\n")
        exit_code, output = _execute(command, argv, ctx)
        output_parts.append(output)
        if exit_code != 0 and command.failure_warns:
            warnings.append(command.failure_warns)
            warnings.extend(_error_lines(output)[: MAX_DIAGNOSTICS // 2])
        elif exit_code != 0:
            failure = f"`{' '.join(_display(argv, ctx))}` exited with {exit_code}"
            break
    output = "".join(output_parts)
    log_path.write_text(output, encoding="utf-8")
    duration = time.monotonic() - started

    warnings.extend(_matches(stage.warning_pattern, output))
    warnings = list(dict.fromkeys(warnings))  # a check run and the real run warn alike
    diagnostics: list[str] = []
    if failure is not None:
        status = Status.ERROR
        diagnostics.append(failure)
        failed_tests = _failed_tests(junit_path) if stage.junit else []
        diagnostics.extend(failed_tests or _error_lines(output))
    elif warnings:
        status = Status.WARNING
    else:
        status = Status.OK
    diagnostics.extend(warnings)
    return StageResult(
        language=language,
        stage=stage.name,
        status=status,
        duration_s=duration,
        diagnostics=tuple(diagnostics[:MAX_DIAGNOSTICS]),
        artifacts=_new_artifacts(stage, ctx, since=started_wall) if failure is None else (),
        log=_relative(log_path, ctx.root),
    )


def _relative(path: Path, root: Path) -> str:
    """Relative to the checkout when inside it, so a report reads the same on any machine."""
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)


def _expand(command: Command, ctx: RunContext, junit: Path) -> list[str]:
    values = dict(python=ctx.python, spec=SPEC, config=SDK_CONFIG, dist=str(ctx.dist),
                  junit=str(junit))
    return command.expand(**values)


def _display(argv: list[str], ctx: RunContext) -> list[str]:
    """The command as a reader would type it: `python`, and paths relative to the checkout."""
    shown = ["python" if arg == ctx.python else arg for arg in argv]
    prefix = str(ctx.root) + os.sep
    return [arg.replace(prefix, "") for arg in shown]


def _execute(command: Command, argv: list[str], ctx: RunContext) -> tuple[int, str]:
    env = dict(os.environ)
    for key, value in command.env.items():
        env[key] = str(ctx.root / value) if key in command.path_env else value
    try:
        completed = subprocess.run(
            argv,
            cwd=ctx.root / command.cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            timeout=COMMAND_TIMEOUT_SECONDS,
            check=False,
        )
    except FileNotFoundError as exc:
        return 127, f"cannot run {argv[0]!r}: {exc.strerror or exc}\n"
    except subprocess.TimeoutExpired as exc:
        partial = exc.output if isinstance(exc.output, str) else ""
        return 124, partial + f"\ntimed out after {COMMAND_TIMEOUT_SECONDS}s\n"
    return completed.returncode, completed.stdout


def _matches(pattern: str | None, output: str) -> list[str]:
    if pattern is None:
        return []
    return [m.group(0).strip() for m in re.finditer(pattern, output, re.MULTILINE)]


def _error_lines(output: str) -> list[str]:
    lines = [line.rstrip() for line in output.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("$ ")]
    errors = [line for line in lines if _ERROR_LINE.search(line)]
    # No recognisable error line (a drift diff, say): show where the output starts.
    return errors or lines[:MAX_DIAGNOSTICS]


def _failed_tests(junit_path: Path) -> list[str]:
    """`test id: first line of the failure` for every failed or erroring test case."""
    if not junit_path.exists():
        return []
    try:
        tree = ET.parse(junit_path)
    except ET.ParseError:
        return []
    failed: list[str] = []
    for case in tree.iter("testcase"):
        for problem in (*case.findall("failure"), *case.findall("error")):
            name = f"{case.get('classname', '')}::{case.get('name', '')}".strip(":")
            message = (problem.get("message") or problem.text or "").strip().splitlines()
            failed.append(f"{name}: {message[0]}" if message else name)
    return failed


def _new_artifacts(stage: Stage, ctx: RunContext, since: float) -> tuple[str, ...]:
    """Files matching the stage's globs written during this run (older builds are ignored)."""
    found: list[str] = []
    for pattern in stage.artifacts:
        fresh = [p for p in ctx.dist.glob(pattern) if p.stat().st_mtime >= since - 1]
        newest = sorted(fresh, key=lambda p: p.stat().st_mtime, reverse=True)[:1]
        found.extend(str(p.relative_to(ctx.root)) for p in newest)
    return tuple(found)


def run_stage_everywhere(
    stage_name: str, languages: Sequence[Backend], ctx: RunContext, jobs: int,
    finished: Callable[[StageResult], None] = lambda result: None,
) -> list[StageResult]:
    """One stage of every language that has it, ``jobs`` languages at a time; results in the
    order of ``languages``. Each stage's commands are child processes, so threads suffice;
    ``finished`` is called (under a lock) as each language's stage ends."""
    lock = threading.Lock()

    def run(language: str, stage: Stage) -> StageResult:
        result = run_stage(language, stage, ctx)
        with lock:
            finished(result)
        return result

    stages = [(backend.name, stage) for backend in languages
              if (stage := backend.stage(stage_name)) is not None]
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(run, language, stage) for language, stage in stages]
        return [future.result() for future in futures]


def _print_finished(root: Path) -> Callable[[StageResult], None]:
    """Print a finished stage's whole log, then its verdict, as one block."""

    def show(result: StageResult) -> None:
        log = (root / result.log).read_text(encoding="utf-8") if result.log else ""
        print(f"==> {result.language} {result.stage}: {result.status.value} "
              f"in {result.duration_s:.1f} s", flush=True)
        print(log.rstrip("\n"), flush=True)
        for line in result.diagnostics:
            print(f"    {result.status.value}: {line}", flush=True)

    return show


def main(argv: list[str] | None = None, languages: Sequence[Backend] | None = None) -> int:
    """``languages``: the registry's unless given."""
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.stage_runner",
        description="Run one stage of every language, several languages at a time.")
    parser.add_argument("stage", help="the stage to run: generate, build, lint or test")
    parser.add_argument("--jobs", type=int, default=0,
                        help="languages at a time (default: one per usable CPU)")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the checkout")
    parser.add_argument("--logs", type=Path, default=None,
                        help="where logs and JUnit files go (default: ROOT/build/stages)")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    ctx = RunContext(root=root, logs=args.logs or root / "build" / "stages")
    results = run_stage_everywhere(args.stage, languages or backends(), ctx,
                                   args.jobs or usable_cpus(), _print_finished(root))
    if not results:
        print(f"no language has a {args.stage!r} stage", file=sys.stderr)
        return 2
    failed = [r.language for r in results if r.status is Status.ERROR]
    print(f"==> {args.stage}: " + ", ".join(f"{r.language} {r.status.value}" for r in results))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

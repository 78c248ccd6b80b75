"""``parley generate --spec S --config C --lang L [--lang L2 ...] --out DIR [--check] [--strict]``,
and ``parley watch`` with the same arguments (generator.watch: regenerate on every change).

Several ``--lang`` share one load of the spec and one IR; ``--out`` then names each language's
directory with ``{lang}`` (``--out build/sdks/{lang}``). ``--lang all`` is every registered one.

The installed ``parley`` command and ``python -m generator`` are the same program.

Exit codes: 0 success (or ``--check`` up to date), 1 ``--check`` found stale files, 2 bad input
(every error is printed with its JSON pointer; nothing is written).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from generator import __version__
from generator.languages import BACKENDS
from generator.stamp import fresh_stamp, run_keys

if TYPE_CHECKING:
    from generator.config import SdkConfig
    from generator.diagnostics import Diagnostics, GenerationError
    from generator.ir import IR

# The loader, builder, renderers, Jinja2, and even the diagnostics and config modules (their
# dataclasses cost milliseconds to create) are imported after the stamp check, not here: a
# no-op regeneration (generator.stamp) finishes before it would need any of them.


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="generate SDKs from a spec")
    _run_arguments(gen)
    _jobs_argument(gen)
    gen.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 listing files that differ from --out",
    )
    watch = commands.add_parser(
        "watch",
        help="generate, then regenerate on every change of the spec or config (Ctrl-C stops)",
        description="Generate, then regenerate whenever the spec or the config changes. One "
        "process for the whole watch: a regeneration reuses what the edit did not touch, and "
        "writes exactly what `generate` would. A bad edit writes nothing.",
    )
    _run_arguments(watch)
    watch.add_argument(
        "--interval", type=_interval, default=None, metavar="SECONDS",
        help="how often the files are looked at (default 0.25)",
    )
    return parser


def _run_arguments(command: argparse.ArgumentParser) -> None:
    command.add_argument("--spec", required=True, type=Path,
                         help="OpenAPI 3.0/3.1/3.2 YAML or JSON")
    command.add_argument("--config", type=Path, default=None, help="SDK config YAML (optional)")
    command.add_argument(
        "--lang", required=True, action="append", choices=[*sorted(BACKENDS), "all"],
        help="a language (repeatable; `all`: every registered language)",
    )
    command.add_argument(
        "--out", required=True, type=Path,
        help="output directory (replaced); with several languages it must contain {lang}",
    )
    command.add_argument("--strict", action="store_true", help="treat warnings as errors")


def _jobs_argument(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--jobs", type=_jobs, default=None, metavar="N",
        help="processes rendering the languages (default: one per usable CPU)",
    )


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _interval(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0.01 <= value <= 60:
        raise argparse.ArgumentTypeError("must be between 0.01 and 60 seconds")
    return value


def generate_files(
    spec: Path, config_path: Path | None, lang: str, diags: Diagnostics
) -> tuple[IR, SdkConfig, dict[str, str]]:
    """The whole pipeline short of writing: load → resolve/IR → render."""
    ir, config, rendered = generate_many(spec, config_path, [lang], diags)
    return ir, config, rendered[lang]


def generate_many(
    spec: Path, config_path: Path | None, langs: list[str], diags: Diagnostics,
    processes: int | None = None,
) -> tuple[IR, SdkConfig, dict[str, dict[str, str]]]:
    """Load the spec and build the IR once, then render it for each language in ``langs``: a
    one-run session (generator.session). The IR is language-neutral and no backend changes
    it, so sharing it is what running each language alone would give
    (tests/generator/test_incremental.py compares the trees)."""
    from generator.session import Session

    with no_cycle_collection():
        session = Session(langs, incremental=False, processes=processes)
        return session.generate(spec, config_path, diags)


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """The cycle collector paused for one run: the spec and the IR are millions of objects
    that live until the run ends, and its passes over them freed nothing yet cost a tenth of
    a big run (bench/results/profile-generate.md). Reference counting frees the rest."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _languages(requested: list[str]) -> list[str]:
    """The --lang values in registry order, each once (`all` expands to every language)."""
    wanted = set(BACKENDS) if "all" in requested else set(requested)
    return [name for name in sorted(BACKENDS) if name in wanted]


def _print_failure(exc: GenerationError) -> None:
    for diagnostic in exc.diagnostics:
        print(diagnostic.format(), file=sys.stderr)
    print(f"generation failed: {len(exc.diagnostics)} error(s); nothing written", file=sys.stderr)


def main(argv: list[str] | None = None, prog: str = "python -m generator") -> int:
    parser = _parser(prog)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    langs = _languages(args.lang)
    if len(langs) > 1 and "{lang}" not in str(args.out):
        parser.error("--out must contain {lang} when generating several languages")
    outs = {lang: Path(str(args.out).replace("{lang}", lang)) for lang in langs}
    if args.command == "watch":
        return _watch(args, langs, outs)
    keys = run_keys(langs, args.spec, args.config)
    todo = list(langs)
    if not args.check:
        # Unchanged spec, config, generator and output: say so without loading anything.
        for lang in langs:
            stamp = fresh_stamp(outs[lang], lang, keys[lang], BACKENDS[lang].build_outputs)
            if stamp is None or (args.strict and stamp.warnings):
                continue
            todo.remove(lang)
            for line in stamp.warnings:
                print(line, file=sys.stderr)
            _summary("unchanged (nothing written)", lang, outs[lang], stamp.models,
                     stamp.operations, len(stamp.warnings), started)
    if not todo:
        return 0
    from generator.diagnostics import Diagnostics, GenerationError
    from generator.forked import usable_cpus
    from generator.output import write_language
    from generator.render_processes import across_processes
    from generator.write import check_relative_path, differing_files

    diags = Diagnostics()
    jobs = args.jobs or usable_cpus()  # the processes that render, and then write
    try:
        ir, _config, rendered = generate_many(args.spec, args.config, todo, diags, jobs)
        if args.strict and diags.warnings():
            raise GenerationError([d for d in diags.warnings()])
    except GenerationError as exc:
        _print_failure(exc)
        return 2
    warnings = diags.warnings()
    warning_lines = [warning.format() for warning in warnings]
    for line in warning_lines:
        print(line, file=sys.stderr)
    models = len(ir.types)
    operations = len(ir.operations())

    def output(lang: str) -> list[str]:
        """The paths of ``lang``'s output that differ (``--check``) or were rewritten."""
        backend, out, files = BACKENDS[lang], outs[lang], rendered[lang]
        if args.check:
            return differing_files(files, out, backend.build_outputs)
        stale, _left = write_language(
            out, lang, files, key=keys[lang], preserved=backend.build_outputs,
            warning_lines=warning_lines, models=models, operations=operations, diags=diags,
        )
        return stale

    try:
        if not args.check:  # every language's paths are safe before any is written
            for lang in todo:
                for rel in rendered[lang]:
                    check_relative_path(rel, diags)
        # Each language's directory is written alone: they are split over processes too.
        stale_by_lang = across_processes(
            todo, output, weights={lang: _write_weight(rendered[lang]) for lang in todo},
            processes=jobs,
        )
    except GenerationError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        return 2
    status = 0
    for lang in todo:
        stale = stale_by_lang[lang]
        if args.check and stale:
            print(f"{outs[lang]} is stale; differing files:", file=sys.stderr)
            for rel in stale:
                print(f"  {rel}", file=sys.stderr)
            status = 1
            continue
        verb = "checked" if args.check else "generated" if stale else "unchanged (nothing written)"
        _summary(verb, lang, outs[lang], models, operations, len(warnings), started)
    return status


def _write_weight(files: dict[str, str]) -> float:
    """What writing these files costs, for splitting the writes: a file costs about what 200 kB
    of its text does (open, write, close and rename; measured on the synthetic 5,000-schema
    spec, bench/results/profile-parallel.md)."""
    return len(files) + sum(len(text) for text in files.values()) / 200_000


def _watch(args: argparse.Namespace, langs: list[str], outs: dict[str, Path]) -> int:
    import signal
    import threading

    from generator.diagnostics import GenerationError
    from generator.watch import DEFAULT_INTERVAL_S, Watcher, watch

    gc.enable()  # a long-lived process: the collector is paused only during each run
    try:
        watcher = Watcher(args.spec, args.config, langs, outs, strict=args.strict)
    except GenerationError as exc:
        _print_failure(exc)
        return 2
    stop = threading.Event()

    def stop_after_this_run(signum: int, _frame: object) -> None:
        # A run in progress finishes its writes first; a second Ctrl-C interrupts at once.
        stop.set()
        signal.signal(signum, signal.SIG_DFL)

    signal.signal(signal.SIGINT, stop_after_this_run)
    signal.signal(signal.SIGTERM, stop_after_this_run)
    watched = " and ".join(str(p) for p in (args.spec, args.config) if p is not None)
    print(f"watching {watched} for {', '.join(langs)} (Ctrl-C stops)", flush=True)
    watch(watcher, interval=args.interval or DEFAULT_INTERVAL_S, stop=stop)
    print("stopped watching", flush=True)
    return 0


def _summary(
    verb: str, lang: str, out: Path, models: int, operations: int, warnings: int, started: float
) -> None:
    elapsed = time.perf_counter() - started
    print(
        f"{verb} {lang} SDK in {out}: {models} models, {operations} operations, "
        f"{warnings} warnings, {elapsed:.2f}s"
    )


def console_main() -> NoReturn:
    """The ``parley`` console command (``[project.scripts]`` in pyproject.toml)."""
    one_shot_process()
    exit_now(main(prog="parley"))


def one_shot_process() -> None:
    """The command line is one run and then exit: its cycle collector stays off to the end
    (see ``no_cycle_collection``; turned back on after the run, the collector would walk
    everything the run allocated while the files are written)."""
    gc.disable()


def exit_now(status: int) -> NoReturn:
    """End the process once its output is flushed, without freeing the spec, the IR and the
    rendered files object by object (a tenth of a big run; the OS takes the memory back at
    once). Every file the run wrote is closed by then."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)

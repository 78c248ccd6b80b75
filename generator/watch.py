"""``parley watch``: generate every requested SDK, then regenerate whenever the spec or the
config changes, until interrupted.

One process and one :class:`~generator.session.Session` for the whole watch, so a regeneration
pays neither the interpreter's start-up nor the imports, and the backends reuse every render
piece whose inputs the edit left alone (generator.render_memo). What is written is what
``parley generate`` writes for the same files, stamps included: a later ``generate`` of the
unchanged spec is a no-op. A bad edit prints its diagnostics and writes nothing; the SDKs stay
those of the last good run, and the next edit is picked up as usual.

Changes are found by polling the files' size and modification time (standard library only);
a change is acted on once the files have held still for one interval, so an editor's
several-step save is one regeneration.
"""

from __future__ import annotations

import hashlib
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.cli import no_cycle_collection
from generator.diagnostics import Diagnostics, GenerationError
from generator.languages import BACKENDS
from generator.output import LeftBehind, write_language
from generator.session import Session
from generator.stamp import run_keys

DEFAULT_INTERVAL_S = 0.25


@dataclass
class Regeneration:
    """One run of a watch: what it wrote, or why it wrote nothing."""

    ok: bool
    seconds: float
    written: dict[str, list[str]] = field(default_factory=dict)
    """language → the paths rewritten or removed"""
    messages: list[str] = field(default_factory=list)
    """diagnostics, formatted: the warnings of a good run, the errors of a bad one"""
    reused: dict[str, tuple[int, int]] = field(default_factory=dict)
    """language → (render pieces reused, computed)"""

    def summary(self) -> str:
        if not self.ok:
            return (f"generation failed: {len(self.messages)} error(s); nothing written "
                    "(the SDKs are those of the last good run)")
        files = sum(len(paths) for paths in self.written.values())
        pieces = sum(r + c for r, c in self.reused.values())
        reused = sum(r for r, _ in self.reused.values())
        langs = ", ".join(f"{lang} {len(paths)}" for lang, paths in self.written.items())
        what = f"{files} file(s) written ({langs})" if files else "unchanged (nothing written)"
        return f"{what} in {self.seconds:.3f}s; {reused} of {pieces} render pieces reused"


class Watcher:
    """Regenerates ``langs`` from ``spec`` (and ``config``) into ``outs``, run after run."""

    def __init__(
        self, spec: Path, config: Path | None, langs: list[str], outs: dict[str, Path],
        *, strict: bool = False, incremental: bool = True,
    ) -> None:
        """``incremental=False``: every run is a full one (what ``generate`` does), for
        comparing with."""
        self.spec, self.config, self.outs, self.strict = spec, config, outs, strict
        self.session = Session(langs, incremental=incremental)
        self._left: dict[str, LeftBehind] = {}

    def _keys(self) -> dict[str, str | None]:
        return run_keys(self.session.langs, self.spec, self.config)

    def regenerate(self) -> Regeneration:
        started = time.perf_counter()
        keys = self._keys()
        diags = Diagnostics()
        try:
            with no_cycle_collection():
                ir, _config, rendered = self.session.generate(self.spec, self.config, diags)
            if self.strict and diags.warnings():
                raise GenerationError(diags.warnings())
        except GenerationError as exc:
            return Regeneration(False, time.perf_counter() - started,
                                messages=[d.format() for d in exc.diagnostics])
        # A file saved again during the run: its output must not be stamped as the new
        # bytes' (the next poll sees the change and runs again).
        if self._keys() != keys or _sha256(self.spec) != ir.api.spec_sha256:
            keys = dict.fromkeys(keys)
        warning_lines = [d.format() for d in diags.warnings()]
        written: dict[str, list[str]] = {}
        try:
            for lang in self.session.langs:
                written[lang], self._left[lang] = write_language(
                    self.outs[lang], lang, rendered[lang], key=keys[lang],
                    preserved=BACKENDS[lang].build_outputs, warning_lines=warning_lines,
                    models=len(ir.types), operations=len(ir.operations()), diags=diags,
                    left=self._left.get(lang),
                )
        except GenerationError as exc:
            return Regeneration(False, time.perf_counter() - started, written,
                                [d.format() for d in exc.diagnostics])
        return Regeneration(True, time.perf_counter() - started, written, warning_lines,
                            self.session.reuse_counts())


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _signature(paths: list[Path]) -> tuple[tuple[int, int] | None, ...]:
    """Size and modification time of each path (None when it cannot be read)."""
    found: list[tuple[int, int] | None] = []
    for path in paths:
        try:
            info = path.stat()
        except OSError:
            found.append(None)
            continue
        found.append((info.st_size, info.st_mtime_ns))
    return tuple(found)


def watch(
    watcher: Watcher,
    *,
    interval: float = DEFAULT_INTERVAL_S,
    stop: threading.Event | None = None,
    report: Callable[[Regeneration], None] | None = None,
) -> None:
    """Generate once, then again after every change, until ``stop`` is set."""
    stop = stop or threading.Event()
    report = report or print_regeneration
    watched = [watcher.spec] + ([watcher.config] if watcher.config is not None else [])
    seen = _signature(watched)
    report(watcher.regenerate())
    while not stop.wait(interval):
        now = _signature(watched)
        if now == seen:
            continue
        # Wait for the files to hold still: an editor's save may be several writes.
        while not stop.wait(interval):
            settled = _signature(watched)
            if settled == now:
                break
            now = settled
        if stop.is_set():
            return
        seen = now
        report(watcher.regenerate())


def print_regeneration(regeneration: Regeneration) -> None:
    for line in regeneration.messages:
        print(line, file=sys.stderr)
    print(regeneration.summary(), flush=True)

"""Every language rendered on every core: a one-shot run forks after the IR is built.

The IR is built once; rendering is the larger part of a run and each language renders alone,
reading the IR and writing nothing to it. So a run with several languages and several CPUs
forks one child per extra CPU right after the build. A child shares the parent's IR page by
page (copy on write, nothing is serialised), renders its languages and sends back only their
files and diagnostics, pickled through a pipe. Languages are split by each backend's
``render_weight`` (a registry fact, measured in bench/results/generate.md) so the processes end
about together.

Nothing about the output depends on the split: each language renders into diagnostics of its
own, merged in ``langs`` order, exactly as one process rendering them one after another
records them (tests/generator/test_render_processes.py compares both). A child that fails in
any way (a bug in a backend, a signal, a broken pipe) sends nothing; the parent then renders
its languages itself, so a bug surfaces with its own traceback, as without processes.

Forking is only done where it is safe and pays: on Linux (macOS system libraries do not
survive a fork without exec), with no other thread running (a fork copies locks another thread
may hold), and only when more than one CPU is usable.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass

from generator.diagnostics import Diagnostic, Diagnostics

RenderOne = Callable[[str, Diagnostics], dict[str, str]]
"""Renders one language into the given diagnostics: {relative POSIX path: text}."""


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity, not the machine's count)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else (os.cpu_count() or 1)


def can_fork() -> bool:
    """Whether forking this process now is safe (see the module's docstring)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def split(langs: list[str], weights: dict[str, float], processes: int) -> list[list[str]]:
    """``langs`` in at most ``processes`` groups of about equal weight (the heaviest language
    first into the lightest group); each group keeps ``langs`` order. Deterministic."""
    groups: list[list[str]] = [[] for _ in range(max(1, min(processes, len(langs))))]
    loads = [0.0] * len(groups)
    for lang in sorted(langs, key=lambda lang: (-weights.get(lang, 1.0), langs.index(lang))):
        lightest = loads.index(min(loads))
        groups[lightest].append(lang)
        loads[lightest] += weights.get(lang, 1.0)
    return [sorted(group, key=langs.index) for group in groups if group]


@dataclass
class _Child:
    pid: int
    reader: int
    langs: list[str]

    def result(self) -> dict[str, tuple[dict[str, str], list[Diagnostic]]] | None:
        """What the child rendered, or None when it failed (it is reaped either way)."""
        chunks = []
        try:
            with os.fdopen(self.reader, "rb") as pipe:
                chunks.append(pipe.read())
        finally:
            _, status = os.waitpid(self.pid, 0)
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            return None
        try:
            payload = pickle.loads(b"".join(chunks))
        except Exception:  # a child that died mid-write: render its languages here instead
            return None
        return payload if isinstance(payload, dict) and set(payload) == set(self.langs) else None

    def stop(self) -> None:
        """The parent failed: stop the child and reap it."""
        with contextlib.suppress(ChildProcessError, ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):  # result() closed it already
            os.close(self.reader)


def _fork(langs: list[str], render: RenderOne, source: str) -> _Child | None:
    """A child rendering ``langs``; None when the fork itself fails (the parent renders)."""
    reader, writer = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        return None
    if pid:
        os.close(writer)
        return _Child(pid, reader, langs)
    status = 1
    try:  # the child: render, send, and leave without running the parent's exit handlers
        os.close(reader)
        payload = {}
        for lang in langs:
            own = Diagnostics(source=source)
            payload[lang] = (render(lang, own), own.items)
        with os.fdopen(writer, "wb") as pipe:
            pickle.dump(payload, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        status = 0
    except BaseException:  # noqa: BLE001 - the parent renders these languages and reports
        pass
    finally:
        os._exit(status)


def render_languages(
    langs: list[str], render: RenderOne, diags: Diagnostics, *,
    weights: dict[str, float], processes: int,
) -> dict[str, dict[str, str]]:
    """Every language's files, rendered in up to ``processes`` processes (this one included);
    the diagnostics are added to ``diags`` language by language, in ``langs`` order."""
    groups = split(langs, weights, processes) if processes > 1 and can_fork() else [langs]
    # This process takes the lightest group: it also unpickles what the children send.
    groups.sort(key=lambda group: -sum(weights.get(lang, 1.0) for lang in group))
    here = groups.pop()
    own = {lang: Diagnostics(source=diags.source) for lang in langs}
    rendered: dict[str, dict[str, str]] = {}
    children: list[_Child] = []
    try:
        for group in groups:
            child = _fork(group, render, diags.source)
            if child is None:
                here = here + group
            else:
                children.append(child)
        for lang in here:
            rendered[lang] = render(lang, own[lang])
        while children:
            child = children[0]
            result = child.result()
            children.pop(0)
            for lang in child.langs:
                if result is None:
                    rendered[lang] = render(lang, own[lang])
                else:
                    rendered[lang], items = result[lang]
                    own[lang].items.extend(items)
    except BaseException:
        for child in children:
            child.stop()
        raise
    for lang in langs:
        for diagnostic in own[lang]:
            diags.add(diagnostic)
    return {lang: rendered[lang] for lang in langs}

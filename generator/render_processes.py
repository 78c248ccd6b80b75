"""Every language rendered, and written, on every core: a one-shot run forks after the IR is
built, and again to write.

The IR is built once; rendering is the larger part of a run and each language renders alone,
reading the IR and writing nothing to it. So a run with several languages and several CPUs
forks one child per extra CPU right after the build (generator.forked): a child shares the
IR, renders its languages and sends back only their files and diagnostics. Languages are split
by each backend's ``render_weight`` (a registry fact, measured in bench/results/generate.md)
so the processes end about together. Writing the output directories, each language's alone,
is split the same way by how many files each one has (generator.cli).

Nothing about the output depends on the split: each language renders into diagnostics of its
own, merged in ``langs`` order, exactly as one process rendering them one after another
records them (tests/generator/test_render_processes.py compares both). A child that fails
hands its languages back: this process does their work itself.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from generator.diagnostics import Diagnostic, Diagnostics
from generator.forked import Child, can_fork, fork

T = TypeVar("T")

RenderOne = Callable[[str, Diagnostics], dict[str, str]]
"""Renders one language into the given diagnostics: {relative POSIX path: text}."""


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


def across_processes(
    langs: list[str], work: Callable[[str], T], *, weights: dict[str, float], processes: int,
) -> dict[str, T]:
    """``work(lang)`` for every language, in up to ``processes`` processes (this one included),
    in ``langs`` order. ``work`` must not depend on which process runs it: a child that fails
    in any way hands its languages back, and this process does them itself."""
    groups = split(langs, weights, processes) if processes > 1 and can_fork() else [langs]
    # This process takes the lightest group: it also unpickles what the children send.
    groups.sort(key=lambda group: -sum(weights.get(lang, 1.0) for lang in group))
    here = groups.pop()
    done: dict[str, T] = {}
    children: list[tuple[Child, list[str]]] = []
    try:
        for group in groups:
            child = fork(functools.partial(_work_group, group, work))
            if child is None:
                here = here + group
            else:
                children.append((child, group))
        for lang in here:
            done[lang] = work(lang)
        while children:
            child, group = children[0]
            result = child.result()
            children.pop(0)
            if not isinstance(result, dict) or set(result) != set(group):
                result = {lang: work(lang) for lang in group}
            done.update(result)
    except BaseException:
        for child, _group in children:
            child.stop()
        raise
    return {lang: done[lang] for lang in langs}


def _work_group(langs: list[str], work: Callable[[str], T]) -> dict[str, T]:
    return {lang: work(lang) for lang in langs}


def render_languages(
    langs: list[str], render: RenderOne, diags: Diagnostics, *,
    weights: dict[str, float], processes: int,
) -> dict[str, dict[str, str]]:
    """Every language's files, rendered in up to ``processes`` processes (this one included);
    the diagnostics are added to ``diags`` language by language, in ``langs`` order."""

    def render_one(lang: str) -> tuple[dict[str, str], list[Diagnostic]]:
        # Diagnostics of its own: what a child records is sent back with the files.
        own = Diagnostics(source=diags.source)
        return render(lang, own), own.items

    rendered = across_processes(langs, render_one, weights=weights, processes=processes)
    for lang in langs:
        for diagnostic in rendered[lang][1]:
            diags.add(diagnostic)
    return {lang: files for lang, (files, _items) in rendered.items()}

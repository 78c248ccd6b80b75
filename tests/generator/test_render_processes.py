"""Languages rendered in forked processes (generator.render_processes) give what one process
gives: the same files and the same diagnostics in the same order, whatever the split. A child
that fails hands its languages back to the parent; a failing parent leaves no child behind; a
process with other threads does not fork.

The checks that fork run in a fresh interpreter each (tests/fresh_process.py): this test
process may hold a live server's threads, and then rightly never forks."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostic, Diagnostics
from generator.forked import can_fork
from generator.languages import BACKENDS
from generator.render_processes import render_languages, split
from generator.session import Session
from tests.fresh_process import run_in_fresh_process
from tests.third_party import LLAMA_STACK

ROOT = Path(__file__).resolve().parents[2]
LANGS = sorted(BACKENDS)
WEIGHTS = {"a": 3.0, "b": 1.0, "c": 0.8, "d": 0.6}



def _fake_render(lang: str, diags: Diagnostics) -> dict[str, str]:
    """Files naming the process that rendered them, and diagnostics of two kinds: one of its
    own and one every language reports (kept once, at its first language)."""
    diags.warn(f"#/{lang}", f"{lang} rendered")
    diags.warn("#/shared", "every language says this")
    return {f"{lang}.txt": f"{lang}\n", "pid": str(os.getpid())}


def _no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_split_balances_weights_and_keeps_the_order() -> None:
    assert split(list("abcd"), WEIGHTS, 2) == [["a"], ["b", "c", "d"]]
    assert split(list("dcba"), WEIGHTS, 2) == [["a"], ["d", "c", "b"]]
    assert split(list("abcd"), WEIGHTS, 1) == [list("abcd")]
    assert split(list("ab"), WEIGHTS, 8) == [["a"], ["b"]]
    # Equal weights: every group gets some, deterministically.
    assert split(list("wxyz"), {}, 3) == [["w", "z"], ["x"], ["y"]]


def check_forked_languages_render_elsewhere_and_merge_in_language_order() -> None:
    assert can_fork()
    one = Diagnostics()
    alone = render_languages(list("abcd"), _fake_render, one, weights=WEIGHTS, processes=1)
    two = Diagnostics()
    forked = render_languages(list("abcd"), _fake_render, two, weights=WEIGHTS, processes=2)
    assert {lang: files["pid"] for lang, files in alone.items()} == dict.fromkeys(
        "abcd", str(os.getpid()))
    # "a" (the heaviest) went to a child; the parent rendered the rest.
    assert forked["a"]["pid"] != str(os.getpid())
    assert {forked[lang]["pid"] for lang in "bcd"} == {str(os.getpid())}
    strip = {lang: {k: v for k, v in files.items() if k != "pid"} for lang, files in forked.items()}
    assert strip == {lang: {k: v for k, v in files.items() if k != "pid"}
                     for lang, files in alone.items()}
    assert list(forked) == list("abcd")
    assert two.items == one.items
    assert [d.pointer for d in two] == ["#/a", "#/shared", "#/b", "#/c", "#/d"]
    assert _no_children_left()


def check_a_failing_child_hands_its_languages_back() -> None:
    assert can_fork()
    parent = os.getpid()

    def render(lang: str, diags: Diagnostics) -> dict[str, str]:
        if os.getpid() != parent:
            raise RuntimeError("a bug that only bites in the child")
        return _fake_render(lang, diags)

    diags = Diagnostics()
    rendered = render_languages(list("abcd"), render, diags, weights=WEIGHTS, processes=2)
    assert {files["pid"] for files in rendered.values()} == {str(parent)}
    assert [d.pointer for d in diags] == ["#/a", "#/shared", "#/b", "#/c", "#/d"]
    assert _no_children_left()


def check_a_child_killed_by_a_signal_hands_its_languages_back() -> None:
    assert can_fork()
    parent = os.getpid()

    def render(lang: str, diags: Diagnostics) -> dict[str, str]:
        if os.getpid() != parent:
            os.kill(os.getpid(), 9)
        return _fake_render(lang, diags)

    rendered = render_languages(list("abcd"), render, Diagnostics(), weights=WEIGHTS,
                                processes=2)
    assert rendered["a"]["a.txt"] == "a\n"
    assert rendered["a"]["pid"] == str(parent)
    assert _no_children_left()


def check_a_bug_in_the_parent_raises_and_leaves_no_child() -> None:
    assert can_fork()
    parent = os.getpid()

    def render(lang: str, diags: Diagnostics) -> dict[str, str]:
        if os.getpid() == parent:
            raise ValueError(f"a bug rendering {lang}")
        return _fake_render(lang, diags)

    with pytest.raises(ValueError, match="a bug rendering b"):
        render_languages(list("abcd"), render, Diagnostics(), weights=WEIGHTS, processes=2)
    assert _no_children_left()


def test_another_thread_keeps_rendering_in_this_process() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not can_fork()
        rendered = render_languages(list("abcd"), _fake_render, Diagnostics(), weights=WEIGHTS,
                                    processes=2)
    finally:
        stop.set()
        thread.join()
    assert {files["pid"] for files in rendered.values()} == {str(os.getpid())}


def check_a_real_run_gives_the_same_files_and_diagnostics_in_any_number_of_processes(
) -> None:
    """llama-stack, every language: byte-identical files, identical diagnostics."""
    assert can_fork()
    runs = []
    for count in (1, 2, 3):
        diags = Diagnostics()
        _ir, _config, rendered = Session(LANGS, incremental=False, processes=count).generate(
            LLAMA_STACK, None, diags)
        runs.append((rendered, [d.format() for d in diags]))
    assert runs[0][0] == runs[1][0] == runs[2][0]
    assert runs[0][1] == runs[1][1] == runs[2][1]
    assert runs[0][1], "llama-stack has warnings to compare"
    assert _no_children_left()


def test_a_watch_renders_in_its_own_process() -> None:
    with pytest.raises(ValueError, match="1 for a watch"):
        Session(LANGS, incremental=True, processes=2)
    with pytest.raises(ValueError, match="at least 1"):
        Session(LANGS, incremental=False, processes=0)


@pytest.mark.parametrize("jobs", ["0", "-1", "two", "1.5"])
def test_a_bad_jobs_value_is_a_usage_error(jobs: str, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--spec", str(ROOT / "spec/openapi.yaml"),
         "--lang", "go", "--out", str(tmp_path / "go"), "--jobs", jobs],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 2
    assert "--jobs" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "go").exists()


def test_the_diagnostic_type_pickles() -> None:
    """What a child sends back: frozen dataclasses, equal after the round trip."""
    import pickle

    item = Diagnostic("warning", "#/paths/~1a", "text", "spec")
    assert pickle.loads(pickle.dumps(item)) == item


FORKING_CHECKS = [
    "check_forked_languages_render_elsewhere_and_merge_in_language_order",
    "check_a_failing_child_hands_its_languages_back",
    "check_a_child_killed_by_a_signal_hands_its_languages_back",
    "check_a_bug_in_the_parent_raises_and_leaves_no_child",
    "check_a_real_run_gives_the_same_files_and_diagnostics_in_any_number_of_processes",
]


@pytest.mark.parametrize("check", FORKING_CHECKS)
def test_forking(check: str) -> None:
    run_in_fresh_process("tests.generator.test_render_processes", check)

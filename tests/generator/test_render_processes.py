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

from generator.cli import main as generate_main
from generator.diagnostics import Diagnostic, Diagnostics
from generator.forked import can_fork
from generator.languages import BACKENDS
from generator.render_processes import across_processes, render_languages, split
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


def check_any_work_is_spread_over_processes_and_kept_in_language_order() -> None:
    """The writes use the same split as the renders: each language's work in one process."""
    assert can_fork()
    done = across_processes(list("dcba"), lambda lang: (lang, os.getpid()), weights=WEIGHTS,
                            processes=2)
    assert list(done) == list("dcba")
    assert [value[0] for value in done.values()] == list("dcba")
    assert done["a"][1] != os.getpid()
    assert {done[lang][1] for lang in "bcd"} == {os.getpid()}
    assert _no_children_left()


def check_the_command_writes_and_checks_the_same_trees_in_any_number_of_processes() -> None:
    """``parley generate``: the directories written with --jobs 2 (split writes) are those of
    --jobs 1, and --check finds a stale file in whichever process checks it."""
    import filecmp
    import tempfile

    def same_trees(left: Path, right: Path) -> bool:
        compared = filecmp.dircmp(left, right)
        return not (compared.left_only or compared.right_only or compared.diff_files
                    or compared.funny_files) and all(
            same_trees(left / sub, right / sub) for sub in compared.common_dirs)

    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        for jobs in ("1", "2"):
            assert generate_main(["generate", "--spec", str(LLAMA_STACK), "--lang", "all",
                                  "--out", str(out / jobs / "{lang}"), "--jobs", jobs]) == 0
        for lang in LANGS:
            assert same_trees(out / "1" / lang, out / "2" / lang), lang
        check = ["generate", "--spec", str(LLAMA_STACK), "--lang", "all", "--check",
                 "--out", str(out / "2" / "{lang}"), "--jobs", "2"]
        assert generate_main(check) == 0
        for lang in LANGS:  # a stale file in each language in turn, wherever it is checked
            victim = next(path for path in sorted((out / "2" / lang).rglob("*"))
                          if path.is_file() and not path.name.startswith("."))
            original = victim.read_bytes()
            victim.write_bytes(original + b"\n")
            assert generate_main(check) == 1, lang
            victim.write_bytes(original)
    assert _no_children_left()


BAD_REFS_SPEC = """openapi: 3.1.0
info: {title: Refs, version: '1'}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Missing'}
components:
  schemas:
    Thing:
      type: object
      properties:
        remote: {$ref: 'https://example.com/schemas.json#/Remote'}
        dangling: {$ref: '#/components/schemas/Nowhere'}
    Fine: {type: string, default: 3}
"""


def check_the_ref_check_apart_reports_what_one_process_reports() -> None:
    """The build checks the $refs in a child meanwhile (builder.build): a spec whose refs are
    bad fails with one process's diagnostics, in its order; a good one builds the same IR."""
    import tempfile

    from generator.diagnostics import GenerationError

    assert can_fork()
    with tempfile.TemporaryDirectory() as scratch:
        spec = Path(scratch) / "refs.yaml"
        spec.write_text(BAD_REFS_SPEC, encoding="utf-8")
        reported = []
        for count in (1, 2):
            diags = Diagnostics()
            with pytest.raises(GenerationError) as failed:
                Session(["go"], incremental=False, processes=count).generate(spec, None, diags)
            reported.append(([d.format() for d in diags], [d.format() for d in
                                                           failed.value.diagnostics]))
        assert reported[0] == reported[1]
        assert any("Nowhere" in line for line in reported[0][1]), reported[0]
        assert any("example.com" in line for line in reported[0][1]), reported[0]
    builds = []
    for count in (1, 2):
        diags = Diagnostics()
        ir, _config, _files = Session(["go"], incremental=False, processes=count).generate(
            LLAMA_STACK, None, diags)
        builds.append((ir, [d.format() for d in diags]))
    assert builds[0] == builds[1]
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
    "check_any_work_is_spread_over_processes_and_kept_in_language_order",
    "check_the_command_writes_and_checks_the_same_trees_in_any_number_of_processes",
    "check_the_ref_check_apart_reports_what_one_process_reports",
]


@pytest.mark.parametrize("check", FORKING_CHECKS)
def test_forking(check: str) -> None:
    run_in_fresh_process("tests.generator.test_render_processes", check)

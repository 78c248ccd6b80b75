"""The stage runner on a synthetic stage table: real subprocesses, no SDK needed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from generator.backend import Backend
from pipeline.stage_runner import RunContext, main, run_language, run_stage_everywhere
from pipeline.stages import Command, Stage, Status


def _py(code: str) -> Command:
    return Command(("{python}", "-c", code))


def _pipeline(stages: tuple[Stage, ...], name: str = "fake") -> Backend:
    return Backend(name, render=lambda ir, config, diags: {}, sdk_dir=f"sdks/{name}",
                   stages=stages, install_command="install {artifact}")


def _ctx(tmp_path: Path) -> RunContext:
    return RunContext(root=tmp_path, logs=tmp_path / "logs", python=sys.executable)


def test_a_failure_skips_its_dependents_but_not_the_rest(tmp_path: Path) -> None:
    table = _pipeline((
        Stage("generate", (_py("print('warning: spec #/x: skipped a construct')"),),
              warning_pattern=r"^\s*warning:.*$"),
        Stage("build", (_py("import sys; print('error: cannot build'); sys.exit(3)"),
                        _py("open('never-run', 'w')")), needs=("generate",)),
        Stage("lint", (_py("print('clean')"),), needs=("generate",)),
        Stage("test", (_py("print('ran')"),), needs=("build",)),
    ))
    results = run_language(table, ["generate", "build", "lint", "test"], _ctx(tmp_path))
    statuses = {r.stage: r.status for r in results}
    assert statuses == {"generate": Status.WARNING, "build": Status.ERROR,
                        "lint": Status.OK, "test": Status.SKIPPED}
    generate, build, _, test = results
    assert generate.diagnostics == ("warning: spec #/x: skipped a construct",)
    assert build.diagnostics[0].endswith("exited with 3")
    assert "error: cannot build" in build.diagnostics
    assert not (tmp_path / "never-run").exists(), "a stage stops at its first failing command"
    assert test.diagnostics == ("skipped: build failed",)
    assert (tmp_path / (build.log or "")).read_text().count("$ ") == 1


def test_unselected_stages_are_skipped_and_commands_can_be_conditional(tmp_path: Path) -> None:
    (tmp_path / "installed").write_text("")
    table = _pipeline((
        Stage("generate", (Command(("{python}", "-c", "raise SystemExit(1)"),
                                   unless_exists="installed"),)),
        Stage("build", (_py("print('x')"),)),
    ))
    results = run_language(table, ["generate"], _ctx(tmp_path))
    assert [r.status for r in results] == [Status.OK, Status.SKIPPED]


def test_failed_tests_come_from_junit(tmp_path: Path) -> None:
    tests = tmp_path / "t"
    tests.mkdir()
    (tests / "test_x.py").write_text(
        "def test_good():\n    pass\n\n"
        "def test_bad():\n    assert 1 + 1 == 3, 'arithmetic is broken'\n"
    )
    table = _pipeline((
        Stage("test", (Command(("{python}", "-m", "pytest", "-q", "-p", "no:cacheprovider",
                                "--junitxml={junit}", "t")),), junit=True),
    ))
    [result] = run_language(table, ["test"], _ctx(tmp_path))
    assert result.status is Status.ERROR
    failures = [d for d in result.diagnostics if "test_bad" in d]
    assert len(failures) == 1 and "arithmetic is broken" in failures[0]
    assert not any("test_good" in d for d in result.diagnostics)


def test_artifacts_are_only_this_runs_files(tmp_path: Path) -> None:
    dist = tmp_path / "build/dist"
    dist.mkdir(parents=True)
    stale = dist / "pkg-0.0.1.whl"
    stale.write_text("old")
    os.utime(stale, (1_000_000, 1_000_000))
    table = _pipeline((
        Stage("build", (_py("open('build/dist/pkg-0.2.0.whl', 'w').write('new')"),),
              artifacts=("pkg-*.whl",)),
    ))
    [result] = run_language(table, ["build"], _ctx(tmp_path))
    assert result.artifacts == ("build/dist/pkg-0.2.0.whl",)


def test_a_missing_tool_is_an_error_not_a_crash(tmp_path: Path) -> None:
    table = _pipeline((Stage("lint", (Command(("no-such-tool-parley",)),)),))
    [result] = run_language(table, ["lint"], _ctx(tmp_path))
    assert result.status is Status.ERROR
    assert "exited with 127" in result.diagnostics[0]
    assert any("cannot run 'no-such-tool-parley'" in d for d in result.diagnostics)


def test_a_soft_failure_warns_and_the_stage_goes_on(tmp_path: Path) -> None:
    table = _pipeline((
        Stage("generate", (
            Command(("{python}", "-c", "print('1 sdks/fake is stale; differing files:');"
                     "print('warning: spec #/a: odd'); raise SystemExit(1)"),
                    failure_warns="the committed sdks/fake is stale"),
            _py("print('warning: spec #/a: odd'); open('generated', 'w')"),
        ), warning_pattern=r"^\s*warning:.*$"),
    ))
    [result] = run_language(table, ["generate"], _ctx(tmp_path))
    assert result.status is Status.WARNING
    assert (tmp_path / "generated").exists()
    assert result.diagnostics[0] == "the committed sdks/fake is stale"
    assert "1 sdks/fake is stale; differing files:" in result.diagnostics
    assert result.diagnostics.count("warning: spec #/a: odd") == 1


def _meets(me: str, other: str, wait_s: float) -> Command:
    """Leaves a mark, then succeeds only if ``other``'s mark appears within ``wait_s``."""
    return _py(
        "import pathlib, sys, time\n"
        f"pathlib.Path({me!r}).touch()\n"
        f"deadline = time.monotonic() + {wait_s}\n"
        f"while not pathlib.Path({other!r}).exists():\n"
        "    if time.monotonic() > deadline: sys.exit(1)\n"
        "    time.sleep(0.02)\n"
    )


def test_a_stage_runs_in_several_languages_at_once(tmp_path: Path) -> None:
    languages = [
        _pipeline((Stage("lint", (_meets("a", "b", 30),)),), "alpha"),
        _pipeline((Stage("build", (_py("pass"),)),), "nolint"),  # has no lint: left out
        _pipeline((Stage("lint", (_meets("b", "a", 30),)),), "beta"),
    ]
    finished: list[str] = []
    results = run_stage_everywhere("lint", languages, _ctx(tmp_path), jobs=2,
                                   finished=lambda result: finished.append(result.language))
    assert [(r.language, r.status) for r in results] == [
        ("alpha", Status.OK), ("beta", Status.OK)]
    assert sorted(finished) == ["alpha", "beta"]


def test_one_job_runs_the_languages_one_after_another(tmp_path: Path) -> None:
    languages = [
        _pipeline((Stage("lint", (_meets("a", "b", 1),)),), "alpha"),
        _pipeline((Stage("lint", (_meets("b", "a", 1),)),), "beta"),
    ]
    results = run_stage_everywhere("lint", languages, _ctx(tmp_path), jobs=1)
    # alpha waited alone for beta's mark; beta found alpha's, left before it started.
    assert [r.status for r in results] == [Status.ERROR, Status.OK]


def test_the_command_prints_each_log_and_fails_if_any_language_failed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    languages = [
        _pipeline((Stage("test", (_py("print('all green')"),)),), "alpha"),
        _pipeline((Stage("test", (_py("import sys; print('boom'); sys.exit(4)"),)),), "beta"),
    ]
    argv = ["test", "--root", str(tmp_path), "--jobs", "2"]
    assert main(argv, languages) == 1
    out = capsys.readouterr().out
    assert "==> alpha test: ok" in out and "all green" in out
    assert "==> beta test: error" in out and "boom" in out and "exited with 4" in out
    assert main(argv, languages[:1]) == 0
    assert main(["bogus", "--root", str(tmp_path)], languages) == 2

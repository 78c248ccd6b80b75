"""``parley watch`` (generator.watch): its first run writes what ``parley generate`` writes; after
each edit of the spec or config it writes what a fresh ``generate`` of the edited files writes,
stamps included (a later ``generate`` is a no-op); a bad edit writes nothing and the next good
one is picked up; a hand edit of the output is repaired; Ctrl-C and SIGTERM stop it cleanly.
Correctness only: the timings live in bench/noop.py."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.languages import BACKENDS
from generator.watch import Regeneration, Watcher, watch
from tests.incremental_edits import EDITS, read_spec

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "openapi.yaml"
CONFIG = ROOT / "sdks" / "config.yaml"
LANGS = sorted(BACKENDS)


@pytest.fixture(autouse=True)
def _own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARLEY_CACHE_DIR", str(tmp_path / "cache"))


def _tree(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in path.rglob("*") if p.is_file()}


def _mtimes(path: Path) -> dict[str, int]:
    return {p.relative_to(path).as_posix(): p.stat().st_mtime_ns for p in path.rglob("*")}


def _write(path: Path, document: object) -> None:
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")


def _generated(spec: Path, out: Path, capsys: pytest.CaptureFixture[str] | None = None) -> str:
    flags = [arg for lang in LANGS for arg in ("--lang", lang)]
    assert main(["generate", "--spec", str(spec), "--config", str(CONFIG), *flags,
                 "--out", f"{out}/{{lang}}"]) == 0
    return capsys.readouterr().out if capsys is not None else ""


def _watcher(spec: Path, out: Path, *, strict: bool = False) -> Watcher:
    return Watcher(spec, CONFIG, LANGS, {lang: out / lang for lang in LANGS}, strict=strict)


@pytest.mark.parametrize("edit", ["add_query_parameter", "add_schema_property", "remove_operation"])
def test_each_run_writes_what_a_fresh_generate_writes(
    tmp_path: Path, edit: str, capsys: pytest.CaptureFixture[str]
) -> None:
    spec = tmp_path / "openapi.yaml"
    shutil.copyfile(SPEC, spec)
    watcher = _watcher(spec, tmp_path / "watched")
    first = watcher.regenerate()
    assert first.ok and sum(map(len, first.written.values())) > 0
    _generated(spec, tmp_path / "fresh-first")
    assert _tree(tmp_path / "watched") == _tree(tmp_path / "fresh-first")

    _write(spec, EDITS[edit](read_spec(SPEC)))
    second = watcher.regenerate()
    assert second.ok
    _generated(spec, tmp_path / "fresh-second")
    assert _tree(tmp_path / "watched") == _tree(tmp_path / "fresh-second")
    rewritten = {f"{lang}/{rel}" for lang, paths in second.written.items() for rel in paths}
    before, after = _tree(tmp_path / "fresh-first"), _tree(tmp_path / "fresh-second")
    assert rewritten == {rel for rel in before.keys() | after.keys()
                         if before.get(rel) != after.get(rel)}

    # The watch stamped what it wrote: generating the same spec again writes nothing.
    capsys.readouterr()
    stamped = _mtimes(tmp_path / "watched")
    printed = _generated(spec, tmp_path / "watched", capsys)
    assert printed.count("unchanged (nothing written)") == len(LANGS)
    assert _mtimes(tmp_path / "watched") == stamped


def test_a_bad_edit_writes_nothing_and_the_next_good_one_is_taken(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    shutil.copyfile(SPEC, spec)
    out = tmp_path / "watched"
    watcher = _watcher(spec, out)
    assert watcher.regenerate().ok
    before = _mtimes(out)
    document = read_spec(SPEC)
    broken = dict(document, components={"schemas": {}})  # every $ref dangles now
    _write(spec, broken)
    failed = watcher.regenerate()
    assert not failed.ok and not failed.written
    assert any("#/" in line and "error" in line for line in failed.messages)
    assert "nothing written" in failed.summary()
    assert _mtimes(out) == before
    spec.unlink()  # an editor that replaces the file by deleting it first
    gone = watcher.regenerate()
    assert not gone.ok and any("cannot read" in line for line in gone.messages)
    assert _mtimes(out) == before
    _write(spec, EDITS["add_query_parameter"](document))
    assert watcher.regenerate().ok
    _generated(spec, tmp_path / "fresh")
    assert _tree(out) == _tree(tmp_path / "fresh")


def test_a_hand_edit_of_the_output_is_repaired_by_the_next_run(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    shutil.copyfile(SPEC, spec)
    out = tmp_path / "watched"
    watcher = _watcher(spec, out)
    assert watcher.regenerate().ok
    expected = _tree(out)
    victim = out / "python" / "api.md"
    victim.write_text("edited by hand\n", encoding="utf-8")
    (out / "go" / "stray.go").write_text("package stray\n", encoding="utf-8")
    again = watcher.regenerate()
    assert again.ok
    assert again.written["python"] == ["api.md"] and again.written["go"] == ["stray.go"]
    assert _tree(out) == expected


def test_strict_fails_on_a_warning_and_writes_nothing(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    document = read_spec(SPEC)
    del document["info"]["version"]  # a warning: the version falls back to "0"
    _write(spec, document)
    regeneration = _watcher(spec, tmp_path / "out", strict=True).regenerate()
    assert not regeneration.ok
    assert any("info/version" in line for line in regeneration.messages)
    assert not (tmp_path / "out").exists()


def test_the_loop_regenerates_after_a_save_and_stops_when_asked(tmp_path: Path) -> None:
    spec = tmp_path / "openapi.yaml"
    shutil.copyfile(SPEC, spec)
    out = tmp_path / "watched"
    runs: list[Regeneration] = []
    stop = threading.Event()
    thread = threading.Thread(
        target=watch, args=(_watcher(spec, out),),
        kwargs={"interval": 0.02, "stop": stop, "report": runs.append},
    )
    thread.start()
    try:
        _wait(lambda: len(runs) == 1)
        _write(spec, EDITS["edit_description"](read_spec(SPEC)))
        _wait(lambda: len(runs) == 2)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()
    assert all(run.ok for run in runs)
    _generated(spec, tmp_path / "fresh")
    assert _tree(out) == _tree(tmp_path / "fresh")


def _wait(condition: object, timeout: float = 60.0) -> None:
    assert callable(condition)
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the watch did not run in time"
        time.sleep(0.02)


@pytest.fixture
def watching(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    spec = tmp_path / "openapi.yaml"
    shutil.copyfile(SPEC, spec)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PARLEY_CACHE_DIR": str(tmp_path / "cache")}
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "watch", "--spec", str(spec), "--config",
         str(CONFIG), "--lang", "python", "--lang", "go", "--out", f"{tmp_path}/out/{{lang}}",
         "--interval", "0.05"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        yield process, spec
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_the_command_stops_cleanly_on_a_signal(
    watching: tuple[subprocess.Popen[str], Path], tmp_path: Path, signum: int
) -> None:
    process, spec = watching
    _wait(lambda: (tmp_path / "out" / "go" / "client.go").exists())
    _wait(lambda: (tmp_path / "out" / "python" / "api.md").exists())
    time.sleep(0.3)  # let the first run finish its stamps
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert stdout.splitlines()[0].startswith(f"watching {spec}")
    assert "written (go " in stdout
    assert stdout.rstrip().endswith("stopped watching")
    assert not list((tmp_path / "out").rglob("*.parley-*"))  # no staging file left behind


def test_a_bad_interval_is_a_usage_error(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "watch", "--spec", str(SPEC), "--lang", "go",
         "--out", str(tmp_path / "out"), "--interval", "0"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "--interval" in result.stderr and "between 0.01 and 60" in result.stderr
    assert not (tmp_path / "out").exists()

"""Regeneration into an existing output: after a one-operation change (added, renamed, removed
operation; a shared schema, the config or a template changed) it gives exactly the tree a
clean full run gives in a fresh directory, rewriting only the files that differ, and with
nothing changed it writes no file at all (the stamp of generator.stamp); a corrupt stamp is
ignored. Every backend in the registry; one process for all of them gives
what one process per language gives. Correctness only: the timings live in bench/noop.py."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import render, stamp
from generator.cli import main
from generator.languages import BACKENDS

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec" / "openapi.yaml"
CONFIG = ROOT / "sdks" / "config.yaml"
LANGUAGES = sorted(BACKENDS)


def _tree(path: Path) -> dict[str, bytes]:
    return {p.relative_to(path).as_posix(): p.read_bytes() for p in path.rglob("*") if p.is_file()}


def _mtimes(path: Path) -> dict[str, int]:
    return {p.relative_to(path).as_posix(): p.stat().st_mtime_ns for p in path.rglob("*")}


def _one_operation_changed(target: Path) -> Path:
    """Our spec with one operation edited: new summary and description, one more optional
    query parameter."""
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    operation = document["paths"]["/v1/conversations"]["post"]
    operation["summary"] = "Create a conversation (edited)"
    operation["description"] = "Edited by the incremental-regeneration test."
    operation.setdefault("parameters", []).append(
        {"name": "dry_run", "in": "query", "required": False, "schema": {"type": "boolean"}}
    )
    target.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return target


def _generate(spec: Path, out: str, *langs: str) -> int:
    flags = [arg for lang in langs for arg in ("--lang", lang)]
    return main(["generate", "--spec", str(spec), "--config", str(CONFIG), *flags, "--out", out])


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """Every language, all in one process: the original spec into `inc` then the changed spec
    into the same `inc`; the changed spec into a fresh `full`. The stamps go to a private
    cache (PARLEY_CACHE_DIR), not the user's."""
    base = tmp_path_factory.mktemp("incremental")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PARLEY_CACHE_DIR", str(base / "cache"))
        yield _generate_all(base)


def _generate_all(base: Path) -> dict[str, Path]:
    changed = _one_operation_changed(base / "changed.yaml")
    assert _generate(SPEC, str(base / "inc" / "{lang}"), *LANGUAGES) == 0
    before = {lang: _tree(base / "inc" / lang) for lang in LANGUAGES}
    assert _generate(changed, str(base / "inc" / "{lang}"), *LANGUAGES) == 0
    assert _generate(changed, str(base / "full" / "{lang}"), *LANGUAGES) == 0
    # The change must reach every language's output, or the comparison proves nothing.
    for lang in LANGUAGES:
        assert _tree(base / "inc" / lang) != before[lang], lang
    return {"base": base, "changed": changed}


@pytest.mark.parametrize("language", LANGUAGES)
def test_regeneration_after_a_one_operation_change_is_a_full_run(
    runs: dict[str, Path], language: str
) -> None:
    base = runs["base"]
    assert _tree(base / "inc" / language) == _tree(base / "full" / language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_process_for_every_language_is_one_process_per_language(
    runs: dict[str, Path], language: str
) -> None:
    base = runs["base"]
    alone = base / "alone" / language
    assert _generate(runs["changed"], str(alone), language) == 0
    assert _tree(alone) == _tree(base / "full" / language)


def test_a_noop_regeneration_writes_no_file(
    runs: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    base = runs["base"]
    before = {lang: _mtimes(base / "full" / lang) for lang in LANGUAGES}
    stamps = base / "cache"
    stamps_before = _mtimes(stamps)
    assert len(list((stamps / "generate").iterdir())) >= 3 * len(LANGUAGES)  # inc, full, alone
    capsys.readouterr()
    assert _generate(runs["changed"], str(base / "full" / "{lang}"), *LANGUAGES) == 0
    out = capsys.readouterr().out
    assert out.count("unchanged (nothing written)") == len(LANGUAGES), out
    assert {lang: _mtimes(base / "full" / lang) for lang in LANGUAGES} == before
    assert _mtimes(stamps) == stamps_before  # not even a stamp is rewritten
    assert sorted(p.name for p in (base / "full").iterdir()) == LANGUAGES  # nothing beside


def test_a_hand_edit_or_a_changed_config_defeats_the_noop_shortcut(
    runs: dict[str, Path], tmp_path: Path
) -> None:
    """The shortcut trusts the stamp only while the output and every input are unchanged."""
    base = runs["base"]
    out = base / "full" / "python"
    (out / "README.md").write_text("edited by hand", encoding="utf-8")
    (out / "stray.txt").write_text("not generated", encoding="utf-8")
    assert _generate(runs["changed"], str(out), "python") == 0
    assert (out / "README.md").read_text(encoding="utf-8") != "edited by hand"
    assert not (out / "stray.txt").exists()
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG.read_text(encoding="utf-8").replace("0.1.0", "9.9.9", 1),
                      encoding="utf-8")
    assert "9.9.9" in config.read_text(encoding="utf-8")
    assert main(["generate", "--spec", str(runs["changed"]), "--config", str(config),
                 "--lang", "python", "--out", str(out)]) == 0
    assert any(b"9.9.9" in data for data in _tree(out).values())


# ---------------------------------------------------------------- a chain of one-step changes
# Each step changes one thing and regenerates into the previous step's output through the
# user cache (stamps, in-place update of the differing files only); every tree must be what a
# clean full run gives: a fresh directory and an empty cache.


def _add_operation(document: dict[str, Any]) -> None:
    archive = copy.deepcopy(document["paths"]["/v1/conversations/{conversation_id}"]["get"])
    archive.update(operationId="archiveConversation", summary="Archive a conversation",
                   description="Added by the incremental-regeneration test.")
    document["paths"]["/v1/conversations/{conversation_id}/archive"] = {"post": archive}


def _rename_operation(document: dict[str, Any]) -> None:
    document["paths"]["/v1/conversations/{conversation_id}"]["get"]["operationId"] = (
        "fetchConversation"
    )


def _remove_operation(document: dict[str, Any]) -> None:
    del document["paths"]["/v1/conversations/{conversation_id}/items/{item_id}"]["delete"]


def _change_shared_schema(document: dict[str, Any]) -> None:
    # Conversation is the response of create, retrieve and update.
    conversation = document["components"]["schemas"]["Conversation"]
    conversation["properties"]["topic"] = {
        "type": "string", "description": "Added by the incremental-regeneration test."
    }


SPEC_STEPS: dict[str, Callable[[dict[str, Any]], None]] = {
    "add operation": _add_operation,
    "rename operation": _rename_operation,
    "remove operation": _remove_operation,
    "change a shared schema": _change_shared_schema,
}
STEPS = [*SPEC_STEPS, "change the config", "change a template"]
# One template of each language whose output is sure to show an appended line.
README_TEMPLATES = {"go": "README.md.j2", "kotlin": "README.md.j2", "python": "README.md.jinja",
                    "typescript": "README.md.j2"}


def _run_into(spec: Path, config: Path, out: Path, cache: Path) -> None:
    flags = [arg for lang in LANGUAGES for arg in ("--lang", lang)]
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PARLEY_CACHE_DIR", str(cache))
        assert main(["generate", "--spec", str(spec), "--config", str(config), *flags,
                     "--out", str(out / "{lang}")]) == 0


def _trees(out: Path) -> dict[str, dict[str, bytes]]:
    return {lang: _tree(out / lang) for lang in LANGUAGES}


def _stats(out: Path) -> dict[str, dict[str, tuple[int, int]]]:
    return {
        lang: {p.relative_to(out / lang).as_posix(): (p.stat().st_mtime_ns, p.stat().st_ino)
               for p in (out / lang).rglob("*") if p.is_file()}
        for lang in LANGUAGES
    }


@pytest.fixture(scope="module")
def steps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """step → the incremental tree before and after it, the clean full run's tree, and the
    (mtime, inode) of every file before and after it."""
    base = tmp_path_factory.mktemp("steps")
    inc, cache = base / "inc", base / "cache"
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    spec, config = base / "spec-0.yaml", CONFIG
    shutil.copyfile(SPEC, spec)
    _run_into(spec, config, inc, cache)
    results: dict[str, dict[str, Any]] = {}
    for number, step in enumerate(STEPS, start=1):
        before, stats_before = _trees(inc), _stats(inc)
        with pytest.MonkeyPatch.context() as patch:
            if step in SPEC_STEPS:
                SPEC_STEPS[step](document)
                spec = base / f"spec-{number}.yaml"
                spec.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
            elif step == "change the config":
                text = CONFIG.read_text(encoding="utf-8")
                edited = text.replace("version: 0.1.0", "version: 0.2.0", 1).replace(
                    "max_retries: 2", "max_retries: 3", 1)
                assert edited.count("0.2.0") == 1 and "max_retries: 3" in edited
                config = base / "config.yaml"
                config.write_text(edited, encoding="utf-8")
            else:
                templates = base / "templates"
                shutil.copytree(render.TEMPLATES_ROOT, templates)
                for lang, name in README_TEMPLATES.items():
                    with open(templates / lang / name, "a", encoding="utf-8") as handle:
                        handle.write("\nEdited template line.\n")
                patch.setattr(render, "TEMPLATES_ROOT", templates)
                render.environment.cache_clear()
                stamp.generator_fingerprint.cache_clear()
            try:
                _run_into(spec, config, inc, cache)
                full = base / f"full-{number}"
                _run_into(spec, config, full, base / f"clean-cache-{number}")
            finally:
                render.environment.cache_clear()
                stamp.generator_fingerprint.cache_clear()
        results[step] = {"before": before, "after": _trees(inc), "full": _trees(full),
                         "stats_before": stats_before, "stats_after": _stats(inc)}
    return results


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("step", STEPS)
def test_each_one_step_change_regenerates_into_a_full_runs_tree(
    steps: dict[str, dict[str, Any]], step: str, language: str
) -> None:
    result = steps[step]
    # The change must reach the output, or the comparison proves nothing.
    assert result["after"][language] != result["before"][language]
    assert result["after"][language] == result["full"][language]


@pytest.mark.parametrize("step", STEPS)
def test_a_change_rewrites_only_the_files_it_changes(
    steps: dict[str, dict[str, Any]], step: str
) -> None:
    """Same bytes: the very same file (mtime and inode kept); new bytes: rewritten."""
    result = steps[step]
    kept = 0
    for lang in LANGUAGES:
        before, after = result["before"][lang], result["after"][lang]
        for rel, data in after.items():
            if before.get(rel) == data:
                assert result["stats_after"][lang][rel] == result["stats_before"][lang][rel], rel
                kept += 1
    assert kept > 0


def _edit_keeping_size_and_mtime(path: Path) -> None:
    """A hand edit the stamp's manifest (size, mtime) cannot see."""
    info = path.stat()
    path.write_bytes(b"x" * info.st_size)
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def test_a_corrupt_or_partial_cache_entry_is_ignored(tmp_path: Path) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    _run_into(SPEC, CONFIG, out, cache)
    clean = _trees(out)
    stamps = sorted((cache / "generate").glob("*.json"))
    assert len(stamps) == len(LANGUAGES)
    originals = {path: path.read_text(encoding="utf-8") for path in stamps}
    # Control: a valid stamp is trusted, so an edit it cannot see survives...
    readmes = [out / lang / "README.md" for lang in LANGUAGES]
    for readme in readmes:
        _edit_keeping_size_and_mtime(readme)
    _run_into(SPEC, CONFIG, out, cache)
    assert all(set(readme.read_bytes()) == {ord("x")} for readme in readmes)
    # ...and a corrupt or partial one never is: the run is a real one and repairs the edit.
    for name, corrupt in {
        "truncated": lambda text: text[: len(text) // 2],
        "empty": lambda text: "",
        "not an object": lambda text: "[1, 2]",
        "bad manifest": lambda text: json.dumps({**json.loads(text), "files": "none"}),
        "missing field": lambda text: json.dumps(
            {k: v for k, v in json.loads(text).items() if k != "warnings"}),
        "binary": lambda text: "\x00\xff garbage",
    }.items():
        for path, text in originals.items():
            path.write_text(corrupt(text), encoding="utf-8")
        for readme in readmes:
            _edit_keeping_size_and_mtime(readme)
        _run_into(SPEC, CONFIG, out, cache)
        assert _trees(out) == clean, name
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")


def test_a_killed_runs_staging_file_is_not_kept(tmp_path: Path) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    _run_into(SPEC, CONFIG, out, cache)
    clean = _trees(out)
    for lang in LANGUAGES:
        (out / lang / ".README.md.parley-0123456789ab").write_text("partial", "utf-8")
    _run_into(SPEC, CONFIG, out, cache)
    assert _trees(out) == clean


def test_a_file_where_a_directory_goes_falls_back_to_a_full_write(tmp_path: Path) -> None:
    out, cache = tmp_path / "out", tmp_path / "cache"
    _run_into(SPEC, CONFIG, out, cache)
    clean = _trees(out)
    resources = out / "python" / "src" / "parley_client" / "resources"
    assert resources.is_dir()
    shutil.rmtree(resources)
    resources.write_text("a file, not the package", encoding="utf-8")
    (out / "typescript" / "README.md").unlink()
    (out / "typescript" / "README.md").mkdir()  # a directory where a file goes
    _run_into(SPEC, CONFIG, out, cache)
    assert _trees(out) == clean


def test_concurrent_runs_into_one_output_leave_one_runs_tree_and_a_true_stamp(
    tmp_path: Path,
) -> None:
    """Processes regenerate one output from two specs at once, each rewriting the same files
    of a third spec's tree: the tree is wholly one run's (never a mix), and the stamp describes
    what is there (a rerun of either spec gives that spec's tree)."""
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    _change_shared_schema(document)
    third = tmp_path / "third.yaml"
    third.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    specs = {"original": SPEC, "changed": _one_operation_changed(tmp_path / "changed.yaml")}
    clean = {}
    for name, spec in specs.items():
        _run_into(spec, CONFIG, tmp_path / f"clean-{name}", tmp_path / f"clean-cache-{name}")
        clean[name] = _trees(tmp_path / f"clean-{name}")
    out, cache = tmp_path / "out", tmp_path / "cache"
    environment = {**os.environ, "PARLEY_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    flags = [arg for lang in LANGUAGES for arg in ("--lang", lang)]
    for attempt, rerun in enumerate(["original", "changed", "original"]):
        _run_into(third, CONFIG, out, cache)
        children = [
            subprocess.Popen(
                [sys.executable, "-m", "generator", "generate", "--spec", str(spec),
                 "--config", str(CONFIG), *flags, "--out", str(out / "{lang}")],
                env=environment, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            )
            for spec in [*specs.values(), *specs.values()]
        ]
        for child in children:
            _, errors = child.communicate(timeout=300)
            assert child.returncode == 0, errors
        for lang in LANGUAGES:
            assert _tree(out / lang) in [tree[lang] for tree in clean.values()], attempt
        _run_into(specs[rerun], CONFIG, out, cache)
        assert _trees(out) == clean[rerun], attempt

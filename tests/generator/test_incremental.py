"""Regeneration into an existing output: after a one-operation change it gives exactly the tree
a full run gives in a fresh directory, and with nothing changed it writes no file at all (the
stamp of generator.stamp). Every backend in the registry; one process for all of them gives
what one process per language gives. Correctness only: the timings live in bench/noop.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

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

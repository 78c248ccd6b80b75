"""The drift gates: a model edited in app/ without regenerating fails both checks, with a diff."""

from __future__ import annotations

from pathlib import Path

import pytest
from pipeline_repo import commit_all, edit, run_module, sync_generated

from generator.languages import backends

pytestmark = pytest.mark.slow

MODELS = "app/conversations/models.py"
OLD = 'description="When the conversation was created, in Unix seconds."'
NEW = 'description="When the conversation was created, in Unix seconds (UTC)."'


def _generate_check(repo: Path, language: str, sdk_dir: str) -> tuple[int, str]:
    result = run_module(
        repo, "generator", "generate", "--spec", "spec/openapi.yaml", "--config",
        "sdks/config.yaml", "--lang", language, "--out", sdk_dir, "--check",
    )
    return result.returncode, result.stdout


def test_editing_a_model_without_regenerating_is_caught(repo: Path) -> None:
    spec_check = ("app.export", "--out", "spec/openapi.yaml", "--check")
    sync_generated(repo)
    commit_all(repo, "regenerate")
    # In sync now, so any failure below comes from the edit.
    assert run_module(repo, *spec_check).returncode == 0
    for backend in backends():
        assert _generate_check(repo, backend.name, backend.sdk_dir)[0] == 0

    edit(repo / MODELS, OLD, NEW)
    stale_spec = run_module(repo, *spec_check)
    assert stale_spec.returncode == 1
    diff = stale_spec.stdout.splitlines()
    assert any(line.startswith("-") and line.endswith("in Unix seconds.") for line in diff)
    assert any(line.startswith("+") and line.endswith("in Unix seconds (UTC).") for line in diff)

    # The spec is re-exported but the SDKs are not regenerated: the generator's check fails
    # and names what differs.
    assert run_module(repo, "app.export", "--out", "spec/openapi.yaml").returncode == 0
    for backend in backends():
        code, output = _generate_check(repo, backend.name, backend.sdk_dir)
        assert code == 1, output
        assert f"{backend.sdk_dir} is stale; differing files:" in output
        listed = output.split("differing files:", 1)[1].split()
        assert listed, output  # the stale files are named

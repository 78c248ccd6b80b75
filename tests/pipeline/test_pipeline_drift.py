"""The drift gates: a model edited in app/ without regenerating fails both checks, with a diff."""

from __future__ import annotations

from pathlib import Path

import pytest
from pipeline_repo import edit, run_module

pytestmark = pytest.mark.slow

MODELS = "app/conversations/models.py"
OLD = 'description="When the conversation was created, in Unix seconds."'
NEW = 'description="When the conversation was created, in Unix seconds (UTC)."'


def _generate_check(repo: Path, language: str) -> tuple[int, str]:
    result = run_module(
        repo, "generator", "generate", "--spec", "spec/openapi.yaml", "--config",
        "sdks/config.yaml", "--lang", language, "--out", f"sdks/{language}", "--check",
    )
    return result.returncode, result.stdout


def test_editing_a_model_without_regenerating_is_caught(repo: Path) -> None:
    spec_check = ("app.export", "--out", "spec/openapi.yaml", "--check")
    # The committed tree is in sync: any failure below comes from the edit.
    assert run_module(repo, *spec_check).returncode == 0
    for language in ("python", "typescript"):
        assert _generate_check(repo, language)[0] == 0

    edit(repo / MODELS, OLD, NEW)
    stale_spec = run_module(repo, *spec_check)
    assert stale_spec.returncode == 1
    assert "-      description: When the conversation was created, in Unix seconds." in (
        stale_spec.stdout)
    assert "+      description: When the conversation was created, in Unix seconds (UTC)." in (
        stale_spec.stdout)

    # The spec is re-exported but the SDKs are not regenerated: the generator's check fails
    # and names what differs.
    assert run_module(repo, "app.export", "--out", "spec/openapi.yaml").returncode == 0
    for language in ("python", "typescript"):
        code, output = _generate_check(repo, language)
        assert code == 1, output
        assert "in Unix seconds (UTC)" in output or "models" in output or "types" in output, (
            output)

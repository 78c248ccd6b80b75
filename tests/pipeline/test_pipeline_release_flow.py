"""`python -m pipeline.release <version>` end to end in a repository copy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pipeline_repo import run_module, sync_generated

from pipeline.release import newest_release, release_version
from pipeline.sdk_version import read_version

pytestmark = pytest.mark.slow


def test_release_bumps_both_sdks_writes_the_changelog_and_the_baseline(repo: Path) -> None:
    sync_generated(repo)
    newest = release_version(newest_release(repo / "spec/released"))
    version = f"{newest.major}.{newest.minor + 1}.0"

    result = run_module(repo, "pipeline.release", version, "--date", "2026-11-25")
    assert result.returncode == 0, result.stdout

    assert str(read_version(repo / "sdks/config.yaml")) == version
    assert f'version = "{version}"' in (repo / "sdks/python/pyproject.toml").read_text()
    package = json.loads((repo / "sdks/typescript/package.json").read_text())
    assert package["version"] == version
    changelog = (repo / "CHANGELOG.md").read_text()
    assert changelog.startswith("# Changelog\n")
    assert f"\n## {version} (2026-11-25)\n" in changelog
    baseline = repo / f"spec/released/{version}.yaml"
    assert baseline.read_bytes() == (repo / "spec/openapi.yaml").read_bytes()
    # The SDKs were regenerated with the new version: the drift gate stays green.
    for language in ("python", "typescript"):
        check = run_module(
            repo, "generator", "generate", "--spec", "spec/openapi.yaml", "--config",
            "sdks/config.yaml", "--lang", language, "--out", f"sdks/{language}", "--check",
        )
        assert check.returncode == 0, check.stdout

    again = run_module(repo, "pipeline.release", version)
    assert again.returncode == 1
    assert f"refusing to release {version}: it is not greater than the newest release" in (
        again.stdout)
    assert "Traceback" not in again.stdout

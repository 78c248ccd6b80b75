"""One language through the whole generate → build → lint → test chain, for real."""

from __future__ import annotations

from pathlib import Path

import pytest
from pipeline_repo import commit_all, run_preview, statuses, sync_generated

from pipeline.sdk_version import read_version

pytestmark = pytest.mark.slow


def test_python_sdk_goes_through_every_stage(repo: Path) -> None:
    sync_generated(repo)  # a no-op in CI, where the drift gate keeps the tree in sync
    commit_all(repo, "generated files in sync")
    report = run_preview(repo, "--languages", "python", "--title", "fix: nothing yet")
    assert [lang["language"] for lang in report["languages"]] == ["python"]
    assert statuses(report, "python") == {
        "generate": "ok", "build": "ok", "lint": "ok", "test": "ok"}, report["diagnostics"]
    assert report["base"] is None
    assert all(previous is None for previous in statuses(report, "python", "previous").values())

    version = read_version(repo / "sdks/config.yaml")
    wheel = f"build/dist/parley_client-{version}-py3-none-any.whl"
    assert (repo / wheel).is_file()
    [python] = report["languages"]
    assert python["install"] == [f"pip install {wheel}"]
    # Without --base, the API is compared with the newest release baseline.
    assert report["spec"]["against"].startswith("the newest release baseline spec/released/")
    assert report["semver"]["from_title"] == "patch"
    # The 0.1.0 SDK still works against this server and its typed code still compiles.
    [compat] = report["compatibility"]["table"]
    assert (compat["language"], compat["wire"], compat["source"]) == ("python", "ok", "ok"), (
        compat)
    markdown = (repo / "build/preview/report.md").read_text(encoding="utf-8")
    assert "**python**: generate ✅ → build ✅ → lint ✅ → test ✅" in markdown
    assert f"pip install {wheel}" in markdown
    assert "### Compatibility with 0.1.0" in markdown
    # Every stage left a full log behind for the curious.
    for stage in python["stages"]:
        assert (repo / stage["log"]).is_file()

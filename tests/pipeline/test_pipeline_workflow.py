"""The GitHub workflow agrees with the preview it drives (actionlint checks its syntax in
`nox -s lint`; this checks the contract between the two)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from pipeline.report import COMMENT_MARKER

WORKFLOW = Path(__file__).resolve().parents[2] / ".github/workflows/sdk-preview.yml"


def _steps() -> list[dict[str, Any]]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # PyYAML reads the bare key `on` as True (YAML 1.1).
    assert set(workflow[True]) == {"pull_request"}
    assert workflow["permissions"]["pull-requests"] == "write"
    steps: list[dict[str, Any]] = workflow["jobs"]["preview"]["steps"]
    return steps


def test_it_runs_the_preview_against_the_base_branch() -> None:
    steps = _steps()
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0, "the base ref must be fetched"
    [preview] = [s for s in steps if "nox -s preview" in s.get("run", "")]
    assert '--base "origin/${BASE_REF}"' in preview["run"]
    assert preview["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert "${{" not in preview["run"], "no expression is spliced into the shell script"


def test_it_uploads_the_dist_and_posts_one_sticky_comment() -> None:
    steps = _steps()
    uploads = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert any(s["with"]["path"] == "build/dist" for s in uploads)
    assert all(s.get("if") == "always()" for s in uploads)
    [comment] = [s for s in steps if s.get("uses", "").startswith("actions/github-script@")]
    script = comment["with"]["script"]
    assert f'"{COMMENT_MARKER}"' in script
    assert "build/preview/report.md" in script
    assert "updateComment" in script and "createComment" in script
    for step in steps:
        if "uses" in step:
            assert "@v" in step["uses"], f"{step['uses']} is not pinned to a version"

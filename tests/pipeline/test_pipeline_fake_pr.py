"""A fake pull request through the whole preview: real git, app, generator and oasdiff.

In a throwaway copy of the repository: a base commit, then a commit adding an optional
request field (a feature) and one removing a required response property (a break), each
exported to spec/openapi.yaml as a developer would. The preview runs with --base, and its
compatibility run sends the 0.1.0 SDKs' requests to the PR's server.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pipeline_repo import (
    commit_all,
    edit,
    git,
    run_module,
    run_preview,
    statuses,
    sync_generated,
)

from generator.languages import BACKENDS
from pipeline.sdk_version import read_version
from pipeline.semver import Bump

pytestmark = pytest.mark.slow

MODELS = "app/conversations/models.py"
METADATA_FIELD = (
    '    metadata: Metadata = Field(\n'
    '        default_factory=dict, description="Key-value pairs to attach to the conversation."\n'
    '    )\n'
)
TITLE_FIELD = '    title: str | None = Field(default=None, description="A title for people.")\n'
CREATED_AT_FIELD = (
    '    created_at: int = Field(description="When the conversation was created, in Unix '
    'seconds.")\n'
)
# Every operation whose response is a Conversation loses `created_at`.
CONVERSATION_OPERATIONS = {"createConversation", "retrieveConversation", "updateConversation"}
ACKNOWLEDGEMENTS = """acknowledged:
{entries}"""
ACK_ENTRY = """  - check: response-required-property-removed
    operation: {operation}
    reason: created_at moves to the conversation's metadata
    version: 1.0.0
"""


def _export_spec(repo: Path) -> None:
    result = run_module(repo, "app.export", "--out", "spec/openapi.yaml")
    assert result.returncode == 0, result.stdout


def _make_pr(repo: Path) -> str:
    """Commit the feature and the break on top of the base; returns the base commit."""
    sync_generated(repo)
    base = commit_all(repo, "base: generated files in sync")
    edit(repo / MODELS, METADATA_FIELD, METADATA_FIELD + TITLE_FIELD)
    sync_generated(repo)
    commit_all(repo, "feat: conversation titles")
    # The author exports the spec but forgets to regenerate the SDKs this time.
    edit(repo / MODELS, CREATED_AT_FIELD, "")
    _export_spec(repo)
    commit_all(repo, "feat!: drop created_at")
    return base


def test_fake_pr_reports_statuses_semver_and_breaking_changes(repo: Path) -> None:
    base = _make_pr(repo)
    assert git(repo, "rev-list", "--count", f"{base}..HEAD").strip() == "2"
    title = "feat: add conversation titles"
    report = run_preview(repo, "--base", base, "--title", title, "--stages", "generate")

    assert report["base"] == {"ref": base, "sha": base}
    for language in sorted(BACKENDS):
        assert statuses(report, language) == {
            "generate": "warning", "build": "skipped", "lint": "skipped", "test": "skipped"}
        assert statuses(report, language, "previous") == {
            "generate": "ok", "build": "skipped", "lint": "skipped", "test": "skipped"}
    stale = {d["language"]: d["lines"][0] for d in report["diagnostics"]}
    assert stale == {
        language: f"the committed sdks/{language} is stale: run `nox -s generate` and commit"
        for language in sorted(BACKENDS)}

    spec = report["spec"]
    assert spec["up_to_date"] is True and spec["error"] is None
    breaking = {(c["check"], c["operationId"]): c for c in spec["breaking"]}
    removed = {op for check, op in breaking if check == "response-required-property-removed"}
    assert removed == CONVERSATION_OPERATIONS
    assert all(c["acknowledged"] is False for c in breaking.values())
    assert all("`created_at`" in c["text"] for c in breaking.values())
    features = {(c["check"], c["operationId"]) for c in spec["changes"] if c["kind"] == "feature"}
    assert ("new-optional-request-property", "createConversation") in features

    current = read_version(repo / "sdks/config.yaml")
    assert report["semver"] == {
        "bump": "major", "current": str(current), "next": str(current.bumped(Bump.MAJOR)),
        "from_spec": "major", "from_title": "minor", "notes": report["semver"]["notes"]}
    assert "needs a major bump" in report["semver"]["notes"][0]
    assert report["status"] == "error", "an unacknowledged break is an error"
    assert "### ⚠ Breaking changes" in report["changelog_entry"]
    markdown = (repo / "build/preview/report.md").read_text(encoding="utf-8")
    assert markdown.count("❌ unacknowledged") == len(CONVERSATION_OPERATIONS)
    assert "**python**: generate ⚠️ (was ✅) → build ⏭️ → lint ⏭️ → test ⏭️" in markdown

    # The author acknowledges the break: same PR, one more commit.
    entries = "".join(ACK_ENTRY.format(operation=op) for op in sorted(CONVERSATION_OPERATIONS))
    (repo / "spec/breaking-changes.yaml").write_text(ACKNOWLEDGEMENTS.format(entries=entries))
    commit_all(repo, "docs: acknowledge the created_at removal")
    acknowledged = run_preview(repo, "--base", base, "--title", "feat!: drop created_at",
                               "--stages", "generate")
    assert [c["acknowledged"] for c in acknowledged["spec"]["breaking"]] == [True] * 3
    assert {c["ships_in"] for c in acknowledged["spec"]["breaking"]} == {"1.0.0"}
    assert acknowledged["semver"]["from_title"] == "major"
    assert "created_at moves to the conversation's metadata" in acknowledged["changelog_entry"]
    # The runs contradict the acknowledgement: the released SDKs need `created_at`, and the
    # PR's server no longer sends it, so the gate fails (pipeline.verdict).
    compatibility = acknowledged["compatibility"]
    assert {row["wire"] for row in compatibility["table"]} == {"break"}
    problems = compatibility["gate"]["problems"]
    assert len(problems) == len(CONVERSATION_OPERATIONS)
    assert all("break on the wire" in problem for problem in problems)
    assert acknowledged["status"] == "error"


def test_a_bad_base_ref_is_a_clear_error(repo: Path) -> None:
    result = run_module(repo, "pipeline.preview", "--base", "origin/no-such-branch")
    assert result.returncode == 2
    assert "--base 'origin/no-such-branch' is not a commit" in result.stdout
    assert "Traceback" not in result.stdout


def test_unknown_languages_and_stages_are_named(repo: Path) -> None:
    result = run_module(repo, "pipeline.preview", "--languages", "python,cobol")
    assert result.returncode == 2
    known = ", ".join(sorted(BACKENDS))
    assert f"--languages: unknown 'cobol'; choose from {known}" in result.stdout

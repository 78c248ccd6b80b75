"""report.json / report.md from synthetic stage results and spec changes."""

from __future__ import annotations

import json

from pipeline.release_notes import Kind, SpecChange, render_entry, suggest_bump
from pipeline.report import (
    COMMENT_MARKER,
    MAX_COMMENT_CHARS,
    PreviewInputs,
    build_report,
    render_markdown,
)
from pipeline.semver import Version
from pipeline.stage_runner import StageResult
from pipeline.stages import Status

BREAK = SpecChange(Kind.BREAKING, "response-required-property-removed", "POST /v1/conversations",
                   "removed the required property `created_at` from the response",
                   "createConversation")
ACKED = SpecChange(Kind.BREAKING, "request-parameter-removed", "GET /v1/health", "removed <q>",
                   "health", ack_reason="never worked", ack_version="1.0.0")
FEATURE = SpecChange(Kind.FEATURE, "new-optional-request-property", "POST /v1/conversations",
                     "added the new optional request property `title`", "createConversation")


def _results(language: str, lint: Status, artifact: str) -> list[StageResult]:
    return [
        StageResult(language, "generate", Status.OK),
        StageResult(language, "build", Status.OK, artifacts=(artifact,)),
        StageResult(language, "lint", lint,
                    diagnostics=("`mypy` exited with 1", "x.py:1: error: bad") if lint
                    is Status.ERROR else ()),
        StageResult(language, "test", Status.OK),
    ]


def _inputs() -> PreviewInputs:
    changes = [BREAK, ACKED, FEATURE]
    suggestion = suggest_bump(changes, "feat: titles", Version.parse("0.1.0"))
    return PreviewInputs(
        title="feat: titles",
        head={"ref": "HEAD", "sha": "a" * 40},
        base={"ref": "origin/main", "sha": "b" * 40},
        results={
            "python": _results("python", Status.ERROR,
                               "build/dist/parley_client-0.1.0-py3-none-any.whl"),
            "typescript": _results("typescript", Status.OK, "build/dist/parley-client-0.1.0.tgz"),
        },
        base_statuses={"python": {"generate": "ok", "build": "ok", "lint": "ok", "test": "ok"},
                       "typescript": {"generate": "ok", "build": "error", "lint": "ok",
                                      "test": "ok"}},
        spec_check=StageResult("spec", "spec", Status.OK),
        spec_changes=changes,
        suggestion=suggestion,
        changelog_entry=render_entry(str(suggestion.next), changes, "feat: titles"),
    )


def test_json_report_shape() -> None:
    report = build_report(_inputs())
    json.dumps(report)  # JSON-ready, nothing exotic inside
    assert report["status"] == "error"
    python, typescript = report["languages"]
    assert [(s["stage"], s["status"], s["previous"]) for s in python["stages"]] == [
        ("generate", "ok", "ok"), ("build", "ok", "ok"), ("lint", "error", "ok"),
        ("test", "ok", "ok")]
    assert python["install"] == ["pip install build/dist/parley_client-0.1.0-py3-none-any.whl"]
    assert typescript["install"] == ["npm install build/dist/parley-client-0.1.0.tgz"]
    assert report["semver"]["bump"] == "major" and report["semver"]["next"] == "1.0.0"
    assert [(b["check"], b["acknowledged"]) for b in report["spec"]["breaking"]] == [
        ("response-required-property-removed", False), ("request-parameter-removed", True)]
    assert report["spec"]["counts"] == {"breaking": 2, "warning": 0, "feature": 1, "fix": 0,
                                        "note": 0}
    assert report["diagnostics"] == [{"language": "python", "stage": "lint", "status": "error",
                                      "lines": ["`mypy` exited with 1", "x.py:1: error: bad"]}]


def test_markdown_is_the_sticky_comment() -> None:
    markdown = render_markdown(build_report(_inputs()))
    assert markdown.startswith(COMMENT_MARKER + "\n")
    assert ("**python**: generate ✅ → build ✅ → lint ❌ (was ✅) → test ✅" in markdown)
    assert ("**typescript**: generate ✅ → build ✅ (was ❌) → lint ✅ → test ✅" in markdown)
    assert "pip install build/dist/parley_client-0.1.0-py3-none-any.whl" in markdown
    assert "❌ unacknowledged" in markdown
    assert "✅ acknowledged (ships in 1.0.0: never worked)" in markdown
    assert "removed &lt;q&gt;" in markdown, "spec text cannot inject HTML into the comment"
    assert "**major** bump: 0.1.0 → **1.0.0**" in markdown
    assert "x.py:1: error: bad" in markdown


def test_no_base_and_no_changes() -> None:
    inputs = _inputs()
    inputs.base, inputs.base_statuses, inputs.spec_changes = None, None, None
    inputs.results = {"python": _results("python", Status.OK, "build/dist/p.whl")}
    report = build_report(inputs)
    assert report["status"] == "ok"
    assert all(s["previous"] is None for s in report["languages"][0]["stages"])
    markdown = render_markdown(report)
    assert "(was" not in markdown
    assert "Not compared: no base given" in markdown


def test_stale_spec_is_an_error_with_its_diff() -> None:
    inputs = _inputs()
    inputs.spec_changes = [FEATURE]
    inputs.results = {"python": _results("python", Status.OK, "build/dist/p.whl")}
    inputs.spec_check = StageResult("spec", "spec", Status.ERROR,
                                    diagnostics=("`python -m app.export` exited with 1",
                                                 "--- spec/openapi.yaml"))
    report = build_report(inputs)
    assert report["status"] == "error" and report["spec"]["up_to_date"] is False
    assert report["diagnostics"][0]["stage"] == "spec"
    assert "does not match the app" in render_markdown(report)


def test_a_huge_diff_stays_within_githubs_comment_limit() -> None:
    def with_changes(text_length: int) -> str:
        inputs = _inputs()
        inputs.spec_changes = [
            SpecChange(Kind.FIX, "response-property-max-length-increased", f"GET /v1/x{i}",
                       "x" * text_length, f"op{i}")
            for i in range(400)
        ]
        report = build_report(inputs)
        assert len(report["spec"]["changes"]) == 400
        return render_markdown(report)

    assert "- … and 350 more in report.json" in with_changes(10)
    huge = with_changes(2000)
    assert len(huge) <= MAX_COMMENT_CHARS + 100
    assert huge.endswith("… truncated; the whole report is in report.json.\n")

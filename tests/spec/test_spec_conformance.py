"""The conformance gate driving the real, pinned oasdiff binary on fixture specs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.conformance import main as conformance_main
from pipeline.oasdiff import Oasdiff
from tests.spec import conformance_fixtures as fixtures

REPO_POLICY = Path("spec/severity-levels.yaml")
ITEM_OP = f"GET {fixtures.ITEM_PATH}"


def write_acknowledgements(path: Path, *entries: dict[str, str]) -> Path:
    lines = ["acknowledged:"] if entries else ["acknowledged: []"]
    for entry in entries:
        lines.append(f"  - check: {entry['check']}")
        lines += [
            f"    {key}: {json.dumps(entry[key])}" for key in ("operation", "reason", "version")
        ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Gate:
    """Runs `python -m pipeline.conformance` in-process on specs written to tmp_path."""

    def __init__(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.tmp = tmp_path
        self.capsys = capsys
        self.acknowledgements = write_acknowledgements(tmp_path / "breaking-changes.yaml")
        self.policy = REPO_POLICY
        self.build = tmp_path / "build"

    def run(self, base: dict[str, object], revision: dict[str, object]) -> tuple[int, str]:
        base_path = fixtures.write(base, self.tmp / "base.yaml")
        spec_path = fixtures.write(revision, self.tmp / "openapi.yaml")
        code = conformance_main(
            [
                "--base", str(base_path), "--spec", str(spec_path),
                "--acknowledgements", str(self.acknowledgements),
                "--severity-levels", str(self.policy), "--build-dir", str(self.build),
            ]
        )  # fmt: skip
        captured = self.capsys.readouterr()
        return code, captured.out + captured.err


@pytest.fixture
def gate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Gate:
    return Gate(tmp_path, capsys)


SEED_ACK = {
    "check": "response-body-wrapped-in-one-of-original-preserved",
    "operation": ITEM_OP,
    "reason": "the 0.1 spec claimed only messages; the server returns every item type",
    "version": "0.2.0",
}


# 1. The seed's case: a baseline claiming the item endpoint returns only messages.


def test_seed_case_is_reported_by_oasdiff_as_a_oneof_change(tmp_path: Path) -> None:
    base = fixtures.write(fixtures.message_only_baseline(), tmp_path / "base.yaml")
    spec = fixtures.write(fixtures.baseline(), tmp_path / "spec.yaml")
    changes = Oasdiff().changes("breaking", base, spec, severity_levels=None)
    assert [(c.check, c.where) for c in changes] == [
        ("response-body-wrapped-in-one-of-original-preserved", ITEM_OP)
    ]
    assert changes[0].level_name == "WARN", "oasdiff's default; our policy raises it to ERR"


def test_seed_case_unacknowledged_fails_in_plain_words(gate: Gate) -> None:
    code, out = gate.run(fixtures.message_only_baseline(), fixtures.baseline())
    assert code == 1
    assert (
        f"BREAKING: {ITEM_OP} (retrieveConversationItem): the response body was restructured "
        "into a oneOf, keeping the original schema as one of the alternatives "
        "[response-body-wrapped-in-one-of-original-preserved]"
    ) in out
    assert "FAILED: 1 unacknowledged breaking change(s)" in out


def test_seed_case_acknowledged_passes_and_is_listed(gate: Gate) -> None:
    write_acknowledgements(gate.acknowledgements, SEED_ACK)
    code, out = gate.run(fixtures.message_only_baseline(), fixtures.baseline())
    assert code == 0, out
    assert f"acknowledged: {ITEM_OP} (retrieveConversationItem): the response body" in out
    assert "the server returns every item type (ships in 0.2.0)" in out
    assert "stale" not in out


def test_acknowledgement_by_operation_id_works_too(gate: Gate) -> None:
    write_acknowledgements(
        gate.acknowledgements, {**SEED_ACK, "operation": "retrieveConversationItem"}
    )
    code, out = gate.run(fixtures.message_only_baseline(), fixtures.baseline())
    assert code == 0, out


def test_acknowledgement_matching_no_change_is_reported_stale(gate: Gate) -> None:
    write_acknowledgements(gate.acknowledgements, SEED_ACK)
    code, out = gate.run(fixtures.baseline(), fixtures.baseline())
    assert code == 0
    assert "stale acknowledgement:" in out
    assert (
        f"acknowledged[0] (response-body-wrapped-in-one-of-original-preserved on {ITEM_OP})" in out
    )


def test_acknowledging_one_operation_does_not_excuse_another(gate: Gate) -> None:
    write_acknowledgements(
        gate.acknowledgements, {**SEED_ACK, "operation": "POST /v1/conversations"}
    )
    code, out = gate.run(fixtures.message_only_baseline(), fixtures.baseline())
    assert code == 1
    assert "BREAKING:" in out and "stale acknowledgement:" in out


# 2. Removing a required response property fails.


def test_removing_a_required_response_property_fails(gate: Gate) -> None:
    code, out = gate.run(fixtures.baseline(), fixtures.without_required_response_property())
    assert code == 1
    assert (
        "BREAKING: POST /v1/conversations (createConversation): removed the required property "
        "`created_at` from the response with the `200` status [response-required-property-removed]"
    ) in out


# 3. Adding an optional request property passes.


def test_adding_an_optional_request_property_passes(gate: Gate) -> None:
    code, out = gate.run(fixtures.baseline(), fixtures.with_optional_request_property())
    assert code == 0, out
    assert "BREAKING" not in out and "warning:" not in out
    changelog = json.loads((gate.build / "spec-changelog.json").read_text())
    assert [(c["check"], c["level"]) for c in changelog["changes"]] == [
        ("new-optional-request-property", "INFO")
    ]


# 4. A new union member in a response, and the severity policy that downgrades it.


def test_new_union_member_fails_under_oasdiffs_default_levels(gate: Gate, tmp_path: Path) -> None:
    gate.policy = tmp_path / "no-policy.yaml"
    gate.policy.write_text("overrides: []\n")
    code, out = gate.run(fixtures.baseline(), fixtures.with_compaction_item())
    assert code == 1
    assert "added `#/components/schemas/CompactionItem` to the response body `oneOf` list" in out
    assert "[response-body-one-of-added]" in out


def test_new_union_member_is_reported_as_a_warning_under_our_policy(gate: Gate) -> None:
    code, out = gate.run(fixtures.baseline(), fixtures.with_compaction_item())
    assert code == 0, out
    assert (
        f"warning: {ITEM_OP} (retrieveConversationItem): added "
        "`#/components/schemas/CompactionItem` to the response body `oneOf` list for the "
        "response status `200` [response-body-one-of-added]"
    ) in out
    markdown = (gate.build / "spec-changelog.md").read_text()
    assert "## Warnings" in markdown and "CompactionItem" in markdown


def test_the_committed_policy_downgrades_new_response_variants_only() -> None:
    from pipeline.severity import load_policy

    policy = {o.check: o.level for o in load_policy(REPO_POLICY, Oasdiff().check_ids())}
    assert policy["response-body-one-of-added"] == "warn"
    assert policy["response-property-one-of-added"] == "warn"
    # Removing a variant a client may send or receive stays an error.
    assert "request-body-one-of-removed" not in policy


# The changelog for the preview report.


def test_changelog_is_summarised_to_markdown_and_json(gate: Gate) -> None:
    write_acknowledgements(gate.acknowledgements, SEED_ACK)
    gate.run(fixtures.message_only_baseline(), fixtures.baseline())
    summary = json.loads((gate.build / "spec-changelog.json").read_text())
    assert summary["counts"]["ERR"] == 1
    first = summary["changes"][0]
    assert first["check"] == SEED_ACK["check"] and first["acknowledged"]["version"] == "0.2.0"
    markdown = (gate.build / "spec-changelog.md").read_text()
    assert markdown.startswith("# API changes: ")
    assert f"- `{ITEM_OP}`" in markdown
    assert "acknowledged for 0.2.0" in markdown


# Bad input gets a clear message and exit status 2, never a traceback.


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("acknowledged: {}\n", "`acknowledged` must be a list"),
        (
            "acknowledged:\n  - check: response-body-one-of-added\n",
            "acknowledged[0].operation: required",
        ),
        (
            "acknowledged:\n  - {check: not-a-check, operation: x, reason: r, version: 1.0.0}\n",
            "acknowledged[0].check: 'not-a-check' is not an oasdiff check id",
        ),
        (
            "acknowledged:\n  - {check: response-body-one-of-added, operation: GET v1, reason: r,"
            " version: 1.0.0}\n",
            "acknowledged[0].operation: 'GET v1' must be `METHOD /path`",
        ),
        (
            "acknowledged:\n  - {check: response-body-one-of-added, operation: x, reason: r,"
            " version: soon}\n",
            "acknowledged[0].version: 'soon' is not MAJOR.MINOR.PATCH",
        ),
        ("acknowledged: [\n", "breaking-changes.yaml:2:1:"),
    ],
)
def test_bad_acknowledgements_file_is_a_clear_error(gate: Gate, content: str, message: str) -> None:
    gate.acknowledgements.write_text(content)
    code, out = gate.run(fixtures.baseline(), fixtures.baseline())
    assert code == 2
    assert message in out
    assert "Traceback" not in out


def test_missing_baseline_is_a_clear_error(gate: Gate, capsys: pytest.CaptureFixture[str]) -> None:
    code = conformance_main(
        ["--base", str(gate.tmp / "nope.yaml"), "--spec", str(gate.tmp / "x.yaml")]
    )
    assert code == 2
    assert "nope.yaml: baseline not found" in capsys.readouterr().err

"""Spec changes → kinds, semver suggestion and changelog entry, from synthetic oasdiff output."""

from __future__ import annotations

from typing import Any

from pipeline.acknowledgements import Acknowledgement
from pipeline.changelog import summarise
from pipeline.oasdiff import Change
from pipeline.release_notes import Kind, classify, kind_of, render_entry, suggest_bump
from pipeline.semver import Bump, Version

# Verbatim `oasdiff changelog --format json` items (v1.37.0) for the fake PR's two changes.
OASDIFF_CHANGELOG: list[dict[str, Any]] = [
    {
        "id": "response-required-property-removed",
        "text": "removed the required property `created_at` from the response with the "
        "`200` status",
        "level": 3, "operation": "POST", "operationId": "createConversation",
        "path": "/v1/conversations", "section": "paths",
    },
    {
        "id": "new-optional-request-property",
        "text": "added the new optional request property `title`",
        "level": 1, "operation": "POST", "operationId": "createConversation",
        "path": "/v1/conversations", "section": "paths",
    },
    {
        "id": "response-body-one-of-added", "text": "added `#/components/schemas/Compaction`",
        "level": 2, "operation": "GET", "operationId": "retrieveConversationItem",
        "path": "/v1/conversations/{conversation_id}/items/{item_id}", "section": "paths",
    },
    {
        "id": "request-property-max-length-increased",
        "text": "the `title` request property's maxLength was increased",
        "level": 1, "operation": "POST", "operationId": "createConversation",
        "path": "/v1/conversations", "section": "paths",
    },
]


def _summary(acknowledgements: list[Acknowledgement]) -> list[dict[str, Any]]:
    changes = [Change.from_json(raw) for raw in OASDIFF_CHANGELOG]
    return list(summarise(changes, acknowledgements, "base.yaml", "head.yaml")["changes"])


def test_levels_and_check_ids_give_kinds() -> None:
    assert kind_of("response-required-property-removed", "ERR") is Kind.BREAKING
    assert kind_of("response-body-one-of-added", "WARN") is Kind.WARNING
    assert kind_of("new-optional-request-property", "INFO") is Kind.FEATURE
    assert kind_of("endpoint-added", "INFO") is Kind.FEATURE
    assert kind_of("api-deprecated", "INFO") is Kind.FEATURE
    assert kind_of("request-property-max-length-increased", "INFO") is Kind.FIX
    assert kind_of("api-version-not-bumped", "INFO") is Kind.NOTE


def test_classify_keeps_acknowledgements() -> None:
    ack = Acknowledgement("response-required-property-removed", "createConversation",
                          "created_at moved to the list endpoint", "1.0.0", 0)
    changes = classify(_summary([ack]))
    breaking = [c for c in changes if c.kind is Kind.BREAKING]
    assert len(breaking) == 1
    assert breaking[0].acknowledged and breaking[0].ack_version == "1.0.0"
    assert breaking[0].to_json()["reason"] == "created_at moved to the list endpoint"
    assert not any(c.acknowledged for c in changes if c.kind is not Kind.BREAKING)


def test_a_break_means_major_whatever_the_title_says() -> None:
    changes = classify(_summary([]))
    suggestion = suggest_bump(changes, "feat: add conversation titles", Version.parse("0.1.0"))
    assert suggestion.bump is Bump.MAJOR
    assert (suggestion.from_spec, suggestion.from_title) == (Bump.MAJOR, Bump.MINOR)
    assert str(suggestion.next) == "1.0.0"
    assert any("needs a major bump" in note for note in suggestion.notes)


def test_the_title_can_raise_the_bump_and_a_plain_title_is_noted() -> None:
    features = [c for c in classify(_summary([])) if c.kind is Kind.FEATURE]
    assert suggest_bump(features, None, Version.parse("0.1.0")).bump is Bump.MINOR
    assert suggest_bump(features, "feat!: new auth", Version.parse("0.1.0")).bump is Bump.MAJOR
    plain = suggest_bump(features, "Add titles", Version.parse("0.1.0"))
    assert plain.bump is Bump.MINOR and "not conventional-commit style" in plain.notes[0]
    assert suggest_bump([], "fix: typo", Version.parse("0.1.0")).to_json()["next"] == "0.1.1"
    assert suggest_bump([], None, Version.parse("0.1.0")).bump is Bump.NONE


def test_changelog_entry_sections_breaking_first() -> None:
    entry = render_entry("1.0.0", classify(_summary([])), "feat: add conversation titles",
                         date="2026-11-25")
    assert entry.startswith("## 1.0.0 (2026-11-25)\n")
    order = [entry.index(h) for h in ("### ⚠ Breaking changes", "### Changes to review",
                                      "### Features", "### Fixes")]
    assert order == sorted(order)
    assert "- add conversation titles\n" in entry
    assert ("- `POST /v1/conversations` (createConversation): removed the required property "
            "`created_at` from the response with the `200` status — not acknowledged") in entry


def test_notes_about_info_version_neither_bump_nor_enter_the_changelog() -> None:
    [note] = classify([{"check": "api-version-not-bumped", "level": "INFO", "where": "info",
                        "operationId": "", "text": "a breaking change was detected but the "
                        "version is still `0.1.0`", "acknowledged": None}])
    assert note.kind is Kind.NOTE
    assert suggest_bump([note], None, Version.parse("0.1.0")).bump is Bump.NONE
    assert "version is still" not in render_entry("0.1.1", [note])


def test_an_empty_entry_says_so() -> None:
    assert "- No API changes." in render_entry("0.1.1", [])
    assert render_entry("0.1.1", [], "Tidy docs").splitlines()[2] == "Tidy docs"

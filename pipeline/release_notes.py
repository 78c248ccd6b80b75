"""From spec changes (and a PR title) to a semver bump and a changelog entry.

Input is the summarised `oasdiff changelog` that `pipeline.changelog.summarise` writes to
`spec-changelog.json`: one dict per change with `check`, `level` (ERR/WARN/INFO),
`where`, `operationId`, `text` and `acknowledged` ({reason, version} or null).
Shared by the PR preview (suggestion) and `pipeline.release` (the CHANGELOG entry).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pipeline.semver import Bump, TitleIntent, Version, parse_title


class Kind(StrEnum):
    BREAKING = "breaking"
    WARNING = "warning"
    """Potentially breaking (oasdiff WARN, e.g. a new union member under our policy)."""
    FEATURE = "feature"
    FIX = "fix"
    NOTE = "note"
    """About the spec document, not the API (oasdiff's info-version checks): no bump."""


KIND_BUMPS = {Kind.BREAKING: Bump.MAJOR, Kind.WARNING: Bump.MINOR,
              Kind.FEATURE: Bump.MINOR, Kind.FIX: Bump.PATCH, Kind.NOTE: Bump.NONE}
# oasdiff checks on `info.version` itself (the app's version, not the SDKs'): hygiene
# notes for the spec's author, neither API changes nor changelog material.
NOTE_CHECKS = frozenset({"api-version-not-bumped", "api-major-version-not-bumped",
                         "api-version-decreased"})
SECTION_TITLES = {
    Kind.BREAKING: "⚠ Breaking changes",
    Kind.WARNING: "Changes to review",
    Kind.FEATURE: "Features",
    Kind.FIX: "Fixes",
    Kind.NOTE: "Notes",
}
# Title types that name a section of the entry; other types (docs, chore, …) get no bullet.
_TITLE_KINDS = {"feat": Kind.FEATURE, "fix": Kind.FIX, "perf": Kind.FIX, "revert": Kind.FIX}


@dataclass(frozen=True)
class SpecChange:
    kind: Kind
    check: str
    where: str
    text: str
    operation_id: str = ""
    ack_reason: str | None = None
    ack_version: str | None = None

    @property
    def acknowledged(self) -> bool:
        return self.ack_reason is not None

    def line(self) -> str:
        operation = f" ({self.operation_id})" if self.operation_id else ""
        return f"`{self.where}`{operation}: {self.text}"

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "check": self.check,
            "where": self.where,
            "operationId": self.operation_id,
            "text": self.text,
            "acknowledged": self.acknowledged,
            "reason": self.ack_reason,
            "ships_in": self.ack_version,
        }


def kind_of(check: str, level: str) -> Kind:
    """Breaking for ERR, review for WARN; INFO additions and deprecations are features.

    SemVer makes a deprecation a minor change; everything else at INFO (descriptions,
    relaxed limits, …) is a fix-level change to what the API documents.
    """
    if check in NOTE_CHECKS:
        return Kind.NOTE
    if level == "ERR":
        return Kind.BREAKING
    if level == "WARN":
        return Kind.WARNING
    if "added" in check or check.startswith("new-") or "deprecated" in check:
        return Kind.FEATURE
    return Kind.FIX


def classify(summary_changes: Iterable[Mapping[str, Any]]) -> list[SpecChange]:
    changes = []
    for raw in summary_changes:
        ack = raw.get("acknowledged") or None
        changes.append(
            SpecChange(
                kind=kind_of(str(raw["check"]), str(raw["level"])),
                check=str(raw["check"]),
                where=str(raw["where"]),
                text=str(raw["text"]),
                operation_id=str(raw.get("operationId") or ""),
                ack_reason=str(ack["reason"]) if ack else None,
                ack_version=str(ack["version"]) if ack else None,
            )
        )
    return changes


@dataclass(frozen=True)
class BumpSuggestion:
    bump: Bump
    current: Version
    from_spec: Bump
    from_title: Bump | None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def next(self) -> Version:
        return self.current.bumped(self.bump)

    def to_json(self) -> dict[str, Any]:
        return {
            "bump": self.bump.label,
            "current": str(self.current),
            "next": str(self.next),
            "from_spec": self.from_spec.label,
            "from_title": self.from_title.label if self.from_title is not None else None,
            "notes": list(self.notes),
        }


def suggest_bump(changes: list[SpecChange], title: str | None, current: Version) -> BumpSuggestion:
    """The strongest bump the spec diff or the title asks for; disagreements are noted."""
    from_spec = max((KIND_BUMPS[c.kind] for c in changes), default=Bump.NONE)
    intent = parse_title(title) if title else None
    notes: list[str] = []
    if title and intent is None:
        notes.append(
            f"the PR title {title!r} is not conventional-commit style (`feat: …`, `fix: …`, "
            "`feat!: …`); the bump comes from the spec diff alone"
        )
    from_title = intent.bump if intent else None
    if intent and from_spec > intent.bump:
        notes.append(
            f"the spec diff needs a {from_spec.label} bump but the title `{intent.type}"
            f"{'!' if intent.breaking else ''}:` implies {intent.bump.label}; "
            "the larger one is suggested"
        )
    bump = max(from_spec, from_title or Bump.NONE)
    return BumpSuggestion(bump, current, from_spec, from_title, tuple(notes))


def render_entry(
    version: str, changes: list[SpecChange], title: str | None = None, date: str | None = None
) -> str:
    """A CHANGELOG.md entry: `## <version>` then a section per kind, breaking first."""
    heading = f"## {version}" + (f" ({date})" if date else "")
    sections: dict[Kind, list[str]] = {kind: [] for kind in Kind}
    intent: TitleIntent | None = parse_title(title) if title else None
    lines = [heading, ""]
    if intent is not None:
        kind = Kind.BREAKING if intent.breaking else _TITLE_KINDS.get(intent.type)
        if kind is not None:
            sections[kind].append(f"- {intent.subject}")
    elif title:
        lines += [title.strip(), ""]
    for change in changes:
        if change.kind is Kind.NOTE:
            continue
        bullet = f"- {change.line()}"
        if change.kind is Kind.BREAKING:
            bullet += f" — {change.ack_reason}" if change.ack_reason else " — not acknowledged"
        sections[change.kind].append(bullet)
    if not any(sections.values()):
        lines += ["- No API changes.", ""]
    for kind, bullets in sections.items():
        if bullets:
            lines += [f"### {SECTION_TITLES[kind]}", "", *bullets, ""]
    return "\n".join(lines).rstrip() + "\n"

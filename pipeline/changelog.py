"""Summarise `oasdiff changelog` for people: `build/spec-changelog.md` and a JSON twin.

The JSON form (`build/spec-changelog.json`) is what the PR preview report reads; the
Markdown is the same content for a human.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pipeline.acknowledgements import Acknowledgement, acknowledgement_for
from pipeline.oasdiff import LEVEL_NAMES, Change

SECTION_TITLES = {3: "Breaking changes", 2: "Warnings", 1: "Other changes"}


def summarise(
    changes: list[Change], acknowledgements: list[Acknowledgement], base: str, revision: str
) -> dict[str, Any]:
    """A stable, JSON-ready summary: counts per level and the changes, most severe first."""
    ordered = sorted(changes, key=lambda c: (-c.level, c.where, c.check, c.text))
    entries = []
    for change in ordered:
        acknowledgement = acknowledgement_for(change, acknowledgements)
        entries.append(
            {
                **change.to_json(),
                "acknowledged": (
                    {"reason": acknowledgement.reason, "version": acknowledgement.version}
                    if acknowledgement
                    else None
                ),
            }
        )
    return {
        "base": base,
        "revision": revision,
        "counts": {
            name: sum(c.level == level for c in changes) for level, name in LEVEL_NAMES.items()
        },
        "changes": entries,
    }


def render_markdown(summary: dict[str, Any]) -> str:
    counts = summary["counts"]
    lines = [
        f"# API changes: {summary['base']} → {summary['revision']}",
        "",
        f"{counts['ERR']} breaking, {counts['WARN']} warnings, {counts['INFO']} other changes.",
    ]
    if not summary["changes"]:
        lines += ["", "No API changes."]
    for level, title in SECTION_TITLES.items():
        name = LEVEL_NAMES[level]
        section = [c for c in summary["changes"] if c["level"] == name]
        if not section:
            continue
        lines += ["", f"## {title}", ""]
        for where in dict.fromkeys(c["where"] for c in section):
            lines.append(f"- `{where}`")
            for change in (c for c in section if c["where"] == where):
                note = ""
                if change["acknowledged"]:
                    ack = change["acknowledged"]
                    note = f" — acknowledged for {ack['version']}: {ack['reason']}"
                lines.append(f"  - {change['text']} (`{change['check']}`){note}")
    return "\n".join(lines) + "\n"


def write_changelog(summary: dict[str, Any], build_dir: Path) -> tuple[Path, Path]:
    build_dir.mkdir(parents=True, exist_ok=True)
    markdown = build_dir / "spec-changelog.md"
    as_json = build_dir / "spec-changelog.json"
    markdown.write_text(render_markdown(summary), encoding="utf-8")
    as_json.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return markdown, as_json

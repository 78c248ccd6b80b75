"""The PR preview report: `report.json` (for machines) and `report.md` (the PR comment).

`build_report` assembles plain data; `render_markdown` renders only that data, so the
comment never says anything the JSON does not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.config import SdkConfig, default_config
from generator.languages import BACKENDS
from pipeline.release_notes import BumpSuggestion, Kind, SpecChange
from pipeline.stage_runner import StageResult
from pipeline.stages import STATUS_ICONS, Status

REPORT_SCHEMA_VERSION = 1
COMMENT_MARKER = "<!-- parley-sdk-preview -->"
"""The sticky-comment marker: the workflow updates the comment that starts with it."""
MAX_LISTED_CHANGES = 50
"""Non-breaking changes listed in the comment; all of them are in report.json."""
MAX_COMMENT_CHARS = 60_000
"""GitHub rejects comments over 65,536 characters."""
_SEVERITY = {Status.ERROR: 2, Status.WARNING: 1, Status.OK: 0, Status.SKIPPED: 0}


@dataclass
class PreviewInputs:
    title: str | None
    head: dict[str, str]
    base: dict[str, str] | None
    results: dict[str, list[StageResult]]
    base_statuses: dict[str, dict[str, str]] | None = None
    spec_check: StageResult | None = None
    spec_changes: list[SpecChange] | None = None
    spec_error: str | None = None
    spec_changelog: str | None = None
    spec_against: str | None = None
    """What the spec was compared with, in words."""
    suggestion: BumpSuggestion | None = None
    changelog_entry: str = ""
    notes: list[str] = field(default_factory=list)
    sdk_config: SdkConfig | None = None
    """The PR's SDK config (version, module paths) for the install lines; None: defaults."""
    compatibility: dict[str, Any] | None = None
    """`pipeline.verdict.compatibility_report`'s section, or {"error": ...} when it could not
    run; None when it was not asked for."""


def _install_commands(
    language: str, results: list[StageResult], config: SdkConfig
) -> list[str]:
    """The install line, once the build passed (a line naming no artifact, like Go's
    `go get <module>@v<version>`, needs the build too: it says the PR's SDK compiles)."""
    builds = [r for r in results if r.stage == "build"]
    if not builds or any(r.status in (Status.ERROR, Status.SKIPPED) for r in builds):
        return []
    built = [a for r in builds for a in r.artifacts]
    line = BACKENDS[language].install_line(config, built[0] if built else None)
    return [line] if line else []


def overall_status(inputs: PreviewInputs) -> Status:
    statuses = [r.status for results in inputs.results.values() for r in results]
    if inputs.spec_check is not None:
        statuses.append(inputs.spec_check.status)
    if inputs.spec_error or any(
        c.kind is Kind.BREAKING and not c.acknowledged for c in inputs.spec_changes or []
    ):
        statuses.append(Status.ERROR)
    if compatibility_failed(inputs.compatibility):
        statuses.append(Status.ERROR)
    return max(statuses, key=lambda s: _SEVERITY[s], default=Status.OK)


def compatibility_failed(section: dict[str, Any] | None) -> bool:
    """The runs contradict an acknowledgement, or a released client breaks unacknowledged."""
    if not section or "gate" not in section:
        return False
    return not section["gate"]["passed"] or any(
        row["verdict"] in ("wire break", "source break") and not row["acknowledged"]
        for row in section["changes"]
    )


def build_report(inputs: PreviewInputs) -> dict[str, Any]:
    config = inputs.sdk_config or default_config()
    languages = []
    for language, results in inputs.results.items():
        previous = (inputs.base_statuses or {}).get(language, {})
        languages.append(
            {
                "language": language,
                "stages": [
                    {**r.to_json(), "previous": previous.get(r.stage)} for r in results
                ],
                "install": _install_commands(language, results, config),
            }
        )
    changes = inputs.spec_changes or []
    counts = {kind.value: sum(c.kind is kind for c in changes) for kind in Kind}
    diagnostics: list[dict[str, Any]] = [
        {"language": r.language, "stage": r.stage, "status": r.status.value,
         "lines": list(r.diagnostics)}
        for results in inputs.results.values()
        for r in results
        if r.status in (Status.ERROR, Status.WARNING) and r.diagnostics
    ]
    if inputs.spec_check is not None and inputs.spec_check.status is not Status.OK:
        diagnostics.insert(0, {"language": None, "stage": "spec",
                               "status": inputs.spec_check.status.value,
                               "lines": list(inputs.spec_check.diagnostics)})
    return {
        "schema_version": REPORT_SCHEMA_VERSION,
        "title": inputs.title,
        "head": inputs.head,
        "base": inputs.base,
        "status": overall_status(inputs).value,
        "languages": languages,
        "spec": {
            "up_to_date": None if inputs.spec_check is None
            else inputs.spec_check.status is Status.OK,
            "compared": inputs.spec_changes is not None,
            "against": inputs.spec_against,
            "error": inputs.spec_error,
            "counts": counts,
            "breaking": [c.to_json() for c in changes if c.kind is Kind.BREAKING],
            "changes": [c.to_json() for c in changes],
            "changelog": inputs.spec_changelog,
        },
        "compatibility": inputs.compatibility,
        "semver": inputs.suggestion.to_json() if inputs.suggestion else None,
        "changelog_entry": inputs.changelog_entry,
        "diagnostics": diagnostics,
        "notes": inputs.notes,
    }


def _stage_line(language: dict[str, Any]) -> str:
    parts = []
    for stage in language["stages"]:
        icon = STATUS_ICONS[Status(stage["status"])]
        part = f"{stage['stage']} {icon}"
        previous = stage.get("previous")
        if previous is not None and previous != stage["status"]:
            part += f" (was {STATUS_ICONS[Status(previous)]})"
        parts.append(part)
    return " → ".join(parts)


def render_markdown(report: dict[str, Any]) -> str:
    lines = [COMMENT_MARKER, "## Parley SDK preview", ""]
    head = report["head"]
    header = f"Head `{head['sha'][:10]}`" if head.get("sha") else "Working tree"
    if report["base"]:
        base = report["base"]
        header += f" compared with base `{base['ref']}` (`{base['sha'][:10]}`)"
    if report["title"]:
        header = f"**{_inline(report['title'])}** · " + header
    lines += [header, ""]

    for language in report["languages"]:
        lines.append(f"**{language['language']}**: {_stage_line(language)}  ")
    legend = " · ".join(f"{icon} {status.value}" for status, icon in STATUS_ICONS.items())
    if report["base"]:
        legend += "; (was …) is the base's status where it differs"
    lines += ["", f"<sub>{legend}</sub>"]

    installs = [cmd for language in report["languages"] for cmd in language["install"]]
    if installs:
        lines += ["", "### Install this PR's SDKs", "", "```sh", *installs, "```",
                  "Download `build/dist` from this run's `sdk-dist` artifact first."]

    lines += ["", *_spec_section(report["spec"], report["base"] is not None)]
    if report.get("compatibility"):
        lines += ["", *_compatibility_section(report["compatibility"])]

    semver = report["semver"]
    compatibility = report.get("compatibility") or {}
    source = "compatibility verdicts" if "gate" in compatibility else "spec diff"
    if semver:
        lines += ["", "### Suggested release", "",
                  f"**{semver['bump']}** bump: {semver['current']} → **{semver['next']}** "
                  f"({source}: {semver['from_spec']}"
                  + (f", PR title: {semver['from_title']}" if semver["from_title"] else "")
                  + ")"]
        lines += [f"- {note}" for note in semver["notes"]]
    if report["changelog_entry"]:
        lines += ["", "<details><summary>Suggested changelog entry</summary>", "",
                  "```markdown", report["changelog_entry"].rstrip(), "```", "</details>"]

    if report["diagnostics"]:
        lines += ["", "### Diagnostics"]
        for item in report["diagnostics"]:
            where = f"{item['language']} {item['stage']}" if item["language"] else item["stage"]
            icon = STATUS_ICONS[Status(item["status"])]
            lines += ["", f"<details><summary>{icon} {where}</summary>", "", "```text",
                      *(_fence_safe(line) for line in item["lines"]), "```", "</details>"]
    if report["notes"]:
        lines += ["", "### Notes", "", *(f"- {_inline(note)}" for note in report["notes"])]
    markdown = "\n".join(lines).rstrip() + "\n"
    if len(markdown) > MAX_COMMENT_CHARS:
        cut = markdown.rfind("\n", 0, MAX_COMMENT_CHARS)
        markdown = markdown[:cut] + "\n\n… truncated; the whole report is in report.json.\n"
    return markdown


def _spec_section(spec: dict[str, Any], has_base: bool) -> list[str]:
    lines = ["### API changes"]
    if spec["up_to_date"] is False:
        lines += ["", "❌ `spec/openapi.yaml` does not match the app: "
                  "run `nox -s spec` and commit."]
    if spec["error"]:
        return [*lines, "", f"❌ The spec could not be compared: {_inline(spec['error'])}"]
    if not spec["compared"]:
        reason = "no base given (`--base <ref>`)" if not has_base else "no spec at the base"
        return [*lines, "", f"Not compared: {reason}."]
    counts = spec["counts"]
    if spec["against"]:
        lines += ["", f"Compared with {spec['against']}."]
    if not spec["changes"]:
        return [*lines, "", "No API changes."]
    lines += ["", f"{counts['breaking']} breaking, {counts['warning']} to review, "
              f"{counts['feature']} features, {counts['fix']} other changes"
              + (f", {counts['note']} notes." if counts["note"] else ".")]
    if spec["breaking"]:
        lines += ["", "**Breaking changes**", ""]
        for change in spec["breaking"]:
            if change["acknowledged"]:
                mark = f"✅ acknowledged (ships in {change['ships_in']}: {change['reason']})"
            else:
                mark = "❌ unacknowledged: add it to `spec/breaking-changes.yaml` or fix the API"
            lines.append(f"- {_change_line(change)} `[{change['check']}]` — {mark}")
    others = [c for c in spec["changes"] if c["kind"] != Kind.BREAKING.value]
    if others:
        lines += ["", f"<details><summary>Other changes ({len(others)})</summary>", ""]
        lines += [f"- {_change_line(c)} ({c['kind']})" for c in others[:MAX_LISTED_CHANGES]]
        if len(others) > MAX_LISTED_CHANGES:
            lines.append(f"- … and {len(others) - MAX_LISTED_CHANGES} more in report.json")
        lines += ["</details>"]
    if spec["changelog"]:
        lines += ["", f"Full oasdiff changelog: `{spec['changelog']}`."]
    return lines


_RUN_ICONS = {"ok": "✅ ok", "break": "❌ break", "error": "⚠️ no verdict"}


def _compatibility_section(section: dict[str, Any]) -> list[str]:
    if "gate" not in section:
        return ["### Compatibility with the last release", "",
                f"⚠️ Not run: {_inline(str(section.get('error')))}"]
    lines = [f"### Compatibility with {section['release']}", "", _inline(section["summary"]),
             "", "| language | static (oasdiff) | wire | source | verdict |",
             "|---|---|---|---|---|"]
    for row in section["table"]:
        lines.append(f"| {row['language']} | {_RUN_ICONS[row['static']]} | "
                     f"{_RUN_ICONS[row['wire']]} | {_RUN_ICONS[row['source']]} | "
                     f"**{row['verdict']}** |")
    errors = [f"{row['language']} {kind}: {row[kind + '_error']}" for row in section["table"]
              for kind in ("wire", "source") if row[kind + "_error"]]
    lines += [f"- ⚠️ {_inline(error)}" for error in errors]
    if section.get("not_checked"):
        lines.append(f"- Not checked: {', '.join(section['not_checked'])} (the backend has no "
                     "`wire_driver` or `consumer_corpus` yet).")
    changes = section["changes"]
    if changes:
        lines += ["", "**Per change**", ""]
        for change in changes:
            operation = f" ({change['operationId']})" if change["operationId"] else ""
            runs = " · ".join(
                f"{kind}: " + " ".join(f"{lang} {_RUN_ICONS[status].split()[0]}"
                                       for lang, status in change[kind].items())
                for kind in ("wire", "source")
            )
            lines.append(f"- `{change['where']}`{operation} `[{change['check']}]`: "
                         f"**{change['verdict']}** ({runs})")
            lines += [f"  - {_inline(item)}" for item in change["evidence"][:6]]
    gate = section["gate"]
    if gate["passed"]:
        lines += ["", "Acknowledgements: ✅ the runs agree with every acknowledged change."]
    else:
        lines += ["", "Acknowledgements: ❌ the runs contradict the acknowledgements:", ""]
        lines += [f"- {_inline(problem)}" for problem in gate["problems"]]
    if section["acknowledgements"]:
        lines += ["", "<details><summary>Pre-filled acknowledgements for static-only changes "
                  "(paste into <code>spec/breaking-changes.yaml</code>)</summary>", "",
                  "```yaml", section["acknowledgements"].rstrip(), "```", "</details>"]
    cached = "from the cache" if section["cached"] else "built now"
    lines += ["", f"<sub>The {section['release']} SDKs were generated with "
              f"{_inline(section['generator'])} ({cached}, key `{section['cache_key']}`); "
              f"suite `{section['suite']}`; {section['seconds']}s.</sub>"]
    return lines


def _change_line(change: dict[str, Any]) -> str:
    operation = f" ({change['operationId']})" if change["operationId"] else ""
    return f"`{change['where']}`{operation}: {_inline(change['text'])}"


def _inline(text: str) -> str:
    """One line of Markdown that cannot open HTML or break out of the list item."""
    return " ".join(text.split()).replace("<", "&lt;").replace(">", "&gt;")


def _fence_safe(line: str) -> str:
    return line.replace("```", "ˋˋˋ")

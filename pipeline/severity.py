"""Our compatibility policy as oasdiff severity overrides (`spec/severity-levels.yaml`).

oasdiff's `--severity-levels` file is bare `<check-id> <level>` lines with no room for a
reason, so the policy lives in YAML with a reason per override and is rendered to
oasdiff's format for each run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.specfile import SpecFileError, load_spec

DEFAULT_POLICY = Path("spec/severity-levels.yaml")
LEVELS = ("err", "warn", "info", "none")


@dataclass(frozen=True)
class SeverityOverride:
    check: str
    level: str
    reason: str


def load_policy(path: Path, known_checks: set[str] | None = None) -> list[SeverityOverride]:
    """Read and validate the policy; errors name the file and the entry."""
    document = load_spec(path)
    entries = document.get("overrides")
    if not isinstance(entries, list):
        raise SpecFileError(f"{path}: `overrides` must be a list")
    overrides = []
    for index, entry in enumerate(entries):
        where = f"{path}: overrides[{index}]"
        if not isinstance(entry, dict):
            raise SpecFileError(f"{where}: must be a mapping with check, level and reason")
        for field in ("check", "level", "reason"):
            if not isinstance(entry.get(field), str) or not entry[field].strip():
                raise SpecFileError(f"{where}.{field}: required, a non-empty string")
        if entry["level"] not in LEVELS:
            raise SpecFileError(f"{where}.level: {entry['level']!r} is not one of {LEVELS}")
        if known_checks is not None and entry["check"] not in known_checks:
            raise SpecFileError(f"{where}.check: {entry['check']!r} is not an oasdiff check id")
        overrides.append(SeverityOverride(entry["check"], entry["level"], entry["reason"].strip()))
    return overrides


def render_levels_file(overrides: list[SeverityOverride]) -> str:
    """oasdiff's `--severity-levels` format: one `<check-id> <level>` per line."""
    return "".join(f"{o.check} {o.level}\n" for o in overrides)

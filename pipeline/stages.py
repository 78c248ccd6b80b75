"""The stages as data. Each language's stages (generate, build, lint, test) come from its
backend in the registry (`generator.languages`, see `generator.backend` for `Command`,
`Stage` and the argument placeholders); the runner (`pipeline.stage_runner`), the preview,
the release and the report never name a language. What is here is not per language: the
layout of this repository and the spec drift check.
"""

from __future__ import annotations

from enum import StrEnum

from generator.backend import STAGE_ORDER, Command, Stage

__all__ = ["DIST", "SDK_CONFIG", "SPEC", "SPEC_CHECK", "STAGE_ORDER", "Command", "Stage", "Status"]

SPEC = "spec/openapi.yaml"
SDK_CONFIG = "sdks/config.yaml"
DIST = "build/dist"


class Status(StrEnum):
    OK = "ok"
    WARNING = "warning"
    ERROR = "error"
    SKIPPED = "skipped"

    @property
    def icon(self) -> str:
        return STATUS_ICONS[self]


STATUS_ICONS = {
    Status.OK: "✅",
    Status.WARNING: "⚠️",
    Status.ERROR: "❌",
    Status.SKIPPED: "⏭️",
}

# Not per language: does the committed spec match the app? (The PR ships the committed spec.)
SPEC_CHECK = Stage(
    name="spec",
    commands=(Command(("{python}", "-m", "app.export", "--out", SPEC, "--check")),),
)

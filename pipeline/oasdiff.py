"""The oasdiff binary: where it is, which version we pin, and typed access to its output.

The pin lives here and nowhere else; `.ci/run` installs it with
`go install "$(python -m pipeline.oasdiff --install-spec)"`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

OASDIFF_MODULE = "github.com/oasdiff/oasdiff"
OASDIFF_VERSION = "v1.37.0"
INSTALL_SPEC = f"{OASDIFF_MODULE}@{OASDIFF_VERSION}"

# oasdiff's numeric levels in its JSON output.
LEVEL_NAMES = {3: "ERR", 2: "WARN", 1: "INFO"}


class OasdiffError(Exception):
    """oasdiff is missing, the wrong version, or failed to run; the message says what to do."""


@dataclass(frozen=True)
class Change:
    """One change oasdiff reports between two specs."""

    check: str  # oasdiff's check id, e.g. "response-body-one-of-added"
    text: str
    level: int  # 3 ERR, 2 WARN, 1 INFO
    section: str  # "paths" or "components"
    method: str = ""
    path: str = ""
    operation_id: str = ""
    comment: str = ""

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Change:
        return cls(
            check=raw["id"],
            text=raw["text"],
            level=int(raw["level"]),
            section=raw.get("section", ""),
            method=raw.get("operation", ""),
            path=raw.get("path", ""),
            operation_id=raw.get("operationId", ""),
            comment=raw.get("comment", ""),
        )

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES.get(self.level, str(self.level))

    @property
    def where(self) -> str:
        """`GET /v1/x` for an operation change, `components` for a component change."""
        return f"{self.method} {self.path}" if self.method else self.section or "spec"

    def describe(self) -> str:
        """The change in plain words, for humans reading a CI log."""
        operation = f" ({self.operation_id})" if self.operation_id else ""
        return f"{self.where}{operation}: {self.text} [{self.check}]"

    def ignore_line(self) -> str:
        """The line oasdiff's --err-ignore/--warn-ignore file needs to skip this change.

        oasdiff matches a line by its `METHOD /path` (or `components`) and the change text.
        """
        return f"{self.where} {self.text}"

    def to_json(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "level": self.level_name,
            "where": self.where,
            "operationId": self.operation_id,
            "text": self.text,
        }


def find_oasdiff() -> Path:
    """The oasdiff binary: on PATH, else in Go's install directory."""
    on_path = shutil.which("oasdiff")
    if on_path:
        return Path(on_path)
    gopath = os.environ.get("GOPATH") or str(Path.home() / "go")
    for directory in (os.environ.get("GOBIN"), str(Path(gopath) / "bin")):
        if directory and (Path(directory) / "oasdiff").is_file():
            return Path(directory) / "oasdiff"
    raise OasdiffError(
        f"oasdiff not found on PATH or in ~/go/bin; install it: go install {INSTALL_SPEC}"
    )


def check_version(binary: Path) -> None:
    """Refuse a binary built from another oasdiff version (its `--version` says only "main",
    so the module version is read from the Go build info)."""
    go = shutil.which("go")
    if go is None:
        return  # no Go toolchain to read build info with; nothing more we can verify
    result = subprocess.run(
        [go, "version", "-m", str(binary)], capture_output=True, text=True, check=False
    )
    for line in result.stdout.splitlines():
        fields = line.split()
        if fields[:2] == ["mod", OASDIFF_MODULE]:
            if fields[2] != OASDIFF_VERSION:
                raise OasdiffError(
                    f"{binary} is oasdiff {fields[2]}, the pin is {OASDIFF_VERSION}: "
                    f"go install {INSTALL_SPEC}"
                )
            return


class Oasdiff:
    """Runs the pinned oasdiff binary."""

    def __init__(self, binary: Path | None = None) -> None:
        self.binary = binary or find_oasdiff()
        check_version(self.binary)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.binary), *args], capture_output=True, text=True, check=False
        )

    def _json(self, *args: str) -> Any:
        result = self.run(*args, "--format", "json")
        if result.returncode != 0:
            raise OasdiffError(
                f"oasdiff {args[0]} failed ({result.returncode}): {result.stderr.strip()}"
            )
        return json.loads(result.stdout or "[]")

    def changes(
        self, command: str, base: Path, revision: Path, severity_levels: Path | None
    ) -> list[Change]:
        """`oasdiff breaking` or `oasdiff changelog` as typed changes."""
        extra = ["--severity-levels", str(severity_levels)] if severity_levels else []
        raw = self._json(command, str(base), str(revision), *extra)
        return [Change.from_json(item) for item in raw]

    def check_ids(self) -> set[str]:
        """Every check id this oasdiff knows, to catch typos in our policy files."""
        return {item["id"] for item in self._json("checks", "changelog")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.oasdiff", description="The pinned oasdiff."
    )
    parser.add_argument(
        "--install-spec", action="store_true", help=f"print {INSTALL_SPEC!r} for go install"
    )
    args = parser.parse_args(argv)
    if args.install_spec:
        print(INSTALL_SPEC)
        return 0
    try:
        binary = find_oasdiff()
        check_version(binary)
    except OasdiffError as exc:
        print(f"error: {exc}")
        return 1
    print(f"{binary} ({OASDIFF_VERSION})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Validate a spec: OpenAPI schema validity, our own spec checks, and the Redocly linter.

    python -m pipeline.validate [spec/openapi.yaml] [--no-project-checks]

Exits 1 listing every problem with its JSON pointer (or file:line from the linter).
`--no-project-checks` validates a third-party spec, which our API-specific checks
(the ConversationItem union, the error envelope…) do not apply to.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from openapi_spec_validator import OpenAPIV31SpecValidator

from pipeline.spec_checks import run_checks
from pipeline.specfile import SpecFileError, load_spec

REPO_ROOT = Path(__file__).resolve().parent.parent
LINT_CONFIG = REPO_ROOT / "redocly.yaml"
DEFAULT_SPEC = Path("spec/openapi.yaml")


def schema_errors(spec: dict[str, Any]) -> list[str]:
    """openapi-spec-validator's findings against the OpenAPI 3.1 meta-schema."""
    problems = []
    for error in OpenAPIV31SpecValidator(spec).iter_errors():
        pointer = "#/" + "/".join(
            str(part).replace("~", "~0").replace("/", "~1") for part in error.absolute_path
        )
        problems.append(f"{pointer}: {error.message.splitlines()[0]}")
    return problems


def lint_command(spec_path: Path) -> list[str]:
    """The Redocly CLI invocation, from the repo's locked package.json (never a download)."""
    npx = shutil.which("npx")
    if npx is None:
        raise FileNotFoundError("npx not found: install Node 20+ and run `npm ci` at the repo root")
    if not (REPO_ROOT / "node_modules" / ".bin" / "redocly").exists():
        raise FileNotFoundError(f"Redocly CLI not installed: run `npm ci` in {REPO_ROOT}")
    return [
        npx,
        "--no-install",
        "redocly",
        "lint",
        "--config",
        str(LINT_CONFIG),
        "--format",
        "stylish",
        str(spec_path.resolve()),
    ]


def lint(spec_path: Path) -> tuple[bool, str]:
    """Run the linter; (passed, its report). Warnings are shown but do not fail."""
    env = {**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"}
    result = subprocess.run(
        lint_command(spec_path), cwd=REPO_ROOT, capture_output=True, text=True, env=env, check=False
    )
    # Keep the findings, drop the CLI's boxed Node-version banner.
    report = "\n".join(
        line
        for line in (result.stdout + result.stderr).splitlines()
        if not line.lstrip().startswith(("║", "╔", "╚"))
    ).strip()
    return result.returncode == 0, report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.validate", description=__doc__.split("\n")[0]
    )
    parser.add_argument("spec", nargs="?", type=Path, default=DEFAULT_SPEC)
    parser.add_argument(
        "--no-project-checks", action="store_true", help="skip the checks specific to our API"
    )
    args = parser.parse_args(argv)
    spec_path: Path = args.spec
    try:
        spec = load_spec(spec_path)
    except SpecFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    failed = False
    for title, problems in (
        ("openapi-spec-validator", schema_errors(spec)),
        ("spec checks", [] if args.no_project_checks else run_checks(spec)),
    ):
        for problem in problems:
            print(f"{spec_path}: {title}: {problem}", file=sys.stderr)
        failed |= bool(problems)
    try:
        lint_ok, report = lint(spec_path)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(report)
    failed |= not lint_ok
    if failed:
        print(f"error: {spec_path} failed validation", file=sys.stderr)
        return 1
    print(f"{spec_path}: valid (openapi-spec-validator, spec checks, redocly lint)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

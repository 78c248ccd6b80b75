"""The conformance gate: no unacknowledged breaking change since the last release.

    python -m pipeline.conformance [--base spec/released/<v>.yaml] [--spec spec/openapi.yaml]

1. Renders our severity policy (`spec/severity-levels.yaml`) to oasdiff's levels file.
2. Lists the breaking changes between the baseline (newest release by default) and the
   spec, and matches them against `spec/breaking-changes.yaml`.
3. Writes the matched ones to oasdiff's ignore file and runs the real gate,
   `oasdiff breaking --fail-on ERR`, whose exit status decides.
4. Writes the summarised `oasdiff changelog` to `build/spec-changelog.{md,json}`.

Prints every acknowledged change as "acknowledged: …", every unacknowledged error in plain
words, and every acknowledgement that matches nothing as stale. Exit 0 pass, 1 breaking
change, 2 bad input or tooling failure.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.acknowledgements import (
    DEFAULT_ACKNOWLEDGEMENTS,
    Acknowledgement,
    acknowledgement_for,
    load_acknowledgements,
    stale,
)
from pipeline.baselines import RELEASED_DIR, ReleaseError, newest_release
from pipeline.changelog import summarise, write_changelog
from pipeline.oasdiff import Change, Oasdiff, OasdiffError
from pipeline.severity import DEFAULT_POLICY, load_policy, render_levels_file
from pipeline.specfile import SpecFileError

DEFAULT_SPEC = Path("spec/openapi.yaml")
DEFAULT_BUILD_DIR = Path("build")
ERR = 3


@dataclass
class GateResult:
    base: Path
    spec: Path
    acknowledged: list[tuple[Change, Acknowledgement]] = field(default_factory=list)
    breaking: list[Change] = field(default_factory=list)  # unacknowledged errors
    warnings: list[Change] = field(default_factory=list)
    stale: list[Acknowledgement] = field(default_factory=list)
    changelog: tuple[Path, Path] | None = None

    @property
    def passed(self) -> bool:
        return not self.breaking


def run_gate(
    base: Path,
    spec: Path,
    acknowledgements_path: Path = DEFAULT_ACKNOWLEDGEMENTS,
    policy_path: Path = DEFAULT_POLICY,
    build_dir: Path = DEFAULT_BUILD_DIR,
    oasdiff: Oasdiff | None = None,
) -> GateResult:
    """Compare `spec` against `base`; raises OasdiffError/SpecFileError on bad input."""
    for path, what in ((base, "baseline"), (spec, "spec")):
        if not path.is_file():
            raise SpecFileError(f"{path}: {what} not found")
    tool = oasdiff or Oasdiff()
    known_checks = tool.check_ids()
    policy = load_policy(policy_path, known_checks)
    acknowledgements = load_acknowledgements(acknowledgements_path, known_checks)

    work_dir = build_dir / "oasdiff"
    work_dir.mkdir(parents=True, exist_ok=True)
    levels_file = work_dir / "severity-levels.txt"
    levels_file.write_text(render_levels_file(policy), encoding="utf-8")

    result = GateResult(base=base, spec=spec)
    changes = tool.changes("breaking", base, spec, levels_file)
    for change in changes:
        acknowledgement = acknowledgement_for(change, acknowledgements)
        if acknowledgement:
            result.acknowledged.append((change, acknowledgement))
        elif change.level >= ERR:
            result.breaking.append(change)
        else:
            result.warnings.append(change)
    result.stale = stale(acknowledgements, changes)

    # The real gate: oasdiff itself, told to ignore exactly the acknowledged changes.
    ignore_file = work_dir / "ignore.txt"
    ignore_file.write_text("".join(c.ignore_line() + "\n" for c, _ in result.acknowledged), "utf-8")
    gate = tool.run(
        "breaking", "--fail-on", "ERR", "--severity-levels", str(levels_file),
        "--err-ignore", str(ignore_file), "--warn-ignore", str(ignore_file),
        "--color", "never", str(base), str(spec),
    )  # fmt: skip
    if gate.returncode not in (0, 1) or (gate.returncode == 1) != bool(result.breaking):
        # Either oasdiff failed, or its verdict differs from our matching: never guess.
        raise OasdiffError(
            f"oasdiff breaking exited {gate.returncode} but {len(result.breaking)} unacknowledged "
            f"error(s) were expected:\n{gate.stdout}{gate.stderr}"
        )

    summary = summarise(
        tool.changes("changelog", base, spec, levels_file), acknowledgements, str(base), str(spec)
    )
    result.changelog = write_changelog(summary, build_dir)
    return result


def report(result: GateResult, acknowledgements_path: Path) -> str:
    lines = [f"conformance: {result.spec} against baseline {result.base}"]
    for change, acknowledgement in result.acknowledged:
        lines.append(
            f"acknowledged: {change.describe()} — {acknowledgement.reason} "
            f"(ships in {acknowledgement.version})"
        )
    lines += [f"warning: {change.describe()}" for change in result.warnings]
    for acknowledgement in result.stale:
        lines.append(
            f"stale acknowledgement: {acknowledgements_path}: {acknowledgement.describe()} "
            "matches no change against the baseline; remove it"
        )
    for change in result.breaking:
        lines.append(f"BREAKING: {change.describe()}")
        if change.comment:
            lines.append(f"    {change.comment}")
    if result.changelog:
        lines.append(f"changelog: {result.changelog[0]} ({result.changelog[1]})")
    if result.breaking:
        lines.append(
            f"FAILED: {len(result.breaking)} unacknowledged breaking change(s). Fix the API, or if "
            f"the break is deliberate add an entry (check, operation, reason, version) to "
            f"{acknowledgements_path}."
        )
    else:
        lines.append("passed: no unacknowledged breaking changes")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.conformance", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--base", type=Path, help=f"baseline (default: newest in {RELEASED_DIR}/)")
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC)
    parser.add_argument("--acknowledgements", type=Path, default=DEFAULT_ACKNOWLEDGEMENTS)
    parser.add_argument("--severity-levels", type=Path, default=DEFAULT_POLICY)
    parser.add_argument("--build-dir", type=Path, default=DEFAULT_BUILD_DIR)
    args = parser.parse_args(argv)
    try:
        base = args.base or newest_release()
        result = run_gate(
            base, args.spec, args.acknowledgements, args.severity_levels, args.build_dir
        )
    except (SpecFileError, OasdiffError, ReleaseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(report(result, args.acknowledgements))
    return 0 if result.passed else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""Cut a release: `python -m pipeline.release <version>` (`nox -s release -- 0.2.0`).

1. Refuses a version that is not greater than the newest release baseline.
2. Refuses a stale spec (`spec/openapi.yaml` must match the app) and an unacknowledged
   breaking change since the newest release (the conformance gate).
3. Sets the SDK version in `sdks/config.yaml`, its single source of truth, and
   regenerates both SDKs, which stamp it into pyproject.toml and package.json.
4. Adds an entry to the root `CHANGELOG.md`, written from the oasdiff changes since the
   newest release. One root changelog, not one per SDK: both SDKs share one version and
   one spec, so their notes are the same; and `sdks/<lang>/` is generator output (swapped
   in whole on every run and drift-checked), where a hand-kept file would not survive.
5. Copies `spec/openapi.yaml` to `spec/released/<version>.yaml`, the new baseline that
   `pipeline.conformance` compares against.

Release baselines (`spec/released/<version>.yaml`) live in `pipeline.baselines`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
from pathlib import Path

from generator.backend import Backend
from generator.config import load_config
from generator.diagnostics import Diagnostics
from generator.languages import backends
from pipeline.baselines import (
    RELEASED_DIR,
    ReleaseError,
    newest_release,
    release_version,
    releases,
)
from pipeline.conformance import run_gate
from pipeline.oasdiff import OasdiffError
from pipeline.release_notes import SpecChange, classify, render_entry, suggest_bump
from pipeline.sdk_version import SdkVersionError, read_version, write_version
from pipeline.semver import Bump, Version, VersionError
from pipeline.specfile import SpecFileError
from pipeline.stage_runner import RunContext, run_stage
from pipeline.stages import SDK_CONFIG, SPEC_CHECK, Status

# The baselines' names stay importable from here, where they used to live.
__all__ = [
    "RELEASED_DIR", "ReleaseError", "cut_release", "newest_release", "release_version",
    "releases",
]

DEFAULT_SPEC = Path("spec/openapi.yaml")
CHANGELOG = Path("CHANGELOG.md")
CHANGELOG_HEADER = (
    "# Changelog\n\n"
    "Releases of the Parley SDKs (`parley-client` on PyPI and npm). Both SDKs share one\n"
    "version; each entry lists the API changes since the previous release.\n"
    "Written by `nox -s release -- <version>`.\n"
)


def check_version_is_new(version: Version, released_dir: Path) -> Path | None:
    """The newest baseline (None for a first release); refuses a version not above it."""
    found = releases(released_dir) if released_dir.is_dir() else []
    if not found:
        return None
    newest = found[-1]
    newest_version = release_version(newest)
    if version <= newest_version:
        options = ", ".join(
            f"{newest_version.bumped(b)} ({b.label})" for b in (Bump.PATCH, Bump.MINOR, Bump.MAJOR)
        )
        raise ReleaseError(
            f"refusing to release {version}: it is not greater than the newest release "
            f"{newest_version} ({RELEASED_DIR / newest.name}). Pick a greater version, "
            f"e.g. {options}."
        )
    return newest


def insert_changelog_entry(changelog: Path, entry: str) -> None:
    """Newest entry first, under the file's header (created when the file is new)."""
    text = changelog.read_text(encoding="utf-8") if changelog.exists() else CHANGELOG_HEADER
    first_entry = text.find("\n## ")
    if first_entry == -1:
        updated = text.rstrip("\n") + "\n\n" + entry
    else:
        updated = text[: first_entry + 1] + entry + "\n" + text[first_entry + 1 :]
    changelog.write_text(updated, encoding="utf-8")


def _spec_changes_since(newest: Path, root: Path) -> list[SpecChange]:
    result = run_gate(
        newest,
        root / DEFAULT_SPEC,
        acknowledgements_path=root / "spec/breaking-changes.yaml",
        policy_path=root / "spec/severity-levels.yaml",
        build_dir=root / "build",
    )
    if not result.passed:
        listed = "\n".join(f"  - {change.describe()}" for change in result.breaking)
        raise ReleaseError(
            f"unacknowledged breaking changes since {newest}:\n{listed}\n"
            "fix the API or acknowledge them in spec/breaking-changes.yaml (nox -s conformance)"
        )
    assert result.changelog is not None
    summary = json.loads(result.changelog[1].read_text(encoding="utf-8"))
    return classify(summary["changes"])


def bumped_sdks() -> tuple[Backend, ...]:
    """Every SDK a release bumps: each registered backend with a `generate` stage, which
    stamps the config's version into its manifests when it regenerates."""
    return tuple(backend for backend in backends() if backend.stage("generate") is not None)


def _regenerate(root: Path, logs: Path) -> None:
    ctx = RunContext(root=root, logs=logs)
    for backend in bumped_sdks():
        stage = backend.stage("generate")
        assert stage is not None
        result = run_stage(backend.name, stage, ctx)
        if result.status is Status.ERROR:
            details = "\n".join(f"  {line}" for line in result.diagnostics)
            raise ReleaseError(f"regenerating the {backend.name} SDK failed:\n{details}")


def cut_release(version: Version, root: Path, date: str) -> list[str]:
    """Do the release in `root`; returns the paths it changed. Validates before writing."""
    released_dir = root / RELEASED_DIR
    spec = root / DEFAULT_SPEC
    config = root / SDK_CONFIG
    newest = check_version_is_new(version, released_dir)
    if not spec.is_file():
        raise ReleaseError(f"{spec} not found: export it first (nox -s spec)")
    logs = root / "build/release-logs"
    drift = run_stage("spec", SPEC_CHECK, RunContext(root=root, logs=logs))
    if drift.status is not Status.OK:
        details = "\n".join(f"  {line}" for line in drift.diagnostics)
        raise ReleaseError(f"{spec} does not match the app; run `nox -s spec` first:\n{details}")
    previous = read_version(config)

    warnings: list[str] = []
    if newest is None:
        entry = render_entry(str(version), [], date=date).replace(
            "- No API changes.", "- First release."
        )
    else:
        changes = _spec_changes_since(newest, root)
        needed = suggest_bump(changes, None, release_version(newest)).next
        if version < needed:
            warnings.append(
                f"the API changes since {release_version(newest)} call for {needed} or later "
                f"under semver; releasing {version} anyway"
            )
        for change in changes:
            if change.ack_version and change.ack_version != str(version):
                warnings.append(
                    f"{change.where} [{change.check}] is acknowledged for "
                    f"{change.ack_version}, but this release is {version}"
                )
        entry = render_entry(str(version), changes, date=date)

    original_config = config.read_text(encoding="utf-8")
    write_version(version, config)
    try:
        _regenerate(root, logs)
    except ReleaseError:
        config.write_text(original_config, encoding="utf-8")
        _regenerate(root, logs)  # put back the SDKs the failed run already rewrote
        raise
    insert_changelog_entry(root / CHANGELOG, entry)
    released_dir.mkdir(parents=True, exist_ok=True)
    target = released_dir / f"{version}.yaml"
    shutil.copyfile(spec, target)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    changed = [str(SDK_CONFIG), *(b.sdk_dir for b in bumped_sdks()), str(CHANGELOG),
               str(target.relative_to(root))]
    print(f"released {version} (SDKs were {previous}); changed: {', '.join(changed)}")
    print(
        f"next: git add {' '.join(changed)} && git commit -m 'release: {version}' "
        f"&& git tag v{version}"
    )
    if installs := release_install_lines(config):
        print(f"once the tag is pushed: {'; '.join(installs)}")
    return changed


def release_install_lines(config: Path) -> list[str]:
    """The install line of every SDK that installs from the release's tag rather than from a
    built artifact (Go's `go get <module>@v<version>`); the release builds no artifacts."""
    sdk_config = load_config(config, Diagnostics(source="config"))
    return [line for backend in bumped_sdks() if (line := backend.install_line(sdk_config))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline.release", description=__doc__.split("\n")[0]
    )
    parser.add_argument("version", help="the new SDK version, e.g. 0.2.0")
    parser.add_argument(
        "--date", default=dt.date.today().isoformat(), help="entry date (default: today)"
    )
    args = parser.parse_args(argv)
    try:
        version = Version.parse(args.version)
        cut_release(version, Path.cwd(), args.date)
    except VersionError as exc:
        print(f"error: version: {exc}", file=sys.stderr)
        return 2
    except (ReleaseError, SdkVersionError, SpecFileError, OasdiffError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Release baselines: `spec/released/<version>.yaml`, one copy of the spec per release.

The conformance gate compares the spec against the newest one; the release command adds
the next one; the preview falls back to it when there is no base commit. Kept apart from
both so that neither imports the other.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.semver import Version, VersionError

RELEASED_DIR = Path("spec/released")


class ReleaseError(Exception):
    """No usable baseline, or a release cannot be cut; the message says what to do."""


def releases(released_dir: Path) -> list[Path]:
    """Baselines oldest first, ordered as versions (0.10.0 after 0.9.0), not as strings."""
    found = []
    for path in released_dir.glob("*.yaml"):
        try:
            version = Version.parse(path.name.removesuffix(".yaml"))
        except VersionError as exc:
            raise ReleaseError(f"{path}: a baseline must be named <version>.yaml ({exc})") from exc
        found.append((version, path))
    found.sort(key=lambda item: item[0]._sort_key())
    return [path for _, path in found]


def newest_release(released_dir: Path = RELEASED_DIR) -> Path:
    found = releases(released_dir) if released_dir.is_dir() else []
    if not found:
        raise ReleaseError(
            f"no release baseline in {released_dir}/; cut one with "
            "`nox -s release -- <version>`"
        )
    return found[-1]


def release_version(path: Path) -> Version:
    return Version.parse(path.name.removesuffix(".yaml"))

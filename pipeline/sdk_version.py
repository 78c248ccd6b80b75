"""The SDK version's single source of truth: the top-level `version:` of `sdks/config.yaml`.

The generator stamps it into every SDK (pyproject.toml, package.json, the clients' user
agent), so a release changes it here and regenerates. The file is edited as text, one
line, so its comments and layout survive.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.semver import Version, VersionError
from pipeline.specfile import SpecFileError, load_spec

DEFAULT_SDK_CONFIG = Path("sdks/config.yaml")
# A top-level (unindented) `version:` line, its value optionally quoted, comment kept.
_VERSION_LINE = re.compile(
    r"^version:(?P<space>[ \t]*)(?P<quote>[\"']?)(?P<value>[^\"'#\s]+)(?P=quote)(?P<rest>.*)$",
    re.MULTILINE,
)


class SdkVersionError(Exception):
    """The config has no usable version; the message names the file."""


def read_version(config: Path = DEFAULT_SDK_CONFIG) -> Version:
    try:
        document = load_spec(config)
    except SpecFileError as exc:
        raise SdkVersionError(str(exc)) from exc
    value = document.get("version")
    if not isinstance(value, str):
        raise SdkVersionError(f"{config}: top-level `version` must be a string like \"0.1.0\"")
    try:
        return Version.parse(value)
    except VersionError as exc:
        raise SdkVersionError(f"{config}: version: {exc}") from exc


def write_version(version: Version, config: Path = DEFAULT_SDK_CONFIG) -> None:
    text = config.read_text(encoding="utf-8")
    matches = list(_VERSION_LINE.finditer(text))
    if len(matches) != 1:
        raise SdkVersionError(
            f"{config}: expected exactly one top-level `version:` line, found {len(matches)}"
        )
    match = matches[0]
    line = (
        f"version:{match['space'] or ' '}{match['quote']}{version}{match['quote']}{match['rest']}"
    )
    config.write_text(text[: match.start()] + line + text[match.end():], encoding="utf-8")

"""Semantic versions, version bumps, and the bump a conventional-commit PR title asks for.

Shared by the PR preview (which suggests a bump) and the release command (which refuses
a version that does not move forward).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

_VERSION = re.compile(
    r"^(?P<major>0|[1-9]\d*)\.(?P<minor>0|[1-9]\d*)\.(?P<patch>0|[1-9]\d*)"
    r"(?:-(?P<pre>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$"
)
# `type(scope)!: subject`, per https://www.conventionalcommits.org/en/v1.0.0/
_CONVENTIONAL_TITLE = re.compile(
    r"^(?P<type>[a-zA-Z]+)(?:\((?P<scope>[^)]*)\))?(?P<bang>!)?:\s*(?P<subject>.+)$"
)
_BREAKING_FOOTER = re.compile(r"BREAKING[ -]CHANGE:", re.IGNORECASE)


class VersionError(ValueError):
    """A string is not a semantic version; the message quotes it."""


class Bump(IntEnum):
    """How far a change moves the version; ordered so `max()` picks the strongest."""

    NONE = 0
    PATCH = 1
    MINOR = 2
    MAJOR = 3

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, order=False)
class Version:
    major: int
    minor: int
    patch: int
    prerelease: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> Version:
        match = _VERSION.match(text.strip())
        if match is None:
            raise VersionError(
                f"{text!r} is not a semantic version (expected MAJOR.MINOR.PATCH, "
                "optionally with a -prerelease suffix, e.g. 0.2.0 or 1.0.0-rc.1)"
            )
        pre = match.group("pre")
        return cls(
            int(match.group("major")),
            int(match.group("minor")),
            int(match.group("patch")),
            tuple(pre.split(".")) if pre else (),
        )

    def __str__(self) -> str:
        core = f"{self.major}.{self.minor}.{self.patch}"
        return f"{core}-{'.'.join(self.prerelease)}" if self.prerelease else core

    def _sort_key(self) -> tuple[int, int, int, int, tuple[tuple[int, int, str], ...]]:
        # SemVer §11: a prerelease sorts before its release; numeric identifiers compare
        # numerically and sort before alphanumeric ones.
        pre = tuple(
            (0, int(part), "") if part.isdigit() else (1, 0, part) for part in self.prerelease
        )
        return (self.major, self.minor, self.patch, 0 if self.prerelease else 1, pre)

    def __lt__(self, other: Version) -> bool:
        return self._sort_key() < other._sort_key()

    def __le__(self, other: Version) -> bool:
        return self._sort_key() <= other._sort_key()

    def __gt__(self, other: Version) -> bool:
        return self._sort_key() > other._sort_key()

    def __ge__(self, other: Version) -> bool:
        return self._sort_key() >= other._sort_key()

    def bumped(self, bump: Bump) -> Version:
        """The next version for a bump; a prerelease is finished by any bump."""
        if bump is Bump.MAJOR:
            return Version(self.major + 1, 0, 0)
        if bump is Bump.MINOR:
            return Version(self.major, self.minor + 1, 0)
        if bump is Bump.PATCH:
            if self.prerelease:
                return Version(self.major, self.minor, self.patch)
            return Version(self.major, self.minor, self.patch + 1)
        return self


@dataclass(frozen=True)
class TitleIntent:
    """What a conventional-commit PR title says about the change."""

    type: str
    scope: str | None
    breaking: bool
    subject: str
    bump: Bump


# Only these commit types change what users get; docs/chore/ci/refactor/test/... do not.
_TYPE_BUMPS = {"feat": Bump.MINOR, "fix": Bump.PATCH, "perf": Bump.PATCH, "revert": Bump.PATCH}


def parse_title(title: str) -> TitleIntent | None:
    """Parse `feat(api)!: subject`; None when the title is not conventional-commit style."""
    first_line, _, body = title.strip().partition("\n")
    match = _CONVENTIONAL_TITLE.match(first_line.strip())
    if match is None:
        return None
    commit_type = match.group("type").lower()
    breaking = bool(match.group("bang")) or bool(_BREAKING_FOOTER.search(body))
    bump = Bump.MAJOR if breaking else _TYPE_BUMPS.get(commit_type, Bump.NONE)
    return TitleIntent(
        type=commit_type,
        scope=match.group("scope") or None,
        breaking=breaking,
        subject=match.group("subject").strip(),
        bump=bump,
    )

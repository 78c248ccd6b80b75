"""Versions, bumps and conventional-commit titles (pipeline.semver)."""

from __future__ import annotations

import pytest

from pipeline.semver import Bump, Version, VersionError, parse_title


def test_versions_order_numerically_and_prereleases_sort_first() -> None:
    ordered = ["0.9.0", "0.10.0", "1.0.0-alpha", "1.0.0-alpha.2", "1.0.0-alpha.10",
               "1.0.0-beta", "1.0.0"]
    versions = [Version.parse(v) for v in ordered]
    assert sorted(reversed(versions), key=lambda v: v._sort_key()) == versions
    assert Version.parse("0.10.0") > Version.parse("0.9.0")
    assert not Version.parse("1.0.0") > Version.parse("1.0.0")


@pytest.mark.parametrize("text", ["1.0", "v1.0.0", "01.0.0", "1.0.0-", "", "1.0.0 beta"])
def test_non_versions_are_rejected_with_the_text_quoted(text: str) -> None:
    with pytest.raises(VersionError, match="is not a semantic version"):
        Version.parse(text)


@pytest.mark.parametrize(
    ("current", "bump", "expected"),
    [
        ("0.1.0", Bump.MAJOR, "1.0.0"),
        ("0.1.3", Bump.MINOR, "0.2.0"),
        ("0.1.3", Bump.PATCH, "0.1.4"),
        ("0.1.3", Bump.NONE, "0.1.3"),
        ("1.0.0-rc.1", Bump.PATCH, "1.0.0"),
    ],
)
def test_bumps(current: str, bump: Bump, expected: str) -> None:
    assert str(Version.parse(current).bumped(bump)) == expected


@pytest.mark.parametrize(
    ("title", "bump", "breaking"),
    [
        ("feat: add conversation titles", Bump.MINOR, False),
        ("feat(api)!: drop created_at", Bump.MAJOR, True),
        ("fix(sdk): retry on 409", Bump.PATCH, False),
        ("perf: faster pagination", Bump.PATCH, False),
        ("docs: typo", Bump.NONE, False),
        ("chore!: drop python 3.8", Bump.MAJOR, True),
        ("feat: x\n\nBREAKING CHANGE: y", Bump.MAJOR, True),
    ],
)
def test_conventional_titles(title: str, bump: Bump, breaking: bool) -> None:
    intent = parse_title(title)
    assert intent is not None
    assert (intent.bump, intent.breaking) == (bump, breaking)


def test_a_plain_title_is_not_conventional() -> None:
    assert parse_title("Add conversation titles") is None

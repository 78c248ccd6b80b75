"""The release command's checks and file edits, without running the generator."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.release import (
    CHANGELOG_HEADER,
    ReleaseError,
    check_version_is_new,
    insert_changelog_entry,
    main,
    newest_release,
)
from pipeline.sdk_version import SdkVersionError, read_version, write_version
from pipeline.semver import Version


def _baselines(tmp_path: Path, *versions: str) -> Path:
    released = tmp_path / "spec/released"
    released.mkdir(parents=True)
    for version in versions:
        (released / f"{version}.yaml").write_text("openapi: 3.1.0\n")
    return released


def test_newest_release_orders_as_versions(tmp_path: Path) -> None:
    released = _baselines(tmp_path, "0.9.0", "0.10.0", "0.2.0")
    assert newest_release(released).name == "0.10.0.yaml"


def test_a_version_not_above_the_newest_release_is_refused(tmp_path: Path) -> None:
    released = _baselines(tmp_path, "0.1.0", "0.2.0")
    for refused in ("0.2.0", "0.1.5", "0.2.0-rc.1"):
        with pytest.raises(ReleaseError) as caught:
            check_version_is_new(Version.parse(refused), released)
        message = str(caught.value)
        assert f"refusing to release {refused}" in message
        assert "newest release 0.2.0" in message
        assert "0.2.1 (patch), 0.3.0 (minor), 1.0.0 (major)" in message
    assert check_version_is_new(Version.parse("0.3.0"), released) == released / "0.2.0.yaml"
    assert check_version_is_new(Version.parse("0.1.0"), tmp_path / "none") is None


def test_a_badly_named_baseline_is_reported(tmp_path: Path) -> None:
    released = _baselines(tmp_path, "0.1.0")
    (released / "latest.yaml").write_text("")
    with pytest.raises(ReleaseError, match="latest.yaml: a baseline must be named"):
        newest_release(released)


def test_version_bump_keeps_the_rest_of_the_config(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    original = (
        "# SDK config\nversion: \"0.1.0\"   # all languages\nclient:\n  name: Parley\n"
        "  version: 9.9.9\n"
    )
    config.write_text(original)
    assert read_version(config) == Version.parse("0.1.0")
    write_version(Version.parse("0.2.0"), config)
    assert config.read_text() == original.replace('"0.1.0"', '"0.2.0"')
    assert read_version(config) == Version.parse("0.2.0")


def test_a_config_without_a_version_is_reported(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("client:\n  name: Parley\n")
    with pytest.raises(SdkVersionError, match="config.yaml: top-level `version`"):
        read_version(config)
    with pytest.raises(SdkVersionError, match="found 0"):
        write_version(Version.parse("1.0.0"), config)


def test_changelog_entries_go_newest_first(tmp_path: Path) -> None:
    changelog = tmp_path / "CHANGELOG.md"
    insert_changelog_entry(changelog, "## 0.1.0\n\n- First release.\n")
    insert_changelog_entry(changelog, "## 0.2.0\n\n### Features\n\n- titles\n")
    text = changelog.read_text()
    assert text.startswith(CHANGELOG_HEADER)
    assert text.index("## 0.2.0") < text.index("## 0.1.0")
    assert text.endswith("- First release.\n")


def test_cli_rejects_a_non_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["two"]) == 2
    assert "error: version: 'two' is not a semantic version" in capsys.readouterr().err


def test_cli_refuses_an_old_version_before_touching_anything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _baselines(tmp_path, "0.3.0")
    monkeypatch.chdir(tmp_path)
    assert main(["0.3.0"]) == 1
    assert "refusing to release 0.3.0" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["0.3.0.yaml"]

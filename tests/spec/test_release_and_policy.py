"""Release baselines as the conformance gate finds them, and the severity policy file.

(`pipeline.release`, the release command itself, is tested by its owner.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.release import ReleaseError, newest_release
from pipeline.severity import SeverityOverride, load_policy, render_levels_file
from pipeline.specfile import SpecFileError


def test_newest_release_orders_by_version_not_by_name(tmp_path: Path) -> None:
    for version in ("0.9.0", "0.10.0", "0.2.1"):
        (tmp_path / f"{version}.yaml").write_text("openapi: 3.1.0\n")
    assert newest_release(tmp_path).name == "0.10.0.yaml"


def test_no_baseline_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ReleaseError, match="no release baseline in "):
        newest_release(tmp_path)


def test_committed_spec_version_has_a_release_baseline() -> None:
    from pipeline.specfile import load_spec

    version = load_spec(Path("spec/openapi.yaml"))["info"]["version"]
    assert Path(f"spec/released/{version}.yaml").is_file()


def test_policy_renders_to_oasdiffs_levels_format(tmp_path: Path) -> None:
    policy = tmp_path / "levels.yaml"
    policy.write_text(
        "overrides:\n  - {check: response-body-one-of-added, level: warn, reason: tolerant SDKs}\n"
    )
    overrides = load_policy(policy, known_checks={"response-body-one-of-added"})
    assert overrides == [SeverityOverride("response-body-one-of-added", "warn", "tolerant SDKs")]
    assert render_levels_file(overrides) == "response-body-one-of-added warn\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("overrides: nope\n", "`overrides` must be a list"),
        (
            "overrides:\n  - {check: a, level: loud, reason: r}\n",
            "overrides[0].level: 'loud' is not one of",
        ),
        ("overrides:\n  - {check: a, level: warn}\n", "overrides[0].reason: required"),
        (
            "overrides:\n  - {check: zzz, level: warn, reason: r}\n",
            "overrides[0].check: 'zzz' is not an oasdiff",
        ),
    ],
)
def test_bad_policy_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    policy = tmp_path / "levels.yaml"
    policy.write_text(content)
    with pytest.raises(SpecFileError) as caught:
        load_policy(policy, known_checks={"a"})
    assert message in str(caught.value)

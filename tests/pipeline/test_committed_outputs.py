"""The committed spec and SDKs are what the app and the generator produce now (the drift
gates of `nox -s spec -- --check` and `nox -s generate -- --check`, run on this checkout)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pipeline_repo import run_module

from generator.languages import BACKENDS

REPO = Path(__file__).resolve().parents[2]


def test_the_committed_spec_matches_the_app() -> None:
    result = run_module(REPO, "app.export", "--out", "spec/openapi.yaml", "--check")
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("language", sorted(BACKENDS))
def test_the_committed_sdk_matches_the_generator(language: str) -> None:
    result = run_module(
        REPO, "generator", "generate", "--spec", "spec/openapi.yaml", "--config",
        "sdks/config.yaml", "--lang", language, "--out", BACKENDS[language].sdk_dir, "--check",
    )
    assert result.returncode == 0, result.stdout

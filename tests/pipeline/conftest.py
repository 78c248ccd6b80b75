"""Fixtures for the pipeline tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from pipeline_repo import make_repo_copy


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A committed throwaway copy of this checkout (see pipeline_repo)."""
    return make_repo_copy(tmp_path / "repo")

"""Fixtures for the TypeScript SDK: the packed-and-installed SDK with every TS test compiled in
one tsc run, and the real app served on a loopback port."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.main import create_app
from app.settings import Settings
from tests.app.live_server import serve_on_loopback
from tests.sdk_typescript import toolchain


@dataclass(frozen=True)
class TsProject:
    """A scratch project with the SDK installed from its tarball and the tests compiled."""

    root: Path
    tarball: Path
    package_name: str


@pytest.fixture(scope="session")
def ts_project(tmp_path_factory: pytest.TempPathFactory) -> TsProject:
    package = json.loads((toolchain.SDK_DIR / "package.json").read_text())
    work = tmp_path_factory.mktemp("sdk_typescript")
    tarball = toolchain.pack_sdk(toolchain.SDK_DIR, work)
    project = work / "project"
    toolchain.install_tarball(project, tarball, package["name"])
    toolchain.copy_ts_sources(project)
    toolchain.tsc(project / "tsconfig.json")
    return TsProject(root=project, tarball=tarball, package_name=package["name"])


@pytest.fixture(scope="session")
def app_base_url() -> Iterator[str]:
    """`create_app()` on in-memory SQLite, served by uvicorn from a thread of this process."""
    with serve_on_loopback(create_app(Settings(database_url="sqlite+aiosqlite://"))) as url:
        yield url

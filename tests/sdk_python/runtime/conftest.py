"""Fixtures for the SDK runtime tests.

The runtime in ``templates/python/runtime/`` is copied verbatim into a throwaway package
``rt_pkg`` on ``sys.path``, exactly as the generator copies it into every SDK, and the tests
drive it through a tiny hand-written SDK (``fake_sdk.py``) that uses the contract the way
generated code does.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

RUNTIME_DIR = Path(__file__).resolve().parents[3] / "templates" / "python" / "runtime"
RUNTIME_PACKAGE = "rt_pkg"


def copy_runtime_package(destination: Path) -> Path:
    """Copy the runtime files into ``destination/rt_pkg`` and return the package directory."""
    package = destination / RUNTIME_PACKAGE
    package.mkdir(parents=True)
    sources = sorted(RUNTIME_DIR.glob("*.py"))
    assert sources, f"no runtime modules found in {RUNTIME_DIR}"
    for source in sources:
        shutil.copy2(source, package / source.name)
    (package / "__init__.py").write_text("")
    (package / "py.typed").write_text("")
    return package


# Done at import time, not in a fixture: the test modules define their models at import.
_PACKAGE_ROOT = Path(tempfile.mkdtemp(prefix="sdk-runtime-tests-"))
copy_runtime_package(_PACKAGE_ROOT)
sys.path.insert(0, str(_PACKAGE_ROOT))


@pytest.fixture(scope="session", autouse=True)
def _remove_runtime_copy() -> Iterator[None]:
    yield
    shutil.rmtree(_PACKAGE_ROOT, ignore_errors=True)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Patch the clients' sleep (sync and async, every instance) and record the delays."""
    from rt_pkg._base_client import AsyncAPIClient, SyncAPIClient

    delays: list[float] = []

    def record(self: object, seconds: float) -> None:
        delays.append(seconds)

    async def record_async(self: object, seconds: float) -> None:
        delays.append(seconds)

    monkeypatch.setattr(SyncAPIClient, "_sleep", record)
    monkeypatch.setattr(AsyncAPIClient, "_sleep", record_async)
    return delays

"""A Python SDK generated from a test spec and imported for one test: shared by the tests that
run a spec of their own (streams, loose mode) against its server."""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

from generator.cli import main


def generate_python_sdk(tmp: Path, spec: str, package: str, dist_name: str) -> Path:
    """Generate ``spec`` (YAML text) into ``tmp/sdk`` as the importable package ``package``."""
    (tmp / "spec.yaml").write_text(spec)
    config = tmp / "config.yaml"
    config.write_text(
        f"languages:\n  python: {{package_name: {package}, dist_name: {dist_name}}}\n"
    )
    out = tmp / "sdk"
    assert main(["generate", "--spec", str(tmp / "spec.yaml"), "--config", str(config),
                 "--lang", "python", "--out", str(out)]) == 0
    return out


@contextlib.contextmanager
def imported(sdk_root: Path, package: str) -> Iterator[ModuleType]:
    """The generated package, imported from ``sdk_root/src`` and forgotten afterwards."""
    src = str(sdk_root / "src")
    sys.path.insert(0, src)
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(src)
        for name in [n for n in sys.modules if n == package or n.startswith(package + ".")]:
            del sys.modules[name]

"""The preview's built artifacts install and work: the wheel in a fresh venv, the tarball in
a scratch npm project, each running a tiny script against the real app on loopback."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import venv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pipeline_repo import make_repo_copy, run_preview, statuses

from app.main import create_app
from app.settings import Settings
from tests.app.live_server import serve_on_loopback

pytestmark = pytest.mark.slow

PYTHON_SCRIPT = """
import json, sys
from parley_client import Parley

client = Parley()  # PARLEY_BASE_URL from the environment
created = client.conversations.create(metadata={"from": "wheel"})
found = client.conversations.retrieve(created.id)
assert "site-packages" in sys.modules["parley_client"].__file__
print(json.dumps({"id": found.id, "metadata": found.metadata}))
"""
ESM_SCRIPT = """
import { Parley } from "parley-client";

const client = new Parley({ baseURL: process.env.PARLEY_BASE_URL });
const created = await client.conversations.create({ metadata: { from: "tarball" } });
const found = await client.conversations.retrieve(created.id);
console.log(JSON.stringify({ id: found.id, metadata: found.metadata }));
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A repository copy where the preview generated and built the two SDKs installed here
    (the other languages' builds and the compatibility run have tests of their own)."""
    repo = make_repo_copy(tmp_path_factory.mktemp("artifacts") / "repo")
    report = run_preview(repo, "--stages", "generate,build", "--languages", "python,typescript",
                         "--no-compat")
    for language in ("python", "typescript"):
        assert statuses(report, language)["build"] == "ok", report["diagnostics"]
    return repo, report


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_on_loopback(create_app(Settings(database_url="sqlite+aiosqlite://"))) as url:
        yield url


def _install_command(report: dict[str, Any], language: str) -> list[str]:
    [entry] = [lang for lang in report["languages"] if lang["language"] == language]
    [command] = entry["install"]
    return shlex.split(command)


def _clean_env(base_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**env, "PARLEY_BASE_URL": base_url}


def _check(cmd: list[str], cwd: Path, env: dict[str, str]) -> str:
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=600, check=False)
    assert result.returncode == 0, f"{cmd}\n{result.stdout}\n{result.stderr}"
    return result.stdout


def test_wheel_installs_in_a_fresh_venv_and_talks_to_the_app(
    built: tuple[Path, dict[str, Any]], base_url: str, tmp_path: Path
) -> None:
    repo, report = built
    command = _install_command(report, "python")
    assert command[:2] == ["pip", "install"] and command[2].endswith(".whl")
    venv.create(tmp_path / "venv", with_pip=True)
    python = str(tmp_path / "venv/bin/python")
    env = _clean_env(base_url)
    # The report's command as written, with the venv's pip.
    _check([python, "-m", *command, "--quiet", "--disable-pip-version-check"], repo, env)
    (tmp_path / "check.py").write_text(PYTHON_SCRIPT)
    output = json.loads(_check([python, "check.py"], tmp_path, env))
    assert output["id"].startswith("conv_")
    assert output["metadata"] == {"from": "wheel"}


def test_tarball_installs_in_a_scratch_npm_project_and_talks_to_the_app(
    built: tuple[Path, dict[str, Any]], base_url: str, tmp_path: Path
) -> None:
    repo, report = built
    command = _install_command(report, "typescript")
    assert command[:2] == ["npm", "install"] and command[2].endswith(".tgz")
    project = tmp_path / "project"
    project.mkdir()
    (project / "package.json").write_text(
        json.dumps({"name": "scratch", "version": "0.0.0", "private": True, "type": "module"})
    )
    env = _clean_env(base_url)
    tarball = str(repo / command[2])
    _check(["npm", *command[1:2], tarball, "--no-audit", "--no-fund", "--offline"], project, env)
    (project / "check.mjs").write_text(ESM_SCRIPT)
    output = json.loads(_check(["node", "check.mjs"], project, env))
    assert output["id"].startswith("conv_")
    assert output["metadata"] == {"from": "tarball"}

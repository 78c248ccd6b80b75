"""A PostgreSQL server for the storage tests.

`PARLEY_TEST_POSTGRES_URL` (set by `.ci/run`) wins. Otherwise a throwaway cluster is started
from the local PostgreSQL binaries on a free loopback port, and removed afterwards. When
neither is possible, `start_postgres` returns the reason, and the tests skip with it.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

POSTGRES_URL_ENV = "PARLEY_TEST_POSTGRES_URL"


@dataclass(frozen=True)
class PostgresServer:
    """Where to reach the server, or why there is none."""

    url: str | None
    unavailable_reason: str | None = None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _newest_bin_dir() -> str | None:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    found = shutil.which("initdb")
    if candidates:
        return os.path.dirname(candidates[-1])
    return os.path.dirname(found) if found else None


@contextmanager
def start_postgres() -> Iterator[PostgresServer]:
    """Yield a reachable server (from the environment or freshly started)."""
    url = os.environ.get(POSTGRES_URL_ENV)
    if url:
        yield PostgresServer(url)
        return
    bin_dir = _newest_bin_dir()
    if bin_dir is None:
        yield PostgresServer(None, f"no PostgreSQL binaries found and {POSTGRES_URL_ENV} unset")
        return
    # initdb refuses to run as root: run the server as the `postgres` system user then.
    run_as: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            yield PostgresServer(None, "running as root without `runuser` to drop privileges")
            return
        run_as = ["runuser", "-u", "postgres", "--"]
    workdir = tempfile.mkdtemp(prefix="parley-test-pg-")
    data_dir = os.path.join(workdir, "data")
    port = _free_port()
    started = False
    try:
        if run_as:
            shutil.chown(workdir, user="postgres", group="postgres")
        subprocess.run(
            [*run_as, f"{bin_dir}/initdb", "-D", data_dir, "-A", "trust", "-U", "parley"],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [
                *run_as,
                f"{bin_dir}/pg_ctl",
                "-D",
                data_dir,
                "-l",
                f"{workdir}/log",
                "-w",
                "-o",
                f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1 -c fsync=off",
                "start",
            ],
            check=True,
            capture_output=True,
        )
        started = True
        subprocess.run(
            [
                *run_as,
                f"{bin_dir}/createdb",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "parley",
                "parley_test",
            ],
            check=True,
            capture_output=True,
        )
    except (OSError, subprocess.CalledProcessError, LookupError) as error:
        detail = getattr(error, "stderr", b"") or b""
        reason = (
            f"could not start a throwaway PostgreSQL: {error} {detail.decode(errors='replace')}"
        )
        _stop(run_as, bin_dir, data_dir, workdir, started)
        yield PostgresServer(None, reason.strip())
        return
    try:
        yield PostgresServer(f"postgresql+asyncpg://parley@127.0.0.1:{port}/parley_test")
    finally:
        _stop(run_as, bin_dir, data_dir, workdir, started)


def _stop(run_as: list[str], bin_dir: str, data_dir: str, workdir: str, started: bool) -> None:
    if started:
        subprocess.run(
            [*run_as, f"{bin_dir}/pg_ctl", "-D", data_dir, "-m", "immediate", "-w", "stop"],
            capture_output=True,
        )
    shutil.rmtree(workdir, ignore_errors=True)

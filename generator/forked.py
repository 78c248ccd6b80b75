"""Work done in a forked child of this process, its result sent back pickled through a pipe.

A one-shot run spends most of its time in steps whose halves need nothing from each other
(parsing a spec's pieces, rendering each language). A child forked at such a step shares
everything built so far, page by page (copy on write, nothing is serialised on the way in),
does its half and sends back only its result. A child that fails in any way (an exception, a
signal, a broken pipe) gives None, and the caller does that half itself: a bug then surfaces
with its own traceback, as without a child.

Forking is only done where it is safe and pays: on Linux (macOS system libraries do not
survive a fork without exec), with no other thread running (a fork copies locks another thread
may hold), and only when more than one CPU is usable.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def usable_cpus() -> int:
    """The CPUs this process may run on (its affinity, not the machine's count)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else (os.cpu_count() or 1)


def can_fork() -> bool:
    """Whether forking this process now is safe (see the module's docstring)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


@dataclass
class Child:
    """A forked child computing one value."""

    pid: int
    reader: int

    def result(self) -> Any | None:
        """The child's value, or None when it failed (it is reaped either way)."""
        try:
            with os.fdopen(self.reader, "rb") as pipe:
                data = pipe.read()
        finally:
            _, status = os.waitpid(self.pid, 0)
        if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
            return None
        try:
            return pickle.loads(data)
        except Exception:  # a child that died mid-write
            return None

    def stop(self) -> None:
        """The parent failed: stop the child and reap it."""
        with contextlib.suppress(ChildProcessError, ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        with contextlib.suppress(OSError):  # result() closed it already
            os.close(self.reader)


def fork(compute: Callable[[], Any]) -> Child | None:
    """A child computing ``compute()``; None when the fork itself fails (or is not safe), and
    the caller computes it."""
    if not can_fork():
        return None
    reader, writer = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        pid = os.fork()
    except OSError:
        os.close(reader)
        os.close(writer)
        return None
    if pid:
        os.close(writer)
        return Child(pid, reader)
    status = 1
    try:  # the child: compute, send, and leave without running the parent's exit handlers
        os.close(reader)
        value = compute()
        with os.fdopen(writer, "wb") as pipe:
            pickle.dump(value, pipe, protocol=pickle.HIGHEST_PROTOCOL)
        status = 0
    except BaseException:  # noqa: BLE001 - the parent does this work itself and reports
        pass
    finally:
        os._exit(status)

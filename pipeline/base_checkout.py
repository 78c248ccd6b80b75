"""The PR's base branch as a throwaway `git worktree`, and cheap ways to use it.

Cheap because: the base spec is read with `git show` (no checkout needed); base stage
results are cached per base commit in `.parley-cache/preview/` (main moves rarely, PRs
push often); and a worktree borrows the PR checkout's `node_modules` when the lockfile is
the same instead of running `npm ci` again.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from generator.languages import backends

CACHE_DIR = Path(".parley-cache/preview")
# The repository's own Node tools (Redocly), beside each SDK's (from its backend).
ROOT_DEPENDENCIES = (("node_modules", "package-lock.json"),)


def shareable_dependencies() -> tuple[tuple[str, str], ...]:
    """Dependency directories a worktree may borrow, each with the lockfile that pins it."""
    return (*(d for b in backends() for d in b.installed_dependencies), *ROOT_DEPENDENCIES)


class GitError(Exception):
    """A git command failed; the message has git's own explanation."""


def git(root: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", *args], cwd=root, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise GitError(f"git {' '.join(args)}: {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout


def resolve_commit(root: Path, ref: str) -> str:
    try:
        return git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").strip()
    except GitError as exc:
        raise GitError(
            f"--base {ref!r} is not a commit in {root} (fetch it first, e.g. "
            f"`git fetch origin {ref.removeprefix('origin/')}`)"
        ) from exc


def file_at(root: Path, commit: str, path: str) -> bytes | None:
    """A file's content at a commit, or None when it does not exist there."""
    result = subprocess.run(
        ["git", "show", f"{commit}:{path}"], cwd=root, capture_output=True, check=False
    )
    return result.stdout if result.returncode == 0 else None


@contextmanager
def worktree(root: Path, commit: str) -> Iterator[Path]:
    """A detached worktree of `commit`, removed (with its git bookkeeping) afterwards."""
    with tempfile.TemporaryDirectory(prefix="parley-base-") as scratch:
        path = Path(scratch) / "base"
        git(root, "worktree", "add", "--detach", "--quiet", str(path), commit)
        try:
            _borrow_dependencies(root, path)
            yield path
        finally:
            git(root, "worktree", "remove", "--force", str(path))


def _borrow_dependencies(root: Path, base: Path) -> None:
    for directory, lockfile in shareable_dependencies():
        ours, theirs = root / lockfile, base / lockfile
        source = root / directory
        if (
            source.is_dir()
            and ours.is_file()
            and theirs.is_file()
            and ours.read_bytes() == theirs.read_bytes()
            and not (base / directory).exists()
        ):
            (base / directory).symlink_to(source.resolve(), target_is_directory=True)


def cache_key(commit: str, selection: dict[str, list[str]]) -> str:
    digest = hashlib.sha256(json.dumps(selection, sort_keys=True).encode()).hexdigest()[:12]
    return f"{commit}-{digest}"


def load_cached(root: Path, key: str) -> dict[str, Any] | None:
    path = root / CACHE_DIR / f"{key}.json"
    if not path.is_file():
        return None
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return None  # a torn write from an interrupted run: evaluate again
    return loaded if isinstance(loaded, dict) else None


def store_cached(root: Path, key: str, value: dict[str, Any]) -> None:
    path = root / CACHE_DIR / f"{key}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(value, indent=2), encoding="utf-8")
    temporary.replace(path)

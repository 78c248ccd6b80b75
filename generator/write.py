"""Atomic output: render into a temporary sibling directory, then swap it into place, so a
failure never leaves a half-written SDK. Every path is checked to stay inside the output
directory (schema or tag names like ``../../x`` must never escape it)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path, PurePosixPath

from generator.diagnostics import Diagnostics
from generator.naming import is_windows_device_name

PRESERVED = (".git", ".venv", "build")
"""Top-level entries of an existing output directory kept across regeneration; a backend adds
what its own tools create there (``Backend.build_outputs``: ``node_modules``, ``target``)."""
_IGNORED_PARTS = {"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", *PRESERVED}


def _ignored(rel: str, extra: tuple[str, ...] = ()) -> bool:
    """Tool caches and build artefacts are not part of the generated tree."""
    return any(part in _IGNORED_PARTS or part in extra or part.endswith(".egg-info")
               for part in rel.split("/"))


def check_relative_path(relative: str, diags: Diagnostics) -> None:
    """Reject absolute paths, ``..``, empty or reserved (Windows) segments, and NUL."""
    path = PurePosixPath(relative)
    bad = (
        not relative
        or "\x00" in relative
        or "\\" in relative
        or path.is_absolute()
        or any(part in ("", ".", "..") for part in relative.split("/"))
        or any(is_windows_device_name(part) for part in path.parts)
    )
    if bad:
        raise diags.fatal("#", f"internal: refusing to write unsafe output path {relative!r}")


def differing_files(
    files: dict[str, str], out_dir: Path, preserved: tuple[str, ...] = ()
) -> list[str]:
    """Relative paths that are missing, different, or extra compared with ``files``
    (``preserved``: the backend's build outputs, which are neither)."""
    expected = {rel: text.encode("utf-8") for rel, text in files.items()}
    found: dict[str, bytes] = {}
    if out_dir.is_dir():
        for path in out_dir.rglob("*"):
            rel = path.relative_to(out_dir).as_posix()
            if path.is_file() and not _ignored(rel, preserved):
                found[rel] = path.read_bytes()
    return sorted(rel for rel in set(expected) | set(found) if expected.get(rel) != found.get(rel))


def write_tree(
    files: dict[str, str], out_dir: Path, diags: Diagnostics, preserved: tuple[str, ...] = ()
) -> None:
    """Replace ``out_dir`` with exactly ``files`` (plus preserved entries), atomically."""
    for rel in files:
        check_relative_path(rel, diags)
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    # mkdtemp creates 0700; the swapped-in SDK directory must be an ordinary, readable one.
    staging.chmod(0o755)
    try:
        for rel, text in sorted(files.items()):
            target = (staging / rel).resolve()
            if staging not in target.parents:
                raise diags.fatal("#", f"internal: output path {rel!r} escapes the output dir")
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        if out_dir.exists():
            for keep in (*PRESERVED, *preserved):
                if (out_dir / keep).exists():
                    os.replace(out_dir / keep, staging / keep)
            old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.old-", dir=out_dir.parent))
            os.replace(out_dir, old / "tree")
            os.replace(staging, out_dir)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, out_dir)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)

"""Output. A fresh directory is rendered into a temporary sibling and swapped into place, so a
failure never leaves a half-written SDK (`write_tree`). Regenerating into an existing output
replaces only the files that differ (`update_tree`): every new text is staged beside its
target first, then renamed over it, so a failure while staging changes nothing, and the files
a change does not touch keep their bytes and mtimes (build caches stay valid). Every path is
checked to stay inside the output directory (schema or tag names like ``../../x`` must never
escape it)."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Container
from pathlib import Path

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
    if not _safe_relative_path(relative):
        raise diags.fatal("#", f"internal: refusing to write unsafe output path {relative!r}")


def _safe_relative_path(relative: str) -> bool:
    # Plain string tests: every output path of a run comes through here, once.
    if not relative or "\x00" in relative or "\\" in relative or relative.startswith("/"):
        return False
    return not any(part in ("", ".", "..") or is_windows_device_name(part)
                   for part in relative.split("/"))


def differing_files(
    files: dict[str, str], out_dir: Path, preserved: tuple[str, ...] = ()
) -> list[str]:
    """Relative paths that are missing, different, or extra compared with ``files``
    (``preserved``: the backend's build outputs, which are neither)."""
    expected = {rel: text.encode("utf-8") for rel, text in files.items()}
    differing: list[str] = []
    seen: set[str] = set()
    if out_dir.is_dir():
        for path in out_dir.rglob("*"):
            rel = path.relative_to(out_dir).as_posix()
            if not path.is_file() or _ignored(rel, preserved):
                continue
            seen.add(rel)
            want = expected.get(rel)
            # A size that differs settles it without reading the file.
            if want is None or path.stat().st_size != len(want) or path.read_bytes() != want:
                differing.append(rel)
    differing += [rel for rel in expected if rel not in seen]
    return sorted(differing)


def write_tree(
    files: dict[str, str], out_dir: Path, diags: Diagnostics, preserved: tuple[str, ...] = ()
) -> None:
    """Replace ``out_dir`` with exactly ``files`` (plus preserved entries), atomically."""
    for rel in files:
        check_relative_path(rel, diags)
    _replace_tree(files, out_dir, preserved)


def _replace_tree(files: dict[str, str], out_dir: Path, preserved: tuple[str, ...]) -> None:
    """`write_tree` for paths already checked."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    # mkdtemp creates 0700; the swapped-in SDK directory must be an ordinary, readable one.
    staging.chmod(0o755)
    try:
        made = {str(staging)}
        for rel, text in sorted(files.items()):
            # check_relative_path keeps `rel` inside `staging`, a new directory holding only
            # what this loop makes, so no symlink can lead a write out of it.
            target = os.path.join(staging, rel)
            _make_parent(target, made)
            _write_text(target, text)
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


_CREATE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0) | getattr(
    os, "O_CLOEXEC", 0)


def _write_text(path: str, text: str) -> None:
    """``text`` as UTF-8 with its newlines as they are: what ``open(path, "w",
    encoding="utf-8", newline="\\n")`` writes, in one open, write and close (a run writes
    thousands of files; the text layer's buffering and checks cost more than the write)."""
    data = memoryview(text.encode("utf-8"))
    handle = os.open(path, _CREATE, 0o666)
    try:
        while data:
            data = data[os.write(handle, data):]
    finally:
        os.close(handle)


def update_tree(
    files: dict[str, str], out_dir: Path, stale: list[str], diags: Diagnostics,
    preserved: tuple[str, ...] = (), checked: Container[str] = (),
) -> bool:
    """Make ``out_dir`` hold exactly ``files`` by rewriting only ``stale`` (what
    `differing_files` returned for them): stale paths in ``files`` are rewritten, the others
    deleted. The result is what `write_tree` gives, file for file (tool caches, which neither
    compares, are kept, as a no-op keeps them). Falls back to `write_tree` when ``out_dir``
    does not exist, or a path crosses a symlink or a file stands where a directory must be.
    ``checked``: paths already found safe (by the last run of a watch). True when it fell
    back (every file was written)."""
    for rel in files:
        if rel not in checked:
            check_relative_path(rel, diags)
    root = out_dir.resolve()
    if not root.is_dir() or not all(_plain_path(root, rel, rel in files) for rel in stale):
        _replace_tree(files, out_dir, preserved)
        return True
    staged: list[tuple[Path, Path]] = []
    token = uuid.uuid4().hex[:12]  # concurrent runs never share a staging name
    try:
        made: set[str] = set()
        for rel in sorted(r for r in stale if r in files):
            target = root / rel
            _make_parent(target, made)
            temporary = target.with_name(f".{target.name}.parley-{token}")
            staged.append((temporary, target))  # removed on failure, even half-written
            _write_text(str(temporary), files[rel])
    except BaseException:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, target in staged:
        os.replace(temporary, target)
    for rel in sorted(r for r in stale if r not in files):
        (root / rel).unlink(missing_ok=True)
        _prune_empty_parents(root, root / rel)
    return False


def _make_parent(target: str | Path, made: set[str]) -> None:
    """``target``'s directory, made once per run (``made``: those already made)."""
    parent = os.path.dirname(target)
    if parent not in made:
        os.makedirs(parent, exist_ok=True)
        made.add(parent)


def _plain_path(root: Path, rel: str, written: bool) -> bool:
    """No symlinked directory on the way to ``rel``, no file where a directory goes, and (for
    a file to write) no directory where the file goes."""
    current = root
    parts = rel.split("/")
    for part in parts[:-1]:
        current = current / part
        if current.is_symlink() or (current.exists() and not current.is_dir()):
            return False
    target = current / parts[-1]
    return not (written and target.is_dir() and not target.is_symlink())


def _prune_empty_parents(root: Path, removed: Path) -> None:
    """A full run has no empty directories: remove those a deletion emptied."""
    parent = removed.parent
    while parent != root and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent

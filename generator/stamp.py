"""The no-op shortcut: a stamp that says "this output directory is what this spec, config and
generator produce", so an unchanged regeneration stops before loading the spec.

The stamps live in the user's cache (``$PARLEY_CACHE_DIR``, else ``$XDG_CACHE_HOME/parley``,
else ``~/.cache/parley``), one file per output directory and language, named by a hash of the
directory's absolute path: never in the output (which stays exactly the rendered files, so two
fresh runs stay byte-identical) nor beside it (the generator writes nothing outside ``--out``
but its caches). A stamp holds

- the key: SHA-256 over the language, the generator's version, the bytes of the spec, of the
  config and of every generator source and template file (so an edited template or backend
  invalidates it, whatever the version says);
- the manifest: size and mtime of every output file, so a hand edit, a deleted or an added
  file makes the next run a real one;
- what the run printed (warnings, counts), so the shortcut prints the same.

Standard library only, and nothing heavy is imported: the shortcut's whole point is to cost
less than importing the generator.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator import __version__

STAMP_VERSION = 1
_GENERATOR_DIR = Path(__file__).resolve().parent
# Not part of the generated tree (kept in step with generator.write's ignored parts).
_SKIPPED_PARTS = {"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".git", ".venv",
                  "build"}


@cache
def generator_fingerprint() -> str:
    """SHA-256 over the generator's own sources and templates (path and bytes of each)."""
    from generator.render import TEMPLATES_ROOT  # imports jinja2 only when rendering

    digest = hashlib.sha256(f"{__version__}\0{sys.version_info[:2]}".encode())
    roots = [_GENERATOR_DIR]
    if not TEMPLATES_ROOT.is_relative_to(_GENERATOR_DIR):
        roots.append(TEMPLATES_ROOT)
    for root in roots:
        for directory, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".pyc", ".pyo")):
                    continue
                path = Path(directory, name)
                digest.update(str(path.relative_to(root)).encode() + b"\0")
                digest.update(path.read_bytes())
                digest.update(b"\0")
    return digest.hexdigest()


def run_keys(langs: list[str], spec: Path, config: Path | None) -> dict[str, str | None]:
    """The key of a run, for each language, or None when an input cannot be read (the real
    run reports that)."""
    try:
        spec_bytes = spec.read_bytes()
        config_bytes = config.read_bytes() if config is not None else b"\0no config"
    except OSError:
        return dict.fromkeys(langs)
    inputs = generator_fingerprint().encode()
    inputs += hashlib.sha256(spec_bytes).digest() + hashlib.sha256(config_bytes).digest()
    keys: dict[str, str | None] = {}
    for lang in langs:
        digest = hashlib.sha256(f"{STAMP_VERSION}\0{lang}\0".encode())
        digest.update(inputs)
        keys[lang] = digest.hexdigest()
    return keys


def cache_dir() -> Path:
    """Where the stamps go (see the module docstring)."""
    explicit = os.environ.get("PARLEY_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "parley"


def _stamp_path(out: Path, lang: str) -> Path:
    where = hashlib.sha256(f"{out.absolute()}\0{lang}".encode()).hexdigest()[:32]
    return cache_dir() / "generate" / f"{where}.json"


def _skipped(rel_parts: tuple[str, ...], preserved: tuple[str, ...]) -> bool:
    return any(
        part in _SKIPPED_PARTS or part in preserved or part.endswith(".egg-info")
        for part in rel_parts
    )


def manifest(out: Path, preserved: tuple[str, ...]) -> dict[str, list[int]]:
    """relative path → [size, mtime_ns] of every generated file now in ``out``."""
    found: dict[str, list[int]] = {}
    stack: list[tuple[str, tuple[str, ...]]] = [(str(out), ())]
    while stack:
        directory, parts = stack.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            rel_parts = (*parts, entry.name)
            if _skipped(rel_parts, preserved):
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append((entry.path, rel_parts))
            elif entry.is_file():
                info = entry.stat()
                found["/".join(rel_parts)] = [info.st_size, info.st_mtime_ns]
    return found


def manifest_after(
    before: dict[str, list[int]], out: Path, changed: list[str], preserved: tuple[str, ...]
) -> dict[str, list[int]]:
    """What `manifest` finds in ``out`` when it held ``before`` and only ``changed`` paths
    were rewritten or removed since (their entries are looked at again; the rest kept)."""
    found = dict(before)
    for rel in changed:
        found.pop(rel, None)
        if _skipped(tuple(rel.split("/")), preserved):
            continue
        try:
            info = os.stat(os.path.join(out, rel))
        except OSError:
            continue
        found[rel] = [info.st_size, info.st_mtime_ns]
    return found


@dataclass(frozen=True)
class Stamp:
    key: str
    files: dict[str, list[int]]
    warnings: list[str]
    models: int
    operations: int


def fresh_stamp(
    out: Path, lang: str, key: str | None, preserved: tuple[str, ...]
) -> Stamp | None:
    """The stored stamp when ``out`` is exactly what the run with ``key`` wrote, else None."""
    if key is None:
        return None
    try:
        data = json.loads(_stamp_path(out, lang).read_text(encoding="utf-8"))
        if data["out"] != str(out.absolute()):  # a hash collision, however unlikely
            return None
        stamp = Stamp(data["key"], data["files"], data["warnings"], data["models"],
                      data["operations"])
    except (OSError, ValueError, KeyError, TypeError, RuntimeError):
        return None
    if stamp.key != key or not out.is_dir() or manifest(out, preserved) != stamp.files:
        return None
    return stamp


def write_stamp(
    out: Path, lang: str, key: str | None, preserved: tuple[str, ...], warnings: list[str],
    models: int, operations: int, files: dict[str, list[int]] | None = None,
) -> dict[str, list[int]] | None:
    """Record that ``out`` now holds the output of ``key``; the manifest recorded, or None
    when there is no stamp. ``files``: the manifest, when the caller knows it. Best effort:
    a cache that cannot be written only costs the next run its shortcut."""
    if key is None:
        return None
    try:
        path = _stamp_path(out, lang)
    except RuntimeError:  # no home directory: no shortcut
        return None
    files = files if files is not None else manifest(out, preserved)
    data = {"key": key, "out": str(out.absolute()), "files": files,
            "warnings": warnings, "models": models, "operations": operations}
    text = json.dumps(data, sort_keys=True)
    try:
        if path.exists() and path.read_text(encoding="utf-8") == text:
            return files  # a no-op run writes nothing, not even its stamp
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except (OSError, RuntimeError):  # RuntimeError: no home directory to find the cache in
        return None
    return files


@contextlib.contextmanager
def output_lock(out: Path, lang: str) -> Iterator[None]:
    """Holds an exclusive lock (beside the stamp) while a run compares, writes and stamps
    ``out``, so concurrent runs into one output cannot interleave their files or stamp one
    run's files with another's key. Best effort: without ``fcntl`` (Windows) or a writable
    cache, runs are not serialised (each file and the stamp are still replaced atomically)."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    try:
        path = _stamp_path(out, lang).with_suffix(".lock")
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "a+b")  # noqa: SIM115 - held across the yield
    except (OSError, RuntimeError):
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

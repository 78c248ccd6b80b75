"""One language's rendered files into its output directory: compare, rewrite what differs,
stamp (generator.stamp). Shared by ``parley generate`` and ``parley watch``.

A watching process knows what it left in the directory last time (the texts and the
manifest its stamp recorded): while the directory still matches that manifest, what differs
is found by comparing texts in memory instead of reading every file back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.diagnostics import Diagnostics
from generator.stamp import manifest, manifest_after, output_lock, write_stamp
from generator.write import differing_files, update_tree


@dataclass(frozen=True)
class LeftBehind:
    """What one run left in an output directory: the files' texts and their manifest."""

    files: dict[str, str]
    manifest: dict[str, list[int]]

    def stale(self, files: dict[str, str]) -> list[str]:
        """The paths that differ between ``files`` and what was left (both ways)."""
        changed = [rel for rel, text in files.items() if self.files.get(rel) != text]
        return sorted(changed + [rel for rel in self.files if rel not in files])


def write_language(
    out: Path,
    lang: str,
    files: dict[str, str],
    *,
    key: str | None,
    preserved: tuple[str, ...],
    warning_lines: list[str],
    models: int,
    operations: int,
    diags: Diagnostics,
    left: LeftBehind | None = None,
) -> tuple[list[str], LeftBehind]:
    """Make ``out`` hold ``files`` and stamp it with ``key``; the paths rewritten or removed,
    and what is left behind for the next run of this process. GenerationError if a path is
    unsafe (nothing is written then)."""
    # One run at a time per output: its files and its stamp must describe one run.
    with output_lock(out, lang):
        found = manifest(out, preserved) if left is not None else None
        untouched = left is not None and found == left.manifest
        if left is not None and untouched:
            stale = left.stale(files)
        else:
            stale = differing_files(files, out, preserved)
        # Only differing files are rewritten (none for a no-op), so the mtimes of the others
        # and build caches stay valid.
        whole = bool(stale) and update_tree(
            files, out, stale, diags, preserved,
            checked=left.files if left is not None and untouched else ())
        after = (manifest_after(found, out, stale, preserved)
                 if found is not None and untouched and not whole else manifest(out, preserved))
        write_stamp(out, lang, key, preserved, warning_lines, models, operations, after)
    return stale, LeftBehind(files, after)

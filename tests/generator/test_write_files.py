"""The writer puts each text on disk as its UTF-8 bytes, refuses unsafe paths, and a failure
while staging changes nothing (generator.write)."""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

import pytest

import generator.write as write
from generator.diagnostics import Diagnostics, GenerationError
from generator.naming import is_windows_device_name
from generator.write import check_relative_path, update_tree, write_tree

TEXTS = {
    "README.md": "# café ☕ 😀\n",
    "src/crlf.txt": "kept\r\nas written\rand\n",
    "src/deep/er/empty.py": "",
    "src/deep/x.ts": "\ufeffbom and U+2028 \u2028 stay\n",
}


def test_each_file_holds_its_text_as_utf8_bytes_with_newlines_untouched(tmp_path: Path) -> None:
    out = tmp_path / "sdk"
    write_tree(TEXTS, out, Diagnostics())
    found = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert found == {rel: text.encode("utf-8") for rel, text in TEXTS.items()}
    # The permissions an ordinary open() gives under this umask.
    reference = tmp_path / "reference"
    reference.write_text("x")
    assert {(out / rel).stat().st_mode for rel in TEXTS} == {reference.stat().st_mode}


def test_rewriting_changed_files_writes_their_bytes(tmp_path: Path) -> None:
    out = tmp_path / "sdk"
    write_tree(TEXTS, out, Diagnostics())
    changed = {**TEXTS, "src/crlf.txt": "now\nlf 🚀\n"}
    assert update_tree(changed, out, ["src/crlf.txt"], Diagnostics()) is False
    assert (out / "src/crlf.txt").read_bytes() == "now\nlf 🚀\n".encode()


def test_a_failure_while_staging_leaves_every_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "sdk"
    write_tree(TEXTS, out, Diagnostics())
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real = write._write_text
    calls: list[str] = []

    def fails_on_the_second(path: str, text: str) -> None:
        calls.append(path)
        if len(calls) == 2:
            real(path, text[: len(text) // 2])  # half written, then the disk fills up
            raise OSError(28, "No space left on device")
        real(path, text)

    monkeypatch.setattr(write, "_write_text", fails_on_the_second)
    changed = {rel: text + "changed\n" for rel, text in TEXTS.items()}
    with pytest.raises(OSError, match="No space left"):
        update_tree(changed, out, sorted(changed), Diagnostics())
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def _reference_is_safe(relative: str) -> bool:
    """The rule as first written, on PurePosixPath."""
    path = PurePosixPath(relative)
    return not (
        not relative or "\x00" in relative or "\\" in relative or path.is_absolute()
        or any(part in ("", ".", "..") for part in relative.split("/"))
        or any(is_windows_device_name(part) for part in path.parts)
    )


@pytest.mark.parametrize("relative", [
    "", "/etc/passwd", "//x", "a//b", "a/", "./a", "a/./b", "../a", "a/../b", "a/..", "a\\b",
    "nul\x00.py", "src/NUL", "src/com1.ts", "src/lpt9.d.ts", "src/aux .py",
    "src/a.py", "a", "...", "a..b/c", "src/console.ts", "src/.hidden", "é/ü.py", "a b/c d",
])
def test_unsafe_paths_are_refused_as_the_first_rule_refused_them(relative: str) -> None:
    expected = _reference_is_safe(relative)
    if expected:
        check_relative_path(relative, Diagnostics())
    else:
        with pytest.raises(GenerationError, match="unsafe output path"):
            check_relative_path(relative, Diagnostics())


def test_no_write_escapes_through_an_unsafe_path(tmp_path: Path) -> None:
    out = tmp_path / "sdk"
    with pytest.raises(GenerationError, match="unsafe output path"):
        write_tree({"ok.txt": "x", "../escaped.txt": "x"}, out, Diagnostics())
    assert os.listdir(tmp_path) == []  # no output, no staging directory, nothing escaped

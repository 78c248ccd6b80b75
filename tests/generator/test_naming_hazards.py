"""Naming and escaping hazards, unit by unit: Windows device names (one shared list), names capped
by length, the TOML string escaper, bidi controls in TypeScript text, and the Python import scan."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostics, GenerationError
from generator.ir import Name
from generator.languages.python import naming as pn
from generator.languages.python.imports import KNOWN, Imports
from generator.languages.typescript import naming as tn
from generator.naming import (
    MAX_NAME_CHARS,
    WINDOWS_DEVICE_NAMES,
    is_windows_device_name,
    make_name,
)
from generator.write import check_relative_path

DEVICE_SPELLINGS = sorted(
    {variant for name in WINDOWS_DEVICE_NAMES for variant in (name, name.upper(), name.title())}
)


@pytest.mark.parametrize(
    ("file_name", "reserved"),
    [("nul", True), ("COM3", True), ("lpt1.txt", True), ("Aux.tar.gz", True), ("con ", True),
     ("com10", False), ("console", False), ("con_x.py", False), ("nul-", False), ("x.nul", False)],
)
def test_windows_device_names_any_case_any_extension(file_name: str, reserved: bool) -> None:
    assert is_windows_device_name(file_name) is reserved


@pytest.mark.parametrize("text", DEVICE_SPELLINGS)
def test_backends_never_name_a_file_after_a_device(text: str, tmp_path: Path) -> None:
    name = make_name(text, ("x",))
    python_file = pn.module_name(name) + ".py"
    ts_file = tn.file_stem(name) + ".ts"
    for file_name in (python_file, ts_file):
        assert not is_windows_device_name(file_name), file_name
        check_relative_path(f"src/{file_name}", Diagnostics())  # the writer's guard agrees


def test_the_writer_still_refuses_device_names_as_a_last_resort() -> None:
    with pytest.raises(GenerationError, match="unsafe output path 'src/LPT9.d.ts'"):
        check_relative_path("src/LPT9.d.ts", Diagnostics())


def test_names_are_capped_by_length_not_only_by_words() -> None:
    long = make_name("a" * 300, ("x",))
    assert sum(map(len, long.words)) <= MAX_NAME_CHARS
    assert long.words == ("a" * 20, "h" + long.words[-1][1:]) and len(long.words[-1]) == 9
    assert make_name("a" * 300, ("x",)) == long  # deterministic
    assert make_name("a" * 301, ("x",)).words != long.words  # and distinct
    wide = make_name("-".join(["abcdefghijklmnop"] * 9), ("x",))  # 9 words, 144 characters
    assert len(wide.words) == 9 and sum(map(len, wide.words)) <= MAX_NAME_CHARS, wide
    assert make_name("list batch inference response data", ("x",)).words == (
        "list", "batch", "inference", "response", "data")  # short names are untouched


@pytest.mark.parametrize(
    "text",
    ["plain", 'quote " and \\ backslash', "NUL \0 ESC \x1b DEL \x7f NEL \x85", "tab\tnew\nline\r",
     "bidi \u202e\u2066\u2069 zwj \u200d bom \ufeff", "emoji 😀 and U+2028 \u2028",
     "".join(chr(c) for c in range(0x20))],
)
def test_toml_string_round_trips_through_a_real_parser(text: str) -> None:
    literal = pn.toml_string(text)
    assert tomllib.loads(f"v = {literal}\n")["v"] == text
    assert "\\x" not in literal  # TOML has no \x escape


def test_toml_string_escapes_invisible_characters() -> None:
    assert pn.toml_string("a\u202eb\0") == '"a\\u202eb\\u0000"'


BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_typescript_comments_and_markdown_escape_bidi_controls() -> None:
    comment = tn.doc_comment(f"evil {BIDI} \x85 end")
    markdown = tn.markdown_text(f"Title {BIDI} <b>|")
    for text in (comment, markdown):
        assert not set(BIDI) & set(text), text
    assert "\\u202e" in comment and "\\u2066" in comment and "\\u0085" in comment
    assert markdown == ("Title " + "".join(f"\\u{ord(c):04x}" for c in BIDI)
                        + " &lt;b&gt;\\|")


def test_python_class_names_avoid_every_typing_import() -> None:
    typing_names = {n for n, module in KNOWN.items() if module in ("typing", "typing_extensions")}
    for imported in sorted(typing_names):
        if imported[:1].isupper():
            assert pn.class_name(Name((imported.lower(),), imported)) != imported or (
                imported not in pn.TYPING_NAMES), imported
    assert typing_names <= pn.TYPING_NAMES
    assert pn.class_name(Name(("class", "var"), "ClassVar")) == "ClassVar_"


def test_imports_come_from_what_was_emitted_not_from_the_text() -> None:
    """The collector imports what code asked for; text such as ``"a # Optional"`` in a value
    or ``Union`` in a comment is never looked at."""
    imports = Imports()
    code = f'X = {imports.use("OpenEnum")}("a # Optional", {imports.use("Literal")}["b"])  # Union'
    block = imports.block(".types")
    assert "from typing_extensions import Literal" in block
    assert "from .._models import OpenEnum" in block
    assert "Optional" not in block and "Union" not in block and "Any" not in block
    assert "Optional" in code

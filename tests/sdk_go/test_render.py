"""The Go backend's naming and escaping (one function per context), its config section and
its determinism. The escapers are checked by the Go compiler itself: a generated program
prints back what each literal and struct tag holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.cli import generate_files
from generator.config import parse_config
from generator.diagnostics import Diagnostics
from generator.languages.go import naming
from generator.languages.go.backend import GoConfig, go_config
from tests.sdk_go import toolchain

HOSTILE = ['"', '\\', "a\"b\\c", "\r\n", "*/ /* ${x} `tick`", "'", "\x00nul", "\x1b[31m",
           "é世😀", "\u2028\u2029\x85", "\u202etxet", "\ufeffbom", "tab\there", ""]
TAG_KEYS = ["plain", "with space", "dash-dot.colon:", "é", "a\"b", "a,b", "a`b", "", "😀"]


def test_literals_and_struct_tags_mean_what_they_say(tmp_path: Path) -> None:
    fields = "".join(f"\tF{i} int {naming.struct_tag(key)}\n" for i, key in enumerate(TAG_KEYS))
    literals = ", ".join(naming.string_literal(text) for text in HOSTILE)
    program = (
        "package main\n\nimport (\n\t\"encoding/json\"\n\t\"os\"\n)\n\n"
        f"type tagged struct {{\n{fields}}}\n\n"
        "func main() {\n"
        f"\tstrs := []string{{{literals}}}\n"
        "\ttags, _ := json.Marshal(tagged{})\n"
        "\t_ = json.NewEncoder(os.Stdout).Encode(map[string]any{\"strs\": strs, "
        "\"tags\": json.RawMessage(tags)})\n}\n"
    )
    assert program.isascii()  # nothing of the spec hides in the source as raw bytes
    (tmp_path / "go.mod").write_text("module probe\n\ngo 1.24\n")
    (tmp_path / "main.go").write_text(program)
    assert toolchain.gofmt_unclean(tmp_path) == [], program
    toolchain.go("vet", ".", cwd=tmp_path)
    result = json.loads(toolchain.go("run", ".", cwd=tmp_path).stdout)
    assert result["strs"] == HOSTILE
    usable = [k for k in TAG_KEYS if naming.tag_key_ok(k)]
    # A key a tag can spell is the JSON key; any other is left out of the tag ("-") and
    # encoded by hand (param.Field), never silently renamed to the Go field name.
    assert sorted(result["tags"]) == sorted(usable)
    assert usable == ["plain", "with space", "dash-dot.colon:", "é"]


def test_comments_cannot_end_or_smuggle() -> None:
    text = naming.comment("line1\r\nline2\u2028 */\x00\u202e  \n\n\n  indented\tx\n", "last")
    lines = text.splitlines()
    assert all(line == "//" or line.startswith("// ") for line in lines)
    assert not any(ch in text for ch in "\x00\u202e\u2028\r\t")
    assert "\\u0000" in text and "\\u202e" in text
    assert "//\n//\n" not in text and not text.endswith("//\n")
    assert "// indented x\n" in text


def test_identifiers() -> None:
    from generator.ir import Name

    assert naming.exported(Name(("conversation", "id"))) == "ConversationID"
    assert naming.exported(Name(("1st", "place"))) == "N1stPlace"
    assert naming.unexported(Name(("type",))) == "type_"
    assert naming.unexported(Name(("ctx",))) == "ctx_"
    assert naming.unexported(Name(("item", "id"))) == "itemID"
    scope = naming.Namespace({"JSON"})
    assert [scope.claim("JSON"), scope.claim("JSON"), scope.claim("A")] == ["JSON2", "JSON3", "A"]


def test_config_section_sets_module_and_package() -> None:
    diags = Diagnostics(source="config")
    config = parse_config({"client": {"name": "Acme"},
                           "languages": {"go": {"module": "example.com/acme/sdk-go"}}}, diags)
    assert not diags.items
    assert go_config(config) == GoConfig(module="example.com/acme/sdk-go", package_name="acme")
    bad = Diagnostics(source="config")
    parse_config({"languages": {"go": {"package_name": "func", "extra": 1,
                                       "module": "not a path"}}}, bad)
    assert sorted(d.pointer for d in bad.errors()) == [
        "/languages/go/extra", "/languages/go/module", "/languages/go/package_name"]


@pytest.mark.parametrize("spec", ["spec/openapi.yaml"])
def test_generation_is_deterministic(spec: str) -> None:
    root = toolchain.REPO
    first = generate_files(root / spec, root / "sdks/config.yaml", "go", Diagnostics())[2]
    second = generate_files(root / spec, root / "sdks/config.yaml", "go", Diagnostics())[2]
    assert first == second
    assert first["go.mod"].startswith("module github.com/parley-dev/parley-go\n")
    assert all(text.startswith("// Code generated") for path, text in first.items()
               if path.endswith(".go"))

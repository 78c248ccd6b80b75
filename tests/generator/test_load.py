"""The one spec loader (generator.load, also behind pipeline.specfile): YAML 1.2 scalars, keys as
written, and hostile input refused or bounded with the exact diagnostic, never a traceback."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import generator.load as load
from generator.load import LoadProblem, parse_document
from pipeline.specfile import SpecFileError, dump_spec, parse_spec


def _problems(text: str, *, json_first: bool = False) -> list[tuple[str, str, str]]:
    _data, problems = parse_document(text, json_first=json_first)
    return [(p.severity, p.pointer, p.text()) for p in problems]


def test_yaml_12_core_schema_scalars_and_keys_as_written() -> None:
    data, problems = parse_document(
        "a: [0o17, 0x1F, 010, 1.10, .inf1, on, 2024-01-01, ~, True, 1e3]\n"
        "200: x\n1.10: y\nnull: z\n<<: m\n&k key: &v value\nalias: *v\n", json_first=False)
    assert problems == []
    assert data["a"] == [15, 31, 10, 1.1, ".inf1", "on", "2024-01-01", None, True, 1000.0]
    assert str(data["a"][3].source) == "1.10"  # `version: 1.10` means "1.10"
    assert list(data) == ["a", "200", "1.10", "null", "<<", "key", "alias"]
    assert data["alias"] == "value"


@pytest.mark.parametrize(
    ("text", "json_first", "expected"),
    [
        ("a: 1\nb:\n  c: 1\n  c: 2\n", False,
         ("error", "#/b/c", "duplicate key 'c' (line 4 column 3)")),
        ('{"a": {"c": 1, "c": 2, "d": 0, "d": 1}}', True,
         ("error", "#/a/c", "duplicate key 'c'")),
        ("a: !!binary aGk=\n", False,
         ("error", "#/a", "unsupported YAML tag 'tag:yaml.org,2002:binary' (line 1 column 4)")),
        ("a: !!set {x}\n", False,
         ("error", "#/a", "unsupported YAML tag 'tag:yaml.org,2002:set' (line 1 column 4)")),
        ("a: !!int 12x\n", False, ("error", "#/a", "'12x' is not a valid !!int (line 1 column 4)")),
        ("a: [-.inf]\n", False,
         ("error", "#/a/0", "number -.inf is not a finite 64-bit float (line 1 column 5)")),
        ('{"a": [1, -Infinity]}', True,
         ("error", "#/a/1", "number -Infinity is not a finite 64-bit float")),
        ('{"a": {"k\\ud800": "\\udbff"}}', True,
         ("warning", "#/a/k\ufffd", "lone UTF-16 surrogate \\udbff replaced with U+FFFD")),
        ("? [1, 2]\n: x\n", False,
         ("error", "#", "mapping key must be a string (line 1 column 3)")),
        ("a: *nowhere\n", False,
         ("error", "#/a", "unknown or recursive YAML alias *nowhere (line 1 column 4)")),
        ("a: [1,\n", False,
         ("error", "#", "invalid YAML: did not find expected node content "
                        "(line 2 column 1)")),
    ],
)
def test_hostile_input_gets_its_exact_diagnostic(
    text: str, json_first: bool, expected: tuple[str, str, str]
) -> None:
    assert expected in _problems(text, json_first=json_first)


def test_every_duplicate_and_bad_number_is_collected_not_just_the_first() -> None:
    problems = _problems("a: 1\na: 2\nb: [1e999, .nan]\nb: 3\n")
    assert [(p, m.split(" (")[0]) for _s, p, m in problems] == [
        ("#/a", "duplicate key 'a'"),
        ("#/b/0", "number 1e999 is not a finite 64-bit float"),
        ("#/b/1", "number .nan is not a finite 64-bit float"),
        ("#/b", "duplicate key 'b'"),
    ]


def test_alias_expansion_is_bounded_and_counted_by_subtree(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_NODES", 100)
    # 3 aliases of a 30-node sequence: 1 + 1 + 30 + 1 + 3 * 30 > 100 nodes once expanded.
    items = ", ".join(["x"] * 29)
    assert _problems(f"a: &a [{items}]\nb: [*a, *a]\n") == []
    assert _problems(f"a: &a [{items}]\nb: [*a, *a, *a]\n") == [(
        "error", "#/b/2",
        "the document expands to more than 100 nodes (a YAML alias bomb?) (line 2 column 13)")]


def test_alias_depth_counts_toward_the_nesting_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_DEPTH", 3)  # the root mapping is level 1
    assert _problems("a: &a [[1]]\nb: *a\n") == []
    assert _problems("a: &a [[1]]\nb: [*a]\n") == [(
        "error", "#/b/0",
        "nested more than 3 levels deep; refusing the document (line 2 column 5)")]


def test_documents_over_the_size_limit_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "MAX_DOCUMENT_CHARS", 2 * 2**20)
    text = "a: '" + "x" * (2 * 2**20) + "'\n"
    for json_first in (False, True):
        data, problems = parse_document(text, json_first=json_first)
        assert data is None
        assert problems == [LoadProblem("error", "#", "the document is larger than 2 MiB")]


def test_nesting_just_under_the_cap_loads_in_both_syntaxes() -> None:
    deep = "[" * (load.MAX_DEPTH - 1) + "]" * (load.MAX_DEPTH - 1)
    for text, json_first in ((f'{{"a": {deep}}}', True), (f"a: {deep}\n", False)):
        data, problems = parse_document(text, json_first=json_first)
        assert problems == [], problems[:1]
        node, depth = data["a"], 2
        while node:
            node, depth = node[0], depth + 1
        assert depth == load.MAX_DEPTH


def test_pipeline_specfile_reads_through_the_same_loader(tmp_path: Path) -> None:
    """One loader: pipeline.specfile accepts 0o/0x integers like the generator, refuses the
    same hostile input, and names the file, line and column (or the pointer, for JSON)."""
    assert parse_spec("a: 0o17\nb: 0x1F\n") == {"a": 15, "b": 31}
    with pytest.raises(SpecFileError) as caught:
        parse_spec('{"a": 1, "a": 2, "b": 1e400}', "spec.json")
    assert str(caught.value) == "spec.json: #/a: duplicate key 'a' (and 1 more)"
    with pytest.raises(SpecFileError, match=r"^spec.yaml:2:1: duplicate key 'a'$"):
        parse_spec("a: 1\na: 2\n", "spec.yaml")
    with pytest.raises(SpecFileError, match=r"^spec.yaml:1:259: nested more than 256 levels"):
        parse_spec("a: " + "[" * 100_000 + "]" * 100_000, "spec.yaml")
    with pytest.raises(SpecFileError, match=r"^spec.json: invalid JSON at line 1 column"):
        parse_spec('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}", "spec.json")
    spec = parse_spec("info: {version: 1.10, n: 2.5}\n")
    assert dump_spec(spec) == "info:\n  version: 1.1\n  n: 2.5\n"  # YamlFloat dumps as a float
    assert not math.isnan(spec["info"]["n"])

"""The spec loader reads JSON's data model (not YAML 1.1's) and the writer round-trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.specfile import SpecFileError, dump_spec, load_spec, parse_spec

YAML_11_TRAPS = """\
paths:
  /a:
    get:
      responses:
        200:
          description: OK
components:
  schemas:
    Switch:
      type: string
      enum: [on, off, yes, no, y, n]
      example: 2024-01-01
      default: 0o17
      x-hex: 0x1F
      x-decimal: 010
    Flags:
      enum: [true, false, null, 12, 1.5, 1e3]
"""


def test_yaml_11_implicit_types_stay_what_the_spec_means() -> None:
    spec = parse_spec(YAML_11_TRAPS)
    assert list(spec["paths"]["/a"]["get"]["responses"]) == ["200"]
    switch = spec["components"]["schemas"]["Switch"]
    assert switch["enum"] == ["on", "off", "yes", "no", "y", "n"]
    assert switch["example"] == "2024-01-01"
    # YAML 1.2 core schema, as the generator reads it: 0o/0x are ints, a leading 0 is decimal.
    assert (switch["default"], switch["x-hex"], switch["x-decimal"]) == (15, 31, 10)
    assert spec["components"]["schemas"]["Flags"]["enum"] == [True, False, None, 12, 1.5, 1000.0]


def test_dump_quotes_strings_that_would_read_back_as_something_else() -> None:
    spec = parse_spec(YAML_11_TRAPS)
    text = dump_spec(spec)
    assert "'200':" in text and "- 'on'" in text and "'2024-01-01'" in text
    assert parse_spec(text) == spec
    assert dump_spec(parse_spec(text)) == text


def test_dump_keeps_key_order_and_writes_no_aliases() -> None:
    shared = {"type": "string"}
    text = dump_spec({"z": shared, "a": shared, "m": "line one\nline two"})
    assert text.splitlines()[0] == "z:"
    assert "&" not in text and "*" not in text
    assert "m: |-\n  line one\n  line two\n" in text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: 1\na: 2\n", "spec.yaml:2:1: duplicate key 'a'"),
        ("a: [1,\n", "spec.yaml:2:1:"),
        ("- 1\n", "spec.yaml: expected a mapping at the top level, got list"),
        ("? [1, 2]\n: x\n", "spec.yaml:1:3: mapping key must be a string"),
    ],
)
def test_bad_yaml_is_a_clear_error_with_its_position(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(text)
    with pytest.raises(SpecFileError) as caught:
        load_spec(path)
    assert str(caught.value).replace(str(tmp_path) + "/", "").startswith(message)


def test_missing_and_non_utf8_files_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(SpecFileError, match="absent.yaml: no such file"):
        load_spec(tmp_path / "absent.yaml")
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes(b"title: caf\xe9\n")
    with pytest.raises(SpecFileError, match=r"latin1.yaml: not UTF-8 \(byte 10\)"):
        load_spec(latin1)

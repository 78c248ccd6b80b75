"""The Kotlin backend's one escaping function per context: string literals (``$`` templates
included), KDoc (Kotlin block comments nest) and identifiers (backticks for hard keywords)."""

from __future__ import annotations

import pytest

from generator.languages.kotlin import naming


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("plain", '"plain"'),
        ("${System.exit(1)}", '"\\${System.exit(1)}"'),
        ("$name", '"\\$name"'),
        ('say "hi"\\', '"say \\"hi\\"\\\\"'),
        ("a\nb\rc\td", '"a\\nb\\rc\\td"'),
        ("\0\x1b", '"\\u0000\\u001b"'),
        ("é\u202e", '"\\u00e9\\u202e"'),
        ("😀", '"\\ud83d\\ude00"'),
        ("\ud800", '"\\ufffd"'),
    ],
)
def test_string_literal(text: str, literal: str) -> None:
    assert naming.string_literal(text) == literal
    assert naming.string_literal(text).isascii()


def test_kdoc_breaks_openers_and_closers_and_control_text() -> None:
    doc = naming.kdoc("ends */ here /* opens /*/ and */*/", "line\u2028two\x00\u202e")
    body = doc.removeprefix("/**\n").removesuffix(" */\n")
    assert "*/" not in body and "/*" not in body
    assert doc.startswith("/**\n") and doc.endswith(" */\n")
    assert " * ends *&#47; here /&#42; opens" in doc
    # A line separator is whitespace of the re-flowed paragraph (ktfmt's layout), never a break
    # out of the comment.
    assert " * line two\\u0000\\u202e\n" in doc
    assert naming.kdoc(None, "  ", "") == ""


@pytest.mark.parametrize(
    ("text", "spelled"),
    [("name", "name"), ("in", "`in`"), ("object", "`object`"), ("typealias", "`typealias`"),
     ("value", "value"), ("data", "data"), ("1st", "`1st`"), ("_", "`_`")],
)
def test_identifier(text: str, spelled: str) -> None:
    assert naming.identifier(text) == spelled


def test_identifier_refuses_other_characters() -> None:
    with pytest.raises(ValueError):
        naming.identifier("a`b")


def test_type_names_never_start_with_a_digit() -> None:
    assert naming.pascal(("1st", "place")) == "T1stPlace"
    assert naming.camel(("conversation", "id")) == "conversationId"
    assert naming.screaming(("in", "progress")) == "IN_PROGRESS"

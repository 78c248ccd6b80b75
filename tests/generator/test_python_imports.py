"""The Python backend imports exactly the names generated code uses: identifiers and string
annotations count; comments, docstrings, dict keys, other strings and Literal values do not."""

from __future__ import annotations

from generator.languages.python.render import _names_used, import_block


def test_names_in_code_and_string_annotations_count() -> None:
    code = (
        'Params = TypedDict("Params", {"TaxType": "Optional[AccountType]", "n": "int"})\n'
        "def f(x: Sequence[int]) -> None:\n"
        '    """Uses Mapping in prose only."""\n'
        '    y = f"{quote(x)}"  # Dict in a comment\n'
    )
    used = _names_used(code)
    assert {"TypedDict", "Optional", "AccountType", "Sequence", "quote"} <= used
    assert not {"TaxType", "Mapping", "Dict"} & used


def test_strings_that_are_no_annotation_do_not_count() -> None:
    code = (
        'path = "/Invoices/{InvoiceID}/OnlineInvoice"\n'
        'header = "Idempotency-Key"\n'
        'kind = Literal["Setup", "a#b"]\n'
        "value = Key\n"
    )
    used = _names_used(code)
    assert "OnlineInvoice" not in used and "Setup" not in used
    # A '#' inside a string is no comment: the name after it on the next line still counts.
    assert {"Literal", "Key"} <= used


def test_import_block_keeps_only_used_names() -> None:
    block = import_block('x: "Optional[Foo]" = {"Bar": 1}\n',
                         [("typing", ["Optional", "Union"]), ("._models", ["Bar", "Foo"])])
    assert block == "from typing import Optional\n\nfrom ._models import Foo\n"

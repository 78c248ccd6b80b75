"""Real specs (llama-stack and every corpus spec) give a Go module with a method for every
operation. That each module is gofmt-clean and passes ``go vet`` (which builds it) is checked
with the other languages' type checks, in tests/generator/test_real_specs.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.cli import generate_files
from generator.diagnostics import Diagnostics
from generator.write import write_tree
from tests.third_party import CORPUS, LLAMA_STACK

SPECS = {"llama-stack": LLAMA_STACK, **CORPUS}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SPECS))
def test_spec_generates_a_method_for_every_operation(name: str, tmp_path: Path) -> None:
    diagnostics = Diagnostics()
    ir, _config, files = generate_files(SPECS[name], None, "go", diagnostics)
    assert diagnostics.errors() == []
    out = tmp_path / "module"
    write_tree(files, out, diagnostics)
    services = (out / "services.go").read_text(encoding="utf-8")
    methods = re.findall(r"^func \((?:r|c) \*\w+\) (\w+)\(ctx context\.Context", services,
                         re.MULTILINE)
    # Go pages by a cursor field only: other kinds are plain methods (no AutoPaging twin).
    cursor = {sch.key for sch in ir.pagination_schemes
              if sch.pages_by_response_cursor}
    paged = sum(1 for op in ir.operations()
                if op.pagination is not None and op.pagination.scheme in cursor)
    # An operation that streams when its body says so has a ...Streaming twin.
    twins = sum(1 for op in ir.operations()
                if op.response.stream_flag is not None and op.pagination is None)
    assert len(methods) == len(ir.operations()) + paged + twins
    streaming = re.findall(r"^func \((?:r|c) \*\w+\) \w+Streaming\(", services, re.MULTILINE)
    assert len(streaming) == twins

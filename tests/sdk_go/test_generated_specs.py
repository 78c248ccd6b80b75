"""Generated-code quality on real specs: llama-stack and every corpus spec that builds an IR
today generate a Go module that is gofmt-clean as written and passes ``go vet ./...`` (which
builds it; one run per spec), with a method for every operation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.cli import generate_files
from generator.diagnostics import Diagnostics, GenerationError
from generator.write import write_tree
from tests.sdk_go import toolchain
from tests.third_party import CORPUS, LLAMA_STACK

SPECS = {"llama-stack": LLAMA_STACK, **CORPUS}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SPECS))
def test_spec_generates_a_module_that_builds_and_vets(name: str, tmp_path: Path) -> None:
    diagnostics = Diagnostics()
    try:
        ir, _config, files = generate_files(SPECS[name], None, "go", diagnostics)
    except GenerationError:
        # The IR builder refuses this spec today (a builder fix is in progress elsewhere);
        # the Go backend is not reached. Python refuses it identically.
        python = Diagnostics()
        with pytest.raises(GenerationError):
            generate_files(SPECS[name], None, "python", python)
        assert [d.format() for d in python.errors()] == [d.format() for d in diagnostics.errors()]
        return
    out = tmp_path / "module"
    write_tree(files, out, diagnostics)
    assert toolchain.gofmt_unclean(out) == []
    toolchain.go("vet", "./...", cwd=out)
    services = (out / "services.go").read_text(encoding="utf-8")
    methods = re.findall(r"^func \((?:r|c) \*\w+\) (\w+)\(ctx context\.Context", services,
                         re.MULTILINE)
    paged = sum(1 for op in ir.operations() if op.pagination is not None)
    assert len(methods) == len(ir.operations()) + paged

"""Real specs (llama-stack and every corpus spec) give a Kotlin project with a blocking method
and a suspend twin for every operation (and for every ``…Streaming`` twin). That they compile
with -Werror is checked with the other languages' type checks, in
tests/generator/test_real_specs.py."""

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
    ir, _config, files = generate_files(SPECS[name], None, "kotlin", diagnostics)
    assert diagnostics.errors() == []
    out = tmp_path / "project"
    write_tree(files, out, diagnostics)
    client = next(out.glob("src/main/kotlin/**/Client.kt")).read_text(encoding="utf-8")
    # A signature is on one line when it fits (ktfmt's layout), else broken after the "(".
    blocking = re.findall(r"^    fun (`?\w+`?)\(", client, re.MULTILINE)
    suspending = re.findall(r"^    suspend fun (`?\w+`?)\(", client, re.MULTILINE)
    # An operation that streams when its body says so also has a ...Streaming twin.
    twins = [op for op in ir.operations()
             if op.response.stream_flag is not None and op.response.kind == "json"]
    assert len(blocking) == len(ir.operations()) + len(twins)
    assert len([b for b in blocking if b.endswith("Streaming")]) >= len(twins)
    assert sorted(suspending) == sorted(blocking)

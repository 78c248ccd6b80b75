"""Spec + config → IR: the entry point, kept here for its importers (the CLI and the tests).

The builder itself is the :mod:`generator.builder` package; its docstring says where each job
(declarations, schema → type, unions, operations, resources and naming, usage) lives.
"""

from generator.builder import build_ir
from generator.builder.reuse import IrReuse

__all__ = ["IrReuse", "build_ir"]

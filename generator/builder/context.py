"""What every part of the builder shares: the document, its resolvers, the diagnostics, the
config and the component schemas. The parts get it (and each other) explicitly, in
:func:`generator.builder.build.build_ir`."""

from __future__ import annotations

import dataclasses
from typing import Any
from urllib.parse import unquote

from generator.config import SdkConfig
from generator.diagnostics import Diagnostics
from generator.resolve import Resolver

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclasses.dataclass(frozen=True)
class BuildContext:
    doc: dict[str, Any]
    config: SdkConfig
    diags: Diagnostics
    resolver: Resolver
    # For looking ahead (is this member null? which tag has it?): a dangling reference is
    # reported where the schema is built, not where it was peeked at.
    probe: Resolver
    schemas: dict[str, Any]  # components/schemas (a mapping, even when the spec's is not)
    # What the build read of the document beside components/schemas while it records (the
    # component phase, see generator/builder/reuse.py).
    reads: ReadLog = dataclasses.field(default_factory=lambda: ReadLog())


@dataclasses.dataclass
class ReadLog:
    """The document reads a reused phase depends on, collected while ``active``: each
    ``$ref`` looked up, each pointer ``Unions.reachable`` followed, and whether anything
    walked the whole document (the ``$anchor`` indexes)."""

    active: bool = False
    refs: set[str] = dataclasses.field(default_factory=set)
    reachable: set[str] = dataclasses.field(default_factory=set)
    whole_document: bool = False


def normal_ref(ref: str) -> str:
    """A local reference in one spelling (``%7B`` and ``{`` are the same pointer)."""
    return "#" + unquote(ref[1:]) if ref.startswith("#") else ref

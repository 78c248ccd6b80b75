"""The Kotlin layout (generator/languages/kotlin/layout.py) skips parsing a call's arguments
until one has to be broken, and lays out the calls the backend hands over split
(``layout.fit_call``) without reading the line at all: that is only the layout a full parse
gives if the backend writes every argument in the one-line form :func:`layout.flat` gives.
Checked on every argument of real specs' output; and a line the parser refuses is still kept
as it is."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import Diagnostics
from generator.languages.kotlin import layout, naming
from generator.session import Session
from tests.third_party import CORPUS, LLAMA_STACK

ROOT = Path(__file__).resolve().parents[2]
SPECS = {"parley": ROOT / "spec" / "openapi.yaml", "llama-stack": LLAMA_STACK,
         "figma": CORPUS["figma.yaml"]}


def _expanded(node: Any) -> Any:
    """``node`` with every :class:`layout.Source` in it parsed, all the way down."""
    if isinstance(node, layout.Source):
        return _expanded(node.parse())
    if isinstance(node, list):
        return [_expanded(item) for item in node]
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        return dataclasses.replace(node, **{
            f.name: _expanded(getattr(node, f.name)) for f in dataclasses.fields(node)
            if f.init})
    return node


@pytest.mark.parametrize("spec", sorted(SPECS))
def test_every_skipped_argument_is_written_as_flat_writes_it(
    spec: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sources: list[layout.Source] = []
    init = layout.Source.__init__

    def recording(source: layout.Source, *args: Any, **kwargs: Any) -> None:
        init(source, *args, **kwargs)
        sources.append(source)

    monkeypatch.setattr(layout.Source, "__init__", recording)
    Session(["kotlin"], incremental=False, processes=1).generate(SPECS[spec], None, Diagnostics())
    assert len(sources) > 50, "the layout skipped arguments of this spec's long lines"
    assert any(source.tokens is None for source in sources), "and calls handed over split"
    for source in sources:
        assert layout.flat(_expanded(source)) == source.text


def test_a_line_the_parser_refuses_is_kept_as_it_is() -> None:
    # `when` is outside the subset: the whole line is left alone, as a full parse leaves it,
    # even though its other arguments could be broken.
    args = ", ".join(f"field{i} = J.string(J.required(o, \"field{i}\"))" for i in range(6))
    line = f"    return Model({args}, other = when (x) {{ 1 -> 2 }})"
    assert len(line) > layout.WIDTH
    assert layout.fit(line) == line


def test_a_long_call_breaks_one_argument_a_line_and_the_long_one_inside() -> None:
    inner = ", ".join(f"\"k{i}\" to J.of(this.value{i})" for i in range(8))
    line = f"    return Model(a = J.string(x), b = J.objectOf({inner}), c = 1)"
    assert layout.fit(line) == (
        "    return Model(\n"
        "        a = J.string(x),\n"
        "        b =\n"
        "            J.objectOf(\n"
        + "".join(f"                \"k{i}\" to J.of(this.value{i}),\n" for i in range(8))
        + "            ),\n"
        "        c = 1,\n"
        "    )"
    )


def test_a_call_handed_over_split_is_laid_out_as_its_line_is() -> None:
    args = [f"field{i} = J.string(J.required(o, \"field{i}\"))" for i in range(6)]
    args.append("nested = J.list(J.required(o, \"nested\")) { e0 -> "
                + " + ".join(f"Part{i}.fromJson(e0)" for i in range(6)) + " }")
    for start, head in (("            return ", "Model"),
                        ("    override fun toJson(): JsonObject = ", "J.objectOf"),
                        ("        val x: Int = ", "Model"), ("    ", "call")):
        line = f"{start}{head}({', '.join(args)})"
        assert layout.fit_call(start, head, args) == layout.fit(line)
        assert layout.fit_call(start, head, args[:1]) == layout.fit(f"{start}{head}({args[0]})")
    # Not a call alone: the line is laid out as a whole.
    assert layout.fit_call("    return x + ", "Model", args) == layout.fit(
        f"    return x + Model({', '.join(args)})")


@pytest.mark.parametrize(("text", "columns"), [
    ("plain", 5), ("é", 1), ("😀", 2), ("a😀b😀", 6), ("\ud800", 1),
])
def test_kdoc_counts_utf16_columns(text: str, columns: int) -> None:
    assert naming._width(text) == columns

"""Rendering a template's loops item by item, so that a run reuses (``generator.render_memo``)
the text of every item whose inputs did not change and renders only the others.

``types.ts`` and ``schemas.ts`` hold one block per declaration: rendering each block on its own
costs five times a block of one whole-file render (Jinja's per-call overhead), which a fresh
run would pay. So the template is rendered once per run, with only the items still to render
in each loop, and the output is cut where each item begins (the template's loops fetch their
items lazily, between the chunks they yield). The text between loops depends only on whether
each full list is empty, which the loop object answers for the full list.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2


@dataclass(eq=False)
class Cell:
    """One loop item's text, as a memo value. A run that computes the piece gets the cell
    with ``view`` (the item the template reads) and fills in ``text`` itself, before the run
    ends and before anything reads it; from then on the cell is never changed again."""

    view: Any
    text: str | None = None


class _Marked:
    """A loop's items, noting how many chunks the template had yielded as each item began."""

    def __init__(self, items: Sequence[Any], nonempty: bool, out: list[str]) -> None:
        self.items, self.nonempty, self.out = items, nonempty, out
        self.starts: list[int] = []
        self.end = -1

    def __bool__(self) -> bool:
        return self.nonempty

    def __iter__(self) -> Iterator[Any]:
        if self.end != -1 or self.starts:
            raise AssertionError("a cut template loop is iterated once")
        for item in self.items:
            self.starts.append(len(self.out))
            yield item
        self.end = len(self.out)


def render_cut(
    template: jinja2.Template, loops: Sequence[tuple[str, Sequence[Cell], bool]], **context: Any
) -> str:
    """The text of ``template`` with each loop ``(variable, cells, nonempty)`` over the cells'
    views (``nonempty``: whether ``cells`` is, which the template may test). Only the cells
    without text are rendered (and filled in); the others' text is reused. The loops must be at
    the top level of the template, in this order, each iterated once."""
    out: list[str] = []
    pending = [[c for c in cells if c.text is None] for _name, cells, _nonempty in loops]
    marks = [_Marked([c.view for c in cells], nonempty, out)
             for cells, (_name, _all, nonempty) in zip(pending, loops, strict=True)]
    variables = {**context, **{name: mark for (name, _c, _n), mark in zip(loops, marks,
                                                                        strict=True)}}
    try:  # as Template.render, without Template.generate's extra generator around each chunk
        out.extend(template.root_render_func(template.new_context(variables)))
    except Exception:
        template.environment.handle_exception()
    parts: list[str] = []
    position = 0
    for mark, todo, (_name, cells, _nonempty) in zip(marks, pending, loops, strict=True):
        if mark.end == -1:
            raise AssertionError("a cut template loop was not iterated")
        parts.append("".join(out[position:mark.starts[0] if mark.starts else mark.end]))
        bounds = [*mark.starts, mark.end]
        for index, cell in enumerate(todo):
            cell.text, cell.view = "".join(out[bounds[index]:bounds[index + 1]]), None
        parts.extend(c.text or "" for c in cells)
        position = mark.end
    parts.append("".join(out[position:]))
    return "".join(parts)

"""Reusing a backend's pieces of output across the runs of one process (``parley watch``).

A backend names each expensive piece of its output (a file, a block of declarations, a
formatting pass) and says what the piece is computed from. When the next run of the same
process asks for the same piece with inputs equal (``==``) to last time's, the last value is
returned and the diagnostics its computation recorded are recorded again, in the same place.
Otherwise the piece is computed. So a run's output and diagnostics are always what a fresh run
gives, provided ``inputs`` holds everything the computation reads: immutable values (IR
nodes, strings, tuples, frozensets), never a renderer object whose state moves on.

``parley generate`` runs once and exits: its memo is made with ``keep=False``, so nothing is
stored, and a backend that records what a later run would need to check a reuse
(``memo.keeps``) skips that work: a one-shot run costs what it cost before the memo existed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from generator.diagnostics import Diagnostic, Diagnostics

T = TypeVar("T")

_Entry = tuple[object, object, tuple[Diagnostic, ...]]


class RenderMemo:
    """One backend's pieces from the last finished run, by name, and this run's so far."""

    def __init__(self, keep: bool = True) -> None:
        self.keeps = keep
        """Whether this run's pieces are kept for a next run (False: a one-shot run)."""
        self._last: dict[str, _Entry] = {}
        self._this: dict[str, _Entry] = {}
        self.reused = 0
        self.computed = 0
        self.last_reused = 0
        self.last_computed = 0
        """How many pieces the last finished run reused and computed."""

    def piece(
        self, name: str, inputs: object, compute: Callable[[], T], diags: Diagnostics | None = None
    ) -> T:
        """The value of ``compute()``, reused from the last run when ``inputs`` are equal.

        The value must not be mutated afterwards (it is handed out again next run)."""
        if not self.keeps:
            self.computed += 1
            return compute()
        if name in self._this:
            raise ValueError(f"render piece {name!r} asked for twice in one run")
        last = self._last.get(name)
        if last is not None and (last[0] is inputs or last[0] == inputs):
            value, recorded = last[1], last[2]
            if diags is not None:
                for diagnostic in recorded:
                    diags.add(diagnostic)
            self.reused += 1
        else:
            before = len(diags.items) if diags is not None else 0
            value = compute()
            recorded = tuple(diags.items[before:]) if diags is not None else ()
            self.computed += 1
        self._this[name] = (inputs, value, recorded)
        return value  # type: ignore[return-value]  # stored as object, handed back as T

    def finish_run(self) -> None:
        """This run succeeded: its pieces are what the next run may reuse (only those, so a
        piece no longer asked for is dropped)."""
        self._last, self._this = self._this, {}
        self.last_reused, self.last_computed = self.reused, self.computed
        self.reused = self.computed = 0

    def abandon_run(self) -> None:
        """This run failed: the next one reuses the last finished run's pieces."""
        self._this = {}
        self.reused = self.computed = 0

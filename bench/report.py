"""One benchmark's result: tables, goals and notes, written as `<name>.md` and `<name>.json`.

The JSON is the complete record (every sample statistic, the machine, the tool versions);
the Markdown is the same content for people. Both are rewritten whole on every run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Cell = str | int | float | bool | None


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)

    def add(self, *cells: Cell) -> None:
        if len(cells) != len(self.columns):
            raise ValueError(
                f"table {self.title!r} has {len(self.columns)} columns, got {len(cells)}"
            )
        self.rows.append(list(cells))


@dataclass
class Goal:
    """A target from the issue, the measured value, and whether it was met (None: not measured)."""

    goal: str
    measured: str
    met: bool | None


@dataclass
class BenchResult:
    name: str
    title: str
    tables: list[Table] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unavailable: list[str] = field(default_factory=list)
    """Components missing in this checkout, each with the reason; the rest still ran."""
    data: dict[str, Any] = field(default_factory=dict)
    """Raw numbers (sample statistics etc.) that the tables summarise."""

    def table(self, title: str, columns: list[str]) -> Table:
        table = Table(title, columns)
        self.tables.append(table)
        return table

    def goal(self, goal: str, measured: str, met: bool | None) -> None:
        self.goals.append(Goal(goal, measured, met))

    def to_json(self, context: dict[str, Any]) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            **context,
            "goals": [vars(g) for g in self.goals],
            "tables": [vars(t) for t in self.tables],
            "notes": self.notes,
            "unavailable": self.unavailable,
            "data": self.data,
        }


def format_cell(value: Cell) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 100 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return value.replace("|", "\\|").replace("\n", " ")


def _markdown_table(columns: list[str], rows: list[list[Cell]]) -> list[str]:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(format_cell(c) for c in row) + " |" for row in rows]
    return lines


def to_markdown(result: BenchResult, context: dict[str, Any]) -> str:
    mode = "quick smoke run (NOT comparable numbers)" if context["quick"] else "full run"
    repeat = context["repeat"]
    lines = [
        f"# {result.title}",
        "",
        f"Written by `python -m bench` ({mode}) at {context['finished_at']}, commit "
        f"`{context['commit']}`. Times are median (min–max) over {repeat['runs']} runs after "
        f"{repeat['warmup']} warm-up run(s), unless a table says otherwise.",
        "",
    ]
    if result.unavailable:
        lines += ["**Not available in this checkout** (reported, not measured):", ""]
        lines += [f"- {reason}" for reason in result.unavailable] + [""]
    if result.goals:
        lines += ["## Goals", ""]
        lines += _markdown_table(
            ["goal", "measured", "met"],
            [[g.goal, g.measured, "n/a" if g.met is None else g.met] for g in result.goals],
        )
        lines.append("")
    for table in result.tables:
        lines += [f"## {table.title}", ""] + _markdown_table(table.columns, table.rows) + [""]
    if result.notes:
        lines += ["## Notes", ""] + [f"- {note}" for note in result.notes] + [""]
    machine = context["machine"]
    lines += ["## Machine", ""]
    lines += _markdown_table(["", ""], [[k, str(v)] for k, v in machine.items()])
    lines += ["", "## Tool versions", ""]
    lines += _markdown_table(
        ["tool", "version"], [[k, str(v)] for k, v in context["tools"].items()]
    )
    return "\n".join(lines) + "\n"


def write_result(result: BenchResult, out_dir: Path, context: dict[str, Any]) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    md_path = out_dir / f"{result.name}.md"
    json_path = out_dir / f"{result.name}.json"
    json_path.write_text(json.dumps(result.to_json(context), indent=2, sort_keys=False) + "\n")
    md_path.write_text(to_markdown(result, context))
    return md_path, json_path


def ms(stats_median_s: float) -> float:
    return stats_median_s * 1000.0


def fmt_stats(median: float, lo: float, hi: float, unit: str = "s") -> str:
    """`1.23 s (1.20–1.31)`: a median with its min–max range."""
    return f"{median:.3g} {unit} ({lo:.3g}–{hi:.3g})"

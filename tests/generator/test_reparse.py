"""generator.reparse: re-reading a spec after an edit, parsing only the pieces whose text
changed, gives exactly what parsing the whole file gives (the document, or the same
diagnostics), for real specs, plain edits and a fuzz of line-level mutations; and it does
reuse (few pieces parsed, unchanged parts the same objects). A one-shot run's first load,
its pieces parsed by two processes at once, reads as the whole file too."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from generator.diagnostics import Diagnostics, GenerationError
from generator.forked import can_fork
from generator.load import LoadedSpec, load_spec
from generator.reparse import SpecReader
from tests.fresh_process import run_in_fresh_process
from tests.third_party import CORPUS, LLAMA_STACK

ROOT = Path(__file__).resolve().parents[2]
OUR_SPEC = ROOT / "spec" / "openapi.yaml"
YAML_SPECS = {"parley": OUR_SPEC, "llama-stack": LLAMA_STACK,
              **{name: path for name, path in CORPUS.items() if path.suffix == ".yaml"}}


def _full(path: Path) -> LoadedSpec | list[str]:
    diags = Diagnostics()
    try:
        return load_spec(path, diags)
    except GenerationError as exc:
        return [d.format() for d in exc.diagnostics]


def _again(reader: SpecReader, path: Path) -> LoadedSpec | list[str]:
    diags = Diagnostics()
    try:
        return reader.load(path, diags)
    except GenerationError as exc:
        return [d.format() for d in exc.diagnostics]


def _same(ours: LoadedSpec | list[str], whole: LoadedSpec | list[str]) -> bool:
    if isinstance(ours, list) or isinstance(whole, list):
        return ours == whole
    return ours.document == whole.document and ours.sha256 == whole.sha256


def _reader_after(path: Path, text: str) -> SpecReader:
    path.write_text(text, encoding="utf-8")
    reader = SpecReader()
    loaded = reader.load(path, Diagnostics())
    assert reader.parsed_pieces == -1 and isinstance(loaded, LoadedSpec)
    return reader


def _edit_one_operation(text: str) -> str:
    """A summary line changed in the text, as an editor would (the first one)."""
    at = text.index("summary:")
    end = text.index("\n", at)
    return text[:at] + "summary: Edited in an editor" + text[end:]


@pytest.mark.parametrize("name", sorted(YAML_SPECS))
def test_an_edited_spec_reads_as_the_whole_file_does(name: str, tmp_path: Path) -> None:
    original = YAML_SPECS[name].read_text(encoding="utf-8")
    spec = tmp_path / "spec.yaml"
    reader = _reader_after(spec, original)
    edited = _edit_one_operation(original) if "summary:" in original else original + "\n"
    spec.write_text(edited, encoding="utf-8")
    assert _same(_again(reader, spec), _full(spec))
    spec.write_text(original, encoding="utf-8")  # and back
    assert _same(_again(reader, spec), _full(spec))


def test_an_edit_parses_few_pieces_and_keeps_the_rest_as_they_were(tmp_path: Path) -> None:
    original = OUR_SPEC.read_text(encoding="utf-8")
    spec = tmp_path / "spec.yaml"
    reader = _reader_after(spec, original)
    before = reader.load(spec, Diagnostics())  # unchanged bytes: the last result itself
    assert reader.parsed_pieces == 0
    spec.write_text(_edit_one_operation(original), encoding="utf-8")
    after = reader.load(spec, Diagnostics())
    assert 0 < reader.parsed_pieces <= 3
    assert after.document["components"] is before.document["components"]
    changed = [path for path in after.document["paths"]
               if after.document["paths"][path] is not before.document["paths"][path]]
    assert len(changed) == 1


def test_anchors_turn_the_piece_by_piece_reading_off(tmp_path: Path) -> None:
    text = (
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n"
        "components:\n  schemas:\n    A: &shared\n      type: string\n"
        "    B: *shared\n" + "    C%d:\n      type: integer\n" * 0 + "paths: {}\n"
    )
    spec = tmp_path / "spec.yaml"
    reader = _reader_after(spec, text)
    spec.write_text(text.replace("type: string", "type: number"), encoding="utf-8")
    again = _again(reader, spec)
    assert reader.parsed_pieces == -1
    assert isinstance(again, LoadedSpec)
    assert again.document["components"]["schemas"]["B"] == {"type": "number"}


# ------------------------------------------------------------------ line-level mutations


def _mutants(text: str, count: int, seed: int) -> list[str]:
    lines = text.splitlines(keepends=True)
    rng = random.Random(seed)
    inserts = ["  &anchor\n", "*anchor\n", "\tindented: tab\n", "---\n", "%YAML 1.2\n",
               "? complex\n", "paths:\n", "  x: [unclosed\n", " stray: dedent\n",
               "      - item\n", "openapi: 3.0.0\n", "# a comment\n", "\n", "  'quoted': 1\n",
               '  "double": 2\n', "    description: |\n      block\n    text\n"]
    found: list[str] = []
    for _ in range(count):
        mutated = list(lines)
        at = rng.randrange(len(mutated))
        kind = rng.randrange(6)
        if kind == 0:
            del mutated[at]
        elif kind == 1:
            mutated.insert(at, mutated[at])
        elif kind == 2:
            mutated[at] = " " + mutated[at]
        elif kind == 3:
            mutated[at] = mutated[at][1:] if mutated[at].startswith(" ") else mutated[at]
        elif kind == 4:
            mutated.insert(at, rng.choice(inserts))
        else:
            line = mutated[at]
            cut = rng.randrange(max(len(line), 1))
            mutated[at] = line[:cut] + rng.choice([":", "'", '"', "{", "#", "- "]) + line[cut:]
        found.append("".join(mutated))
    return found


@pytest.mark.parametrize(("name", "count"), [("parley", 160), ("together-ai.yaml", 60)])
def test_every_mutant_reads_as_the_whole_file_does(name: str, count: int, tmp_path: Path) -> None:
    original = YAML_SPECS[name].read_text(encoding="utf-8")
    spec = tmp_path / "spec.yaml"
    reader = _reader_after(spec, original)
    differing: list[int] = []
    piece_by_piece = 0
    for number, mutant in enumerate(_mutants(original, count, seed=len(name))):
        spec.write_text(mutant, encoding="utf-8")
        if not _same(_again(reader, spec), _full(spec)):
            differing.append(number)
        piece_by_piece += reader.parsed_pieces >= 0
        # Half the time back to the original, half from mutant to mutant.
        if number % 2:
            spec.write_text(original, encoding="utf-8")
            if not _same(_again(reader, spec), _full(spec)):
                differing.append(-number)
    assert not differing
    # The fuzz reaches the piece-by-piece reading, not only the whole-file fallback.
    assert piece_by_piece >= count // 8, piece_by_piece


# ------------------------------------------------------- a first load in two processes


def _first_load_in_two(path: Path) -> tuple[LoadedSpec | list[str], int]:
    reader = SpecReader()
    diags = Diagnostics()
    try:
        return reader.load(path, diags, processes=2), reader.parsed_pieces
    except GenerationError as exc:
        return [d.format() for d in exc.diagnostics], reader.parsed_pieces


def check_a_first_load_in_two_processes_reads_as_the_whole_file_does() -> None:
    import tempfile

    assert can_fork()
    for name, path in sorted(YAML_SPECS.items()):
        loaded, parsed = _first_load_in_two(path)
        assert _same(loaded, _full(path)), name
        assert parsed == 0, f"{name}: every piece came parsed from the two processes"
    with tempfile.TemporaryDirectory() as scratch:
        spec = Path(scratch) / "spec.yaml"
        original = YAML_SPECS["together-ai.yaml"].read_text(encoding="utf-8")
        split_apart = 0
        for mutant in _mutants(original, 40, seed=7):
            spec.write_text(mutant, encoding="utf-8")
            loaded, parsed = _first_load_in_two(spec)
            assert _same(loaded, _full(spec))
            split_apart += parsed >= 0
        assert split_apart >= 5, split_apart


def test_a_first_load_in_two_processes_reads_as_the_whole_file_does() -> None:
    run_in_fresh_process("tests.generator.test_reparse",
                         "check_a_first_load_in_two_processes_reads_as_the_whole_file_does")

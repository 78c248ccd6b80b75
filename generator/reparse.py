"""Reading the spec again after a save, parsing only the parts whose text changed.

A watch (generator.watch) loads its spec after every edit, and parsing the YAML is most of
what a small edit costs before the IR. A block-style document splits along its lines: an entry
of a block mapping runs from its ``key:`` line to the next line at the same indentation that is
not a sequence item, a comment or blank. Big entries are split again, down to one path item
or one component schema. Each piece is parsed on its own and remembered by its text; after an
edit only the pieces with new text are parsed, and the others are the very objects the last
run had (so what compares them downstream finds them identical at once).

A one-shot run's first load (``processes=2``) splits the same way and parses half the pieces
in a forked child while it parses the others (generator.forked).

Whenever that could differ from parsing the whole text (JSON, tabs, document markers,
directives, complex keys, flow or anchored headers, a piece that does not parse alone or
defines an anchor, duplicate keys, any problem at all), the whole text is parsed with
:func:`generator.load.read_document`, which reports every problem where it is. The result is
always what that full parse gives (tests/generator/test_reparse.py compares them).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.diagnostics import Diagnostics
from generator.forked import fork
from generator.load import (
    MAX_DEPTH,
    MAX_DOCUMENT_CHARS,
    MAX_NODES,
    LoadedSpec,
    ParseBudget,
    is_json,
    parse_yaml_fragment,
    read_document,
    spec_of,
)

SPLIT_CHARS = 2000
"""An entry longer than this is split into its own entries (when it is a block mapping)."""
_MAX_LEVELS = 4


@dataclass(frozen=True)
class _Piece:
    """What a piece's text reads as: ``{key: value}``. A split entry's piece also names the
    pieces it is made of, which a reuse of it carries over to the next load."""

    value: Any
    nodes: int  # a bound on the nodes it holds (0 for a split entry: its parts count)
    parts: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Split:
    """An entry split into its own entries: its ``key:`` line, its entries, its whole text."""

    header: str
    children: list[_Split | str]
    text: str


class _NotSplittable(Exception):
    """The text is not one the line split is sure to read as the full parse does."""


class SpecReader:
    """Loads one spec run after run, re-parsing only the pieces whose text changed."""

    def __init__(self) -> None:
        # The last load: its bytes' hash and result, and what its pieces' texts parse to.
        self._last: tuple[str, LoadedSpec] | None = None
        self._pieces: dict[str, _Piece] = {}
        # After a whole parse the pieces are found lazily, from its text and document.
        self._whole: tuple[str, dict[str, Any]] | None = None
        self.parsed_pieces = -1
        """How many pieces the last load parsed (-1: the whole text was parsed)."""

    def load(self, path: Path, diags: Diagnostics, processes: int = 1) -> LoadedSpec:
        """``processes``: a first load may parse its pieces in this many processes (two at
        most, generator.forked); it is otherwise one parse of the whole text."""
        try:
            raw = path.read_bytes()
            text = raw.decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return self._parse_whole(path, diags)  # read_document reports it
        sha = hashlib.sha256(raw).hexdigest()
        if self._last is not None and self._last[0] == sha and self._last[1].path == str(path):
            self.parsed_pieces = 0
            return self._last[1]
        if is_json(path, text) or len(text) > MAX_DOCUMENT_CHARS:
            return self._parse_whole(path, diags)
        known = self._known()
        if not known and processes < 2:
            return self._parse_whole(path, diags)
        try:
            tree = _split(text)
            if not known:  # a first load: its pieces parsed by two processes at once
                known = _parsed_apart(tree)
            fresh: dict[str, _Piece] = {}
            counter = [0]
            document = _build(tree, fresh, known, counter)
            if sum(piece.nodes for piece in fresh.values()) > MAX_NODES:
                raise _NotSplittable
        except _NotSplittable:
            return self._parse_whole(path, diags)
        loaded = spec_of(document, raw, path, diags)
        self._last, self._pieces, self._whole = (sha, loaded), fresh, None
        self.parsed_pieces = counter[0]
        return loaded

    def _parse_whole(self, path: Path, diags: Diagnostics) -> LoadedSpec:
        self.parsed_pieces = -1
        self._last, self._pieces, self._whole = None, {}, None
        budget = ParseBudget()
        document, raw = read_document(path, diags, budget)
        loaded = spec_of(document, raw, path, diags)
        self._last = (hashlib.sha256(raw).hexdigest(), loaded)
        text = raw.decode("utf-8-sig")
        # An anchor may be used by another piece: pieces then only come from parsing alone.
        if not budget.anchors and not is_json(path, text):
            self._whole = (text, loaded.document)
        return loaded

    def _known(self) -> dict[str, _Piece]:
        """The pieces of the last load. After a whole parse: its text split, each piece's
        value taken from its document, when the split's keys are the document's, in order."""
        if self._whole is not None:
            text, document = self._whole
            self._whole = None
            pieces: dict[str, _Piece] = {}
            try:
                _adopt(_split(text), document, pieces)
            except _NotSplittable:
                pieces = {}
            self._pieces = pieces
        return self._pieces


# The entries of a mapping: each a split entry or, for a piece parsed alone, its text.
_Tree = list[_Split | str]


# Text the split does not read as the full parse would: a tab in an indentation, a document
# marker or a directive.
# The patterns start at the newline before a line: a literal the regex engine scans for fast.
_UNSPLITTABLE = re.compile(r"\n *\t|\n(?:---|\.\.\.|%)")
_CONTENT = re.compile(r"\n( *)([^ \r\n#])")  # a line's first character
_KEY_STARTS: dict[int, re.Pattern[str]] = {}
_SHALLOWER: dict[int, re.Pattern[str]] = {}


def _key_starts(indent: int) -> re.Pattern[str]:
    """Lines at exactly ``indent`` that are not a sequence item or a comment."""
    found = _KEY_STARTS.get(indent)
    if found is None:
        found = _KEY_STARTS[indent] = re.compile(
            rf"\n {{{indent}}}(?=[^ \t\r\n#-]|-[^ \t\r\n])")
    return found


def _shallower(indent: int) -> re.Pattern[str]:
    """A content line indented less than ``indent``."""
    found = _SHALLOWER.get(indent)
    if found is None:
        found = _SHALLOWER[indent] = re.compile(rf"\n {{0,{indent - 1}}}[^ \r\n#]")
    return found


def _split(text: str) -> _Tree:
    # A newline before the first line and after the last: every line is then one the
    # patterns find, and ranges run from a line's start (after a newline) to one.
    body = "\n" + text if text.endswith("\n") else "\n" + text + "\n"
    if _UNSPLITTABLE.search(body):
        raise _NotSplittable
    return _entries(body, 1, len(body), 0, 0)


def _entries(text: str, start: int, end: int, indent: int, level: int) -> _Tree:
    """The entries of the block mapping at ``indent`` in ``text[start:end]``: whole lines,
    ``text[start - 1]`` and ``text[end - 1]`` are newlines."""
    first_content = _CONTENT.search(text, start - 1, end - 1)
    if first_content is None:
        raise _NotSplittable
    # A line indented less than ``indent`` inside the range is looked for in each piece
    # parsed (`_parse_piece`): a piece reused was checked when it was parsed.
    starts = [match.start() + 1
              for match in _key_starts(indent).finditer(text, start - 1, end - 1)]
    if not starts or starts[0] != first_content.start() + 1:
        raise _NotSplittable  # content before the first key
    tree: _Tree = []
    bounds = [*starts, end]
    for first, after in zip(bounds, bounds[1:], strict=False):
        if text[first + indent] in "?{[&*!|>":  # a complex or flow key, or a node property
            raise _NotSplittable
        tree.append(_entry(text, first, after, indent, level))
    return tree


def _entry(text: str, first: int, after: int, indent: int, level: int) -> _Split | str:
    if after - first > SPLIT_CHARS and level + 1 < _MAX_LEVELS:
        header_end = text.index("\n", first, after) + 1
        header = text[first:header_end]
        child = _CONTENT.search(text, header_end - 1, after - 1)
        if _bare_key_line(header) and child is not None:
            child_indent = len(child.group(1))
            if child_indent > indent and child.group(2) != "-":
                return _Split(header, _entries(text, header_end, after, child_indent,
                                               level + 1), text[first:after])
    return text[first:after]


def _bare_key_line(line: str) -> bool:
    """``key:`` and nothing after it but spaces (a block mapping value follows)."""
    body = line.rstrip()
    return body.endswith(":") and "#" not in body and " &" not in body and " !" not in body


def _build(tree: _Tree, fresh: dict[str, _Piece], known: dict[str, _Piece],
           counter: list[int], level: int = 0) -> dict[str, Any]:
    """The mapping ``tree`` reads as; ``fresh`` gets every piece used, ``known`` has the last
    load's (a piece of the same text is the same value: the very object)."""
    mapping: dict[str, Any] = {}
    for entry in tree:
        text = entry if isinstance(entry, str) else entry.text
        piece = known.get(text) or fresh.get(text)
        if piece is not None:
            for part in piece.parts:
                fresh[part] = known.get(part) or fresh[part]
        elif isinstance(entry, str):
            piece = _parse_piece(entry, level)
            counter[0] += 1
        else:
            key, value = _only_item(_parse(entry.header, level).value)
            if value is not None:
                raise _NotSplittable
            before = set(fresh)
            value = _build(entry.children, fresh, known, counter, level + 1)
            piece = _Piece({key: value}, 0, tuple(t for t in fresh if t not in before))
        fresh[text] = piece
        key, value = _only_item(piece.value)
        if key in mapping:
            raise _NotSplittable  # a duplicate key: the full parse reports it
        mapping[key] = value
    return mapping


def _parsed_apart(tree: _Tree) -> dict[str, _Piece]:
    """The pieces of ``tree``, about half of them (by size) parsed by a forked child while
    this process parses the others; a piece that does not parse alone is left out (``_build``
    then gives up on it, and the whole text is parsed). {} when no child could be forked."""
    leaves = list(_leaves(tree))
    share = sum(len(text) for text, _level in leaves) * _PARENT_SHARE
    size = cut = 0
    while cut < len(leaves) and size < share:
        size += len(leaves[cut][0])
        cut += 1
    child = fork(functools.partial(_parse_leaves, leaves[cut:]))
    if child is None:
        return {}
    try:
        pieces = _parse_leaves(leaves[:cut])
    except BaseException:
        child.stop()
        raise
    theirs = child.result()
    if isinstance(theirs, dict):
        pieces.update(theirs)
    return pieces


_PARENT_SHARE = 0.55
"""The part of a first load's text this process parses: a little more than half, for the child
also pickles its part and this process unpickles it (with half, this process waited 0.1-0.2 s
for the child on the synthetic 5,000-schema spec)."""


def _leaves(tree: _Tree, level: int = 0) -> Iterator[tuple[str, int]]:
    """Every piece ``_build`` parses alone, with its level."""
    for entry in tree:
        if isinstance(entry, str):
            yield entry, level
        else:
            yield from _leaves(entry.children, level + 1)


def _parse_leaves(leaves: list[tuple[str, int]]) -> dict[str, _Piece]:
    pieces: dict[str, _Piece] = {}
    for text, level in leaves:
        with contextlib.suppress(_NotSplittable):
            pieces[text] = _parse_piece(text, level)
    return pieces


def _adopt(tree: _Tree, mapping: Any, pieces: dict[str, _Piece]) -> None:
    """Into ``pieces``: each piece of ``tree`` with its value in ``mapping``, the document
    parsed whole that ``tree`` split (when the split's keys are the document's, in order)."""
    if not isinstance(mapping, dict) or len(mapping) != len(tree):
        raise _NotSplittable
    for entry, (key, value) in zip(tree, mapping.items(), strict=True):
        text = entry if isinstance(entry, str) else entry.text
        if _key_of(text) != key:
            raise _NotSplittable
        if isinstance(entry, str):
            # Its size is not known without parsing it: bound it by its text.
            pieces[entry] = _Piece({key: value}, len(entry))
        else:
            before = set(pieces)
            _adopt(entry.children, value, pieces)
            pieces[text] = _Piece({key: value}, 0, tuple(t for t in pieces if t not in before))


_END = r":(?: |\r?\n|$)"
_PLAIN_KEY = re.compile(
    r" *([^\s'\"#:?\-\[\]{},&*!|>%@`][^#:\n]*?|-[^\s#:\n][^#:\n]*?)" + _END
)
_SINGLE_QUOTED_KEY = re.compile(r" *'((?:[^'\n]|'')*)'" + _END)
_DOUBLE_QUOTED_KEY = re.compile(r' *"([^"\\\n]*)"' + _END)


def _key_of(text: str) -> str | None:
    """The key of an entry's first line when it is written plainly, single-quoted or
    double-quoted without escapes (the loader keeps keys as written); None for any other
    spelling, so the caller gives up."""
    match = _PLAIN_KEY.match(text)
    if match is not None:
        return match.group(1).rstrip()
    match = _SINGLE_QUOTED_KEY.match(text)
    if match is not None:
        return match.group(1).replace("''", "'")
    match = _DOUBLE_QUOTED_KEY.match(text)
    return match.group(1) if match is not None else None


def _parse_piece(text: str, level: int) -> _Piece:
    """A piece read alone: its lines must all be indented at least as its first (a line
    less indented belongs to no piece, and the full parse may read it differently)."""
    indent = len(text) - len(text.lstrip(" "))
    if indent and _shallower(indent).search("\n" + text):
        raise _NotSplittable
    return _parse(text, level)


def _parse(text: str, level: int) -> _Piece:
    parsed = parse_yaml_fragment(text, MAX_DEPTH - level, MAX_NODES)
    if parsed is None:
        raise _NotSplittable
    value, nodes, anchors = parsed
    if anchors:
        raise _NotSplittable
    return _Piece(value, nodes)


def _only_item(value: Any) -> tuple[str, Any]:
    if not isinstance(value, dict) or len(value) != 1:
        raise _NotSplittable
    ((key, item),) = value.items()
    return key, item

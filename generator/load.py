"""Read an OpenAPI document (YAML or JSON) into plain Python data, as the spec means it.

This is the one spec loader of the project (``pipeline.specfile`` reads through it too).

YAML is read with YAML 1.2 core-schema implicit types instead of PyYAML's YAML 1.1 ones: dates
stay strings, ``on``/``off``/``yes``/``no`` stay strings, ``010`` and ``1:30`` are not numbers,
``0o17`` and ``0x1F`` are. Mapping keys are always strings, exactly as written, so a response key
written ``200:`` becomes ``"200"``.

Hostile input is refused or bounded with a diagnostic naming the JSON pointer (and the line, for
YAML), never a traceback: duplicate keys, nesting deeper than :data:`MAX_DEPTH`, alias bombs
(every alias counts the whole subtree it expands to, against :data:`MAX_NODES`), documents over
:data:`MAX_DOCUMENT_CHARS`, non-finite numbers (``1e400``, ``.inf``, ``NaN``). An escaped lone
UTF-16 surrogate (``"\\ud800"``, which no UTF-8 file can hold) is replaced by U+FFFD with a warning.

YAML is built from libyaml's event stream by a loop, not by PyYAML's recursive composer and
constructor: those overflow the C stack or raise ``RecursionError`` on deep nesting.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from generator.diagnostics import Diagnostics, GenerationError, pointer

MAX_DEPTH = 256
"""Deepest nesting of mappings and sequences accepted (real specs stay under 100)."""
MAX_NODES = 5_000_000
"""Most nodes a document may expand to, counting each alias as the subtree it repeats."""
MAX_DOCUMENT_CHARS = 64 * 1024 * 1024
"""Largest document accepted (the largest public specs are under 10 MB)."""

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Yaml12Loader(_BaseLoader):  # type: ignore[misc]
    """SafeLoader with YAML 1.2 core-schema resolvers (no timestamps, no yes/no/on/off)."""


# Drop every implicit resolver inherited from YAML 1.1 and install the 1.2 core schema ones.
_Yaml12Loader.yaml_implicit_resolvers = {}
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_Yaml12Loader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)

_TAG = "tag:yaml.org,2002:"


class YamlFloat(float):
    """A YAML float that remembers its text: ``version: 1.10`` means the string "1.10"."""

    source: str = ""


@dataclass(frozen=True)
class LoadProblem:
    """One problem found while reading a document; ``line``/``column`` are 1-based (YAML)."""

    severity: Literal["error", "warning"]
    pointer: str
    message: str
    line: int | None = None
    column: int | None = None

    def text(self) -> str:
        """The message with its position, for a one-line diagnostic."""
        if self.line is None:
            return self.message
        return f"{self.message} (line {self.line} column {self.column})"


@dataclass(frozen=True)
class LoadedSpec:
    document: dict[str, Any]
    sha256: str
    path: str


class _Stop(Exception):
    """A problem after which reading cannot go on (syntax error, budget exhausted)."""


class _Problems:
    def __init__(self) -> None:
        self.items: list[LoadProblem] = []

    def add(self, path: tuple[str | int, ...], message: str, mark: Any = None,
            severity: Literal["error", "warning"] = "error") -> None:
        line = mark.line + 1 if mark is not None else None
        column = mark.column + 1 if mark is not None else None
        self.items.append(LoadProblem(severity, "#" + pointer(*path), message, line, column))

    def stop(self, path: tuple[str | int, ...], message: str, mark: Any = None) -> _Stop:
        self.add(path, message, mark)
        return _Stop()


def _clean_text(text: str, path: tuple[str | int, ...], problems: _Problems, mark: Any) -> str:
    """``text`` with lone surrogates (unencodable in UTF-8) replaced by U+FFFD, with a warning."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        lone = next(ch for ch in text if 0xD800 <= ord(ch) <= 0xDFFF)
        problems.add(path, f"lone UTF-16 surrogate \\u{ord(lone):04x} replaced with U+FFFD",
                     mark, "warning")
        return re.sub("[\ud800-\udfff]", "\ufffd", text)
    return text


def _deep() -> str:
    return f"nested more than {MAX_DEPTH} levels deep; refusing the document"


def _too_many() -> str:
    return f"the document expands to more than {MAX_NODES:,} nodes (a YAML alias bomb?)"


def _not_finite(text: str) -> str:
    return f"number {text} is not a finite 64-bit float"


# ------------------------------------------------------------------------------------ YAML


def _yaml_scalar(loader: Any, event: Any, path_of: Callable[[], tuple[str | int, ...]],
                 problems: _Problems, tags: dict[tuple[str, Any], str]) -> Any:
    """The value of a scalar; ``path_of`` gives its path, built only for a problem. ``tags``
    memoises the implicit tag of a plain scalar (it depends on the text alone, and the same
    texts -- ``string``, ``object``, ``true`` -- come back all over a spec)."""
    value: str = event.value
    tag = event.tag
    if tag is None or tag == "!":
        key = (value, event.implicit)
        found = tags.get(key)
        if found is None:
            found = tags[key] = loader.resolve(yaml.ScalarNode, value, event.implicit)
        tag = found
    mark = event.start_mark
    try:
        if tag == _STR:
            return value if value.isascii() else _clean_text(value, path_of(), problems, mark)
        if tag == _TAG + "null":
            return None
        if tag == _TAG + "bool":
            lowered = value.lower()
            if lowered not in ("true", "false"):
                raise ValueError
            return lowered == "true"
        if tag == _TAG + "int":
            if value.startswith("0o"):
                return int(value[2:], 8)
            if value.startswith("0x"):
                return int(value[2:], 16)
            return int(value, 10)
        if tag == _TAG + "float":
            lowered = value.lower()
            number = float(lowered.lstrip("+").replace(".inf", "inf").replace(".nan", "nan"))
            if not math.isfinite(number):
                problems.add(path_of(), _not_finite(value), mark)
            result = YamlFloat(number)
            result.source = value
            return result
        if tag == _TAG + "timestamp":  # an explicit `!!timestamp` stays the text it is
            return value
    except ValueError:
        message = (_too_long(value) if tag == _TAG + "int" and len(value) > 1000
                   else f"{value!r} is not a valid !!{tag[len(_TAG):]}")
        problems.add(path_of(), message, mark)
        return value
    problems.add(path_of(), f"unsupported YAML tag {tag!r}", mark)
    return value


_STR = _TAG + "str"


class _Open:
    """A mapping or sequence being built. Its path is not stored but rebuilt from its parents
    when a problem needs it: building a tuple per node was most of the loading time."""

    __slots__ = ("value", "is_list", "parent", "slot", "key", "anchor", "size", "height",
                 "mark")

    def __init__(self, value: dict[str, Any] | list[Any], parent: _Open | None,
                 slot: str | int, anchor: str | None, mark: Any) -> None:
        self.value = value
        self.is_list = isinstance(value, list)
        self.parent = parent
        self.slot = slot  # its key or index in the parent
        self.key: str | None = None  # mapping: the key whose value comes next
        self.anchor = anchor
        self.size = 1
        self.height = 1
        self.mark = mark

    @property
    def path(self) -> tuple[str | int, ...]:
        slots: list[str | int] = []
        node: _Open | None = self
        while node is not None and node.parent is not None:
            slots.append(node.slot)
            node = node.parent
        return tuple(reversed(slots))

    def next_slot(self) -> str | int:
        """The key or index the next child value takes."""
        if self.is_list:
            return len(self.value)
        return self.key if self.key is not None else ""


def _parse_yaml(text: str, problems: _Problems, budget: ParseBudget | None = None) -> Any:
    loader = _Yaml12Loader(text)
    try:
        return _build_yaml(loader, problems, budget or ParseBudget())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problems.add((), f"invalid YAML: {exc.problem or exc.context}", mark)
        raise _Stop() from None
    except yaml.YAMLError as exc:
        raise problems.stop((), f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()


@dataclass
class ParseBudget:
    """The limits one YAML parse may use, and what it used: a fragment of a document
    (generator.reparse) gets what its place in the whole leaves."""

    # Read when a budget is made, so the module's limits are the ones in force.
    depth: int = field(default_factory=lambda: MAX_DEPTH)
    nodes: int = field(default_factory=lambda: MAX_NODES)
    used_nodes: int = 0
    anchors: bool = False


def _build_yaml(loader: Any, problems: _Problems, budget: ParseBudget) -> Any:
    """Mappings, sequences and scalars from the event stream, with a loop, not recursion."""
    max_depth, max_nodes = budget.depth, budget.nodes
    anchors: dict[str, tuple[Any, int, int]] = {}  # anchor → (value, size, height)
    stack: list[_Open] = []
    root: list[Any] = []
    documents = 0
    total = 0

    def where() -> tuple[str | int, ...]:
        """The path of the node the current event starts."""
        if not stack:
            return ()
        top = stack[-1]
        return (*top.path, top.next_slot())

    def attach(value: Any, size: int, height: int, mark: Any, is_key_text: str | None) -> None:
        if not stack:
            root.append(value)
            return
        top = stack[-1]
        top.size += size
        if height >= top.height:
            top.height = height + 1
        if top.is_list:
            top.value.append(value)  # type: ignore[union-attr]
        elif top.key is None:  # this node is a key
            if is_key_text is None:
                problems.add(top.path, "mapping key must be a string", mark)
                is_key_text = ""
            key = is_key_text
            if key in top.value:
                problems.add((*top.path, key), f"duplicate key {key!r}", mark)
            top.key = key
        else:
            top.value[top.key] = value  # type: ignore[call-overload]
            top.key = None

    scalar_event = yaml.ScalarEvent
    tags: dict[tuple[str, Any], str] = {}
    while loader.check_event():
        event = loader.get_event()
        kind = type(event)
        if kind is scalar_event:
            total += 1
            key_text = None
            if stack and not stack[-1].is_list and stack[-1].key is None:  # a mapping key
                value = key_text = event.value
                if not value.isascii():
                    value = key_text = _clean_text(value, where()[:-1], problems,
                                                   event.start_mark)
            else:
                value = _yaml_scalar(loader, event, where, problems, tags)
            if event.anchor is not None:
                anchors[event.anchor] = (value, 1, 0)
            attach(value, 1, 0, event.start_mark, key_text)
            continue
        if kind is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise problems.stop((), "a spec file must hold one YAML document",
                                    event.start_mark)
            continue
        if kind in (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent):
            continue
        awaiting_key = bool(stack) and not stack[-1].is_list and stack[-1].key is None
        if kind is yaml.AliasEvent:
            if event.anchor not in anchors:
                raise problems.stop(where(), f"unknown or recursive YAML alias *{event.anchor}",
                                    event.start_mark)
            value, size, height = anchors[event.anchor]
            total += size
            if total > max_nodes:
                raise problems.stop(where(), _too_many(), event.start_mark)
            if len(stack) + height > max_depth:
                raise problems.stop(where(), _deep(), event.start_mark)
            text_key = value if isinstance(value, str) else None
            attach(value, size, height, event.start_mark, text_key if awaiting_key else None)
        elif kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
            total += 1
            if total > max_nodes:
                raise problems.stop(where(), _too_many(), event.start_mark)
            if len(stack) >= max_depth:
                raise problems.stop(where(), _deep(), event.start_mark)
            is_map = kind is yaml.MappingStartEvent
            expected = _TAG + ("map" if is_map else "seq")
            if event.tag not in (None, "!", expected):
                problems.add(where(), f"unsupported YAML tag {event.tag!r}", event.start_mark)
            container: dict[str, Any] | list[Any] = {} if is_map else []
            parent = stack[-1] if stack else None
            slot = parent.next_slot() if parent is not None else ""
            stack.append(_Open(container, parent, slot, event.anchor, event.start_mark))
        elif kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
            done = stack.pop()
            if done.anchor is not None:
                anchors[done.anchor] = (done.value, done.size, done.height)
            attach(done.value, done.size, done.height, done.mark, None)
    budget.used_nodes, budget.anchors = total, bool(anchors)
    return root[0] if root else None


# ------------------------------------------------------------------------------------ JSON


class _JsonObject(dict[str, Any]):
    """A JSON object that had duplicate keys (the last value won); the walk reports them."""

    duplicates: list[str]


class _NonFinite:
    """A JSON number outside the float range (``1e400``) or ``NaN``/``Infinity``."""

    def __init__(self, text: str) -> None:
        self.text = text


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) == len(pairs):
        return result
    marked = _JsonObject(result)
    seen: set[str] = set()
    marked.duplicates = []
    for key, _value in pairs:
        if key in seen and key not in marked.duplicates:
            marked.duplicates.append(key)
        seen.add(key)
    return marked


class _TooLong:
    """A JSON integer with more digits than Python converts (``sys.get_int_max_str_digits``)."""

    def __init__(self, text: str) -> None:
        self.text = text


def _json_int(text: str) -> Any:
    try:
        return int(text)
    except ValueError:
        return _TooLong(text)


def _too_long(text: str) -> str:
    return f"integer of {len(text.lstrip('+-'))} digits is too long to read"


def _json_float(text: str) -> Any:
    number = float(text)
    return number if math.isfinite(number) else _NonFinite(text)


def _parse_json(text: str, problems: _Problems) -> Any:
    try:
        data = json.loads(text, object_pairs_hook=_json_object, parse_float=_json_float,
                          parse_int=_json_int, parse_constant=_NonFinite)
    except json.JSONDecodeError as exc:
        raise problems.stop((), f"invalid JSON at line {exc.lineno} column {exc.colno}: "
                                f"{exc.msg}") from None
    except RecursionError:
        line, column = _json_too_deep_at(text)
        raise problems.stop((), f"invalid JSON at line {line} column {column}: "
                                f"{_deep()}") from None
    return _check_json(data, problems)


def _json_too_deep_at(text: str) -> tuple[int, int]:
    """Line and column of the first bracket past :data:`MAX_DEPTH` (only on the error path)."""
    depth = 0
    in_string = escaped = False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, index) + 1
                return line, index - (text.rfind("\n", 0, index) + 1) + 1
        elif char in "]}":
            depth -= 1
    return 1, 1


def _check_json(data: Any, problems: _Problems) -> Any:
    """Walk the parsed JSON once (a loop): duplicate keys, depth, non-finite numbers and lone
    surrogates become problems with their pointer."""
    root: list[Any] = [data]
    stack: list[tuple[Any, Any, tuple[str | int, ...]]] = [(root, 0, ())]
    while stack:
        parent, slot, path = stack.pop()
        value = parent[slot]
        if isinstance(value, str):
            parent[slot] = _clean_text(value, path, problems, None)
        elif isinstance(value, _NonFinite):
            problems.add(path, _not_finite(value.text))
            parent[slot] = None
        elif isinstance(value, _TooLong):
            problems.add(path, _too_long(value.text))
            parent[slot] = None
        elif isinstance(value, (dict, list)):
            if len(path) >= MAX_DEPTH:
                problems.add(path, _deep())
                parent[slot] = None
                continue
            if isinstance(value, _JsonObject):
                for key in value.duplicates:
                    problems.add((*path, key), f"duplicate key {key!r}")
                value = parent[slot] = dict(value)
            if isinstance(value, dict):
                for key in list(value):
                    clean = _clean_text(key, (*path, key), problems, None)
                    if clean != key:
                        value[clean] = value.pop(key)
                    stack.append((value, clean, (*path, clean)))
            else:
                stack.extend((value, index, (*path, index)) for index in range(len(value)))
    return root[0]


# ------------------------------------------------------------------------------------ API


def parse_document(
    text: str, *, json_first: bool, budget: ParseBudget | None = None
) -> tuple[Any, list[LoadProblem]]:
    """Parse YAML or JSON text; the data (None after a fatal problem) and every problem.
    ``budget``, for YAML: its limits apply, and it records what the parse used."""
    problems = _Problems()
    if len(text) > MAX_DOCUMENT_CHARS:
        problems.add((), f"the document is larger than {MAX_DOCUMENT_CHARS // 2**20} MiB")
        return None, problems.items
    try:
        data = _parse_json(text, problems) if json_first else _parse_yaml(text, problems, budget)
    except _Stop:
        return None, problems.items
    return data, problems.items


def parse_yaml_fragment(text: str, depth: int, nodes: int) -> tuple[Any, int, bool] | None:
    """A piece of a YAML document parsed on its own (generator.reparse), within what its
    place in the whole leaves of the depth and node limits: (value, nodes used, whether it
    defines an anchor), or None if it has any problem at all (the caller then parses the
    whole document, which reports the problem where it is)."""
    problems = _Problems()
    budget = ParseBudget(depth=depth, nodes=nodes)
    try:
        data = _parse_yaml(text, problems, budget)
    except _Stop:
        return None
    if problems.items:
        return None
    return data, budget.used_nodes, budget.anchors


def parse_text(
    text: str, *, json_first: bool, diags: Diagnostics, budget: ParseBudget | None = None
) -> Any:
    """Parse YAML or JSON text; problems go to ``diags`` (fatal if any is an error)."""
    data, problems = parse_document(text, json_first=json_first, budget=budget)
    for problem in problems:
        record = diags.error if problem.severity == "error" else diags.warn
        record(problem.pointer, problem.text())
    diags.raise_if_errors()
    return data


def read_document(
    path: Path, diags: Diagnostics, budget: ParseBudget | None = None
) -> tuple[Any, bytes]:
    """Read and parse a YAML/JSON file; errors are diagnostics (pointer ``#``)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise diags.fatal("#", f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise diags.fatal("#", f"{path} is not UTF-8 (byte {exc.start})") from None
    data = parse_text(text, json_first=is_json(path, text), diags=diags, budget=budget)
    return data, raw


def is_json(path: Path | None, text: str) -> bool:
    """JSON is parsed as JSON (faster, and its own error messages): a .json file, or a '{'."""
    suffix = path.suffix.lower() if path is not None else ""
    return suffix == ".json" or text.lstrip().startswith("{")


def load_spec(path: Path, diags: Diagnostics) -> LoadedSpec:
    """Load an OpenAPI 3.0/3.1/3.2 document; anything else is a fatal diagnostic."""
    document, raw = read_document(path, diags)
    return spec_of(document, raw, path, diags)


def spec_of(document: Any, raw: bytes, path: Path, diags: Diagnostics) -> LoadedSpec:
    """``document`` (parsed from ``raw``) as an OpenAPI 3.0/3.1/3.2 spec, or a fatal
    diagnostic."""
    if not isinstance(document, dict):
        raise diags.fatal("#", "the document must be a mapping (an OpenAPI object)")
    version = document.get("openapi")
    if version is None:
        if "swagger" in document:
            raise diags.fatal("#/swagger", "Swagger 2.0 is not supported; convert to OpenAPI 3")
        raise diags.fatal("#/openapi", "missing 'openapi' version field")
    if not isinstance(version, str) or not re.match(r"^3\.[012](\.\d+)?(-.+)?$", version):
        raise diags.fatal(
            "#/openapi", f"unsupported OpenAPI version {version!r} (need 3.0, 3.1 or 3.2)"
        )
    if not isinstance(document.get("paths", {}), dict):
        raise diags.fatal("#/paths", "'paths' must be a mapping")
    return LoadedSpec(document=document, sha256=hashlib.sha256(raw).hexdigest(), path=str(path))


__all__ = [
    "GenerationError",
    "LoadProblem",
    "LoadedSpec",
    "is_json",
    "load_spec",
    "parse_document",
    "parse_text",
    "read_document",
]

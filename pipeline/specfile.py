"""Read and write OpenAPI documents as YAML, the same way everywhere in the pipeline.

Reading uses JSON's data model, not YAML 1.1's: PyYAML's default resolvers turn
`2024-01-01` into a date, `on`/`yes` into booleans and a `200:` response key into an int,
none of which a JSON-based spec means. Writing is deterministic: the key order given,
block style, no aliases, strings quoted whenever YAML would read them back as anything
else, so a spec round-trips to the same dict and the same bytes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml


class SpecFileError(Exception):
    """A spec file cannot be read; the message names the file and the position."""


class _JsonModelLoader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core-schema scalars and string mapping keys."""


# Drop the YAML 1.1 implicit resolvers (bool on/off/yes/no, timestamp, sexagesimal ints…)
# and put back only what JSON can express: true/false, null, ints and floats.
_JsonModelLoader.yaml_implicit_resolvers = {}
_JsonModelLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_JsonModelLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_JsonModelLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789")
)
_JsonModelLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def _construct_mapping(loader: _JsonModelLoader, node: yaml.MappingNode) -> dict[str, Any]:
    """JSON object keys are strings: `200:` is the status code "200", not the int 200."""
    loader.flatten_mapping(node)
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, bool | int | float) or key is None:
            key = key_node.value  # the key exactly as written
        if not isinstance(key, str):
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"mapping key must be a string, got {type(key).__name__}",
                key_node.start_mark,
            )
        if key in mapping:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_JsonModelLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def parse_spec(text: str, source: str = "<string>") -> dict[str, Any]:
    """Parse a YAML or JSON spec; `source` names it in error messages."""
    try:
        document = yaml.load(text, Loader=_JsonModelLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        raise SpecFileError(f"{where}: {exc.problem or exc.context}") from None
    except yaml.YAMLError as exc:
        raise SpecFileError(f"{source}: {exc}") from None
    if not isinstance(document, dict):
        raise SpecFileError(
            f"{source}: expected a mapping at the top level, got {type(document).__name__}"
        )
    return document


def load_spec(path: Path) -> dict[str, Any]:
    """Read a spec file (YAML or JSON) into plain dicts, lists and JSON scalars."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecFileError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise SpecFileError(f"{path}: not UTF-8 (byte {exc.start})") from None
    return parse_spec(text, str(path))


class _SpecDumper(yaml.SafeDumper):
    """SafeDumper that never emits anchors/aliases: a spec repeats small dicts often."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _represent_str(dumper: _SpecDumper, value: str) -> yaml.ScalarNode:
    # Multi-line text (descriptions) reads best as a literal block, when YAML allows it.
    if "\n" in value and not value.startswith((" ", "\n")) and value == value.rstrip(" "):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_SpecDumper.add_representer(str, _represent_str)


def dump_spec(spec: dict[str, Any]) -> str:
    """Serialise a spec to YAML, preserving key order; the same dict gives the same bytes."""
    return yaml.dump(
        spec,
        Dumper=_SpecDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
        indent=2,
    )

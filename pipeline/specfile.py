"""Read and write OpenAPI documents as YAML, the same way everywhere in the pipeline.

Reading goes through the generator's one loader (`generator.load`): YAML 1.2 core-schema
types, not YAML 1.1's (PyYAML's default resolvers turn `2024-01-01` into a date, `on`/`yes`
into booleans and a `200:` response key into an int, none of which a JSON-based spec means),
string keys as written, and hostile input (duplicate keys, alias bombs, deep nesting)
refused. Writing is deterministic: the key order given, block style, no aliases, strings
quoted whenever YAML would read them back as anything else, so a spec round-trips to the
same dict and the same bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from generator.load import YamlFloat, is_json, parse_document


class SpecFileError(Exception):
    """A spec file cannot be read; the message names the file and the position."""


def parse_spec(text: str, source: str = "<string>") -> dict[str, Any]:
    """Parse a YAML or JSON spec; `source` names it in error messages."""
    document, problems = parse_document(text, json_first=is_json(None, text))
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        first = errors[0]
        if first.line is not None:
            where = f"{source}:{first.line}:{first.column}"
        else:  # JSON: the pointer says where
            where = source if first.pointer == "#" else f"{source}: {first.pointer}"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise SpecFileError(f"{where}: {first.message}{more}")
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
# A float read from YAML is a YamlFloat (it keeps its text); it is written as the float it is.
_SpecDumper.add_representer(YamlFloat, yaml.SafeDumper.represent_float)


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

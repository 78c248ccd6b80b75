"""Read an OpenAPI document (YAML or JSON) into plain Python data, as the spec means it.

YAML is parsed with libyaml's C loader when available (a 3 MB spec must parse in well under a
second) but with YAML 1.2 core-schema implicit types instead of PyYAML's YAML 1.1 ones: dates stay
strings, ``on``/``off``/``yes``/``no`` stay strings, ``010`` and ``1:30`` are not numbers. Mapping
keys are always strings afterwards, so a response key written ``200:`` becomes ``"200"``.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.diagnostics import Diagnostics, GenerationError

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


def _construct_yaml12_int(loader: Any, node: Any) -> int:
    text = loader.construct_scalar(node)
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


class YamlFloat(float):
    """A YAML float that remembers its text: ``version: 1.10`` means the string "1.10"."""

    source: str = ""


def _construct_yaml12_float(loader: Any, node: Any) -> float:
    text = loader.construct_scalar(node)
    value = YamlFloat(loader.construct_yaml_float(node))
    value.source = text
    return value


_Yaml12Loader.add_constructor("tag:yaml.org,2002:int", _construct_yaml12_int)
_Yaml12Loader.add_constructor("tag:yaml.org,2002:float", _construct_yaml12_float)
# An explicit `!!timestamp` tag is still honoured by SafeConstructor; keep it a string.
_Yaml12Loader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


@dataclass(frozen=True)
class LoadedSpec:
    document: dict[str, Any]
    sha256: str
    path: str


def _key_to_str(key: object) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)


def _normalise_keys(node: Any, seen: dict[int, Any]) -> Any:
    """Make every mapping key a string; memoised by identity so YAML aliases stay cheap."""
    if isinstance(node, dict):
        if id(node) in seen:
            return seen[id(node)]
        out: dict[str, Any] = {}
        seen[id(node)] = out
        for key, value in node.items():
            out[_key_to_str(key)] = _normalise_keys(value, seen)
        return out
    if isinstance(node, list):
        if id(node) in seen:
            return seen[id(node)]
        items: list[Any] = []
        seen[id(node)] = items
        items.extend(_normalise_keys(v, seen) for v in node)
        return items
    return node


def parse_text(text: str, *, json_first: bool, diags: Diagnostics) -> Any:
    if json_first:
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            message = f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
            raise diags.fatal("#", message) from None
    try:
        return yaml.load(text, Loader=_Yaml12Loader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1} column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise diags.fatal("#", f"invalid YAML{where}: {problem}") from None


def read_document(path: Path, diags: Diagnostics) -> tuple[Any, bytes]:
    """Read and parse a YAML/JSON file; errors are diagnostics (pointer ``#``)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise diags.fatal("#", f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise diags.fatal("#", f"{path} is not UTF-8 (byte {exc.start})") from None
    json_first = path.suffix.lower() == ".json" or text.lstrip().startswith("{")
    data = parse_text(text, json_first=json_first, diags=diags)
    return _normalise_keys(data, {}), raw


def load_spec(path: Path, diags: Diagnostics) -> LoadedSpec:
    """Load an OpenAPI 3.0/3.1/3.2 document; anything else is a fatal diagnostic."""
    document, raw = read_document(path, diags)
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


__all__ = ["GenerationError", "LoadedSpec", "load_spec", "read_document"]

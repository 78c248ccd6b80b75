"""Python naming: reserved words, collision rules, and the ONE escaping function for string
literals (:func:`py_string`) and the ONE for docstrings (:func:`py_doc`).

Every identifier in generated Python goes through this module; templates never build names.
"""

from __future__ import annotations

import builtins
import keyword
import re
import unicodedata

from generator.ir import Name
from generator.naming import is_windows_device_name

KEYWORDS = frozenset(keyword.kwlist)  # soft keywords (match, case, type) are fine names

# Names the generated modules use in annotations or bodies: a class attribute, field or
# parameter with one of these names would shadow them inside a class body or signature.
TYPING_NAMES = frozenset(
    {
        "Any",
        "Annotated",
        "ClassVar",
        "TYPE_CHECKING",
        "TypeAlias",
        "Dict",
        "List",
        "Literal",
        "Mapping",
        "Optional",
        "Sequence",
        "Union",
        "TypedDict",
        "Required",
        "NotRequired",
        "TypeAliasType",
        "Field",
        "Tag",
        "cast",
        "overload",
        "cached_property",
        "httpx",
    }
)
# ``type`` and ``id`` stay usable (``item.type``): generated annotations never use them.
# ``list``/``dict`` are free too: generated annotations use ``List``/``Dict``.
# ``object`` is free as well: an arbitrary JSON value is annotated ``Any``.
BUILTIN_TYPES = frozenset({"str", "int", "float", "bool", "bytes", "tuple"})
RUNTIME_NAMES = frozenset(
    {
        "BaseModel",
        "UnknownVariant",
        "OpenEnum",
        "UNKNOWN_TAG",
        "discriminated_union",
        "NOT_GIVEN",
        "NotGiven",
        "Omit",
        "Headers",
        "Query",
        "Body",
        "Timeout",
        "RequestOptions",
        "make_request_options",
        "path_template",
        "strip_not_given",
        "to_jsonable",
        "SyncAPIResource",
        "AsyncAPIResource",
        "SyncAPIClient",
        "AsyncAPIClient",
        "RetryPolicy",
        "APIResponse",
        "AsyncAPIResponse",
        "AsyncPaginator",
        "to_raw_response_wrapper",
        "async_to_raw_response_wrapper",
    }
)
# Attributes of pydantic.BaseModel and of the runtime BaseModel/UnknownVariant: a field with
# one of these names would shadow a method (pydantic warns, and calls would break).
MODEL_ATTRIBUTES = frozenset(
    {
        "construct",
        "copy",
        "dict",
        "from_orm",
        "json",
        "model_computed_fields",
        "model_config",
        "model_construct",
        "model_copy",
        "model_dump",
        "model_dump_json",
        "model_extra",
        "model_fields",
        "model_fields_set",
        "model_json_schema",
        "model_parametrized_name",
        "model_post_init",
        "model_rebuild",
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "parse_file",
        "parse_obj",
        "parse_raw",
        "schema",
        "schema_json",
        "update_forward_refs",
        "validate",
        "to_dict",
        "to_json",
        "raw",
        "discriminator_value",
        "discriminator_property",
    }
)
# Keyword arguments every generated method already has.
METHOD_OPTIONS = frozenset(
    {"self", "extra_headers", "extra_query", "extra_body", "timeout", "idempotency_key"}
)
# Attributes of generated client/resource classes.
CLIENT_ATTRIBUTES = frozenset(
    {
        "with_raw_response",
        "with_options",
        "copy",
        "close",
        "base_url",
        "api_key",
        "timeout",
        "max_retries",
        "retry_policy",
        "default_headers",
        "user_agent",
        "is_closed",
        "request",
        "strict_response_validation",
        "idempotency_header",
    }
)

_BUILTIN_NAMES = frozenset(dir(builtins))


def _avoid(identifier: str, reserved: frozenset[str] | set[str]) -> str:
    while identifier in reserved or identifier in KEYWORDS:
        identifier += "_"
    return identifier


def snake_identifier(name: Name) -> str:
    """``("1st", "place")`` → ``n_1st_place``; keywords get a ``_`` suffix."""
    text = name.snake()
    if text[:1].isdigit():
        text = "n_" + text
    return text


# Each function's reserved set, built once (a union per call was a hot spot on big specs).
_FIELD_RESERVED = TYPING_NAMES | BUILTIN_TYPES | RUNTIME_NAMES | MODEL_ATTRIBUTES
_PARAM_RESERVED = TYPING_NAMES | BUILTIN_TYPES | RUNTIME_NAMES | METHOD_OPTIONS
_METHOD_RESERVED = BUILTIN_TYPES | RUNTIME_NAMES | CLIENT_ATTRIBUTES | TYPING_NAMES
_CLASS_RESERVED = TYPING_NAMES | RUNTIME_NAMES | _BUILTIN_NAMES
_MODULE_RESERVED = frozenset({"types", "resources", "pagination", "typing"}) | _BUILTIN_NAMES


def field_name(name: Name) -> str:
    """A pydantic field / TypedDict attribute name."""
    return _avoid(snake_identifier(name), _FIELD_RESERVED)


def param_name(name: Name) -> str:
    """A keyword argument of a generated method."""
    return _avoid(snake_identifier(name), _PARAM_RESERVED)


def method_name(name: Name) -> str:
    return _avoid(snake_identifier(name), _METHOD_RESERVED)


def class_name(name: Name, reserved: frozenset[str] = frozenset()) -> str:
    """PascalCase class name. ``reserved``: classes the package defines itself (the client
    classes), which a spec schema of the same name must not shadow: ``Client`` → ``Client_``."""
    text = name.pascal()
    if text[:1].isdigit():
        text = "Model" + text
    while text in _CLASS_RESERVED or text in reserved or text in KEYWORDS:  # _avoid, no union
        text += "_"
    return text


def module_name(name: Name) -> str:
    """A module file stem (never a Windows device name, never a keyword)."""
    text = snake_identifier(name)
    if is_windows_device_name(text):
        text += "_"
    return _avoid(text, _MODULE_RESERVED)


def unique(identifiers: list[str]) -> list[str]:
    """Make final identifiers unique in order, appending ``_`` (deterministic)."""
    seen: set[str] = set()
    out: list[str] = []
    for ident in identifiers:
        while ident in seen:
            ident += "_"
        seen.add(ident)
        out.append(ident)
    return out


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if code > 0xFFFF:
        return f"\\U{code:08x}"
    if code > 0xFF:
        return f"\\u{code:04x}"
    return f"\\x{code:02x}"


_PLAIN_LITERAL = re.compile(r"[ !#-\[\]-~]*")
"""Printable ASCII but for the quote and backslash: the literal is the text in quotes."""


def _needs_escape(ch: str) -> bool:
    code = ord(ch)
    if 0x20 <= code < 0x7F:  # printable ASCII, most of every spec: no Unicode lookup
        return False
    return (
        code < 0x20
        or code == 0x7F
        or 0x80 <= code < 0xA0
        or unicodedata.category(ch) in ("Cf", "Cs", "Co", "Cn", "Zl", "Zp")
    )


def py_string(text: str) -> str:
    """THE string-literal function: a double-quoted Python literal equal to ``text``."""
    if _PLAIN_LITERAL.fullmatch(text):
        return f'"{text}"'
    out = ['"']
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif _needs_escape(ch):
            out.append(_escape_char(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def toml_string(text: str) -> str:
    """THE TOML string function (pyproject.toml): a basic string equal to ``text``. TOML has no
    ``\\x`` escape, so control and invisible characters become ``\\uXXXX``/``\\UXXXXXXXX``."""
    out = ['"']
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch in "\n\r\t":
            out.append({"\n": "\\n", "\r": "\\r", "\t": "\\t"}[ch])
        elif _needs_escape(ch):
            code = ord(ch)
            out.append(f"\\U{code:08x}" if code > 0xFFFF else f"\\u{code:04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def py_literal(value: object) -> str:
    """A Python literal for a JSON value (strings via :func:`py_string`)."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return py_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{py_string(str(k))}: {py_literal(v)}" for k, v in value.items()) + "}"
        )
    raise TypeError(f"not a JSON value: {value!r}")


_PLAIN_DOC = re.compile(r"[\t\n -\[\]-~]*")
"""Printable ASCII, tabs and newlines but for the backslash: py_doc escapes none of it."""


def py_doc(text: str | None) -> str:
    """THE docstring/comment function: text safe inside a ``\"\"\"...\"\"\"`` docstring (and
    a ``#`` comment block, since every line break is normalised and control characters are
    made visible). Returns "" for None."""
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _PLAIN_DOC.fullmatch(text):  # most spec text: nothing to escape but quotes
        body = text.rstrip()
    else:
        out: list[str] = []
        for ch in text:
            if ch == "\\":
                out.append("\\\\")
            elif ch == "\n" or ch == "\t":
                out.append(ch)
            elif _needs_escape(ch):
                out.append(_escape_char(ch))
            else:
                out.append(ch)
        body = "".join(out).rstrip()
    # Escape every quote that touches another quote or ends the text: then no run of three
    # quotes can close the docstring early, and a trailing quote cannot merge with the closer.
    return re.sub(r'"(?=")|(?<=")"|"$', lambda _m: '\\"', body)


def indent_doc(text: str, spaces: int) -> str:
    """Indent continuation lines of an escaped docstring (blank lines stay empty)."""
    pad = " " * spaces
    lines = text.split("\n")
    return "\n".join([lines[0]] + [pad + line if line.strip() else "" for line in lines[1:]])


def md_text(text: str | None) -> str:
    """Text for Markdown files (README/api.md): one line, no raw HTML or control chars."""
    if not text:
        return ""
    flat = " ".join(text.replace("\r", "\n").split())
    flat = "".join(_escape_char(ch) if _needs_escape(ch) else ch for ch in flat)
    return flat.replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")

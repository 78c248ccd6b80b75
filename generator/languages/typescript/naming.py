"""TypeScript naming and escaping: reserved words, identifier casing, collision breaking, and the
one function each for comments and literals. Templates never build identifiers or escape text
themselves; everything they print comes through here."""

from __future__ import annotations

import json
import re
from functools import lru_cache

from generator.ir import JsonLiteral, Name
from generator.naming import is_windows_device_name

# Words that cannot be used as binding identifiers in strict-mode ES modules, plus TypeScript's
# own type keywords (a type alias cannot be called `string`).
RESERVED_WORDS = frozenset(
    """
    break case catch class const continue debugger default delete do else enum export extends
    false finally for function if import in instanceof new null return super switch this throw
    true try typeof var void while with yield let static implements interface package private
    protected public await arguments eval as async from get set of declare module namespace
    require type keyof readonly unique infer is asserts abstract any boolean never number object
    string symbol unknown bigint undefined constructor
    """.split()  # noqa: SIM905 -- a word list reads better than 80 quoted strings
)

# Names the generated modules define or import themselves; a schema, parameter or member with
# one of these names is renamed so it cannot shadow them.
RUNTIME_EXPORTS = frozenset(
    """
    APIError APIStatusError BadRequestError AuthenticationError PermissionDeniedError
    NotFoundError ConflictError RequestTooLargeError UnprocessableEntityError RateLimitError
    InternalServerError APIConnectionError APITimeoutError APIUserAbortError
    APIResponseValidationError ErrorObject APIPromise WithResponse CursorPage PagePromise
    CursorScheme PageFetcher BaseClient ClientOptions RequestOptions RetryPolicy Fetch
    HeadersInit ClientIdentity ResponseKind BodyEncoding APIRequest APIResource DEFAULT_RETRY_POLICY
    pathTemplate splitParams VERSION Stream ServerSentEvent SSEDecoder StreamDecoding RawResult
    ValidationIssue
    """.split()  # noqa: SIM905 -- a word list reads better than 80 quoted strings
)

# Identifiers used inside generated method bodies and signatures.
METHOD_LOCALS = frozenset({"params", "options", "body", "types", "split", "query", "headers",
                           "pagination"})

# Members of the runtime's BaseClient / APIResource that a generated method or sub-resource
# property must not override.
CLIENT_MEMBERS = frozenset(
    {"constructor", "prototype", "request", "requestPage", "withOptions", "baseURL", "apiKey",
     "timeout", "maxRetries", "retryPolicy", "options", "sleep", "makeIdempotencyKey", "client",
     "__proto__", "toString", "valueOf", "hasOwnProperty", "strictResponseValidation"}
)

_IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")


def fix_leading_digit(text: str) -> str:
    return f"_{text}" if text[:1].isdigit() else text


def type_name(name: Name, reserved: frozenset[str] = frozenset()) -> str:
    """PascalCase type name; a clash with a runtime export (or ``reserved``) gets a ``_``
    suffix, which no Pascal-cased IR name can contain, so the result stays unique."""
    text = fix_leading_digit(name.pascal())
    if text in RUNTIME_EXPORTS or text in reserved:
        text += "_"
    return text


def member_name(name: Name, reserved: frozenset[str] = frozenset()) -> str:
    """camelCase method or property name. Reserved words are legal member names in ES5+
    (``client.conversations.delete(...)``), so only members we define ourselves are avoided."""
    text = fix_leading_digit(name.camel())
    if text in CLIENT_MEMBERS or text in reserved:
        text += "_"
    return text


def variable_name(name: Name) -> str:
    """camelCase binding identifier (function parameter)."""
    text = fix_leading_digit(name.camel())
    if text in RESERVED_WORDS or text in METHOD_LOCALS or text in RUNTIME_EXPORTS:
        text += "_"
    return text


def property_key(wire_name: str) -> str:
    """An interface property key for a wire name: bare when it is a plain identifier, else a
    quoted string literal (which keeps the wire name exactly, whatever it contains)."""
    if _IDENTIFIER.match(wire_name) and wire_name != "__proto__":
        return wire_name
    return string_literal(wire_name)


def string_literal(text: str) -> str:
    """A TypeScript string literal. JSON with every non-ASCII character escaped is valid
    TypeScript and cannot contain a raw newline, U+2028/U+2029, NUL, `${` in a template, etc."""
    return json.dumps(text, ensure_ascii=True)


def literal(value: JsonLiteral | object) -> str:
    """A TypeScript literal (value or literal type) for a JSON scalar."""
    decoded = value.value if isinstance(value, JsonLiteral) else value
    if isinstance(decoded, str):
        return string_literal(decoded)
    if decoded is None or isinstance(decoded, bool):
        return json.dumps(decoded)
    if isinstance(decoded, (int, float)):
        text = json.dumps(decoded)
        if text in ("NaN", "Infinity", "-Infinity"):
            raise ValueError(f"{text} has no TypeScript literal")
        return text
    raise ValueError(f"not a JSON scalar: {decoded!r}")


# Control characters (C0 but tab/LF/CR, DEL, C1), the JavaScript line separators, and the
# bidirectional controls (U+061C, U+200E/F, U+202A-U+202E, U+2066-U+2069) that can make a comment
# read differently from the code it sits in ("Trojan Source"), as in the Python backend.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
    "\u202a-\u202e\u2066-\u2069\ufeff]"
)


def escape_comment(text: str) -> str:
    """Make free text safe inside a ``/** ... */`` block: the only function that does so.

    ``*/`` would end the comment early (the rest becomes code), so it is broken up; ``/*`` is
    broken too so editors never see a nested opener. Control characters (NUL included) and the
    JavaScript line separators become visible escapes; CRLF/CR become LF."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("*/", "*\\/").replace("/*", "/\\*")
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def markdown_text(text: str) -> str:
    """THE Markdown text function (README, api.md): one line, control and bidirectional
    characters as visible escapes, no raw HTML, no table-breaking ``|``."""
    flat = " ".join(text.replace("\r", "\n").split())
    flat = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", flat)
    return flat.replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")


@lru_cache(maxsize=4096)  # the same property docs recur in type after type
def doc_comment(*texts: str | None, indent: str = "") -> str:
    """A complete JSDoc block (ending with a newline) for the given paragraphs, or ``""``."""
    paragraphs = [escape_comment(t).strip() for t in texts if t is not None and t.strip()]
    if not paragraphs:
        return ""
    lines: list[str] = []
    for i, paragraph in enumerate(paragraphs):
        if i:
            lines.append("")
        lines.extend(line.rstrip() for line in paragraph.split("\n"))
    body = "\n".join(f"{indent} *{' ' + line if line else ''}" for line in lines)
    return f"{indent}/**\n{body}\n{indent} */\n"


def file_stem(name: Name) -> str:
    """A file name stem: kebab-case words, always ``[a-z0-9-]+`` so it can never escape the
    output directory; Windows device names (``con``, ``nul``...) get a suffix."""
    stem = name.kebab()
    if is_windows_device_name(stem):
        stem += "-"
    return stem

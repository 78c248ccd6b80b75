"""Go naming and escaping: reserved words, identifier casing, collision breaking, and the one
function per context for spec text: Go string literals (:func:`string_literal`), comments
(:func:`comment`), struct tags (:func:`struct_tag`) and Markdown (:func:`markdown_text`).
Templates and the renderer never build identifiers or escape text any other way."""

from __future__ import annotations

import json
import re
from functools import lru_cache

from generator.ir import Name

KEYWORDS = frozenset(
    """
    break case chan const continue default defer else fallthrough for func go goto if import
    interface map package range return select struct switch type var
    """.split()  # noqa: SIM905 -- a word list reads better than quoted strings
)
PREDECLARED = frozenset(
    """
    any bool byte comparable complex64 complex128 error float32 float64 int int8 int16 int32
    int64 rune string uint uint8 uint16 uint32 uint64 uintptr true false iota nil append cap
    clear close complex copy delete imag len make max min new panic print println real recover
    """.split()  # noqa: SIM905
)
# Packages the generated files import, and the locals of generated method bodies: a parameter
# variable must not shadow them.
METHOD_LOCALS = frozenset(
    """
    ctx opts r res err req cfg path params body q h context http url json io time os slices
    option param respjson pagination requestconfig apierror ssestream fmt strings errors
    """.split()  # noqa: SIM905
)
# Exported names the root package defines itself; a schema with one of these names is renamed.
PACKAGE_NAMES = frozenset(
    """
    Client NewClient DefaultClientOptions Error Page AutoPager Opt String Int Float Bool Null
    Version SpecSHA256 GeneratorVersion ConnectionError ResponseValidationError
    """.split()  # noqa: SIM905
)
# Members every generated struct has (or its embedded param.Extras promotes); a field with one
# of these names is renamed.
STRUCT_MEMBERS = frozenset(
    {"JSON", "RawJSON", "ExtraFields", "SetExtraFields", "Extras", "MarshalJSON",
     "UnmarshalJSON", "AsAny", "String"}
)
INITIALISMS = frozenset(
    {"id", "ids", "url", "uri", "http", "https", "api", "json", "html", "xml", "sql", "ttl",
     "uuid", "ip", "tcp", "tls", "cpu", "gpu", "ui", "os", "sse", "mcp"}
)
PACKAGE_NAME = re.compile(r"^[a-z][a-z0-9]*$")
MODULE_PATH = re.compile(r"^[a-z0-9.-]+(/[A-Za-z0-9._~-]+)+$")


def _word(word: str) -> str:
    if word in INITIALISMS:
        return "IDs" if word == "ids" else word.upper()
    return word[:1].upper() + word[1:]


@lru_cache(maxsize=65536)  # the same names are spelled for fields, params and docs alike
def exported(name: Name | tuple[str, ...]) -> str:
    """An exported identifier: ``("conversation", "id")`` → ``ConversationID``; a leading
    digit gets an ``N`` (``N1stPlace``)."""
    words = name.words if isinstance(name, Name) else name
    text = "".join(_word(w) for w in words) or "X"
    return f"N{text}" if text[:1].isdigit() else text


def unexported(name: Name | tuple[str, ...]) -> str:
    """A local identifier: ``conversationID``; keywords, predeclared names and the generated
    code's own locals get a ``_`` suffix; a leading digit gets an ``n``."""
    words = name.words if isinstance(name, Name) else name
    first, rest = (words[0], words[1:]) if words else ("x", ())
    text = (first.lower() if first not in INITIALISMS else first.lower()) + "".join(
        _word(w) for w in rest)
    if text[:1].isdigit():
        text = "n" + text
    while text in KEYWORDS or text in PREDECLARED or text in METHOD_LOCALS:
        text += "_"
    return text


class Namespace:
    """Unique identifiers within one Go scope (the package, a struct's fields, a service's
    members): a taken name gets the next free numeric suffix, deterministically."""

    def __init__(self, taken: frozenset[str] | set[str] = frozenset()) -> None:
        self.taken: set[str] = set(taken)
        self.claimed: list[str] = []
        """Every name claimed, in order (so a replayed render piece can be undone)."""

    def claim(self, text: str) -> str:
        candidate, counter = text, 2
        while candidate in self.taken:
            candidate = f"{text}{counter}"
            counter += 1
        self.taken.add(candidate)
        self.claimed.append(candidate)
        return candidate

    def claim_all(self, names: tuple[str, ...]) -> None:
        """Take names already known to be free, as claiming them one by one would."""
        self.taken.update(names)
        self.claimed.extend(names)

    def undo(self, mark: int) -> None:
        """Release the names claimed since ``len(self.claimed)`` was ``mark``."""
        for name in self.claimed[mark:]:
            self.taken.discard(name)
        del self.claimed[mark:]


# ---------------------------------------------------------------- escaping, one per context

_BIDI_AND_SEPARATORS = {*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F,
                        0x2028, 0x2029, 0x0085, 0xFEFF}


_PLAIN_LITERAL = re.compile(r"[ !#-\[\]-~]*")
"""Printable ASCII but ``"`` and ``\\``: the usual text, which needs no escape (skip the loop)."""


def string_literal(text: str) -> str:
    """A Go interpreted string literal for ``text``: ASCII only (everything else as ``\\u`` /
    ``\\U`` escapes), so no byte of the spec can end the literal or hide in the source."""
    if _PLAIN_LITERAL.fullmatch(text):
        return f'"{text}"'
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif 0x20 <= code < 0x7F:
            out.append(ch)
        elif code < 0x80:
            out.append(f"\\x{code:02x}")
        elif 0xD800 <= code <= 0xDFFF:  # a lone surrogate cannot be spelled: U+FFFD
            out.append("\\ufffd")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


def json_literal(value: object) -> str:
    """A Go string literal holding ``value`` as JSON text."""
    return string_literal(json.dumps(value, sort_keys=True, ensure_ascii=False))


_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


@lru_cache(maxsize=4096)  # the same field docs recur in struct after struct
def comment(*texts: str | None, indent: str = "") -> str:
    """``//`` comment lines (each ending in a newline) for free spec text; "" when empty.

    Every line break (CR, LF, NEL, U+2028/9) starts a new ``//`` line; control characters,
    NUL, the BOM and bidi controls are written as ``\\uXXXX`` text; leading blanks are removed
    so gofmt never re-indents a line as a code block, and trailing blanks so it keeps the line
    as written."""
    paragraphs = [t for t in texts if t is not None and t.strip()]
    lines: list[str] = []
    for index, text in enumerate(paragraphs):
        if index:
            lines.append("")
        for raw in _LINE_BREAK.split(text):
            lines.append(_comment_line(raw))
    lines = _doc_safe(lines)
    return "".join(f"{indent}// {line}\n" if line else f"{indent}//\n" for line in lines)


def _doc_safe(lines: list[str]) -> list[str]:
    """Lines gofmt keeps as written in a doc comment: no leading, trailing or repeated blank
    lines, and no one-line paragraph between blank lines (gofmt would make it a ``#``
    heading): such a line is joined to the paragraph after it."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    index = 1
    while index < len(out) - 1:
        if out[index] and not out[index - 1] and not out[index + 1]:
            del out[index + 1]
        index += 1
    return out


_PRINTABLE_ASCII = re.compile(r"[\t -~]*")
"""Text the comment escaper leaves as it is (the usual case: skip the loop)."""


def _comment_line(raw: str) -> str:
    if _PRINTABLE_ASCII.fullmatch(raw):
        return raw.replace("\t", " ").strip(" ")
    out = []
    for ch in raw.replace("\t", " "):
        code = ord(ch)
        if code < 0x20 or code == 0x7F or code in _BIDI_AND_SEPARATORS or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    line = "".join(out).strip(" ")
    # gofmt reads a line opening with a tab or "  " as code, "[x]: url" as a link definition.
    return line


_TAG_SAFE = frozenset("!#$%&()*+-./:;<=>?@[]^_{|}~ ")
_TAG_SAFE_ASCII = re.compile(r"[A-Za-z0-9!#$%&()*+\-./:;<=>?@\[\]^_{|}~ ]+")
"""The ASCII keys ``tag_key_ok`` accepts (the usual case: skip the per-character loop)."""


def tag_key_ok(wire_name: str) -> bool:
    """encoding/json accepts ``wire_name`` as a struct-tag key (letters, digits and
    ``!#$%&()*+-./:;<=>?@[]^_{|}~`` and space only); others are encoded by hand."""
    if _TAG_SAFE_ASCII.fullmatch(wire_name):
        return True
    return bool(wire_name) and all(
        (ch.isascii() and ch.isalnum()) or ch in _TAG_SAFE or (not ch.isascii() and ch.isalpha())
        for ch in wire_name
    )


def struct_tag(wire_name: str | None, *options: str) -> str:
    """The struct tag of a field: ``json:"<key>[,opts]"`` as a Go raw string, or ``json:"-"``
    when ``wire_name`` is None or not a key encoding/json can read from a tag."""
    if wire_name is None or not tag_key_ok(wire_name):
        value = "-"
    else:
        value = ",".join((wire_name, *options))
    tag = f'json:"{value}"'
    if "`" in tag or not tag.isascii():
        return string_literal(tag)
    return f"`{tag}`"


_PLAIN_MARKDOWN = re.compile(r"[ -~]*")
"""Text markdown_text escapes nothing in (the usual case: skip the loop)."""


def markdown_text(text: str) -> str:
    """Spec text on one Markdown line (no HTML, no line breaks, no control characters)."""
    line = " ".join(re.split(r"[\r\n\x85\u2028\u2029]+", text))
    if not _PLAIN_MARKDOWN.fullmatch(line):
        line = "".join(f"\\u{ord(c):04x}" if ord(c) < 0x20 or ord(c) in _BIDI_AND_SEPARATORS
                       else c for c in line)
    return line.replace("<", "&lt;").replace(">", "&gt;").strip()


def markdown_code(text: str) -> str:
    """Inline code in Markdown for an identifier or route (backticks doubled around)."""
    clean = markdown_text(text).replace("`", "'")
    return f"`{clean}`"

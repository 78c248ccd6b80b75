"""Kotlin naming and escaping: hard keywords, identifier casing, collision breaking, and the one
function per context for spec text: Kotlin string literals (:func:`string_literal`, which also
escapes ``$`` templates), KDoc (:func:`kdoc`), identifiers (:func:`identifier`, backticks for
hard keywords) and Markdown (:func:`markdown_text`). Templates and the renderer never build
identifiers or escape text any other way."""

from __future__ import annotations

import json
import re
from functools import lru_cache

from generator.ir import Name

HARD_KEYWORDS = frozenset(
    """
    as break class continue do else false for fun if in interface is null object package return
    super this throw true try typealias typeof val var when while
    """.split()  # noqa: SIM905 -- a word list reads better than quoted strings
)
# Names the generated files use unqualified (default imports, kotlinx JSON, the runtime): a type
# declared with one of them in the SDK's package would shadow it.
USED_NAMES = frozenset(
    """
    Any Boolean Double Int Long String Unit Nothing List Map Set Pair Sequence Throwable
    Exception RuntimeException IllegalArgumentException NoSuchElementException JvmInline
    Suppress Deprecated Duration HttpClient System Math Json JsonElement JsonObject JsonArray
    JsonNull JsonPrimitive J Maybe DecodeException ResponseValidationException ParleyException
    ApiException ConnectionException TimeoutException Page PageScheme HttpRunner ClientOptions
    RequestOptions RetryPolicy Request Body FilePart Params BinaryResponse Flow Dispatchers
    withContext flow Companion AsyncPage Stream ServerSentEvent ApiStreamException
    """.split()  # noqa: SIM905
)
# Members every generated model has; a property with one of these names is renamed.
MODEL_MEMBERS = frozenset(
    {"additionalProperties", "toJson", "copy", "equals", "hashCode", "toString", "fromJson"}
    | {f"component{i}" for i in range(1, 300)}
)
# Parameters and locals every generated method has.
METHOD_LOCALS = frozenset({"requestOptions", "http", "async", "withOptions", "options"})
_SIMPLE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
GROUP_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
ARTIFACT_ID = re.compile(r"^[a-z][a-z0-9-]*$")
PACKAGE = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$")


@lru_cache(maxsize=65536)  # the same property names come back once per use
def identifier(text: str) -> str:
    """``text`` usable as a Kotlin identifier: a hard keyword, or text starting with a digit,
    goes in backticks (``\\`in\\```); anything else outside ``[A-Za-z0-9_]`` is refused."""
    if not re.fullmatch(r"[A-Za-z0-9_]+", text):
        raise ValueError(f"not identifier text: {text!r}")
    if text in HARD_KEYWORDS or not _SIMPLE.match(text) or set(text) == {"_"}:
        return f"`{text}`"
    return text


def camel(name: Name | tuple[str, ...]) -> str:
    words = name.words if isinstance(name, Name) else name
    words = words or ("x",)
    return words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:])


def pascal(name: Name | tuple[str, ...]) -> str:
    """A type name; a leading digit gets a ``T`` (types are never backticked)."""
    words = name.words if isinstance(name, Name) else name
    text = "".join(w[:1].upper() + w[1:] for w in words) or "X"
    return f"T{text}" if text[:1].isdigit() else text


def screaming(name: Name | tuple[str, ...]) -> str:
    words = name.words if isinstance(name, Name) else name
    return "_".join(w.upper() for w in words) or "X"


class Namespace:
    """Unique raw names within one Kotlin scope; a taken name gets the next free suffix."""

    def __init__(self, taken: frozenset[str] | set[str] = frozenset()) -> None:
        self.taken: set[str] = set(taken)

    def claim(self, text: str) -> str:
        candidate, counter = text, 2
        while candidate in self.taken:
            candidate = f"{text}{counter}"
            counter += 1
        self.taken.add(candidate)
        return candidate


# ---------------------------------------------------------------- escaping, one per context

_BIDI_AND_SEPARATORS = {*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F,
                        0x2028, 0x2029, 0x0085, 0xFEFF}


def string_literal(text: str) -> str:
    """A Kotlin string literal for ``text``: ASCII only (everything else as ``\\uXXXX``, astral
    characters as surrogate pairs), and ``$`` escaped so no template is ever expanded."""
    if _PLAIN_LITERAL.fullmatch(text):
        return f'"{text}"'
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "$":
            out.append("\\$")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif 0x20 <= code < 0x7F:
            out.append(ch)
        elif 0xD800 <= code <= 0xDFFF:  # a lone surrogate cannot be spelled: U+FFFD
            out.append("\\ufffd")
        elif code <= 0xFFFF:
            out.append(f"\\u{code:04x}")
        else:
            high, low = divmod(code - 0x10000, 0x400)
            out.append(f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}")
    out.append('"')
    return "".join(out)


def json_literal(value: str) -> str:
    """A Kotlin expression for the JSON text ``value`` (canonical JSON from the IR)."""
    return f"J.parse({string_literal(value)})"


_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
KDOC_WIDTH = 100
"""ktfmt's line limit: the KDoc is wrapped as ktfmt (KOTLINLANG style) wraps it."""
_LIST_ITEM = re.compile(r"^([-*+]|\d+[.)])\s")
_FENCE = re.compile(r"^(```|~~~)")
"""A fence at the start of a line (ktfmt re-flows an indented one as text)."""
_KDOC_WORD = re.compile(r"(?:\S*[^\s!])?\[[^\]]*\]\S*|\S+")
"""A word of KDoc text: a bracketed group (a Markdown link ``[text](url)``, not an image) as
one."""
_NO_LINE_START = re.compile(r"[-+*\[]$|[>#@]|```|\d+[.)]$")
"""A word ktfmt never wraps to the start of a line (it would read as Markdown or a tag): it
goes with the word before it."""


@lru_cache(maxsize=4096)  # the same field docs recur in model after model
def kdoc(*texts: str | None, indent: str = "") -> str:
    """A ``/** ... */`` block (ending in a newline) for free spec text; "" when empty.

    Kotlin comments nest, so both ``*/`` and ``/*`` are broken up; control characters, bidi
    controls and lone surrogates are written as ``\\uXXXX`` text. The text is laid out as ktfmt
    lays it out (so the generated sources are ktfmt-clean): paragraphs re-flowed to 100
    columns, list items and ``@`` tags on lines of their own (continued two columns in), fenced
    code kept as it is, one line when it fits."""
    paragraphs = [t for t in texts if t is not None and t.strip()]
    raw: list[str] = []
    for index, text in enumerate(paragraphs):
        if index:
            raw.append("")
        raw.extend(_kdoc_line(line) for line in _LINE_BREAK.split(text))
    lines = _kdoc_flow(raw, KDOC_WIDTH - len(indent) - 3)
    if not lines:
        return ""
    if len(lines) == 1 and not lines[0].startswith("@") and \
            len(indent) + _width(lines[0]) + 7 <= KDOC_WIDTH and not _FENCE.match(lines[0]):
        return f"{indent}/** {lines[0]} */\n"
    body = "".join(f"{indent} * {line}\n" if line else f"{indent} *\n" for line in lines)
    return f"{indent}/**\n{body}{indent} */\n"


def _width(text: str) -> int:
    """Columns as ktfmt counts them: UTF-16 code units."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le", "surrogatepass")) // 2


def _kdoc_flow(raw: list[str], width: int) -> list[str]:
    """ktfmt's KDoc layout of escaped lines: ``width`` columns for the text after `` * ``."""
    out: list[str] = []
    text_lines: list[str] = []  # the paragraph being filled
    hang = ""  # its continuation indent
    in_fence = False
    after_fence = False
    after_tags = False

    def flush() -> None:
        words: list[str] = []
        for word in _KDOC_WORD.findall(" ".join(text_lines)):
            word = " ".join(word.split())
            if words and _NO_LINE_START.match(word):
                words[-1] += " " + word
            else:
                words.append(word)
        text_lines.clear()
        # A bracketed group stays whole, unless it opens the paragraph and is too long.
        units = words[0].split(" ") if words and _width(words[0]) > width else words[:1]
        units += words[1:]
        line = ""
        line_width = 0  # _width(line), kept as the line grows
        first = True
        for word in units:
            word_width = _width(word)
            if not line:
                line = word if first else hang + word
                line_width = word_width if first else len(hang) + word_width
            elif line_width + 1 + word_width <= width:
                line += " " + word
                line_width += 1 + word_width
            else:
                out.append(line)
                first = False
                line = hang + word
                line_width = len(hang) + word_width
        if line:
            out.append(line)

    def blank() -> None:
        if out and out[-1]:
            out.append("")

    def drop_blank() -> None:
        if len(out) >= 2 and not out[-1]:
            out.pop()

    for line in raw:
        if in_fence:
            out.append(line)
            if _FENCE.match(line):
                in_fence = False
                after_fence = True
            continue
        text = line.strip(" ")
        if _FENCE.match(line):
            flush()
            # ktfmt sets a code block off by a blank line, except after a line ending in ":".
            drop_blank()
            if out and not out[-1].endswith(":"):
                blank()
            out.append(line.rstrip(" "))
            in_fence = True
            continue
        if not text:
            flush()
            blank()
            hang = ""
            continue
        if after_fence:
            blank()
            after_fence = False
        if text.startswith("#"):
            flush()
            blank()
            out.append(" ".join(text.split()))
            hang = ""
            continue
        item = _LIST_ITEM.match(text)
        if text.startswith("@"):
            flush()
            if not after_tags or not hang:
                blank()
            after_tags = True
            hang = "  "
        elif after_tags and hang and text.startswith("<"):
            # A line opening with a tag (HTML, <url>) ends ktfmt's block tag: a paragraph of
            # its own.
            flush()
            blank()
            hang = ""
        elif item:
            flush()
            drop_blank()  # ktfmt joins a list to what is before it
            hang = " " * len(item.group(0))
        text_lines.append(text)
    flush()
    while out and not out[-1]:
        out.pop()
    while out and not out[0]:
        out.pop(0)
    return out


_PRINTABLE_ASCII = re.compile(r"[\t -~]*")
"""Text that no comment escaper changes character by character (the usual case: skip the loop)."""
_PLAIN_LITERAL = re.compile(r"[ !#%-\[\]-~]*")
"""Printable ASCII but for the quote, backslash and dollar: the literal is the text in quotes."""


def _kdoc_line(raw: str) -> str:
    if _PRINTABLE_ASCII.fullmatch(raw):
        line = raw.replace("\t", " ").rstrip(" ")
        while "*/" in line or "/*" in line:
            line = line.replace("*/", "*&#47;").replace("/*", "/&#42;")
        return line
    out = []
    for ch in raw.replace("\t", " "):
        code = ord(ch)
        if code < 0x20 or code == 0x7F or code in _BIDI_AND_SEPARATORS or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    line = "".join(out).rstrip(" ")
    # Break every comment opener and closer (Kotlin block comments nest).
    while "*/" in line or "/*" in line:
        line = line.replace("*/", "*&#47;").replace("/*", "/&#42;")
    return line


_MARKDOWN_ESCAPED = re.compile(
    "[\x00-\x1f" + "".join(re.escape(chr(c)) for c in sorted(_BIDI_AND_SEPARATORS)) + "]")
"""A character :func:`markdown_text` spells as ``\\uXXXX`` (most text has none: no walk)."""


def markdown_text(text: str) -> str:
    """Spec text on one Markdown line (no HTML, no line breaks, no control characters)."""
    line = " ".join(re.split(r"[\r\n\x85\u2028\u2029]+", text))
    if _MARKDOWN_ESCAPED.search(line):
        line = "".join(f"\\u{ord(c):04x}" if ord(c) < 0x20 or ord(c) in _BIDI_AND_SEPARATORS
                       else c for c in line)
    return line.replace("<", "&lt;").replace(">", "&gt;").strip()


def markdown_code(text: str) -> str:
    """Inline code in Markdown (backticks in the text become quotes)."""
    return f"`{markdown_text(text).replace('`', chr(39))}`"


def xml_text(text: str) -> str:
    """Text inside an XML element of pom.xml (control characters dropped: XML 1.0 has none)."""
    clean = "".join(c for c in text if c in "\t\n" or (ord(c) >= 0x20 and ord(c) not in
                                                      _BIDI_AND_SEPARATORS and
                                                      not 0xD800 <= ord(c) <= 0xDFFF
                                                      and c not in "\ufffe\uffff"))
    return clean.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def json_text(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)

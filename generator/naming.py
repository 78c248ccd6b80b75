"""Language-neutral naming: turn any spec string into a :class:`~generator.ir.Name` and keep
names unique within a scope. Language backends add casing and reserved-word rules on top."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

# At module level, not per call (an import statement per name made was a hot spot of the IR
# build): neither the registry nor the no-op shortcut (generator.stamp) imports this module.
from generator.ir import Name

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NON_ALNUM = re.compile(r"[^A-Za-z0-9]+")
MAX_WORDS = 10
"""Longer names (deeply nested inline objects) are shortened with a stable hash."""
MAX_NAME_CHARS = 120
"""Names are also capped by length (ASCII, so bytes): one 300-byte path segment must not
become a file name longer than the 255 bytes file systems allow."""
_MAX_WORD_CHARS = 20
"""Each word of a shortened name keeps at most this many characters."""

WINDOWS_DEVICE_NAMES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"com{i}" for i in range(10)] + [f"lpt{i}" for i in range(10)]
)
"""Names Windows reserves in every directory, whatever the case or extension (``nul.py``)."""


def is_windows_device_name(file_name: str) -> bool:
    """``nul``, ``COM3.txt``, ``lpt1.tar.gz``, ``con `` are devices on Windows, not files."""
    return file_name.split(".")[0].rstrip(" ").lower() in WINDOWS_DEVICE_NAMES


@lru_cache(maxsize=65536)  # the same schema and property names come back once per use
def words_of(text: str) -> tuple[str, ...]:
    """``"fooBar-baz 2"`` → ``("foo", "bar", "baz", "2")``; non-ASCII is transliterated or
    dropped (``"café"`` → ``("cafe",)``, emoji vanish). May return ``()``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words: list[str] = []
    for chunk in _NON_ALNUM.split(ascii_text):
        if chunk:
            words.extend(w.lower() for w in _CAMEL_BOUNDARY.split(chunk) if w)
    return tuple(words)


def make_name(text: str, fallback: tuple[str, ...]) -> Name:
    """A Name for ``text``; ``fallback`` words when nothing usable remains (``""``, ``"!"``)."""
    words = words_of(text)
    if not words:
        words = fallback
        if text:  # keep distinct unusable names distinct, deterministically
            words = fallback + (hashlib.sha256(text.encode("utf-8")).hexdigest()[:6],)
    return Name(shorten(words), text)


def shorten(words: tuple[str, ...]) -> tuple[str, ...]:
    if len(words) <= MAX_WORDS and sum(map(len, words)) <= MAX_NAME_CHARS:
        return words
    digest = hashlib.sha256("_".join(words).encode("ascii")).hexdigest()[:8]
    kept = words[:4] + words[-4:] if len(words) > MAX_WORDS else words[:8]
    if sum(len(w) for w in kept) + 9 > MAX_NAME_CHARS:  # still too long: trim every word
        cap = min(_MAX_WORD_CHARS, (MAX_NAME_CHARS - 9) // len(kept))
        kept = tuple(w[:cap] for w in kept)
    return kept + ("h" + digest,)


def collision_key(words: tuple[str, ...]) -> str:
    """Two names clash when their words concatenate to the same string (``foo_bar``,
    ``fooBar`` and ``foobar`` all clash): safe for every casing and case-insensitive file
    systems."""
    return "".join(words)


class Scope:
    """Hands out unique names within one scope (a model, an enum, an operation...)."""

    def __init__(self, taken: set[str] | None = None) -> None:
        self.taken: set[str] = set(taken or ())
        # base key → the last suffix tried for it: names only ever join `taken`, so every
        # smaller suffix is still taken, and n names sharing one base cost O(n), not O(n²).
        self._suffix: dict[str, int] = {}

    def claim(self, name: Name) -> tuple[Name, bool]:
        """The name itself, or with a numeric suffix word; the bool says a suffix was needed."""
        base = collision_key(name.words)
        if base not in self.taken:
            self.taken.add(base)
            return name, False
        counter = self._suffix.get(base, 1) + 1
        while True:
            candidate = Name(name.words + (str(counter),), name.original)
            key = collision_key(candidate.words)
            if key not in self.taken:
                self.taken.add(key)
                self._suffix[base] = counter
                return candidate, True
            counter += 1


# Words a title uses for "this is an API" rather than for its name.
_GENERIC_TITLE_WORDS = frozenset(
    {"api", "apis", "openapi", "swagger", "rest", "restful", "http", "web", "spec",
     "specification", "service", "services", "server", "sdk", "documentation", "docs",
     "definition", "definitions", "reference", "public", "v"}
)
# A title goes on after these with a description (``Spotify Web API with fixes ...``).
_TITLE_STOPS = frozenset({"with", "for", "from", "and", "by", "of", "the", "on", "in", "to"})
_MAX_TITLE_WORDS = 3


def title_names(title: str) -> tuple[tuple[str, ...], str, str] | None:
    """The API's own name from ``info.title``: (package words, client class, environment
    prefix). ``OpenAI`` → ``(("openai",), "OpenAI", "OPENAI")``; ``Llama Stack Specification``
    → ``(("llama", "stack"), "LlamaStack", "LLAMA_STACK")``. Each written word stays one word,
    as its title spells it (``OpenAI``, not ``open_ai``). None when no ASCII name word remains
    (``Два.ч``, ``API``): the caller keeps its defaults."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    # The name ends where prose or markup starts (``Foo (beta)``, ``Hazards */ ...``).
    ascii_text = re.split(r"[^A-Za-z0-9 \t._'-]", ascii_text)[0]
    chunks: list[str] = []
    for chunk in _NON_ALNUM.split(ascii_text):
        lower = chunk.lower()
        if not chunk:
            continue
        if lower in _TITLE_STOPS and chunks:
            break
        if lower in _GENERIC_TITLE_WORDS or lower in _TITLE_STOPS or chunk.isdigit():
            continue
        if re.fullmatch(r"v[0-9]+", lower):  # a version, not a name
            continue
        chunks.append(chunk)
        if len(chunks) == _MAX_TITLE_WORDS:
            break
    if not chunks or not chunks[0][0].isalpha():
        return None
    client = "".join(c[:1].upper() + c[1:] for c in chunks)
    return tuple(c.lower() for c in chunks), client, "_".join(c.upper() for c in chunks)

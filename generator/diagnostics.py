"""Errors as values: every problem found in the input is a Diagnostic with a severity and a
JSON pointer, collected in a Diagnostics sink and reported together by the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


def pointer(*parts: str | int) -> str:
    """Build an RFC 6901 JSON pointer from unescaped reference tokens."""
    return "/" + "/".join(map(_token, parts)) if parts else ""


def _token(part: str | int) -> str:
    text = str(part)
    if "~" not in text and "/" not in text:  # almost every token: nothing to escape
        return text
    return text.replace("~", "~0").replace("/", "~1")


def join_pointer(base: str, *parts: str | int) -> str:
    return base + pointer(*parts)


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity
    pointer: str
    """Where in the input, e.g. ``#/paths/~1v1~1x/get`` (``#`` for the whole document)."""
    message: str
    source: str = "spec"
    """Which input: ``spec`` or ``config``."""

    def format(self) -> str:
        where = self.pointer if self.pointer.startswith("#") else "#" + self.pointer
        return f"{self.severity}: {self.source} {where}: {self.message}"


class GenerationError(Exception):
    """Raised to stop generation; carries every error diagnostic collected so far."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))


@dataclass
class Diagnostics:
    """Collects diagnostics; ``fatal`` records an error and stops at once."""

    items: list[Diagnostic] = field(default_factory=list)
    source: str = "spec"
    # A construct met twice (a dangling $ref checked up front and again when built) is
    # reported once.
    _seen: set[str] = field(default_factory=set, repr=False, compare=False)

    def add(self, diagnostic: Diagnostic) -> None:
        key = diagnostic.format()  # ``#/a`` and ``/a`` are one pointer
        if key not in self._seen:
            self._seen.add(key)
            self.items.append(diagnostic)

    def checkpoint(self) -> int:
        """A mark to :meth:`rewind` to: what has been recorded so far."""
        return len(self.items)

    def rewind(self, mark: int) -> None:
        """Forget what was recorded after ``mark`` (a step about to be done again)."""
        del self.items[mark:]
        self._seen = {item.format() for item in self.items}

    def warn(self, where: str, message: str) -> None:
        self.add(Diagnostic("warning", where, message, self.source))

    def error(self, where: str, message: str) -> None:
        self.add(Diagnostic("error", where, message, self.source))

    def fatal(self, where: str, message: str) -> GenerationError:
        """Record an error and return the exception to raise (``raise diags.fatal(...)``)."""
        self.error(where, message)
        return GenerationError(self.errors())

    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def raise_if_errors(self) -> None:
        if self.errors():
            raise GenerationError(self.errors())

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.items)

"""What the Kotlin renderer's reusable pieces (:class:`~generator.render_memo.RenderMemo`) are
keyed on, and the per-piece text passes (line fitting, the words imports are chosen by).

A declaration or a method reads, besides its own IR node, only the Kotlin names and the kinds
of the declarations it refers to (and, through an alias, what the alias stands for):
:meth:`Deps.key` is exactly that, so renaming or adding an unrelated schema reuses it.
"""

from __future__ import annotations

import re

from generator.ir import (
    AliasDecl,
    AnyType,
    JsonLiteral,
    LiteralType,
    Name,
    NullType,
    RefType,
    ScalarType,
    TypeDecl,
    Usage,
)
from generator.languages.kotlin import layout
from generator.render_memo import RenderMemo

_LEAVES = frozenset({str, int, float, bool, type(None), Name, JsonLiteral, ScalarType, LiteralType,
                     AnyType, NullType, Usage})
"""What holds no reference (skipped without a look inside)."""
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
_COMMENT_LINE = re.compile(r"^[^\S\n]*(?:\*|/\*|//).*$", re.MULTILINE)
_KDOC_REF = re.compile(r"\[([A-Za-z_][\w.]*)\]")
_WORD = re.compile(r"[A-Za-z_]\w*")

Fitted = tuple[str, frozenset[str]]
"""A text after :func:`layout.fit_text`, and the words an import may be kept for."""


def ref_ids(node: object) -> frozenset[str]:
    """The ids of every declaration ``node`` (an IR node) refers to, at any depth."""
    out: set[str] = set()
    stack = [node]
    pop, push = stack.pop, stack.extend
    while stack:
        item = pop()
        kind = type(item)
        if kind in _LEAVES:
            continue
        if kind is RefType:
            out.add(item.id)  # type: ignore[attr-defined]  # RefType, by its type
        elif kind is tuple:
            push(item)  # type: ignore[arg-type]  # a tuple, by its type
        elif hasattr(item, "__dataclass_fields__"):
            push(vars(item).values())
        elif isinstance(item, dict):  # none in today's IR: walked rather than missed
            push(item.values())
        elif isinstance(item, (list, set, frozenset)):
            push(item)
    return frozenset(out)


def interned(memo: RenderMemo, name: str, node: object) -> tuple[object, frozenset[str]]:
    """``node`` as last run's equal object when there is one (so later keys holding it compare
    by identity), and the ids it refers to."""
    return memo.piece(name, node, lambda: (node, ref_ids(node)))


class Deps:
    """The declarations of one run by id, interned, with their Kotlin names and references."""

    def __init__(self, memo: RenderMemo, decls: tuple[TypeDecl, ...],
                 names: dict[str, str]) -> None:
        self.names = names
        self.nodes: dict[str, object] = {}
        self.refs: dict[str, frozenset[str]] = {}
        self.aliases: set[str] = set()
        for decl in decls:
            self.nodes[decl.id], self.refs[decl.id] = interned(
                memo, f"kotlin:type:{decl.id}", decl)
            if isinstance(decl, AliasDecl):
                self.aliases.add(decl.id)
        self.kinds = {decl.id: decl.kind for decl in decls}

    def key(self, ids: frozenset[str]) -> tuple[tuple[str, str, object], ...]:
        """What a renderer reads of the declarations ``ids`` name: each one's Kotlin name and
        kind, an alias whole (its target is spelled and walked), and so on through aliases."""
        seen: set[str] = set()
        stack = list(ids)
        while stack:
            ref = stack.pop()
            if ref in seen:
                continue
            seen.add(ref)
            if ref in self.aliases:
                stack.extend(self.refs[ref])
        return tuple(
            (ref, self.names.get(ref, ""),
             self.nodes[ref] if ref in self.aliases else self.kinds.get(ref, ""))
            for ref in sorted(seen)
        )


def import_words(text: str, candidates: frozenset[str]) -> frozenset[str]:
    """The ``candidates`` (imported simple names) ``text`` refers to: by name in code (outside
    string literals), or as a ``[Name]`` link in a comment; line by line (no pattern crosses a
    newline), so the words of a file are the union of its pieces' words."""
    if not candidates:
        return frozenset()
    comments = "\n".join(_COMMENT_LINE.findall(text))
    refs = {ref.split(".")[0] for ref in _KDOC_REF.findall(comments)}
    code = _STRING.sub('""', _COMMENT_LINE.sub("", text))
    return frozenset((set(_WORD.findall(code)) | refs) & candidates)


def fit(text: str, candidates: frozenset[str]) -> Fitted:
    """``text`` laid out, and its import words (line by line: pieces joined by newlines give
    the layout and the words of the whole)."""
    return scanned(layout.fit_text(text), candidates)


def scanned(fitted: str, candidates: frozenset[str]) -> Fitted:
    """``fitted`` (already laid out) and its import words."""
    return fitted, import_words(fitted, candidates)


def fit_piece(memo: RenderMemo, name: str, text: str, candidates: frozenset[str]) -> Fitted:
    """:func:`fit`, reused while ``text`` is unchanged."""
    return memo.piece(name, (text, candidates), lambda: fit(text, candidates))


def fit_lines_piece(memo: RenderMemo, name: str, text: str,
                    candidates: frozenset[str]) -> Fitted:
    """:func:`fit` for a text that changes a little every run (the client's header, which
    spells the spec's hash): only its lines :func:`layout.fit_text` breaks are the piece."""
    lines = text.split("\n")
    long = tuple(line for line in lines if _breaks(line))
    fitted = iter(memo.piece(name, long, lambda: tuple(layout.fit(line) for line in long)))
    out = "\n".join(next(fitted) if _breaks(line) else line for line in lines)
    return out, import_words(out, candidates)


def _breaks(line: str) -> bool:
    """Whether :func:`layout.fit_text` hands ``line`` to :func:`layout.fit`."""
    return len(line) > layout.WIDTH and not line.lstrip().startswith(("*", "/*", "//"))


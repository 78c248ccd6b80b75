"""Line breaking of the Kotlin the backend emits, as ktfmt (KOTLINLANG style, 100 columns) breaks
it, so the generated sources pass the lint stage's ``spotless:check`` without running ktfmt here.

The emitters write every statement on one logical line; :func:`fit` keeps a line that fits and
breaks a longer one the way ktfmt does for the few shapes the backend writes: calls (one argument
a line, a trailing comma when there are two or more), trailing lambdas, named arguments and
``=`` (broken after the ``=``), ``+`` and ``to`` (broken after the operator) and ``?:`` (broken
before it). It parses only the backend's own output, in which spec text is only ever inside
string literals (already escaped by :func:`naming.string_literal`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain

WIDTH = 100
STEP = 4

_TOKEN = re.compile(
    r'(\s*)(?:("(?:[^"\\]|\\.)*"|`[^`]*`|[A-Za-z_][A-Za-z0-9_]*|\d[\w.]*|\?\.|\?:|->|!!|[().,{}\[\]<>=+:])'
    r'|(\S))'
)
"""The spaces before a token, the token, or (the third group) the first character of something
outside the subset."""
_LOOKAHEAD = 4
"""The parser looks at most this many tokens ahead: the token list ends in as many Nones."""
_BINARY_OPS = ("?:", "to", "+")
"""Binary operators, loosest first."""


class _Unparsed(Exception):
    """A line outside the subset: it is left as it is."""


class _Node:
    flat_text: str | None = None
    """:func:`flat` of the node, once asked (a node is laid out from the top down, and each level
    asks for the flat text of the levels below it)."""


@dataclass
class Atom(_Node):
    text: str


@dataclass
class Call(_Node):
    head: Node
    args: list[Node] | None  # None: only a trailing lambda
    lam: Lambda | None = None


@dataclass
class Lambda(_Node):
    params: str
    body: Node


@dataclass
class Named(_Node):
    name: str
    value: Node


@dataclass
class Binary(_Node):
    op: str
    operands: list[Node]


@dataclass
class Paren(_Node):
    inner: Node


@dataclass
class Chain(_Node):
    """A call on a call's result (``withContext(…) { … }.asFlow()``)."""

    base: Node
    suffix: str


@dataclass
class IfElse(_Node):
    cond: str
    then: Node
    other: Node


@dataclass
class Source(_Node):
    """A call's argument not parsed yet: its text (already in the one-line form :func:`flat`
    gives, as the backend writes every expression), parsed only if it has to be broken.

    Most arguments of a long call fit on their own line once the call is broken, so skipping
    their parse is most of the layout's time (bench/results/profile-parallel.md)."""

    text: str
    tokens: _Tokens | None = None
    """The line it was read from, and where in its tokens (None: the text alone)."""
    start: int = 0
    end: int = 0

    def parse(self) -> Node:
        if self.tokens is None:
            self.tokens = _tokens(self.text)
            self.end = len(self.tokens.toks) - _LOOKAHEAD
        parser = _Parser(self.tokens, self.start)
        try:
            node = parser.arg()
        except IndexError as e:
            raise _Unparsed(self.text) from e
        if parser.i != self.end:
            raise _Unparsed(self.text)
        return node


Node = Atom | Call | Lambda | Named | Binary | Paren | IfElse | Chain | Source
_OPENERS = frozenset("([{")
_CLOSERS = frozenset(")]}")
_NOT_SKIPPED = frozenset(("<", ">", "if", "when", "try", "else"))
"""Tokens an argument is parsed for at once: generics (their commas are not the call's) and
what the parser refuses (so a line it cannot lay out is still kept as it is)."""


@dataclass
class _Tokens:
    """A line's tokens, then ``_LOOKAHEAD`` Nones."""

    toks: list[str | None]
    found: list[tuple[str, str, str]]
    """The regex's groups for each token: the line is their concatenation."""

    def text(self, start: int, end: int) -> str:
        """The text of tokens ``start`` to ``end`` (excluded)."""
        return "".join(chain.from_iterable(self.found[start:end])).lstrip()


def _tokens(text: str) -> _Tokens:
    found = _TOKEN.findall(text)
    if any(bad for _space, _tok, bad in found):
        raise _Unparsed(text)
    return _Tokens([tok for _space, tok, _bad in found] + [None] * _LOOKAHEAD, found)


class _Parser:
    def __init__(self, tokens: _Tokens, start: int = 0) -> None:
        self.tokens = tokens
        self.t = tokens.toks
        self.i = start

    def peek(self, k: int = 0) -> str | None:
        return self.t[self.i + k]

    def take(self, want: str | None = None) -> str:
        tok = self.peek()
        if tok is None or (want is not None and tok != want):
            raise _Unparsed(f"want {want}, got {tok}")
        self.i += 1
        return tok

    def expr(self) -> Node:
        first = self.postfix()
        if self.t[self.i] not in _BINARY_OPS:  # most expressions: no operator to climb
            return first
        return self._binary(0, first)

    def _binary(self, level: int, first: Node | None = None) -> Node:
        """Operands joined by ``_BINARY_OPS[level]`` or tighter (``first``: the first operand,
        already parsed)."""
        if level == len(_BINARY_OPS):
            return self.postfix() if first is None else first
        op = _BINARY_OPS[level]
        operands = [self._binary(level + 1, first)]
        while self.t[self.i] == op:
            self.i += 1
            operands.append(self._binary(level + 1))
        return operands[0] if len(operands) == 1 else Binary(op, operands)

    def postfix(self) -> Node:
        node = self.primary()
        text = None if not isinstance(node, Atom) else node.text
        while True:
            tok = self.peek()
            if tok in (".", "?.") and text is not None:
                self.take()
                text += tok + self.take()
                node = Atom(text)
            elif tok == "<" and text is not None:
                depth = 0
                while True:
                    piece = self.take()
                    depth += {"<": 1, ">": -1}.get(piece, 0)
                    text += piece + (" " if piece == "," else "")
                    if depth == 0:
                        break
                node = Atom(text)
            elif tok == "[" and text is not None:
                self.take()
                inner = self.take()
                self.take("]")
                text += f"[{inner}]"
                node = Atom(text)
            elif tok == "!!" and text is not None:
                self.take()
                text += "!!"
                node = Atom(text)
            elif tok == "(":
                self.take()
                args: list[Node] = []
                while self.peek() != ")":
                    args.append(self.lazy_arg())
                    if self.peek() == ",":
                        self.take()
                self.take(")")
                lam = self.lam() if self.peek() == "{" else None
                node = Call(node, args, lam)
                text = None
            elif tok == "{":
                node = Call(node, None, self.lam())
                text = None
            elif tok in (".", "?.") and isinstance(node, Call) and self.peek(2) == "(" \
                    and self.peek(3) == ")":
                suffix = self.take() + self.take() + self.take("(") + self.take(")")
                node = Chain(node, suffix)
                text = None
            elif tok in (".", "?."):
                raise _Unparsed("call chain")
            else:
                return node

    def lazy_arg(self) -> Node:
        """An argument as :class:`Source` when its end is plain to see, else parsed now."""
        t = self.t
        start = i = self.i
        depth = 0
        while True:
            tok = t[i]
            if tok is None or tok in _NOT_SKIPPED:
                return self.arg()
            if tok in _OPENERS:
                depth += 1
            elif tok in _CLOSERS:
                if depth == 0:
                    break
                depth -= 1
            elif tok == "," and depth == 0:
                break
            i += 1
        if i == start or tok not in (",", ")"):
            return self.arg()
        self.i = i
        return Source(self.tokens.text(start, i), self.tokens, start, i)

    def arg(self) -> Node:
        if self.peek(1) == "=" and self.peek(2) != "=":
            name = self.take()
            self.take("=")
            return Named(name, self.expr())
        return self.expr()

    def lam(self) -> Lambda:
        self.take("{")
        params: list[str] = []
        depth = 0
        start = self.i
        while True:  # the parameters, when the lambda has an arrow
            tok = self.peek()
            if tok is None or tok in ("{", "}", "(", ")"):
                self.i = start
                params = []
                break
            if tok == "->":
                params = [t for t in self.t[start:self.i] if t is not None]
                self.take()
                break
            self.i += 1
        del depth
        text = ""
        for tok in params:
            text += tok if tok in (",", ":") else (" " if text else "") + tok
        text = text.replace(",", ", ").replace(":", ": ").replace("  ", " ")
        body = self.if_else() if self.peek() == "if" else self.expr()
        self.take("}")
        return Lambda(text, body)

    def primary(self) -> Node:
        tok = self.take()
        if tok == "(":
            inner = self.expr()
            self.take(")")
            return Paren(inner)
        if tok == "{":
            self.i -= 1
            return self.lam()
        if tok in ("if", "when", "try", "else", ")", "}", ",", "=", "->"):
            raise _Unparsed(tok)
        return Atom(tok)

    def if_else(self) -> IfElse:
        """``if (a is B) x else y`` (the condition a plain check, kept as text)."""
        self.take("if")
        self.take("(")
        cond: list[str] = []
        while self.peek() != ")":
            cond.append(self.take())
        self.take(")")
        then = self.expr()
        self.take("else")
        return IfElse(re.sub(r" ?(\??\.) ?", r"\1", " ".join(cond)), then, self.expr())


def flat(node: Node) -> str:
    """``node`` on one line."""
    if node.flat_text is None:
        node.flat_text = _flat(node)
    return node.flat_text


def _flat(node: Node) -> str:
    if isinstance(node, (Atom, Source)):
        return node.text
    if isinstance(node, Paren):
        return f"({flat(node.inner)})"
    if isinstance(node, IfElse):
        return f"if ({node.cond}) {flat(node.then)} else {flat(node.other)}"
    if isinstance(node, Chain):
        return flat(node.base) + node.suffix
    if isinstance(node, Named):
        return f"{node.name} = {flat(node.value)}"
    if isinstance(node, Binary):
        return f" {node.op} ".join(flat(o) for o in node.operands)
    if isinstance(node, Lambda):
        return f"{{ {node.params} -> {flat(node.body)} }}" if node.params else (
            f"{{ {flat(node.body)} }}")
    args = "" if node.args is None else "(" + ", ".join(flat(a) for a in node.args) + ")"
    lam = "" if node.lam is None else " " + flat(node.lam)
    return f"{flat(node.head)}{args}{lam}"


def _broken_lambda(node: Lambda, indent: int) -> str:
    head = f"{{ {node.params} ->" if node.params else "{"
    body = render(node.body, indent + STEP, indent + STEP, 0)
    return f"{head}\n{' ' * (indent + STEP)}{body}\n{' ' * indent}}}"


def _fits(col: int, text: str, tail: int) -> bool:
    return "\n" not in text and col + len(text) + tail <= WIDTH


def render(node: Node, col: int, indent: int, tail: int = 0) -> str:
    """``node`` starting at column ``col`` of a line indented ``indent``, with ``tail`` more
    characters after it on its last line."""
    text = flat(node)
    if _fits(col, text, tail) or isinstance(node, Atom):
        return text
    if isinstance(node, Source):
        return render(node.parse(), col, indent, tail)
    pad = " " * (indent + STEP)
    if isinstance(node, Paren):
        return "(" + render(node.inner, col + 1, indent, tail + 1) + ")"
    if isinstance(node, Named):
        return f"{node.name} =\n{pad}" + render(node.value, indent + STEP, indent + STEP, tail)
    if isinstance(node, Binary):
        if node.op == "?:":
            left = flat(node.operands[0])
            if _fits(col, left, 0):
                rest = "".join(f"\n{pad}?: " + render(o, indent + STEP + 3, indent + STEP,
                                                     tail if i == len(node.operands) - 2 else 0)
                               for i, o in enumerate(node.operands[1:]))
                return left + rest
            head = render(node.operands[0], col, indent, 0)
            last = len(head) - head.rfind("\n") - 1 if "\n" in head else col + len(head)
            return head + " ?: " + render(Binary("?:", node.operands[1:]) if len(
                node.operands) > 2 else node.operands[1], last + 4, indent, tail)
        parts = []
        for i, operand in enumerate(node.operands):
            last = i == len(node.operands) - 1
            start = col if i == 0 else indent + STEP
            extra = tail if last else len(node.op) + 1
            piece = render(operand, start, indent if i == 0 else indent + STEP, extra)
            parts.append(piece + ("" if last else f" {node.op}"))
        return f"\n{pad}".join(parts)
    if isinstance(node, Lambda):
        return _broken_lambda(node, indent)
    if isinstance(node, Chain):
        base = flat(node.base)
        if not _fits(col, base, 0):  # ktfmt indents the broken receiver one step more
            base = render(node.base, col, indent + STEP, 0)
        return f"{base}\n{pad}{node.suffix}"
    if isinstance(node, IfElse):
        line = f"if ({node.cond}) {flat(node.then)}"
        if _fits(col, line, 0):
            return f"{line}\n{' ' * indent}else " + render(node.other, indent + 5, indent, tail)
        then = render(node.then, indent + STEP, indent + STEP, 0)
        other = render(node.other, indent + 5, indent, tail)
        return f"if ({node.cond})\n{pad}{then}\n{' ' * indent}else {other}"
    # A call.
    head = flat(node.head)
    if col + len(head) + 1 > WIDTH and "." in head and node.args is not None:
        # Not even ``head(`` fits: ktfmt breaks before the last ``.`` of the receiver.
        receiver, name = head.rsplit(".", 1)
        return receiver + f"\n{pad}." + render(Call(Atom(name), node.args, node.lam),
                                                indent + STEP + 1, indent + STEP, tail)
    if node.args is not None:
        args_flat = "(" + ", ".join(flat(a) for a in node.args) + ")"
        if node.lam is not None and _fits(col, head + args_flat + " { " + node.lam.params + " ->",
                                          0):
            return head + args_flat + " " + render(node.lam, col + len(head + args_flat) + 1,
                                                   indent, tail)
        if not node.args:
            return head + "()" + ("" if node.lam is None else " " + render(
                node.lam, col, indent, tail))
        many = len(node.args) > 1
        # ktfmt does not count the trailing comma it adds against the line's width.
        last = len(node.args) - 1
        rows = [pad + render(a, indent + STEP, indent + STEP, 1 if many and i < last else 0)
                + ("," if many else "") for i, a in enumerate(node.args)]
        close = f"\n{' ' * indent})"
        # After broken arguments ktfmt breaks the trailing lambda too.
        lam = "" if node.lam is None else " " + _broken_lambda(node.lam, indent)
        return head + "(\n" + "\n".join(rows) + close + lam
    assert node.lam is not None
    return head + " " + render(node.lam, col + len(head) + 1, indent, tail)


_ASSIGN = re.compile(r"^(?P<lead>\s*)(?P<prefix>(?:(?:private |internal |override |const )*"
                     r"(?:val|var|fun) [^=]*?|[A-Za-z_`][\w`]*(?:: [\w<>?, .]+)?) = )"
                     r"(?P<expr>.*)$")
_RETURN = re.compile(r"^(?P<lead>\s*)(?P<prefix>return )(?P<expr>.*)$")
_STATEMENT = re.compile(r"^(?P<lead>\s*)(?P<prefix>)(?P<expr>[A-Za-z_][\w.]*[(<].*)$")


_SHAPES = (_RETURN, _ASSIGN, _STATEMENT)
"""The statements :func:`fit` breaks, tried in this order."""


def fit(line: str) -> str:
    """One logical line (no newline) laid out as ktfmt lays it out; kept when it is no shape this
    module knows."""
    if len(line) <= WIDTH:
        return line
    trailing = "," if line.endswith(",") else ""
    body = line[:-1] if trailing else line
    for shape in _SHAPES:
        m = shape.match(body)
        if m is None:
            continue
        try:  # an argument is parsed only when it is broken: render can refuse it too
            return _laid_out(shape, m, parse(m.group("expr")), trailing)
        except _Unparsed:
            return line
    return line


def fit_call(start: str, head: str, args: list[str]) -> str:
    """The line ``{start}{head}({args})`` laid out exactly as :func:`fit` lays it out, without
    tokenising it: the backend hands over its call already split into arguments (the longest
    lines it writes, a model's ``fromJson`` and ``toJson``), each parsed only if it breaks."""
    line = f"{start}{head}({', '.join(args)})"
    if len(line) <= WIDTH:
        return line
    for shape in _SHAPES:
        m = shape.match(line)
        if m is None:
            continue
        if m.start("expr") != len(start) or not _NAME.fullmatch(head):
            return fit(line)  # the statement is not the call alone: lay out the line
        node = Call(Atom(head), [Source(arg) for arg in args])
        try:
            return _laid_out(shape, m, node, "")
        except _Unparsed:
            return line
    return line


_NAME = re.compile(r"[A-Za-z_][\w]*(?:\.[A-Za-z_][\w]*)*")
"""A callee :func:`parse` reads as one atom."""


def _laid_out(shape: re.Pattern[str], m: re.Match[str], node: Node, trailing: str) -> str:
    lead = len(m.group("lead"))
    prefix = m.group("prefix")
    tail = len(trailing)
    if shape is _ASSIGN:
        pad = lead + STEP
        head = m.group("lead") + prefix.rstrip()
        return head + "\n" + " " * pad + render(node, pad, pad, tail) + trailing
    return m.group("lead") + prefix + render(node, lead + len(prefix), lead, tail) + trailing


def signature(head: str, params: list[str], rest: str, indent: int) -> str:
    """``head(params)rest`` and a newline: on one line when it fits, else one parameter a line
    (a trailing comma when there are two or more; a default that does not fit on its line goes
    on the next)."""
    line = f"{head}({', '.join(params)}){rest}"
    if len(line) <= WIDTH:
        return line + "\n"
    pad = " " * (indent + STEP)
    comma = "," if len(params) > 1 else ""
    rows = []
    for i, param in enumerate(params):
        row = f"{pad}{param}{comma}"
        # The trailing comma (after the last) is not counted, as in calls.
        if len(row) - (i == len(params) - 1) * len(comma) > WIDTH and " = " in param:
            name, default = param.split(" = ", 1)
            row = f"{pad}{name} =\n{pad}{' ' * STEP}{default}{comma}"
        rows.append(row + "\n")
    return f"{head}(\n{''.join(rows)}{' ' * indent}){rest}\n"


def expression_function(head: str, params: list[str], rest: str, body: str,
                        indent: int) -> str:
    """``head(params)rest = body`` and a newline (``rest`` is ``: Type``): on one line when it
    fits, else the body on the next line (itself broken as :func:`fit` breaks it)."""
    sig = signature(head, params, f"{rest} =", indent)[:-1]
    line = f"{sig} {body}"
    if "\n" not in sig and len(line) <= WIDTH:
        return line + "\n"
    return f"{sig}\n{fit(' ' * (indent + STEP) + body)}\n"


def class_header(name: str, ctor: str) -> str:
    """``class Name internal constructor(…) {``; too long, ktfmt puts the constructor on a line
    of its own."""
    line = f"class {name} internal constructor{ctor} {{"
    return line if len(line) <= WIDTH else f"class {name}\ninternal constructor{ctor} {{"


def property_row(declaration: str, type_: str, default: str | None, indent: int) -> str:
    """``val x: T = default,`` (a constructor property) and a newline, broken as ktfmt breaks
    it: after the ``=``, then after the ``:``."""
    pad = " " * indent
    more = " " * (indent + STEP)
    if default is None:
        line = f"{pad}{declaration}: {type_},"
        return (line if len(line) <= WIDTH else f"{pad}{declaration}:\n{more}{type_},") + "\n"
    line = f"{pad}{declaration}: {type_} = {default},"
    if len(line) <= WIDTH:
        return line + "\n"
    head = f"{pad}{declaration}: {type_} ="
    if len(head) > WIDTH:
        head = f"{pad}{declaration}:\n{more}{type_} ="
    return f"{head}\n{fit(more + default + ',')}\n"


def supertypes(close: str, types: list[str], indent: int) -> str:
    """``close : A, B {`` (``close`` ends a class header), one supertype a line when too long."""
    line = f"{close} : {', '.join(types)} {{"
    if indent + len(line) <= WIDTH:
        return line
    if len(types) == 1:
        return f"{close} :\n{' ' * (indent + STEP)}{types[0]} {{"
    rows = ",\n".join(f"{' ' * (indent + STEP)}{t}" for t in types)
    return f"{close} :\n{rows} {{"


def when_branch(labels: list[str], value: str, indent: int) -> str:
    """A ``when`` branch and a newline: ``a -> value`` (broken after ``->`` when too long);
    ktfmt puts each of several labels on a line of its own."""
    pad = " " * indent
    heads = ",\n".join(pad + label for label in labels)
    line = f"{heads} -> {value}"
    if len(line) - line.rfind("\n") - 1 <= WIDTH:
        return line + "\n"
    return f"{heads} ->\n{fit(pad + ' ' * STEP + value)}\n"


def when_condition(condition: str, value: str, indent: int) -> str:
    """A ``condition -> value`` branch of a ``when`` without a subject, and a newline: a
    condition too long is broken as a call, the ``-> value`` after its last line."""
    pad = " " * indent
    line = f"{pad}{condition} -> {value}"
    if len(line) <= WIDTH:
        return line + "\n"
    try:
        return f"{pad}{render(parse(condition), indent, indent, 4 + len(value))} -> {value}\n"
    except _Unparsed:
        return line + "\n"


def parse(text: str) -> Node:
    """The expression ``text`` (:class:`_Unparsed` outside the subset)."""
    try:
        parser = _Parser(_tokens(text))
        node = parser.expr()
    except IndexError as e:
        raise _Unparsed(text) from e
    if parser.peek() is not None:
        raise _Unparsed("rest")
    return node


def fit_text(text: str) -> str:
    """:func:`fit` on every line of ``text`` that is code (comments are laid out by
    :func:`naming.kdoc`)."""
    out = []
    for line in text.split("\n"):
        stripped = line.lstrip()
        if len(line) > WIDTH and not stripped.startswith(("*", "/*", "//")):
            out.append(fit(line))
        else:
            out.append(line)
    return "\n".join(out)

"""The imports of one generated module, collected as data while its code is emitted.

Every piece of code that writes a name another module defines asks :meth:`Imports.use` (or
:meth:`Imports.use_from` for a generated class) for it, so the import block lists exactly the
names used: pyright strict rejects unused imports, and nothing is recovered by scanning the
rendered text (which enum values such as ``"a # b"`` or docstrings could fool).

Local modules are named from the package root with a leading dot (``._types``, ``.types``,
``.types._models``, ``.resources.items``); :meth:`Imports.block` makes them relative to the
module being written.
"""

from __future__ import annotations

from collections.abc import Iterable

_TYPING = (
    "TYPE_CHECKING", "Any", "ClassVar", "Dict", "List", "Mapping", "Optional", "Sequence",
    "Union", "cast", "overload",
)
_TYPING_EXT = ("Annotated", "Literal", "Required", "TypeAlias", "TypeAliasType", "TypedDict")
_RUNTIME: dict[str, tuple[str, ...]] = {
    "._base_client": (
        "AsyncAPIClient", "AuthScheme", "RetryPolicy", "SyncAPIClient", "make_request_options",
    ),
    "._models": ("UNKNOWN_TAG", "BaseModel", "OpenEnum", "UnknownVariant", "discriminated_union"),
    "._options": ("FinalRequestOptions",),
    "._pagination": ("AsyncPaginator",),
    "._resource": ("AsyncAPIResource", "SyncAPIResource"),
    "._response": (
        "AsyncBinaryAPIResponse", "BinaryAPIResponse", "async_to_raw_response_wrapper",
        "to_raw_response_wrapper", "async_to_streamed_response_wrapper",
        "to_streamed_response_wrapper",
    ),
    "._streaming": ("AsyncStream", "ServerSentEvent", "Stream"),
    "._types": (
        "NOT_GIVEN", "FileContent", "FileTypes", "Headers", "NotGiven", "Query", "Timeout",
    ),
    "._utils": ("path_template", "strip_not_given", "to_jsonable"),
}
KNOWN: dict[str, str] = {
    **{name: "typing" for name in _TYPING},
    **{name: "typing_extensions" for name in _TYPING_EXT},
    "Field": "pydantic",
    "Tag": "pydantic",
    "cached_property": "functools",
    "httpx": "httpx",
    "os": "os",
    **{name: module for module, names in _RUNTIME.items() for name in names},
}
"""Where each fixed name the generated code uses comes from (``import m`` when equal)."""

_STDLIB = frozenset({"typing", "functools", "os", "__future__", "datetime"})
# Modules whose same-named member is imported, not the module (``from datetime import datetime``).
_FROM_ONLY = frozenset({"datetime"})
# Local modules in the order their imports are listed (then first use).
_LOCAL_ORDER = (
    "_base_client", "_models", "_pagination", "_resource", "_response", "_streaming",
    "_options", "_types", "_utils", "pagination", "resources", "types",
)


ImportSnapshot = tuple[tuple[str, tuple[str, ...]], ...]
"""What :meth:`Imports.snapshot` records: (module, names) in first-use order."""


class Imports:
    """Names one module uses, by the module that defines them (insertion-ordered)."""

    def __init__(self) -> None:
        self._names: dict[str, set[str]] = {}

    def use(self, name: str) -> str:
        """A fixed name of :data:`KNOWN` (typing helpers, runtime names); returns it."""
        return self.use_from(KNOWN[name], name)

    def use_from(self, module: str, name: str) -> str:
        self._names.setdefault(module, set()).add(name)
        return name

    def use_all(self, names: Iterable[str]) -> None:
        for name in names:
            self.use(name)

    def merge(self, other: Imports) -> Imports:
        for module, names in other._names.items():
            self._names.setdefault(module, set()).update(names)
        return self

    def snapshot(self) -> ImportSnapshot:
        """Every name used so far, modules in first-use order: what a reused render piece
        gives back to :meth:`replay` (immutable, so a memo may hand it out again)."""
        # Tuples of strings: the collector stops tracking them (memos keep many).
        return tuple((module, tuple(names)) for module, names in self._names.items())

    def replay(self, snapshot: ImportSnapshot) -> None:
        """Use again what a piece's :meth:`snapshot` recorded (same modules, same order)."""
        for module, names in snapshot:
            self._names.setdefault(module, set()).update(names)

    def names(self) -> set[str]:
        return {n for names in self._names.values() for n in names}

    def block(self, here: str = "") -> str:
        """The import lines, for a module in package ``here`` (``""``: the package root,
        ``".resources"``, ``".types"``); grouped stdlib, third-party, local."""
        plain: list[str] = []
        std: list[str] = []
        third: list[str] = []
        local: list[tuple[tuple[int, int], str]] = []
        order = list(self._names)
        for key in sorted(self._names, key=lambda k: (not k.startswith("."), k)):
            wanted = sorted(self._names[key], key=lambda n: (n.lower(), n))
            if not wanted:
                continue
            if wanted == [key] and key not in _FROM_ONLY:
                plain.append(f"import {key}")
                continue
            module = _relative(key, here) if key.startswith(".") else key
            if len(", ".join(wanted)) + len(module) + 14 <= 100:
                line = f"from {module} import {', '.join(wanted)}"
            else:
                line = f"from {module} import (\n" + "".join(f"    {n},\n" for n in wanted) + ")"
            if key.startswith("."):
                first = key[1:].split(".")[0]
                rank = _LOCAL_ORDER.index(first) if first in _LOCAL_ORDER else len(_LOCAL_ORDER)
                local.append(((rank, order.index(key)), line))
            elif key in _STDLIB:
                std.append(line)
            else:
                third.append(line)
        groups = [sorted(plain + std), sorted(third), [line for _, line in sorted(local)]]
        return "\n\n".join("\n".join(g) for g in groups if g) + "\n"


def _relative(key: str, here: str) -> str:
    """``key`` (from the package root) as seen from package ``here``."""
    if here and key.startswith(here + "."):
        return "." + key[len(here) + 1 :]
    return "." * here.count(".") + key

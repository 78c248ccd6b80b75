"""The one registry of languages. Each package ``generator.languages.<lang>`` with a
``backend`` module defining ``BACKEND`` (a :class:`generator.backend.Backend`) is a language;
nothing else anywhere lists them. ``BACKENDS`` maps each name to its backend.

Only the ``backend`` modules are imported here (standard library only, see
:mod:`generator.backend`); each renderer is imported when its backend first renders.
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from collections.abc import Iterator
from contextlib import contextmanager

from generator.backend import Backend


def _discover() -> dict[str, Backend]:
    found: dict[str, Backend] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        name = f"{__name__}.{module.name}.backend"
        if not module.ispkg or importlib.util.find_spec(name) is None:
            continue
        backend = importlib.import_module(name).BACKEND
        if not isinstance(backend, Backend) or backend.name != module.name:
            raise TypeError(f"{name}.BACKEND must be a Backend named {module.name!r}")
        found[backend.name] = backend
    return found


BACKENDS: dict[str, Backend] = _discover()


def backends() -> tuple[Backend, ...]:
    """Every registered language, in name order."""
    return tuple(BACKENDS[name] for name in sorted(BACKENDS))


def get_backend(name: str) -> Backend | None:
    """The backend for ``name``, or None: callers turn that into their own clean error."""
    return BACKENDS.get(name)


def unknown_language(name: str) -> str:
    """The one wording for a language nobody registered."""
    return f"unknown language {name!r} (known: {', '.join(sorted(BACKENDS))})"


@contextmanager
def registered(backend: Backend) -> Iterator[Backend]:
    """Register ``backend`` for the duration of a ``with`` block (tests, plugins)."""
    if backend.name in BACKENDS:
        raise ValueError(f"language {backend.name!r} is already registered")
    BACKENDS[backend.name] = backend
    try:
        yield backend
    finally:
        del BACKENDS[backend.name]

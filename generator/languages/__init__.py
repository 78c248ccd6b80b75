"""Registry of language backends. Each backend is a package ``generator.languages.<lang>``
exposing ``render(ir: IR, config: SdkConfig) -> dict[str, str]`` (relative POSIX path → text).

Backends are imported lazily, so a missing or broken backend only affects its own language.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from generator.config import SdkConfig
    from generator.ir import IR

Renderer = Callable[["IR", "SdkConfig"], dict[str, str]]

BACKENDS: dict[str, str] = {
    "python": "generator.languages.python.render",
    "typescript": "generator.languages.typescript.render",
}


def get_renderer(language: str) -> Renderer:
    """The backend's ``render`` function; KeyError for an unknown language."""
    module = importlib.import_module(BACKENDS[language])
    renderer: Renderer = module.render
    return renderer

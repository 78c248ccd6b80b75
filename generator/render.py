"""The shared Jinja2 environment. Templates receive only IR objects and values already escaped
by the language's naming module; ``StrictUndefined`` turns any typo into an error, and
autoescaping is off because the output is source code, not HTML."""

from __future__ import annotations

import contextlib
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jinja2


def _templates_root() -> Path:
    """The wheel ships the templates inside the package; a source checkout keeps them at the
    repository's top level, beside ``generator/``."""
    package = Path(__file__).resolve().parent
    packaged = package / "templates"
    return packaged if packaged.is_dir() else package.parent / "templates"


TEMPLATES_ROOT = _templates_root()


@cache
def environment(language: str) -> jinja2.Environment:
    import jinja2  # here, not at the top: the no-op shortcut (generator.stamp) reads TEMPLATES_ROOT

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_ROOT / language)),
        bytecode_cache=_bytecode_cache(),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_template(language: str, name: str, **context: Any) -> str:
    return environment(language).get_template(name).render(**context)


def _bytecode_cache() -> Any:
    """Jinja2's compiled templates kept between runs (compiling them was a tenth of a run on
    small specs). Jinja keys each entry by template path and checks its source checksum and
    the Python version, and writes atomically; a cache it cannot use is only skipped."""
    import jinja2

    class _Cache(jinja2.FileSystemBytecodeCache):
        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            # A read-only or full temp dir only costs the next run a compile.
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    try:
        return _Cache()
    except (OSError, RuntimeError):  # no private temp directory: compile every run
        return None

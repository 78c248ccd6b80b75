"""Write the app's OpenAPI spec to `spec/openapi.yaml`, or check that the committed one is current.

    python -m app.export [--out spec/openapi.yaml]    # (re)write the spec
    python -m app.export --check [--out PATH]         # exit 1 with a unified diff if stale

The output is byte-identical across runs and hash seeds: FastAPI builds the document in
route-registration order, components are sorted by name here, and the YAML writer keeps
that order (see `pipeline.specfile`).
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path
from typing import Any

from pipeline.specfile import dump_spec

DEFAULT_OUT = Path("spec/openapi.yaml")
REGENERATE_HINT = "python -m app.export"

# Conventional order of the top-level OpenAPI fields, for a spec that reads top-down.
TOP_LEVEL_ORDER = (
    "openapi",
    "info",
    "jsonSchemaDialect",
    "servers",
    "paths",
    "webhooks",
    "components",
    "security",
    "tags",
    "externalDocs",
)


class ExportError(Exception):
    """The app's spec cannot be exported; the message says what to fix."""


def canonical_order(spec: dict[str, Any]) -> dict[str, Any]:
    """Top-level fields in conventional order, each components section sorted by name.

    Everything else keeps FastAPI's order, which follows the source (routes, fields).
    """
    ordered = {key: spec[key] for key in TOP_LEVEL_ORDER if key in spec}
    ordered.update({key: value for key, value in spec.items() if key not in ordered})
    components = ordered.get("components")
    if isinstance(components, dict):
        ordered["components"] = {
            section: dict(sorted(entries.items())) if isinstance(entries, dict) else entries
            for section, entries in sorted(components.items())
        }
    return ordered


def build_spec() -> dict[str, Any]:
    """The published spec: the app's own `/openapi.json` document, canonically ordered."""
    from app.main import create_app  # imported late: building the app is the slow part
    from app.version import __version__

    spec = create_app().openapi()
    version = spec.get("info", {}).get("version")
    if version != __version__:
        raise ExportError(
            f"info.version is {version!r} but app.version.__version__ is {__version__!r}; "
            "create_app must pass version=__version__ to FastAPI"
        )
    if spec.get("openapi") != "3.1.0":
        raise ExportError(f"expected OpenAPI 3.1.0, FastAPI produced {spec.get('openapi')!r}")
    return canonical_order(spec)


def render_spec() -> str:
    return dump_spec(build_spec())


def stale_diff(committed: Path, current: str) -> str:
    """A unified diff from the committed file to the current export ('' when identical)."""
    old = committed.read_text(encoding="utf-8") if committed.exists() else ""
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            current.splitlines(keepends=True),
            fromfile=f"{committed} (committed)",
            tofile=f"{committed} (exported from the app)",
        )
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m app.export", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="spec file (default: %(default)s)"
    )
    parser.add_argument("--check", action="store_true", help="fail with a diff if --out is stale")
    args = parser.parse_args(argv)
    try:
        text = render_spec()
    except (ExportError, ValueError) as exc:
        # SpecTransformError (a ValueError) carries the JSON pointer of the problem.
        print(f"error: cannot export the spec: {exc}", file=sys.stderr)
        return 2
    out: Path = args.out
    if args.check:
        diff = stale_diff(out, text)
        if diff:
            sys.stdout.write(diff)
            print(f"error: {out} is stale; regenerate it with `{REGENERATE_HINT}`", file=sys.stderr)
            return 1
        print(f"{out} is up to date")
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(text.encode("utf-8"))
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

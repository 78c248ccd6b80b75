"""``parley generate --spec S --config C --lang L --out DIR [--check] [--strict]``.

The installed ``parley`` command and ``python -m generator`` are the same program.

Exit codes: 0 success (or ``--check`` up to date), 1 ``--check`` found stale files, 2 bad input
(every error is printed with its JSON pointer; nothing is written).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from generator import __version__
from generator.build_ir import build_ir
from generator.config import SdkConfig, load_config
from generator.diagnostics import Diagnostic, Diagnostics, GenerationError
from generator.ir import IR
from generator.languages import BACKENDS, get_backend, unknown_language
from generator.load import load_spec
from generator.write import differing_files, write_tree


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    gen = commands.add_parser("generate", help="generate one SDK from a spec")
    gen.add_argument("--spec", required=True, type=Path, help="OpenAPI 3.0/3.1/3.2 YAML or JSON")
    gen.add_argument("--config", type=Path, default=None, help="SDK config YAML (optional)")
    gen.add_argument("--lang", required=True, choices=sorted(BACKENDS))
    gen.add_argument("--out", required=True, type=Path, help="output directory (replaced)")
    gen.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 listing files that differ from --out",
    )
    gen.add_argument("--strict", action="store_true", help="treat warnings as errors")
    return parser


def generate_files(
    spec: Path, config_path: Path | None, lang: str, diags: Diagnostics
) -> tuple[IR, SdkConfig, dict[str, str]]:
    """The whole pipeline short of writing: load → resolve/IR → render."""
    backend = get_backend(lang)
    if backend is None:
        raise GenerationError([Diagnostic("error", "#", unknown_language(lang), source="--lang")])
    loaded = load_spec(spec, diags)
    info = loaded.document.get("info")
    title = info.get("title") if isinstance(info, dict) else None
    components = loaded.document.get("components")
    schemas = components.get("schemas") if isinstance(components, dict) else None
    names = schemas if isinstance(schemas, dict) else {}
    avoid = frozenset(k for k in names if isinstance(k, str))
    config = load_config(
        config_path, diags, title if isinstance(title, str) else None, avoid
    )
    ir = build_ir(
        loaded.document, config, diags, spec_sha256=loaded.sha256, generator_version=__version__
    )
    files = backend.render(ir, config, diags)
    diags.raise_if_errors()
    return ir, config, files


def main(argv: list[str] | None = None, prog: str = "python -m generator") -> int:
    args = _parser(prog).parse_args(argv)
    started = time.perf_counter()
    diags = Diagnostics()
    try:
        ir, _config, files = generate_files(args.spec, args.config, args.lang, diags)
        if args.strict and diags.warnings():
            raise GenerationError([d for d in diags.warnings()])
    except GenerationError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        print(
            f"generation failed: {len(exc.diagnostics)} error(s); nothing written", file=sys.stderr
        )
        return 2
    warnings = diags.warnings()
    for warning in warnings:
        print(warning.format(), file=sys.stderr)
    backend = BACKENDS[args.lang]  # generate_files checked the name
    if args.check:
        stale = differing_files(files, args.out, backend.build_outputs)
        if stale:
            print(f"{args.out} is stale; differing files:", file=sys.stderr)
            for rel in stale:
                print(f"  {rel}", file=sys.stderr)
            return 1
        verb = "checked"
    elif not differing_files(files, args.out, backend.build_outputs):
        # A no-op regeneration touches nothing, so file mtimes and build caches stay valid.
        verb = "unchanged (nothing written)"
    else:
        try:
            write_tree(files, args.out, diags, backend.build_outputs)
        except GenerationError as exc:
            for diagnostic in exc.diagnostics:
                print(diagnostic.format(), file=sys.stderr)
            return 2
        verb = "generated"
    elapsed = time.perf_counter() - started
    models = len(ir.types)
    operations = len(ir.operations())
    print(
        f"{verb} {args.lang} SDK in {args.out}: {models} models, {operations} operations, "
        f"{len(warnings)} warnings, {elapsed:.2f}s"
    )
    return 0


def console_main() -> int:
    """The ``parley`` console command (``[project.scripts]`` in pyproject.toml)."""
    return main(prog="parley")

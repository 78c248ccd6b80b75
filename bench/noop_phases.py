"""Where a one-operation change's time goes: ``python -m bench.noop_phases SPEC CONFIG`` prints
one JSON object of seconds per phase of one in-process generation of every shipped language
(no writing): the imports past the CLI's, the load, the IR build and each backend's render.
Run as a child by bench/noop.py, beside the full runs it compares them with."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import generator.cli  # noqa: F401 - timed by the start-up row (`python -m generator --version`)


def main(spec: Path, config: Path) -> dict[str, float]:
    started = time.perf_counter()
    import jinja2  # noqa: F401 - the renderers' import, paid by every real run

    from generator import __version__
    from generator.build_ir import build_ir
    from generator.config import load_config
    from generator.diagnostics import Diagnostics
    from generator.languages import BACKENDS
    from generator.load import load_spec

    phases: dict[str, float] = {}
    mark = time.perf_counter()
    phases["imports"] = mark - started
    diags = Diagnostics()
    loaded = load_spec(spec, diags)
    now = time.perf_counter()
    phases["load"], mark = now - mark, now
    cfg = load_config(config, diags, None, frozenset())
    ir = build_ir(loaded.document, cfg, diags, spec_sha256=loaded.sha256,
                  generator_version=__version__)
    now = time.perf_counter()
    phases["ir"], mark = now - mark, now
    for lang in sorted(BACKENDS):
        BACKENDS[lang].render(ir, cfg, diags)
        now = time.perf_counter()
        phases[f"render {lang}"], mark = now - mark, now
    return phases


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]), Path(sys.argv[2]))))

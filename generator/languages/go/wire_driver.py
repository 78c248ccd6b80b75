"""The Go SDK's round-trip driver for the wire-compatibility check (pipeline.compat).

    python -m generator.languages.go.wire_driver <sdk dir> <base url>

Writes ``wire_driver.go.tmpl`` into ``<sdk dir>/internal/compatwire`` (inside the module, so it
may use the runtime's internal request config) with a decoder for every struct type of the
SDK's root package, builds it once into ``<sdk dir>/internal/compatwire/driver`` (rebuilt when
a source is newer), then becomes it: stdin and stdout are the driver's.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from generator.languages.go.backend import GO_ENV

TEMPLATE = Path(__file__).with_name("wire_driver.go.tmpl")
_MODULE = re.compile(r"^module\s+(\S+)", re.MULTILINE)
_STRUCT = re.compile(r"^type ([A-Z]\w*) struct\b", re.MULTILINE)


def main(argv: list[str]) -> int:
    sdk, base_url = Path(argv[0]).resolve(), argv[1]
    found = _MODULE.search((sdk / "go.mod").read_text(encoding="utf-8"))
    if found is None:
        print(f"{sdk}/go.mod names no module", file=sys.stderr)
        return 1
    names = sorted({name for path in sdk.glob("*.go") if not path.name.endswith("_test.go")
                    for name in _STRUCT.findall(path.read_text(encoding="utf-8"))})
    models = "".join(f"\t{_go_string(name.lower())}: decode[sdk.{name}],\n" for name in names)
    source = (TEMPLATE.read_text(encoding="utf-8").replace("@MODULE@", found.group(1))
              .replace("@MODELS@", models))
    directory = sdk / "internal" / "compatwire"
    binary = directory / "driver"
    main_go = directory / "main.go"
    directory.mkdir(parents=True, exist_ok=True)
    if not main_go.is_file() or main_go.read_text(encoding="utf-8") != source:
        main_go.write_text(source, encoding="utf-8")
    newest = max(p.stat().st_mtime for p in sdk.rglob("*.go"))
    if not binary.is_file() or binary.stat().st_mtime < newest:
        done = subprocess.run(["go", "build", "-o", str(binary), "./internal/compatwire"],
                              cwd=sdk, env={**os.environ, **GO_ENV}, capture_output=True,
                              text=True, check=False)
        if done.returncode != 0:
            print(f"building the Go wire driver failed:\n{done.stdout}{done.stderr}",
                  file=sys.stderr)
            return 1
    os.execv(binary, [str(binary), base_url])


def _go_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

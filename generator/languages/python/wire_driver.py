"""The Python SDK's round-trip driver for the wire-compatibility check (pipeline.compat).

    python -m generator.languages.python.wire_driver <sdk dir> <base url>

Imports the SDK in ``<sdk dir>/src`` (a released SDK, not the installed one), then answers
one JSON line per request line on stdin: ``{"method", "path", "query", "body", "model"}`` in,
``{"status", "body", "error"}`` out. The request goes through the SDK's own transport and the
response through its own decoder, with the released model named by ``model``, so a decode
error is what a user of that release would get.
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from typing import Any


def _load(sdk: str) -> tuple[Any, Any, Any, Any]:
    sys.path.insert(0, f"{sdk}/src")  # before any installed copy of the current SDK
    src = Path(sdk) / "src"
    package = next(p.name for p in src.iterdir() if (p / "_client.py").is_file())
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]
    root = importlib.import_module(package)
    options = importlib.import_module(f"{package}._options")
    response = importlib.import_module(f"{package}._response")
    exceptions = importlib.import_module(f"{package}._exceptions")
    return root, options, response, exceptions


def main(argv: list[str]) -> int:
    sdk, base_url = argv
    root, options, response_module, exceptions = _load(sdk)
    types = importlib.import_module(f"{root.__name__}.types")
    client_class = next(
        value for name, value in vars(root).items()
        if isinstance(value, type) and name[0].isupper() and hasattr(value, "_send")
        and not name.startswith("Async")
    )
    client = client_class(base_url=base_url, api_key="compat-check", max_retries=0)
    for line in sys.stdin:
        request = json.loads(line)
        result: dict[str, Any] = {"status": None, "body": None, "error": None}
        try:
            final = options.FinalRequestOptions(
                method=request["method"],
                path=request["path"],
                params=request.get("query") or {},
                json_data=request.get("body"),
            )
            raw = client._send(final)
            result["status"] = raw.status_code
            result["body"] = raw.json() if raw.content else None
            model = getattr(types, request["model"], None) if request.get("model") else None
            if model is not None:
                response_module.process_response(model, raw, strict=False)
            elif request.get("model"):
                result["error"] = f"the SDK has no type {request['model']}"
        except exceptions.APIStatusError as exc:
            result["status"] = exc.status_code
            result["body"] = exc.body
        except Exception as exc:  # any failure is a finding, reported with its request
            result["error"] = f"{type(exc).__name__}: {exc}"
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

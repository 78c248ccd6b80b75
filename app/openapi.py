"""Post-processing of FastAPI's OpenAPI output into the truthful published spec.

Owned by the spec tooling; `app.main.create_app` installs `customize_openapi` so that
`/openapi.json` and `spec/openapi.yaml` are the same document.
"""

from __future__ import annotations

from typing import Any


def customize_openapi(schema: dict[str, Any]) -> dict[str, Any]:
    """Return the spec after every named post-processing step (placeholder: identity)."""
    return schema

"""Python backend: renders a pydantic/httpx SDK (see ``render.render``)."""

from generator.languages.python.render import render

__all__ = ["render"]

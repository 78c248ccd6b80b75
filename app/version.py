"""The service version, reported by `GET /v1/version` and in the OpenAPI `info.version`."""

__version__ = "0.1.0"

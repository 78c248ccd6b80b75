"""The Parley SDK generator: OpenAPI spec → IR → per-language SDK source trees."""

__version__ = "0.1.0"

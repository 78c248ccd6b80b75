"""Spec-pipeline tooling: load/dump specs, validate them, and gate changes with oasdiff."""

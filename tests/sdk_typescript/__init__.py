"""Tests of the TypeScript backend and of the generated TypeScript SDK."""

"""The Kotlin backend (see backend.py)."""

"""The Go backend (``sdks/go``)."""

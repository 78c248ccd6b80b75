"""TypeScript backend: ``naming`` (identifiers, escaping, literals) and ``render`` (IR → files)."""

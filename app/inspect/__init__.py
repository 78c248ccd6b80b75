"""The inspect API: the route catalogue, health and version."""

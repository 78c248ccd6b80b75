"""`python -m app`: serve the API with uvicorn (127.0.0.1:8321, SQLite by default).

python -m app [--host H] [--port P] [--database-url URL] [--workers N] [--allow-unauthenticated]
python -m app keys create --owner alice [--name ci]   # prints the new key once
python -m app keys list [--owner alice]
python -m app keys revoke KEY_ID
"""

from __future__ import annotations

import argparse
import ipaddress
import sys

from app import serving
from app.auth.config import ConfigError
from app.main import create_app
from app.settings import Settings


def is_loopback(host: str) -> bool:
    """True for `localhost` and loopback addresses (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _settings(database_url: str | None) -> Settings:
    return Settings(database_url=database_url) if database_url else Settings()


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run the server until interrupted (or manage API keys)."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["keys"]:
        from app.auth.cli import main as keys_main  # the key store needs no server

        raise SystemExit(keys_main(argv[1:]))
    parser = argparse.ArgumentParser(prog="python -m app", description=__doc__.split("\n")[0])
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8321, help="port to listen on (8321)")
    parser.add_argument(
        "--database-url",
        default=None,
        help="SQLAlchemy URL; default $PARLEY_DATABASE_URL or sqlite+aiosqlite:///./parley.db",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="serve from N processes sharing one socket (1); needs a database every process "
        "can reach: PostgreSQL, or a SQLite file",
    )
    parser.add_argument(
        "--allow-unauthenticated",
        action="store_true",
        help="serve a non-loopback address although no auth provider is configured",
    )
    args = parser.parse_args(argv)
    try:
        settings = _settings(args.database_url)
        app = create_app(settings)
    except ConfigError as error:
        parser.error(f"invalid settings: {error}")
    if not settings.auth.enabled and not is_loopback(args.host) and not args.allow_unauthenticated:
        parser.error(
            f"refusing to serve {args.host} without authentication: configure an auth "
            "provider (see README, 'auth') or pass --allow-unauthenticated"
        )
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    if args.workers == 1:
        serving.run(app, settings, host=args.host, port=args.port)
        return
    if app.state.database.is_memory:
        parser.error("--workers > 1 needs a shared database (in memory, each worker has its own)")
    serving.run_workers(settings, host=args.host, port=args.port, workers=args.workers)


if __name__ == "__main__":
    main()

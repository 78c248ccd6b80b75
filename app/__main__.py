"""`python -m app`: serve the API with uvicorn (127.0.0.1:8321, SQLite by default)."""

from __future__ import annotations

import argparse

import uvicorn

from app.main import create_app
from app.settings import Settings


def main(argv: list[str] | None = None) -> None:
    """Parse the command line and run the server until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m app", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8321, help="port to listen on (8321)")
    parser.add_argument(
        "--database-url",
        default=None,
        help="SQLAlchemy URL; default $PARLEY_DATABASE_URL or sqlite+aiosqlite:///./parley.db",
    )
    args = parser.parse_args(argv)
    settings = Settings(database_url=args.database_url) if args.database_url else Settings()
    uvicorn.run(create_app(settings), host=args.host, port=args.port)


if __name__ == "__main__":
    main()

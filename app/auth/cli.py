"""`python -m app keys create|list|revoke`: manage API keys in the service's database.

The database is the service's own: `--database-url`, else `$PARLEY_DATABASE_URL`, else the
embedded SQLite file. A created key is printed once; only its SHA-256 hash is stored.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt

from app.auth.api_keys import ApiKeyStore
from app.database import Database
from app.settings import DEFAULT_DATABASE_URL, _database_url_from_env


def _when(timestamp: int | None) -> str:
    if timestamp is None:
        return "-"
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


async def _run(args: argparse.Namespace) -> int:
    database = Database(args.database_url or _database_url_from_env())
    store = ApiKeyStore(database)
    try:
        if args.command == "create":
            try:
                key, info = await store.create(args.owner, args.name)
            except ValueError as error:
                print(f"error: {error}")
                return 2
            print(key)
            print(
                f"# key id {info.key_id} for owner {info.owner}: store it now, "
                "it is not shown again"
            )
        elif args.command == "list":
            for info in await store.list(args.owner):
                status = "revoked " + _when(info.revoked_at) if info.revoked_at else "active"
                print(
                    f"{info.key_id}\t{info.owner}\t{info.name or '-'}\t"
                    f"created {_when(info.created_at)}\t{status}"
                )
        else:
            if not await store.revoke(args.key_id):
                print(f"error: no active key with id {args.key_id}")
                return 1
            print(f"revoked {args.key_id}")
        return 0
    finally:
        await database.dispose()


def main(argv: list[str]) -> int:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--database-url",
        default=None,
        help=f"SQLAlchemy URL (default $PARLEY_DATABASE_URL or {DEFAULT_DATABASE_URL})",
    )
    parser = argparse.ArgumentParser(prog="python -m app keys", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    create = commands.add_parser("create", parents=[common], help="issue a key, print it once")
    create.add_argument("--owner", required=True, help="the principal the key authenticates")
    create.add_argument("--name", default=None, help="a label, such as the key's user (ci)")
    listing = commands.add_parser(
        "list", parents=[common], help="list keys (never the keys themselves)"
    )
    listing.add_argument("--owner", default=None, help="only this owner's keys")
    revoke = commands.add_parser("revoke", parents=[common], help="revoke a key by its id")
    revoke.add_argument("key_id", help="the key id, as `keys list` shows it")
    args = parser.parse_args(argv)
    return asyncio.run(_run(args))

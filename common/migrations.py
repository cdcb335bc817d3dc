"""Alembic glue: each service's `migrations/env.py` calls `run_env`, the launcher calls `upgrade`."""

import asyncio
import os

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from common.db import async_url


def alembic_config(package: str, database_url: str) -> Config:
    """A config for `<package>/migrations` without an ini file (the URL is passed, never interpolated)."""
    config = Config()
    config.set_main_option("script_location", f"{package}:migrations")
    config.attributes["database_url"] = database_url
    return config


def upgrade(package: str, database_url: str, revision: str = "head") -> None:
    command.upgrade(alembic_config(package, database_url), revision)


def _database_url() -> str:
    config = context.config
    url = config.attributes.get("database_url") or os.environ.get("DATABASE_URL")
    if not url:
        raise RuntimeError("set DATABASE_URL to run migrations")
    return async_url(url)


def run_env(metadata: MetaData, *, unmodelled_indexes: frozenset[str] = frozenset()) -> None:
    """Body of a service's env.py: run migrations online over asyncpg (or emit SQL offline).

    `unmodelled_indexes` are created by migrations only where the server supports them (an extension
    index, say); autogenerate and `alembic check` leave them alone instead of proposing to drop them."""

    def include_object(obj: object, name: str | None, type_: str, reflected: bool, other: object) -> bool:
        return not (type_ == "index" and reflected and name in unmodelled_indexes)

    if context.is_offline_mode():
        context.configure(url=_database_url(), target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return

    def do_run(connection: Connection) -> None:
        context.configure(
            connection=connection, target_metadata=metadata, compare_type=True, include_object=include_object
        )
        with context.begin_transaction():
            context.run_migrations()

    async def run_async() -> None:
        engine = create_async_engine(_database_url(), poolclass=pool.NullPool)
        async with engine.connect() as connection:
            await connection.run_sync(do_run)
        await engine.dispose()

    asyncio.run(run_async())

"""What a service container does before uvicorn starts (run by docker/entrypoint.sh).

    python /app/docker/prestart.py <service>            database, migrations, bootstrap data
    python /app/docker/prestart.py --workers <service>  print the uvicorn worker count devstack uses
    python /app/docker/prestart.py --wait-for-schema <service>
                                                        wait until the database holds this code's schema

Kubernetes (deploy/k8s) runs the first form once per release as the migration Job, and the last in each
pod's init container, so a pod of a new release serves only once the Job has migrated its database.

The same steps as `make run` (devstack/stack.py), for one service against DATABASE_URL:
1. create the service's database if it is missing (the postgres init script normally already has);
2. apply its Alembic migrations (`common.migrations.upgrade`);
3. run `<service>.bootstrap.run(database_url, demo=..., data_dir=...)` when that module exists.
Every step is idempotent, so a restarted container repeats them harmlessly.

Environment: DATABASE_URL (required for services with a database), DEMO (default true), DATA_DIR
(default /data), DATABASE_WAIT_SECONDS (default 60).
"""

import argparse
import asyncio
import importlib
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from devstack.services import BY_NAME, ServiceSpec


def _truthy(value: str) -> bool:
    return value.strip().lower() not in {"", "0", "false", "no", "off"}


def _plain_postgres_url(url: str, database: str | None = None) -> str:
    """`postgresql+asyncpg://...` -> `postgresql://...` (what asyncpg.connect takes), maybe another db."""
    parts = urlsplit(url)
    scheme = parts.scheme.split("+", 1)[0]
    path = f"/{database}" if database is not None else parts.path
    return urlunsplit((scheme, parts.netloc, path, parts.query, parts.fragment))


def _say(message: str) -> None:
    print(f"prestart: {message}", flush=True)


def ensure_database(database_url: str, wait_seconds: float) -> None:
    """Create the database named in the URL on its server if it does not exist, retrying while the server
    starts."""
    import asyncpg

    name = urlsplit(database_url).path.lstrip("/")
    admin_url = _plain_postgres_url(database_url, "postgres")

    async def create() -> None:
        conn = await asyncpg.connect(admin_url, timeout=10)
        try:
            exists = await conn.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
            if not exists:
                # CREATE DATABASE takes no parameters; the name comes from our own configuration.
                await conn.execute(f'CREATE DATABASE "{name}"')
                _say(f"created database {name}")
        finally:
            await conn.close()

    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            asyncio.run(create())
            return
        except (OSError, asyncpg.PostgresError) as exc:
            if time.monotonic() >= deadline:
                raise SystemExit(f"prestart: PostgreSQL did not answer for {name}: {exc}") from exc
            _say(f"waiting for PostgreSQL ({exc.__class__.__name__})")
            time.sleep(2)


def migrate(spec: ServiceSpec, database_url: str) -> None:
    from common.migrations import upgrade

    upgrade(spec.name, database_url)
    _say(f"{spec.name} migrations at head")


def bootstrap(spec: ServiceSpec, database_url: str, *, demo: bool, data_dir: Path) -> None:
    module_name = f"{spec.name}.bootstrap"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        return
    asyncio.run(module.run(database_url, demo=demo, data_dir=data_dir))
    _say(f"{spec.name} bootstrap data loaded (demo={demo})")


def schema_is_current(spec: ServiceSpec, database_url: str) -> bool:
    """True when the database is at this code's Alembic head or beyond it (a newer release migrated it
    already: migrations only add what the older code can ignore, docs/deploy.md)."""
    import asyncpg
    from alembic.script import ScriptDirectory
    from alembic.script.revision import RevisionError
    from alembic.util import CommandError

    from common.migrations import alembic_config

    async def applied() -> set[str]:
        conn = await asyncpg.connect(_plain_postgres_url(database_url), timeout=10)
        try:
            return {row[0] for row in await conn.fetch("SELECT version_num FROM alembic_version")}
        except asyncpg.UndefinedTableError:
            return set()
        finally:
            await conn.close()

    current = asyncio.run(applied())
    if not current:
        return False
    script = ScriptDirectory.from_config(alembic_config(spec.name, database_url))
    try:
        reached = {rev.revision for head in current for rev in script.iterate_revisions(head, "base")}
    except (CommandError, RevisionError):
        return True  # a revision this code does not know: a newer release's
    return set(script.get_heads()) <= reached


def wait_for_schema(spec: ServiceSpec, wait_seconds: float) -> None:
    import asyncpg

    database_url = os.environ.get("DATABASE_URL", "")
    if not spec.has_database:
        return
    if not database_url:
        raise SystemExit(f"prestart: {spec.name} needs DATABASE_URL")
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            if schema_is_current(spec, database_url):
                _say(f"{spec.name} schema is current")
                return
            reason = "migrations not applied yet"
        except (OSError, asyncpg.PostgresError) as exc:
            reason = exc.__class__.__name__
        if time.monotonic() >= deadline:
            raise SystemExit(f"prestart: {spec.name} schema not current after {wait_seconds:.0f}s ({reason})")
        _say(f"waiting for the {spec.name} migrations ({reason})")
        time.sleep(2)


def prepare(spec: ServiceSpec) -> None:
    data_dir = Path(os.environ.get("DATA_DIR", "/data"))
    data_dir.mkdir(parents=True, exist_ok=True)
    if not spec.has_database:
        return
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url:
        raise SystemExit(f"prestart: {spec.name} needs DATABASE_URL")
    ensure_database(database_url, float(os.environ.get("DATABASE_WAIT_SECONDS", "60")))
    migrate(spec, database_url)
    bootstrap(spec, database_url, demo=_truthy(os.environ.get("DEMO", "true")), data_dir=data_dir)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("service", choices=sorted(BY_NAME))
    parser.add_argument("--workers", action="store_true", help="print the worker count and exit")
    parser.add_argument(
        "--wait-for-schema",
        action="store_true",
        help="wait (DATABASE_WAIT_SECONDS) until the database is migrated to this code's head, then exit",
    )
    args = parser.parse_args(argv)
    spec = BY_NAME[args.service]
    if args.workers:
        print(spec.workers)
        return 0
    if args.wait_for_schema:
        wait_for_schema(spec, float(os.environ.get("DATABASE_WAIT_SECONDS", "60")))
        return 0
    prepare(spec)
    return 0


if __name__ == "__main__":
    sys.exit(main())

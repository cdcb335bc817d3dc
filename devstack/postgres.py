"""Embedded PostgreSQL from the `pgserver` package's binaries, run as a child on a local TCP port."""

import asyncio
import os
import shutil
import signal
import subprocess
import warnings
from pathlib import Path

import asyncpg

from devstack.procs import spawn, terminate, wait_until

_SYSTEM_USER = "pgserver"  # postgres refuses to run as root


def _bin_path() -> Path:
    with warnings.catch_warnings():
        # pgserver's package import probes XDG_RUNTIME_DIR, which a plain shell often lacks.
        warnings.simplefilter("ignore")
        import pgserver.utils  # noqa: F401 - imported here, under the same filter
        from pgserver._commands import POSTGRES_BIN_PATH
    return Path(POSTGRES_BIN_PATH)


class EmbeddedPostgres:
    def __init__(self, data_dir: Path, port: int, log_path: Path):
        self.pgdata = data_dir / "pgdata"
        self.port = port
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None
        self.user: str | None = None

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _bin(self, name: str) -> str:
        return str(_bin_path() / name)

    def _prepare_root(self) -> None:
        import stat

        bin_path = _bin_path()
        from pgserver.utils import ensure_folder_permissions, ensure_prefix_permissions, ensure_user_exists

        entry = ensure_user_exists(_SYSTEM_USER)
        if entry is None:
            raise RuntimeError(f"could not create the system user {_SYSTEM_USER!r} for PostgreSQL")
        ensure_prefix_permissions(self.pgdata)
        readable = stat.S_IRGRP | stat.S_IROTH
        ensure_folder_permissions(bin_path, readable | stat.S_IXGRP | stat.S_IXOTH)
        ensure_folder_permissions(bin_path.parent / "lib", readable)
        ensure_folder_permissions(bin_path.parent / "share", readable)
        for path in [self.pgdata, *self.pgdata.rglob("*")]:
            os.chown(path, entry.pw_uid, entry.pw_gid)
        self.user = _SYSTEM_USER

    def _run(self, args: list[str]) -> None:
        subprocess.run(args, check=True, user=self.user, capture_output=True, timeout=120)

    def start(self) -> None:
        self.pgdata.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            self._prepare_root()
        if not (self.pgdata / "PG_VERSION").exists():
            for child in self.pgdata.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
            self._run(
                [
                    self._bin("initdb"),
                    "-D",
                    str(self.pgdata),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C",
                ]
            )
        self._stop_leftover()
        self.proc = spawn(
            [
                self._bin("postgres"),
                "-D",
                str(self.pgdata),
                "-p",
                str(self.port),
                "-h",
                "127.0.0.1",
                "-c",
                "unix_socket_directories=",
                "-c",
                "max_connections=300",
                "-c",
                "shared_buffers=256MB",
                "-c",
                "log_min_messages=warning",
            ],
            log_path=self.log_path,
            user=self.user,
        )
        wait_until(
            self._accepts, timeout=60, what="embedded PostgreSQL", proc=self.proc, log_path=self.log_path
        )

    def _stop_leftover(self) -> None:
        """A launcher killed outright can leave its postgres running; stop it before starting ours."""
        if (self.pgdata / "postmaster.pid").exists():
            subprocess.run(
                [self._bin("pg_ctl"), "-D", str(self.pgdata), "stop", "-m", "fast", "-w"],
                user=self.user,
                capture_output=True,
                check=False,
                timeout=60,
            )

    def _accepts(self) -> bool:
        result = subprocess.run(
            [self._bin("pg_isready"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"],
            capture_output=True,
            check=False,
        )
        return result.returncode == 0

    def stop(self) -> None:
        # SIGINT is PostgreSQL's "fast" shutdown: roll back open transactions, checkpoint, exit.
        terminate(self.proc, sig=signal.SIGINT, timeout=30, group=False)


def ensure_databases(admin_url: str, names: list[str]) -> None:
    """Create each database that does not exist yet (CREATE DATABASE cannot run in a transaction)."""

    async def run() -> None:
        conn = await asyncpg.connect(admin_url, timeout=10)
        try:
            existing = {r["datname"] for r in await conn.fetch("SELECT datname FROM pg_database")}
            for name in names:
                if name not in existing:
                    await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    asyncio.run(run())


def drop_databases(admin_url: str, names: list[str]) -> None:
    async def run() -> None:
        conn = await asyncpg.connect(admin_url, timeout=10)
        try:
            for name in names:
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await conn.close()

    asyncio.run(run())

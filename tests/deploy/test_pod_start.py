"""What a Kubernetes pod does on start (deploy/k8s): its init container waits until the migration Job
has brought its database to the code's head, and auth reads its signing key from a mounted Secret
without writing anything next to it."""

import asyncio
import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import asyncpg
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from auth_api.keys.store import KeyStore, thumbprint
from devstack.services import BY_NAME
from devstack.stack import Stack
from tests.notification.conftest import plain_url

ROOT = Path(__file__).resolve().parents[2]
PRESTART = ROOT / "docker" / "prestart.py"


def _prestart_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("prestart", PRESTART)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def _admin(stack: Stack, sql: str) -> None:
    conn = await asyncpg.connect(plain_url(stack.admin_database_url))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture
def empty_database(stack: Stack) -> Iterator[str]:
    name = f"{stack.config.namespace}_prestart"
    asyncio.run(_admin(stack, f'CREATE DATABASE "{name}"'))
    try:
        yield plain_url(stack.database_urls["booking_api"]).rsplit("/", 1)[0] + f"/{name}"
    finally:
        asyncio.run(_admin(stack, f'DROP DATABASE "{name}" WITH (FORCE)'))


def _prestart(*args: str, database_url: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": database_url,
        "DATABASE_WAIT_SECONDS": "1",
        "DEMO": "false",
    }
    return subprocess.run(
        [sys.executable, str(PRESTART), *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_a_pod_waits_for_its_schema_until_the_migration_job_has_run(empty_database: str) -> None:
    waiting = _prestart("--wait-for-schema", "booking_api", database_url=empty_database)
    assert waiting.returncode != 0
    assert "schema not current" in waiting.stderr + waiting.stdout
    migrated = _prestart("booking_api", database_url=empty_database)
    assert migrated.returncode == 0, migrated.stderr
    ready = _prestart("--wait-for-schema", "booking_api", database_url=empty_database)
    assert ready.returncode == 0, ready.stderr
    assert "schema is current" in ready.stdout


def test_a_database_a_newer_release_migrated_counts_as_current_for_the_older_code(
    empty_database: str,
) -> None:
    prestart = _prestart_module()
    spec = BY_NAME["booking_api"]
    assert not prestart.schema_is_current(spec, empty_database), "nothing applied yet"
    assert _prestart("booking_api", database_url=empty_database).returncode == 0
    assert prestart.schema_is_current(spec, empty_database)

    async def newer() -> None:
        conn = await asyncpg.connect(empty_database)
        try:
            await conn.execute("UPDATE alembic_version SET version_num = 'ffff_from_a_newer_release'")
        finally:
            await conn.close()

    asyncio.run(newer())
    assert prestart.schema_is_current(spec, empty_database)


def test_auth_signs_with_a_key_from_a_mounted_secret_and_writes_nothing_there(tmp_path: Path) -> None:
    # A Secret volume as the kubelet lays it out: the files are links into a hidden, swapped directory.
    keys = tmp_path / "keys"
    payload = keys / "..2026_01_01_00_00_00.000000001"
    payload.mkdir(parents=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (payload / "signing.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    (keys / "..data").symlink_to(payload.name)
    (keys / "signing.pem").symlink_to("..data/signing.pem")
    before = sorted(p.name for p in keys.iterdir())
    keys.chmod(0o555)
    try:
        active = KeyStore(keys).ensure_key()
    finally:
        keys.chmod(0o755)
    assert active.kid == thumbprint(key.public_key())
    assert sorted(p.name for p in keys.iterdir()) == before, "no lock file or key written into the Secret"
    assert [k["kid"] for k in KeyStore(keys).jwks()["keys"]] == [active.kid]

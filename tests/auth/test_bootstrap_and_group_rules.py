"""Bootstrap data and the group rules that need a database of their own (here: exactly one admin)."""

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from sqlalchemy import func, select

from auth_api import bootstrap
from auth_api.config import Settings
from auth_api.groups import service as groups
from auth_api.groups.exceptions import LastAdmin
from auth_api.groups.models import Membership
from auth_api.privacy import service as privacy
from auth_api.sessions.revoker import Revoker
from auth_api.throttle import Throttle
from auth_api.uow import AuthUnitOfWork
from auth_api.users.models import User
from auth_api.users.passwords import PasswordHasher
from common.cache import create_redis
from common.clock import SystemClock
from common.db import Database
from common.demo import DEMO_PASSWORD, DEMO_USERS
from common.migrations import upgrade
from common.pagination import PageParams
from common.ratelimit import RateLimiter
from common.revocation import Revocations
from common.security import Principal
from devstack.postgres import drop_databases, ensure_databases
from devstack.stack import Stack

DEMO_ADMIN = next(user for user in DEMO_USERS if "admin" in user.groups)


@pytest.fixture
def database_url(stack: Stack) -> Iterator[str]:
    """A migrated auth database of this test's own, on the stack's server."""
    name = f"kct_auth_{uuid.uuid4().hex[:10]}"
    ensure_databases(stack.admin_database_url, [name])
    parts = urlsplit(stack.admin_database_url)
    url = urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))
    try:
        upgrade("auth_api", url)
        yield url
    finally:
        drop_databases(stack.admin_database_url, [name])


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    db = Database(database_url, pool_size=2, max_overflow=0)
    yield db
    await db.dispose()


async def _counts(db: Database) -> tuple[int, int]:
    async with db.sessionmaker() as session:
        users = await session.scalar(select(func.count()).select_from(User))
        memberships = await session.scalar(select(func.count()).select_from(Membership))
    return int(users or 0), int(memberships or 0)


async def test_bootstrap_loads_demo_users_once_however_often_it_runs(
    database_url: str, database: Database, tmp_path: Path
) -> None:
    await bootstrap.run(database_url, demo=True, data_dir=tmp_path)
    first = await _counts(database)
    await bootstrap.run(database_url, demo=True, data_dir=tmp_path)
    assert await _counts(database) == first == (len(DEMO_USERS), len(DEMO_USERS) + 2)
    assert len(list((tmp_path / "auth_keys").glob("*.pem"))) == 1

    async with database.sessionmaker() as session:
        admin = await session.get(User, DEMO_ADMIN.id)
    assert admin is not None and admin.email == DEMO_ADMIN.email
    assert await PasswordHasher().verify(admin.password_hash, DEMO_PASSWORD)


async def test_bootstrap_without_demo_creates_only_the_groups(
    database_url: str, database: Database, tmp_path: Path
) -> None:
    await bootstrap.run(database_url, demo=False, data_dir=tmp_path)
    assert await _counts(database) == (0, 0)
    listed = await groups.list_groups(uow=AuthUnitOfWork(database.sessionmaker))
    assert {group.name for group in listed} == {"users", "admin", "moderator", "banned"}


@pytest.fixture
async def revoker(stack: Stack) -> AsyncIterator[Revoker]:
    client = create_redis(stack.redis_url, timeout=2)
    yield Revoker(Revocations(client, f"test-revocations-{uuid.uuid4().hex}:"), access_ttl=900)
    await client.aclose()


async def test_the_last_admin_cannot_leave_the_admin_group(
    database_url: str, database: Database, tmp_path: Path, revoker: Revoker
) -> None:
    await bootstrap.run(database_url, demo=True, data_dir=tmp_path)
    uow = AuthUnitOfWork(database.sessionmaker)
    clock = SystemClock()
    admin = Principal(subject=str(DEMO_ADMIN.id), groups=frozenset({"admin", "users"}))
    with pytest.raises(LastAdmin):
        await groups.remove_member(
            uow=uow, clock=clock, revoker=revoker, actor=admin, group="admin", user_id=DEMO_ADMIN.id
        )

    successor = DEMO_USERS[0].id
    await groups.add_member(
        uow=uow, clock=clock, revoker=revoker, actor=admin, group="admin", user_id=successor
    )
    await groups.remove_member(
        uow=uow, clock=clock, revoker=revoker, actor=admin, group="admin", user_id=DEMO_ADMIN.id
    )
    members = await groups.group_members(
        uow=uow, viewer=Principal(subject=str(successor)), group="admin", page=PageParams()
    )
    assert [m.user_id for m in members.items] == [successor]


async def test_the_last_admin_cannot_delete_their_account(
    stack: Stack, database_url: str, database: Database, tmp_path: Path, revoker: Revoker
) -> None:
    await bootstrap.run(database_url, demo=True, data_dir=tmp_path)
    client = create_redis(stack.redis_url, timeout=2)
    clock = SystemClock()
    throttle = Throttle(RateLimiter(client, prefix=f"test-{uuid.uuid4().hex}:", clock=clock), Settings())
    admin = Principal(subject=str(DEMO_ADMIN.id), groups=frozenset({"admin", "users"}))
    try:
        with pytest.raises(LastAdmin):
            await privacy.delete_account(
                uow=AuthUnitOfWork(database.sessionmaker),
                hasher=PasswordHasher(),
                throttle=throttle,
                clock=clock,
                revoker=revoker,
                destinations=["ugc_api"],
                user=admin,
                password=DEMO_PASSWORD,
                client_ip="198.18.0.1",
            )
    finally:
        await client.aclose()
    assert await _counts(database) == (len(DEMO_USERS), len(DEMO_USERS) + 2), "nothing was deleted"

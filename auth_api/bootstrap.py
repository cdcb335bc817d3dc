"""Reference and demo data, run by `make run` on every start (so every step is idempotent):
the signing key, the groups, and with `demo` the demo users of `common.demo` (with verified emails)."""

import uuid
from pathlib import Path

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from auth_api.config import Settings
from auth_api.groups.constants import GROUPS, USERS
from auth_api.groups.models import Group, Membership
from auth_api.keys.store import KeyStore
from auth_api.users.models import User
from auth_api.users.passwords import PasswordHasher
from common.db import Database
from common.demo import DEMO_PASSWORD, DEMO_USERS


async def run(database_url: str, *, demo: bool, data_dir: Path) -> None:
    """Create the signing key and the groups; with `demo`, the demo users (same ids everywhere)."""
    KeyStore(Settings(data_dir=data_dir).keys_dir).ensure_key()
    database = Database(database_url, pool_size=1, max_overflow=0, application_name="auth_api-bootstrap")
    try:
        async with database.sessionmaker() as session:
            groups = insert(Group).values(
                [{"name": name, "description": text} for name, text in GROUPS.items()]
            )
            await session.execute(
                groups.on_conflict_do_update(
                    index_elements=[Group.name], set_={"description": groups.excluded.description}
                )
            )
            if demo:
                await _demo_users(session)
            await session.commit()
    finally:
        await database.dispose()


async def _demo_users(session: AsyncSession) -> None:
    wanted = {user.id for user in DEMO_USERS}
    existing: set[uuid.UUID] = set(
        (await session.execute(select(User.id).where(User.id.in_(wanted)))).scalars()
    )
    missing = [user for user in DEMO_USERS if user.id not in existing]
    if missing:
        password_hash = await PasswordHasher().hash(DEMO_PASSWORD)
        await session.execute(
            insert(User)
            .values(
                [
                    {"id": u.id, "email": u.email, "name": u.name, "password_hash": password_hash}
                    for u in missing
                ]
            )
            .on_conflict_do_nothing()
        )
    # Demo accounts count as verified (their addresses are examples nobody can open).
    await session.execute(
        update(User)
        .where(User.id.in_(wanted), User.email_verified_at.is_(None))
        .values(email_verified_at=func.now())
    )
    present = set((await session.execute(select(User.id).where(User.id.in_(wanted)))).scalars())
    memberships = [
        {"user_id": u.id, "group_name": group}
        for u in DEMO_USERS
        if u.id in present
        for group in (USERS, *u.groups)
    ]
    if memberships:
        await session.execute(insert(Membership).values(memberships).on_conflict_do_nothing())

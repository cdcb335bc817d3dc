"""Groups and memberships in PostgreSQL."""

import uuid
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from auth_api.groups.models import Group, Membership


class GroupRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def get(self, name: str) -> Group | None:
        return await self.session.get(Group, name)

    async def all(self) -> list[Group]:
        result = await self.session.execute(select(Group).order_by(Group.name))
        return list(result.scalars())

    async def groups_of(self, user_id: uuid.UUID) -> list[str]:
        result = await self.session.execute(
            select(Membership.group_name).where(Membership.user_id == user_id).order_by(Membership.group_name)
        )
        return list(result.scalars())

    async def groups_of_many(self, user_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[str]]:
        ids = list(user_ids)
        found: dict[uuid.UUID, list[str]] = {user_id: [] for user_id in ids}
        result = await self.session.execute(
            select(Membership.user_id, Membership.group_name)
            .where(Membership.user_id.in_(ids))
            .order_by(Membership.group_name)
        )
        for user_id, group in result.all():
            found[user_id].append(group)
        return found

    async def members(self, group: str, *, offset: int, limit: int) -> tuple[list[Membership], int]:
        total = await self.session.scalar(
            select(func.count()).select_from(Membership).where(Membership.group_name == group)
        )
        result = await self.session.execute(
            select(Membership)
            .where(Membership.group_name == group)
            .order_by(Membership.added_at, Membership.user_id)
            .offset(offset)
            .limit(limit)
        )
        return list(result.scalars()), int(total or 0)

    async def is_member(self, user_id: uuid.UUID, group: str) -> bool:
        return await self.session.get(Membership, (user_id, group)) is not None

    async def count_members(self, group: str) -> int:
        total = await self.session.scalar(
            select(func.count()).select_from(Membership).where(Membership.group_name == group)
        )
        return int(total or 0)

    async def add_member(self, user_id: uuid.UUID, group: str, *, at: datetime) -> bool:
        """Add a membership; False when it already existed."""
        result = await self.session.execute(
            insert(Membership)
            .values(user_id=user_id, group_name=group, added_at=at)
            .on_conflict_do_nothing()
            .returning(Membership.user_id)
        )
        return result.first() is not None

    async def remove_member(self, user_id: uuid.UUID, group: str) -> bool:
        """Remove a membership; False when there was none."""
        result = await self.session.execute(
            delete(Membership)
            .where(Membership.user_id == user_id, Membership.group_name == group)
            .returning(Membership.user_id)
        )
        return result.first() is not None

    async def lock_group(self, group: str) -> None:
        """Serialize membership changes of one group (the last-admin rule counts members)."""
        await self.session.execute(select(Group.name).where(Group.name == group).with_for_update())

import uuid
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from booking_api.blocks.models import Block


class BlockRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def add(self, host_id: uuid.UUID, user_id: uuid.UUID, now: datetime) -> Block:
        """Block, or keep the block there is (with its first date)."""
        await self.session.execute(
            insert(Block).values(host_id=host_id, user_id=user_id, created_at=now).on_conflict_do_nothing()
        )
        return await self.session.get_one(Block, (host_id, user_id), populate_existing=True)

    async def remove(self, host_id: uuid.UUID, user_id: uuid.UUID) -> bool:
        result = await self.session.execute(
            delete(Block).where(Block.host_id == host_id, Block.user_id == user_id).returning(Block.user_id)
        )
        return result.first() is not None

    async def is_blocked(self, host_id: uuid.UUID, user_id: uuid.UUID) -> bool:
        return await self.session.get(Block, (host_id, user_id)) is not None

    async def blocked_among(self, host_id: uuid.UUID, user_ids: list[uuid.UUID]) -> set[uuid.UUID]:
        if not user_ids:
            return set()
        rows = await self.session.execute(
            select(Block.user_id).where(Block.host_id == host_id, Block.user_id.in_(user_ids))
        )
        return set(rows.scalars())

    async def of_host(self, host_id: uuid.UUID, *, offset: int, limit: int) -> tuple[list[Block], int]:
        total = await self.session.scalar(
            select(func.count()).select_from(Block).where(Block.host_id == host_id)
        )
        rows = await self.session.execute(
            select(Block)
            .where(Block.host_id == host_id)
            .order_by(Block.created_at.desc(), Block.user_id)
            .offset(offset)
            .limit(limit)
        )
        return list(rows.scalars()), int(total or 0)

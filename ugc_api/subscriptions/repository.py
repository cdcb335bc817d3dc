"""Film subscriptions in PostgreSQL."""

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from ugc_api.subscriptions.models import Subscription


class SubscriptionRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def add(self, movie_id: uuid.UUID, user_id: uuid.UUID, *, at: datetime) -> Subscription:
        """Subscribe, or keep the subscription there is (with its first date)."""
        await self.session.execute(
            insert(Subscription)
            .values(movie_id=movie_id, user_id=user_id, created_at=at)
            .on_conflict_do_nothing()
        )
        return await self.session.get_one(Subscription, (movie_id, user_id), populate_existing=True)

    async def remove(self, movie_id: uuid.UUID, user_id: uuid.UUID) -> None:
        await self.session.execute(
            delete(Subscription).where(Subscription.movie_id == movie_id, Subscription.user_id == user_id)
        )

    async def subscribers(
        self, movie_id: uuid.UUID, *, offset: int, limit: int
    ) -> tuple[Sequence[Subscription], int]:
        total = await self.session.scalar(
            select(func.count()).select_from(Subscription).where(Subscription.movie_id == movie_id)
        )
        rows = await self.session.scalars(
            select(Subscription)
            .where(Subscription.movie_id == movie_id)
            .order_by(Subscription.created_at, Subscription.user_id)
            .offset(offset)
            .limit(limit)
        )
        return rows.all(), total or 0

    async def of_user(
        self, user_id: uuid.UUID, *, offset: int, limit: int
    ) -> tuple[Sequence[Subscription], int]:
        total = await self.session.scalar(
            select(func.count()).select_from(Subscription).where(Subscription.user_id == user_id)
        )
        rows = await self.session.scalars(
            select(Subscription)
            .where(Subscription.user_id == user_id)
            .order_by(Subscription.created_at.desc(), Subscription.movie_id)
            .offset(offset)
            .limit(limit)
        )
        return rows.all(), total or 0

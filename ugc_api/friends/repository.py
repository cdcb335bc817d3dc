"""Friend links in PostgreSQL; friendships are the pairs linked both ways."""

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Row, and_, delete, func, or_, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from ugc_api.friends.models import FriendLink

_mine = aliased(FriendLink)
_theirs = aliased(FriendLink)


class FriendRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def lock_pair(self, a: uuid.UUID, b: uuid.UUID) -> None:
        """Serialise changes to one pair, so two people adding each other at once both see the result."""
        key = ":".join(sorted((str(a), str(b))))
        await self.session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"), {"key": f"friends:{key}"}
        )

    async def add_link(self, user_id: uuid.UUID, friend_id: uuid.UUID, *, at: datetime) -> None:
        await self.session.execute(
            insert(FriendLink)
            .values(user_id=user_id, friend_id=friend_id, created_at=at)
            .on_conflict_do_nothing()
        )

    async def has_link(self, user_id: uuid.UUID, friend_id: uuid.UUID) -> bool:
        return await self.session.get(FriendLink, (user_id, friend_id)) is not None

    async def friends_since(self, a: uuid.UUID, b: uuid.UUID) -> datetime | None:
        """When `a` and `b` became friends (the later of their two links), or None if they are not."""
        links = (
            (
                await self.session.execute(
                    select(FriendLink.created_at).where(
                        or_(
                            and_(FriendLink.user_id == a, FriendLink.friend_id == b),
                            and_(FriendLink.user_id == b, FriendLink.friend_id == a),
                        )
                    )
                )
            )
            .scalars()
            .all()
        )
        return max(links) if len(links) == 2 else None

    async def remove_pair(self, a: uuid.UUID, b: uuid.UUID) -> None:
        await self.session.execute(
            delete(FriendLink).where(
                or_(
                    and_(FriendLink.user_id == a, FriendLink.friend_id == b),
                    and_(FriendLink.user_id == b, FriendLink.friend_id == a),
                )
            )
        )

    async def friends(
        self, user_id: uuid.UUID, *, offset: int, limit: int
    ) -> tuple[Sequence[Row[uuid.UUID, datetime]], int]:
        """Confirmed friends (user id, since when), oldest friendship first, and their total."""
        since = func.greatest(_mine.created_at, _theirs.created_at).label("since")
        pairs = (
            select(_mine.friend_id.label("user_id"), since)
            .join(_theirs, and_(_theirs.user_id == _mine.friend_id, _theirs.friend_id == _mine.user_id))
            .where(_mine.user_id == user_id)
        )
        total = await self.session.scalar(select(func.count()).select_from(pairs.subquery()))
        rows = await self.session.execute(pairs.order_by(since, _mine.friend_id).offset(offset).limit(limit))
        return rows.all(), total or 0

    async def requests(
        self, user_id: uuid.UUID, *, incoming: bool, offset: int, limit: int
    ) -> tuple[Sequence[Row[uuid.UUID, datetime]], int]:
        """Links not answered yet: who added `user_id` (incoming) or whom they added (outgoing)."""
        if incoming:
            own, other = _mine.friend_id, _mine.user_id
            answered = and_(_theirs.user_id == user_id, _theirs.friend_id == _mine.user_id)
        else:
            own, other = _mine.user_id, _mine.friend_id
            answered = and_(_theirs.user_id == _mine.friend_id, _theirs.friend_id == user_id)
        pending = (
            select(other.label("user_id"), _mine.created_at.label("requested_at"))
            .where(own == user_id)
            .where(~select(_theirs.user_id).where(answered).exists())
        )
        total = await self.session.scalar(select(func.count()).select_from(pending.subquery()))
        rows = await self.session.execute(
            pending.order_by(_mine.created_at.desc(), other).offset(offset).limit(limit)
        )
        return rows.all(), total or 0

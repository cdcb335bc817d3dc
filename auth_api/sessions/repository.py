"""Sessions in PostgreSQL."""

import uuid
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from auth_api.sessions.models import Session
from auth_api.tokens.models import RefreshToken


class SessionRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    def add(self, row: Session) -> None:
        self.session.add(row)

    async def get(self, session_id: uuid.UUID) -> Session | None:
        return await self.session.get(Session, session_id)

    async def live(
        self, user_id: uuid.UUID, *, now: datetime, offset: int, limit: int
    ) -> tuple[list[Session], int]:
        """The user's sessions that have not ended, most recently used first."""
        where = (Session.user_id == user_id, Session.ended_at.is_(None), Session.expires_at > now)
        total = await self.session.scalar(select(func.count()).select_from(Session).where(*where))
        result = await self.session.execute(
            select(Session)
            .where(*where)
            .order_by(Session.last_used_at.desc(), Session.id)
            .offset(offset)
            .limit(limit)
        )
        return list(result.scalars()), int(total or 0)

    async def end(
        self,
        user_id: uuid.UUID,
        *,
        at: datetime,
        only: uuid.UUID | None = None,
        keep: uuid.UUID | None = None,
    ) -> list[uuid.UUID]:
        """End the user's sessions (`only` one of them, or all but `keep`) and revoke their refresh
        tokens; the ids of the sessions that were still open."""
        where = [Session.user_id == user_id, Session.ended_at.is_(None)]
        if only is not None:
            where.append(Session.id == only)
        if keep is not None:
            where.append(Session.id != keep)
        result = await self.session.execute(
            update(Session).where(*where).values(ended_at=at).returning(Session.id)
        )
        ended = list(result.scalars())
        if ended:
            await self.session.execute(
                update(RefreshToken)
                .where(RefreshToken.family_id.in_(ended), RefreshToken.revoked_at.is_(None))
                .values(revoked_at=at)
            )
        return ended

    async def all_ids(self, user_id: uuid.UUID) -> list[uuid.UUID]:
        result = await self.session.execute(select(Session.id).where(Session.user_id == user_id))
        return list(result.scalars())

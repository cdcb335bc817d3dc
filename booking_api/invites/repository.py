import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from booking_api.invites.models import Invite, InviteHolder


def live(now: datetime) -> ColumnElement[bool]:
    """An invitation that can still be used: not revoked, not expired, uses and allotment not spent."""
    return and_(
        Invite.revoked_at.is_(None),
        Invite.expires_at > now,
        or_(Invite.uses.is_(None), Invite.used < Invite.uses),
        or_(Invite.seats_left.is_(None), Invite.seats_left > 0),
    )


class InviteRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    def add(self, invite: Invite) -> None:
        self.session.add(invite)

    async def flush(self) -> None:
        await self.session.flush()

    async def get(self, invite_id: uuid.UUID, *, lock: bool = False) -> Invite | None:
        query = select(Invite).where(Invite.id == invite_id)
        if lock:
            query = query.with_for_update().execution_options(populate_existing=True)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def by_code(self, code: str, *, lock: bool = False) -> Invite | None:
        query = select(Invite).where(Invite.code == code)
        if lock:
            query = query.with_for_update().execution_options(populate_existing=True)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def for_event(self, event_id: uuid.UUID, *, offset: int, limit: int) -> tuple[list[Invite], int]:
        """The evening's invitations, the newest first, and how many there are."""
        total = await self.session.scalar(
            select(func.count()).select_from(Invite).where(Invite.event_id == event_id)
        )
        rows = await self.session.execute(
            select(Invite)
            .where(Invite.event_id == event_id)
            .order_by(Invite.created_at.desc(), Invite.id)
            .offset(offset)
            .limit(limit)
        )
        return list(rows.scalars()), int(total or 0)

    async def count_live(self, event_id: uuid.UUID, now: datetime) -> int:
        return int(
            await self.session.scalar(
                select(func.count()).select_from(Invite).where(Invite.event_id == event_id, live(now))
            )
            or 0
        )

    async def set(self, invite_id: uuid.UUID, **values: Any) -> None:
        await self.session.execute(update(Invite).where(Invite.id == invite_id).values(**values))

    async def revoke_all(self, event_id: uuid.UUID, now: datetime) -> None:
        """Every invitation to the evening stops working and holds no seat (it was cancelled)."""
        await self.session.execute(
            update(Invite)
            .where(Invite.event_id == event_id)
            .values(
                revoked_at=func.coalesce(Invite.revoked_at, now),
                released_at=func.coalesce(Invite.released_at, now),
                seats_left=case((Invite.seats_left.is_(None), None), else_=0),
            )
        )

    async def expired_allotments(self, now: datetime, *, limit: int) -> list[tuple[uuid.UUID, uuid.UUID]]:
        """(invite, event) of invitations past their expiry that still hold seats."""
        rows = await self.session.execute(
            select(Invite.id, Invite.event_id)
            .where(Invite.released_at.is_(None), Invite.seats_left > 0, Invite.expires_at <= now)
            .order_by(Invite.expires_at)
            .limit(limit)
        )
        return [(row[0], row[1]) for row in rows]

    async def add_holder(self, invite_id: uuid.UUID, user_id: uuid.UUID, now: datetime) -> None:
        await self.session.execute(
            insert(InviteHolder)
            .values(invite_id=invite_id, user_id=user_id, created_at=now)
            .on_conflict_do_nothing()
        )

    async def holds_live(self, event_id: uuid.UUID, user_id: uuid.UUID, now: datetime) -> bool:
        """The person opened a still valid invitation to the evening."""
        found = await self.session.scalar(
            select(InviteHolder.invite_id)
            .join(Invite, Invite.id == InviteHolder.invite_id)
            .where(InviteHolder.user_id == user_id, Invite.event_id == event_id, live(now))
            .limit(1)
        )
        return found is not None

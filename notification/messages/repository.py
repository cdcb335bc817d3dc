"""Messages: created once per dedupe key, listed newest first, read by their recipient only."""

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from notification.messages.models import Notification


class NotificationRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def add_many(self, rows: list[dict[str, Any]]) -> list[uuid.UUID]:
        """Insert the rows whose dedupe key is new; the ids of those inserted."""
        if not rows:
            return []
        # Core insert, one statement for any number of rows: compiled once and cached, where the ORM
        # path with a VALUES list of varying length is compiled anew for each call.
        table = Notification.__table__
        result = await self.session.execute(
            insert(table).on_conflict_do_nothing(index_elements=[table.c.dedupe_key]).returning(table.c.id),
            rows,
        )
        return list(result.scalars())

    async def inbox(
        self, recipient_id: uuid.UUID, *, offset: int, limit: int, unread_only: bool
    ) -> tuple[Sequence[Notification], int, int]:
        """A page of the recipient's messages (newest first), how many match, how many are unread."""
        mine = Notification.recipient_id == recipient_id
        listed = select(Notification).where(mine)
        if unread_only:
            listed = listed.where(Notification.read_at.is_(None))
        total = await self.session.scalar(select(func.count()).select_from(listed.subquery()))
        unread = await self.session.scalar(
            select(func.count()).select_from(Notification).where(mine, Notification.read_at.is_(None))
        )
        rows = await self.session.scalars(
            listed.order_by(Notification.created_at.desc(), Notification.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return rows.all(), total or 0, unread or 0

    async def mark_all_read(self, recipient_id: uuid.UUID, *, now: datetime) -> int:
        """Mark every unread message of the recipient read; how many were unread."""
        result = await self.session.execute(
            update(Notification)
            .where(Notification.recipient_id == recipient_id, Notification.read_at.is_(None))
            .values(read_at=now)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def mark_read(
        self, notification_id: uuid.UUID, recipient_id: uuid.UUID, *, now: datetime
    ) -> Notification | None:
        """Mark one of the recipient's messages read (the first reading time stays); None if not theirs."""
        await self.session.execute(
            update(Notification)
            .where(
                Notification.id == notification_id,
                Notification.recipient_id == recipient_id,
                Notification.read_at.is_(None),
            )
            .values(read_at=now)
        )
        return await self.session.scalar(
            select(Notification).where(
                Notification.id == notification_id, Notification.recipient_id == recipient_id
            )
        )

"""The mail queue in PostgreSQL."""

import uuid
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from auth_api.mail.models import QueuedEmail


class MailRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    def add(self, email: QueuedEmail) -> None:
        self.session.add(email)

    async def due(self, *, now: datetime, limit: int) -> list[QueuedEmail]:
        """Emails whose time has come, oldest first, locked so that two workers never send one twice."""
        result = await self.session.execute(
            select(QueuedEmail)
            .where(QueuedEmail.next_attempt_at <= now)
            .order_by(QueuedEmail.next_attempt_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(result.scalars())

    async def remove(self, ids: list[uuid.UUID]) -> None:
        if ids:
            await self.session.execute(delete(QueuedEmail).where(QueuedEmail.id.in_(ids)))

    async def postpone(self, email_id: uuid.UUID, *, attempts: int, at: datetime, error: str) -> None:
        await self.session.execute(
            update(QueuedEmail)
            .where(QueuedEmail.id == email_id)
            .values(attempts=attempts, next_attempt_at=at, last_error=error)
        )

"""Account events waiting for the worker's relay (common/outbox.py)."""

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from auth_api.outbox.models import OutboxMessage
from common import outbox
from common.events import AccountMessage


class OutboxRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def add(
        self, message: AccountMessage, *, destinations: Sequence[str], occurred_at: datetime
    ) -> uuid.UUID:
        """Record the message for each destination service; it commits (or not) with the change."""
        return await outbox.add(
            self.session, OutboxMessage, message, destinations=destinations, occurred_at=occurred_at
        )

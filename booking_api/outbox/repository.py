import uuid
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from booking_api.outbox.models import OutboxMessage
from common import context
from common.events import Message


class OutboxRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def add(self, message: Message, *, occurred_at: datetime) -> None:
        """Record a message for the relay; it commits (or not) with the change that caused it. Its
        screening is the aggregate: the relay hands over each screening's messages in commit order."""
        await self.session.execute(
            insert(OutboxMessage).values(
                id=uuid.uuid4(),
                type=message.TYPE,
                aggregate_id=message.aggregate_id,
                occurred_at=occurred_at,
                request_id=context.current_request_id(),
                payload=message.payload(),
            )
        )

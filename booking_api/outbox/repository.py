import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from booking_api.outbox.models import OutboxMessage
from common import context


def envelope_fields(type_: str, aggregate_id: uuid.UUID, data: dict[str, Any], occurred_at: datetime) -> dict:
    """Column values of one outbox row: the event envelope of docs/conventions.md, before sending."""
    return {
        "id": uuid.uuid4(),
        "type": type_,
        "aggregate_id": aggregate_id,
        "occurred_at": occurred_at,
        "request_id": context.current_request_id(),
        "payload": data,
    }


class OutboxRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def add(
        self, type_: str, *, aggregate_id: uuid.UUID, data: dict[str, Any], occurred_at: datetime
    ) -> None:
        """Record a domain event; it commits (or not) with the change that caused it."""
        await self.session.execute(
            insert(OutboxMessage).values(**envelope_fields(type_, aggregate_id, data, occurred_at))
        )

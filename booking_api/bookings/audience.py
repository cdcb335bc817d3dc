"""Who has a place in an evening: the events layer's `Audience` port, answered from bookings and
invitations (both above it)."""

import uuid
from datetime import datetime

from sqlalchemy import exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from booking_api.bookings.models import ACTIVE, OPEN, PENDING, WAITING, Booking
from booking_api.invites.repository import InviteRepository


class AudienceRepository:
    def __init__(self, session: AsyncSession, invites: InviteRepository):
        self.session = session
        self.invites = invites

    async def has_place(self, event_id: uuid.UUID, user_id: uuid.UUID) -> bool:
        return bool(
            await self.session.scalar(
                select(exists().where(Booking.event_id == event_id, Booking.guest_id == user_id))
            )
        )

    async def _has(self, event_id: uuid.UUID, user_id: uuid.UUID, states: tuple[str, ...]) -> bool:
        return bool(
            await self.session.scalar(
                select(
                    exists().where(
                        Booking.event_id == event_id, Booking.guest_id == user_id, Booking.status.in_(states)
                    )
                )
            )
        )

    async def has_open_place(self, event_id: uuid.UUID, user_id: uuid.UUID) -> bool:
        return await self._has(event_id, user_id, OPEN)

    async def holds_seats(self, event_id: uuid.UUID, user_id: uuid.UUID) -> bool:
        return await self._has(event_id, user_id, (PENDING, ACTIVE))

    async def waiting(self, event_id: uuid.UUID) -> int:
        return int(
            await self.session.scalar(
                select(func.count())
                .select_from(Booking)
                .where(Booking.event_id == event_id, Booking.status == WAITING)
            )
            or 0
        )

    async def holds_invite(self, event_id: uuid.UUID, user_id: uuid.UUID, now: datetime) -> bool:
        return await self.invites.holds_live(event_id, user_id, now)

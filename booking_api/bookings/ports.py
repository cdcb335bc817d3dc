"""What the bookings use cases need: the events layer's unit of work, the bookings repository, and a
port to a guest's standing (scores and attendance, kept by the ratings layer)."""

import uuid
from datetime import datetime
from typing import Protocol

from booking_api.bookings.repository import BookingRepository
from booking_api.core.scores import Score
from booking_api.events.ports import EventsUnitOfWork


class GuestStanding(Protocol):
    """A guest's record as hosts may ask for it at booking (implemented by the ratings layer)."""

    async def guest_score(self, guest_id: uuid.UUID, now: datetime) -> Score:
        """The guest's score as a guest (revealed ratings only)."""
        ...

    async def attendance_record(self, guest_id: uuid.UUID, now: datetime) -> tuple[int, int]:
        """(attended, no-shows) over the guest's evenings whose attendance is settled."""
        ...


class BookingsUnitOfWork(EventsUnitOfWork, Protocol):
    @property
    def bookings(self) -> BookingRepository: ...

    @property
    def standing(self) -> GuestStanding: ...

"""What the bookings use cases need: the invitations layer's unit of work (and the events layer's below
it), the bookings repository, and a port to a guest's standing (scores and attendance, kept by the
ratings layer)."""

import uuid
from datetime import datetime
from typing import Protocol

from booking_api.blocks.ports import BlocksUnitOfWork
from booking_api.bookings.repository import BookingRepository
from booking_api.core.scores import Score
from booking_api.invites.ports import InvitesUnitOfWork


class GuestStanding(Protocol):
    """A guest's record as hosts may ask for it at booking (implemented by the ratings layer)."""

    async def guest_score(self, guest_id: uuid.UUID, now: datetime) -> Score:
        """The guest's score as a guest (revealed ratings only)."""
        ...

    async def attendance_record(self, guest_id: uuid.UUID, now: datetime) -> tuple[int, int]:
        """(attended, no-shows) over the guest's evenings whose attendance is settled."""
        ...

    async def reliable(
        self, guest_ids: list[uuid.UUID], now: datetime, *, min_attended: int, max_miss_rate: float
    ) -> set[uuid.UUID]:
        """Those of `guest_ids` with a reliability record: at least `min_attended` evenings attended,
        and no-shows plus late cancellations at most `max_miss_rate` of their settled evenings."""
        ...


class BookingsUnitOfWork(InvitesUnitOfWork, BlocksUnitOfWork, Protocol):
    @property
    def bookings(self) -> BookingRepository: ...

    @property
    def standing(self) -> GuestStanding: ...

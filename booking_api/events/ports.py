"""What the events use cases need: the places layer's unit of work, the events repository, and who has
a place in an evening (answered by the layers above, which own bookings and invitations)."""

import uuid
from datetime import datetime
from typing import Protocol

from booking_api.events.repository import EventRepository
from booking_api.places.ports import PlacesUnitOfWork


class Audience(Protocol):
    async def has_place(self, event_id: uuid.UUID, user_id: uuid.UUID) -> bool:
        """The person has (or had) a booking or waiting-list place in the evening."""
        ...

    async def has_open_place(self, event_id: uuid.UUID, user_id: uuid.UUID) -> bool:
        """The person is booked, asking, offered seats or waiting in the evening."""
        ...

    async def holds_seats(self, event_id: uuid.UUID, user_id: uuid.UUID) -> bool:
        """The person's booking or request in the evening is open."""
        ...

    async def waiting(self, event_id: uuid.UUID) -> int:
        """People on the evening's waiting list."""
        ...

    async def holds_invite(self, event_id: uuid.UUID, user_id: uuid.UUID, now: datetime) -> bool:
        """The person opened an invitation to the evening that is still valid."""
        ...


class EventsUnitOfWork(PlacesUnitOfWork, Protocol):
    @property
    def events(self) -> EventRepository: ...

    @property
    def audience(self) -> Audience: ...

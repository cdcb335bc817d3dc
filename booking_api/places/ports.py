"""What the places use cases need: their repository, and a port to the events held at a place."""

import uuid
from datetime import datetime
from typing import Protocol

from booking_api.core.ports import UnitOfWork
from booking_api.places.repository import PlaceRepository


class PlaceUsage(Protocol):
    """Events at a place, as far as the place's own rules need them (implemented by the events layer)."""

    async def largest_upcoming_capacity(self, place_id: uuid.UUID, now: datetime) -> int: ...

    async def has_upcoming_events(self, place_id: uuid.UUID, now: datetime) -> bool: ...


class PlacesUnitOfWork(UnitOfWork, Protocol):
    @property
    def places(self) -> PlaceRepository: ...

    @property
    def place_usage(self) -> PlaceUsage: ...

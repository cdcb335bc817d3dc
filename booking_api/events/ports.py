"""What the events use cases need: the places layer's unit of work and the events repository."""

from typing import Protocol

from booking_api.events.repository import EventRepository
from booking_api.places.ports import PlacesUnitOfWork


class EventsUnitOfWork(PlacesUnitOfWork, Protocol):
    @property
    def events(self) -> EventRepository: ...

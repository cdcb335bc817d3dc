"""The booking service's unit of work: one transaction, its repositories."""

from booking_api.bookings.repository import BookingRepository
from booking_api.events.repository import EventRepository
from booking_api.outbox.repository import OutboxRepository
from booking_api.places.repository import PlaceRepository
from booking_api.ratings.repository import RatingRepository
from common.db import SqlAlchemyUnitOfWork


class BookingUnitOfWork(SqlAlchemyUnitOfWork):
    places: PlaceRepository
    events: EventRepository
    bookings: BookingRepository
    outbox: OutboxRepository
    ratings: RatingRepository

    def _enter_repositories(self) -> None:
        self.places = PlaceRepository(self.session)
        self.events = EventRepository(self.session)
        self.bookings = BookingRepository(self.session)
        self.outbox = OutboxRepository(self.session)
        self.ratings = RatingRepository(self.session)

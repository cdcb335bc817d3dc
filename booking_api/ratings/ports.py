"""What the ratings use cases need: the bookings layer's unit of work and the ratings repository."""

from typing import Protocol

from booking_api.bookings.ports import BookingsUnitOfWork
from booking_api.ratings.repository import RatingRepository


class RatingsUnitOfWork(BookingsUnitOfWork, Protocol):
    @property
    def ratings(self) -> RatingRepository: ...

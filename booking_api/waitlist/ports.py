from typing import Protocol

from booking_api.bookings.ports import BookingsUnitOfWork
from booking_api.waitlist.repository import WaitlistRepository


class WaitlistUnitOfWork(BookingsUnitOfWork, Protocol):
    @property
    def waitlist(self) -> WaitlistRepository: ...

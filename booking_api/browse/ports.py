from typing import Protocol

from booking_api.browse.repository import ListingRepository
from booking_api.ratings.ports import RatingsUnitOfWork
from booking_api.waitlist.ports import WaitlistUnitOfWork


class BrowseUnitOfWork(RatingsUnitOfWork, WaitlistUnitOfWork, Protocol):
    @property
    def listings(self) -> ListingRepository: ...

from typing import Protocol

from booking_api.browse.repository import ListingRepository
from booking_api.ratings.ports import RatingsUnitOfWork


class BrowseUnitOfWork(RatingsUnitOfWork, Protocol):
    @property
    def listings(self) -> ListingRepository: ...

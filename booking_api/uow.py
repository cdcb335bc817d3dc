"""The booking service's unit of work: one transaction, every repository, the in-process handlers.

It is the one class that satisfies every layer's unit-of-work Protocol (`<domain>/ports.py`): a layer
sees only what its Protocol names. Only the composition root (`main.py`) and the housekeeping jobs'
callers construct it; no domain imports this module.
"""

import uuid
from collections.abc import Mapping, Sequence
from functools import lru_cache, partial

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from booking_api.blocks.repository import BlockRepository
from booking_api.bookings import handlers as booking_handlers
from booking_api.bookings.audience import AudienceRepository
from booking_api.bookings.repository import BookingRepository
from booking_api.browse.ports import BrowseUnitOfWork
from booking_api.browse.repository import ListingRepository
from booking_api.config import get_settings
from booking_api.core import cache as cached
from booking_api.core.idempotency import IdempotencyRepository
from booking_api.core.rules import BookingRules
from booking_api.events.changes import EventCancelledByHost, EventMoved, SeatsFreed
from booking_api.events.repository import EventRepository
from booking_api.housekeeping.jobs import HousekeepingUnitOfWork
from booking_api.invites import service as invites
from booking_api.invites.repository import InviteRepository
from booking_api.outbox.repository import OutboxRepository
from booking_api.places.changes import PlaceMoved
from booking_api.places.repository import PlaceRepository
from booking_api.ratings.repository import RatingRepository
from booking_api.reports.ports import ReportsUnitOfWork
from booking_api.reports.repository import ReportRepository
from booking_api.waitlist import service as waitlist
from booking_api.waitlist.repository import WaitlistRepository
from common.cache import Cache
from common.db import Handler, SqlAlchemyUnitOfWork


@lru_cache(maxsize=8)
def handlers_for(rules: BookingRules) -> Mapping[type, Sequence[Handler]]:
    """What a change in one domain makes happen in a higher one, in the same transaction."""
    return {
        PlaceMoved: [booking_handlers.tell_guests_place_moved],
        EventMoved: [booking_handlers.tell_guests_event_moved],
        EventCancelledByHost: [
            booking_handlers.cancel_bookings_of_cancelled_event,
            invites.revoke_with_event,
        ],
        SeatsFreed: [partial(waitlist.offer_freed_seats, rules=rules)],
    }


class BookingUnitOfWork(SqlAlchemyUnitOfWork):
    places: PlaceRepository
    blocks: BlockRepository
    events: EventRepository
    invites: InviteRepository
    bookings: BookingRepository
    waitlist: WaitlistRepository
    ratings: RatingRepository
    reports: ReportRepository
    outbox: OutboxRepository
    idempotency: IdempotencyRepository
    listings: ListingRepository
    # Ports: what a lower layer asks of a higher one, answered by the higher one's repository.
    place_usage: EventRepository
    standing: RatingRepository
    audience: AudienceRepository

    def __init__(
        self,
        sessionmaker: async_sessionmaker[AsyncSession],
        autocommit_sessionmaker: async_sessionmaker[AsyncSession] | None = None,
        *,
        cache: Cache | None = None,
        rules: BookingRules | None = None,
    ):
        rules = rules or BookingRules.from_settings(get_settings())
        super().__init__(sessionmaker, autocommit_sessionmaker, handlers=handlers_for(rules))
        self._cache = cache
        self._stale: set[uuid.UUID] = set()

    def _enter_repositories(self) -> None:
        self.places = PlaceRepository(self.session)
        self.blocks = BlockRepository(self.session)
        self.events = EventRepository(self.session)
        self.invites = InviteRepository(self.session)
        self.bookings = BookingRepository(self.session)
        self.waitlist = WaitlistRepository(self.session)
        self.ratings = RatingRepository(self.session)
        self.reports = ReportRepository(self.session)
        self.outbox = OutboxRepository(self.session)
        self.idempotency = IdempotencyRepository(self.session)
        self.listings = ListingRepository(self.session)
        self.place_usage = self.events
        self.standing = self.ratings
        self.audience = AudienceRepository(self.session, self.invites)
        self._stale = set()

    def invalidate(self, *event_ids: uuid.UUID) -> None:
        """After commit, forget the cached details of `event_ids` and every cached list (one command)."""
        if self._cache is None:
            return
        self._stale.update(event_ids)
        self.after_commit(self._forget_stale)

    async def _forget_stale(self) -> None:
        stale, self._stale = self._stale, set()
        if self._cache is not None:
            await cached.invalidate(self._cache, stale)


def _satisfies_every_layer(
    uow: BookingUnitOfWork,
) -> tuple[BrowseUnitOfWork, HousekeepingUnitOfWork, ReportsUnitOfWork]:
    """Never called: mypy checks here that this class is the unit of work every layer asks for."""
    return uow, uow, uow

"""The housekeeping jobs, each one round of work on what is due now."""

import logging
from dataclasses import dataclass
from typing import Protocol

from booking_api.config import get_settings
from booking_api.core.rules import RATING_WINDOW, BookingRules
from booking_api.housekeeping import seats
from booking_api.integrations.shortener import ShareLinks
from booking_api.invites import service as invites
from booking_api.ratings import messages as rating_messages
from booking_api.ratings.ports import RatingsUnitOfWork
from booking_api.waitlist.ports import WaitlistUnitOfWork
from common.clock import Clock
from common.events import EndedGuest, EventEnded

logger = logging.getLogger(__name__)


class HousekeepingUnitOfWork(RatingsUnitOfWork, WaitlistUnitOfWork, Protocol):
    """Every job's unit of work: ratings' and the waiting list's."""


@dataclass
class Done:
    events_ended: int = 0
    ratings_revealed: int = 0
    links_made: int = 0
    offers_lapsed: int = 0
    requests_declined: int = 0
    waitlists_closed: int = 0
    invites_released: int = 0


async def make_missing_share_links(
    *, uow: HousekeepingUnitOfWork, clock: Clock, links: ShareLinks, done: Done
) -> None:
    """Give a share link to upcoming events made while the shortener was down."""
    async with uow:
        missing = await uow.events.missing_share_url(clock.now(), limit=20)
    for event_id, url in (await links.for_events(missing)).items():
        if url is not None:
            async with uow:
                await uow.events.set_share_url(event_id, url)
                uow.invalidate(event_id)
                await uow.commit()
            done.links_made += 1


async def announce_ended_evenings(
    *, uow: HousekeepingUnitOfWork, clock: Clock, batch: int, done: Done
) -> None:
    """ "Rate your evening": each ended evening is announced once, with the guests booked at its end."""
    async with uow:
        now = clock.now()
        for event in await uow.events.ended_unannounced(now, batch):
            guests = await uow.bookings.active_for_event(event.id)
            await uow.events.update(event.id, {"ended_notified_at": now})
            await uow.outbox.add(
                EventEnded(
                    event_id=event.id,
                    host_id=event.host_id,
                    host_name=event.host_name,
                    movie_title=event.movie_title,
                    starts_at=event.starts_at,
                    ends_at=event.ends_at,
                    rating_window_closes_at=event.ends_at + RATING_WINDOW,
                    guests=[EndedGuest(booking_id=b.id, guest_id=b.guest_id) for b in guests],
                ),
                occurred_at=now,
            )
            done.events_ended += 1
        await uow.commit()


async def reveal_closed_windows(*, uow: HousekeepingUnitOfWork, clock: Clock, batch: int, done: Done) -> None:
    """Ratings whose window closed become visible (blind until then), and their ratees are told."""
    async with uow:
        now = clock.now()
        for rating in await uow.ratings.due_reveals(now, batch):
            event = await uow.events.get(rating.event_id)
            if event is None:  # a rating's event is never deleted
                logger.error("rating %s names an unknown event %s", rating.id, rating.event_id)
                continue
            await uow.ratings.update(rating.id, {"revealed_at": rating.window_closes_at})
            await uow.outbox.add(rating_messages.revealed(rating, event), occurred_at=now)
            done.ratings_revealed += 1
        await uow.commit()


async def run_housekeeping(
    *,
    uow: HousekeepingUnitOfWork,
    clock: Clock,
    links: ShareLinks | None = None,
    rules: BookingRules | None = None,
    batch: int = 100,
) -> Done:
    """One round of every job; what it did."""
    rules = rules or BookingRules.from_settings(get_settings())
    done = Done()
    if links is not None:
        await make_missing_share_links(uow=uow, clock=clock, links=links, done=done)
    done.offers_lapsed = await seats.lapse_offers(uow=uow, clock=clock, rules=rules, batch=batch)
    done.requests_declined = await seats.decline_unanswered(uow=uow, clock=clock, rules=rules, batch=batch)
    done.waitlists_closed = await seats.close_waitlists(uow=uow, clock=clock, batch=batch)
    done.invites_released = await invites.release_expired(uow=uow, now=clock.now(), batch=batch)
    await announce_ended_evenings(uow=uow, clock=clock, batch=batch, done=done)
    await reveal_closed_windows(uow=uow, clock=clock, batch=batch, done=done)
    return done

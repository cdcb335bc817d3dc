"""Public reads, cached under generations (`core/cache.py`): a reader that races a change stores its
copy under the old generation, where nobody looks."""

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC
from typing import Any, TypeVar

from pydantic import BaseModel

from booking_api.bookings.models import ACTIVE, PENDING
from booking_api.browse.ports import BrowseUnitOfWork
from booking_api.browse.schemas import EventFilter, FilmRead, HostRead
from booking_api.core import cache
from booking_api.core.env import Env
from booking_api.core.scores import NO_SCORE, ScoreRead
from booking_api.events.access import Shown, Sight, plain_sight, sight
from booking_api.events.exceptions import EventNotFound
from booking_api.events.schemas import EventRead
from booking_api.events.views import current_status, event_read, public_place
from booking_api.ratings.models import OF_HOST
from common.errors import DependencyUnavailable
from common.pagination import Page, PageParams


def _key(kind: str, filters: EventFilter, page: PageParams, **extra: Any) -> str:
    # `now` moves on every request; the lists it selects change only when an event starts, and the
    # short TTL covers that.
    return cache.list_key(kind, {**filters.__dict__, "now": None, **extra, **page.model_dump()})


async def get_event(
    *, uow: BrowseUnitOfWork, env: Env, event_id: uuid.UUID, viewer_id: uuid.UUID | None
) -> EventRead:
    """One event with seats left, for those who may see it (404 for the others, as if it did not
    exist); the place's address only for its host and booked guests."""
    now = env.clock.now()
    key = cache.event_key(event_id)
    generation, cached = await env.cache.get_versioned(key, key)
    hidden = False
    if cached is not None:
        full = EventRead.model_validate(cached)
    else:
        async with uow:
            found = await uow.events.get_with_place(event_id)
            if found is None:
                raise EventNotFound()
            host_score = await uow.ratings.score(found[0].host_id, OF_HOST, now)
            waiting = await uow.waitlist.count_waiting([event_id])
        event, place = found
        full = event_read(
            event, place, now, reveal_place=True, host_score=host_score, waiting=waiting.get(event_id, 0)
        )
        # Hidden by a moderator: only its host and guests still see it, never from the cache.
        hidden = event.hidden_at is not None
        if not hidden:
            await env.cache.set_versioned(
                generation, key, full.model_dump(mode="json"), env.event_cache_seconds
            )
    shown = Shown.of_read(full, hidden=hidden)
    seen = plain_sight(shown, viewer_id)
    if seen is None:
        async with uow:
            seen = await sight(uow=uow, env=env, event=shown, viewer_id=viewer_id, now=now)
    if seen is None:
        raise EventNotFound()
    full.status = current_status(full.status, full.ends_at, now)
    if seen is Sight.HOST or (viewer_id is not None and await _holds_seats(uow, event_id, viewer_id)):
        return full
    full.place = public_place(full.place)
    return full


async def shown_to(*, env: Env, host_id: uuid.UUID | None, viewer_id: uuid.UUID | None) -> tuple[str, ...]:
    """The visibilities a list of `host_id`'s evenings shows `viewer_id`: all of them to the host,
    friends-only ones too to the host's friends, otherwise public ones only. UGC unavailable: public
    ones only (a list may show less, never more)."""
    if host_id is None or viewer_id is None:
        return ("public",)
    if viewer_id == host_id:
        return ("public", "unlisted", "friends", "invite")
    try:
        friends = await env.friends.are_friends(host_id, viewer_id)
    except DependencyUnavailable:
        return ("public",)
    return ("public", "friends") if friends else ("public",)


async def _holds_seats(uow: BrowseUnitOfWork, event_id: uuid.UUID, guest_id: uuid.UUID) -> bool:
    """A booked guest (or one whose request is pending) sees the address."""
    async with uow:
        place = await uow.bookings.open_for_guest(event_id, guest_id)
    return place is not None and place.status in (PENDING, ACTIVE)


T = TypeVar("T", bound=BaseModel)


async def _cached_page(
    env: Env, page_type: type[Page[T]], key: str, load: Callable[[], Awaitable[Page[T]]]
) -> Page[T]:
    """A list page from the cache, or loaded and stored under the generation read before loading."""
    generation, cached = await env.cache.get_versioned(cache.LISTS, key)
    if cached is not None:
        return page_type.model_validate(cached)
    result = await load()
    await env.cache.set_versioned(generation, key, result.model_dump(mode="json"), env.list_cache_seconds)
    return result


async def list_events(
    *, uow: BrowseUnitOfWork, env: Env, filters: EventFilter, page: PageParams
) -> Page[EventRead]:
    """Upcoming scheduled events, soonest first, filtered."""

    async def load() -> Page[EventRead]:
        async with uow:
            rows, total = await uow.listings.search(filters, offset=page.offset, limit=page.limit)
            scores = await uow.ratings.host_scores(list({e.host_id for e, _ in rows}), filters.now)
            waiting = await uow.waitlist.count_waiting([e.id for e, _ in rows])
        items = [
            event_read(
                e,
                p,
                filters.now,
                reveal_place=False,
                host_score=scores.get(e.host_id, NO_SCORE),
                waiting=waiting.get(e.id, 0),
            )
            for e, p in rows
        ]
        return Page.of(items, total, page)

    result = await _cached_page(env, Page[EventRead], _key("events", filters, page), load)
    now = env.clock.now()
    for item in result.items:  # a cached page may be older than an evening's end
        item.status = current_status(item.status, item.ends_at, now)
    return result


async def list_films(
    *, uow: BrowseUnitOfWork, env: Env, filters: EventFilter, page: PageParams
) -> Page[FilmRead]:
    """Films with upcoming watch parties, the most parties first."""

    async def load() -> Page[FilmRead]:
        async with uow:
            films, total = await uow.listings.films(filters, offset=page.offset, limit=page.limit)
        items = [
            FilmRead(
                movie_id=f.movie_id,
                movie_title=f.movie_title,
                upcoming_events=f.upcoming_events,
                hosts=f.hosts,
                next_event_at=f.next_event_at.astimezone(UTC),
            )
            for f in films
        ]
        return Page.of(items, total, page)

    return await _cached_page(env, Page[FilmRead], _key("films", filters, page), load)


async def list_hosts(
    *, uow: BrowseUnitOfWork, env: Env, filters: EventFilter, page: PageParams, sort: str
) -> Page[HostRead]:
    """Hosts with upcoming events that match: the soonest next event first, or the best host score."""

    async def load() -> Page[HostRead]:
        async with uow:
            hosts, total = await uow.listings.hosts(
                filters, offset=page.offset, limit=page.limit, by_score=sort == "score"
            )
            scores = await uow.ratings.host_scores([h.host_id for h in hosts], filters.now)
        items = [
            HostRead(
                id=h.host_id,
                name=h.host_name,
                rating=ScoreRead.of(scores.get(h.host_id, NO_SCORE)),
                upcoming_events=h.upcoming_events,
                next_event_at=h.next_event_at.astimezone(UTC),
                cities=h.cities,
            )
            for h in hosts
        ]
        return Page.of(items, total, page)

    return await _cached_page(env, Page[HostRead], _key("hosts", filters, page, sort=sort), load)

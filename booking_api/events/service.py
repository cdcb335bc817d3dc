import hashlib
import itertools
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import orjson

from booking_api.bookings.models import Booking
from booking_api.events.exceptions import (
    BannedUser,
    CapacityBelowBooked,
    CapacityExceedsPlace,
    EventNotEditable,
    EventNotFound,
    InvalidSchedule,
    MovieNotBookable,
    MovieNotFound,
    NotYourEvent,
    PlaceBusy,
    StartOutOfWindow,
)
from booking_api.events.models import CANCELLED, FINISHED, SCHEDULED, Event
from booking_api.events.repository import EventFilter
from booking_api.events.schemas import (
    WEEKDAYS,
    EventCreate,
    EventRead,
    EventUpdate,
    FilmRead,
    HostRead,
    HostRef,
    MovieRef,
    PlaceRef,
    ScheduleCreate,
    ScheduleRead,
    WeeklyRule,
)
from booking_api.integrations.movies import Film, MovieCatalog
from booking_api.integrations.shortener import ShareLinks
from booking_api.integrations.users import Person, UserDirectory
from booking_api.places.exceptions import PlaceNotFound, PlaceNotYours
from booking_api.places.models import Place
from booking_api.ratings.models import OF_HOST
from booking_api.ratings.schemas import ScoreRead
from booking_api.ratings.scoring import Score
from booking_api.uow import BookingUnitOfWork
from common.cache import Cache
from common.clock import Clock
from common.pagination import Page, PageParams

EVENTS_CACHE = "events"


@dataclass(frozen=True)
class Rules:
    min_lead: timedelta
    horizon: timedelta
    event_ttl: int
    list_ttl: int


def event_cache_key(event_id: uuid.UUID) -> str:
    return f"event:{event_id}"


async def invalidate_event(cache: Cache, event_id: uuid.UUID) -> None:
    """Forget an event's cached detail and every cached list (its seats_left may show in any of them):
    both are kept under generations, so bumping them is enough, and a reader that raced the change
    stores its stale copy under the old generation, where nobody looks."""
    await cache.invalidate(delete=[], bump=[event_cache_key(event_id), EVENTS_CACHE])


def status_of(event: Event | dict[str, Any], now: datetime) -> str:
    stored = event["status"] if isinstance(event, dict) else event.status
    ends_at = event["ends_at"] if isinstance(event, dict) else event.ends_at
    if isinstance(ends_at, str):
        ends_at = datetime.fromisoformat(ends_at)
    if stored == SCHEDULED and ends_at <= now:
        return FINISHED
    return stored


def place_ref(place: Place, *, reveal: bool) -> PlaceRef:
    """Name and city for everyone; the address, coordinates and notes only when `reveal`."""
    if not reveal:
        return PlaceRef(id=place.id, name=place.name, city=place.city)
    return PlaceRef(
        id=place.id,
        name=place.name,
        city=place.city,
        address=place.address,
        latitude=place.latitude,
        longitude=place.longitude,
        notes=place.notes,
    )


def event_read(
    event: Event, place: Place, now: datetime, *, reveal_place: bool, host_score: Score | None = None
) -> EventRead:
    return EventRead(
        id=event.id,
        host=HostRef(
            id=event.host_id, name=event.host_name, rating=ScoreRead.of(host_score) if host_score else None
        ),
        movie=MovieRef(id=event.movie_id, title=event.movie_title, duration_minutes=event.duration_minutes),
        place=place_ref(place, reveal=reveal_place),
        starts_at=event.starts_at.astimezone(UTC),
        ends_at=event.ends_at.astimezone(UTC),
        capacity=event.capacity,
        seats_taken=event.seats_taken,
        seats_left=event.capacity - event.seats_taken,
        status=status_of(event, now),  # type: ignore[arg-type]
        description=event.description,
        series_id=event.series_id,
        min_guest_rating=event.min_guest_rating,
        max_no_show_rate=event.max_no_show_rate,
        share_url=event.share_url,
        created_at=event.created_at.astimezone(UTC),
        updated_at=event.updated_at.astimezone(UTC),
    )


def event_message(event: Event, place: Place) -> dict[str, Any]:
    """What notifications need to know about an event, in outbox payloads."""
    return {
        "event_id": str(event.id),
        "host_id": str(event.host_id),
        "host_name": event.host_name,
        "movie_id": str(event.movie_id),
        "movie_title": event.movie_title,
        "starts_at": event.starts_at.astimezone(UTC).isoformat(),
        "ends_at": event.ends_at.astimezone(UTC).isoformat(),
        "place": {"id": str(place.id), "name": place.name, "city": place.city, "address": place.address},
        "capacity": event.capacity,
        "seats_left": event.capacity - event.seats_taken,
        "series_id": str(event.series_id) if event.series_id else None,
        "share_url": event.share_url,
    }


def guests_message(bookings: list[Booking]) -> list[dict[str, Any]]:
    """Who an event change concerns, in outbox payloads."""
    return [{"booking_id": str(b.id), "guest_id": str(b.guest_id), "seats": b.seats} for b in bookings]


async def require_active_person(users: UserDirectory, user_id: uuid.UUID) -> Person:
    """The caller as auth knows them; banned users may neither host nor book."""
    person = await users.get(user_id)
    if person is None:
        raise BannedUser("Your account is unknown to the auth service.")
    if person.banned:
        raise BannedUser()
    return person


async def _bookable_film(movies: MovieCatalog, movie_id: uuid.UUID) -> Film:
    film = await movies.get(movie_id)
    if film is None:
        raise MovieNotFound(movie_id=movie_id)
    if not film.watch_party:
        raise MovieNotBookable(movie_id=movie_id)
    return film


def _check_window(starts_at: datetime, now: datetime, rules: Rules) -> None:
    if starts_at < now + rules.min_lead or starts_at > now + rules.horizon:
        raise StartOutOfWindow(
            f"Events start between {int(rules.min_lead.total_seconds() // 60)} minutes and "
            f"{rules.horizon.days} days from now.",
            starts_at=starts_at.astimezone(UTC),
        )


async def _host_place(uow: BookingUnitOfWork, place_id: uuid.UUID, host_id: uuid.UUID) -> Place:
    place = await uow.places.get(place_id, lock=True)
    if place is None:
        raise PlaceNotFound()
    if place.host_id != host_id:
        raise PlaceNotYours()
    return place


def _check_capacity(capacity: int, place: Place) -> None:
    if capacity > place.capacity:
        raise CapacityExceedsPlace(
            f"{place.name} holds {place.capacity}; the capacity cannot be larger.",
            place_capacity=place.capacity,
        )


async def _check_free(
    uow: BookingUnitOfWork,
    place: Place,
    starts_at: datetime,
    ends_at: datetime,
    exclude: uuid.UUID | None = None,
) -> None:
    clash = await uow.events.overlapping(place.id, starts_at, ends_at, exclude=exclude)
    if clash is not None:
        raise PlaceBusy(
            f"{place.name} is taken from {clash.starts_at.astimezone(UTC):%Y-%m-%d %H:%M} to "
            f"{clash.ends_at.astimezone(UTC):%H:%M} UTC by another event.",
            slot={"starts_at": starts_at.astimezone(UTC), "ends_at": ends_at.astimezone(UTC)},
            conflicting_event_id=clash.id,
        )


def weekly_starts(rule: WeeklyRule, today: date) -> list[datetime]:
    """The local wall-clock times of a weekly rule, as aware datetimes (DST-correct)."""
    zone = ZoneInfo(rule.timezone)
    first = rule.start_date or today
    offset = (WEEKDAYS.index(rule.weekday) - first.weekday()) % 7
    day = first + timedelta(days=offset)
    return [datetime.combine(day + timedelta(weeks=i), rule.time, tzinfo=zone) for i in range(rule.count)]


async def _create_events(
    *,
    uow: BookingUnitOfWork,
    cache: Cache,
    clock: Clock,
    users: UserDirectory,
    movies: MovieCatalog,
    links: ShareLinks,
    rules: Rules,
    host_id: uuid.UUID,
    data: EventCreate | ScheduleCreate,
    starts: list[datetime],
    series_id: uuid.UUID | None,
) -> list[EventRead]:
    """Validate and write the events of one request (one, or a schedule's), all in one transaction."""
    now = clock.now()
    for starts_at in starts:
        _check_window(starts_at, now, rules)
    host = await require_active_person(users, host_id)
    film = await _bookable_film(movies, data.movie_id)
    length = timedelta(minutes=film.duration_minutes)
    slots = sorted((s.astimezone(UTC), s.astimezone(UTC) + length) for s in starts)
    for (a_start, a_end), (b_start, _) in itertools.pairwise(slots):
        if b_start < a_end:
            raise InvalidSchedule(
                "Two starts of this schedule overlap each other.",
                slot={"starts_at": b_start, "ends_at": b_start + length},
                overlaps={"starts_at": a_start, "ends_at": a_end},
            )
    ids = [uuid.uuid4() for _ in slots]
    # Made before the transaction, so no lock waits on the shortener and event.created carries it.
    share = await links.for_events(ids)
    async with uow:
        place = await _host_place(uow, data.place_id, host_id)
        _check_capacity(data.capacity, place)
        events = []
        for event_id, (starts_at, ends_at) in zip(ids, slots, strict=True):
            await _check_free(uow, place, starts_at, ends_at)
            events.append(
                Event(
                    id=event_id,
                    share_url=share[event_id],
                    host_id=host_id,
                    host_name=host.name,
                    movie_id=film.id,
                    movie_title=film.title,
                    duration_minutes=film.duration_minutes,
                    place_id=place.id,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    capacity=data.capacity,
                    seats_taken=0,
                    description=data.description,
                    status=SCHEDULED,
                    series_id=series_id,
                    min_guest_rating=data.min_guest_rating,
                    max_no_show_rate=data.max_no_show_rate,
                    created_at=now,
                    updated_at=now,
                )
            )
        await uow.events.add_all(events)
        for event in events:
            await uow.outbox.add(
                "event.created", aggregate_id=event.id, data=event_message(event, place), occurred_at=now
            )
        await uow.commit()
    await cache.bump(EVENTS_CACHE)
    return [event_read(e, place, now, reveal_place=True) for e in events]


async def create_event(
    *,
    uow: BookingUnitOfWork,
    cache: Cache,
    clock: Clock,
    users: UserDirectory,
    movies: MovieCatalog,
    links: ShareLinks,
    rules: Rules,
    host_id: uuid.UUID,
    data: EventCreate,
) -> EventRead:
    """Schedule one screening of a watch-party film at one of the caller's places."""
    events = await _create_events(
        uow=uow,
        cache=cache,
        clock=clock,
        users=users,
        movies=movies,
        links=links,
        rules=rules,
        host_id=host_id,
        data=data,
        starts=[data.starts_at],
        series_id=None,
    )
    return events[0]


async def create_schedule(
    *,
    uow: BookingUnitOfWork,
    cache: Cache,
    clock: Clock,
    users: UserDirectory,
    movies: MovieCatalog,
    links: ShareLinks,
    rules: Rules,
    host_id: uuid.UUID,
    data: ScheduleCreate,
    max_size: int,
) -> ScheduleRead:
    """Create a series of events, all or nothing; a clash names the slot."""
    if data.starts is not None:
        starts = list(data.starts)
    else:
        assert data.weekly is not None
        local_today = clock.now().astimezone(ZoneInfo(data.weekly.timezone)).date()
        starts = weekly_starts(data.weekly, local_today)
    if len(starts) > max_size:
        raise InvalidSchedule(f"A schedule has at most {max_size} events.", max_size=max_size)
    series_id = uuid.uuid4()
    events = await _create_events(
        uow=uow,
        cache=cache,
        clock=clock,
        users=users,
        movies=movies,
        links=links,
        rules=rules,
        host_id=host_id,
        data=data,
        starts=starts,
        series_id=series_id,
    )
    return ScheduleRead(series_id=series_id, events=events)


async def get_event(
    *,
    uow: BookingUnitOfWork,
    cache: Cache,
    clock: Clock,
    rules: Rules,
    event_id: uuid.UUID,
    viewer_id: uuid.UUID | None,
) -> EventRead:
    """One event with seats left; the place's address only for its host and booked guests."""
    now = clock.now()
    generation, cached = await cache.get_versioned(event_cache_key(event_id), event_cache_key(event_id))
    if cached is not None:
        full = EventRead.model_validate(cached)
    else:
        async with uow:
            found = await uow.events.get_with_place(event_id)
            if found is None:
                raise EventNotFound()
            host_score = await uow.ratings.score(found[0].host_id, OF_HOST, now)
        full = event_read(found[0], found[1], now, reveal_place=True, host_score=host_score)
        await cache.set_versioned(
            generation, event_cache_key(event_id), full.model_dump(mode="json"), rules.event_ttl
        )
    full.status = status_of(full.model_dump(), now)  # type: ignore[assignment]
    if viewer_id is not None and (viewer_id == full.host.id or await _has_booking(uow, event_id, viewer_id)):
        return full
    full.place = PlaceRef(id=full.place.id, name=full.place.name, city=full.place.city)
    return full


async def _has_booking(uow: BookingUnitOfWork, event_id: uuid.UUID, guest_id: uuid.UUID) -> bool:
    async with uow:
        return await uow.bookings.active_for_guest(event_id, guest_id) is not None


def _list_key(kind: str, params: dict[str, Any]) -> str:
    digest = hashlib.sha256(orjson.dumps(params, default=str, option=orjson.OPT_SORT_KEYS)).hexdigest()[:32]
    return f"{kind}:{digest}"


async def list_events(
    *,
    uow: BookingUnitOfWork,
    cache: Cache,
    clock: Clock,
    rules: Rules,
    filters: EventFilter,
    page: PageParams,
) -> Page[EventRead]:
    """Upcoming scheduled events, soonest first, filtered."""
    key = _list_key("events", {**filters.__dict__, "now": None, **page.model_dump()})
    generation, cached = await cache.get_versioned(EVENTS_CACHE, key)
    if cached is not None:
        return _fresh_page(cached, clock.now())
    async with uow:
        rows, total = await uow.events.search(filters, offset=page.offset, limit=page.limit)
        scores = await uow.ratings.host_scores(list({e.host_id for e, _ in rows}), filters.now)
    result = Page.of(
        [
            event_read(e, p, filters.now, reveal_place=False, host_score=scores.get(e.host_id, Score(0, 0)))
            for e, p in rows
        ],
        total,
        page,
    )
    await cache.set_versioned(generation, key, result.model_dump(mode="json"), rules.list_ttl)
    return result


def _fresh_page(cached: dict[str, Any], now: datetime) -> Page[EventRead]:
    page = Page[EventRead].model_validate(cached)
    for item in page.items:
        item.status = status_of(item.model_dump(), now)  # type: ignore[assignment]
    return page


async def list_films(
    *, uow: BookingUnitOfWork, cache: Cache, rules: Rules, filters: EventFilter, page: PageParams
) -> Page[FilmRead]:
    """Films with upcoming watch parties, the most parties first."""
    key = _list_key("films", {**filters.__dict__, "now": None, **page.model_dump()})
    generation, cached = await cache.get_versioned(EVENTS_CACHE, key)
    if cached is not None:
        return Page[FilmRead].model_validate(cached)
    async with uow:
        films, total = await uow.events.films(filters, offset=page.offset, limit=page.limit)
    result = Page.of(
        [
            FilmRead(
                movie_id=f.movie_id,
                movie_title=f.movie_title,
                upcoming_events=f.upcoming_events,
                hosts=f.hosts,
                next_event_at=f.next_event_at.astimezone(UTC),
            )
            for f in films
        ],
        total,
        page,
    )
    await cache.set_versioned(generation, key, result.model_dump(mode="json"), rules.list_ttl)
    return result


async def list_hosts(
    *, uow: BookingUnitOfWork, cache: Cache, rules: Rules, filters: EventFilter, page: PageParams, sort: str
) -> Page[HostRead]:
    """Hosts with upcoming events that match: the soonest next event first, or the best host score."""
    key = _list_key("hosts", {**filters.__dict__, "now": None, "sort": sort, **page.model_dump()})
    generation, cached = await cache.get_versioned(EVENTS_CACHE, key)
    if cached is not None:
        return Page[HostRead].model_validate(cached)
    async with uow:
        hosts, total = await uow.events.hosts(
            filters, offset=page.offset, limit=page.limit, by_score=sort == "score"
        )
        scores = await uow.ratings.host_scores([h.host_id for h in hosts], filters.now)
    result = Page.of(
        [
            HostRead(
                id=h.host_id,
                name=h.host_name,
                rating=ScoreRead.of(scores.get(h.host_id, Score(0, 0))),
                upcoming_events=h.upcoming_events,
                next_event_at=h.next_event_at.astimezone(UTC),
                cities=h.cities,
            )
            for h in hosts
        ],
        total,
        page,
    )
    await cache.set_versioned(generation, key, result.model_dump(mode="json"), rules.list_ttl)
    return result


async def update_event(
    *,
    uow: BookingUnitOfWork,
    cache: Cache,
    clock: Clock,
    rules: Rules,
    host_id: uuid.UUID,
    event_id: uuid.UUID,
    data: EventUpdate,
) -> EventRead:
    """Change time, place, capacity or description of the caller's upcoming event."""
    now = clock.now()
    changes = data.model_dump(exclude_unset=True)
    if "starts_at" in changes:
        _check_window(changes["starts_at"], now, rules)
    async with uow:
        found = await uow.events.get_with_place(event_id)
        if found is None:
            raise EventNotFound()
        event, place = found
        if event.host_id != host_id:
            raise NotYourEvent()
        new_place_id = changes.get("place_id", event.place_id)
        # Lock the place(s) first, then the event: the same order as event creation.
        target = await _host_place(uow, new_place_id, host_id)
        event = await uow.events.get(event_id, lock=True)
        assert event is not None
        if event.status != SCHEDULED or event.starts_at <= now:
            raise EventNotEditable()
        before = event_message(event, place)
        values: dict[str, Any] = {"updated_at": now}
        starts_at = changes.get("starts_at", event.starts_at).astimezone(UTC)
        ends_at = starts_at + timedelta(minutes=event.duration_minutes)
        capacity = changes.get("capacity", event.capacity)
        moved = starts_at != event.starts_at or target.id != event.place_id
        if moved:
            await _check_free(uow, target, starts_at, ends_at, exclude=event.id)
            values.update(starts_at=starts_at, ends_at=ends_at, place_id=target.id)
        if "capacity" in changes or target.id != event.place_id:
            _check_capacity(capacity, target)
            if capacity < event.seats_taken:
                raise CapacityBelowBooked(
                    f"{event.seats_taken} seats are booked; the capacity cannot be lower.",
                    seats_taken=event.seats_taken,
                )
            values["capacity"] = capacity
        for name in ("description", "min_guest_rating", "max_no_show_rate"):
            if name in changes:
                values[name] = changes[name]
        await uow.events.update(event_id, values)
        refreshed = await uow.events.get_with_place(event_id)
        assert refreshed is not None
        event, place = refreshed
        await uow.session.refresh(event)
        if moved:
            guests = await uow.bookings.active_for_event(event_id)
            await uow.outbox.add(
                "event.changed",
                aggregate_id=event_id,
                data={
                    **event_message(event, place),
                    "before": {k: before[k] for k in ("starts_at", "ends_at", "place")},
                    "guests": guests_message(guests),
                },
                occurred_at=now,
            )
        await uow.commit()
        result = event_read(event, place, now, reveal_place=True)
    await invalidate_event(cache, event_id)
    return result


async def cancel_event(
    *, uow: BookingUnitOfWork, cache: Cache, clock: Clock, host_id: uuid.UUID, event_id: uuid.UUID
) -> EventRead:
    """Cancel the caller's upcoming event and every booking in it."""
    now = clock.now()
    async with uow:
        event = await uow.events.get(event_id, lock=True)
        if event is None:
            raise EventNotFound()
        if event.host_id != host_id:
            raise NotYourEvent()
        if event.status != SCHEDULED or event.ends_at <= now:
            raise EventNotEditable("Only a scheduled event that has not ended can be cancelled.")
        cancelled = await uow.bookings.cancel_all_for_event(event_id, now=now)
        await uow.events.update(
            event_id, {"status": CANCELLED, "seats_taken": 0, "cancelled_at": now, "updated_at": now}
        )
        found = await uow.events.get_with_place(event_id)
        assert found is not None
        event, place = found
        await uow.session.refresh(event)
        await uow.outbox.add(
            "event.cancelled",
            aggregate_id=event_id,
            data={
                **event_message(event, place),
                "guests": guests_message(cancelled),
            },
            occurred_at=now,
        )
        await uow.commit()
        result = event_read(event, place, now, reveal_place=True)
    await invalidate_event(cache, event_id)
    return result

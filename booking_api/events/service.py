"""Commands on screenings: create one or a schedule, change, cancel."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from booking_api.core.env import Env
from booking_api.core.people import require_active_person
from booking_api.events import messages
from booking_api.events.access import require_host
from booking_api.events.changes import EventCancelledByHost, EventMoved, SeatsFreed
from booking_api.events.exceptions import (
    CapacityBelowBooked,
    CapacityExceedsPlace,
    EventNotEditable,
    EventNotFound,
    InvalidSchedule,
    MovieNotBookable,
    MovieNotFound,
    PlaceBusy,
)
from booking_api.events.models import CANCELLED, SCHEDULED, Event
from booking_api.events.ports import EventsUnitOfWork
from booking_api.events.schedules import check_start, slots, weekly_starts
from booking_api.events.schemas import EventCreate, EventRead, EventUpdate, ScheduleCreate, ScheduleRead
from booking_api.events.views import event_read
from booking_api.integrations.movies import Film, MovieCatalog
from booking_api.places.models import Place
from booking_api.places.service import owned_place


async def _bookable_film(movies: MovieCatalog, movie_id: uuid.UUID) -> Film:
    film = await movies.get(movie_id)
    if film is None:
        raise MovieNotFound(movie_id=movie_id)
    if not film.watch_party:
        raise MovieNotBookable(movie_id=movie_id)
    return film


def _check_capacity(capacity: int, place: Place) -> None:
    if capacity > place.capacity:
        raise CapacityExceedsPlace(
            f"{place.name} holds {place.capacity}; the capacity cannot be larger.",
            place_capacity=place.capacity,
        )


async def _check_free(
    uow: EventsUnitOfWork,
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


async def _create_events(
    *,
    uow: EventsUnitOfWork,
    env: Env,
    host_id: uuid.UUID,
    data: EventCreate | ScheduleCreate,
    starts: list[datetime],
    series_id: uuid.UUID | None,
) -> list[EventRead]:
    """Validate and write the events of one request (one, or a schedule's), all in one transaction."""
    now = env.clock.now()
    for starts_at in starts:
        check_start(starts_at, now, env.rules)
    host = await require_active_person(env.users, host_id)
    film = await _bookable_film(env.movies, data.movie_id)
    planned = slots(starts, timedelta(minutes=film.duration_minutes))
    ids = [uuid.uuid4() for _ in planned]
    # Made before the transaction, so no lock waits on the shortener and event.created carries it.
    share = await env.links.for_events(ids)
    async with uow:
        place = await owned_place(uow, data.place_id, host_id, lock=True)
        _check_capacity(data.capacity, place)
        events = []
        for event_id, (starts_at, ends_at) in zip(ids, planned, strict=True):
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
                    approval=data.approval,
                    cancel_deadline_hours=(
                        env.rules.default_cancel_deadline_hours
                        if data.cancel_deadline_hours is None
                        else data.cancel_deadline_hours
                    ),
                    waitlist_priority=data.waitlist_priority,
                    visibility=data.visibility,
                    created_at=now,
                    updated_at=now,
                )
            )
        await uow.events.add_all(events)
        for event in events:
            await uow.outbox.add(messages.created(event, place), occurred_at=now)
        uow.invalidate()
        await uow.commit()
    return [event_read(e, place, now, reveal_place=True) for e in events]


async def create_event(
    *, uow: EventsUnitOfWork, env: Env, host_id: uuid.UUID, data: EventCreate
) -> EventRead:
    """Schedule one screening of a watch-party film at one of the caller's places."""
    events = await _create_events(
        uow=uow, env=env, host_id=host_id, data=data, starts=[data.starts_at], series_id=None
    )
    return events[0]


async def create_schedule(
    *, uow: EventsUnitOfWork, env: Env, host_id: uuid.UUID, data: ScheduleCreate
) -> ScheduleRead:
    """Create a series of events, all or nothing; a clash names the slot."""
    if data.weekly is not None:
        local_today = env.clock.now().astimezone(ZoneInfo(data.weekly.timezone)).date()
        starts = weekly_starts(data.weekly, local_today)
    else:
        starts = list(data.starts or [])
    max_size = env.rules.max_schedule_size
    if len(starts) > max_size:
        raise InvalidSchedule(f"A schedule has at most {max_size} events.", max_size=max_size)
    series_id = uuid.uuid4()
    events = await _create_events(
        uow=uow, env=env, host_id=host_id, data=data, starts=starts, series_id=series_id
    )
    return ScheduleRead(series_id=series_id, events=events)


async def _own_event(
    uow: EventsUnitOfWork, env: Env, event_id: uuid.UUID, host_id: uuid.UUID, now: datetime
) -> tuple[Event, Place]:
    found = await uow.events.get_with_place(event_id)
    if found is None:
        raise EventNotFound()
    await require_host(uow=uow, env=env, event=found[0], caller_id=host_id, now=now)
    return found


async def _reloaded(uow: EventsUnitOfWork, event_id: uuid.UUID) -> tuple[Event, Place]:
    """The event and its place as the transaction sees them now (after UPDATE statements)."""
    found = await uow.events.get_with_place(event_id, fresh=True)
    if found is None:  # the row is locked by this transaction: it cannot have gone
        raise EventNotFound()
    return found


async def update_event(
    *, uow: EventsUnitOfWork, env: Env, host_id: uuid.UUID, event_id: uuid.UUID, data: EventUpdate
) -> EventRead:
    """Change time, place, capacity or description of the caller's upcoming event."""
    now = env.clock.now()
    changes = data.model_dump(exclude_unset=True)
    if "starts_at" in changes:
        check_start(changes["starts_at"], now, env.rules)
    async with uow:
        event, place = await _own_event(uow, env, event_id, host_id, now)
        # Lock the place(s) first, then the event: the same order as event creation.
        target = await owned_place(uow, changes.get("place_id", event.place_id), host_id, lock=True)
        locked = await uow.events.get(event_id, lock=True)
        if locked is None:
            raise EventNotFound()
        event = locked
        if event.status != SCHEDULED or event.starts_at <= now:
            raise EventNotEditable()
        before = messages.before_of(event, messages.place_facts(place))
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
        for name in (
            "description",
            "min_guest_rating",
            "max_no_show_rate",
            "approval",
            "cancel_deadline_hours",
            "waitlist_priority",
            "visibility",
        ):
            if name in changes:
                values[name] = changes[name]
        more_seats = capacity > event.capacity
        await uow.events.update(event_id, values)
        event, place = await _reloaded(uow, event_id)
        if moved:
            await uow.publish(EventMoved(event=event, place=place, before=before, at=now))
        if more_seats:
            await uow.publish(SeatsFreed(event_id=event_id, at=now))
        uow.invalidate(event_id)
        await uow.commit()
    return event_read(event, place, now, reveal_place=True)


async def cancel_event(
    *, uow: EventsUnitOfWork, env: Env, host_id: uuid.UUID, event_id: uuid.UUID
) -> EventRead:
    """Cancel the caller's upcoming event and every booking in it."""
    now = env.clock.now()
    async with uow:
        event = await require_host(
            uow=uow, env=env, event=await uow.events.get(event_id, lock=True), caller_id=host_id, now=now
        )
        if event.status != SCHEDULED or event.ends_at <= now:
            raise EventNotEditable("Only a scheduled event that has not ended can be cancelled.")
        await uow.events.update(
            event_id, {"status": CANCELLED, "seats_taken": 0, "cancelled_at": now, "updated_at": now}
        )
        await uow.publish(EventCancelledByHost(event_id=event_id, at=now))
        event, place = await _reloaded(uow, event_id)
        uow.invalidate(event_id)
        await uow.commit()
    return event_read(event, place, now, reveal_place=True)

import uuid
from datetime import UTC
from typing import Any

from booking_api.events.service import EVENTS_CACHE, event_message, guests_message, invalidate_event
from booking_api.places.exceptions import (
    PlaceCapacityTooLarge,
    PlaceHasFutureEvents,
    PlaceNotFound,
    PlaceNotYours,
    PlaceTooSmallForEvents,
)
from booking_api.places.models import Place
from booking_api.places.schemas import PlaceCreate, PlaceRead, PlaceUpdate
from booking_api.uow import BookingUnitOfWork
from common.cache import Cache
from common.clock import Clock
from common.pagination import Page, PageParams


async def _owned(
    uow: BookingUnitOfWork, place_id: uuid.UUID, host_id: uuid.UUID, *, lock: bool = False
) -> Place:
    place = await uow.places.get(place_id, lock=lock)
    if place is None:
        raise PlaceNotFound()
    if place.host_id != host_id:
        raise PlaceNotYours()
    return place


async def create_place(
    *, uow: BookingUnitOfWork, clock: Clock, host_id: uuid.UUID, data: PlaceCreate, max_capacity: int
) -> PlaceRead:
    """Register a meeting place of the caller."""
    if data.capacity > max_capacity:
        raise PlaceCapacityTooLarge(
            f"A place can hold at most {max_capacity} people.", max_capacity=max_capacity
        )
    now = clock.now()
    place = Place(id=uuid.uuid4(), host_id=host_id, created_at=now, updated_at=now, **data.model_dump())
    async with uow:
        await uow.places.add(place)
        await uow.commit()
    return PlaceRead.model_validate(place)


async def list_my_places(*, uow: BookingUnitOfWork, host_id: uuid.UUID, page: PageParams) -> Page[PlaceRead]:
    """The caller's places, oldest first."""
    async with uow:
        places, total = await uow.places.list_for_host(host_id, offset=page.offset, limit=page.limit)
    return Page.of([PlaceRead.model_validate(p) for p in places], total, page)


async def get_place(*, uow: BookingUnitOfWork, host_id: uuid.UUID, place_id: uuid.UUID) -> PlaceRead:
    """One of the caller's places."""
    async with uow:
        return PlaceRead.model_validate(await _owned(uow, place_id, host_id))


async def update_place(
    *,
    uow: BookingUnitOfWork,
    cache: Cache,
    clock: Clock,
    host_id: uuid.UUID,
    place_id: uuid.UUID,
    data: PlaceUpdate,
    max_capacity: int,
) -> PlaceRead:
    """Change the caller's place; its capacity never drops below what its upcoming events need."""
    values: dict[str, Any] = data.model_dump(exclude_unset=True)
    if values.get("capacity", 0) > max_capacity:
        raise PlaceCapacityTooLarge(
            f"A place can hold at most {max_capacity} people.", max_capacity=max_capacity
        )
    now = clock.now()
    async with uow:
        place = await _owned(uow, place_id, host_id, lock=True)
        if "capacity" in values:
            needed = await uow.places.largest_upcoming_capacity(place_id, now)
            if values["capacity"] < needed:
                raise PlaceTooSmallForEvents(
                    f"Upcoming events here have capacity {needed}; lower theirs first.",
                    needed_capacity=needed,
                )
        before = {"id": str(place.id), "name": place.name, "city": place.city, "address": place.address}
        moved = any(
            name in values and values[name] != getattr(place, name) for name in ("name", "address", "city")
        )
        # Guests of upcoming events here must learn the new address (their reminders carry it).
        affected = await uow.events.upcoming_at_place(place_id, now, lock=True) if moved else []
        if values:
            await uow.places.update(place_id, {**values, "updated_at": now})
        place = await _owned(uow, place_id, host_id)
        await uow.session.refresh(place)
        for event in affected:
            guests = await uow.bookings.active_for_event(event.id)
            await uow.outbox.add(
                "event.changed",
                aggregate_id=event.id,
                data={
                    **event_message(event, place),
                    "before": {
                        "starts_at": event.starts_at.astimezone(UTC).isoformat(),
                        "ends_at": event.ends_at.astimezone(UTC).isoformat(),
                        "place": before,
                    },
                    "guests": guests_message(guests),
                },
                occurred_at=now,
            )
        if values:
            await uow.commit()
        result = PlaceRead.model_validate(place)
    for event in affected:
        await invalidate_event(cache, event.id)
    await cache.bump(EVENTS_CACHE)
    return result


async def delete_place(
    *, uow: BookingUnitOfWork, clock: Clock, host_id: uuid.UUID, place_id: uuid.UUID
) -> None:
    """Remove the caller's place, unless events are still to come there."""
    now = clock.now()
    async with uow:
        await _owned(uow, place_id, host_id, lock=True)
        if await uow.places.has_upcoming_events(place_id, now):
            raise PlaceHasFutureEvents()
        await uow.places.update(place_id, {"deleted_at": now, "updated_at": now})
        await uow.commit()

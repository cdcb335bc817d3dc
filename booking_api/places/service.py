"""Commands on a host's places."""

import uuid
from typing import Any

from booking_api.core.env import Env
from booking_api.places.changes import PlaceMoved
from booking_api.places.exceptions import (
    PlaceCapacityTooLarge,
    PlaceHasFutureEvents,
    PlaceNotFound,
    PlaceNotYours,
    PlaceTooSmallForEvents,
)
from booking_api.places.models import Place
from booking_api.places.ports import PlacesUnitOfWork
from booking_api.places.schemas import PlaceCreate, PlaceRead, PlaceUpdate
from common.events import PlaceFacts

# What guests find the place by: a change of any of them tells the guests of its upcoming events.
MOVING = ("name", "address", "city")


async def owned_place(
    uow: PlacesUnitOfWork, place_id: uuid.UUID, host_id: uuid.UUID, *, lock: bool = False
) -> Place:
    """The host's place (locked when asked); another host's is refused, an unknown one is not found."""
    place = await uow.places.get(place_id, lock=lock)
    if place is None:
        raise PlaceNotFound()
    if place.host_id != host_id:
        raise PlaceNotYours()
    return place


def _check_capacity(capacity: int, max_capacity: int) -> None:
    if capacity > max_capacity:
        raise PlaceCapacityTooLarge(
            f"A place can hold at most {max_capacity} people.", max_capacity=max_capacity
        )


async def create_place(
    *, uow: PlacesUnitOfWork, env: Env, host_id: uuid.UUID, data: PlaceCreate
) -> PlaceRead:
    """Register a meeting place of the caller."""
    _check_capacity(data.capacity, env.rules.max_place_capacity)
    now = env.clock.now()
    place = Place(id=uuid.uuid4(), host_id=host_id, created_at=now, updated_at=now, **data.model_dump())
    async with uow:
        await uow.places.add(place)
        await uow.commit()
    return PlaceRead.model_validate(place)


async def update_place(
    *, uow: PlacesUnitOfWork, env: Env, host_id: uuid.UUID, place_id: uuid.UUID, data: PlaceUpdate
) -> PlaceRead:
    """Change the caller's place; its capacity never drops below what its upcoming events need, and
    the guests of its upcoming events learn a new address."""
    values: dict[str, Any] = data.model_dump(exclude_unset=True)
    if "capacity" in values:
        _check_capacity(values["capacity"], env.rules.max_place_capacity)
    now = env.clock.now()
    async with uow:
        place = await owned_place(uow, place_id, host_id, lock=True)
        if "capacity" in values:
            needed = await uow.place_usage.largest_upcoming_capacity(place_id, now)
            if values["capacity"] < needed:
                raise PlaceTooSmallForEvents(
                    f"Upcoming events here have capacity {needed}; lower theirs first.",
                    needed_capacity=needed,
                )
        if values:
            before = PlaceFacts(id=place.id, name=place.name, city=place.city, address=place.address)
            moved = any(values.get(name, getattr(place, name)) != getattr(place, name) for name in MOVING)
            await uow.places.update(place_id, {**values, "updated_at": now})
            place = await owned_place(uow, place_id, host_id, lock=True)
            if moved:
                await uow.publish(PlaceMoved(place=place, before=before, at=now))
            uow.invalidate()  # lists show a place's name and city
            await uow.commit()
    return PlaceRead.model_validate(place)


async def delete_place(*, uow: PlacesUnitOfWork, env: Env, host_id: uuid.UUID, place_id: uuid.UUID) -> None:
    """Remove the caller's place, unless events are still to come there."""
    now = env.clock.now()
    async with uow:
        await owned_place(uow, place_id, host_id, lock=True)
        if await uow.place_usage.has_upcoming_events(place_id, now):
            raise PlaceHasFutureEvents()
        await uow.places.update(place_id, {"deleted_at": now, "updated_at": now})
        await uow.commit()

"""Reads of a host's places."""

import uuid

from booking_api.places.ports import PlacesUnitOfWork
from booking_api.places.schemas import PlaceRead
from booking_api.places.service import owned_place
from common.pagination import Page, PageParams


async def list_my_places(*, uow: PlacesUnitOfWork, host_id: uuid.UUID, page: PageParams) -> Page[PlaceRead]:
    """The caller's places, oldest first."""
    async with uow:
        places, total = await uow.places.list_for_host(host_id, offset=page.offset, limit=page.limit)
    return Page.of([PlaceRead.model_validate(p) for p in places], total, page)


async def get_place(*, uow: PlacesUnitOfWork, host_id: uuid.UUID, place_id: uuid.UUID) -> PlaceRead:
    """One of the caller's places."""
    async with uow:
        return PlaceRead.model_validate(await owned_place(uow, place_id, host_id))

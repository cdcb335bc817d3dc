import uuid
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from booking_api.places.models import Place


class PlaceRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def add(self, place: Place) -> None:
        self.session.add(place)
        await self.session.flush()

    async def get(self, place_id: uuid.UUID, *, lock: bool = False, fresh: bool = False) -> Place | None:
        """`lock` serialises event writes at one place (so their overlap check cannot race); `fresh`
        reloads a place this session already holds (after an UPDATE statement)."""
        query = select(Place).where(Place.id == place_id, Place.deleted_at.is_(None))
        if lock:
            query = query.with_for_update()
        if lock or fresh:
            query = query.execution_options(populate_existing=True)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def list_for_host(self, host_id: uuid.UUID, *, offset: int, limit: int) -> tuple[list[Place], int]:
        where = (Place.host_id == host_id, Place.deleted_at.is_(None))
        total = await self.session.scalar(select(func.count()).select_from(Place).where(*where))
        rows = await self.session.execute(
            select(Place).where(*where).order_by(Place.created_at, Place.id).offset(offset).limit(limit)
        )
        return list(rows.scalars()), int(total or 0)

    async def update(self, place_id: uuid.UUID, values: dict[str, Any]) -> None:
        await self.session.execute(update(Place).where(Place.id == place_id).values(**values))

import uuid
from datetime import datetime
from typing import Any, TypeVarTuple

from sqlalchemy import Select, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from booking_api.events.models import SCHEDULED, Event
from booking_api.places.models import Place

Ts = TypeVarTuple("Ts")


def _locked(query: Select[*Ts], *, lock: bool, fresh: bool) -> Select[*Ts]:
    if lock:
        # FOR NO KEY UPDATE: booking inserts (foreign-key share locks) do not wait on it.
        query = query.with_for_update(key_share=True)
    if lock or fresh:
        query = query.execution_options(populate_existing=True)
    return query


class EventRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def add_all(self, events: list[Event]) -> None:
        self.session.add_all(events)
        await self.session.flush()

    async def take_seats(self, event_id: uuid.UUID, delta: int, now: datetime) -> int | None:
        """Change an open event's counter by `delta` if it still fits; the seats left, or None."""
        row = (
            await self.session.execute(
                update(Event)
                .where(
                    Event.id == event_id,
                    Event.status == SCHEDULED,
                    Event.starts_at > now,
                    Event.seats_taken + delta <= Event.capacity,
                )
                .values(seats_taken=Event.seats_taken + delta, updated_at=now)
                .returning(Event.capacity - Event.seats_taken)
            )
        ).first()
        return None if row is None else int(row[0])

    async def release_seats(self, event_id: uuid.UUID, seats: int, now: datetime) -> int:
        """Give `seats` back to the event's counter (whatever its state); the seats left after."""
        row = (
            await self.session.execute(
                update(Event)
                .where(Event.id == event_id)
                .values(seats_taken=Event.seats_taken - seats, updated_at=now)
                .returning(Event.capacity - Event.seats_taken)
            )
        ).one()
        return int(row[0])

    async def get(self, event_id: uuid.UUID, *, lock: bool = False, fresh: bool = False) -> Event | None:
        """`fresh` reloads an event this session already holds (after an UPDATE statement)."""
        query = _locked(select(Event).where(Event.id == event_id), lock=lock, fresh=fresh)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def get_with_place(self, event_id: uuid.UUID, *, fresh: bool = False) -> tuple[Event, Place] | None:
        query = _locked(
            select(Event, Place).join(Place, Event.place_id == Place.id).where(Event.id == event_id),
            lock=False,
            fresh=fresh,
        )
        row = (await self.session.execute(query)).first()
        return (row[0], row[1]) if row else None

    async def overlapping(
        self, place_id: uuid.UUID, starts_at: datetime, ends_at: datetime, *, exclude: uuid.UUID | None = None
    ) -> Event | None:
        query = select(Event).where(
            Event.place_id == place_id,
            Event.status == SCHEDULED,
            Event.starts_at < ends_at,
            Event.ends_at > starts_at,
        )
        if exclude:
            query = query.where(Event.id != exclude)
        return (await self.session.execute(query.order_by(Event.starts_at).limit(1))).scalar_one_or_none()

    async def upcoming_at_place(
        self, place_id: uuid.UUID, now: datetime, *, lock: bool = False
    ) -> list[Event]:
        query = (
            select(Event)
            .where(Event.place_id == place_id, Event.status == SCHEDULED, Event.ends_at > now)
            .order_by(Event.starts_at)
        )
        return list((await self.session.execute(_locked(query, lock=lock, fresh=False))).scalars())

    async def largest_upcoming_capacity(self, place_id: uuid.UUID, now: datetime) -> int:
        """The most seats an upcoming event at the place offers (0 when there is none)."""
        return int(
            await self.session.scalar(
                select(func.coalesce(func.max(Event.capacity), 0)).where(
                    Event.place_id == place_id, Event.status == SCHEDULED, Event.ends_at > now
                )
            )
            or 0
        )

    async def has_upcoming_events(self, place_id: uuid.UUID, now: datetime) -> bool:
        found = await self.session.scalar(
            select(Event.id)
            .where(Event.place_id == place_id, Event.status == SCHEDULED, Event.ends_at > now)
            .limit(1)
        )
        return found is not None

    async def missing_share_url(self, now: datetime, *, limit: int) -> list[uuid.UUID]:
        rows = await self.session.execute(
            select(Event.id)
            .where(Event.share_url.is_(None), Event.status == SCHEDULED, Event.ends_at > now)
            .order_by(Event.starts_at)
            .limit(limit)
        )
        return list(rows.scalars())

    async def set_share_url(self, event_id: uuid.UUID, url: str) -> None:
        await self.session.execute(
            update(Event).where(Event.id == event_id, Event.share_url.is_(None)).values(share_url=url)
        )

    async def update(self, event_id: uuid.UUID, values: dict[str, Any]) -> None:
        await self.session.execute(update(Event).where(Event.id == event_id).values(**values))

    async def ended_unannounced(self, now: datetime, limit: int) -> list[Event]:
        """Ended evenings whose end was not announced yet, claimed (SKIP LOCKED) for this transaction."""
        rows = await self.session.execute(
            select(Event)
            .where(Event.status == SCHEDULED, Event.ended_notified_at.is_(None), Event.ends_at <= now)
            .order_by(Event.ends_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(rows.scalars())

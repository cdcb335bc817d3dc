import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from booking_api.bookings.models import ACTIVE, Booking
from booking_api.core.rules import ATTENDANCE_GRACE
from booking_api.core.scores import Score
from booking_api.events.models import SCHEDULED, Event
from booking_api.ratings.models import OF_GUEST, OF_HOST, Rating


def visible(now: datetime) -> ColumnElement[bool]:
    """Revealed (both sides rated) or the window has closed: before that only the author sees it."""
    return or_(
        and_(Rating.revealed_at.is_not(None), Rating.revealed_at <= now), Rating.window_closes_at <= now
    )


def attended(now: datetime) -> ColumnElement[bool]:
    """Marked attended, or not marked and 48 hours past the end."""
    return or_(
        Booking.attendance == "attended",
        and_(Booking.attendance.is_(None), Event.ends_at + ATTENDANCE_GRACE <= now),
    )


class RatingRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def add(self, rating: Rating) -> None:
        self.session.add(rating)
        await self.session.flush()

    async def get(self, rating_id: uuid.UUID, *, lock: bool = False, fresh: bool = False) -> Rating | None:
        """`fresh` reloads a rating this session already holds (after an UPDATE statement)."""
        query = select(Rating).where(Rating.id == rating_id)
        if lock:
            query = query.with_for_update()
        if lock or fresh:
            query = query.execution_options(populate_existing=True)
        return (await self.session.execute(query)).scalar_one_or_none()

    async def find(self, event_id: uuid.UUID, rater_id: uuid.UUID, ratee_id: uuid.UUID) -> Rating | None:
        return (
            await self.session.execute(
                select(Rating)
                .where(Rating.event_id == event_id, Rating.rater_id == rater_id, Rating.ratee_id == ratee_id)
                .with_for_update()
                .execution_options(populate_existing=True)
            )
        ).scalar_one_or_none()

    async def by_rater(self, event_id: uuid.UUID, rater_id: uuid.UUID) -> list[Rating]:
        rows = await self.session.execute(
            select(Rating)
            .where(Rating.event_id == event_id, Rating.rater_id == rater_id)
            .order_by(Rating.created_at)
        )
        return list(rows.scalars())

    async def reveal(self, rating_ids: Sequence[uuid.UUID], now: datetime) -> None:
        await self.session.execute(
            update(Rating)
            .where(Rating.id.in_(rating_ids), Rating.revealed_at.is_(None))
            .values(revealed_at=now)
        )

    async def update(self, rating_id: uuid.UUID, values: dict[str, Any]) -> None:
        await self.session.execute(update(Rating).where(Rating.id == rating_id).values(**values))

    async def score(self, user_id: uuid.UUID, role: str, now: datetime) -> Score:
        row = (
            await self.session.execute(
                select(func.count(), func.coalesce(func.sum(Rating.score), 0)).where(
                    Rating.ratee_id == user_id, Rating.role == role, visible(now)
                )
            )
        ).one()
        return Score(count=int(row[0]), total=int(row[1]))

    async def guest_score(self, guest_id: uuid.UUID, now: datetime) -> Score:
        return await self.score(guest_id, OF_GUEST, now)

    async def host_scores(self, host_ids: Sequence[uuid.UUID], now: datetime) -> dict[uuid.UUID, Score]:
        if not host_ids:
            return {}
        rows = await self.session.execute(
            select(Rating.ratee_id, func.count(), func.sum(Rating.score))
            .where(Rating.ratee_id.in_(host_ids), Rating.role == OF_HOST, visible(now))
            .group_by(Rating.ratee_id)
        )
        return {row[0]: Score(count=int(row[1]), total=int(row[2])) for row in rows}

    async def attendance_record(self, guest_id: uuid.UUID, now: datetime) -> tuple[int, int]:
        """(attended, no-shows) over the guest's evenings whose attendance is settled."""
        row = (
            await self.session.execute(
                select(
                    func.count().filter(attended(now)),
                    func.count().filter(Booking.attendance == "no_show"),
                )
                .select_from(Booking)
                .join(Event, Booking.event_id == Event.id)
                .where(Booking.guest_id == guest_id, Booking.status == ACTIVE, Event.status == SCHEDULED)
            )
        ).one()
        return int(row[0]), int(row[1])

    async def visible_reviews(
        self, user_id: uuid.UUID, now: datetime, *, offset: int, limit: int
    ) -> tuple[list[tuple[Rating, str]], int]:
        where = (Rating.ratee_id == user_id, visible(now))
        total = await self.session.scalar(select(func.count()).select_from(Rating).where(*where))
        rows = await self.session.execute(
            select(Rating, Event.movie_title)
            .join(Event, Rating.event_id == Event.id)
            .where(*where)
            .order_by(Rating.created_at.desc(), Rating.id)
            .offset(offset)
            .limit(limit)
        )
        return [(row[0], row[1]) for row in rows], int(total or 0)

    async def due_reveals(self, now: datetime, limit: int) -> list[Rating]:
        rows = await self.session.execute(
            select(Rating)
            .where(Rating.revealed_at.is_(None), Rating.window_closes_at <= now)
            .order_by(Rating.window_closes_at)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return list(rows.scalars())

    async def set_attendance(self, booking_id: uuid.UUID, value: str, now: datetime) -> None:
        await self.session.execute(
            update(Booking)
            .where(Booking.id == booking_id)
            .values(attendance=value, attendance_marked_at=now, updated_at=now)
        )

"""The queries behind public browsing: screenings, films with parties, hosts (optionally by score)."""

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVarTuple

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from booking_api.browse.schemas import EventFilter
from booking_api.core.scores import PRIOR_MEAN, PRIOR_WEIGHT
from booking_api.events.models import SCHEDULED, Event
from booking_api.places.models import Place
from booking_api.ratings.models import OF_HOST, Rating
from booking_api.ratings.repository import visible


@dataclass(frozen=True)
class FilmSummary:
    movie_id: uuid.UUID
    movie_title: str
    upcoming_events: int
    hosts: int
    next_event_at: datetime


@dataclass(frozen=True)
class HostSummary:
    host_id: uuid.UUID
    host_name: str
    upcoming_events: int
    next_event_at: datetime
    cities: list[str]


Ts = TypeVarTuple("Ts")


def _filtered(query: Select[*Ts], f: EventFilter) -> Select[*Ts]:
    query = query.where(Event.hidden_at.is_(None))  # a moderator hid it: it is in no list
    query = query.where(Event.visibility.in_(f.visibilities))
    if f.past:
        query = query.where(Event.status == SCHEDULED, Event.starts_at <= f.now)
    else:
        query = query.where(Event.status == SCHEDULED, Event.starts_at > f.now)
    if f.movie_id:
        query = query.where(Event.movie_id == f.movie_id)
    if f.host_id:
        query = query.where(Event.host_id == f.host_id)
    if f.city:
        query = query.where(func.lower(Place.city) == f.city.strip().lower())
    if f.starts_from:
        query = query.where(Event.starts_at >= f.starts_from)
    if f.starts_to:
        query = query.where(Event.starts_at < f.starts_to)
    if f.available:
        query = query.where(Event.seats_taken < Event.capacity)
    return query


class ListingRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def search(
        self, f: EventFilter, *, offset: int, limit: int
    ) -> tuple[list[tuple[Event, Place]], int]:
        base = select(Event, Place).join(Place, Event.place_id == Place.id)
        total = await self.session.scalar(
            _filtered(select(func.count()).select_from(Event).join(Place, Event.place_id == Place.id), f)
        )
        rows = await self.session.execute(
            _filtered(base, f)
            .order_by(*((Event.starts_at.desc(), Event.id) if f.past else (Event.starts_at, Event.id)))
            .offset(offset)
            .limit(limit)
        )
        return [(row[0], row[1]) for row in rows], int(total or 0)

    async def films(self, f: EventFilter, *, offset: int, limit: int) -> tuple[list[FilmSummary], int]:
        grouped = (
            _filtered(
                select(
                    Event.movie_id,
                    func.max(Event.movie_title).label("title"),
                    func.count().label("upcoming"),
                    func.count(func.distinct(Event.host_id)).label("hosts"),
                    func.min(Event.starts_at).label("next_at"),
                ).join(Place, Event.place_id == Place.id),
                f,
            )
            .group_by(Event.movie_id)
            .subquery()
        )
        total = await self.session.scalar(select(func.count()).select_from(grouped))
        rows = await self.session.execute(
            select(grouped)
            .order_by(grouped.c.upcoming.desc(), grouped.c.next_at, grouped.c.movie_id)
            .offset(offset)
            .limit(limit)
        )
        return [
            FilmSummary(
                movie_id=row.movie_id,
                movie_title=row.title,
                upcoming_events=row.upcoming,
                hosts=row.hosts,
                next_event_at=row.next_at,
            )
            for row in rows
        ], int(total or 0)

    async def hosts(
        self, f: EventFilter, *, offset: int, limit: int, by_score: bool = False
    ) -> tuple[list[HostSummary], int]:
        grouped = (
            _filtered(
                select(
                    Event.host_id,
                    func.array_agg(Event.host_name).label("names"),
                    func.count().label("upcoming"),
                    func.min(Event.starts_at).label("next_at"),
                    func.array_agg(func.distinct(Place.city)).label("cities"),
                ).join(Place, Event.place_id == Place.id),
                f,
            )
            .group_by(Event.host_id)
            .subquery()
        )
        total = await self.session.scalar(select(func.count()).select_from(grouped))
        order: list[Any] = [grouped.c.next_at, grouped.c.host_id]
        query = select(grouped)
        if by_score:
            scores = (
                select(Rating.ratee_id, func.count().label("n"), func.sum(Rating.score).label("total"))
                .where(Rating.role == OF_HOST, visible(f.now))
                .group_by(Rating.ratee_id)
                .subquery()
            )
            bayes = (PRIOR_WEIGHT * PRIOR_MEAN + func.coalesce(scores.c.total, 0)) / (
                PRIOR_WEIGHT + func.coalesce(scores.c.n, 0)
            )
            query = query.outerjoin(scores, scores.c.ratee_id == grouped.c.host_id)
            order = [bayes.desc(), func.coalesce(scores.c.n, 0).desc(), *order]
        rows = await self.session.execute(query.order_by(*order).offset(offset).limit(limit))
        return [
            HostSummary(
                host_id=row.host_id,
                host_name=row.names[-1],
                upcoming_events=row.upcoming,
                next_event_at=row.next_at,
                cities=sorted(row.cities),
            )
            for row in rows
        ], int(total or 0)

import uuid
from datetime import date, datetime, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Depends, Query
from pydantic import AwareDatetime

from booking_api.browse import queries
from booking_api.browse.ports import BrowseUnitOfWork
from booking_api.browse.schemas import EventFilter, FilmRead, HostRead
from booking_api.deps import Context, request_context
from booking_api.events.exceptions import EventNotFound
from booking_api.events.schemas import EventRead
from common.errors import InvalidInput, error_responses
from common.pagination import Page, Pagination
from common.security import OptionalPrincipal, Principal
from common.validation import SaneDate, SaneMoment, Storable

router = APIRouter(prefix="/v1", tags=["events"])
Ctx = Annotated[Context[BrowseUnitOfWork], Depends(request_context)]
City = Annotated[
    str | None, Query(min_length=1, max_length=100, description="Case-insensitive city name."), Storable
]
Day = Annotated[date | None, Query(alias="date", description="Only screenings on this day."), SaneDate]
Zone = Annotated[str, Query(max_length=64, description="Time zone of `date` (IANA).")]


class InvalidTimeZone(InvalidInput):
    code = "invalid_time_zone"
    detail = "Unknown IANA time zone, e.g. Europe/Moscow."


def _user_id(viewer: Principal | None) -> uuid.UUID | None:
    return viewer.user_id if viewer is not None and not viewer.is_service else None


def _day_range(day: date | None, tz: str) -> tuple[datetime | None, datetime | None]:
    if day is None:
        return None, None
    try:
        zone = ZoneInfo(tz)
    except (KeyError, ValueError) as exc:
        raise InvalidTimeZone() from exc
    start = datetime.combine(day, datetime.min.time(), tzinfo=zone)
    return start, start + timedelta(days=1)


@router.get("/events", response_model=Page[EventRead])
async def list_events(
    ctx: Ctx,
    viewer: OptionalPrincipal,
    page: Pagination,
    movie_id: uuid.UUID | None = None,
    host_id: uuid.UUID | None = None,
    city: City = None,
    starts_from: Annotated[
        AwareDatetime | None, Query(alias="from", description="Starts at or after."), SaneMoment
    ] = None,
    starts_to: Annotated[
        AwareDatetime | None, Query(alias="to", description="Starts before."), SaneMoment
    ] = None,
    available: Annotated[bool | None, Query(description="Only events with seats left.")] = None,
    when: Annotated[
        Literal["upcoming", "past"],
        Query(
            description="`past`: screenings that have started, the latest first (a host's recent evenings)."
        ),
    ] = "upcoming",
) -> Page[EventRead]:
    """Upcoming public screenings, soonest first (or those that have started, latest first); with
    `host_id`, the host sees all of theirs and the host's friends their friends-only ones too."""
    filters = EventFilter(
        now=ctx.env.clock.now(),
        movie_id=movie_id,
        host_id=host_id,
        city=city,
        starts_from=starts_from,
        starts_to=starts_to,
        available=available,
        past=when == "past",
        visibilities=await queries.shown_to(env=ctx.env, host_id=host_id, viewer_id=_user_id(viewer)),
    )
    return await queries.list_events(uow=ctx.uow, env=ctx.env, filters=filters, page=page)


@router.get(
    "/events/{event_id}",
    response_model=EventRead,
    responses=error_responses(EventNotFound),
)
async def get_event(ctx: Ctx, event_id: uuid.UUID, viewer: OptionalPrincipal) -> EventRead:
    """One screening with its seats left (404 for whoever may not see a private one); the address is
    shown to its host and booked guests."""
    return await queries.get_event(uow=ctx.uow, env=ctx.env, event_id=event_id, viewer_id=_user_id(viewer))


@router.get("/films", response_model=Page[FilmRead], tags=["hosts"])
async def list_films(
    ctx: Ctx,
    page: Pagination,
    city: City = None,
    available: Annotated[bool | None, Query(description="Only events with seats left.")] = None,
) -> Page[FilmRead]:
    """Films with upcoming watch parties and how many, the most first."""
    filters = EventFilter(now=ctx.env.clock.now(), city=city, available=available)
    return await queries.list_films(uow=ctx.uow, env=ctx.env, filters=filters, page=page)


@router.get(
    "/hosts", response_model=Page[HostRead], tags=["hosts"], responses=error_responses(InvalidTimeZone)
)
async def list_hosts(
    ctx: Ctx,
    page: Pagination,
    movie_id: uuid.UUID | None = None,
    city: City = None,
    day: Day = None,
    tz: Zone = "UTC",
    sort: Annotated[
        Literal["next_event", "score"], Query(description="`score`: the best-rated hosts first.")
    ] = "next_event",
) -> Page[HostRead]:
    """Hosts with upcoming screenings: pick one, then a date and time."""
    starts_from, starts_to = _day_range(day, tz)
    filters = EventFilter(
        now=ctx.env.clock.now(), movie_id=movie_id, city=city, starts_from=starts_from, starts_to=starts_to
    )
    return await queries.list_hosts(uow=ctx.uow, env=ctx.env, filters=filters, page=page, sort=sort)


@router.get(
    "/hosts/{host_id}/events",
    response_model=Page[EventRead],
    tags=["hosts"],
    responses=error_responses(InvalidTimeZone),
)
async def host_events(
    ctx: Ctx,
    viewer: OptionalPrincipal,
    host_id: uuid.UUID,
    page: Pagination,
    movie_id: uuid.UUID | None = None,
    day: Day = None,
    tz: Zone = "UTC",
) -> Page[EventRead]:
    """A host's upcoming public screenings, soonest first (their friends also see friends-only ones,
    the host all of them)."""
    starts_from, starts_to = _day_range(day, tz)
    filters = EventFilter(
        now=ctx.env.clock.now(),
        host_id=host_id,
        movie_id=movie_id,
        starts_from=starts_from,
        starts_to=starts_to,
        visibilities=await queries.shown_to(env=ctx.env, host_id=host_id, viewer_id=_user_id(viewer)),
    )
    return await queries.list_events(uow=ctx.uow, env=ctx.env, filters=filters, page=page)

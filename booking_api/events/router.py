import uuid
from datetime import date, datetime, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, status
from pydantic import AwareDatetime

from booking_api.deps import CacheDep, ClockDep, LinksDep, MoviesDep, RulesDep, SettingsDep, UowDep, UsersDep
from booking_api.events import service
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
from booking_api.events.repository import EventFilter
from booking_api.events.schemas import (
    EventCreate,
    EventRead,
    EventUpdate,
    FilmRead,
    HostRead,
    ScheduleCreate,
    ScheduleRead,
)
from booking_api.places.exceptions import PlaceNotFound, PlaceNotYours
from common.errors import DependencyUnavailable, InvalidInput, error_responses
from common.pagination import Page, Pagination
from common.security import CurrentUser, InvalidToken, OptionalPrincipal, UserTokenRequired

router = APIRouter(prefix="/v1", tags=["events"])
AUTH_ERRORS = (InvalidToken, UserTokenRequired)
CREATE_ERRORS = (
    *AUTH_ERRORS,
    BannedUser,
    MovieNotFound,
    MovieNotBookable,
    StartOutOfWindow,
    PlaceNotFound,
    PlaceNotYours,
    CapacityExceedsPlace,
    PlaceBusy,
    DependencyUnavailable,
)

City = Annotated[str | None, Query(min_length=1, max_length=100, description="Case-insensitive city name.")]


class InvalidTimeZone(InvalidInput):
    code = "invalid_time_zone"
    detail = "Unknown IANA time zone, e.g. Europe/Moscow."


def _day_range(day: date | None, tz: str) -> tuple[datetime | None, datetime | None]:
    if day is None:
        return None, None
    try:
        zone = ZoneInfo(tz)
    except (KeyError, ValueError) as exc:
        raise InvalidTimeZone() from exc
    start = datetime.combine(day, datetime.min.time(), tzinfo=zone)
    return start, start + timedelta(days=1)


@router.post(
    "/events",
    status_code=status.HTTP_201_CREATED,
    response_model=EventRead,
    responses=error_responses(*CREATE_ERRORS),
)
async def create_event(
    body: EventCreate,
    user: CurrentUser,
    uow: UowDep,
    cache: CacheDep,
    clock: ClockDep,
    users: UsersDep,
    movies: MoviesDep,
    links: LinksDep,
    rules: RulesDep,
) -> EventRead:
    """Schedule a screening of a watch-party film at one of your places."""
    return await service.create_event(
        uow=uow,
        cache=cache,
        clock=clock,
        users=users,
        movies=movies,
        links=links,
        rules=rules,
        host_id=user.user_id,
        data=body,
    )


@router.post(
    "/schedules",
    status_code=status.HTTP_201_CREATED,
    response_model=ScheduleRead,
    responses=error_responses(*CREATE_ERRORS, InvalidSchedule),
)
async def create_schedule(
    body: ScheduleCreate,
    user: CurrentUser,
    uow: UowDep,
    cache: CacheDep,
    clock: ClockDep,
    users: UsersDep,
    movies: MoviesDep,
    links: LinksDep,
    rules: RulesDep,
    settings: SettingsDep,
) -> ScheduleRead:
    """Create a series of screenings (a weekly rule or a list of starts), all or nothing."""
    return await service.create_schedule(
        uow=uow,
        cache=cache,
        clock=clock,
        users=users,
        movies=movies,
        links=links,
        rules=rules,
        host_id=user.user_id,
        data=body,
        max_size=settings.max_schedule_size,
    )


@router.get("/events", response_model=Page[EventRead])
async def list_events(
    uow: UowDep,
    cache: CacheDep,
    clock: ClockDep,
    rules: RulesDep,
    page: Pagination,
    movie_id: uuid.UUID | None = None,
    host_id: uuid.UUID | None = None,
    city: City = None,
    starts_from: Annotated[
        AwareDatetime | None, Query(alias="from", description="Starts at or after.")
    ] = None,
    starts_to: Annotated[AwareDatetime | None, Query(alias="to", description="Starts before.")] = None,
    available: Annotated[bool | None, Query(description="Only events with seats left.")] = None,
) -> Page[EventRead]:
    """Upcoming screenings, soonest first."""
    filters = EventFilter(
        now=clock.now(),
        movie_id=movie_id,
        host_id=host_id,
        city=city,
        starts_from=starts_from,
        starts_to=starts_to,
        available=available,
    )
    return await service.list_events(
        uow=uow, cache=cache, clock=clock, rules=rules, filters=filters, page=page
    )


@router.get("/events/{event_id}", response_model=EventRead, responses=error_responses(EventNotFound))
async def get_event(
    event_id: uuid.UUID,
    viewer: OptionalPrincipal,
    uow: UowDep,
    cache: CacheDep,
    clock: ClockDep,
    rules: RulesDep,
) -> EventRead:
    """One screening with its seats left; the address is shown to its host and booked guests."""
    viewer_id = viewer.user_id if viewer is not None and not viewer.is_service else None
    return await service.get_event(
        uow=uow, cache=cache, clock=clock, rules=rules, event_id=event_id, viewer_id=viewer_id
    )


@router.patch(
    "/events/{event_id}",
    response_model=EventRead,
    responses=error_responses(
        *AUTH_ERRORS,
        EventNotFound,
        NotYourEvent,
        EventNotEditable,
        StartOutOfWindow,
        PlaceNotFound,
        PlaceNotYours,
        PlaceBusy,
        CapacityExceedsPlace,
        CapacityBelowBooked,
    ),
)
async def update_event(
    event_id: uuid.UUID,
    body: EventUpdate,
    user: CurrentUser,
    uow: UowDep,
    cache: CacheDep,
    clock: ClockDep,
    rules: RulesDep,
) -> EventRead:
    """Change the time, place, capacity or description of your upcoming screening."""
    return await service.update_event(
        uow=uow, cache=cache, clock=clock, rules=rules, host_id=user.user_id, event_id=event_id, data=body
    )


@router.post(
    "/events/{event_id}/cancel",
    response_model=EventRead,
    responses=error_responses(*AUTH_ERRORS, EventNotFound, NotYourEvent, EventNotEditable),
)
async def cancel_event(
    event_id: uuid.UUID, user: CurrentUser, uow: UowDep, cache: CacheDep, clock: ClockDep
) -> EventRead:
    """Cancel your screening and every booking in it."""
    return await service.cancel_event(
        uow=uow, cache=cache, clock=clock, host_id=user.user_id, event_id=event_id
    )


@router.get("/films", response_model=Page[FilmRead], tags=["hosts"])
async def list_films(
    uow: UowDep,
    cache: CacheDep,
    clock: ClockDep,
    rules: RulesDep,
    page: Pagination,
    city: City = None,
    available: Annotated[bool | None, Query(description="Only events with seats left.")] = None,
) -> Page[FilmRead]:
    """Films with upcoming watch parties and how many, the most first."""
    filters = EventFilter(now=clock.now(), city=city, available=available)
    return await service.list_films(uow=uow, cache=cache, rules=rules, filters=filters, page=page)


@router.get(
    "/hosts", response_model=Page[HostRead], tags=["hosts"], responses=error_responses(InvalidTimeZone)
)
async def list_hosts(
    uow: UowDep,
    cache: CacheDep,
    clock: ClockDep,
    rules: RulesDep,
    page: Pagination,
    movie_id: uuid.UUID | None = None,
    city: City = None,
    day: Annotated[date | None, Query(alias="date", description="Only screenings on this day.")] = None,
    tz: Annotated[str, Query(max_length=64, description="Time zone of `date` (IANA).")] = "UTC",
    sort: Annotated[
        Literal["next_event", "score"], Query(description="`score`: the best-rated hosts first.")
    ] = "next_event",
) -> Page[HostRead]:
    """Hosts with upcoming screenings: pick one, then a date and time."""
    starts_from, starts_to = _day_range(day, tz)
    filters = EventFilter(
        now=clock.now(), movie_id=movie_id, city=city, starts_from=starts_from, starts_to=starts_to
    )
    return await service.list_hosts(uow=uow, cache=cache, rules=rules, filters=filters, page=page, sort=sort)


@router.get(
    "/hosts/{host_id}/events",
    response_model=Page[EventRead],
    tags=["hosts"],
    responses=error_responses(InvalidTimeZone),
)
async def host_events(
    host_id: uuid.UUID,
    uow: UowDep,
    cache: CacheDep,
    clock: ClockDep,
    rules: RulesDep,
    page: Pagination,
    movie_id: uuid.UUID | None = None,
    day: Annotated[date | None, Query(alias="date", description="Only screenings on this day.")] = None,
    tz: Annotated[str, Query(max_length=64, description="Time zone of `date` (IANA).")] = "UTC",
) -> Page[EventRead]:
    """A host's upcoming screenings with seats left, soonest first."""
    starts_from, starts_to = _day_range(day, tz)
    filters = EventFilter(
        now=clock.now(), host_id=host_id, movie_id=movie_id, starts_from=starts_from, starts_to=starts_to
    )
    return await service.list_events(
        uow=uow, cache=cache, clock=clock, rules=rules, filters=filters, page=page
    )

import uuid
from datetime import date, datetime, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, status
from pydantic import AwareDatetime

from booking_api.deps import ServicesDep
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
from common.validation import SaneDate, SaneMoment, Storable

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

City = Annotated[
    str | None, Query(min_length=1, max_length=100, description="Case-insensitive city name."), Storable
]


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
async def create_event(svc: ServicesDep, body: EventCreate, user: CurrentUser) -> EventRead:
    """Schedule a screening of a watch-party film at one of your places."""
    return await service.create_event(
        uow=svc.uow,
        cache=svc.cache,
        clock=svc.clock,
        users=svc.users,
        movies=svc.movies,
        links=svc.links,
        rules=svc.rules,
        host_id=user.user_id,
        data=body,
    )


@router.post(
    "/schedules",
    status_code=status.HTTP_201_CREATED,
    response_model=ScheduleRead,
    responses=error_responses(*CREATE_ERRORS, InvalidSchedule),
)
async def create_schedule(svc: ServicesDep, body: ScheduleCreate, user: CurrentUser) -> ScheduleRead:
    """Create a series of screenings (a weekly rule or a list of starts), all or nothing."""
    return await service.create_schedule(
        uow=svc.uow,
        cache=svc.cache,
        clock=svc.clock,
        users=svc.users,
        movies=svc.movies,
        links=svc.links,
        rules=svc.rules,
        host_id=user.user_id,
        data=body,
        max_size=svc.settings.max_schedule_size,
    )


@router.get("/events", response_model=Page[EventRead])
async def list_events(
    svc: ServicesDep,
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
    """Upcoming screenings, soonest first (or those that have started, latest first)."""
    filters = EventFilter(
        now=svc.clock.now(),
        movie_id=movie_id,
        host_id=host_id,
        city=city,
        starts_from=starts_from,
        starts_to=starts_to,
        available=available,
        past=when == "past",
    )
    return await service.list_events(
        uow=svc.uow, cache=svc.cache, clock=svc.clock, rules=svc.rules, filters=filters, page=page
    )


@router.get("/events/{event_id}", response_model=EventRead, responses=error_responses(EventNotFound))
async def get_event(svc: ServicesDep, event_id: uuid.UUID, viewer: OptionalPrincipal) -> EventRead:
    """One screening with its seats left; the address is shown to its host and booked guests."""
    viewer_id = viewer.user_id if viewer is not None and not viewer.is_service else None
    return await service.get_event(
        uow=svc.uow, cache=svc.cache, clock=svc.clock, rules=svc.rules, event_id=event_id, viewer_id=viewer_id
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
    svc: ServicesDep, event_id: uuid.UUID, body: EventUpdate, user: CurrentUser
) -> EventRead:
    """Change the time, place, capacity or description of your upcoming screening."""
    return await service.update_event(
        uow=svc.uow,
        cache=svc.cache,
        clock=svc.clock,
        rules=svc.rules,
        host_id=user.user_id,
        event_id=event_id,
        data=body,
    )


@router.post(
    "/events/{event_id}/cancel",
    response_model=EventRead,
    responses=error_responses(*AUTH_ERRORS, EventNotFound, NotYourEvent, EventNotEditable),
)
async def cancel_event(svc: ServicesDep, event_id: uuid.UUID, user: CurrentUser) -> EventRead:
    """Cancel your screening and every booking in it."""
    return await service.cancel_event(
        uow=svc.uow, cache=svc.cache, clock=svc.clock, host_id=user.user_id, event_id=event_id
    )


@router.get("/films", response_model=Page[FilmRead], tags=["hosts"])
async def list_films(
    svc: ServicesDep,
    page: Pagination,
    city: City = None,
    available: Annotated[bool | None, Query(description="Only events with seats left.")] = None,
) -> Page[FilmRead]:
    """Films with upcoming watch parties and how many, the most first."""
    filters = EventFilter(now=svc.clock.now(), city=city, available=available)
    return await service.list_films(uow=svc.uow, cache=svc.cache, rules=svc.rules, filters=filters, page=page)


@router.get(
    "/hosts", response_model=Page[HostRead], tags=["hosts"], responses=error_responses(InvalidTimeZone)
)
async def list_hosts(
    svc: ServicesDep,
    page: Pagination,
    movie_id: uuid.UUID | None = None,
    city: City = None,
    day: Annotated[
        date | None, Query(alias="date", description="Only screenings on this day."), SaneDate
    ] = None,
    tz: Annotated[str, Query(max_length=64, description="Time zone of `date` (IANA).")] = "UTC",
    sort: Annotated[
        Literal["next_event", "score"], Query(description="`score`: the best-rated hosts first.")
    ] = "next_event",
) -> Page[HostRead]:
    """Hosts with upcoming screenings: pick one, then a date and time."""
    starts_from, starts_to = _day_range(day, tz)
    filters = EventFilter(
        now=svc.clock.now(), movie_id=movie_id, city=city, starts_from=starts_from, starts_to=starts_to
    )
    return await service.list_hosts(
        uow=svc.uow, cache=svc.cache, rules=svc.rules, filters=filters, page=page, sort=sort
    )


@router.get(
    "/hosts/{host_id}/events",
    response_model=Page[EventRead],
    tags=["hosts"],
    responses=error_responses(InvalidTimeZone),
)
async def host_events(
    svc: ServicesDep,
    host_id: uuid.UUID,
    page: Pagination,
    movie_id: uuid.UUID | None = None,
    day: Annotated[
        date | None, Query(alias="date", description="Only screenings on this day."), SaneDate
    ] = None,
    tz: Annotated[str, Query(max_length=64, description="Time zone of `date` (IANA).")] = "UTC",
) -> Page[EventRead]:
    """A host's upcoming screenings with seats left, soonest first."""
    starts_from, starts_to = _day_range(day, tz)
    filters = EventFilter(
        now=svc.clock.now(), host_id=host_id, movie_id=movie_id, starts_from=starts_from, starts_to=starts_to
    )
    return await service.list_events(
        uow=svc.uow, cache=svc.cache, clock=svc.clock, rules=svc.rules, filters=filters, page=page
    )

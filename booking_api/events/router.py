import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, status

from booking_api.core.exceptions import BannedUser
from booking_api.deps import Context, request_context
from booking_api.events import exceptions as errors
from booking_api.events import service
from booking_api.events.ports import EventsUnitOfWork
from booking_api.events.schemas import EventCreate, EventRead, EventUpdate, ScheduleCreate, ScheduleRead
from booking_api.places.exceptions import PlaceNotFound, PlaceNotYours
from common.errors import DependencyUnavailable, error_responses
from common.security import CurrentUser, InvalidToken, UserTokenRequired

router = APIRouter(prefix="/v1", tags=["events"])
AUTH_ERRORS = (InvalidToken, UserTokenRequired)
CREATE_ERRORS = (
    *AUTH_ERRORS,
    BannedUser,
    errors.MovieNotFound,
    errors.MovieNotBookable,
    errors.StartOutOfWindow,
    PlaceNotFound,
    PlaceNotYours,
    errors.CapacityExceedsPlace,
    errors.PlaceBusy,
    DependencyUnavailable,
)
Ctx = Annotated[Context[EventsUnitOfWork], Depends(request_context)]


@router.post(
    "/events",
    status_code=status.HTTP_201_CREATED,
    response_model=EventRead,
    responses=error_responses(*CREATE_ERRORS),
)
async def create_event(ctx: Ctx, body: EventCreate, user: CurrentUser) -> EventRead:
    """Schedule a screening of a watch-party film at one of your places."""
    return await service.create_event(uow=ctx.uow, env=ctx.env, host_id=user.user_id, data=body)


@router.post(
    "/schedules",
    status_code=status.HTTP_201_CREATED,
    response_model=ScheduleRead,
    responses=error_responses(*CREATE_ERRORS, errors.InvalidSchedule),
)
async def create_schedule(ctx: Ctx, body: ScheduleCreate, user: CurrentUser) -> ScheduleRead:
    """Create a series of screenings (a weekly rule or a list of starts), all or nothing."""
    return await service.create_schedule(uow=ctx.uow, env=ctx.env, host_id=user.user_id, data=body)


@router.patch(
    "/events/{event_id}",
    response_model=EventRead,
    responses=error_responses(
        *AUTH_ERRORS,
        errors.EventNotFound,
        errors.NotYourEvent,
        errors.EventNotEditable,
        errors.StartOutOfWindow,
        PlaceNotFound,
        PlaceNotYours,
        errors.PlaceBusy,
        errors.CapacityExceedsPlace,
        errors.CapacityBelowBooked,
    ),
)
async def update_event(ctx: Ctx, event_id: uuid.UUID, body: EventUpdate, user: CurrentUser) -> EventRead:
    """Change the time, place, capacity or description of your upcoming screening."""
    return await service.update_event(
        uow=ctx.uow, env=ctx.env, host_id=user.user_id, event_id=event_id, data=body
    )


@router.post(
    "/events/{event_id}/cancel",
    response_model=EventRead,
    responses=error_responses(
        *AUTH_ERRORS, errors.EventNotFound, errors.NotYourEvent, errors.EventNotEditable
    ),
)
async def cancel_event(ctx: Ctx, event_id: uuid.UUID, user: CurrentUser) -> EventRead:
    """Cancel your screening and every booking in it."""
    return await service.cancel_event(uow=ctx.uow, env=ctx.env, host_id=user.user_id, event_id=event_id)

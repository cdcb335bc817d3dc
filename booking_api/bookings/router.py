import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response, status
from fastapi.responses import JSONResponse

from booking_api.bookings import exceptions as errors
from booking_api.bookings import queries, service
from booking_api.bookings.ports import BookingsUnitOfWork
from booking_api.bookings.schemas import BookingCreate, BookingRead, BookingStatus, BookingUpdate, GuestList
from booking_api.core.exceptions import (
    BannedUser,
    IdempotencyKeyReused,
    InvalidIdempotencyKey,
    RequestInProgress,
)
from booking_api.core.idempotency import IdempotentRequest, Replay, request_fingerprint, validate_key
from booking_api.deps import Context, request_context
from booking_api.events.exceptions import EventNotFound, NotYourEvent
from common.errors import DependencyUnavailable, error_responses
from common.pagination import Page, Pagination
from common.security import CurrentUser, InvalidToken, UserTokenRequired

router = APIRouter(prefix="/v1", tags=["bookings"])
AUTH_ERRORS = (InvalidToken, UserTokenRequired)
Ctx = Annotated[Context[BookingsUnitOfWork], Depends(request_context)]


@router.post(
    "/events/{event_id}/bookings",
    status_code=status.HTTP_201_CREATED,
    response_model=BookingRead,
    responses=error_responses(
        *AUTH_ERRORS,
        EventNotFound,
        errors.OwnEvent,
        BannedUser,
        errors.EventClosed,
        errors.NotEnoughSeats,
        errors.AlreadyBooked,
        errors.SeatsOverLimit,
        IdempotencyKeyReused,
        InvalidIdempotencyKey,
        RequestInProgress,
        errors.GuestRequirementsNotMet,
        DependencyUnavailable,
    ),
)
async def create_booking(
    event_id: uuid.UUID,
    body: BookingCreate,
    request: Request,
    user: CurrentUser,
    ctx: Ctx,
    idempotency_key: Annotated[
        str | None,
        Header(description="Same key and body: the first answer again; other body: 422; still running: 409."),
    ] = None,
) -> BookingRead | Response:
    """Book seats at a screening (409 `not_enough_seats` with `seats_left` when they do not fit)."""
    keyed = None
    if idempotency_key is not None:
        keyed = IdempotentRequest(
            user_id=user.user_id,
            key=validate_key(idempotency_key),
            request_hash=request_fingerprint("POST", request.url.path, body.model_dump()),
        )
    result = await service.create_booking(
        uow=ctx.uow, env=ctx.env, guest_id=user.user_id, event_id=event_id, seats=body.seats, request=keyed
    )
    if isinstance(result, Replay):
        return JSONResponse(result.body, status_code=result.status, headers={"Idempotent-Replayed": "true"})
    return result


@router.get("/bookings", response_model=Page[BookingRead], responses=error_responses(*AUTH_ERRORS))
async def list_bookings(
    ctx: Ctx,
    user: CurrentUser,
    page: Pagination,
    booking_status: Annotated[BookingStatus | None, Query(alias="status")] = None,
) -> Page[BookingRead]:
    """Your bookings, latest screening first."""
    return await queries.list_my_bookings(
        uow=ctx.uow, env=ctx.env, guest_id=user.user_id, status=booking_status, page=page
    )


@router.get(
    "/bookings/{booking_id}",
    response_model=BookingRead,
    responses=error_responses(*AUTH_ERRORS, errors.BookingNotFound),
)
async def get_booking(ctx: Ctx, booking_id: uuid.UUID, user: CurrentUser) -> BookingRead:
    """One of your bookings (or a booking at your event, for its host)."""
    return await queries.get_booking(uow=ctx.uow, env=ctx.env, viewer_id=user.user_id, booking_id=booking_id)


@router.patch(
    "/bookings/{booking_id}",
    response_model=BookingRead,
    responses=error_responses(
        *AUTH_ERRORS,
        errors.BookingNotFound,
        errors.BookingClosed,
        errors.NotEnoughSeats,
        errors.SeatsOverLimit,
        BannedUser,
        DependencyUnavailable,
    ),
)
async def change_booking(
    ctx: Ctx, booking_id: uuid.UUID, body: BookingUpdate, user: CurrentUser
) -> BookingRead:
    """Change the number of seats of your booking, if the new count fits."""
    return await service.change_seats(
        uow=ctx.uow, env=ctx.env, guest_id=user.user_id, booking_id=booking_id, seats=body.seats
    )


@router.post(
    "/bookings/{booking_id}/cancel",
    response_model=BookingRead,
    responses=error_responses(*AUTH_ERRORS, errors.BookingNotFound, errors.BookingClosed),
)
async def cancel_booking(ctx: Ctx, booking_id: uuid.UUID, user: CurrentUser) -> BookingRead:
    """Cancel your booking before the screening starts."""
    return await service.cancel_booking(
        uow=ctx.uow, env=ctx.env, guest_id=user.user_id, booking_id=booking_id
    )


@router.get(
    "/events/{event_id}/bookings",
    response_model=GuestList,
    responses=error_responses(*AUTH_ERRORS, EventNotFound, NotYourEvent),
)
async def event_guests(ctx: Ctx, event_id: uuid.UUID, user: CurrentUser) -> GuestList:
    """The guest list of your screening, with names."""
    return await queries.guest_list(uow=ctx.uow, env=ctx.env, host_id=user.user_id, event_id=event_id)


@router.get(
    "/bookings/{booking_id}/calendar.ics",
    response_class=Response,
    responses={
        200: {"content": {"text/calendar": {}}},
        **error_responses(*AUTH_ERRORS, errors.BookingNotFound),
    },
)
async def booking_calendar(ctx: Ctx, booking_id: uuid.UUID, user: CurrentUser) -> Response:
    """Your booking as an iCalendar file, with a reminder an hour before."""
    body = await queries.booking_calendar(
        uow=ctx.uow, env=ctx.env, viewer_id=user.user_id, booking_id=booking_id
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="kinoclub-{booking_id}.ics"'},
    )

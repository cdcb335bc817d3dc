import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response, status
from fastapi.responses import JSONResponse

from booking_api.blocks.exceptions import BlockedByHost
from booking_api.bookings import exceptions as errors
from booking_api.bookings import hosting, queries, service
from booking_api.bookings.ports import BookingsUnitOfWork
from booking_api.bookings.schemas import (
    BookingCreate,
    BookingRead,
    BookingStatus,
    BookingUpdate,
    DeclineRequest,
    GuestList,
    RemoveRequest,
)
from booking_api.core.exceptions import (
    BannedUser,
    IdempotencyKeyReused,
    InvalidIdempotencyKey,
    RequestInProgress,
)
from booking_api.core.idempotency import IdempotentRequest, Replay, request_fingerprint, validate_key
from booking_api.deps import Context, request_context
from booking_api.events.exceptions import EventNotFound, NotYourEvent
from booking_api.invites.exceptions import InviteExpired, InviteNotFound, InviteRevoked, InviteUsedUp
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
    responses={
        202: {"model": BookingRead, "description": "The host approves each booking: a `pending` request."},
        **error_responses(
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
            errors.AlreadyWaiting,
            errors.TooManyActiveBookings,
            BlockedByHost,
            errors.InviteRequired,
            errors.FriendsOnly,
            InviteNotFound,
            InviteRevoked,
            InviteExpired,
            InviteUsedUp,
            DependencyUnavailable,
        ),
    },
)
async def create_booking(
    event_id: uuid.UUID,
    body: BookingCreate,
    request: Request,
    response: Response,
    user: CurrentUser,
    ctx: Ctx,
    idempotency_key: Annotated[
        str | None,
        Header(description="Same key and body: the first answer again; other body: 422; still running: 409."),
    ] = None,
) -> BookingRead | Response:
    """Book seats at a screening (409 `not_enough_seats` with `seats_left` when they do not fit; 202 and a
    `pending` request when the host approves each booking)."""
    keyed = None
    if idempotency_key is not None:
        keyed = IdempotentRequest(
            user_id=user.user_id,
            key=validate_key(idempotency_key),
            request_hash=request_fingerprint("POST", request.url.path, body.model_dump(exclude_none=True)),
        )
    result = await service.create_booking(
        uow=ctx.uow,
        env=ctx.env,
        guest_id=user.user_id,
        event_id=event_id,
        seats=body.seats,
        request=keyed,
        invite=body.invite,
    )
    if isinstance(result, Replay):
        return JSONResponse(result.body, status_code=result.status, headers={"Idempotent-Replayed": "true"})
    if result.status == "pending":
        response.status_code = status.HTTP_202_ACCEPTED
    return result


@router.get("/bookings", response_model=Page[BookingRead], responses=error_responses(*AUTH_ERRORS))
async def list_bookings(
    ctx: Ctx,
    user: CurrentUser,
    page: Pagination,
    booking_status: Annotated[BookingStatus | None, Query(alias="status")] = None,
    event_id: Annotated[uuid.UUID | None, Query(description="Only your bookings of this evening.")] = None,
) -> Page[BookingRead]:
    """Your bookings, latest screening first."""
    return await queries.list_my_bookings(
        uow=ctx.uow, env=ctx.env, guest_id=user.user_id, status=booking_status, page=page, event_id=event_id
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


@router.post(
    "/bookings/{booking_id}/approve",
    response_model=BookingRead,
    responses=error_responses(
        *AUTH_ERRORS, errors.BookingNotFound, NotYourEvent, errors.BookingNotPending, errors.EventClosed
    ),
)
async def approve_booking(ctx: Ctx, booking_id: uuid.UUID, user: CurrentUser) -> BookingRead:
    """Approve a pending request for your evening: the held seats are booked and the guest is told."""
    return await hosting.approve(uow=ctx.uow, env=ctx.env, host_id=user.user_id, booking_id=booking_id)


@router.post(
    "/bookings/{booking_id}/decline",
    response_model=BookingRead,
    responses=error_responses(
        *AUTH_ERRORS, errors.BookingNotFound, NotYourEvent, errors.BookingNotPending, errors.EventClosed
    ),
)
async def decline_booking(
    ctx: Ctx, booking_id: uuid.UUID, user: CurrentUser, body: DeclineRequest | None = None
) -> BookingRead:
    """Decline a pending request for your evening, optionally with a message: the seats come free."""
    message = body.message if body is not None else None
    return await hosting.decline(
        uow=ctx.uow, env=ctx.env, host_id=user.user_id, booking_id=booking_id, message=message
    )


@router.post(
    "/bookings/{booking_id}/remove",
    response_model=BookingRead,
    responses=error_responses(
        *AUTH_ERRORS, errors.BookingNotFound, NotYourEvent, errors.BookingClosed, errors.EventClosed
    ),
)
async def remove_guest(
    ctx: Ctx, booking_id: uuid.UUID, body: RemoveRequest, user: CurrentUser
) -> BookingRead:
    """Remove a guest from your upcoming evening, with a reason they are shown: the seats go to the
    waiting list. It never counts against the guest."""
    return await hosting.remove(
        uow=ctx.uow, env=ctx.env, host_id=user.user_id, booking_id=booking_id, reason=body.reason
    )

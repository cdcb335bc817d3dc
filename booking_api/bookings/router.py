import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Request, Response, status
from fastapi.responses import JSONResponse

from booking_api.bookings import service
from booking_api.bookings.exceptions import (
    AlreadyBooked,
    BookingClosed,
    BookingNotFound,
    EventClosed,
    IdempotencyKeyReused,
    InvalidIdempotencyKey,
    NotEnoughSeats,
    OwnEvent,
    RequestInProgress,
    SeatsOverLimit,
)
from booking_api.bookings.idempotency import IdempotentRequest, Replay, request_fingerprint, validate_key
from booking_api.bookings.schemas import BookingCreate, BookingRead, BookingUpdate, GuestList
from booking_api.deps import ServicesDep
from booking_api.events.exceptions import BannedUser, EventNotFound, NotYourEvent
from booking_api.ratings.exceptions import GuestRequirementsNotMet
from common.errors import DependencyUnavailable, error_responses
from common.pagination import Page, Pagination
from common.security import CurrentUser, InvalidToken, UserTokenRequired

router = APIRouter(prefix="/v1", tags=["bookings"])
AUTH_ERRORS = (InvalidToken, UserTokenRequired)


@router.post(
    "/events/{event_id}/bookings",
    status_code=status.HTTP_201_CREATED,
    response_model=BookingRead,
    responses=error_responses(
        *AUTH_ERRORS,
        EventNotFound,
        OwnEvent,
        BannedUser,
        EventClosed,
        NotEnoughSeats,
        AlreadyBooked,
        SeatsOverLimit,
        IdempotencyKeyReused,
        InvalidIdempotencyKey,
        RequestInProgress,
        GuestRequirementsNotMet,
        DependencyUnavailable,
    ),
)
async def create_booking(
    event_id: uuid.UUID,
    body: BookingCreate,
    request: Request,
    user: CurrentUser,
    services: ServicesDep,
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
        uow=services.uow,
        cache=services.cache,
        clock=services.clock,
        users=services.users,
        idempotency=services.idempotency,
        max_seats=services.settings.max_seats_per_booking,
        guest_id=user.user_id,
        event_id=event_id,
        seats=body.seats,
        request=keyed,
    )
    if isinstance(result, Replay):
        return JSONResponse(result.body, status_code=result.status, headers={"Idempotent-Replayed": "true"})
    return result


@router.get("/bookings", response_model=Page[BookingRead], responses=error_responses(*AUTH_ERRORS))
async def list_bookings(
    svc: ServicesDep,
    user: CurrentUser,
    page: Pagination,
    booking_status: Annotated[Literal["active", "cancelled"] | None, Query(alias="status")] = None,
) -> Page[BookingRead]:
    """Your bookings, latest screening first."""
    return await service.list_my_bookings(
        uow=svc.uow, clock=svc.clock, guest_id=user.user_id, status=booking_status, page=page
    )


@router.get(
    "/bookings/{booking_id}",
    response_model=BookingRead,
    responses=error_responses(*AUTH_ERRORS, BookingNotFound),
)
async def get_booking(svc: ServicesDep, booking_id: uuid.UUID, user: CurrentUser) -> BookingRead:
    """One of your bookings (or a booking at your event, for its host)."""
    return await service.get_booking(
        uow=svc.uow, clock=svc.clock, viewer_id=user.user_id, booking_id=booking_id
    )


@router.patch(
    "/bookings/{booking_id}",
    response_model=BookingRead,
    responses=error_responses(
        *AUTH_ERRORS,
        BookingNotFound,
        BookingClosed,
        NotEnoughSeats,
        SeatsOverLimit,
        BannedUser,
        DependencyUnavailable,
    ),
)
async def change_booking(
    svc: ServicesDep, booking_id: uuid.UUID, body: BookingUpdate, user: CurrentUser
) -> BookingRead:
    """Change the number of seats of your booking, if the new count fits."""
    return await service.change_seats(
        uow=svc.uow,
        cache=svc.cache,
        clock=svc.clock,
        users=svc.users,
        max_seats=svc.settings.max_seats_per_booking,
        guest_id=user.user_id,
        booking_id=booking_id,
        seats=body.seats,
    )


@router.post(
    "/bookings/{booking_id}/cancel",
    response_model=BookingRead,
    responses=error_responses(*AUTH_ERRORS, BookingNotFound, BookingClosed),
)
async def cancel_booking(svc: ServicesDep, booking_id: uuid.UUID, user: CurrentUser) -> BookingRead:
    """Cancel your booking before the screening starts."""
    return await service.cancel_booking(
        uow=svc.uow, cache=svc.cache, clock=svc.clock, guest_id=user.user_id, booking_id=booking_id
    )


@router.get(
    "/events/{event_id}/bookings",
    response_model=GuestList,
    responses=error_responses(*AUTH_ERRORS, EventNotFound, NotYourEvent),
)
async def event_guests(svc: ServicesDep, event_id: uuid.UUID, user: CurrentUser) -> GuestList:
    """The guest list of your screening, with names."""
    return await service.guest_list(uow=svc.uow, users=svc.users, host_id=user.user_id, event_id=event_id)


@router.get(
    "/bookings/{booking_id}/calendar.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}, **error_responses(*AUTH_ERRORS, BookingNotFound)},
)
async def booking_calendar(svc: ServicesDep, booking_id: uuid.UUID, user: CurrentUser) -> Response:
    """Your booking as an iCalendar file, with a reminder an hour before."""
    body = await service.booking_calendar(
        uow=svc.uow,
        clock=svc.clock,
        viewer_id=user.user_id,
        booking_id=booking_id,
        public_base_url=svc.settings.public_base_url,
    )
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="kinoclub-{booking_id}.ics"'},
    )

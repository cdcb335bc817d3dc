import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response, status
from fastapi.responses import JSONResponse

from booking_api.blocks.exceptions import BlockedByHost
from booking_api.bookings.exceptions import (
    AlreadyBooked,
    AlreadyWaiting,
    EventClosed,
    FriendsOnly,
    GuestRequirementsNotMet,
    InviteRequired,
    OwnEvent,
    SeatsOverLimit,
    TooManyActiveBookings,
)
from booking_api.bookings.schemas import BookingRead
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
from booking_api.waitlist import exceptions as errors
from booking_api.waitlist import queries, service
from booking_api.waitlist.ports import WaitlistUnitOfWork
from booking_api.waitlist.schemas import EventWaitlist, WaitlistEntryRead, WaitlistJoin
from common.errors import DependencyUnavailable, error_responses
from common.pagination import Page, Pagination
from common.security import CurrentUser, InvalidToken, UserTokenRequired

router = APIRouter(prefix="/v1", tags=["waiting list"])
AUTH_ERRORS = (InvalidToken, UserTokenRequired)
Ctx = Annotated[Context[WaitlistUnitOfWork], Depends(request_context)]


@router.post(
    "/events/{event_id}/waitlist",
    status_code=status.HTTP_201_CREATED,
    response_model=WaitlistEntryRead,
    responses=error_responses(
        *AUTH_ERRORS,
        EventNotFound,
        OwnEvent,
        BannedUser,
        BlockedByHost,
        EventClosed,
        errors.WaitlistClosed,
        errors.SeatsAvailable,
        AlreadyWaiting,
        AlreadyBooked,
        TooManyActiveBookings,
        SeatsOverLimit,
        GuestRequirementsNotMet,
        InviteRequired,
        FriendsOnly,
        InviteNotFound,
        InviteRevoked,
        InviteExpired,
        InviteUsedUp,
        DependencyUnavailable,
    ),
)
async def join_waitlist(
    ctx: Ctx, event_id: uuid.UUID, body: WaitlistJoin, user: CurrentUser
) -> WaitlistEntryRead:
    """Join the waiting list of a full evening (or one with fewer free seats than you want); when seats
    free up you get an offer to claim (or, with `auto_book`, a booking)."""
    return await service.join(
        uow=ctx.uow,
        env=ctx.env,
        guest_id=user.user_id,
        event_id=event_id,
        seats=body.seats,
        auto_book=body.auto_book,
        invite=body.invite,
    )


@router.get("/waitlist", response_model=Page[WaitlistEntryRead], responses=error_responses(*AUTH_ERRORS))
async def my_waitlist(
    ctx: Ctx,
    user: CurrentUser,
    page: Pagination,
    event_id: Annotated[uuid.UUID | None, Query(description="Only your entries for this evening.")] = None,
) -> Page[WaitlistEntryRead]:
    """Your waiting-list entries with their position and status, the latest first."""
    return await queries.my_entries(
        uow=ctx.uow, env=ctx.env, guest_id=user.user_id, page=page, event_id=event_id
    )


@router.delete(
    "/waitlist/{entry_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(*AUTH_ERRORS, errors.EntryNotFound),
)
async def leave_waitlist(ctx: Ctx, entry_id: uuid.UUID, user: CurrentUser) -> Response:
    """Leave a waiting list (seats offered to you go to the next guest)."""
    await service.leave(uow=ctx.uow, env=ctx.env, guest_id=user.user_id, entry_id=entry_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/waitlist/{entry_id}/claim",
    status_code=status.HTTP_201_CREATED,
    response_model=BookingRead,
    responses={
        202: {"model": BookingRead, "description": "The host approves each booking: a `pending` request."},
        **error_responses(
            *AUTH_ERRORS,
            errors.EntryNotFound,
            errors.NotOffered,
            errors.AlreadyClaimed,
            errors.OfferExpired,
            TooManyActiveBookings,
            IdempotencyKeyReused,
            InvalidIdempotencyKey,
            RequestInProgress,
        ),
    },
)
async def claim_offer(
    ctx: Ctx,
    entry_id: uuid.UUID,
    request: Request,
    response: Response,
    user: CurrentUser,
    idempotency_key: Annotated[
        str | None,
        Header(description="Same key and body: the first answer again; other body: 422; still running: 409."),
    ] = None,
) -> BookingRead | Response:
    """Claim the seats offered to you: they become your booking (410 `offer_expired` after the window)."""
    keyed = None
    if idempotency_key is not None:
        keyed = IdempotentRequest(
            user_id=user.user_id,
            key=validate_key(idempotency_key),
            request_hash=request_fingerprint("POST", request.url.path, None),
        )
    result = await service.claim(
        uow=ctx.uow, env=ctx.env, guest_id=user.user_id, entry_id=entry_id, request=keyed
    )
    if isinstance(result, Replay):
        return JSONResponse(result.body, status_code=result.status, headers={"Idempotent-Replayed": "true"})
    if result.status == "pending":
        response.status_code = status.HTTP_202_ACCEPTED
    return result


@router.post(
    "/waitlist/{entry_id}/decline",
    response_model=WaitlistEntryRead,
    responses=error_responses(
        *AUTH_ERRORS, errors.EntryNotFound, errors.NotOffered, errors.AlreadyClaimed, errors.OfferExpired
    ),
)
async def decline_offer(ctx: Ctx, entry_id: uuid.UUID, user: CurrentUser) -> WaitlistEntryRead:
    """Decline the seats offered to you: they go to the next guest at once."""
    return await service.decline(uow=ctx.uow, env=ctx.env, guest_id=user.user_id, entry_id=entry_id)


@router.get(
    "/events/{event_id}/waitlist",
    response_model=EventWaitlist,
    responses=error_responses(*AUTH_ERRORS, EventNotFound, NotYourEvent),
)
async def event_waitlist(ctx: Ctx, event_id: uuid.UUID, user: CurrentUser) -> EventWaitlist:
    """Your evening's waiting list: who waits in which order, and who holds an offer."""
    return await queries.event_waitlist(uow=ctx.uow, env=ctx.env, host_id=user.user_id, event_id=event_id)

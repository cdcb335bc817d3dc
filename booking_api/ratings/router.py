import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from booking_api.deps import Context, request_context
from booking_api.events.exceptions import EventNotFound, NotYourEvent
from booking_api.ratings import exceptions as errors
from booking_api.ratings import queries, service
from booking_api.ratings.ports import RatingsUnitOfWork
from booking_api.ratings.schemas import (
    AttendanceRead,
    AttendanceUpdate,
    EventRatings,
    HideRequest,
    RatingCreate,
    RatingRead,
    ReviewRead,
    UserRatings,
)
from common.errors import DependencyUnavailable, error_responses
from common.pagination import Pagination
from common.security import CurrentUser, InvalidToken, UserTokenRequired

router = APIRouter(prefix="/v1", tags=["ratings"])
AUTH_ERRORS = (InvalidToken, UserTokenRequired)
Ctx = Annotated[Context[RatingsUnitOfWork], Depends(request_context)]


@router.post(
    "/events/{event_id}/attendance",
    response_model=list[AttendanceRead],
    responses=error_responses(
        *AUTH_ERRORS,
        EventNotFound,
        NotYourEvent,
        errors.AttendanceNotOpen,
        errors.AttendanceLocked,
        errors.BookingNotInEvent,
    ),
)
async def mark_attendance(
    ctx: Ctx, event_id: uuid.UUID, body: AttendanceUpdate, user: CurrentUser
) -> list[AttendanceRead]:
    """Mark your guests attended or no-show (from the start until 48 hours after the end)."""
    return await service.mark_attendance(
        uow=ctx.uow, env=ctx.env, host_id=user.user_id, event_id=event_id, marks=body.marks
    )


@router.post(
    "/events/{event_id}/ratings",
    status_code=status.HTTP_201_CREATED,
    response_model=RatingRead,
    responses={
        200: {"model": RatingRead, "description": "An earlier rating of the same person was edited."},
        **error_responses(
            *AUTH_ERRORS,
            EventNotFound,
            errors.NotPartOfEvent,
            errors.DidNotAttend,
            errors.NotRateable,
            errors.RatingWindowNotOpen,
            errors.RatingWindowClosed,
            errors.RatingLocked,
        ),
    },
)
async def rate(
    ctx: Ctx, event_id: uuid.UUID, body: RatingCreate, response: Response, user: CurrentUser
) -> RatingRead:
    """Rate the host (as a guest who attended) or a guest (as the host), 1–5 with optional text."""
    rating, created = await service.rate(
        uow=ctx.uow,
        env=ctx.env,
        rater_id=user.user_id,
        event_id=event_id,
        ratee_id=body.ratee_id,
        score=body.score,
        text=body.text,
    )
    if not created:
        response.status_code = status.HTTP_200_OK
    return rating


@router.get(
    "/events/{event_id}/ratings",
    response_model=EventRatings,
    responses=error_responses(*AUTH_ERRORS, EventNotFound, errors.NotPartOfEvent, errors.DidNotAttend),
)
async def event_ratings(ctx: Ctx, event_id: uuid.UUID, user: CurrentUser) -> EventRatings:
    """What you can still rate for this event, and what you gave."""
    return await queries.event_ratings(uow=ctx.uow, env=ctx.env, viewer_id=user.user_id, event_id=event_id)


@router.get("/users/{user_id}/ratings", response_model=UserRatings)
async def user_ratings(ctx: Ctx, user_id: uuid.UUID, page: Pagination) -> UserRatings:
    """A person's host and guest scores, no-show rate and revealed reviews."""
    return await queries.user_ratings(uow=ctx.uow, env=ctx.env, user_id=user_id, page=page)


@router.post(
    "/ratings/{rating_id}/hide",
    response_model=ReviewRead,
    responses=error_responses(
        *AUTH_ERRORS, errors.NotAModerator, errors.RatingNotFound, DependencyUnavailable
    ),
)
async def hide_review_text(
    ctx: Ctx, rating_id: uuid.UUID, body: HideRequest, user: CurrentUser
) -> ReviewRead:
    """Moderators hide a review's text with a reason; the score stays and the author is told."""
    return await service.hide_review_text(
        uow=ctx.uow, env=ctx.env, moderator_id=user.user_id, rating_id=rating_id, reason=body.reason
    )

import re
import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from booking_api.core.exceptions import BannedUser
from booking_api.deps import Context, request_context
from booking_api.events.exceptions import EventNotEditable, EventNotFound, NotEnoughSeats, NotYourEvent
from booking_api.invites import exceptions as errors
from booking_api.invites import service
from booking_api.invites.ports import InvitesUnitOfWork
from booking_api.invites.schemas import InviteCreate, InviteRead, InviteView
from common.errors import DependencyUnavailable, error_responses
from common.pagination import Page, Pagination
from common.security import CurrentUser, InvalidToken, OptionalPrincipal, UserTokenRequired

router = APIRouter(prefix="/v1", tags=["invitations"])
AUTH_ERRORS = (InvalidToken, UserTokenRequired)
HOST_ERRORS = (*AUTH_ERRORS, EventNotFound, NotYourEvent, DependencyUnavailable)
Ctx = Annotated[Context[InvitesUnitOfWork], Depends(request_context)]
# What a code can look like; anything else is unknown without a lookup (still 404, never 422).
_CODE_SHAPE = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


@router.post(
    "/events/{event_id}/invites",
    status_code=status.HTTP_201_CREATED,
    response_model=InviteRead,
    responses=error_responses(
        *HOST_ERRORS,
        BannedUser,
        EventNotEditable,
        NotEnoughSeats,
        errors.TooManyInvites,
        errors.InviteExpiryInvalid,
    ),
)
async def create_invite(ctx: Ctx, event_id: uuid.UUID, body: InviteCreate, user: CurrentUser) -> InviteRead:
    """Invite people to your evening: a secret code and its short link, optionally with seats held."""
    return await service.create_invite(
        uow=ctx.uow, env=ctx.env, host_id=user.user_id, event_id=event_id, data=body
    )


@router.get(
    "/events/{event_id}/invites", response_model=Page[InviteRead], responses=error_responses(*HOST_ERRORS)
)
async def list_invites(
    ctx: Ctx, event_id: uuid.UUID, user: CurrentUser, page: Pagination
) -> Page[InviteRead]:
    """Your evening's invitations, the newest first, with the seats and uses each has left."""
    return await service.list_invites(
        uow=ctx.uow, env=ctx.env, host_id=user.user_id, event_id=event_id, page=page
    )


@router.delete(
    "/events/{event_id}/invites/{invite_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(*HOST_ERRORS, errors.InviteNotFound),
)
async def revoke_invite(ctx: Ctx, event_id: uuid.UUID, invite_id: uuid.UUID, user: CurrentUser) -> Response:
    """Revoke an invitation: its code stops working and the seats it holds go back to the evening."""
    await service.revoke_invite(
        uow=ctx.uow, env=ctx.env, host_id=user.user_id, event_id=event_id, invite_id=invite_id
    )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/invites/{code}",
    response_model=InviteView,
    responses=error_responses(
        InvalidToken, errors.InviteNotFound, errors.InviteRevoked, errors.InviteExpired, errors.InviteUsedUp
    ),
)
async def look_up_invite(ctx: Ctx, code: str, viewer: OptionalPrincipal) -> InviteView:
    """The evening an invitation opens, for whoever holds its code (signed in: remembered, so the
    evening's page opens for you while the invitation lasts). Lookups are rate-limited."""
    if not _CODE_SHAPE.match(code):
        raise errors.InviteNotFound()
    viewer_id = viewer.user_id if viewer is not None and not viewer.is_service else None
    return await service.look_up(uow=ctx.uow, env=ctx.env, code=code, viewer_id=viewer_id)

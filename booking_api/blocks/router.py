import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from booking_api.blocks import exceptions as errors
from booking_api.blocks import service
from booking_api.blocks.ports import BlocksUnitOfWork
from booking_api.blocks.schemas import BlockRead
from booking_api.deps import Context, request_context
from common.errors import DependencyUnavailable, error_responses
from common.pagination import Page, Pagination
from common.security import CurrentUser, InvalidToken, UserTokenRequired

router = APIRouter(prefix="/v1/me/blocked", tags=["blocks"])
AUTH_ERRORS = (InvalidToken, UserTokenRequired)
Ctx = Annotated[Context[BlocksUnitOfWork], Depends(request_context)]


@router.get("", response_model=Page[BlockRead], responses=error_responses(*AUTH_ERRORS))
async def list_blocked(ctx: Ctx, user: CurrentUser, page: Pagination) -> Page[BlockRead]:
    """The people you have blocked from your evenings."""
    return await service.list_blocked(uow=ctx.uow, env=ctx.env, host_id=user.user_id, page=page)


@router.put(
    "/{user_id}",
    response_model=BlockRead,
    responses=error_responses(
        *AUTH_ERRORS, errors.CannotBlockSelf, errors.UserNotFound, DependencyUnavailable
    ),
)
async def block(ctx: Ctx, user_id: uuid.UUID, user: CurrentUser) -> BlockRead:
    """Block a person: they can no longer book, request or wait for your evenings (403 `blocked_by_host`);
    their existing bookings stay until you remove them. Blocking again changes nothing."""
    return await service.block(uow=ctx.uow, env=ctx.env, host_id=user.user_id, user_id=user_id)


@router.delete(
    "/{user_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(*AUTH_ERRORS),
)
async def unblock(ctx: Ctx, user_id: uuid.UUID, user: CurrentUser) -> Response:
    """Unblock a person (nothing happens if they were not blocked)."""
    await service.unblock(uow=ctx.uow, host_id=user.user_id, user_id=user_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from booking_api.deps import Context, request_context
from booking_api.places import queries, service
from booking_api.places.exceptions import (
    PlaceCapacityTooLarge,
    PlaceHasFutureEvents,
    PlaceNotFound,
    PlaceNotYours,
    PlaceTooSmallForEvents,
)
from booking_api.places.ports import PlacesUnitOfWork
from booking_api.places.schemas import PlaceCreate, PlaceRead, PlaceUpdate
from common.errors import error_responses
from common.pagination import Page, Pagination
from common.security import CurrentUser, InvalidToken, UserTokenRequired

router = APIRouter(prefix="/v1/places", tags=["places"])
AUTH_ERRORS = (InvalidToken, UserTokenRequired)
Ctx = Annotated[Context[PlacesUnitOfWork], Depends(request_context)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=PlaceRead,
    responses=error_responses(*AUTH_ERRORS, PlaceCapacityTooLarge),
)
async def create_place(ctx: Ctx, body: PlaceCreate, user: CurrentUser) -> PlaceRead:
    """Register one of your meeting places."""
    return await service.create_place(uow=ctx.uow, env=ctx.env, host_id=user.user_id, data=body)


@router.get("", response_model=Page[PlaceRead], responses=error_responses(*AUTH_ERRORS))
async def list_places(ctx: Ctx, user: CurrentUser, page: Pagination) -> Page[PlaceRead]:
    """Your places."""
    return await queries.list_my_places(uow=ctx.uow, host_id=user.user_id, page=page)


@router.get(
    "/{place_id}",
    response_model=PlaceRead,
    responses=error_responses(*AUTH_ERRORS, PlaceNotFound, PlaceNotYours),
)
async def get_place(ctx: Ctx, place_id: uuid.UUID, user: CurrentUser) -> PlaceRead:
    """One of your places."""
    return await queries.get_place(uow=ctx.uow, host_id=user.user_id, place_id=place_id)


@router.patch(
    "/{place_id}",
    response_model=PlaceRead,
    responses=error_responses(
        *AUTH_ERRORS, PlaceNotFound, PlaceNotYours, PlaceTooSmallForEvents, PlaceCapacityTooLarge
    ),
)
async def update_place(ctx: Ctx, place_id: uuid.UUID, body: PlaceUpdate, user: CurrentUser) -> PlaceRead:
    """Change one of your places."""
    return await service.update_place(
        uow=ctx.uow, env=ctx.env, host_id=user.user_id, place_id=place_id, data=body
    )


@router.delete(
    "/{place_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses=error_responses(*AUTH_ERRORS, PlaceNotFound, PlaceNotYours, PlaceHasFutureEvents),
)
async def delete_place(ctx: Ctx, place_id: uuid.UUID, user: CurrentUser) -> Response:
    """Delete one of your places that has no upcoming events."""
    await service.delete_place(uow=ctx.uow, env=ctx.env, host_id=user.user_id, place_id=place_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

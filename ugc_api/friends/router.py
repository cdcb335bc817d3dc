"""Friends: the brief's friends list, adding and removing friends, and pending requests."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from common.errors import NotAuthenticated, error_responses
from common.pagination import Page, Pagination
from common.security import AnyPrincipal, CurrentUser, InvalidToken, UserTokenRequired
from ugc_api.deps import ClockDep, UnitOfWork
from ugc_api.friends import service
from ugc_api.friends.exceptions import CannotBefriendSelf
from ugc_api.friends.schemas import Friend, FriendCheck, FriendRequest, Friendship, RequestDirection

router = APIRouter(tags=["friends"])

_SIGNED_IN = (NotAuthenticated, InvalidToken, UserTokenRequired)


@router.get(
    "/v1/friends/{user_id}",
    response_model=Page[Friend],
    responses=error_responses(NotAuthenticated, InvalidToken),
)
async def friends(user_id: uuid.UUID, _: AnyPrincipal, uow: UnitOfWork, page: Pagination) -> Page[Friend]:
    """A user's confirmed friends, paginated (any signed-in user or service; an unknown id has none)."""
    return await service.list_friends(uow=uow, user_id=user_id, page=page)


@router.get(
    "/v1/friends/{user_id}/{friend_id}",
    response_model=FriendCheck,
    responses=error_responses(NotAuthenticated, InvalidToken),
)
async def are_friends(
    user_id: uuid.UUID, friend_id: uuid.UUID, _: AnyPrincipal, uow: UnitOfWork
) -> FriendCheck:
    """Whether two people are friends, without paging through a list (any signed-in user or service)."""
    return await service.check_friends(uow=uow, user_id=user_id, friend_id=friend_id)


@router.put(
    "/v1/me/friends/{friend_id}",
    response_model=Friendship,
    responses=error_responses(*_SIGNED_IN, CannotBefriendSelf),
)
async def add_friend(friend_id: uuid.UUID, user: CurrentUser, uow: UnitOfWork, clock: ClockDep) -> Friendship:
    """Add a person as a friend (idempotent): `requested` until they add you too, then `friends`."""
    return await service.add_friend(uow=uow, clock=clock, user_id=user.user_id, friend_id=friend_id)


@router.delete(
    "/v1/me/friends/{friend_id}",
    status_code=204,
    responses=error_responses(*_SIGNED_IN, CannotBefriendSelf),
)
async def remove_friend(friend_id: uuid.UUID, user: CurrentUser, uow: UnitOfWork) -> Response:
    """Unfriend, cancel your request or decline theirs (idempotent); either must add again to reconnect."""
    await service.remove_friend(uow=uow, user_id=user.user_id, friend_id=friend_id)
    return Response(status_code=204)


@router.get(
    "/v1/me/friend_requests", response_model=Page[FriendRequest], responses=error_responses(*_SIGNED_IN)
)
async def friend_requests(
    user: CurrentUser,
    uow: UnitOfWork,
    page: Pagination,
    direction: Annotated[
        RequestDirection, Query(description="`incoming`: people who added you; `outgoing`: whom you added.")
    ] = RequestDirection.INCOMING,
) -> Page[FriendRequest]:
    """Your unanswered friend requests, newest first; only you see them."""
    return await service.list_requests(
        uow=uow, user_id=user.user_id, incoming=direction is RequestDirection.INCOMING, page=page
    )

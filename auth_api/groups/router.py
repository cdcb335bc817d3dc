"""Groups: the brief's `user_group`, the list of groups, and admins managing members."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Response

from auth_api.deps import ClockDep, RevokerDep, SettingsDep, UnitOfWork
from auth_api.groups import service
from auth_api.groups.exceptions import (
    AdminRequired,
    GroupNotFound,
    LastAdmin,
    MembershipNotFound,
    UsersGroupRequired,
)
from auth_api.groups.schemas import GroupMembersPage, GroupOut
from auth_api.users.exceptions import UserNotFound
from auth_api.users.schemas import NO_CONTROL_CHARACTERS
from common.errors import NotAuthenticated, error_responses
from common.pagination import Pagination
from common.security import AnyPrincipal, InvalidToken

router = APIRouter(tags=["groups"])

GroupName = Annotated[
    str, Path(min_length=1, max_length=50, pattern=NO_CONTROL_CHARACTERS, examples=["moderator"])
]


@router.get(
    "/v1/user_group/{group}",
    response_model=GroupMembersPage,
    responses=error_responses(NotAuthenticated, InvalidToken, AdminRequired, GroupNotFound),
)
async def user_group(
    group: GroupName, viewer: AnyPrincipal, uow: UnitOfWork, page: Pagination
) -> GroupMembersPage:
    """A group and its member ids, paginated (admins and services only; anyone else gets 403)."""
    return await service.group_members(uow=uow, viewer=viewer, group=group, page=page)


@router.post(
    "/v1/user_group/{group}",
    response_model=GroupMembersPage,
    responses=error_responses(NotAuthenticated, InvalidToken, AdminRequired, GroupNotFound),
)
async def user_group_post(
    group: GroupName, viewer: AnyPrincipal, uow: UnitOfWork, page: Pagination
) -> GroupMembersPage:
    """The brief's form of `GET /v1/user_group/{group}`: the same answer."""
    return await service.group_members(uow=uow, viewer=viewer, group=group, page=page)


@router.get("/v1/groups", response_model=list[GroupOut])
async def groups(uow: UnitOfWork) -> list[GroupOut]:
    """Every group: users, admin, moderator, banned."""
    return await service.list_groups(uow=uow)


@router.put(
    "/v1/groups/{group}/members/{user_id}",
    status_code=204,
    responses=error_responses(NotAuthenticated, InvalidToken, AdminRequired, GroupNotFound, UserNotFound),
)
async def add_member(
    group: GroupName,
    user_id: uuid.UUID,
    actor: AnyPrincipal,
    uow: UnitOfWork,
    clock: ClockDep,
    revoker: RevokerDep,
    settings: SettingsDep,
) -> Response:
    """Add a user to a group (admins only; idempotent). Their next token carries the group; a ban ends
    their sessions and refuses their writes in every service within a second. A service client named
    in `BAN_CLIENTS` (booking's moderation) may add to and remove from `banned`."""
    await service.add_member(
        uow=uow,
        clock=clock,
        revoker=revoker,
        actor=actor,
        group=group,
        user_id=user_id,
        ban_clients=settings.ban_clients,
    )
    return Response(status_code=204)


@router.delete(
    "/v1/groups/{group}/members/{user_id}",
    status_code=204,
    responses=error_responses(
        NotAuthenticated,
        InvalidToken,
        AdminRequired,
        GroupNotFound,
        UserNotFound,
        MembershipNotFound,
        UsersGroupRequired,
        LastAdmin,
    ),
)
async def remove_member(
    group: GroupName,
    user_id: uuid.UUID,
    actor: AnyPrincipal,
    uow: UnitOfWork,
    clock: ClockDep,
    revoker: RevokerDep,
    settings: SettingsDep,
) -> Response:
    """Remove a user from a group (admins only); nobody leaves `users`, and the last admin stays. Their
    sessions end, so no token keeps the group."""
    await service.remove_member(
        uow=uow,
        clock=clock,
        revoker=revoker,
        actor=actor,
        group=group,
        user_id=user_id,
        ban_clients=settings.ban_clients,
    )
    return Response(status_code=204)

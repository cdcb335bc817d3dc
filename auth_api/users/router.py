"""Registration, my account, and profiles (the brief's `user_info`)."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query

from auth_api.deps import ClientIp, ClockDep, Hasher, MailDep, SettingsDep, ThrottleDep, UnitOfWork
from auth_api.users import service
from auth_api.users.exceptions import EmailTaken, PrivilegedViewRequired, TooManyRegistrations, UserNotFound
from auth_api.users.schemas import MeUpdate, PublicProfile, RegisterRequest, StaffProfile, UserInfo, UserOut
from common.errors import NotAuthenticated, error_responses
from common.security import (
    AnyPrincipal,
    Banned,
    CurrentUser,
    InvalidToken,
    OptionalPrincipal,
    UserTokenRequired,
)

router = APIRouter(tags=["users"])

Ids = Annotated[list[uuid.UUID], Query(alias="id", min_length=1, max_length=100)]
_SIGNED_IN = (NotAuthenticated, InvalidToken, UserTokenRequired)


@router.post("/v1/register", status_code=201, response_model=UserOut, include_in_schema=False)
@router.post(
    "/v1/register/",
    status_code=201,
    response_model=UserOut,
    responses=error_responses(EmailTaken, TooManyRegistrations),
)
async def register(
    body: RegisterRequest,
    uow: UnitOfWork,
    hasher: Hasher,
    clock: ClockDep,
    throttle: ThrottleDep,
    mail: MailDep,
    settings: SettingsDep,
    client_ip: ClientIp,
) -> Any:
    """Create an account (email, password of 8+ characters, display name); it joins the `users` group
    and a link to verify the address is emailed. At most a few accounts per address and 10 minutes."""
    return await service.register(
        uow=uow,
        hasher=hasher,
        throttle=throttle,
        clock=clock,
        mail_settings=mail,
        verification_ttl=settings.verification_link_ttl_seconds,
        email=body.email,
        password=body.password,
        name=body.name,
        client_ip=client_ip,
    )


@router.get("/v1/me", response_model=UserOut, responses=error_responses(*_SIGNED_IN, UserNotFound))
async def me(user: CurrentUser, uow: UnitOfWork) -> Any:
    """The signed-in user's account, email included."""
    return await service.get_me(uow=uow, user_id=user.user_id)


@router.patch("/v1/me", response_model=UserOut, responses=error_responses(*_SIGNED_IN, Banned, UserNotFound))
async def update_me(body: MeUpdate, user: CurrentUser, uow: UnitOfWork) -> Any:
    """Change my account's settings: `language` (`ru`, `en`, or null for no choice)."""
    return await service.update_me(uow=uow, user_id=user.user_id, changes=body.model_dump(exclude_unset=True))


@router.get(
    "/v1/user_info/{user_id}",
    response_model=UserInfo | StaffProfile | PublicProfile,
    responses=error_responses(InvalidToken, UserNotFound),
)
async def user_info(user_id: uuid.UUID, viewer: OptionalPrincipal, uow: UnitOfWork) -> Any:
    """A person's profile: name, verified flag, member since (and a moderator's or admin's role); the
    whole account (email, groups, language) only to the person themself, an admin or a service."""
    return await service.get_user_info(uow=uow, user_id=user_id, viewer=viewer)


@router.post(
    "/v1/user_info/{user_id}",
    response_model=UserInfo | StaffProfile | PublicProfile,
    responses=error_responses(InvalidToken, UserNotFound),
)
async def user_info_post(user_id: uuid.UUID, viewer: OptionalPrincipal, uow: UnitOfWork) -> Any:
    """The brief's form of `GET /v1/user_info/{user_id}`: the same answer."""
    return await service.get_user_info(uow=uow, user_id=user_id, viewer=viewer)


@router.get(
    "/v1/users",
    response_model=list[UserInfo],
    responses=error_responses(NotAuthenticated, InvalidToken, PrivilegedViewRequired),
)
async def users_info(viewer: AnyPrincipal, uow: UnitOfWork, ids: Ids) -> Any:
    """Whole accounts by id (`?id=...&id=...`, up to 100), for admins and services; unknown ids are left
    out. Anyone else gets 403: people are not listed."""
    return await service.get_accounts(uow=uow, user_ids=ids, viewer=viewer)


@router.get("/v1/profiles", response_model=list[PublicProfile])
async def profiles(uow: UnitOfWork, ids: Ids) -> Any:
    """Public profiles by id (`?id=...&id=...`, up to 100): the names pages show; unknown ids are left out."""
    return await service.get_profiles(uow=uow, user_ids=ids)

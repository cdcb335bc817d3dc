"""Registration, the signed-in user, and public profiles (the brief's `user_info`)."""

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query

from auth_api.deps import ClockDep, Hasher, UnitOfWork
from auth_api.users import service
from auth_api.users.exceptions import EmailTaken, UserNotFound
from auth_api.users.schemas import MeUpdate, RegisterRequest, UserInfo, UserOut
from common.errors import error_responses
from common.security import CurrentUser, InvalidToken, OptionalPrincipal, UserTokenRequired

router = APIRouter(tags=["users"])


@router.post("/v1/register/", status_code=201, response_model=UserOut, responses=error_responses(EmailTaken))
async def register(body: RegisterRequest, uow: UnitOfWork, hasher: Hasher, clock: ClockDep) -> Any:
    """Create an account (email, password of 8+ characters, display name); it joins the `users` group."""
    return await service.register(
        uow=uow, hasher=hasher, clock=clock, email=body.email, password=body.password, name=body.name
    )


@router.get(
    "/v1/me", response_model=UserOut, responses=error_responses(InvalidToken, UserTokenRequired, UserNotFound)
)
async def me(user: CurrentUser, uow: UnitOfWork) -> Any:
    """The signed-in user's account, email included."""
    return await service.get_user_info(uow=uow, user_id=user.user_id, viewer=user)


@router.patch(
    "/v1/me", response_model=UserOut, responses=error_responses(InvalidToken, UserTokenRequired, UserNotFound)
)
async def update_me(body: MeUpdate, user: CurrentUser, uow: UnitOfWork) -> Any:
    """Change my account's settings: `language` (`ru`, `en`, or null for no choice)."""
    return await service.update_me(uow=uow, user_id=user.user_id, changes=body.model_dump(exclude_unset=True))


@router.get(
    "/v1/user_info/{user_id}", response_model=UserInfo, responses=error_responses(InvalidToken, UserNotFound)
)
async def user_info(user_id: uuid.UUID, viewer: OptionalPrincipal, uow: UnitOfWork) -> Any:
    """A user's profile: id, name, groups, joined date; the email only to the user, an admin or a service."""
    return await service.get_user_info(uow=uow, user_id=user_id, viewer=viewer)


@router.post(
    "/v1/user_info/{user_id}", response_model=UserInfo, responses=error_responses(InvalidToken, UserNotFound)
)
async def user_info_post(user_id: uuid.UUID, viewer: OptionalPrincipal, uow: UnitOfWork) -> Any:
    """The brief's form of `GET /v1/user_info/{user_id}`: the same answer."""
    return await service.get_user_info(uow=uow, user_id=user_id, viewer=viewer)


@router.get("/v1/users", response_model=list[UserInfo], responses=error_responses(InvalidToken))
async def users_info(
    viewer: OptionalPrincipal,
    uow: UnitOfWork,
    ids: Annotated[list[uuid.UUID], Query(alias="id", min_length=1, max_length=100)],
) -> Any:
    """Several profiles in one call (`?id=...&id=...`, up to 100); unknown ids are left out."""
    return await service.get_users_info(uow=uow, user_ids=ids, viewer=viewer)

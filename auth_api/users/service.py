"""Use cases of the users domain: registration and profiles."""

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from auth_api.groups.constants import ADMIN, USERS
from auth_api.uow import AuthUnitOfWork
from auth_api.users.exceptions import EmailTaken, UserNotFound
from auth_api.users.models import User
from auth_api.users.passwords import PasswordHasher
from common.clock import Clock
from common.security import Principal


@dataclass(frozen=True)
class UserView:
    id: uuid.UUID
    name: str
    groups: list[str]
    joined_at: datetime
    email: str | None
    language: str | None = None


def _view(user: User, groups: list[str], *, with_email: bool = True) -> UserView:
    return UserView(
        id=user.id,
        name=user.name,
        groups=groups,
        joined_at=user.created_at,
        email=user.email if with_email else None,
        language=user.language if with_email else None,
    )


async def register(
    *, uow: AuthUnitOfWork, hasher: PasswordHasher, clock: Clock, email: str, password: str, name: str
) -> UserView:
    """Create an account in the `users` group; 409 when the email is taken in any letter case."""
    password_hash = await hasher.hash(password)
    async with uow:
        if await uow.users.get_by_email(email) is not None:
            raise EmailTaken()
        now = clock.now()
        user = User(id=uuid.uuid4(), email=email, name=name, password_hash=password_hash, created_at=now)
        uow.users.add(user)
        try:
            await uow.session.flush()
            await uow.groups.add_member(user.id, USERS, at=now)
            await uow.commit()
        except IntegrityError as exc:
            # Two registrations of one address at the same moment: the unique index decides.
            raise EmailTaken() from exc
        return _view(user, [USERS])


def may_see_email(viewer: Principal | None, user_id: uuid.UUID) -> bool:
    """The email is private: only the user, an admin or another service sees it."""
    if viewer is None:
        return False
    return viewer.is_service or viewer.in_group(ADMIN) or viewer.subject == str(user_id)


async def get_user_info(*, uow: AuthUnitOfWork, user_id: uuid.UUID, viewer: Principal | None) -> UserView:
    """A user's profile as the viewer may see it; 404 for an unknown id."""
    async with uow:
        user = await uow.users.get(user_id)
        if user is None:
            raise UserNotFound()
        groups = await uow.groups.groups_of(user.id)
        return _view(user, groups, with_email=may_see_email(viewer, user_id))


async def update_me(*, uow: AuthUnitOfWork, user_id: uuid.UUID, changes: dict[str, object]) -> UserView:
    """Change the signed-in user's own settings (`language`); 404 when the account is gone."""
    async with uow:
        user = await uow.users.get(user_id)
        if user is None:
            raise UserNotFound()
        if "language" in changes:
            language = changes["language"]
            user.language = language if isinstance(language, str) else None
        await uow.commit()
        groups = await uow.groups.groups_of(user.id)
        return _view(user, groups)


async def get_users_info(
    *, uow: AuthUnitOfWork, user_ids: list[uuid.UUID], viewer: Principal | None
) -> list[UserView]:
    """Several profiles at once (unknown ids are left out), in the order asked."""
    async with uow:
        users = {user.id: user for user in await uow.users.list_by_ids(user_ids)}
        groups = await uow.groups.groups_of_many(users)
        return [
            _view(users[uid], groups[uid], with_email=may_see_email(viewer, uid))
            for uid in dict.fromkeys(user_ids)
            if uid in users
        ]

"""Who may act: the caller as the Auth API knows them."""

import uuid

from booking_api.core.exceptions import BannedUser, ModeratorsOnly
from booking_api.integrations.users import Person, UserDirectory


async def require_active_person(users: UserDirectory, user_id: uuid.UUID) -> Person:
    """The caller as auth knows them; banned users may neither host nor book."""
    person = await users.get(user_id)
    if person is None:
        raise BannedUser("Your account is unknown to the auth service.")
    if person.banned:
        raise BannedUser()
    return person


MODERATOR = "moderator"


async def is_moderator(users: UserDirectory, user_id: uuid.UUID) -> bool:
    """Whether auth has the person in the `moderator` group (asked of auth, not read from the token)."""
    person = await users.get(user_id)
    return person is not None and MODERATOR in person.groups


async def require_moderator(users: UserDirectory, user_id: uuid.UUID) -> Person:
    """The caller, if auth has them in the `moderator` group (asked of auth, not read from the token)."""
    person = await users.get(user_id)
    if person is None or MODERATOR not in person.groups:
        raise ModeratorsOnly()
    return person

"""Who may act: the caller as the Auth API knows them."""

import uuid

from booking_api.core.exceptions import BannedUser
from booking_api.integrations.users import Person, UserDirectory


async def require_active_person(users: UserDirectory, user_id: uuid.UUID) -> Person:
    """The caller as auth knows them; banned users may neither host nor book."""
    person = await users.get(user_id)
    if person is None:
        raise BannedUser("Your account is unknown to the auth service.")
    if person.banned:
        raise BannedUser()
    return person

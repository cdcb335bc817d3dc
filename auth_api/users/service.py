"""Use cases of the users domain: registration, my account, and profiles as each viewer may see them."""

import uuid
from dataclasses import asdict, dataclass
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from auth_api.groups.constants import ADMIN, MODERATOR, USERS
from auth_api.links import service as links
from auth_api.links.models import VERIFY_EMAIL
from auth_api.mail import service as mail
from auth_api.throttle import Throttle
from auth_api.uow import AuthUnitOfWork
from auth_api.users.exceptions import EmailTaken, PrivilegedViewRequired, TooManyRegistrations, UserNotFound
from auth_api.users.models import User
from auth_api.users.passwords import PasswordHasher
from common.clock import Clock
from common.security import Principal

STAFF = (ADMIN, MODERATOR)


@dataclass(frozen=True)
class Profile:
    """What anyone may see of a person: their display name, whether their email is verified, since when
    they are a member."""

    id: uuid.UUID
    name: str
    email_verified: bool
    joined_at: datetime


@dataclass(frozen=True)
class StaffProfile(Profile):
    """A moderator's or admin's public profile: the staff roles show, as a badge (no other group does)."""

    groups: list[str]


@dataclass(frozen=True)
class Account(Profile):
    """What the person themself, admins and services see besides."""

    email: str
    groups: list[str]
    language: str | None


def profile(user: User) -> Profile:
    return Profile(
        id=user.id,
        name=user.name,
        email_verified=user.email_verified_at is not None,
        joined_at=user.created_at,
    )


def account(user: User, groups: list[str]) -> Account:
    return Account(
        id=user.id,
        name=user.name,
        email_verified=user.email_verified_at is not None,
        joined_at=user.created_at,
        email=user.email,
        groups=groups,
        language=user.language,
    )


async def register(
    *,
    uow: AuthUnitOfWork,
    hasher: PasswordHasher,
    throttle: Throttle,
    clock: Clock,
    mail_settings: mail.MailSettings,
    verification_ttl: int,
    email: str,
    password: str,
    name: str,
    client_ip: str,
) -> Account:
    """Create an account in the `users` group and send the link that verifies its address; 409 when the
    email is taken in any letter case, 429 when this address created too many accounts lately."""
    wait = await throttle.registration(ip=client_ip)
    if wait is not None:
        raise TooManyRegistrations(headers={"Retry-After": str(wait)}, retry_after=wait)
    password_hash = await hasher.hash(password)
    async with uow:
        if await uow.users.get_by_email(email) is not None:
            raise EmailTaken()
        now = clock.now()
        user = User(id=uuid.uuid4(), email=email, name=name, password_hash=password_hash, created_at=now)
        uow.users.add(user)
        try:
            await uow.session.flush()
        except IntegrityError as exc:
            # Two registrations of one address at the same moment: the unique index decides.
            raise EmailTaken() from exc
        await uow.groups.add_member(user.id, USERS, at=now)
        await send_verification(uow, mail_settings, user=user, now=now, ttl=verification_ttl)
        await uow.commit()
        return account(user, [USERS])


async def send_verification(
    uow: AuthUnitOfWork, mail_settings: mail.MailSettings, *, user: User, now: datetime, ttl: int
) -> None:
    """A new verification link for the account's current address (older ones stop working), by email."""
    await links.email_link(
        uow,
        mail_settings,
        user=user,
        purpose=VERIFY_EMAIL,
        kind="verify_email",
        page="verify-email",
        now=now,
        ttl=ttl,
        hours=ttl // 3600,
    )


async def _sees_accounts(uow: AuthUnitOfWork, viewer: Principal | None) -> bool:
    """Services and admins see whole accounts. Admin is read from the database, not the token, so a
    token issued before someone lost `admin` shows them nothing more."""
    if viewer is None:
        return False
    return viewer.is_service or await uow.groups.is_member(viewer.user_id, ADMIN)


async def get_me(*, uow: AuthUnitOfWork, user_id: uuid.UUID) -> Account:
    """The signed-in person's own account; 404 when it is gone."""
    async with uow:
        user = await uow.users.get(user_id)
        if user is None:
            raise UserNotFound()
        return account(user, await uow.groups.groups_of(user.id))


async def get_user_info(*, uow: AuthUnitOfWork, user_id: uuid.UUID, viewer: Principal | None) -> Profile:
    """A person as the viewer may see them: the whole account for themself, admins and services, the
    public profile for everyone else; 404 for an unknown id."""
    async with uow:
        user = await uow.users.get(user_id)
        if user is None:
            raise UserNotFound()
        groups = await uow.groups.groups_of(user.id)
        if (viewer is not None and viewer.subject == str(user_id)) or await _sees_accounts(uow, viewer):
            return account(user, groups)
        staff = [group for group in groups if group in STAFF]
        return StaffProfile(**asdict(profile(user)), groups=staff) if staff else profile(user)


async def update_me(*, uow: AuthUnitOfWork, user_id: uuid.UUID, changes: dict[str, object]) -> Account:
    """Change the signed-in user's own settings (`language`); 404 when the account is gone."""
    async with uow:
        user = await uow.users.get(user_id)
        if user is None:
            raise UserNotFound()
        if "language" in changes:
            language = changes["language"]
            user.language = language if isinstance(language, str) else None
        await uow.commit()
        return account(user, await uow.groups.groups_of(user.id))


async def get_accounts(*, uow: AuthUnitOfWork, user_ids: list[uuid.UUID], viewer: Principal) -> list[Account]:
    """Several whole accounts at once, for admins and services (403 for anyone else); unknown ids are
    left out, the rest come in the order asked."""
    async with uow:
        if not await _sees_accounts(uow, viewer):
            raise PrivilegedViewRequired()
        users = {user.id: user for user in await uow.users.list_by_ids(user_ids)}
        groups = await uow.groups.groups_of_many(users)
        return [account(users[uid], groups[uid]) for uid in dict.fromkeys(user_ids) if uid in users]


async def get_profiles(*, uow: AuthUnitOfWork, user_ids: list[uuid.UUID]) -> list[Profile]:
    """Several public profiles at once (anyone); unknown ids are left out, the rest in the order asked."""
    async with uow:
        users = {user.id: user for user in await uow.users.list_by_ids(user_ids)}
        return [profile(users[uid]) for uid in dict.fromkeys(user_ids) if uid in users]

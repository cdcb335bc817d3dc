"""Use cases of the groups domain: listing members, and admins adding and removing them."""

import logging
import uuid

from auth_api.groups.constants import ADMIN, BANNED, USERS
from auth_api.groups.exceptions import (
    AdminRequired,
    GroupNotFound,
    LastAdmin,
    MembershipNotFound,
    UsersGroupRequired,
)
from auth_api.groups.schemas import GroupMember, GroupMembersPage, GroupOut
from auth_api.sessions.revoker import Revoker
from auth_api.uow import AuthUnitOfWork
from auth_api.users.exceptions import UserNotFound
from common.clock import Clock
from common.pagination import PageParams
from common.security import Principal

logger = logging.getLogger(__name__)


async def list_groups(*, uow: AuthUnitOfWork) -> list[GroupOut]:
    """Every group with its description."""
    async with uow:
        return [GroupOut(name=g.name, description=g.description) for g in await uow.groups.all()]


async def group_members(
    *, uow: AuthUnitOfWork, viewer: Principal, group: str, page: PageParams
) -> GroupMembersPage:
    """A group's members, oldest membership first, for admins and services (403 for anyone else, read
    from the database: people are not listed); 404 for an unknown group."""
    async with uow:
        if not viewer.is_service and not await uow.groups.is_member(viewer.user_id, ADMIN):
            raise AdminRequired("Only an admin or a service may list a group's members.")
        found = await uow.groups.get(group)
        if found is None:
            raise GroupNotFound()
        members, total = await uow.groups.members(group, offset=page.offset, limit=page.limit)
        return GroupMembersPage(
            group=found.name,
            description=found.description,
            items=[GroupMember(user_id=m.user_id, added_at=m.added_at) for m in members],
            total=total,
            page=page.page,
            size=page.size,
        )


async def _check_admin_and_targets(
    uow: AuthUnitOfWork, *, actor: Principal, group: str, user_id: uuid.UUID, ban_clients: list[str]
) -> None:
    if actor.is_service:
        # A service acts for its own moderators: it may ban and unban, nothing else.
        if group != BANNED or actor.subject not in ban_clients:
            raise AdminRequired()
    # Read from the database, not the token: a token issued before the actor lost `admin` still says so.
    elif not await uow.groups.is_member(actor.user_id, ADMIN):
        raise AdminRequired()
    if await uow.groups.get(group) is None:
        raise GroupNotFound()
    if await uow.users.get(user_id) is None:
        raise UserNotFound()


async def add_member(
    *,
    uow: AuthUnitOfWork,
    clock: Clock,
    revoker: Revoker,
    actor: Principal,
    group: str,
    user_id: uuid.UUID,
    ban_clients: list[str] = [],  # noqa: B006 - read only
) -> None:
    """Put a user in a group (admins; services in `ban_clients` for `banned`); adding an existing member
    changes nothing. A ban ends every session of the person and refuses their writes everywhere within
    a second (their current access tokens still read until they expire; tokens issued later say
    `banned`)."""
    async with uow:
        await _check_admin_and_targets(
            uow, actor=actor, group=group, user_id=user_id, ban_clients=ban_clients
        )
        now = clock.now()
        if await uow.groups.add_member(user_id, group, at=now):
            if group == BANNED:
                await uow.sessions.end(user_id, at=now)
                revoker.ban(uow, user_id)
            await uow.commit()
            logger.info(
                "group member added", extra={"group": group, "member": str(user_id), "by": actor.subject}
            )


async def remove_member(
    *,
    uow: AuthUnitOfWork,
    clock: Clock,
    revoker: Revoker,
    actor: Principal,
    group: str,
    user_id: uuid.UUID,
    ban_clients: list[str] = [],  # noqa: B006 - read only
) -> None:
    """Take a user out of a group (admins; services in `ban_clients` for `banned`); `users` is for
    everyone and the last admin stays. The person's sessions end, so that no token keeps the group they
    lost (or, unbanned, the ban)."""
    async with uow:
        await _check_admin_and_targets(
            uow, actor=actor, group=group, user_id=user_id, ban_clients=ban_clients
        )
        if group == USERS:
            raise UsersGroupRequired()
        await uow.groups.lock_group(group)
        if not await uow.groups.is_member(user_id, group):
            raise MembershipNotFound()
        if group == ADMIN and await uow.groups.count_members(ADMIN) <= 1:
            raise LastAdmin()
        await uow.groups.remove_member(user_id, group)
        revoker.end_sessions(uow, await uow.sessions.end(user_id, at=clock.now()))
        if group == BANNED:
            revoker.unban(uow, user_id)
        await uow.commit()
        logger.info(
            "group member removed", extra={"group": group, "member": str(user_id), "by": actor.subject}
        )

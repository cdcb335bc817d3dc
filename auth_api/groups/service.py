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


async def group_members(*, uow: AuthUnitOfWork, group: str, page: PageParams) -> GroupMembersPage:
    """A group's members, oldest membership first; 404 for an unknown group."""
    async with uow:
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
    actor: Principal,
    group: str,
    user_id: uuid.UUID,
    ban_clients: list[str] = [],  # noqa: B006 - read only
) -> None:
    """Put a user in a group (admins; services in `ban_clients` for `banned`); adding an existing member
    changes nothing."""
    async with uow:
        await _check_admin_and_targets(
            uow, actor=actor, group=group, user_id=user_id, ban_clients=ban_clients
        )
        if await uow.groups.add_member(user_id, group, at=clock.now()):
            await uow.commit()
            logger.info(
                "group member added", extra={"group": group, "member": str(user_id), "by": actor.subject}
            )


async def remove_member(
    *,
    uow: AuthUnitOfWork,
    actor: Principal,
    group: str,
    user_id: uuid.UUID,
    ban_clients: list[str] = [],  # noqa: B006 - read only
) -> None:
    """Take a user out of a group (admins; services in `ban_clients` for `banned`); `users` is for
    everyone and the last admin stays."""
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
        await uow.commit()
        logger.info(
            "group member removed", extra={"group": group, "member": str(user_id), "by": actor.subject}
        )

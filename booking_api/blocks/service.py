"""A host blocks and unblocks people; bookings and waiting lists ask whether someone is blocked."""

import uuid
from datetime import UTC

from booking_api.blocks.exceptions import BlockedByHost, CannotBlockSelf, UserNotFound
from booking_api.blocks.ports import BlocksUnitOfWork
from booking_api.blocks.schemas import BlockRead
from booking_api.core.env import Env
from common.pagination import Page, PageParams


async def block(*, uow: BlocksUnitOfWork, env: Env, host_id: uuid.UUID, user_id: uuid.UUID) -> BlockRead:
    """Keep a person away from the caller's evenings (their existing bookings stay)."""
    if user_id == host_id:
        raise CannotBlockSelf()
    person = await env.users.get(user_id)
    if person is None:
        raise UserNotFound()
    async with uow:
        found = await uow.blocks.add(host_id, user_id, env.clock.now())
        await uow.commit()
    return BlockRead(user_id=user_id, name=person.name or None, blocked_at=found.created_at.astimezone(UTC))


async def unblock(*, uow: BlocksUnitOfWork, host_id: uuid.UUID, user_id: uuid.UUID) -> None:
    """Let a person book the caller's evenings again (nothing happens if they were not blocked)."""
    async with uow:
        await uow.blocks.remove(host_id, user_id)
        await uow.commit()


async def list_blocked(
    *, uow: BlocksUnitOfWork, env: Env, host_id: uuid.UUID, page: PageParams
) -> Page[BlockRead]:
    """The people the caller has blocked, latest first."""
    async with uow:
        rows, total = await uow.blocks.of_host(host_id, offset=page.offset, limit=page.limit)
    names = await env.users.names([b.user_id for b in rows])
    items = [
        BlockRead(user_id=b.user_id, name=names.get(b.user_id), blocked_at=b.created_at.astimezone(UTC))
        for b in rows
    ]
    return Page.of(items, total, page)


async def check_not_blocked(uow: BlocksUnitOfWork, host_id: uuid.UUID, user_id: uuid.UUID) -> None:
    if await uow.blocks.is_blocked(host_id, user_id):
        raise BlockedByHost()

"""Use cases of the friends domain: friends are two people who have both added each other."""

import logging
import uuid

from common.clock import Clock
from common.pagination import Page, PageParams
from ugc_api.friends.exceptions import CannotBefriendSelf
from ugc_api.friends.schemas import Friend, FriendCheck, FriendRequest, Friendship, FriendshipStatus
from ugc_api.uow import UgcUnitOfWork

logger = logging.getLogger(__name__)


async def add_friend(
    *, uow: UgcUnitOfWork, clock: Clock, user_id: uuid.UUID, friend_id: uuid.UUID
) -> Friendship:
    """Add a person: a request until they add you too, then friends; adding again changes nothing."""
    if user_id == friend_id:
        raise CannotBefriendSelf()
    async with uow:
        await uow.friends.lock_pair(user_id, friend_id)
        await uow.friends.add_link(user_id, friend_id, at=clock.now())
        mutual = await uow.friends.has_link(friend_id, user_id)
        await uow.commit()
    status = FriendshipStatus.FRIENDS if mutual else FriendshipStatus.REQUESTED
    logger.info("friend added", extra={"friend_id": str(friend_id), "friendship": str(status)})
    return Friendship(user_id=user_id, friend_id=friend_id, status=status)


async def remove_friend(*, uow: UgcUnitOfWork, user_id: uuid.UUID, friend_id: uuid.UUID) -> None:
    """End a friendship, cancel your request or decline theirs: both links go; nothing there is fine."""
    if user_id == friend_id:
        raise CannotBefriendSelf()
    async with uow:
        await uow.friends.lock_pair(user_id, friend_id)
        await uow.friends.remove_pair(user_id, friend_id)
        await uow.commit()


async def list_friends(*, uow: UgcUnitOfWork, user_id: uuid.UUID, page: PageParams) -> Page[Friend]:
    """A user's confirmed friends, oldest friendship first."""
    async with uow:
        rows, total = await uow.friends.friends(user_id, offset=page.offset, limit=page.limit)
    return Page.of([Friend(user_id=row[0], since=row[1]) for row in rows], total, page)


async def check_friends(*, uow: UgcUnitOfWork, user_id: uuid.UUID, friend_id: uuid.UUID) -> FriendCheck:
    """Whether two people are friends, in one lookup (the booking API asks it for friends-only evenings)."""
    since = None
    if user_id != friend_id:
        async with uow:
            since = await uow.friends.friends_since(user_id, friend_id)
    return FriendCheck(user_id=user_id, friend_id=friend_id, friends=since is not None, since=since)


async def list_requests(
    *, uow: UgcUnitOfWork, user_id: uuid.UUID, incoming: bool, page: PageParams
) -> Page[FriendRequest]:
    """Unanswered additions to or from the user, newest first."""
    async with uow:
        rows, total = await uow.friends.requests(
            user_id, incoming=incoming, offset=page.offset, limit=page.limit
        )
    return Page.of([FriendRequest(user_id=row[0], requested_at=row[1]) for row in rows], total, page)

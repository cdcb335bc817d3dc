"""My inbox: my messages, newest first, with the unread count."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from common.errors import NotAuthenticated, error_responses
from common.pagination import Pagination
from common.security import CurrentUser, InvalidToken, UserTokenRequired
from notification.deps import AccountsDep, ClockDep, DefaultsDep, UowDep
from notification.messages import service
from notification.messages.exceptions import NotificationNotFound
from notification.messages.schemas import InboxItem, InboxPage, MarkedRead

router = APIRouter(tags=["inbox"])

_SIGNED_IN = (NotAuthenticated, InvalidToken, UserTokenRequired)


@router.get("/v1/inbox", response_model=InboxPage, responses=error_responses(*_SIGNED_IN))
async def my_inbox(
    user: CurrentUser,
    uow: UowDep,
    defaults: DefaultsDep,
    accounts: AccountsDep,
    page: Pagination,
    unread_only: Annotated[bool, Query(description="Only messages not read yet.")] = False,
) -> InboxPage:
    """My messages, newest first, rendered in my language; `unread` counts all unread ones."""
    return await service.inbox(
        uow=uow,
        defaults=defaults,
        user_id=user.user_id,
        page=page,
        unread_only=unread_only,
        accounts=accounts,
    )


@router.post("/v1/inbox/read-all", response_model=MarkedRead, responses=error_responses(*_SIGNED_IN))
async def read_all(user: CurrentUser, uow: UowDep, clock: ClockDep) -> MarkedRead:
    """Mark all my messages read; `marked` says how many were unread."""
    return MarkedRead(marked=await service.mark_all_read(uow=uow, clock=clock, user_id=user.user_id))


@router.post(
    "/v1/inbox/{notification_id}/read",
    response_model=InboxItem,
    responses=error_responses(*_SIGNED_IN, NotificationNotFound),
)
async def read_message(
    notification_id: uuid.UUID,
    user: CurrentUser,
    uow: UowDep,
    clock: ClockDep,
    defaults: DefaultsDep,
    accounts: AccountsDep,
) -> InboxItem:
    """Mark one of my messages read (again is fine); another person's is 404, as if it did not exist."""
    return await service.mark_read(
        uow=uow,
        clock=clock,
        defaults=defaults,
        user_id=user.user_id,
        notification_id=notification_id,
        accounts=accounts,
    )

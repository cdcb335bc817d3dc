"""Use cases of accounts in UGC: forgetting a person who deleted their account, and their export."""

import uuid
from typing import Any

from common.clock import Clock
from common.events import AccountDeleted, Envelope
from common.inbox import Handled, consume
from ugc_api.uow import UgcUnitOfWork


async def _forget(uow: UgcUnitOfWork, message: AccountDeleted) -> None:
    await uow.personal_data.forget(message.user_id)


async def handle_event(*, uow: UgcUnitOfWork, clock: Clock, envelope: Envelope) -> Handled:
    """An account event from auth, handled once: `account.deleted` keeps the person's reviews by "deleted
    user" and removes their votes, friendships, requests and subscriptions."""
    return await consume(
        uow,
        envelope,
        now=clock.now(),
        processed=lambda u: u.processed,
        handlers={AccountDeleted: _forget},
    )


async def export(*, uow: UgcUnitOfWork, user_id: uuid.UUID) -> dict[str, Any]:
    """Everything UGC holds about the person: reviews, votes, friends, friend requests, subscriptions."""
    async with uow:
        return await uow.personal_data.export(user_id)

"""Use cases of accounts in the shortener: forgetting a person who deleted their account, their export."""

import uuid
from typing import Any

from common.cache import Cache
from common.clock import Clock
from common.events import AccountDeleted, Envelope
from common.inbox import Handled, consume
from url_shortener.links.service import cache_key
from url_shortener.uow import ShortenerUnitOfWork


async def handle_event(
    *, uow: ShortenerUnitOfWork, cache: Cache, clock: Clock, envelope: Envelope
) -> Handled:
    """An account event from auth, handled once: `account.deleted` deletes the links the person made
    (links made by services, such as share links of evenings, stay); they stop redirecting at once."""

    async def forget(uow: ShortenerUnitOfWork, message: AccountDeleted) -> None:
        codes = await uow.personal_data.forget(message.user_id)
        if codes:

            async def uncache() -> None:
                await cache.invalidate(delete=[cache_key(code) for code in codes], bump=[])

            uow.after_commit(uncache)

    return await consume(
        uow, envelope, now=clock.now(), processed=lambda u: u.processed, handlers={AccountDeleted: forget}
    )


async def export(*, uow: ShortenerUnitOfWork, user_id: uuid.UUID) -> dict[str, Any]:
    """The links the person made, with their clicks."""
    async with uow:
        return await uow.personal_data.export(user_id)

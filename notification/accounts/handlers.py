"""`account.deleted` from auth: the person's inbox, deliveries, settings and bookings are removed, and
their name is scrubbed from what others were told. Nobody is messaged (the booking service tells hosts
and guests of what it cancels, through its own events)."""

from common.events import AccountDeleted
from notification.messages.service import Outgoing
from notification.uow import NotificationUnitOfWork


async def account_deleted(uow: NotificationUnitOfWork, _: object, data: AccountDeleted) -> list[Outgoing]:
    await uow.personal_data.forget(data.user_id)
    return []

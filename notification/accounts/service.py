"""A person's export from the notification service."""

import uuid
from typing import Any

from notification.uow import NotificationUnitOfWork


async def export(*, uow: NotificationUnitOfWork, user_id: uuid.UUID) -> dict[str, Any]:
    """The person's messages (as stored, with what their templates show), deliveries and settings."""
    async with uow:
        return await uow.personal_data.export(user_id)

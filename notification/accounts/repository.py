"""What the notification service holds about one person: removed when they delete their account (and
their name scrubbed from what others were told), read for their export."""

import json
import uuid
from typing import Any

from sqlalchemy import String, cast, delete, literal, select, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from common.events import DELETED_USER_ID, DELETED_USER_NAME
from notification.delivery.models import EmailDelivery
from notification.events.models import BookingProjection, EventProjection, InboundEvent
from notification.fanout.models import FanoutJob
from notification.messages.models import Notification
from notification.preferences.models import Preferences
from notification.reminders.models import SentReminder


class PersonalDataRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def forget(self, user_id: uuid.UUID) -> None:
        """Their inbox, deliveries, settings and bookings go; the evenings they hosted stay, by "deleted
        user"; what others were told about them keeps the message but not their name."""
        mentions = cast(InboundEvent.data, String).contains(str(user_id))
        caused = select(InboundEvent.id).where(mentions).scalar_subquery()

        def renamed(key: str) -> Any:
            return Notification.context.op("||")(cast(literal(json.dumps({key: DELETED_USER_NAME})), JSONB))

        hosted = select(EventProjection.event_id).where(EventProjection.host_id == user_id).scalar_subquery()
        await self.session.execute(
            update(Notification)
            .where(
                Notification.source_id.in_(caused),
                Notification.context["guest_name"].as_string().is_not(None),
            )
            .values(context=renamed("guest_name"))
        )
        await self.session.execute(
            update(Notification).where(Notification.event_id.in_(hosted)).values(context=renamed("host_name"))
        )
        await self.session.execute(delete(Notification).where(Notification.recipient_id == user_id))
        await self.session.execute(delete(EmailDelivery).where(EmailDelivery.recipient_id == user_id))
        await self.session.execute(delete(Preferences).where(Preferences.user_id == user_id))
        theirs = select(BookingProjection.booking_id).where(BookingProjection.guest_id == user_id)
        await self.session.execute(delete(SentReminder).where(SentReminder.booking_id.in_(theirs)))
        await self.session.execute(delete(BookingProjection).where(BookingProjection.guest_id == user_id))
        await self.session.execute(
            update(EventProjection)
            .where(EventProjection.host_id == user_id)
            .values(host_id=DELETED_USER_ID, host_name=DELETED_USER_NAME)
        )
        await self.session.execute(
            update(FanoutJob).where(FanoutJob.host_id == user_id).values(host_id=DELETED_USER_ID)
        )
        # The events as received are kept for their ids only (deduplication); their data goes.
        await self.session.execute(update(InboundEvent).where(mentions).values(data={}))

    async def export(self, user_id: uuid.UUID) -> dict[str, Any]:
        notifications = await self.session.execute(
            select(Notification).where(Notification.recipient_id == user_id).order_by(Notification.created_at)
        )
        deliveries = await self.session.execute(
            select(EmailDelivery)
            .where(EmailDelivery.recipient_id == user_id)
            .order_by(EmailDelivery.created_at)
        )
        settings = await self.session.get(Preferences, user_id)
        return {
            "notifications": [
                {
                    "id": str(n.id),
                    "kind": n.kind,
                    "event_id": str(n.event_id) if n.event_id else None,
                    "context": n.context,
                    "created_at": n.created_at.isoformat(),
                    "read_at": n.read_at.isoformat() if n.read_at else None,
                }
                for n in notifications.scalars()
            ],
            "email_deliveries": [
                {
                    "notification_id": str(d.notification_id),
                    "address": d.address,
                    "status": d.status,
                    "created_at": d.created_at.isoformat(),
                    "sent_at": d.sent_at.isoformat() if d.sent_at else None,
                }
                for d in deliveries.scalars()
            ],
            "notification_settings": None
            if settings is None
            else {
                "language": settings.language,
                "timezone": settings.timezone,
                "muted_kinds": list(settings.muted_kinds),
                "updated_at": settings.updated_at.isoformat(),
            },
        }

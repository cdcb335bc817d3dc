"""Every table of the notification service, imported together for Alembic and the unit of work."""

from notification.database import Base
from notification.delivery.models import EmailDelivery
from notification.events.models import BookingProjection, EventProjection, InboundEvent
from notification.fanout.models import FanoutJob
from notification.messages.models import Notification
from notification.preferences.models import Preferences
from notification.reminders.models import SentReminder

__all__ = [
    "Base",
    "BookingProjection",
    "EmailDelivery",
    "EventProjection",
    "FanoutJob",
    "InboundEvent",
    "Notification",
    "Preferences",
    "SentReminder",
]

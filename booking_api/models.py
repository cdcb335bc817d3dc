"""Every table of the booking service, imported together for Alembic."""

from booking_api.blocks.models import Block
from booking_api.bookings.models import Booking
from booking_api.core.models import IdempotencyKey
from booking_api.database import Base
from booking_api.events.models import Event
from booking_api.invites.models import Invite, InviteHolder
from booking_api.outbox.models import OutboxMessage
from booking_api.places.models import Place
from booking_api.ratings.models import Rating
from booking_api.reports.models import Report

__all__ = [
    "Base",
    "Block",
    "Booking",
    "Event",
    "IdempotencyKey",
    "Invite",
    "InviteHolder",
    "OutboxMessage",
    "Place",
    "Rating",
    "Report",
]

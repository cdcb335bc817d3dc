"""Every table of the booking service, imported together for Alembic."""

from booking_api.bookings.models import Booking
from booking_api.core.models import IdempotencyKey
from booking_api.database import Base
from booking_api.events.models import Event
from booking_api.outbox.models import OutboxMessage
from booking_api.places.models import Place
from booking_api.ratings.models import Rating

__all__ = ["Base", "Booking", "Event", "IdempotencyKey", "OutboxMessage", "Place", "Rating"]

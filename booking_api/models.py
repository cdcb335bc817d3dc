"""Every table of the booking service, imported together for Alembic and the unit of work."""

from booking_api.bookings.models import Booking, IdempotencyKey
from booking_api.database import Base
from booking_api.events.models import Event
from booking_api.outbox.models import OutboxMessage
from booking_api.places.models import Place
from booking_api.ratings.models import Rating

__all__ = ["Base", "Booking", "Event", "IdempotencyKey", "OutboxMessage", "Place", "Rating"]

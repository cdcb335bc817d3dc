"""The outbox messages about waiting-list entries (typed in `common.events`)."""

from datetime import datetime

from booking_api.bookings.repository import BookingRow
from booking_api.events.messages import event_fields
from common.events import WaitlistExpired, WaitlistOffered


def offered(row: BookingRow, *, expires_at: datetime) -> WaitlistOffered:
    return WaitlistOffered(
        **event_fields(row.event, row.place),
        entry_id=row.booking.id,
        guest_id=row.booking.guest_id,
        seats=row.booking.seats,
        expires_at=expires_at,
    )


def expired(row: BookingRow) -> WaitlistExpired:
    return WaitlistExpired(
        **event_fields(row.event, row.place),
        entry_id=row.booking.id,
        guest_id=row.booking.guest_id,
        seats=row.booking.seats,
    )

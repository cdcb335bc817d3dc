"""What bookings do when a screening or a place changes (run by `uow.publish`, in its transaction)."""

from booking_api.bookings import messages
from booking_api.bookings.ports import BookingsUnitOfWork
from booking_api.events import messages as event_messages
from booking_api.events.changes import EventCancelledByHost, EventMoved
from booking_api.events.exceptions import EventNotFound
from booking_api.places.changes import PlaceMoved


async def tell_guests_event_moved(change: EventMoved, uow: BookingsUnitOfWork) -> None:
    """Guests of a moved screening are told the new time or place (event.changed)."""
    guests = await uow.bookings.active_for_event(change.event.id)
    await uow.outbox.add(
        event_messages.changed(
            change.event, change.place, before=change.before, guests=messages.guests(guests)
        ),
        occurred_at=change.at,
    )


async def cancel_bookings_of_cancelled_event(change: EventCancelledByHost, uow: BookingsUnitOfWork) -> None:
    """A cancelled screening cancels its bookings (by the host), and its guests are told."""
    cancelled = await uow.bookings.cancel_all_for_event(change.event_id, now=change.at)
    found = await uow.events.get_with_place(change.event_id, fresh=True)
    if found is None:  # the host's command holds the event's lock: it cannot have gone
        raise EventNotFound()
    await uow.outbox.add(
        messages.event_cancelled(found[0], found[1], cancelled=cancelled), occurred_at=change.at
    )


async def tell_guests_place_moved(change: PlaceMoved, uow: BookingsUnitOfWork) -> None:
    """A place's new name or address reaches the guests of its upcoming screenings (event.changed),
    and their cached details are dropped after commit."""
    for event in await uow.events.upcoming_at_place(change.place.id, change.at, lock=True):
        guests = await uow.bookings.active_for_event(event.id)
        before = event_messages.before_of(event, change.before)
        await uow.outbox.add(
            event_messages.changed(event, change.place, before=before, guests=messages.guests(guests)),
            occurred_at=change.at,
        )
        uow.invalidate(event.id)

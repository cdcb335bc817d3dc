from booking_api.events.exceptions import NotEnoughSeats as NotEnoughSeats
from common.errors import Conflict, InvalidInput, NotFound, PermissionDenied


class BookingNotFound(NotFound):
    code = "booking_not_found"
    detail = "No such booking."


class AlreadyBooked(Conflict):
    code = "already_booked"
    detail = "You already have an active booking for this event; change its seats instead."


class OwnEvent(PermissionDenied):
    code = "own_event"
    detail = "Hosts cannot book their own events."


class EventClosed(Conflict):
    code = "event_closed"
    detail = "The event is cancelled, finished or has already started."


class BookingClosed(Conflict):
    code = "booking_closed"
    detail = "The booking is cancelled or its event has started."


class SeatsOverLimit(InvalidInput):
    code = "seats_over_limit"
    detail = "Too many seats for one booking."


class GuestRequirementsNotMet(PermissionDenied):
    code = "guest_requirements_not_met"
    detail = "The host asks for a guest rating or attendance record you do not have yet."


class AlreadyWaiting(Conflict):
    code = "already_waiting"
    detail = "You are on this evening's waiting list; claim your offer or leave the list first."


class TooManyActiveBookings(Conflict):
    code = "too_many_active_bookings"
    detail = "You hold as many open bookings or waiting-list places as one person may."


class BookingNotPending(Conflict):
    code = "booking_not_pending"
    detail = "Only a pending booking request can be approved or declined."


class InviteRequired(PermissionDenied):
    code = "invite_required"
    detail = "This evening is by invitation: book with your invitation's code."


class FriendsOnly(PermissionDenied):
    code = "friends_only"
    detail = "This evening is for the host's friends."

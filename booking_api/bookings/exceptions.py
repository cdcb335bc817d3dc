from common.errors import Conflict, InvalidInput, NotFound, PermissionDenied


class BookingNotFound(NotFound):
    code = "booking_not_found"
    detail = "No such booking."


class NotEnoughSeats(Conflict):
    code = "not_enough_seats"
    detail = "Not enough seats left."


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

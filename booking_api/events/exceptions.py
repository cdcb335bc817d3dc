from common.errors import Conflict, InvalidInput, NotFound, PermissionDenied


class EventNotFound(NotFound):
    code = "event_not_found"
    detail = "No such event."


class NotYourEvent(PermissionDenied):
    code = "not_your_event"
    detail = "Only the event's host may do this."


class NotEnoughSeats(Conflict):
    code = "not_enough_seats"
    detail = "Not enough seats left."


class MovieNotFound(InvalidInput):
    code = "movie_not_found"
    detail = "No film with this id."


class MovieNotBookable(InvalidInput):
    code = "movie_not_bookable"
    detail = "This film is not in the watch-party group."


class StartOutOfWindow(InvalidInput):
    code = "start_out_of_window"
    detail = "An event starts at least 30 minutes from now and at most a year ahead."


class CapacityExceedsPlace(InvalidInput):
    code = "capacity_exceeds_place"
    detail = "The capacity is larger than the place holds."


class PlaceBusy(Conflict):
    code = "place_busy"
    detail = "Another scheduled event at this place overlaps this time."


class EventNotEditable(Conflict):
    code = "event_not_editable"
    detail = "Only a scheduled event that has not started can be changed."


class CapacityBelowBooked(Conflict):
    code = "capacity_below_booked"
    detail = "The capacity cannot go below the seats already booked."


class InvalidSchedule(InvalidInput):
    code = "invalid_schedule"
    detail = "The schedule is not valid."

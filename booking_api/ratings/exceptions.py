from common.errors import Conflict, InvalidInput, NotFound, PermissionDenied


class NotPartOfEvent(PermissionDenied):
    code = "not_part_of_event"
    detail = "Only the event's host and its guests take part in its ratings."


class DidNotAttend(PermissionDenied):
    code = "did_not_attend"
    detail = "Only guests who attended rate and are rated."


class NotRateable(InvalidInput):
    code = "not_rateable"
    detail = "Guests rate the host and the host rates guests; nobody rates themself."


class RatingWindowNotOpen(Conflict):
    code = "rating_window_not_open"
    detail = "Ratings open when the event ends."


class RatingWindowClosed(Conflict):
    code = "rating_window_closed"
    detail = "Ratings can be written and edited for 14 days after the event."


class RatingLocked(Conflict):
    code = "rating_locked"
    detail = "A revealed rating can no longer be changed: the other side has read it."


class AttendanceNotOpen(Conflict):
    code = "attendance_not_open"
    detail = "Attendance is marked from the start of the event until 48 hours after its end."


class AttendanceLocked(Conflict):
    code = "attendance_locked"
    detail = "After the evening, a guest marked attended cannot be marked absent: they may have rated you."


class BookingNotInEvent(InvalidInput):
    code = "booking_not_in_event"
    detail = "The booking is not an active booking of this event."


class RatingNotFound(NotFound):
    code = "rating_not_found"
    detail = "No such rating."


class NotAModerator(PermissionDenied):
    code = "not_a_moderator"
    detail = "Only moderators hide review texts."

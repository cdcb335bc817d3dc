from common.errors import Conflict, Gone, NotFound


class EntryNotFound(NotFound):
    code = "waitlist_entry_not_found"
    detail = "No such waiting-list entry of yours."


class SeatsAvailable(Conflict):
    code = "seats_available"
    detail = "Enough seats are free: book them instead of waiting."


class WaitlistClosed(Conflict):
    code = "waitlist_closed"
    detail = "Seats are no longer offered this close to the start."


class NotOffered(Conflict):
    code = "not_offered"
    detail = "No seats are offered to this entry (yet): it is still waiting."


class OfferExpired(Gone):
    code = "offer_expired"
    detail = "The offer ran out, or was declined or withdrawn; its seats went to the next guest."


class AlreadyClaimed(Conflict):
    code = "already_claimed"
    detail = "This offer was already turned into a booking."

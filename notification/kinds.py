"""The kinds of message: who gets each, and why. Every kind has a template per language
(`templates/<language>/<kind>.txt`) and can be muted by the person who receives it.

Adding a kind is a row here, two templates, and the code that decides when it is due: a handler of a
domain event (`events/handlers.py`) or a scan of the projection like `reminders/service.py`.
"""

from dataclasses import dataclass

GUEST = "guest"
HOST = "host"
AUDIENCE = "friends and film subscribers"
HOST_AND_GUESTS = "host and guests"
RATEE = "the person rated (host or guest)"
AUTHOR = "the review's author"


@dataclass(frozen=True)
class Kind:
    name: str
    audience: str
    description: str
    channels: tuple[str, ...] = ("inbox", "email")


BOOKING_CONFIRMED = Kind("booking_confirmed", GUEST, "Your booking is confirmed.")
BOOKING_CHANGED = Kind("booking_changed", GUEST, "You changed the seats of your booking.")
BOOKING_CANCELLED = Kind("booking_cancelled", GUEST, "You cancelled your booking.")
EVENT_CHANGED = Kind("event_changed", GUEST, "The host moved a screening you booked (time or place).")
EVENT_CANCELLED = Kind("event_cancelled", GUEST, "The host cancelled a screening you booked.")
REMINDER_24H = Kind("reminder_24h", GUEST, "A screening you booked starts in 24 hours.")
REMINDER_1H = Kind("reminder_1h", GUEST, "A screening you booked starts in an hour.")
HOST_NEW_BOOKING = Kind("host_new_booking", HOST, "A guest booked seats at your screening.")
HOST_BOOKING_CANCELLED = Kind("host_booking_cancelled", HOST, "A guest cancelled their booking.")
HOST_EVENT_FULL = Kind("host_event_full", HOST, "Your screening is fully booked.")
NEW_WATCH_PARTY = Kind(
    "new_watch_party", AUDIENCE, "A friend hosts a new screening, or one of a film you follow is announced."
)
RATE_YOUR_EVENING = Kind(
    "rate_your_evening", HOST_AND_GUESTS, "A screening you hosted or booked has ended: rate your evening."
)
RATING_REVEALED = Kind("rating_revealed", RATEE, "A rating of you is now visible (you have been rated).")
REVIEW_HIDDEN = Kind("review_hidden", AUTHOR, "A moderator hid the text of your review, and why.")
BOOKING_REQUESTED = Kind("booking_requested", GUEST, "Your booking request was sent to the host.")
HOST_BOOKING_REQUEST = Kind("host_booking_request", HOST, "A guest asks for seats; approve or decline.")
BOOKING_APPROVED = Kind("booking_approved", GUEST, "The host approved your booking request.")
BOOKING_DECLINED = Kind(
    "booking_declined", GUEST, "The host declined your request, or did not answer in time."
)
BOOKING_REMOVED = Kind("booking_removed", GUEST, "The host removed you from a screening, with a reason.")
WAITLIST_OFFER = Kind("waitlist_offer", GUEST, "Seats freed up and are held for you: claim them in time.")
WAITLIST_OFFER_EXPIRED = Kind(
    "waitlist_offer_expired", GUEST, "Seats offered to you were not claimed in time."
)

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        BOOKING_CONFIRMED,
        BOOKING_CHANGED,
        BOOKING_CANCELLED,
        EVENT_CHANGED,
        EVENT_CANCELLED,
        REMINDER_24H,
        REMINDER_1H,
        HOST_NEW_BOOKING,
        HOST_BOOKING_CANCELLED,
        HOST_EVENT_FULL,
        NEW_WATCH_PARTY,
        RATE_YOUR_EVENING,
        RATING_REVEALED,
        REVIEW_HIDDEN,
        BOOKING_REQUESTED,
        HOST_BOOKING_REQUEST,
        BOOKING_APPROVED,
        BOOKING_DECLINED,
        BOOKING_REMOVED,
        WAITLIST_OFFER,
        WAITLIST_OFFER_EXPIRED,
    )
}

LANGUAGES = ("ru", "en")

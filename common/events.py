"""Domain events that cross a service boundary: the envelope and every message type, defined once.

The booking service writes its messages to its outbox (`booking_api/outbox`), the relay posts each as
an `Envelope`, and the notification service parses `data` back into the same class by `type`. A field
added here reaches both sides; a consumer ignores fields it does not know, so a producer may add a
field before every consumer reads it. Each booking message belongs to one screening (`event_id`): the
outbox keeps each screening's messages in commit order, and the consumers rely on that order.

The auth service tells every other service about accounts the same way (`auth_api/outbox`, relayed by
`python -m auth_api.worker`): `account.deleted`, about one person (`user_id`).
"""

import uuid
from datetime import UTC
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, PlainSerializer, field_validator

from common.validation import StrictBody

# Times travel as ISO 8601 in UTC with an explicit offset ("...+00:00"), the way PostgreSQL renders a
# timestamptz in a UTC session: the booking statement builds its message in SQL, the rest in Python.
Moment = Annotated[
    AwareDatetime, PlainSerializer(lambda moment: moment.astimezone(UTC).isoformat(), when_used="json")
]
Name = Annotated[str, Field(max_length=200)]
Title = Annotated[str, Field(max_length=300)]
Link = Annotated[str | None, Field(default=None, max_length=2000)]
Count = Annotated[int, Field(ge=0, le=1_000_000)]


def _storable(value: Any, path: str = "data") -> None:
    """PostgreSQL's jsonb refuses NUL characters and lone surrogates; say so as bad input, not a crash."""
    if isinstance(value, str):
        if "\x00" in value or any("\ud800" <= ch <= "\udfff" for ch in value):
            raise ValueError(f"{path} holds text that cannot be stored (NUL or a lone surrogate)")
    elif isinstance(value, dict):
        for key, item in value.items():
            _storable(key, path)
            _storable(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _storable(item, f"{path}[{index}]")


class Envelope(StrictBody):
    """One domain event: `{"id", "type", "occurred_at", "request_id", "data"}` (nothing else)."""

    id: uuid.UUID
    type: str = Field(pattern=r"^[a-z][a-z_]{0,30}\.[a-z][a-z_]{0,30}$", examples=["booking.created"])
    occurred_at: Moment
    request_id: str | None = Field(default=None, max_length=128, pattern=r"^[A-Za-z0-9._:\-]+$")
    data: dict[str, Any]

    @field_validator("data")
    @classmethod
    def _data_is_storable(cls, value: dict[str, Any]) -> dict[str, Any]:
        _storable(value)
        return value


class Part(BaseModel):
    """A piece of a message. Unknown fields are ignored, so producers may add fields first."""

    model_config = ConfigDict(extra="ignore")


class DomainMessage(Part):
    """A message's `data`; each subclass names its envelope `type` and is registered under it."""

    TYPE: ClassVar[str] = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.TYPE:
            if cls.TYPE in MESSAGES and MESSAGES[cls.TYPE] is not cls:
                raise TypeError(f"two message classes for {cls.TYPE!r}")
            MESSAGES[cls.TYPE] = cls

    @property
    def aggregate_id(self) -> uuid.UUID:
        """What the message is about: an outbox keeps each aggregate's messages in order."""
        raise NotImplementedError

    def payload(self) -> dict[str, Any]:
        """The message as the JSON object the envelope carries in `data`."""
        return self.model_dump(mode="json")


class Message(DomainMessage):
    """A message about one screening (`event_id`), from the booking service."""

    event_id: uuid.UUID

    @property
    def aggregate_id(self) -> uuid.UUID:
        """The screening the message is about: the outbox keeps each one's messages in order."""
        return self.event_id


MESSAGES: dict[str, type[DomainMessage]] = {}


def message_class(type_: str) -> type[DomainMessage] | None:
    """The class of a message type, or None for a type this code does not know (yet)."""
    return MESSAGES.get(type_)


# -- screenings and bookings (booking_api: events, bookings, places) ---------------------------------


class PlaceFacts(Part):
    id: uuid.UUID
    name: Name
    city: Name
    address: str = Field(default="", max_length=400)


class EventFacts(Message):
    """What every message about a screening says of it (its state after the change)."""

    host_id: uuid.UUID
    host_name: Name
    movie_id: uuid.UUID
    movie_title: Title
    starts_at: Moment
    ends_at: Moment
    place: PlaceFacts
    capacity: Count = 0
    seats_left: Count | None = None
    series_id: uuid.UUID | None = None
    share_url: Link = None
    approval: Literal["instant", "request"] = "instant"
    cancel_deadline_hours: int = Field(default=24, ge=0, le=720)
    # Who may see it: a new screening is announced to friends and film subscribers only when `public`,
    # to friends only when `friends`, to nobody when `unlisted` or `invite` (docs/booking.md).
    visibility: Literal["public", "unlisted", "friends", "invite"] = "public"


class Guest(Part):
    """A booking an event change concerns."""

    booking_id: uuid.UUID
    guest_id: uuid.UUID
    seats: Count


class Before(Part):
    """Where and when a moved screening was before the change."""

    starts_at: Moment
    ends_at: Moment | None = None
    place: PlaceFacts


class EventCreated(EventFacts):
    TYPE = "event.created"


class EventFull(EventFacts):
    """The last seat was taken."""

    TYPE = "event.full"


class EventChanged(EventFacts):
    """The screening moved in time or place (or its place's address changed); its guests are told."""

    TYPE = "event.changed"
    before: Before
    guests: list[Guest] = Field(default_factory=list, max_length=100_000)


class EventCancelled(EventFacts):
    """The host cancelled the screening; `guests` are the bookings cancelled with it."""

    TYPE = "event.cancelled"
    guests: list[Guest] = Field(default_factory=list, max_length=100_000)


class BookingFacts(EventFacts):
    booking_id: uuid.UUID
    guest_id: uuid.UUID
    guest_name: Name | None = None
    seats: Count


class BookingCreated(BookingFacts):
    """Seats are booked (directly, or from the waiting list: `via_waitlist`)."""

    TYPE = "booking.created"
    via_waitlist: bool = False


class BookingRequested(BookingFacts):
    """The evening asks for the host's approval: the seats are held until the host answers, at the
    latest `answer_by` (then the request is declined by itself)."""

    TYPE = "booking.requested"
    answer_by: Moment
    via_waitlist: bool = False


class BookingApproved(BookingFacts):
    TYPE = "booking.approved"


class BookingDeclined(BookingFacts):
    """The host declined the request (`message` is theirs), or nobody answered in time (`automatic`)."""

    TYPE = "booking.declined"
    message: str | None = Field(default=None, max_length=500)
    automatic: bool = False


class BookingRemoved(BookingFacts):
    """The host removed the guest from an upcoming evening, saying why."""

    TYPE = "booking.removed"
    reason: str = Field(default="", max_length=500)


class BookingChanged(BookingFacts):
    """The guest changed the number of seats."""

    TYPE = "booking.changed"
    previous_seats: Count | None = None


class BookingCancelled(BookingFacts):
    """Cancelled by the guest (`late`: after the evening's cancellation deadline) or with the evening."""

    TYPE = "booking.cancelled"
    cancelled_by: str | None = Field(default=None, max_length=32)
    late: bool = False


# -- the waiting list (booking_api: waitlist) ---------------------------------------------------------


class WaitingGuest(EventFacts):
    entry_id: uuid.UUID
    guest_id: uuid.UUID
    seats: Count


class WaitlistOffered(WaitingGuest):
    """Seats freed up: they are held for the guest until `expires_at`, to claim or decline."""

    TYPE = "waitlist.offered"
    expires_at: Moment


class WaitlistExpired(WaitingGuest):
    """An offer was not claimed in time; its seats went on to the next guest."""

    TYPE = "waitlist.expired"


# -- ratings (booking_api: ratings, housekeeping) -----------------------------------------------------


class EndedGuest(Part):
    booking_id: uuid.UUID
    guest_id: uuid.UUID


class EventEnded(Message):
    """An evening is over; `guests` are its active bookings then (attendance may not be settled yet)."""

    TYPE = "event.ended"
    host_id: uuid.UUID
    host_name: Name
    movie_title: Title
    starts_at: Moment
    ends_at: Moment
    rating_window_closes_at: Moment | None = None
    guests: list[EndedGuest] = Field(default_factory=list, max_length=100_000)
    share_url: Link = None


class RatingRevealed(Message):
    """A rating became visible; `role` says what the ratee was that evening. Never a score or text."""

    TYPE = "rating.revealed"
    rating_id: uuid.UUID
    movie_title: Title
    ratee_id: uuid.UUID
    role: Literal["host", "guest"]
    host_id: uuid.UUID | None = None
    host_name: str = Field(default="", max_length=200)
    starts_at: Moment | None = None


class RatingHidden(Message):
    """A moderator hid a review's text; its author is told the reason."""

    TYPE = "rating.hidden"
    rating_id: uuid.UUID
    movie_title: Title
    author_id: uuid.UUID
    reason: str = Field(min_length=1, max_length=2000)
    share_url: Link = None


# -- accounts (auth_api) ------------------------------------------------------------------------------


class AccountMessage(DomainMessage):
    """A message about one person's account, from the auth service."""

    user_id: uuid.UUID

    @property
    def aggregate_id(self) -> uuid.UUID:
        return self.user_id


class AccountDeleted(AccountMessage):
    """The person deleted their account. Every service removes what it holds about them (a row that
    others rely on, such as a review or a rating, stays with its author shown as "deleted user") and
    acknowledges only once that is committed; auth keeps delivering until every service has."""

    TYPE = "account.deleted"
    deleted_at: Moment


# Who a deleted account's kept records (a review, a rating, an evening it hosted) are by, everywhere.
DELETED_USER_ID = uuid.UUID(int=0)
DELETED_USER_NAME = "deleted user"

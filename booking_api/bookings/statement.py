"""The one statement that decides and writes a booking (see docs/booking.md, "The seat decision")."""

from sqlalchemy import text

from common.events import BookingCreated, BookingRequested, EventFull

# The booking.created (or, when the host approves each booking, booking.requested) message of
# common.events is built inside the booking statement: the screening's part by PostgreSQL from the rows
# it just changed, the guest's part passed in as JSON. One SQL expression per field; a field added to
# a class without one here fails at import.
_EVENT_FIELDS_SQL = {
    "event_id": "upd.id",
    "host_id": "upd.host_id",
    "host_name": "upd.host_name",
    "movie_id": "upd.movie_id",
    "movie_title": "upd.movie_title",
    "starts_at": "upd.starts_at",
    "ends_at": "upd.ends_at",
    "place": "jsonb_build_object('id', p.id, 'name', p.name, 'city', p.city, 'address', p.address)",
    "capacity": "upd.capacity",
    "seats_left": "upd.seats_left",
    "series_id": "upd.series_id",
    "share_url": "upd.share_url",
    "approval": "upd.approval",
    "cancel_deadline_hours": "upd.cancel_deadline_hours",
    "visibility": "upd.visibility",
}
GUEST_FIELDS = ("booking_id", "guest_id", "guest_name", "seats")
_REQUEST_FIELDS_SQL = {
    "answer_by": "LEAST(CAST(:now AS timestamptz) + CAST(:pending_answer AS interval),"
    " info.starts_at - CAST(:pending_stop AS interval))",
    "via_waitlist": "false",
}
if (
    set(_EVENT_FIELDS_SQL) != set(EventFull.model_fields)
    or {*_EVENT_FIELDS_SQL, *GUEST_FIELDS, "via_waitlist"} != set(BookingCreated.model_fields)
    or {*_EVENT_FIELDS_SQL, *GUEST_FIELDS, *_REQUEST_FIELDS_SQL} != set(BookingRequested.model_fields)
):
    raise RuntimeError("the booking statement does not build every field of its messages")


def _object(fields: dict[str, str]) -> str:
    return "jsonb_build_object(" + ", ".join(f"'{k}', {v}" for k, v in fields.items()) + ")"


# The whole booking, in one statement. The conditional UPDATE takes the event's row lock and succeeds
# only if the seats fit (and the event is open and listed, not the guest's own, the guest is neither
# blocked by its host nor over the limit of open bookings, may see the evening, and the event asks
# nothing of its guests unless they were checked); the same statement reads the place, writes the
# booking (pending when the host approves each one) and its outbox messages, and returns what the answer
# needs. Run on its own (autocommit), the lock is held only while PostgreSQL executes it: nothing between
# the check and the write, no round trip.
#
# `:counted` is the seats the booking adds to `seats_taken`: all of them, or none when they come from an
# invitation's allotment (already counted). `:admitted` says the caller was found to be the host's friend
# or holds an invitation; `:invite_id` marks a booking made with one (never a request: inviting someone
# is the host's answer in advance).
BOOK = text(
    f"""
    WITH upd AS (
        UPDATE events
           SET seats_taken = seats_taken + :counted, updated_at = :now
         WHERE id = :event_id AND status = 'scheduled' AND starts_at > :now AND host_id <> :guest_id
           AND hidden_at IS NULL
           AND seats_taken + :counted <= capacity
           AND (visibility IN ('public', 'unlisted') OR CAST(:admitted AS boolean))
           AND (CAST(:requirements_checked AS boolean)
                OR (min_guest_rating IS NULL AND max_no_show_rate IS NULL))
           AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.host_id = events.host_id AND b.user_id = :guest_id)
           AND (SELECT count(*) FROM bookings mine JOIN events theirs ON theirs.id = mine.event_id
                 WHERE mine.guest_id = :guest_id AND mine.status IN ('pending', 'active')
                   AND theirs.starts_at > :now) < :max_active
     RETURNING id, host_id, host_name, movie_id, movie_title, starts_at, ends_at, place_id, capacity,
               series_id, share_url, approval, cancel_deadline_hours, visibility,
               capacity - seats_taken AS seats_left
    ), info AS (
        SELECT upd.*, p.name AS place_name, p.city AS place_city, p.address AS place_address,
               p.latitude AS place_latitude, p.longitude AS place_longitude, p.notes AS place_notes,
               CASE WHEN upd.approval = 'request' AND CAST(:invite_id AS uuid) IS NULL THEN 'pending'
                    ELSE 'active' END AS booking_status,
               {_object(_EVENT_FIELDS_SQL)} AS message
          FROM upd JOIN places p ON p.id = upd.place_id
    ), ins AS (
        INSERT INTO bookings (id, event_id, guest_id, seats, status, invite_id, created_at, updated_at)
        SELECT :booking_id, info.id, :guest_id, :seats, info.booking_status, CAST(:invite_id AS uuid),
               :now, :now
          FROM info
     RETURNING id
    ), created AS (
        INSERT INTO outbox (id, type, aggregate_id, occurred_at, request_id, payload)
        SELECT :created_id,
               CASE WHEN info.booking_status = 'pending' THEN '{BookingRequested.TYPE}'
                    ELSE '{BookingCreated.TYPE}' END,
               info.id, :now, :request_id,
               info.message || CAST(:guest_fields AS jsonb)
                 || CASE WHEN info.booking_status = 'pending' THEN {_object(_REQUEST_FIELDS_SQL)}
                         ELSE jsonb_build_object('via_waitlist', false) END
          FROM info JOIN ins ON true
     RETURNING 1
    ), became_full AS (
        INSERT INTO outbox (id, type, aggregate_id, occurred_at, request_id, payload)
        SELECT :full_id, '{EventFull.TYPE}', info.id, :now, :request_id, info.message
          FROM info JOIN ins ON true
         WHERE info.seats_left = 0 AND :counted > 0
     RETURNING 1
    )
    SELECT info.* FROM info JOIN ins ON true
    """
)

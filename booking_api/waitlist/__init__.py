"""The waiting list of a full evening: join it, get an offer when seats free up, claim or decline it.

An entry is a row of the bookings table that starts as `waiting`: one row per person and evening
(a unique index), so nobody is booked and waiting at once, and a claimed offer simply becomes the
booking. An `offered` row holds its seats in the event's `seats_taken` until it is claimed, declined
or expires."""

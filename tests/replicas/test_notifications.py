"""Notifications with two outbox relays, two notification workers and three replicas of booking and
notification: every message is made once and mailed once, reminders are made once, and an ended
evening is announced once although every booking replica runs the housekeeping that finds it."""

import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta

import httpx

from devstack.stack import Stack
from tests.booking.conftest import BookingDb, make_event
from tests.factories import TestUser
from tests.notification.conftest import Sql, eventually, kinds_for, mail_kinds, plain_url
from tests.replicas.conftest import clock_offset


def _book(front: httpx.Client, guest: TestUser, event_id: str) -> dict:
    response = front.post(
        f"/booking/v1/events/{event_id}/bookings",
        json={"seats": 1},
        headers={**guest.headers, "Idempotency-Key": str(uuid.uuid4())},
    )
    assert response.status_code == 201, response.text
    return response.json()


def _exactly(
    stack: Stack,
    front: httpx.Client,
    expected: list[tuple[TestUser, Counter[str]]],
    event_id: str,
    *,
    settle: float,
) -> None:
    """Wait until every person's inbox and mailbox hold the expected kinds about the evening, then wait
    `settle` seconds more (several relay and worker rounds) and check that nothing came twice."""
    for person, kinds in expected:
        eventually(
            lambda p=person, k=kinds: (
                kinds_for(front, p, event_id) == k and mail_kinds(stack, p.email, event_id) == k
            ),
            what=f"{person.name}: {kinds}",
        )
    time.sleep(settle)
    for person, kinds in expected:
        assert kinds_for(front, person, event_id) == kinds, person.name
        assert mail_kinds(stack, person.email, event_id) == kinds, person.name


def _rounds(stack: Stack, name: str, message: str) -> list[int]:
    """How many log lines saying `message` each process of `name` wrote (who did the work)."""
    return [r.log_path.read_text(errors="replace").count(message) for r in stack.replicas(name)]


def test_every_notification_arrives_once_with_two_relays_and_two_workers(
    replicated: Stack, front: httpx.Client, host: TestUser, guests: list[TestUser], movie: dict
) -> None:
    event = make_event(front, host, movie, capacity=30)
    people = guests[:20]
    bookings = [_book(front, guest, event["id"]) for guest in people]
    for guest, booking in zip(people[:5], bookings, strict=False):
        cancel = front.post(f"/booking/v1/bookings/{booking['id']}/cancel", headers=guest.headers)
        assert cancel.status_code == 200, cancel.text
    for guest, booking in zip(people[5:10], bookings[5:10], strict=True):
        change = front.patch(
            f"/booking/v1/bookings/{booking['id']}", json={"seats": 2}, headers=guest.headers
        )
        assert change.status_code == 200, change.text

    expected = [(guest, Counter(booking_confirmed=1, booking_cancelled=1)) for guest in people[:5]]
    expected += [(guest, Counter(booking_confirmed=1, booking_changed=1)) for guest in people[5:10]]
    expected += [(guest, Counter(booking_confirmed=1)) for guest in people[10:]]
    host_kinds = Counter(host_new_booking=20, host_booking_cancelled=5)
    eventually(lambda: kinds_for(front, host, event["id"]) == host_kinds, what=f"host: {host_kinds}")
    _exactly(replicated, front, expected, event["id"], settle=3)
    assert kinds_for(front, host, event["id"]) == host_kinds
    print(
        f"\nrelay rounds with work per relay: {_rounds(replicated, 'booking_relay', 'outbox round')}; "
        f"email batches per worker: {_rounds(replicated, 'notification_worker', 'email round')}"
    )


def test_reminders_are_made_once_although_two_workers_scan_for_them(
    replicated: Stack, front: httpx.Client, host: TestUser, guests: list[TestUser], movie: dict
) -> None:
    # Booked two hours ago (booking's clock moved back meanwhile) for an evening 45 minutes from now:
    # the one-hour reminder is due at once, and both workers' scans find it.
    starts_at = (datetime.now(UTC) + timedelta(minutes=45)).replace(microsecond=0)
    people = guests[20:35]
    clock_offset(replicated, -2 * 3600)
    try:
        event = make_event(front, host, movie, capacity=20, starts_at=starts_at)
        for guest in people:
            _book(front, guest, event["id"])
    finally:
        clock_offset(replicated, 0)
    _exactly(
        replicated,
        front,
        [(guest, Counter(booking_confirmed=1, reminder_1h=1)) for guest in people],
        event["id"],
        settle=6,  # more than one reminder scan (every 5 s) of each worker
    )
    notifications = Sql(plain_url(replicated.database_urls["notification"]))
    made = notifications.value(
        "SELECT count(*) FROM sent_reminders WHERE kind = 'reminder_1h' AND booking_id IN"
        " (SELECT booking_id FROM booking_projections WHERE event_id = $1)",
        uuid.UUID(event["id"]),
    )
    assert made == len(people)


def test_an_ended_evening_is_announced_once_by_three_booking_replicas_housekeeping(
    replicated: Stack,
    front: httpx.Client,
    host: TestUser,
    guests: list[TestUser],
    movie: dict,
    db: BookingDb,
) -> None:
    event = make_event(front, host, movie, capacity=10)
    people = guests[35:40]
    for guest in people:
        _book(front, guest, event["id"])
    ends_at = datetime.fromisoformat(event["ends_at"])
    clock_offset(replicated, (ends_at - datetime.now(UTC)).total_seconds() + 60)
    try:
        eventually(
            lambda: db.value("SELECT ended_notified_at FROM events WHERE id = $1", uuid.UUID(event["id"])),
            what="the evening announced as ended",
        )
        time.sleep(3)  # three more housekeeping rounds in each replica
        announced = db.value(
            "SELECT count(*) FROM outbox WHERE type = 'event.ended' AND aggregate_id = $1",
            uuid.UUID(event["id"]),
        )
        assert announced == 1
        expected = [(guest, Counter(booking_confirmed=1, rate_your_evening=1)) for guest in people]
        _exactly(replicated, front, expected, event["id"], settle=2)
    finally:
        clock_offset(replicated, 0)

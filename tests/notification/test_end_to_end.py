"""Through the real stack: booking writes outbox rows, the relay process hands them over, the
notification service makes messages, its worker mails them to the SMTP sink."""

import asyncio
import time
import uuid
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta

import httpx

from booking_api.housekeeping.jobs import Done, run_housekeeping
from booking_api.uow import BookingUnitOfWork
from common.clock import FakeClock
from common.db import Database
from devstack.stack import Stack
from tests.booking.conftest import future, make_event
from tests.conftest import TimeTravel
from tests.factories import TestUser, new_user
from tests.notification.conftest import Sql, eventually, inbox, kinds_for, mail_kinds, mail_to


def _book(client: httpx.Client, user: TestUser, event_id: str, seats: int) -> dict:
    response = client.post(
        f"/booking/v1/events/{event_id}/bookings", json={"seats": seats}, headers=user.headers
    )
    assert response.status_code == 201, response.text
    return response.json()


def _cancel(client: httpx.Client, user: TestUser, booking_id: str) -> None:
    response = client.post(f"/booking/v1/bookings/{booking_id}/cancel", headers=user.headers)
    assert response.status_code == 200, response.text


def _seats(client: httpx.Client, user: TestUser, booking_id: str, seats: int) -> None:
    response = client.patch(f"/booking/v1/bookings/{booking_id}", json={"seats": seats}, headers=user.headers)
    assert response.status_code == 200, response.text


def _all_sent(booking_sql: Sql, event_id: str) -> bool:
    return booking_sql.value(
        "SELECT count(*) = 0 FROM outbox WHERE aggregate_id = $1 AND sent_at IS NULL", uuid.UUID(event_id)
    )


def test_messages_made_while_the_notification_service_is_down_arrive_once_it_is_back(
    stack: Stack,
    gateway: httpx.Client,
    booking: httpx.Client,
    booking_sql: Sql,
    movie: dict,
    record_property: Callable[[str, object], None],
) -> None:
    host = new_user(stack, name="Host Nadia")
    guests = [new_user(stack, name=f"Guest {i}") for i in range(4)]
    stack.stop_service("notification")
    try:
        event = make_event(gateway, host, movie, capacity=5)
        bookings = [
            _book(booking, guest, event["id"], seats)
            for guest, seats in zip(guests, (2, 1, 1, 1), strict=True)
        ]
        _cancel(booking, guests[1], bookings[1]["id"])
        _cancel(booking, guests[2], bookings[2]["id"])
        _seats(booking, guests[3], bookings[3]["id"], 2)
        # Booking does not wait for notifications; the relay keeps its rows and retries them.
        eventually(
            lambda: booking_sql.value(
                "SELECT last_error FROM outbox WHERE aggregate_id = $1 AND attempts > 0 AND sent_at IS NULL",
                uuid.UUID(event["id"]),
            ),
            timeout=30,
            what="the relay to record a failed attempt",
        )
    finally:
        stack.start_service("notification")
    back = time.monotonic()

    expected = [
        (guests[0], Counter(booking_confirmed=1)),
        (guests[1], Counter(booking_confirmed=1, booking_cancelled=1)),
        (guests[2], Counter(booking_confirmed=1, booking_cancelled=1)),
        (guests[3], Counter(booking_confirmed=1, booking_changed=1)),
        (host, Counter(host_new_booking=4, host_event_full=1, host_booking_cancelled=2)),
    ]
    eventually(lambda: _all_sent(booking_sql, event["id"]), timeout=90, what="every outbox row to be sent")
    record_property("recovery_to_all_acknowledged_s", round(time.monotonic() - back, 2))
    for person, kinds in expected:
        assert kinds_for(gateway, person, event["id"]) == kinds, person.name
    for person, kinds in expected:
        eventually(
            lambda p=person, k=kinds: mail_kinds(stack, p.email, event["id"]) == k,
            timeout=30,
            what=f"{person.name}'s email",
        )
    record_property("recovery_to_all_mailed_s", round(time.monotonic() - back, 2))
    print(f"notification back -> every message mailed in {time.monotonic() - back:.2f} s")
    retried = booking_sql.value(
        "SELECT max(attempts) FROM outbox WHERE aggregate_id = $1", uuid.UUID(event["id"])
    )
    assert retried > 1, "the first rows were tried while the service was down, then again"


def test_a_cancelled_screening_tells_each_guest_and_a_moved_one_tells_them_the_new_time(
    stack: Stack, gateway: httpx.Client, booking: httpx.Client, booking_sql: Sql, movie: dict
) -> None:
    host = new_user(stack, name="Host Oleg")
    first, second = new_user(stack), new_user(stack)
    moved = make_event(gateway, host, movie, capacity=4)
    cancelled = make_event(gateway, host, movie, capacity=4)
    for guest in (first, second):
        _book(booking, guest, moved["id"], 1)
        _book(booking, guest, cancelled["id"], 1)
    new_start = "2027-01-15T16:00:00+00:00"
    response = booking.patch(
        f"/booking/v1/events/{moved['id']}", json={"starts_at": new_start}, headers=host.headers
    )
    assert response.status_code == 200, response.text
    response = booking.post(f"/booking/v1/events/{cancelled['id']}/cancel", headers=host.headers)
    assert response.status_code == 200, response.text

    for guest in (first, second):
        eventually(
            lambda g=guest: (
                kinds_for(gateway, g, moved["id"]) == {"booking_confirmed": 1, "event_changed": 1}
            ),
            what="the move",
        )
        eventually(
            lambda g=guest: (
                kinds_for(gateway, g, cancelled["id"]) == {"booking_confirmed": 1, "event_cancelled": 1}
            ),
            what="the cancellation",
        )
        change = next(item for item in inbox(gateway, guest)["items"] if item["kind"] == "event_changed")
        assert "15 января 2027, 19:00 MSK" in change["body"], change["body"]
    assert kinds_for(gateway, host, cancelled["id"])["host_new_booking"] == 2


def test_a_booking_reaches_the_inbox_and_the_mailbox_within_seconds(
    stack: Stack,
    gateway: httpx.Client,
    booking: httpx.Client,
    movie: dict,
    record_property: Callable[[str, object], None],
) -> None:
    host, guest = new_user(stack), new_user(stack)
    event = make_event(gateway, host, movie, capacity=3)
    started = time.monotonic()
    _book(booking, guest, event["id"], 1)
    eventually(lambda: kinds_for(gateway, guest, event["id"]), interval=0.02, what="the inbox")
    to_inbox = time.monotonic() - started
    eventually(lambda: mail_kinds(stack, guest.email, event["id"]), interval=0.02, what="the email")
    to_mail = time.monotonic() - started
    record_property("booking_to_inbox_s", round(to_inbox, 3))
    record_property("booking_to_mail_s", round(to_mail, 3))
    print(f"booking -> inbox {to_inbox * 1000:.0f} ms, -> mail {to_mail * 1000:.0f} ms")
    assert to_inbox < 10 and to_mail < 15, "delivery is asynchronous but prompt"


def _housekeeping_at(stack: Stack, moment: datetime) -> Done:
    """Booking's housekeeping round, in-process on a fixed clock: the evening ends exactly when the test
    says, instead of whenever the service's 15-second loop comes round."""

    async def run() -> Done:
        database = Database(stack.database_urls["booking_api"], pool_size=1, max_overflow=0)
        try:
            return await run_housekeeping(
                uow=BookingUnitOfWork(database.sessionmaker), clock=FakeClock(moment)
            )
        finally:
            await database.dispose()

    return asyncio.run(run())


def _rate(
    client: httpx.Client, rater: TestUser, event_id: str, ratee: TestUser, score: int, text: str
) -> None:
    response = client.post(
        f"/booking/v1/events/{event_id}/ratings",
        json={"ratee_id": str(ratee.id), "score": score, "text": text},
        headers=rater.headers,
    )
    assert response.status_code == 201, response.text


def test_an_evening_ends_both_sides_are_invited_to_rate_and_each_hears_when_rated(
    stack: Stack,
    gateway: httpx.Client,
    booking: httpx.Client,
    booking_sql: Sql,
    movie: dict,
    time_travel: TimeTravel,
) -> None:
    host, guest = new_user(stack, name="Host Vera"), new_user(stack, name="Guest Ivan")
    event = make_event(gateway, host, movie, capacity=3, starts_at=future(days=1.5))
    start, end = datetime.fromisoformat(event["starts_at"]), datetime.fromisoformat(event["ends_at"])
    made = _book(booking, guest, event["id"], 1)

    done = _housekeeping_at(stack, end + timedelta(minutes=1))
    assert done.events_ended >= 1
    assert (
        booking_sql.value(
            "SELECT count(*) FROM outbox WHERE type = 'event.ended' AND aggregate_id = $1",
            uuid.UUID(event["id"]),
        )
        == 1
    )
    for person, before in ((host, "host_new_booking"), (guest, "booking_confirmed")):
        eventually(
            lambda p=person, b=before: kinds_for(gateway, p, event["id"]) == {b: 1, "rate_your_evening": 1},
            timeout=30,
            what=f"{person.name}'s invitation to rate",
        )

    time_travel.to(start + timedelta(minutes=10))
    marked = booking.post(
        f"/booking/v1/events/{event['id']}/attendance",
        json={"marks": [{"booking_id": made["id"], "attended": True}]},
        headers=host.headers,
    )
    assert marked.status_code == 200, marked.text
    time_travel.to(end + timedelta(hours=1))
    _rate(booking, guest, event["id"], host, 5, "Warm tea and a great print")
    _rate(booking, host, event["id"], guest, 4, "Came on time, stayed to tidy up")

    for person in (host, guest):
        eventually(
            lambda p=person: kinds_for(gateway, p, event["id"])["rating_revealed"] == 1,
            timeout=30,
            what=f"{person.name} to hear they were rated",
        )
        rated = next(item for item in inbox(gateway, person)["items"] if item["kind"] == "rating_revealed")
        assert rated["link"] == f"http://localhost:{stack.port}/users/{person.id}/ratings"
        assert "tea" not in rated["body"] and "tidy" not in rated["body"]
    expected = [
        (host, Counter(host_new_booking=1, rate_your_evening=1, rating_revealed=1)),
        (guest, Counter(booking_confirmed=1, rate_your_evening=1, rating_revealed=1)),
    ]
    for person, kinds in expected:
        assert kinds_for(gateway, person, event["id"]) == kinds, person.name
        eventually(
            lambda p=person, k=kinds: mail_kinds(stack, p.email, event["id"]) == k,
            timeout=30,
            what=f"{person.name}'s emails",
        )
        assert not any(
            "tea" in m.get_content() or "tidy" in m.get_content() for m in mail_to(stack, person.email)
        )

"""The guarantee: no overbooking, ever. Many concurrent clients through nginx, two uvicorn workers."""

import asyncio
import random
import uuid
from collections import Counter
from typing import Any

import httpx
import pytest

from devstack.stack import Stack
from tests.booking.conftest import BookingDb, make_event
from tests.factories import TestUser, new_user


async def _fire(
    stack: Stack, calls: list[tuple[str, str, TestUser, dict[str, Any], dict[str, str]]]
) -> list[httpx.Response]:
    """Send every call at once through nginx and return the answers in order."""
    limits = httpx.Limits(max_connections=len(calls), max_keepalive_connections=len(calls))
    async with httpx.AsyncClient(base_url=stack.url, timeout=60, limits=limits) as client:
        start = asyncio.Event()

        async def one(
            method: str, path: str, user: TestUser, body: dict[str, Any], headers: dict[str, str]
        ) -> httpx.Response:
            await start.wait()
            return await client.request(method, path, json=body, headers={**user.headers, **headers})

        tasks = [asyncio.create_task(one(*call)) for call in calls]
        await asyncio.sleep(0.05)
        start.set()
        return await asyncio.gather(*tasks)


def fire(stack: Stack, calls: list) -> list[httpx.Response]:
    return asyncio.run(_fire(stack, calls))


@pytest.fixture
def host_user(stack: Stack) -> TestUser:
    return new_user(stack, name="Race Host")


def test_200_clients_racing_for_10_seats_get_exactly_10_bookings(
    stack: Stack,
    gateway: httpx.Client,
    host_user: TestUser,
    crowd: list[TestUser],
    watch_party_movie: dict,
    booking_db: BookingDb,
) -> None:
    event = make_event(gateway, host_user, watch_party_movie, capacity=10)
    path = f"/booking/v1/events/{event['id']}/bookings"
    answers = fire(stack, [("POST", path, user, {"seats": 1}, {}) for user in crowd])
    statuses = Counter(r.status_code for r in answers)
    assert statuses == {201: 10, 409: 190}, statuses
    assert all(r.json()["code"] == "not_enough_seats" for r in answers if r.status_code == 409)
    assert gateway.get(f"/booking/v1/events/{event['id']}").json()["seats_left"] == 0
    assert booking_db.seats(event["id"]) == (10, 10, 10)
    assert booking_db.value("SELECT count(*) FROM bookings WHERE event_id = $1", uuid.UUID(event["id"])) == 10


def test_mixed_race_of_bookings_changes_and_cancellations_keeps_the_counter_exact(
    stack: Stack,
    gateway: httpx.Client,
    host_user: TestUser,
    crowd: list[TestUser],
    watch_party_movie: dict,
    booking_db: BookingDb,
) -> None:
    rng = random.Random(7)
    event = make_event(gateway, host_user, watch_party_movie, capacity=40)
    path = f"/booking/v1/events/{event['id']}/bookings"
    first_wave, second_wave = crowd[:80], crowd[80:160]
    answers = fire(stack, [("POST", path, u, {"seats": rng.randint(1, 3)}, {}) for u in first_wave])
    booked = [(u, r.json()["id"]) for u, r in zip(first_wave, answers, strict=True) if r.status_code == 201]
    assert booked and all(r.status_code in (201, 409) for r in answers)

    calls = []
    for user, booking_id in booked:
        if rng.random() < 0.5:
            calls.append(
                ("PATCH", f"/booking/v1/bookings/{booking_id}", user, {"seats": rng.randint(1, 3)}, {})
            )
        else:
            calls.append(("POST", f"/booking/v1/bookings/{booking_id}/cancel", user, {}, {}))
    calls += [("POST", path, u, {"seats": rng.randint(1, 3)}, {}) for u in second_wave]
    rng.shuffle(calls)
    answers = fire(stack, calls)
    assert all(r.status_code in (200, 201, 409) for r in answers), Counter(r.status_code for r in answers)

    capacity, taken, active_sum = booking_db.seats(event["id"])
    assert taken == active_sum, "the counter always equals the seats of the active bookings"
    assert taken <= capacity
    assert gateway.get(f"/booking/v1/events/{event['id']}").json()["seats_left"] == capacity - taken


def test_negative_control_the_naive_check_then_write_path_oversells(
    stack: Stack,
    gateway: httpx.Client,
    host_user: TestUser,
    crowd: list[TestUser],
    watch_party_movie: dict,
    booking_db: BookingDb,
) -> None:
    event = make_event(gateway, host_user, watch_party_movie, capacity=10)
    path = f"/booking/v1/test-only/naive/events/{event['id']}/bookings"
    answers = fire(stack, [("POST", path, user, {}, {}) for user in crowd[:100]])
    accepted = sum(r.status_code == 201 for r in answers)
    capacity, taken, active_sum = booking_db.seats(event["id"])
    assert accepted > capacity, "the race harness must catch a check-then-write race"
    assert active_sum > capacity, "the naive path sold more seats than exist"
    assert taken <= capacity, "the CHECK constraint held, yet bookings were oversold: it alone is not enough"


def test_same_idempotency_key_fired_20_times_at_once_makes_one_booking(
    stack: Stack,
    gateway: httpx.Client,
    host_user: TestUser,
    guest: TestUser,
    watch_party_movie: dict,
    booking_db: BookingDb,
) -> None:
    event = make_event(gateway, host_user, watch_party_movie, capacity=10)
    path = f"/booking/v1/events/{event['id']}/bookings"
    key = {"Idempotency-Key": f"race-{uuid.uuid4()}"}
    answers = fire(stack, [("POST", path, guest, {"seats": 2}, key) for _ in range(20)])
    statuses = Counter(r.status_code for r in answers)
    assert set(statuses) <= {201, 409}, statuses
    assert statuses[201] >= 1
    assert {r.json()["code"] for r in answers if r.status_code == 409} <= {"request_in_progress"}
    assert len({r.json()["id"] for r in answers if r.status_code == 201}) == 1, (
        "every success is the same booking"
    )
    assert (
        booking_db.value(
            "SELECT count(*) FROM bookings WHERE event_id = $1 AND guest_id = $2",
            uuid.UUID(event["id"]),
            guest.id,
        )
        == 1
    )
    assert booking_db.seats(event["id"]) == (10, 2, 2)

"""Booking test data: places and events made through the public API, as hosts would."""

import asyncio
import itertools
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import httpx
import pytest

from devstack.stack import Stack
from tests.factories import TestUser, new_user

_slot = itertools.count(1)


@pytest.fixture(scope="session")
def watch_party_movie(gateway: httpx.Client) -> dict[str, Any]:
    response = gateway.get("/movie_api/v1/movies", params={"watch_party": "true", "size": 5})
    assert response.status_code == 200, response.text
    return response.json()["items"][0]


@pytest.fixture(scope="session")
def other_movie(gateway: httpx.Client) -> dict[str, Any]:
    response = gateway.get("/movie_api/v1/movies", params={"watch_party": "false", "size": 5})
    assert response.status_code == 200, response.text
    return response.json()["items"][0]


@pytest.fixture
def host(stack: Stack) -> TestUser:
    return new_user(stack, name="Host Hanna")


@pytest.fixture
def guest(stack: Stack) -> TestUser:
    return new_user(stack, name="Guest Gena")


@pytest.fixture(scope="session")
def crowd(stack: Stack) -> list[TestUser]:
    """200 signed-in guests for the races (made once, in parallel)."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(lambda i: new_user(stack, name=f"Racer {i}"), range(200)))


def future(days: float = 3) -> datetime:
    """A distinct start time in the future, so events made by different tests never collide."""
    return (datetime.now(UTC) + timedelta(days=days, minutes=10 * next(_slot))).replace(microsecond=0)


def make_place(gateway: httpx.Client, host: TestUser, **fields: Any) -> dict[str, Any]:
    body = {
        "name": "Living room",
        "address": "Tverskaya 1, apt 5",
        "city": "Moscow",
        "capacity": 20,
        **fields,
    }
    response = gateway.post("/booking/v1/places", json=body, headers=host.headers)
    assert response.status_code == 201, response.text
    return response.json()


def make_event(
    gateway: httpx.Client,
    host: TestUser,
    movie: dict[str, Any],
    *,
    place: dict[str, Any] | None = None,
    capacity: int = 10,
    starts_at: datetime | None = None,
    **extra: Any,
) -> dict[str, Any]:
    place = place or make_place(gateway, host, capacity=max(capacity, 20))
    body = {
        "movie_id": movie["id"],
        "place_id": place["id"],
        "starts_at": (starts_at or future()).isoformat(),
        "capacity": capacity,
        **extra,
    }
    response = gateway.post("/booking/v1/events", json=body, headers=host.headers)
    assert response.status_code == 201, response.text
    return response.json()


class BookingDb:
    """Straight reads of the booking database, to check what was (not) written."""

    def __init__(self, url: str):
        self.url = url

    def fetch(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        async def run() -> list[asyncpg.Record]:
            conn = await asyncpg.connect(self.url)
            try:
                return await conn.fetch(sql, *args)
            finally:
                await conn.close()

        return asyncio.run(run())

    def value(self, sql: str, *args: Any) -> Any:
        rows = self.fetch(sql, *args)
        return rows[0][0] if rows else None

    def counts(self) -> dict[str, int]:
        return {
            table: self.value(f"SELECT count(*) FROM {table}")
            for table in ("places", "events", "bookings", "outbox", "idempotency_keys")
        }

    def seats(self, event_id: str) -> tuple[int, int, int]:
        """(capacity, seats_taken, seats held by booked, pending and offered rows) of an event."""
        row = self.fetch(
            "SELECT e.capacity, e.seats_taken, coalesce((SELECT sum(seats) FROM bookings b WHERE b.event_id"
            " = e.id AND b.status IN ('offered', 'pending', 'active')), 0) FROM events e WHERE e.id = $1",
            uuid.UUID(event_id),
        )[0]
        return int(row[0]), int(row[1]), int(row[2])


@pytest.fixture(scope="session")
def booking_db(stack: Stack) -> Iterator[BookingDb]:
    url = stack.database_urls["booking_api"].replace("postgresql+asyncpg://", "postgresql://")
    yield BookingDb(url)

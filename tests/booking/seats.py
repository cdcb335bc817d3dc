"""Helpers for the seat-lifecycle tests: book, wait, claim, and read what the API and the database say."""

import asyncio
import uuid
from datetime import datetime
from typing import Any

import httpx

from booking_api.housekeeping.jobs import Done, run_housekeeping
from booking_api.uow import BookingUnitOfWork
from common.cache import Cache, create_redis
from common.clock import FakeClock
from common.db import Database
from devstack.stack import Stack
from tests.booking.conftest import BookingDb
from tests.factories import TestUser


def book(
    gateway: httpx.Client, user: TestUser, event_id: str, seats: int = 1, **headers: str
) -> httpx.Response:
    return gateway.post(
        f"/booking/v1/events/{event_id}/bookings", json={"seats": seats}, headers={**user.headers, **headers}
    )


def wait(gateway: httpx.Client, user: TestUser, event_id: str, seats: int = 1, **body: Any) -> httpx.Response:
    return gateway.post(
        f"/booking/v1/events/{event_id}/waitlist", json={"seats": seats, **body}, headers=user.headers
    )


def cancel(gateway: httpx.Client, user: TestUser, booking_id: str) -> httpx.Response:
    return gateway.post(f"/booking/v1/bookings/{booking_id}/cancel", headers=user.headers)


def entry(gateway: httpx.Client, user: TestUser, entry_id: str) -> dict[str, Any]:
    """The caller's waiting-list entry as `GET /waitlist` shows it."""
    items = gateway.get("/booking/v1/waitlist", params={"size": 100}, headers=user.headers).json()["items"]
    return next(item for item in items if item["id"] == entry_id)


def seats_left(gateway: httpx.Client, event_id: str) -> int:
    return int(gateway.get(f"/booking/v1/events/{event_id}").json()["seats_left"])


def messages_of(db: BookingDb, event_id: str, kind: str) -> list[dict[str, Any]]:
    import json

    rows = db.fetch(
        "SELECT payload FROM outbox WHERE aggregate_id = $1 AND type = $2 ORDER BY seq",
        uuid.UUID(event_id),
        kind,
    )
    return [json.loads(r["payload"]) for r in rows]


def housekeeping_at(stack: Stack, moment: datetime) -> Done:
    """Booking's housekeeping round, in-process on a fixed clock (the service's own loop runs every 15 s)."""

    async def run() -> Done:
        database = Database(stack.database_urls["booking_api"], pool_size=2, max_overflow=0)
        redis = create_redis(stack.redis_url)
        # The service's own cache, so what this round changes is not served stale afterwards.
        cache = Cache(redis, f"{stack.config.namespace}:booking_api:")
        try:
            uow = BookingUnitOfWork(database.sessionmaker, cache=cache)
            return await run_housekeeping(uow=uow, clock=FakeClock(moment))
        finally:
            await redis.aclose()
            await database.dispose()

    return asyncio.run(run())

"""Helpers for the private-evening tests: friends in UGC, invitations, the seat ledger."""

import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from tests.booking.conftest import BookingDb
from tests.factories import TestUser


def befriend(gateway: httpx.Client, one: TestUser, other: TestUser) -> None:
    """Make two people friends in UGC (each adds the other)."""
    for a, b in ((one, other), (other, one)):
        answer = gateway.put(f"/ugc/v1/me/friends/{b.id}", headers=a.headers)
        assert answer.status_code == 200, answer.text


def unfriend(gateway: httpx.Client, one: TestUser, other: TestUser) -> None:
    assert gateway.delete(f"/ugc/v1/me/friends/{other.id}", headers=one.headers).status_code == 204


def patiently(send: Callable[[], httpx.Response], *, tries: int = 50) -> httpx.Response:
    """Send again while nginx answers 429 (booking writes are limited per caller): tests that make
    many writes as one person wait for their budget instead of failing on it."""
    for _ in range(tries):
        answer = send()
        if answer.status_code != 429:
            return answer
        time.sleep(0.2)
    return answer


def invite(gateway: httpx.Client, host: TestUser, event_id: str, **body: Any) -> dict[str, Any]:
    answer = patiently(
        lambda: gateway.post(f"/booking/v1/events/{event_id}/invites", json=body, headers=host.headers)
    )
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def book_with(
    gateway: httpx.Client, user: TestUser, event_id: str, seats: int = 1, code: str | None = None
) -> httpx.Response:
    body: dict[str, Any] = {"seats": seats}
    if code is not None:
        body["invite"] = code
    return patiently(
        lambda: gateway.post(f"/booking/v1/events/{event_id}/bookings", json=body, headers=user.headers)
    )


def look_up(gateway: httpx.Client, code: str, user: TestUser | None = None) -> httpx.Response:
    return gateway.get(f"/booking/v1/invites/{code}", headers=user.headers if user else {})


def ledger(db: BookingDb, event_id: str) -> tuple[int, int, int]:
    """(capacity, seats_taken, seats held by open bookings plus live allotments): the last two are equal
    whenever no transaction is running."""
    row = db.fetch(
        "SELECT e.capacity, e.seats_taken,"
        " coalesce((SELECT sum(seats) FROM bookings b WHERE b.event_id = e.id"
        "           AND b.status IN ('offered', 'pending', 'active')), 0)"
        " + coalesce((SELECT sum(seats_left) FROM invites i WHERE i.event_id = e.id"
        "             AND i.released_at IS NULL), 0)"
        " FROM events e WHERE e.id = $1",
        uuid.UUID(event_id),
    )[0]
    return int(row[0]), int(row[1]), int(row[2])

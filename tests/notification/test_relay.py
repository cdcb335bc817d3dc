"""The outbox relay: in order per screening, retried with backoff, one relay at a time, and neither a
kill nor a crash between acknowledgement and mark loses or doubles anything."""

import os
import signal
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from booking_api.outbox.relay import (
    LOCK_NAME,
    Backoff,
    DeliveryFailed,
    HttpNotificationClient,
    relay_once,
)
from common.clock import FakeClock
from common.events import Envelope
from devstack.stack import Stack
from tests.booking.conftest import make_event
from tests.factories import TestUser, new_user
from tests.notification.conftest import Sql, eventually

pytestmark = pytest.mark.usefixtures("paused_relay")


async def _rows(sql: Sql, event_id: str) -> list[dict[str, Any]]:
    rows = await sql.afetch(
        "SELECT seq, id, type, attempts, next_attempt_at, last_error, sent_at FROM outbox"
        " WHERE aggregate_id = $1 ORDER BY seq",
        uuid.UUID(event_id),
    )
    return [dict(row) for row in rows]


def _book(booking: httpx.Client, guest: TestUser, event_id: str, seats: int = 1) -> dict[str, Any]:
    response = booking.post(
        f"/booking/v1/events/{event_id}/bookings", json={"seats": seats}, headers=guest.headers
    )
    assert response.status_code == 201, response.text
    return response.json()


def _change(booking: httpx.Client, guest: TestUser, booking_id: str, times: int) -> None:
    for index in range(times):
        response = booking.patch(
            f"/booking/v1/bookings/{booking_id}",
            json={"seats": 2 if index % 2 == 0 else 1},
            headers=guest.headers,
        )
        assert response.status_code == 200, response.text


class FailingFor:
    """The real client, except that it fails for one screening while `failing` is set."""

    def __init__(self, inner: HttpNotificationClient, aggregate_id: str):
        self.inner = inner
        self.aggregate_id = aggregate_id
        self.failing = True
        self.attempts: list[str] = []

    async def deliver(self, envelope: Envelope) -> None:
        if envelope.data.get("event_id") == self.aggregate_id:
            self.attempts.append(str(envelope.id))
            if self.failing:
                raise DeliveryFailed("503 injected")
        await self.inner.deliver(envelope)


class Crash(Exception):
    """Stands for the process dying right after the acknowledgement, before the row is marked."""


class CrashAfterAck:
    def __init__(self, inner: HttpNotificationClient, envelope_id: str):
        self.inner = inner
        self.envelope_id = envelope_id

    async def deliver(self, envelope: Envelope) -> None:
        await self.inner.deliver(envelope)
        if str(envelope.id) == self.envelope_id:
            raise Crash()


async def test_a_failing_row_holds_back_its_screening_with_backoff_but_not_other_screenings(
    stack: Stack,
    gateway: httpx.Client,
    booking: httpx.Client,
    booking_engine: AsyncEngine,
    booking_sql: Sql,
    notification_sql: Sql,
    relay_client: HttpNotificationClient,
    movie: dict,
) -> None:
    host, guest = new_user(stack), new_user(stack)
    stuck = make_event(gateway, host, movie, capacity=4)
    other = make_event(gateway, host, movie, capacity=4)
    for event in (stuck, other):
        _book(booking, guest, event["id"])
    client = FailingFor(relay_client, stuck["id"])
    clock = FakeClock(datetime.now(UTC))
    backoff = Backoff(base_seconds=1, max_seconds=60)

    await relay_once(engine=booking_engine, client=client, clock=clock, batch_size=1000, backoff=backoff)
    held = await _rows(booking_sql, stuck["id"])
    assert [(r["attempts"], r["sent_at"] is None) for r in held] == [(1, True), (0, True)], "head failed once"
    assert held[0]["last_error"] == "503 injected"
    assert held[0]["next_attempt_at"] == clock.now() + timedelta(seconds=1)
    assert all(r["sent_at"] is not None for r in await _rows(booking_sql, other["id"])), "others go on"

    await relay_once(engine=booking_engine, client=client, clock=clock, batch_size=1000, backoff=backoff)
    assert len(client.attempts) == 1, "not retried before its next attempt is due"
    clock.advance(timedelta(seconds=1))
    await relay_once(engine=booking_engine, client=client, clock=clock, batch_size=1000, backoff=backoff)
    held = await _rows(booking_sql, stuck["id"])
    assert [r["attempts"] for r in held] == [2, 0]
    assert held[0]["next_attempt_at"] == clock.now() + timedelta(seconds=2), "the wait doubles"

    client.failing = False
    clock.advance(timedelta(seconds=2))
    await relay_once(engine=booking_engine, client=client, clock=clock, batch_size=1000, backoff=backoff)
    held = await _rows(booking_sql, stuck["id"])
    assert [(r["attempts"], r["sent_at"] is not None) for r in held] == [(3, True), (1, True)]
    arrived = await notification_sql.afetch(
        "SELECT id FROM inbound_events WHERE id = ANY($1::uuid[]) ORDER BY received_at",
        [r["id"] for r in held],
    )
    assert [row["id"] for row in arrived] == [r["id"] for r in held], "handed over in commit order"


async def test_a_crash_between_acknowledgement_and_mark_redelivers_the_row_once_and_sends_nothing_twice(
    stack: Stack,
    gateway: httpx.Client,
    booking: httpx.Client,
    booking_engine: AsyncEngine,
    booking_sql: Sql,
    notification_sql: Sql,
    relay_client: HttpNotificationClient,
    movie: dict,
) -> None:
    host, guest = new_user(stack), new_user(stack)
    event = make_event(gateway, host, movie, capacity=4)
    made = _book(booking, guest, event["id"])
    _change(booking, guest, made["id"], 3)
    rows = await _rows(booking_sql, event["id"])
    assert len(rows) == 5
    victim = rows[2]
    clock = FakeClock(datetime.now(UTC))

    with pytest.raises(ExceptionGroup) as crashed:
        await relay_once(
            engine=booking_engine,
            client=CrashAfterAck(relay_client, str(victim["id"])),
            clock=clock,
            batch_size=1000,
        )
    assert crashed.group_contains(Crash)
    after_crash = await _rows(booking_sql, event["id"])
    assert [r["sent_at"] is not None for r in after_crash] == [True, True, False, False, False]
    known = await notification_sql.avalue("SELECT count(*) FROM inbound_events WHERE id = $1", victim["id"])
    assert known == 1, "the notification service has the row the relay did not mark"

    await relay_once(engine=booking_engine, client=relay_client, clock=clock, batch_size=1000)
    assert all(r["sent_at"] is not None for r in await _rows(booking_sql, event["id"]))
    ids = [r["id"] for r in rows]
    stored = await notification_sql.avalue(
        "SELECT count(*) FROM inbound_events WHERE id = ANY($1::uuid[])", ids
    )
    assert stored == 5
    changed = await notification_sql.afetch(
        "SELECT source_id, count(*) AS n FROM notifications"
        " WHERE recipient_id = $1 AND kind = 'booking_changed' GROUP BY source_id",
        guest.id,
    )
    assert sorted(row["source_id"] for row in changed) == sorted(r["id"] for r in rows[2:])
    assert all(row["n"] == 1 for row in changed)


async def test_only_one_relay_works_at_a_time(
    stack: Stack,
    gateway: httpx.Client,
    booking: httpx.Client,
    booking_engine: AsyncEngine,
    booking_sql: Sql,
    relay_client: HttpNotificationClient,
    movie: dict,
) -> None:
    host = new_user(stack)
    event = make_event(gateway, host, movie, capacity=4)
    async with booking_engine.connect() as other_relay, other_relay.begin():
        await other_relay.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:name, 0))"), {"name": LOCK_NAME}
        )
        result = await relay_once(
            engine=booking_engine, client=relay_client, clock=FakeClock(datetime.now(UTC)), batch_size=1000
        )
        assert result.locked_out and result.sent == 0
        assert [r["attempts"] for r in await _rows(booking_sql, event["id"])] == [0]
    result = await relay_once(
        engine=booking_engine, client=relay_client, clock=FakeClock(datetime.now(UTC)), batch_size=1000
    )
    assert not result.locked_out and result.sent >= 1


def test_the_relay_process_killed_in_the_middle_of_a_batch_loses_nothing_and_doubles_nothing(
    stack: Stack,
    gateway: httpx.Client,
    booking: httpx.Client,
    booking_sql: Sql,
    notification_sql: Sql,
    movie: dict,
) -> None:
    host, guest = new_user(stack), new_user(stack)
    event = make_event(gateway, host, movie, capacity=4)
    made = _book(booking, guest, event["id"])
    _change(booking, guest, made["id"], 120)
    aggregate = uuid.UUID(event["id"])
    total = booking_sql.value("SELECT count(*) FROM outbox WHERE aggregate_id = $1", aggregate)
    assert total == 122

    def sent() -> int:
        return booking_sql.value(
            "SELECT count(*) FROM outbox WHERE aggregate_id = $1 AND sent_at IS NOT NULL", aggregate
        )

    stack.start_service("booking_relay")
    progress = eventually(
        lambda: sent() or None, interval=0.005, timeout=30, what="the relay to start sending"
    )
    proc = stack.services["booking_relay"].proc
    assert proc is not None
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)
    at_kill = sent()
    assert 0 < progress <= at_kill < total, f"killed mid-batch: {at_kill} of {total} sent"

    restarted = time.monotonic()
    stack.start_service("booking_relay")
    eventually(lambda: sent() == total, timeout=60, what="the restarted relay to send the rest")
    rate = (total - at_kill) / (time.monotonic() - restarted)
    print(f"relay killed after {at_kill}/{total} rows; the restarted one sent the rest at {rate:.0f} rows/s")
    stack.stop_service("booking_relay")

    ids = [row["id"] for row in booking_sql.fetch("SELECT id FROM outbox WHERE aggregate_id = $1", aggregate)]
    assert (
        notification_sql.value("SELECT count(*) FROM inbound_events WHERE id = ANY($1::uuid[])", ids) == total
    )
    per_source = notification_sql.fetch(
        "SELECT source_id, count(*) AS n FROM notifications WHERE recipient_id = $1 GROUP BY source_id",
        guest.id,
    )
    assert len(per_source) == 121, "one message per booking event: the confirmation and 120 changes"
    assert {row["n"] for row in per_source} == {1}


def test_the_relay_and_the_worker_stop_cleanly_on_sigterm(stack: Stack) -> None:
    for name in ("notification_worker", "smtp_sink"):
        stack.stop_service(name)
        proc = stack.services[name].proc
        assert proc is not None and proc.returncode == 0, (name, proc and proc.returncode)
        stack.start_service(name)
    stack.start_service("booking_relay")
    stack.stop_service("booking_relay")
    proc = stack.services["booking_relay"].proc
    assert proc is not None and proc.returncode == 0
    assert "outbox relay stopped" in stack.services["booking_relay"].log_path.read_text()

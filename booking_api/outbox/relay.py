"""The outbox relay: hands the booking service's domain events to the notification service.

`python -m booking_api.outbox.relay` runs it as its own process (`make run` starts it). Each round
(`relay_once`) takes a PostgreSQL advisory lock, so only one relay works at a time, reads pending rows in
commit order (`seq`), and posts each as an event envelope to `POST /notification/v1/events` with the
booking service's service token. A row is marked sent only after the notification service acknowledged
it (any 2xx, including "duplicate"); a failed row gets `attempts`, `last_error` and an exponentially
later `next_attempt_at`, and holds back the later rows of its aggregate (the screening), never those of
others. A crash between the acknowledgement and the mark redelivers one row per aggregate at most, and
the notification service deduplicates by envelope id. See docs/notifications.md.
"""

import asyncio
import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Protocol

from sqlalchemy import RowMapping, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from common import context
from common.clock import Clock, SystemClock
from common.db import async_url
from common.errors import DependencyUnavailable
from common.events import Envelope
from common.http import create_http_client
from common.service_auth import ServiceTokenProvider
from common.service_client import ServiceClient
from common.settings import ServiceSettings
from common.worker import backoff, run_process, run_rounds

logger = logging.getLogger("booking_api.outbox.relay")

LOCK_NAME = "kinoclub:booking_api:outbox-relay"
INGEST_PATH = "/notification/v1/events"

# Due rows in commit order, minus every row at or behind a failed row of its aggregate that is still
# waiting for its next attempt. Rows never tried are always due, whatever the clock says.
_PENDING = text(
    """
    SELECT o.seq, o.id, o.type, o.aggregate_id, o.occurred_at, o.request_id, o.payload, o.attempts
      FROM outbox o
     WHERE o.sent_at IS NULL
       AND NOT EXISTS (
           SELECT 1 FROM outbox b
            WHERE b.aggregate_id = o.aggregate_id AND b.sent_at IS NULL AND b.seq <= o.seq
              AND b.attempts > 0 AND b.next_attempt_at > :now)
     ORDER BY o.seq
     LIMIT :limit
    """
)
_MARK_SENT = text(
    "UPDATE outbox SET sent_at = :now, attempts = attempts + 1 WHERE seq = :seq AND sent_at IS NULL"
)
_MARK_FAILED = text(
    "UPDATE outbox SET attempts = :attempts, next_attempt_at = :next, last_error = :error"
    " WHERE seq = :seq AND sent_at IS NULL"
)
_LOCK = text("SELECT pg_try_advisory_xact_lock(hashtextextended(:name, 0))")


class RelaySettings(ServiceSettings):
    """The booking service's settings (its DATABASE_URL and credentials) plus the relay's own."""

    service_name: str = "booking_relay"
    url_prefix: str = "/booking"
    relay_batch_size: int = 100
    relay_poll_seconds: float = 0.2
    relay_concurrency: int = 8
    relay_backoff_base_seconds: float = 0.5
    relay_backoff_max_seconds: float = 60.0
    relay_http_timeout_seconds: float = 5.0
    # devstack waits for this file to name the relay's pid; the relay touches it every round.
    ready_file: str = ""


class DeliveryFailed(Exception):
    """The notification service did not acknowledge the envelope; the row is tried again later."""


class Deliverer(Protocol):
    async def deliver(self, envelope: Envelope) -> None:
        """Return once the receiver acknowledged the envelope; raise DeliveryFailed otherwise."""


class HttpNotificationClient:
    """`POST {NOTIFICATION_URL}/notification/v1/events` with the booking service's service token."""

    def __init__(self, notification: ServiceClient):
        self.notification = notification

    async def deliver(self, envelope: Envelope) -> None:
        try:
            await self.notification.request(
                "POST",
                "/notification/v1/events",
                json=envelope.model_dump(mode="json"),
                expect=range(200, 300),
            )
        except DependencyUnavailable as exc:
            raise DeliveryFailed(exc.detail) from exc


@dataclass(frozen=True)
class Backoff:
    base_seconds: float = 0.5
    max_seconds: float = 60.0

    def after(self, attempts: int) -> timedelta:
        """The wait after the `attempts`-th failure: base, 2*base, 4*base, ... at most max."""
        return backoff(attempts, base=self.base_seconds, cap=self.max_seconds)


@dataclass
class RelayResult:
    sent: int = 0
    failed: int = 0
    picked: int = 0
    locked_out: bool = False


def envelope_of(row: RowMapping) -> Envelope:
    """An outbox row as the event envelope of docs/conventions.md."""
    return Envelope(
        id=row["id"],
        type=row["type"],
        occurred_at=row["occurred_at"],
        request_id=row["request_id"],
        data=row["payload"],
    )


async def _relay_aggregate(
    rows: list[RowMapping],
    *,
    engine: AsyncEngine,
    client: Deliverer,
    clock: Clock,
    backoff: Backoff,
    result: RelayResult,
    gate: asyncio.Semaphore,
) -> None:
    """One aggregate's rows, strictly in order; the first failure stops the rest until it is retried."""
    async with gate:
        for row in rows:
            context.begin(row["request_id"] or context.new_request_id())
            try:
                await client.deliver(envelope_of(row))
            except DeliveryFailed as exc:
                attempts = row["attempts"] + 1
                error = str(exc)[:1000]
                async with engine.connect() as conn:
                    await conn.execute(
                        _MARK_FAILED,
                        {
                            "seq": row["seq"],
                            "attempts": attempts,
                            "next": clock.now() + backoff.after(attempts),
                            "error": error,
                        },
                    )
                result.failed += 1
                logger.warning(
                    "outbox row not delivered: %s",
                    error,
                    extra={
                        "outbox_seq": row["seq"],
                        "aggregate_id": str(row["aggregate_id"]),
                        "attempts": attempts,
                    },
                )
                return
            async with engine.connect() as conn:
                await conn.execute(_MARK_SENT, {"seq": row["seq"], "now": clock.now()})
            result.sent += 1


async def relay_once(
    *,
    engine: AsyncEngine,
    client: Deliverer,
    clock: Clock,
    batch_size: int = 100,
    backoff: Backoff = Backoff(),
    concurrency: int = 8,
) -> RelayResult:
    """One round: up to `batch_size` due rows, aggregates in parallel (at most `concurrency` at once),
    each aggregate's rows in order. Returns at once with `locked_out` when another relay is working."""
    result = RelayResult()
    async with engine.connect() as conn, conn.begin():
        # A transaction-level lock: released when this round's transaction ends, and by PostgreSQL
        # itself if the process dies, so a killed relay never blocks the next one.
        if not await conn.scalar(_LOCK, {"name": LOCK_NAME}):
            result.locked_out = True
            return result
        rows = (await conn.execute(_PENDING, {"now": clock.now(), "limit": batch_size})).mappings().all()
        result.picked = len(rows)
        by_aggregate: dict[uuid.UUID, list[RowMapping]] = {}
        for row in rows:
            by_aggregate.setdefault(row["aggregate_id"], []).append(row)
        gate = asyncio.Semaphore(concurrency)
        # Each mark is one statement that commits by itself: one round trip, not BEGIN/UPDATE/COMMIT.
        marks = engine.execution_options(isolation_level="AUTOCOMMIT")
        async with asyncio.TaskGroup() as group:
            for aggregate_rows in by_aggregate.values():
                group.create_task(
                    _relay_aggregate(
                        aggregate_rows,
                        engine=marks,
                        client=client,
                        clock=clock,
                        backoff=backoff,
                        result=result,
                        gate=gate,
                    )
                )
    if result.sent or result.failed:
        logger.info("outbox round", extra={"sent": result.sent, "failed": result.failed})
    return result


async def run(settings: RelaySettings, stop: asyncio.Event) -> None:
    """Rounds until `stop` is set: at once after a full batch, else every `relay_poll_seconds`."""
    engine = create_async_engine(
        async_url(settings.database_url),
        pool_size=settings.relay_concurrency + 2,
        max_overflow=2,
        pool_pre_ping=True,
        connect_args={"timeout": 5, "server_settings": {"application_name": settings.service_name}},
    )
    http = create_http_client(timeout=settings.relay_http_timeout_seconds, retries=1)
    tokens = ServiceTokenProvider(
        http,
        auth_url=settings.auth_url,
        client_id=settings.service_client_id,
        client_secret=settings.service_client_secret,
    )
    client = HttpNotificationClient(ServiceClient(http, base_url=settings.notification_url, tokens=tokens))
    backoff = Backoff(settings.relay_backoff_base_seconds, settings.relay_backoff_max_seconds)
    clock = SystemClock()

    async def round_() -> bool:
        result = await relay_once(
            engine=engine,
            client=client,
            clock=clock,
            batch_size=settings.relay_batch_size,
            backoff=backoff,
            concurrency=settings.relay_concurrency,
        )
        return result.picked >= settings.relay_batch_size and not result.failed

    logger.info("delivering to %s", settings.notification_url)
    try:
        await run_rounds(
            round_,
            stop=stop,
            name="outbox relay",
            poll_seconds=settings.relay_poll_seconds,
            heartbeat=Path(settings.ready_file) if settings.ready_file else None,
        )
    finally:
        await http.aclose()
        await engine.dispose()


def main() -> None:
    settings = RelaySettings()
    run_process(
        lambda stop: run(settings, stop),
        name="outbox relay",
        service=settings.service_name,
        settings=settings,
    )


if __name__ == "__main__":
    main()

"""An outbox with destinations, and its relay, written once for any service that tells others.

A change and the messages it causes commit in one transaction (`add`): one row per message and
destination (the service that must hear of it). The relay (`relay_once`, repeated by a worker) reads
pending rows in commit order and posts each as an `Envelope` to its destination; a row is marked sent
only once the destination acknowledged it (any 2xx, "duplicate" included). A failed row gets
`attempts`, `last_error` and an exponentially later `next_attempt_at`, and holds back the later rows
of its destination and aggregate only. A PostgreSQL advisory lock lets one relay work at a time, and a
crash between an acknowledgement and its mark redelivers that row; consumers deduplicate by envelope id.

The auth service uses it for account events (docs/auth.md). The booking service's relay
(`booking_api/outbox/relay.py`) predates it and posts to notification only.
"""

import asyncio
import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import (
    BigInteger,
    DateTime,
    Identity,
    Index,
    Integer,
    RowMapping,
    String,
    Text,
    UniqueConstraint,
    func,
    insert,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from common import context
from common.clock import Clock
from common.errors import DependencyUnavailable
from common.events import DomainMessage, Envelope
from common.service_client import ServiceClient
from common.worker import backoff

logger = logging.getLogger(__name__)


class OutboxColumns:
    """The columns of an outbox table (mix into a model with `__tablename__`); `seq` is commit order."""

    seq: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    id: Mapped[uuid.UUID]
    destination: Mapped[str] = mapped_column(String(32))
    type: Mapped[str] = mapped_column(String(64))
    aggregate_id: Mapped[uuid.UUID]
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    request_id: Mapped[str | None] = mapped_column(String(128))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB)
    attempts: Mapped[int] = mapped_column(Integer, server_default="0")
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        name = cls.__tablename__  # type: ignore[attr-defined]
        return (
            UniqueConstraint("id", "destination"),
            Index(f"ix_{name}_pending", "seq", postgresql_where=text("sent_at IS NULL")),
        )


async def add(
    session: AsyncSession,
    model: type[OutboxColumns],
    message: DomainMessage,
    *,
    destinations: Sequence[str],
    occurred_at: datetime,
) -> uuid.UUID:
    """Record `message` for each destination, in the session's transaction; one envelope id for all."""
    envelope_id = uuid.uuid4()
    rows = [
        {
            "id": envelope_id,
            "destination": destination,
            "type": message.TYPE,
            "aggregate_id": message.aggregate_id,
            "occurred_at": occurred_at,
            "request_id": context.current_request_id(),
            "payload": message.payload(),
        }
        for destination in destinations
    ]
    if rows:
        await session.execute(insert(model), rows)
    return envelope_id


class DeliveryFailed(Exception):
    """The destination did not acknowledge the envelope; the row is tried again later."""


class Deliverer(Protocol):
    async def deliver(self, envelope: Envelope) -> None:
        """Return once the receiver acknowledged the envelope; raise DeliveryFailed otherwise."""


class HttpDeliverer:
    """`POST <path>` of another service with this service's token; any 2xx is an acknowledgement."""

    def __init__(self, client: ServiceClient, path: str):
        self.client = client
        self.path = path

    async def deliver(self, envelope: Envelope) -> None:
        try:
            await self.client.request(
                "POST", self.path, json=envelope.model_dump(mode="json"), expect=range(200, 300)
            )
        except DependencyUnavailable as exc:
            raise DeliveryFailed(exc.detail) from exc


@dataclass(frozen=True)
class Backoff:
    base_seconds: float = 0.5
    max_seconds: float = 60.0

    def after(self, attempts: int) -> timedelta:
        return backoff(attempts, base=self.base_seconds, cap=self.max_seconds)


@dataclass
class RelayResult:
    sent: int = 0
    failed: int = 0
    picked: int = 0
    locked_out: bool = False


class Relay:
    """Hands the rows of one outbox table to their destinations (`deliverers`, by destination name)."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        table: str,
        deliverers: Mapping[str, Deliverer],
        clock: Clock,
        backoff: Backoff = Backoff(),
        batch_size: int = 100,
        concurrency: int = 8,
    ):
        self.engine = engine
        self._table = table
        self.deliverers = deliverers
        self.clock = clock
        self.backoff = backoff
        self.batch_size = batch_size
        self.concurrency = concurrency
        self.lock_name = f"kinoclub:{table}-relay"
        # Due rows in commit order, minus every row at or behind a failed row of its destination and
        # aggregate that still waits for its next attempt.
        self._pending = text(
            f"""
            SELECT o.seq, o.id, o.destination, o.type, o.aggregate_id, o.occurred_at, o.request_id,
                   o.payload, o.attempts
              FROM {table} o
             WHERE o.sent_at IS NULL
               AND NOT EXISTS (
                   SELECT 1 FROM {table} b
                    WHERE b.destination = o.destination AND b.aggregate_id = o.aggregate_id
                      AND b.sent_at IS NULL AND b.seq <= o.seq
                      AND b.attempts > 0 AND b.next_attempt_at > :now)
             ORDER BY o.seq
             LIMIT :limit
            """
        )
        self._mark_sent = text(
            f"UPDATE {table} SET sent_at = :now, attempts = attempts + 1 WHERE seq = :seq AND sent_at IS NULL"
        )
        self._mark_failed = text(
            f"UPDATE {table} SET attempts = :attempts, next_attempt_at = :next, last_error = :error"
            " WHERE seq = :seq AND sent_at IS NULL"
        )
        self._lock = text("SELECT pg_try_advisory_xact_lock(hashtextextended(:name, 0))")
        self._marks = engine.execution_options(isolation_level="AUTOCOMMIT")

    async def _deliver(self, row: RowMapping) -> str | None:
        """None once delivered, else why not."""
        deliverer = self.deliverers.get(row["destination"])
        if deliverer is None:
            return f"no deliverer for destination {row['destination']!r}"
        try:
            await deliverer.deliver(
                Envelope(
                    id=row["id"],
                    type=row["type"],
                    occurred_at=row["occurred_at"],
                    request_id=row["request_id"],
                    data=row["payload"],
                )
            )
        except DeliveryFailed as exc:
            return str(exc)[:1000]
        return None

    async def _relay_chain(
        self, rows: list[RowMapping], result: RelayResult, gate: asyncio.Semaphore
    ) -> None:
        """One destination's rows of one aggregate, in order; the first failure holds back the rest."""
        async with gate:
            for row in rows:
                context.begin(row["request_id"] or context.new_request_id())
                error = await self._deliver(row)
                async with self._marks.connect() as conn:
                    if error is None:
                        await conn.execute(self._mark_sent, {"seq": row["seq"], "now": self.clock.now()})
                        result.sent += 1
                        continue
                    attempts = row["attempts"] + 1
                    await conn.execute(
                        self._mark_failed,
                        {
                            "seq": row["seq"],
                            "attempts": attempts,
                            "next": self.clock.now() + self.backoff.after(attempts),
                            "error": error,
                        },
                    )
                result.failed += 1
                logger.warning(
                    "outbox row not delivered: %s",
                    error,
                    extra={"outbox_seq": row["seq"], "destination": row["destination"], "attempts": attempts},
                )
                return

    async def relay_once(self) -> RelayResult:
        """One round: up to `batch_size` due rows; returns at once when another relay holds the lock."""
        result = RelayResult()
        async with self.engine.connect() as conn, conn.begin():
            # A transaction-level lock: released with this round's transaction, or when the process dies.
            if not await conn.scalar(self._lock, {"name": self.lock_name}):
                result.locked_out = True
                return result
            rows = (
                (await conn.execute(self._pending, {"now": self.clock.now(), "limit": self.batch_size}))
                .mappings()
                .all()
            )
            result.picked = len(rows)
            chains: dict[tuple[str, uuid.UUID], list[RowMapping]] = {}
            for row in rows:
                chains.setdefault((row["destination"], row["aggregate_id"]), []).append(row)
            gate = asyncio.Semaphore(self.concurrency)
            async with asyncio.TaskGroup() as group:
                for chain in chains.values():
                    group.create_task(self._relay_chain(chain, result, gate))
        if result.sent or result.failed:
            logger.info("outbox round", extra={"sent": result.sent, "failed": result.failed})
        return result

    async def purge_sent(self, *, older_than: timedelta) -> int:
        """Delete rows delivered more than `older_than` ago: the outbox is a queue, not a history."""
        async with self._marks.connect() as conn:
            result = await conn.execute(
                text(f"DELETE FROM {self._table} WHERE sent_at < :before"),
                {"before": self.clock.now() - older_than},
            )
        return int(getattr(result, "rowcount", 0) or 0)

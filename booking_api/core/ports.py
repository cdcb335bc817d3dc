"""The unit of work as every domain sees it.

Each domain declares the unit of work it needs as a Protocol that extends the one of the domain below
it (places ← events ← bookings ← ratings ← browse); `booking_api/uow.py` is the one class that
satisfies them all. A domain thus names only the repositories of its own layer and those below, and
what it needs from a higher layer it declares here or in its own `ports.py` as a small Protocol (a
port) that the higher layer implements.
"""

import uuid
from types import TracebackType
from typing import Protocol, Self

from booking_api.core.idempotency import IdempotencyRepository
from booking_api.outbox.repository import OutboxRepository


class UnitOfWork(Protocol):
    @property
    def outbox(self) -> OutboxRepository: ...

    @property
    def idempotency(self) -> IdempotencyRepository: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    def autocommit(self) -> Self:
        """The same unit of work with each statement its own transaction."""
        ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...

    async def publish(self, event: object) -> None:
        """Let a higher layer act on a change now, in this transaction (see each domain's changes.py)."""
        ...

    def invalidate(self, *event_ids: uuid.UUID) -> None:
        """After commit, forget the cached details of `event_ids` and every cached list."""
        ...

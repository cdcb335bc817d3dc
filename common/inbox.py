"""The receiving side of account events and exports, for every service that holds personal data.

Auth's worker posts each `account.deleted` envelope to the service's internal events endpoint and
retries until it gets a 2xx; the service handles each envelope id once (`ProcessedEvents`), in the
transaction of what it changes, so a redelivery changes nothing. Auth reads a person's export from the
service's internal export endpoint. Both are internal (nginx routes no `/v1/internal/`) and answer
auth's service token only (`AuthService`). See docs/auth.md, "Export and deletion".
"""

import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Annotated, Any, Literal, TypeVar

from fastapi import Depends
from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import DateTime, String
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from common.db import SqlAlchemyUnitOfWork
from common.errors import InvalidInput, PermissionDenied
from common.events import DomainMessage, Envelope, message_class
from common.security import Principal, require_service

AUTH_SERVICE = "auth_api"
EVENTS_PATH = "/v1/internal/events"
EXPORT_PATH = "/v1/internal/users/{user_id}/export"


class NotAuthService(PermissionDenied):
    code = "auth_service_required"
    detail = "Only the auth service may call this."


class InvalidEventData(InvalidInput):
    code = "invalid_event_data"
    detail = "The event's data does not match its type."


async def require_auth_service(principal: Annotated[Principal, Depends(require_service)]) -> Principal:
    if principal.subject != AUTH_SERVICE:
        raise NotAuthService()
    return principal


AuthService = Annotated[Principal, Depends(require_auth_service)]


class Handled(BaseModel):
    id: uuid.UUID
    status: Literal["accepted", "duplicate", "ignored"] = Field(
        description="`accepted`: handled now; `duplicate`: this id was handled before; `ignored`: a type "
        "this service has nothing to do for."
    )


def parse(envelope: Envelope) -> DomainMessage | None:
    """The envelope's message as its class, or None for a type this code does not know."""
    model = message_class(envelope.type)
    if model is None:
        return None
    try:
        return model.model_validate(envelope.data)
    except ValidationError as exc:
        raise InvalidEventData(
            errors=exc.errors(include_url=False, include_input=False, include_context=False)[:20]
        ) from exc


class ProcessedEventColumns:
    """The columns of a service's table of handled envelope ids (mix into a model with `__tablename__`)."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    type: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ProcessedEvents:
    def __init__(self, session: AsyncSession, model: type[ProcessedEventColumns]):
        self.session = session
        self.model = model

    async def first_time(self, envelope: Envelope, *, now: datetime) -> bool:
        """Record the envelope's id; False when it was handled before (a concurrent twin waits for the
        first to commit, then finds it)."""
        table = self.model.__table__  # type: ignore[attr-defined]
        inserted = await self.session.scalar(
            insert(table)
            .values(id=envelope.id, type=envelope.type, received_at=now)
            .on_conflict_do_nothing(index_elements=[table.c.id])
            .returning(table.c.id)
        )
        return inserted is not None


U = TypeVar("U", bound=SqlAlchemyUnitOfWork)
Handler = Callable[[U, Any], Awaitable[None]]


async def consume(
    uow: U,
    envelope: Envelope,
    *,
    now: datetime,
    processed: Callable[[U], ProcessedEvents],
    handlers: Mapping[type[DomainMessage], Handler[U]],
) -> Handled:
    """Handle the envelope once: its id is recorded in the transaction of what its handler changes."""
    message = parse(envelope)
    handle = handlers.get(type(message)) if message is not None else None
    async with uow:
        if not await processed(uow).first_time(envelope, now=now):
            return Handled(id=envelope.id, status="duplicate")
        if handle is not None:
            await handle(uow, message)
        await uow.commit()
    return Handled(id=envelope.id, status="accepted" if handle is not None else "ignored")

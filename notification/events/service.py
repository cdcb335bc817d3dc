"""Ingest: each domain event is stored once, together with every message it implies, in one transaction."""

import logging

from pydantic import ValidationError

from common.clock import Clock
from common.events import Envelope
from notification.events.exceptions import InvalidEventData, NotAnEventSource
from notification.events.handlers import ROUTES, Incoming
from notification.events.schemas import IngestResult
from notification.links import Links
from notification.messages.service import emit
from notification.uow import NotificationUnitOfWork

logger = logging.getLogger(__name__)


async def ingest(
    *,
    uow: NotificationUnitOfWork,
    clock: Clock,
    links: Links,
    envelope: Envelope,
    source: str,
    allowed_sources: list[str],
) -> IngestResult:
    """Store the envelope unless its id is known, apply it to the projection and make its messages.
    A redelivery (same id) changes nothing and answers `duplicate`; both answers are acknowledgements."""
    if source not in allowed_sources:
        raise NotAnEventSource(client=source)
    route = ROUTES.get(envelope.type)
    data = None
    if route is not None:
        try:
            data = route.model.model_validate(envelope.data)
        except ValidationError as exc:
            raise InvalidEventData(
                errors=exc.errors(include_url=False, include_input=False, include_context=False)
            ) from exc
    now = clock.now()
    async with uow:
        if not await uow.inbound.add(envelope, source=source, now=now):
            return IngestResult(id=envelope.id, status="duplicate", messages=0)
        made = 0
        if route is not None:
            incoming = Incoming(envelope=envelope, now=now, links=links)
            emitted = await emit(uow, await route.handle(uow, incoming, data), now=now)
            made = len(emitted.created)
        else:
            logger.info("stored event of a type with no handler", extra={"event_type": envelope.type})
        await uow.commit()
    logger.info(
        "event ingested",
        extra={"event_id": str(envelope.id), "event_type": envelope.type, "messages": made},
    )
    return IngestResult(id=envelope.id, status="accepted", messages=made)

"""What every handler of an incoming domain event shares: the envelope as received, and the projection
of the screening and booking it states."""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from common import events
from common.events import Envelope, EventFacts
from notification.kinds import (
    Kind,
)
from notification.links import Links
from notification.messages.service import Outgoing, message_context, screening_context
from notification.uow import NotificationUnitOfWork


@dataclass(frozen=True)
class Incoming:
    envelope: Envelope
    now: datetime
    links: Links

    @property
    def at(self) -> datetime:
        return self.envelope.occurred_at

    def message(self, kind: Kind, recipient_id: uuid.UUID, data: EventFacts, **extra: Any) -> Outgoing:
        """One message caused by this envelope: at most one per kind and person, however often it comes."""
        return Outgoing(
            recipient_id=recipient_id,
            kind=kind,
            context=screening_context(data, self.links, place=data.place.model_dump(mode="json"), **extra),
            dedupe_key=f"{kind.name}:{self.envelope.id}:{recipient_id}",
            event_id=data.event_id,
            source_id=self.envelope.id,
        )

    def about(
        self, kind: Kind, recipient_id: uuid.UUID, *, cause: uuid.UUID, event_id: uuid.UUID, **context: Any
    ) -> Outgoing:
        """One message per kind, person and `cause` (the screening, the rating), not per envelope: the
        booking service may state one fact in two envelopes (two workers, a repeated action), and the
        person should still hear of it once."""
        return Outgoing(
            recipient_id=recipient_id,
            kind=kind,
            context=message_context(event_id=event_id, **context),
            dedupe_key=f"{kind.name}:{cause}:{recipient_id}",
            event_id=event_id,
            source_id=self.envelope.id,
        )


async def project(
    uow: NotificationUnitOfWork, incoming: Incoming, data: events.BookingFacts, *, status: str
) -> None:
    """The screening and the booking as this payload states them."""
    await uow.projection.apply_event(data, at=incoming.at)
    await uow.projection.apply_booking(data, status=status, at=incoming.at)


def cancel_deadline(data: events.EventFacts) -> datetime:
    """From when a guest's cancellation of this screening is late."""
    return data.starts_at - timedelta(hours=data.cancel_deadline_hours)

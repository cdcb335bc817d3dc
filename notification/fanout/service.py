"""New screening -> "new watch party for <film> by <host>" to the host's friends and the film's
subscribers: once per person per screening, never to the host. UGC down: the job waits and is retried."""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from common.clock import Clock
from common.errors import DependencyUnavailable
from common.worker import backoff
from notification.events.models import SCHEDULED, EventProjection
from notification.fanout.models import DONE, EVERYONE, SKIPPED
from notification.kinds import NEW_WATCH_PARTY
from notification.links import Links
from notification.messages.service import Outgoing, emit, screening_context
from notification.uow import NotificationUnitOfWork

logger = logging.getLogger(__name__)


class AudienceSource(Protocol):
    async def friends(self, user_id: uuid.UUID) -> list[uuid.UUID]: ...

    async def subscribers(self, movie_id: uuid.UUID) -> list[uuid.UUID]: ...


@dataclass(frozen=True)
class FanoutPolicy:
    backoff_base_seconds: float = 2.0
    backoff_max_seconds: float = 300.0


def _announcement(
    event: EventProjection, recipient_id: uuid.UUID, reasons: list[str], links: Links
) -> Outgoing:
    # The address is for booked guests only; an announcement names the city.
    place = {
        "id": event.place.get("id"),
        "name": event.place.get("name", ""),
        "city": event.place.get("city", ""),
    }
    return Outgoing(
        recipient_id=recipient_id,
        kind=NEW_WATCH_PARTY,
        context=screening_context(event, links, place=place, reasons=reasons),
        dedupe_key=f"{NEW_WATCH_PARTY.name}:{event.event_id}:{recipient_id}",
        event_id=event.event_id,
    )


async def run_fanout(
    *,
    uow_factory: Callable[[], NotificationUnitOfWork],
    audience: AudienceSource,
    clock: Clock,
    links: Links,
    policy: FanoutPolicy = FanoutPolicy(),
    limit: int = 20,
) -> int:
    """Work off up to `limit` due fan-out jobs; the number finished (done or skipped)."""
    finished = 0
    for _ in range(limit):
        async with uow_factory() as uow:
            now = clock.now()
            job = await uow.fanout.claim_due(now)
            if job is None:
                break
            event = await uow.projection.event(job.event_id)
            if event is None or event.status != SCHEDULED or event.starts_at <= now:
                await uow.fanout.finish(
                    job.id, status=SKIPPED, now=now, recipients=0, note="the screening is cancelled or over"
                )
                await uow.commit()
                finished += 1
                continue
            try:
                friends = await audience.friends(job.host_id)
                subscribers = await audience.subscribers(job.movie_id) if job.audience == EVERYONE else []
            except DependencyUnavailable as exc:
                attempts = job.attempts + 1
                wait = backoff(attempts, base=policy.backoff_base_seconds, cap=policy.backoff_max_seconds)
                await uow.fanout.retry(job.id, attempts=attempts, at=now + wait, error=exc.detail)
                await uow.commit()
                logger.warning(
                    "fan-out postponed: %s",
                    exc.detail,
                    extra={"event_id": str(job.event_id), "attempts": attempts},
                )
                continue
            reasons: dict[uuid.UUID, list[str]] = {}
            for person in friends:
                reasons.setdefault(person, []).append("friend")
            for person in subscribers:
                reasons.setdefault(person, []).append("subscriber")
            reasons.pop(job.host_id, None)
            emitted = await emit(
                uow, [_announcement(event, person, why, links) for person, why in reasons.items()], now=now
            )
            await uow.fanout.finish(job.id, status=DONE, now=now, recipients=len(emitted.created), note=None)
            await uow.commit()
            finished += 1
            logger.info(
                "new screening announced",
                extra={
                    "event_id": str(job.event_id),
                    "recipients": len(emitted.created),
                    "muted": emitted.muted,
                },
            )
    return finished

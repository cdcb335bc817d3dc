"""Reminders 24 hours and 1 hour before a screening, computed from the projection on every scan.

Nothing is scheduled ahead, so there is nothing to move or cancel: a scan reads the current start time
and status, so a moved screening is reminded of at its new time, and a cancelled screening or booking
never is. Which reminder went out for which start time is recorded, so restarts and concurrent scans
send each once."""

import logging
from collections.abc import Callable
from datetime import timedelta

from common.clock import Clock
from notification.kinds import REMINDER_1H, REMINDER_24H, Kind
from notification.links import Links
from notification.messages.service import Outgoing, emit, screening_context
from notification.uow import NotificationUnitOfWork

logger = logging.getLogger(__name__)

# (kind, how long before the start it is due, until how long before the start it is still worth it):
# the 24-hour reminder is dropped once the 1-hour one is due.
SCHEDULE: tuple[tuple[Kind, timedelta, timedelta], ...] = (
    (REMINDER_24H, timedelta(hours=24), timedelta(hours=1)),
    (REMINDER_1H, timedelta(hours=1), timedelta(0)),
)


async def run_reminders(
    *, uow_factory: Callable[[], NotificationUnitOfWork], clock: Clock, links: Links, limit: int = 500
) -> int:
    """Make every reminder due at `clock.now()`; how many were made (muted ones are decided, not made)."""
    made = 0
    for kind, lead, until in SCHEDULE:
        while True:
            async with uow_factory() as uow:
                now = clock.now()
                due = await uow.reminders.due(kind.name, lead=lead, until=until, now=now, limit=limit)
                for booking, event in due:
                    if not await uow.reminders.mark(booking.booking_id, kind.name, event.starts_at, now=now):
                        continue
                    emitted = await emit(
                        uow,
                        [
                            Outgoing(
                                recipient_id=booking.guest_id,
                                kind=kind,
                                context=screening_context(
                                    event, links, place=event.place, seats=booking.seats
                                ),
                                dedupe_key=f"{kind.name}:{booking.booking_id}:{event.starts_at.isoformat()}",
                                event_id=event.event_id,
                            )
                        ],
                        now=now,
                    )
                    if emitted.created:
                        await uow.reminders.link(
                            booking.booking_id, kind.name, event.starts_at, emitted.created[0]
                        )
                        made += 1
                await uow.commit()
            if len(due) < limit:
                break
    if made:
        logger.info("reminders made", extra={"reminders": made})
    return made

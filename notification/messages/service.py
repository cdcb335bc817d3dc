"""Making messages (once per dedupe key, never for a muted kind) and the inbox use cases."""

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from jinja2 import TemplateError
from pydantic_core import to_jsonable_python

from common.clock import Clock
from common.pagination import PageParams
from notification.kinds import KINDS, Kind
from notification.links import Links
from notification.messages.exceptions import NotificationNotFound
from notification.messages.models import Notification
from notification.messages.schemas import InboxItem, InboxPage
from notification.preferences.service import Defaults, effective
from notification.rendering import render
from notification.uow import NotificationUnitOfWork

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outgoing:
    """A message one person should get, before muting and deduplication decide."""

    recipient_id: uuid.UUID
    kind: Kind
    context: dict[str, Any]
    dedupe_key: str
    event_id: uuid.UUID | None = None
    source_id: uuid.UUID | None = None


class Screening(Protocol):
    """What a message about a screening reads of it: an event payload or the stored projection."""

    @property
    def event_id(self) -> uuid.UUID: ...
    @property
    def movie_title(self) -> str: ...
    @property
    def host_name(self) -> str: ...
    @property
    def starts_at(self) -> datetime: ...
    @property
    def ends_at(self) -> datetime: ...
    @property
    def share_url(self) -> str | None: ...
    @property
    def capacity(self) -> int: ...


def screening_context(
    screening: Screening, links: Links, *, place: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    """The template context of a message about one screening (`place`: what the recipient may see)."""
    return message_context(
        event_id=screening.event_id,
        movie_title=screening.movie_title,
        host_name=screening.host_name,
        starts_at=screening.starts_at,
        ends_at=screening.ends_at,
        place=place,
        link=links.event(screening.event_id, screening.share_url),
        capacity=screening.capacity,
        **extra,
    )


def message_context(
    *,
    event_id: uuid.UUID | str,
    movie_title: str,
    link: str,
    host_name: str = "",
    starts_at: datetime | str | None = None,
    ends_at: datetime | str | None = None,
    place: dict[str, Any] | None = None,
    capacity: int = 0,
    seats: int = 0,
    **extra: Any,
) -> dict[str, Any]:
    """Everything a template may read, always present (templates fail on a missing name). The ratings
    events carry less than a screening's payload (no place, some no times), hence the blanks."""
    context: dict[str, Any] = {
        "event_id": event_id,
        "movie_title": movie_title,
        "host_name": host_name,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "place": {"id": None, "name": "", "city": "", "address": "", **(place or {})},
        "link": link,
        "capacity": capacity,
        "seats": seats,
        "previous_seats": None,
        "seats_left": None,
        "guest_name": None,
        "before": None,
        "reasons": [],
        "role": None,
        "rating_window_closes_at": None,
        "reason": None,
        **extra,
    }
    return to_jsonable_python(context)


@dataclass
class Emitted:
    created: list[uuid.UUID] = field(default_factory=list)
    muted: int = 0


async def emit(uow: NotificationUnitOfWork, outgoing: list[Outgoing], *, now: datetime) -> Emitted:
    """Store the messages not muted by their recipients, each once, with their email deliveries;
    in the caller's transaction."""
    result = Emitted()
    if not outgoing:
        return result
    preferences = await uow.preferences.get_many([item.recipient_id for item in outgoing])
    rows: list[dict[str, Any]] = []
    for item in outgoing:
        chosen = preferences.get(item.recipient_id)
        if chosen is not None and item.kind.name in chosen.muted_kinds:
            result.muted += 1
            continue
        rows.append(
            {
                "id": uuid.uuid4(),
                "recipient_id": item.recipient_id,
                "kind": item.kind.name,
                "event_id": item.event_id,
                "source_id": item.source_id,
                "dedupe_key": item.dedupe_key,
                "context": item.context,
                "created_at": now,
                "read_at": None,
            }
        )
    result.created = await uow.notifications.add_many(rows)
    by_id = {row["id"]: row for row in rows}
    await uow.deliveries.add_many(
        [
            (notification_id, by_id[notification_id]["recipient_id"])
            for notification_id in result.created
            if "email" in KINDS[by_id[notification_id]["kind"]].channels
        ],
        now=now,
    )
    return result


def _item(notification: Notification, *, language: str, timezone: str) -> InboxItem:
    kind = KINDS.get(notification.kind)
    try:
        rendered = render(notification.kind, notification.context, language=language, timezone=timezone)
        title, body = rendered.title, rendered.body
    except (TemplateError, OSError, TypeError, ValueError):
        # A message whose stored context no longer fits its template is still listed, plainly.
        logger.exception("cannot render notification %s", notification.id)
        title, body = (kind.description if kind else notification.kind), ""
    return InboxItem(
        id=notification.id,
        kind=notification.kind,
        title=title,
        body=body,
        link=notification.context.get("link"),
        event_id=notification.event_id,
        created_at=notification.created_at,
        read_at=notification.read_at,
    )


async def inbox(
    *,
    uow: NotificationUnitOfWork,
    defaults: Defaults,
    user_id: uuid.UUID,
    page: PageParams,
    unread_only: bool = False,
) -> InboxPage:
    """The user's messages, newest first, in their language, with the number still unread."""
    async with uow:
        rows, total, unread = await uow.notifications.inbox(
            user_id, offset=page.offset, limit=page.limit, unread_only=unread_only
        )
        chosen = effective(await uow.preferences.get(user_id), defaults)
    items = [_item(row, language=chosen.language, timezone=chosen.timezone) for row in rows]
    return InboxPage(items=items, total=total, page=page.page, size=page.size, unread=unread)


async def mark_read(
    *,
    uow: NotificationUnitOfWork,
    clock: Clock,
    defaults: Defaults,
    user_id: uuid.UUID,
    notification_id: uuid.UUID,
) -> InboxItem:
    """Mark one of the user's messages read; someone else's is as unknown as a missing one."""
    async with uow:
        found = await uow.notifications.mark_read(notification_id, user_id, now=clock.now())
        if found is None:
            raise NotificationNotFound()
        chosen = effective(await uow.preferences.get(user_id), defaults)
        await uow.commit()
    return _item(found, language=chosen.language, timezone=chosen.timezone)

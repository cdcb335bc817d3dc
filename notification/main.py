"""Entry point: `uvicorn notification.main:create_app --factory`. The worker that sends email, reminders
and the fan-out is its own process: `python -m notification.worker`."""

from fastapi import FastAPI

from common.app import create_service_app
from common.clock import SystemClock
from notification.config import get_settings
from notification.events.router import router as events_router
from notification.links import Links
from notification.messages.router import router as inbox_router
from notification.preferences.router import router as settings_router
from notification.preferences.service import Defaults

DESCRIPTION = """Tells people what happens to their screenings: by email and in an in-app inbox.
More in `docs/notifications.md`.

**Inbox.** `GET /notification/v1/inbox` lists my messages, newest first, with the number unread;
`POST /notification/v1/inbox/{id}/read` marks one read. Nobody sees another person's messages.

**Settings.** Messages come in Russian unless I choose English (`PUT /notification/v1/settings`),
with times in my time zone; any kind of message (`GET /notification/v1/kinds`) can be muted.

**Events.** The booking service's relay hands in its domain events (`POST /notification/v1/events`,
service token only). Each is stored once by its id, with the messages it implies, in one transaction;
a redelivery answers 200 `duplicate` and sends nothing again.
"""


async def _wire(app: FastAPI) -> None:
    settings = get_settings()
    app.state.clock = SystemClock()
    app.state.links = Links(settings.public_base_url)
    app.state.defaults = Defaults(language=settings.default_language, timezone=settings.default_timezone)


def create_app() -> FastAPI:
    return create_service_app(
        settings=get_settings(),
        title="Kinoclub Notification service",
        description=DESCRIPTION,
        routers=[inbox_router, settings_router, events_router],
        on_startup=[_wire],
    )

"""Entry point: `uvicorn notification.main:create_app --factory`. The worker that sends email, reminders
and the fan-out is its own process: `python -m notification.worker`."""

from fastapi import FastAPI

from common.app import create_service_app
from common.clock import SystemClock
from common.service_auth import ServiceTokenProvider
from common.service_client import ServiceClient
from notification.accounts.router import router as accounts_router
from notification.config import get_settings
from notification.events.router import router as events_router
from notification.integrations.accounts import AccountLanguages
from notification.integrations.auth import UserDirectory
from notification.links import Links
from notification.messages.router import router as inbox_router
from notification.preferences.router import router as settings_router
from notification.preferences.service import Defaults

DESCRIPTION = """Tells people what happens to their screenings: by email and in an in-app inbox.
More in `docs/notifications.md`.

**Inbox.** `GET /notification/v1/inbox` lists my messages, newest first, with the number unread;
`POST /notification/v1/inbox/{id}/read` marks one read, `POST /notification/v1/inbox/read-all` all of
them. Nobody sees another person's messages.

**Settings.** Messages come in the language I chose here (`PUT /notification/v1/settings`), else in my
account's language (auth, set by the web front's switcher), else in Russian, with times in my time
zone; any kind of message (`GET /notification/v1/kinds`) can be muted.

**Events.** The booking service's relay hands in its domain events (`POST /notification/v1/events`,
service token only). Each is stored once by its id, with the messages it implies, in one transaction;
a redelivery answers 200 `duplicate` and sends nothing again.
"""


async def _wire(app: FastAPI) -> None:
    settings = get_settings()
    app.state.clock = SystemClock()
    app.state.links = Links(settings.public_base_url)
    app.state.defaults = Defaults(language=settings.default_language, timezone=settings.default_timezone)
    tokens = ServiceTokenProvider(
        app.state.http,
        auth_url=settings.auth_url,
        client_id=settings.service_client_id,
        client_secret=settings.service_client_secret,
    )
    directory = UserDirectory(ServiceClient(app.state.http, base_url=settings.auth_url, tokens=tokens))
    app.state.accounts = AccountLanguages(directory, app.state.cache)


def create_app() -> FastAPI:
    return create_service_app(
        settings=get_settings(),
        title="Kinoclub Notification service",
        description=DESCRIPTION,
        routers=[inbox_router, settings_router, events_router, accounts_router],
        on_startup=[_wire],
    )

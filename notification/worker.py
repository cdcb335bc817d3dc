"""`python -m notification.worker`: the notification service's background work, in its own process.

Each round: fan-out jobs (UGC lists), reminders (every few seconds), then due emails. Every step reads
its work from PostgreSQL, so the worker keeps no state: stop it, restart it, run two; nothing is lost or
sent twice. SIGTERM lets the round in progress finish (briefly) and exits."""

import asyncio
import logging
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from common.clock import Clock, SystemClock
from common.db import Database
from common.http import create_http_client
from common.mail import Mailer, SmtpMailer
from common.service_auth import ServiceTokenProvider
from common.service_client import ServiceClient
from common.worker import run_process, run_rounds
from notification.config import Settings, get_settings
from notification.delivery.service import AddressBook, DeliveryPolicy, deliver_due
from notification.fanout.service import AudienceSource, FanoutPolicy, run_fanout
from notification.integrations.auth import UserDirectory
from notification.integrations.ugc import Audience
from notification.links import Links
from notification.preferences.service import Defaults
from notification.reminders.service import run_reminders
from notification.uow import NotificationUnitOfWork

logger = logging.getLogger("notification.worker")


@dataclass
class Worker:
    """One round of every kind of work; `run` repeats rounds until told to stop."""

    db: Database
    mailer: Mailer
    addresses: AddressBook
    audience: AudienceSource
    clock: Clock
    links: Links
    defaults: Defaults
    delivery: DeliveryPolicy = field(default_factory=DeliveryPolicy)
    fanout: FanoutPolicy = field(default_factory=FanoutPolicy)
    poll_seconds: float = 0.25
    reminder_every: float = 5.0
    heartbeat: Path | None = None
    _last_scan: float = field(default=0.0, init=False)

    def _uow(self) -> NotificationUnitOfWork:
        return NotificationUnitOfWork(self.db.sessionmaker)

    async def round(self) -> int:
        """Do what is due now; how many things were done (0 means there is nothing to hurry for)."""
        done = await run_fanout(
            uow_factory=self._uow,
            audience=self.audience,
            clock=self.clock,
            links=self.links,
            policy=self.fanout,
        )
        if time.monotonic() - self._last_scan >= self.reminder_every:
            self._last_scan = time.monotonic()
            done += await run_reminders(uow_factory=self._uow, clock=self.clock, links=self.links)
        report = await deliver_due(
            uow_factory=self._uow,
            mailer=self.mailer,
            addresses=self.addresses,
            clock=self.clock,
            links=self.links,
            defaults=self.defaults,
            policy=self.delivery,
        )
        return done + report.sent + report.failed + report.skipped + report.expired

    async def run(self, stop: asyncio.Event) -> None:
        """Rounds until `stop` is set: at once while there was work, else every `poll_seconds`."""

        async def busy_round() -> bool:
            return await self.round() > 0

        await run_rounds(
            busy_round,
            stop=stop,
            name="notification worker",
            poll_seconds=self.poll_seconds,
            heartbeat=self.heartbeat,
        )


async def _work(settings: Settings, stop: asyncio.Event) -> None:
    db = Database(settings.database_url, pool_size=4, max_overflow=2, application_name="notification_worker")
    http = create_http_client(timeout=settings.http_timeout_seconds, retries=settings.http_retries)
    tokens = ServiceTokenProvider(
        http,
        auth_url=settings.auth_url,
        client_id=settings.service_client_id,
        client_secret=settings.service_client_secret,
    )
    worker = Worker(
        db=db,
        mailer=SmtpMailer(
            host=settings.smtp_host,
            port=settings.smtp_port,
            sender=settings.mail_from,
            timeout=settings.smtp_timeout_seconds,
        ),
        addresses=UserDirectory(ServiceClient(http, base_url=settings.auth_url, tokens=tokens)),
        audience=Audience(ServiceClient(http, base_url=settings.ugc_url, tokens=tokens)),
        clock=SystemClock(),
        links=Links(settings.public_base_url),
        defaults=Defaults(language=settings.default_language, timezone=settings.default_timezone),
        delivery=DeliveryPolicy(
            backoff_base_seconds=settings.email_backoff_base_seconds,
            backoff_max_seconds=settings.email_backoff_max_seconds,
            give_up_after=timedelta(hours=settings.email_give_up_hours),
            batch_size=settings.email_batch_size,
        ),
        fanout=FanoutPolicy(
            backoff_base_seconds=settings.fanout_backoff_base_seconds,
            backoff_max_seconds=settings.fanout_backoff_max_seconds,
        ),
        poll_seconds=settings.worker_poll_seconds,
        reminder_every=settings.reminder_scan_seconds,
        heartbeat=Path(settings.ready_file) if settings.ready_file else None,
    )
    logger.info("mail goes to %s:%s", settings.smtp_host, settings.smtp_port)
    try:
        await worker.run(stop)
    finally:
        await http.aclose()
        await db.dispose()


def main() -> None:
    settings = get_settings()
    run_process(
        lambda stop: _work(settings, stop),
        name="notification worker",
        service="notification_worker",
        settings=settings,
    )


if __name__ == "__main__":
    main()

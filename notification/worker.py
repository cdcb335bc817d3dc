"""`python -m notification.worker`: the notification service's background work, in its own process.

Each round: fan-out jobs (UGC lists), reminders (every few seconds), then due emails. Every step reads
its work from PostgreSQL, so the worker keeps no state: stop it, restart it, run two; nothing is lost or
sent twice. SIGTERM lets the round in progress finish (briefly) and exits."""

import asyncio
import contextlib
import logging
import os
import signal
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from common.clock import Clock, SystemClock
from common.db import Database
from common.http import create_http_client
from common.logging import configure_logging
from common.service_auth import ServiceTokenProvider
from notification.config import Settings, get_settings
from notification.delivery.mailer import Mailer, SmtpMailer
from notification.delivery.service import AddressBook, DeliveryPolicy, deliver_due
from notification.fanout.service import AudienceSource, FanoutPolicy, run_fanout
from notification.integrations.auth import UserDirectory
from notification.integrations.ugc import Audience
from notification.links import Links
from notification.preferences.service import Defaults
from notification.reminders.service import run_reminders
from notification.uow import NotificationUnitOfWork

logger = logging.getLogger("notification.worker")

_SHUTDOWN_GRACE_SECONDS = 5.0


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

    def _beat(self) -> None:
        if self.heartbeat is not None:
            self.heartbeat.write_text(str(os.getpid()))

    async def run(self, stop: asyncio.Event) -> None:
        troubles = 0
        while not stop.is_set():
            self._beat()
            wait = self.poll_seconds
            try:
                if await self.round():
                    troubles = 0
                    continue
                troubles = 0
            except Exception:
                # The database or a service went away mid-round; the work is still in the tables.
                troubles += 1
                logger.exception("worker round failed; trying again shortly")
                wait = min(5.0, self.poll_seconds * 2**troubles)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), wait)


async def _main(settings: Settings) -> None:
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
        addresses=UserDirectory(http, tokens, auth_url=settings.auth_url),
        audience=Audience(http, tokens, ugc_url=settings.ugc_url),
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
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    logger.info("notification worker started", extra={"smtp": f"{settings.smtp_host}:{settings.smtp_port}"})
    task = asyncio.create_task(worker.run(stop))
    await stop.wait()
    try:
        await asyncio.wait_for(task, _SHUTDOWN_GRACE_SECONDS)
    except TimeoutError:
        logger.warning("a round outlived the shutdown grace; its work is retried after restart")
    finally:
        await http.aclose()
        await db.dispose()
    logger.info("notification worker stopped")


def main() -> None:
    settings = get_settings()
    configure_logging(
        service="notification_worker",
        level=settings.log_level,
        graylog_host=settings.graylog_host,
        graylog_port=settings.graylog_port,
    )
    asyncio.run(_main(settings))


if __name__ == "__main__":
    main()

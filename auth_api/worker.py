"""`python -m auth_api.worker`: the auth service's background work, in its own process.

Each round: account events to the services that hold personal data (auth's outbox, relayed by
`common.outbox.Relay`), then due emails (verification and reset links), and every minute the
housekeeping that keeps the tables small. Everything is read from PostgreSQL, so the worker keeps no
state: stop it, restart it, run two (one relays at a time; mail rows are locked while sent)."""

import asyncio
import logging
import time
from datetime import timedelta
from pathlib import Path

from auth_api.config import Settings, get_settings
from auth_api.mail.service import MailPolicy, deliver_due
from auth_api.maintenance import sweep
from auth_api.privacy.holders import data_holders
from auth_api.uow import AuthUnitOfWork
from common.clock import SystemClock
from common.db import Database
from common.http import create_http_client
from common.mail import SmtpMailer
from common.outbox import Backoff, HttpDeliverer, Relay
from common.service_auth import ServiceTokenProvider
from common.service_client import ServiceClient
from common.worker import run_process, run_rounds

logger = logging.getLogger("auth_api.worker")

SWEEP_EVERY_SECONDS = 60


async def _work(settings: Settings, stop: asyncio.Event) -> None:
    db = Database(settings.database_url, pool_size=4, max_overflow=2, application_name="auth_worker")
    http = create_http_client(timeout=settings.http_timeout_seconds, retries=1)
    tokens = ServiceTokenProvider(
        http,
        auth_url=settings.auth_url,
        client_id=settings.service_client_id,
        client_secret=settings.service_client_secret,
    )
    clock = SystemClock()
    relay = Relay(
        db.engine,
        table="outbox",
        deliverers={
            holder.name: HttpDeliverer(
                ServiceClient(http, base_url=holder.base_url, tokens=tokens), holder.events_path
            )
            for holder in data_holders(settings)
        },
        clock=clock,
        backoff=Backoff(settings.relay_backoff_base_seconds, settings.relay_backoff_max_seconds),
    )
    mailer = SmtpMailer(
        host=settings.smtp_host,
        port=settings.smtp_port,
        sender=settings.mail_from,
        timeout=settings.smtp_timeout_seconds,
    )
    policy = MailPolicy(
        backoff_base_seconds=settings.mail_backoff_base_seconds,
        backoff_max_seconds=settings.mail_backoff_max_seconds,
        give_up_after=timedelta(hours=settings.mail_give_up_hours),
    )
    last_sweep = 0.0

    async def round_() -> bool:
        nonlocal last_sweep
        relayed = await relay.relay_once()
        mailed = await deliver_due(
            uow=AuthUnitOfWork(db.sessionmaker), mailer=mailer, clock=clock, policy=policy
        )
        if time.monotonic() - last_sweep >= SWEEP_EVERY_SECONDS:
            last_sweep = time.monotonic()
            await sweep(uow=AuthUnitOfWork(db.sessionmaker), clock=clock)
            await relay.purge_sent(older_than=timedelta(days=1))
        return (relayed.picked >= relay.batch_size and not relayed.failed) or mailed >= policy.batch_size

    logger.info("mail goes to %s:%s", settings.smtp_host, settings.smtp_port)
    try:
        await run_rounds(
            round_,
            stop=stop,
            name="auth worker",
            poll_seconds=settings.worker_poll_seconds,
            heartbeat=Path(settings.ready_file) if settings.ready_file else None,
        )
    finally:
        await http.aclose()
        await db.dispose()


def main() -> None:
    settings = get_settings()
    run_process(
        lambda stop: _work(settings, stop), name="auth worker", service="auth_worker", settings=settings
    )


if __name__ == "__main__":
    main()

"""Email delivery: SMTP down means wait and retry, a 5xx answer is recorded and never retried, and a
kind muted after the message was made is not mailed. Run in-process on a fake clock against the
stack's database and its real SMTP sink; the stack's own worker never finds this work due."""

import uuid
from datetime import timedelta

import httpx
import pytest

from common.clock import FakeClock
from common.events import Envelope
from common.mail import SmtpMailer
from common.service_auth import ServiceTokenProvider
from common.service_client import ServiceClient
from devstack.procs import free_port
from devstack.stack import Stack
from notification.delivery.service import DeliveryPolicy, DeliveryReport, deliver_due
from notification.events.service import ingest
from notification.integrations.auth import UserDirectory
from tests.factories import TestUser, new_user
from tests.notification.conftest import (
    InProcess,
    Sql,
    booked,
    envelope,
    far_future_clock_start,
    mail_to,
    quiet_worker,
    register,
    screening,
)

POLICY = DeliveryPolicy(backoff_base_seconds=5, backoff_max_seconds=60, give_up_after=timedelta(hours=48))


@pytest.fixture
def clock(notification_sql: Sql) -> FakeClock:
    quiet_worker(notification_sql)
    return FakeClock(far_future_clock_start())


async def _booking_for(inproc: InProcess, clock: FakeClock, guest: TestUser) -> dict:
    """A booking.created handed in in-process: the guest's confirmation and the (unknown) host's notice."""
    data = booked(screening(host_id=uuid.uuid4(), starts_at=clock.now() + timedelta(days=3)), guest.id)
    result = await ingest(
        uow=inproc.uow(),
        clock=clock,
        links=inproc.links,
        envelope=Envelope.model_validate(envelope("booking.created", data)),
        source="booking_api",
        allowed_sources=["booking_api"],
    )
    assert result.status == "accepted"
    return data


async def _delivery(notification_sql: Sql, user: TestUser) -> dict:
    rows = await notification_sql.afetch(
        "SELECT d.status, d.attempts, d.next_attempt_at, d.last_error, d.address, n.id AS notification_id"
        " FROM email_deliveries d JOIN notifications n ON n.id = d.notification_id WHERE d.recipient_id = $1",
        user.id,
    )
    assert len(rows) == 1, rows
    return dict(rows[0])


async def _round(inproc: InProcess, clock: FakeClock, mailer: SmtpMailer) -> DeliveryReport:
    return await deliver_due(
        uow_factory=inproc.uow,
        mailer=mailer,
        addresses=inproc.addresses,
        clock=clock,
        links=inproc.links,
        defaults=inproc.defaults,
        policy=POLICY,
    )


async def test_mail_waits_while_smtp_is_down_and_arrives_once_it_is_back(
    stack: Stack, inproc: InProcess, notification_sql: Sql, clock: FakeClock
) -> None:
    guest = new_user(stack)
    data = await _booking_for(inproc, clock, guest)
    down = SmtpMailer(host="127.0.0.1", port=free_port(), sender="Kinoclub <noreply@kinoclub.local>")

    await _round(inproc, clock, down)
    host = await notification_sql.afetch(
        "SELECT status, last_error FROM email_deliveries WHERE recipient_id = $1", uuid.UUID(data["host_id"])
    )
    assert [(r["status"], r["last_error"]) for r in host] == [("failed", "no such user at auth")]
    waiting = await _delivery(notification_sql, guest)
    assert (waiting["status"], waiting["attempts"]) == ("pending", 1)
    assert waiting["last_error"].startswith("cannot connect")
    assert waiting["next_attempt_at"] == clock.now() + timedelta(seconds=5)

    clock.advance(timedelta(seconds=4))
    await _round(inproc, clock, inproc.sink)
    assert (await _delivery(notification_sql, guest))["attempts"] == 1, "not before its next attempt"
    clock.advance(timedelta(seconds=1))
    await _round(inproc, clock, down)
    assert (await _delivery(notification_sql, guest))["next_attempt_at"] == clock.now() + timedelta(
        seconds=10
    )

    clock.advance(timedelta(seconds=10))
    await _round(inproc, clock, inproc.sink)
    sent = await _delivery(notification_sql, guest)
    assert (sent["status"], sent["attempts"], sent["address"]) == ("sent", 3, guest.email)
    mail = mail_to(stack, guest.email)
    assert [m["X-Kinoclub-Notification"] for m in mail] == [str(sent["notification_id"])]
    assert mail[0]["Subject"] == "Бронь подтверждена: «Solaris»"
    assert mail[0]["X-Kinoclub-Event"] == data["event_id"]
    assert f"/events/{data['event_id']}" in mail[0].get_body(("plain",)).get_content()
    clock.advance(timedelta(days=1))
    await _round(inproc, clock, inproc.sink)
    assert len(mail_to(stack, guest.email)) == 1, "sent is final"


async def test_a_permanent_smtp_failure_is_recorded_and_not_retried(
    stack: Stack, inproc: InProcess, notification_sql: Sql, clock: FakeClock
) -> None:
    bouncer = register(stack, local_part="bounce", name="Bad Address")
    await _booking_for(inproc, clock, bouncer)

    await _round(inproc, clock, inproc.sink)
    failed = await _delivery(notification_sql, bouncer)
    assert (failed["status"], failed["attempts"]) == ("failed", 1)
    assert failed["last_error"].startswith("550"), failed["last_error"]
    for _ in range(3):
        clock.advance(timedelta(hours=6))
        await _round(inproc, clock, inproc.sink)
    assert (await _delivery(notification_sql, bouncer))["attempts"] == 1
    assert mail_to(stack, bouncer.email) == []


async def test_temporary_failures_give_up_after_the_give_up_age(
    stack: Stack, inproc: InProcess, notification_sql: Sql, clock: FakeClock
) -> None:
    guest = new_user(stack)
    await _booking_for(inproc, clock, guest)
    down = SmtpMailer(host="127.0.0.1", port=free_port(), sender="Kinoclub <noreply@kinoclub.local>")
    for _ in range(8):
        await _round(inproc, clock, down)
        clock.advance(timedelta(minutes=1))
    assert (await _delivery(notification_sql, guest))["attempts"] == 8
    clock.advance(timedelta(hours=48))
    await _round(inproc, clock, down)
    expired = await _delivery(notification_sql, guest)
    assert (expired["status"], expired["attempts"]) == ("expired", 8)
    assert expired["last_error"].startswith("gave up after 8 attempts")


async def test_a_kind_muted_after_the_message_was_made_is_not_mailed(
    stack: Stack, gateway: httpx.Client, inproc: InProcess, notification_sql: Sql, clock: FakeClock
) -> None:
    guest = new_user(stack)
    await _booking_for(inproc, clock, guest)
    response = gateway.put(
        "/notification/v1/settings",
        json={"language": "ru", "muted_kinds": ["booking_confirmed"]},
        headers=guest.headers,
    )
    assert response.status_code == 200, response.text

    await _round(inproc, clock, inproc.sink)
    skipped = await _delivery(notification_sql, guest)
    assert (skipped["status"], skipped["last_error"]) == ("skipped", "muted")
    assert mail_to(stack, guest.email) == []


async def test_mail_waits_while_auth_cannot_say_the_address(
    stack: Stack, inproc: InProcess, notification_sql: Sql, clock: FakeClock, http: httpx.AsyncClient
) -> None:
    guest = new_user(stack)
    await _booking_for(inproc, clock, guest)
    nowhere = f"http://127.0.0.1:{free_port()}"
    tokens = ServiceTokenProvider(http, auth_url=nowhere, client_id="notification", client_secret="x")
    unreachable = UserDirectory(ServiceClient(http, base_url=nowhere, tokens=tokens))

    await deliver_due(
        uow_factory=inproc.uow,
        mailer=inproc.sink,
        addresses=unreachable,
        clock=clock,
        links=inproc.links,
        defaults=inproc.defaults,
        policy=POLICY,
    )
    waiting = await _delivery(notification_sql, guest)
    assert (waiting["status"], waiting["attempts"]) == ("pending", 1)
    assert waiting["last_error"].startswith("no address yet")
    assert mail_to(stack, guest.email) == []

    clock.advance(timedelta(seconds=5))
    await _round(inproc, clock, inproc.sink)
    assert (await _delivery(notification_sql, guest))["status"] == "sent"
    assert len(mail_to(stack, guest.email)) == 1

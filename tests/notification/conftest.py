"""Notification test helpers: the in-process service functions against the stack's own databases,
clocks, the mail the local SMTP sink wrote, and polling with a deadline for asynchronous delivery."""

import email
import email.policy
import json
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any, TypeVar

import asyncpg
import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from booking_api.outbox.relay import HttpNotificationClient
from common.db import Database, async_url
from common.http import create_http_client
from common.mail import SmtpMailer
from common.service_auth import ServiceTokenProvider
from common.service_client import ServiceClient
from devstack.stack import Stack
from notification.integrations.auth import UserDirectory
from notification.integrations.ugc import Audience
from notification.links import Links
from notification.preferences.service import Defaults
from notification.uow import NotificationUnitOfWork
from tests.factories import DEFAULT_PASSWORD, TestUser, login

T = TypeVar("T")


def eventually(
    check: Callable[[], T | None], *, timeout: float = 60, interval: float = 0.1, what: str = ""
) -> T:
    """Poll until `check` gives something truthy (asynchronous delivery), failing at the deadline."""
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"not within {timeout:.0f}s: {what or check}; last seen: {last!r}")


def plain_url(url: str) -> str:
    return url.replace("postgresql+asyncpg://", "postgresql://")


class Sql:
    """Straight, synchronous reads of one of the stack's databases."""

    def __init__(self, url: str):
        self.url = plain_url(url)

    def fetch(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        import asyncio

        async def run() -> list[asyncpg.Record]:
            conn = await asyncpg.connect(self.url)
            try:
                return await conn.fetch(sql, *args)
            finally:
                await conn.close()

        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return asyncio.run(run())
        # Called from an async test: its loop is busy, so the query gets a loop of its own in a thread.
        with ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(asyncio.run, run()).result()

    def value(self, sql: str, *args: Any) -> Any:
        rows = self.fetch(sql, *args)
        return rows[0][0] if rows else None

    async def afetch(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        """The same from inside a running event loop (async tests)."""
        conn = await asyncpg.connect(self.url)
        try:
            return await conn.fetch(sql, *args)
        finally:
            await conn.close()

    async def avalue(self, sql: str, *args: Any) -> Any:
        rows = await self.afetch(sql, *args)
        return rows[0][0] if rows else None


@pytest.fixture(scope="session")
def booking_sql(stack: Stack) -> Sql:
    return Sql(stack.database_urls["booking_api"])


@pytest.fixture(scope="session")
def notification_sql(stack: Stack) -> Sql:
    return Sql(stack.database_urls["notification"])


@pytest.fixture(scope="session")
def movie(gateway: httpx.Client) -> dict[str, Any]:
    response = gateway.get("/movie_api/v1/movies", params={"watch_party": "true", "size": 5})
    assert response.status_code == 200, response.text
    return response.json()["items"][1]


@pytest.fixture(scope="session")
def booking(stack: Stack) -> Iterator[httpx.Client]:
    """The booking service directly: many writes in a row without nginx's per-address write limit."""
    with httpx.Client(base_url=stack.service_url("booking_api"), timeout=10) as client:
        yield client


# -- in-process pieces -----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def secrets_of(stack: Stack) -> dict[str, str]:
    return json.loads((stack.data_dir / "secrets.json").read_text())


@pytest.fixture(scope="session")
async def notification_db(stack: Stack) -> AsyncIterator[Database]:
    db = Database(stack.database_urls["notification"], pool_size=4, application_name="notification-tests")
    yield db
    await db.dispose()


@pytest.fixture(scope="session")
async def booking_engine(stack: Stack) -> AsyncIterator[AsyncEngine]:
    engine = create_async_engine(async_url(stack.database_urls["booking_api"]), pool_size=10)
    yield engine
    await engine.dispose()


@pytest.fixture(scope="session")
async def http() -> AsyncIterator[httpx.AsyncClient]:
    client = create_http_client(timeout=5, retries=1)
    yield client
    await client.aclose()


@pytest.fixture(scope="session")
def notification_tokens(
    stack: Stack, http: httpx.AsyncClient, secrets_of: dict[str, str]
) -> ServiceTokenProvider:
    return ServiceTokenProvider(
        http,
        auth_url=stack.service_url("auth_api"),
        client_id="notification",
        client_secret=secrets_of["notification"],
    )


@pytest.fixture(scope="session")
def relay_client(stack: Stack, http: httpx.AsyncClient, secrets_of: dict[str, str]) -> HttpNotificationClient:
    """What the relay process uses: the notification service over HTTP, as the booking service."""
    tokens = ServiceTokenProvider(
        http,
        auth_url=stack.service_url("auth_api"),
        client_id="booking_api",
        client_secret=secrets_of["booking_api"],
    )
    return HttpNotificationClient(
        ServiceClient(http, base_url=stack.service_url("notification"), tokens=tokens)
    )


@dataclass
class InProcess:
    """The notification service's functions as its worker calls them, against the stack's database."""

    db: Database
    links: Links
    defaults: Defaults
    addresses: UserDirectory
    audience: Audience
    sink: SmtpMailer

    def uow(self) -> NotificationUnitOfWork:
        return NotificationUnitOfWork(self.db.sessionmaker)


@pytest.fixture(scope="session")
def inproc(
    stack: Stack,
    notification_db: Database,
    http: httpx.AsyncClient,
    notification_tokens: ServiceTokenProvider,
) -> InProcess:
    sink = stack.services["smtp_sink"]
    return InProcess(
        db=notification_db,
        links=Links(f"http://localhost:{stack.port}"),
        defaults=Defaults(),
        addresses=UserDirectory(
            ServiceClient(http, base_url=stack.service_url("auth_api"), tokens=notification_tokens)
        ),
        audience=Audience(
            ServiceClient(http, base_url=stack.service_url("ugc_api"), tokens=notification_tokens)
        ),
        sink=SmtpMailer(
            host="127.0.0.1", port=int(sink.port or 0), sender="Kinoclub <noreply@kinoclub.local>"
        ),
    )


def far_future_clock_start() -> datetime:
    """Work made in-process is stamped with a fake clock this far ahead, so the stack's own worker (on
    the real clock) never finds it due and the test alone decides when it happens."""
    return datetime.now(UTC).replace(microsecond=0) + timedelta(days=400)


@pytest.fixture
def paused_relay(stack: Stack) -> Iterator[None]:
    """The stack's relay process stopped for the test (an in-process relay takes its place)."""
    stack.stop_service("booking_relay")
    try:
        yield
    finally:
        stack.start_service("booking_relay")


def quiet_worker(notification_sql: Sql, timeout: float = 30) -> None:
    """Give the stack's worker a moment to finish what is pending, so an in-process round (which claims
    whatever is due on its fake clock) meets little besides the test's own work. Best effort: the tests
    look only at their own rows, so leftovers of other suites cannot make them fail."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and notification_sql.value(
        "SELECT (SELECT count(*) FROM email_deliveries WHERE status = 'pending')"
        " + (SELECT count(*) FROM fanout_jobs WHERE status = 'pending')"
    ):
        time.sleep(0.1)


# -- people, inboxes, mail -------------------------------------------------------------------------


def register(stack: Stack, *, local_part: str, name: str) -> TestUser:
    """A user with a chosen email local part (the SMTP sink refuses `bounce...` addresses)."""
    address = f"{local_part}-{uuid.uuid4().hex[:10]}@kinoclub.example"
    with httpx.Client(base_url=stack.service_url("auth_api"), timeout=10) as auth:
        response = auth.post(
            "/auth/v1/register/", json={"email": address, "password": DEFAULT_PASSWORD, "name": name}
        )
        assert response.status_code == 201, response.text
    return login(stack, address, DEFAULT_PASSWORD)


def inbox(gateway: httpx.Client, user: TestUser, **params: Any) -> dict[str, Any]:
    response = gateway.get("/notification/v1/inbox", params={"size": 100, **params}, headers=user.headers)
    assert response.status_code == 200, response.text
    return response.json()


def kinds_for(gateway: httpx.Client, user: TestUser, event_id: str | None = None) -> Counter[str]:
    """How many messages of each kind the user has (about one screening, if given)."""
    items = inbox(gateway, user)["items"]
    return Counter(item["kind"] for item in items if event_id is None or item["event_id"] == event_id)


def mail_to(stack: Stack, address: str) -> list[EmailMessage]:
    """Every notification the SMTP sink wrote for this address (not auth's account emails, such as the
    verification link every new account gets)."""
    found = []
    directory: Path = stack.mail_dir
    for path in sorted(directory.glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if message["To"] == address and message["X-Kinoclub-Notification"] is not None:
            found.append(message)
    return found  # type: ignore[return-value]


def mail_kinds(stack: Stack, address: str, event_id: str | None = None) -> Counter[str]:
    """Kinds of the emails an address got (optionally about one screening)."""
    return Counter(
        str(message["X-Kinoclub-Kind"])
        for message in mail_to(stack, address)
        if event_id is None or message["X-Kinoclub-Event"] == event_id
    )


def envelope(type_: str, data: dict[str, Any], *, occurred_at: datetime | None = None) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "type": type_,
        "occurred_at": (occurred_at or datetime.now(UTC)).isoformat(),
        "request_id": uuid.uuid4().hex,
        "data": data,
    }


def screening(
    *, host_id: uuid.UUID | str, starts_at: datetime, movie_id: str | None = None, title: str = "Solaris"
) -> dict[str, Any]:
    """An event payload as booking writes it (`common.events.EventFacts`)."""
    event_id = uuid.uuid4()
    return {
        "event_id": str(event_id),
        "host_id": str(host_id),
        "host_name": "Hanna Host",
        "movie_id": movie_id or str(uuid.uuid4()),
        "movie_title": title,
        "starts_at": starts_at.isoformat(),
        "ends_at": (starts_at + timedelta(minutes=160)).isoformat(),
        "place": {"id": str(uuid.uuid4()), "name": "Loft", "city": "Moscow", "address": "Pokrovka 1"},
        "capacity": 6,
        "seats_left": 6,
        "series_id": None,
    }


def booked(
    event: dict[str, Any], guest_id: uuid.UUID | str, *, seats: int = 2, **extra: Any
) -> dict[str, Any]:
    return {
        **event,
        "booking_id": str(uuid.uuid4()),
        "guest_id": str(guest_id),
        "guest_name": "Gena Guest",
        "seats": seats,
        "seats_left": event["capacity"] - seats,
        **extra,
    }

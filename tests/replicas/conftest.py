"""A second stack, started the way `make run REPLICAS=3` starts one: three processes per service behind
nginx, two outbox relays, two notification workers, services calling each other through nginx.

Settings that differ from the session stack, each for one test's sake:
- CLICK_FLUSH_SECONDS=3600: clicks stay in the shortener processes until they stop, so the click test
  shows that SIGTERM writes them (and that no replica's clicks are lost);
- IDEMPOTENCY_STALE_SECONDS=10: a booking claim left behind by a killed replica is taken over after 10 s
  rather than 60 s (every request here finishes well within that; docs/deploy.md);
- HOUSEKEEPING_SECONDS=1: every booking replica runs its housekeeping every second, to race;
- nginx's booking write limit raised: the load tests send many writes per signed-in guest.
"""

import json
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from devstack.stack import Stack
from tests.booking.conftest import BookingDb
from tests.factories import TestUser, new_user
from tests.notification.conftest import plain_url
from tests.support import main_mode, make_stack

REPLICAS = 3


@pytest.fixture(scope="session")
def replicated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    data_dir = tmp_path_factory.mktemp("replicated")
    running = make_stack(
        main_mode(),
        data_dir,
        replicas=REPLICAS,
        env={
            "TEST_ROUTERS": '["tests.booking.naive:router"]',
            "TEST_CLOCK_FILE": str(data_dir / "clock-offset"),
            "CLICK_FLUSH_SECONDS": "3600",
            "IDEMPOTENCY_STALE_SECONDS": "10",
            "HOUSEKEEPING_SECONDS": "1",
        },
        nginx={"BOOKING_WRITE_RATE": "1000r/s", "BOOKING_WRITE_BURST": "1000"},
    )
    try:
        running.start()
    except BaseException:
        running.drop_databases()
        raise
    yield running
    running.stop()
    running.drop_databases()


@pytest.fixture(scope="session")
def front(replicated: Stack) -> Iterator[httpx.Client]:
    """An HTTP client pointed at the replicated stack's nginx."""
    with httpx.Client(base_url=replicated.url, timeout=30) as client:
        yield client


@pytest.fixture(scope="session")
def movie(front: httpx.Client) -> dict[str, Any]:
    response = front.get("/movie_api/v1/movies", params={"watch_party": "true", "size": 1})
    assert response.status_code == 200, response.text
    return response.json()["items"][0]


@pytest.fixture(scope="session")
def guests(replicated: Stack) -> list[TestUser]:
    """60 signed-in guests (registered across the auth replicas)."""
    with ThreadPoolExecutor(max_workers=6) as pool:
        return list(pool.map(lambda i: new_user(replicated, name=f"Replica guest {i}"), range(60)))


@pytest.fixture(scope="session")
def host(replicated: Stack) -> TestUser:
    return new_user(replicated, name="Replica Host")


@pytest.fixture(scope="session")
def db(replicated: Stack) -> BookingDb:
    return BookingDb(plain_url(replicated.database_urls["booking_api"]))


def clock_offset(stack: Stack, seconds: float) -> None:
    """Move the clock of every service that reads TEST_CLOCK_FILE (booking, web) by `seconds`."""
    (stack.data_dir / "clock-offset").write_text(str(seconds))


def upstreams_since(stack: Stack, since: datetime, path_prefix: str) -> list[str]:
    """nginx's `upstream` field ("a" or, after a retry, "a, b") of each request under `path_prefix` it
    logged since `since`."""
    found = []
    log: Path = stack.log_dir / "nginx-access.log"
    for line in log.read_text(errors="replace").splitlines():
        record = json.loads(line)
        if record["path"].startswith(path_prefix) and datetime.fromisoformat(record["ts"]) >= since:
            found.append(record["upstream"])
    return found


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)

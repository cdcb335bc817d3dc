"""Click counting: every redirect counted once, written in batches, and stats only for the owner."""

import asyncio
import logging
from collections.abc import Iterator, Mapping

import httpx
import pytest
from sqlalchemy import select

from common.db import Database
from devstack.stack import Stack
from tests.factories import TestUser
from tests.shortener.helpers import LINKS, created, stats, wait_for_clicks
from url_shortener.config import get_settings
from url_shortener.links import service
from url_shortener.links.clicks import ClickCounter
from url_shortener.links.models import Link
from url_shortener.main import create_app
from url_shortener.uow import ShortenerUnitOfWork


def test_click_counts_equal_the_redirects_sent(gateway: httpx.Client, alice: TestUser, target: str) -> None:
    link = created(gateway, alice.headers, target)
    other = created(gateway, alice.headers, f"{target}/other")
    sent = 37
    for n in range(sent):
        assert gateway.get(f"/s/{link['code']}").status_code == 302
        if n % 3 == 0:
            assert gateway.get(f"/s/{other['code']}").status_code == 302

    assert wait_for_clicks(gateway, alice.headers, link["code"], sent) == sent
    assert wait_for_clicks(gateway, alice.headers, other["code"], 13) == 13


async def test_concurrent_redirects_are_all_counted(
    gateway: httpx.Client, stack: Stack, alice: TestUser, target: str
) -> None:
    link = created(gateway, alice.headers, target)

    async with httpx.AsyncClient(base_url=stack.url) as client:
        answers = await asyncio.gather(*(client.get(f"/s/{link['code']}") for _ in range(200)))
    assert [r.status_code for r in answers] == [302] * 200
    assert wait_for_clicks(gateway, alice.headers, link["code"], 200) == 200


def test_404_and_410_answers_count_no_clicks(gateway: httpx.Client, alice: TestUser, target: str) -> None:
    link = created(gateway, alice.headers, target)
    assert gateway.get(f"/s/{link['code']}x").status_code == 404
    assert gateway.get(f"/s/{link['code']}").status_code == 302
    assert wait_for_clicks(gateway, alice.headers, link["code"], 1) == 1


def test_stats_are_for_the_owner_only(
    gateway: httpx.Client, alice: TestUser, bob: TestUser, target: str
) -> None:
    link = created(gateway, alice.headers, target)

    mine = stats(gateway, alice.headers, link["code"])
    assert mine["code"] == link["code"]
    assert mine["url"] == target
    assert mine["clicks"] == 0
    assert mine["expires_at"] is None
    assert mine["expired"] is False
    assert mine["alias"] is False
    assert mine["created_at"]

    # To anyone else the link does not exist, the same answer as for an unknown code.
    for code in (link["code"], "NoSuch99"):
        other = gateway.get(f"{LINKS}/{code}", headers=bob.headers)
        assert other.status_code == 404
        assert other.json()["code"] == "link_not_found"
    assert gateway.get(f"{LINKS}/{link['code']}").status_code == 401


async def _clicks_of(database: Database, code: str) -> int:
    async with database.sessionmaker() as session:
        return int(await session.scalar(select(Link.clicks).where(Link.code == code)) or 0)


async def test_stopping_the_counter_writes_the_clicks_still_held(
    database: Database, gateway: httpx.Client, alice: TestUser, target: str
) -> None:
    code = created(gateway, alice.headers, target)["code"]

    async def write(counts: Mapping[str, int]) -> None:
        await service.record_clicks(uow=ShortenerUnitOfWork(database.sessionmaker), counts=counts)

    # An hour between flushes: only the shutdown flush can write these.
    counter = ClickCounter(write, interval=3600)
    counter.start()
    for _ in range(5):
        counter.hit(code)
    await asyncio.sleep(0)
    assert await _clicks_of(database, code) == 0

    await counter.stop()
    assert counter.pending == 0
    assert await _clicks_of(database, code) == 5


async def test_a_failed_flush_keeps_its_counts_for_the_next_one(
    database: Database, gateway: httpx.Client, alice: TestUser, target: str
) -> None:
    code = created(gateway, alice.headers, target)["code"]
    healthy = True

    async def write(counts: Mapping[str, int]) -> None:
        if not healthy:
            raise ConnectionError("database down")
        await service.record_clicks(uow=ShortenerUnitOfWork(database.sessionmaker), counts=counts)

    counter = ClickCounter(write, interval=3600)
    counter.hit(code)
    counter.hit(code)
    healthy = False
    with pytest.raises(ConnectionError):
        await counter.flush()
    counter.hit(code)
    assert counter.pending == 3

    healthy = True
    assert await counter.flush() == 3
    assert counter.pending == 0
    assert await _clicks_of(database, code) == 3


async def test_clicks_of_many_links_are_written_in_one_batch(
    database: Database, gateway: httpx.Client, alice: TestUser, target: str
) -> None:
    codes = [created(gateway, alice.headers, f"{target}/{n}")["code"] for n in range(5)]
    await service.record_clicks(
        uow=ShortenerUnitOfWork(database.sessionmaker),
        counts={code: n + 1 for n, code in enumerate(codes)} | {"NoSuchCode": 4},
    )
    assert [await _clicks_of(database, code) for code in codes] == [1, 2, 3, 4, 5]


@pytest.fixture
def restore_logging() -> Iterator[None]:
    """create_app() points the root logger at stdout; give pytest its handlers back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in handlers:
        root.addHandler(handler)
    root.setLevel(level)


async def test_the_app_writes_the_clicks_it_holds_when_it_shuts_down(
    monkeypatch: pytest.MonkeyPatch,
    restore_logging: None,
    stack: Stack,
    database: Database,
    redis_prefix: str,
    gateway: httpx.Client,
    alice: TestUser,
    target: str,
) -> None:
    code = created(gateway, alice.headers, target)["code"]
    for name, value in {
        "DATABASE_URL": stack.database_urls["url_shortener"],
        "REDIS_URL": stack.redis_url,
        "REDIS_PREFIX": redis_prefix,
        "PUBLIC_BASE_URL": f"http://localhost:{stack.port}",
        "AUTH_URL": stack.service_url("auth_api"),
        # Only the shutdown can write within the test: the periodic flush is an hour away.
        "CLICK_FLUSH_SECONDS": "3600",
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    try:
        app = create_app()
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://shortener") as client:
                for _ in range(4):
                    assert (await client.get(f"/s/{code}")).status_code == 302
            assert app.state.clicks.pending == 4
            assert await _clicks_of(database, code) == 0
    finally:
        get_settings.cache_clear()
    assert await _clicks_of(database, code) == 4

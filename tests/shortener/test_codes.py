"""Codes and the use cases behind the routes, run against the stack's real PostgreSQL and Redis:
random codes, collisions under concurrency, expiry by the clock, and redirects without Redis."""

import asyncio
import socket
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from common.cache import Cache, create_redis
from common.clock import FakeClock, SystemClock
from common.db import Database
from common.security import Principal
from url_shortener.config import DEFAULT_CODE_ALPHABET, Settings
from url_shortener.links import service
from url_shortener.links.clicks import ClickCounter
from url_shortener.links.codes import generate_code
from url_shortener.links.exceptions import CodeSpaceExhausted, LinkExpired, LinkNotFound
from url_shortener.links.targets import TargetPolicy
from url_shortener.uow import ShortenerUnitOfWork


def owner() -> Principal:
    return Principal(subject=str(uuid.uuid4()))


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def _noop_write(_: object) -> None:
    return None


@pytest.fixture
def clicks() -> ClickCounter:
    return ClickCounter(_noop_write, interval=3600)


def scripted(codes: list[str]) -> Iterator[str]:
    yield from codes


def test_generated_codes_are_seven_random_characters_of_the_alphabet() -> None:
    codes = {generate_code(DEFAULT_CODE_ALPHABET, 7) for _ in range(2000)}
    assert len(codes) == 2000
    assert all(len(code) == 7 and set(code) <= set(DEFAULT_CODE_ALPHABET) for code in codes)
    # Every character shows up: the draw covers the alphabet rather than a biased part of it.
    assert set("".join(codes)) == set(DEFAULT_CODE_ALPHABET)


def test_settings_refuse_codes_shorter_than_seven_and_unsafe_alphabets() -> None:
    with pytest.raises(ValueError, match="greater than or equal to 7"):
        Settings(code_length=6)
    for alphabet in ("abc", "abcdefghijklmnop/", "aabcdefghijklmnopq"):
        with pytest.raises(ValueError, match="alphabet"):
            Settings(code_alphabet=alphabet)


async def test_a_code_that_is_taken_is_replaced_by_a_fresh_draw(
    database: Database, cache: Cache, settings: Settings, policy: TargetPolicy, target: str
) -> None:
    taken = (
        await service.shorten(
            uow=ShortenerUnitOfWork(database.sessionmaker),
            cache=cache,
            clock=SystemClock(),
            settings=settings,
            policy=policy,
            owner=owner(),
            url=target,
        )
    ).link.code
    fresh = f"Z{uuid.uuid4().hex[:9]}"
    draws = scripted([taken, taken, fresh])

    result = await service.shorten(
        uow=ShortenerUnitOfWork(database.sessionmaker),
        cache=cache,
        clock=SystemClock(),
        settings=settings,
        policy=policy,
        owner=owner(),
        url=target,
        new_code=lambda: next(draws),
    )
    assert result.created
    assert result.link.code == fresh


async def test_a_tiny_code_space_fills_up_concurrently_without_duplicates_then_answers_503(
    database: Database, cache: Cache, settings: Settings, policy: TargetPolicy, target: str
) -> None:
    # Two letters, two places: four codes in all, drawn by eight creators at once.
    alphabet = "Qq"
    tight = settings.model_copy(update={"code_attempts": 100})

    async def create(n: int) -> str:
        result = await service.shorten(
            uow=ShortenerUnitOfWork(database.sessionmaker),
            cache=cache,
            clock=SystemClock(),
            settings=tight,
            policy=policy,
            owner=owner(),
            url=f"{target}/{n}",
            new_code=lambda: generate_code(alphabet, 2),
        )
        return result.link.code

    outcomes = await asyncio.gather(*(create(n) for n in range(8)), return_exceptions=True)
    codes = [o for o in outcomes if isinstance(o, str)]
    assert sorted(codes) == ["QQ", "Qq", "qQ", "qq"]
    failures = [o for o in outcomes if not isinstance(o, str)]
    assert len(failures) == 4
    assert all(isinstance(f, CodeSpaceExhausted) for f in failures)


async def test_the_same_owner_shortening_one_url_at_once_gets_one_link(
    database: Database, cache: Cache, settings: Settings, policy: TargetPolicy, target: str
) -> None:
    someone = owner()

    async def create() -> service.Shortened:
        return await service.shorten(
            uow=ShortenerUnitOfWork(database.sessionmaker),
            cache=cache,
            clock=SystemClock(),
            settings=settings,
            policy=policy,
            owner=someone,
            url=target,
        )

    results = await asyncio.gather(*(create() for _ in range(6)))
    assert len({r.link.code for r in results}) == 1
    assert sum(r.created for r in results) == 1


async def test_a_link_expires_by_the_clock_and_then_the_same_url_gets_a_new_link(
    database: Database,
    cache: Cache,
    settings: Settings,
    policy: TargetPolicy,
    clicks: ClickCounter,
    target: str,
) -> None:
    clock = FakeClock(datetime(2031, 5, 1, 18, 0, tzinfo=UTC))
    someone = owner()

    async def shorten() -> service.Shortened:
        return await service.shorten(
            uow=ShortenerUnitOfWork(database.sessionmaker),
            cache=cache,
            clock=clock,
            settings=settings,
            policy=policy,
            owner=someone,
            url=target,
            expires_at=clock.now() + timedelta(hours=1),
        )

    async def follow(code: str) -> str:
        return await service.follow(
            uow=ShortenerUnitOfWork(database.sessionmaker),
            cache=cache,
            clock=clock,
            clicks=clicks,
            code=code,
            link_ttl=60,
            missing_ttl=5,
        )

    first = await shorten()
    clock.advance(timedelta(minutes=59))
    assert await follow(first.link.code) == target
    assert (await shorten()).link.code == first.link.code

    clock.advance(timedelta(minutes=1))
    with pytest.raises(LinkExpired):
        await follow(first.link.code)

    renewed = await shorten()
    assert renewed.created
    assert renewed.link.code != first.link.code
    assert await follow(renewed.link.code) == target
    with pytest.raises(LinkExpired):
        await follow(first.link.code)


async def test_redirects_work_from_postgresql_while_redis_is_down(
    database: Database,
    cache: Cache,
    settings: Settings,
    policy: TargetPolicy,
    clicks: ClickCounter,
    target: str,
) -> None:
    created = await service.shorten(
        uow=ShortenerUnitOfWork(database.sessionmaker),
        cache=cache,
        clock=SystemClock(),
        settings=settings,
        policy=policy,
        owner=owner(),
        url=target,
    )
    client = create_redis(f"redis://127.0.0.1:{closed_port()}/0", timeout=0.2)
    down = Cache(client, "kinoclub:url_shortener:")
    try:
        for _ in range(3):
            target_found = await service.follow(
                uow=ShortenerUnitOfWork(database.sessionmaker),
                cache=down,
                clock=SystemClock(),
                clicks=clicks,
                code=created.link.code,
                link_ttl=60,
                missing_ttl=5,
            )
            assert target_found == target
        with pytest.raises(LinkNotFound):
            await service.follow(
                uow=ShortenerUnitOfWork(database.sessionmaker),
                cache=down,
                clock=SystemClock(),
                clicks=clicks,
                code="NoSuchOne",
                link_ttl=60,
                missing_ttl=5,
            )
    finally:
        await client.aclose()
    assert clicks.pending == 3

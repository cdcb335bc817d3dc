"""Fixtures of the URL shortener tests: users, allowed targets, the service's database and Redis."""

import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
import redis

from common.cache import Cache, create_redis
from common.db import Database
from devstack.stack import Stack
from tests.factories import TestUser, new_user
from url_shortener.config import Settings
from url_shortener.links.targets import TargetPolicy


@pytest.fixture(scope="module")
def alice(stack: Stack) -> TestUser:
    return new_user(stack, name="Alice Shortener")


@pytest.fixture(scope="module")
def bob(stack: Stack) -> TestUser:
    return new_user(stack, name="Bob Shortener")


@pytest.fixture
def target(stack: Stack) -> str:
    """A fresh URL on the platform's public host, which links may point to."""
    return f"http://localhost:{stack.port}/booking/v1/events/{uuid.uuid4()}"


@pytest.fixture(scope="session")
def settings(stack: Stack) -> Settings:
    """The service's settings as the stack sets them, for calling its use cases from the tests."""
    return Settings(public_base_url=f"http://localhost:{stack.port}")


@pytest.fixture(scope="session")
def policy(settings: Settings) -> TargetPolicy:
    return TargetPolicy(
        settings.target_hosts, max_length=settings.max_url_length, short_link_hosts=[settings.public_host]
    )


@pytest.fixture(scope="session")
def redis_prefix(stack: Stack) -> str:
    return f"{stack.config.namespace}:url_shortener:"


@pytest.fixture(scope="session")
def redis_client(stack: Stack) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(stack.redis_url)
    yield client
    client.close()


@pytest.fixture(scope="session")
async def database(stack: Stack) -> AsyncIterator[Database]:
    """The url_shortener database, for use cases run in the test process."""
    db = Database(stack.database_urls["url_shortener"], pool_size=8, max_overflow=8)
    yield db
    await db.dispose()


@pytest.fixture(scope="session")
async def cache(stack: Stack, redis_prefix: str) -> AsyncIterator[Cache]:
    """The service's own cache (same Redis, same key prefix)."""
    client = create_redis(stack.redis_url, timeout=2)
    yield Cache(client, redis_prefix)
    await client.aclose()

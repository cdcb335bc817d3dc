"""Caching of catalog answers in Redis, reads without Redis, and the idempotent catalog load."""

import json
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis
from sqlalchemy import func, select

from common.cache import Cache, create_redis
from common.db import Database
from common.pagination import PageParams
from devstack.stack import Stack
from movie_api import bootstrap
from movie_api.movies import service
from movie_api.movies.catalog import load_films
from movie_api.movies.models import CatalogState, Movie
from movie_api.movies.repository import MovieUnitOfWork
from movie_api.movies.schemas import Genre, MovieFilter

FILMS = load_films()
STALKER = next(f for f in FILMS if f.title == "Stalker")
ROMAN_HOLIDAY = next(f for f in FILMS if f.title == "Roman Holiday")


@pytest.fixture(scope="module")
def redis_client(stack: Stack) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(stack.redis_url)
    yield client
    client.close()


@pytest.fixture(scope="module")
def prefix(stack: Stack) -> str:
    return f"{stack.config.namespace}:movie_api:"


def keys(client: redis.Redis, pattern: str) -> set[str]:
    return {k.decode() for k in client.scan_iter(match=pattern, count=1000)}


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_film_is_cached_in_redis_and_then_served_from_there(
    gateway: httpx.Client, redis_client: redis.Redis, prefix: str
) -> None:
    pattern = f"{prefix}movie:*:{STALKER.id}"
    for key in keys(redis_client, pattern):
        redis_client.delete(key)

    first = gateway.get(f"/movie_api/v1/movie/{STALKER.id}")
    assert first.status_code == 200
    (key,) = keys(redis_client, pattern)
    assert json.loads(redis_client.get(key)) == first.json()
    assert 0 < redis_client.ttl(key) <= 3600

    # An answer that only Redis holds proves the second read never reached PostgreSQL.
    marked = {**first.json(), "title": "Served from Redis"}
    redis_client.set(key, json.dumps(marked), keepttl=True)
    try:
        assert gateway.post(f"/movie_api/v1/movie/{STALKER.id}").json()["title"] == "Served from Redis"
        assert gateway.get(f"/movie_api/v1/movie/{STALKER.id}").json()["title"] == "Served from Redis"
    finally:
        redis_client.delete(key)
    assert gateway.get(f"/movie_api/v1/movie/{STALKER.id}").json()["title"] == "Stalker"


def test_a_search_page_is_cached_in_redis_and_then_served_from_there(
    gateway: httpx.Client, redis_client: redis.Redis, prefix: str
) -> None:
    params = {"title": "holiday", "genre": "romance", "size": 7}
    before = keys(redis_client, f"{prefix}movies:*")
    first = gateway.get("/movie_api/v1/movies", params=params)
    assert first.status_code == 200
    assert [m["title"] for m in first.json()["items"]] == ["Roman Holiday"]
    (key,) = keys(redis_client, f"{prefix}movies:*") - before
    assert json.loads(redis_client.get(key)) == first.json()
    assert 0 < redis_client.ttl(key) <= 600

    redis_client.set(key, json.dumps({**first.json(), "total": 4242}), keepttl=True)
    try:
        assert gateway.get("/movie_api/v1/movies", params=params).json()["total"] == 4242
        other_page = gateway.get("/movie_api/v1/movies", params={**params, "page": 2}).json()
        assert other_page["total"] == 1 and other_page["items"] == []
    finally:
        redis_client.delete(key)


def test_unknown_films_are_not_cached(gateway: httpx.Client, redis_client: redis.Redis, prefix: str) -> None:
    missing = uuid.uuid4()
    assert gateway.get(f"/movie_api/v1/movie/{missing}").status_code == 404
    assert keys(redis_client, f"{prefix}movie:*:{missing}") == set()


async def test_reads_come_from_postgres_when_redis_is_unreachable(stack: Stack) -> None:
    database = Database(stack.database_urls["movie_api"], pool_size=1, max_overflow=0)
    unreachable = create_redis(f"redis://127.0.0.1:{closed_port()}/0", timeout=0.2)
    cache = Cache(unreachable, "kct_offline:movie_api:")
    catalog = service.CatalogVersion()
    try:
        movie = await service.get_movie(
            uow=MovieUnitOfWork(database.sessionmaker),
            cache=cache,
            catalog=catalog,
            movie_id=ROMAN_HOLIDAY.id,
            ttl=60,
        )
        page = await service.search_movies(
            uow=MovieUnitOfWork(database.sessionmaker),
            cache=cache,
            catalog=catalog,
            criteria=MovieFilter(genres=(Genre.WESTERN,)),
            page=PageParams(page=1, size=100),
            ttl=60,
        )
    finally:
        await unreachable.aclose()
        await database.dispose()
    assert movie.title == "Roman Holiday"
    assert page.total == sum(Genre.WESTERN in f.genres for f in FILMS) > 0
    assert not cache.available, "Redis was tried and found down"


async def test_the_last_known_catalog_version_is_kept_while_postgres_is_down(stack: Stack) -> None:
    live = Database(stack.database_urls["movie_api"], pool_size=1, max_overflow=0)
    down = Database(f"postgresql://postgres@127.0.0.1:{closed_port()}/movie", pool_size=1, max_overflow=0)
    catalog = service.CatalogVersion(refresh_seconds=0)
    try:
        known = await catalog.current(MovieUnitOfWork(live.sessionmaker))
        assert await catalog.current(MovieUnitOfWork(down.sessionmaker)) == known
        with pytest.raises(Exception, match=r"(?i)connect|refused"):
            await service.CatalogVersion().current(MovieUnitOfWork(down.sessionmaker))
    finally:
        await live.dispose()
        await down.dispose()
    assert known != service.UNLOADED


async def test_loading_the_catalog_again_changes_nothing(stack: Stack, tmp_path: Path) -> None:
    database = Database(stack.database_urls["movie_api"], pool_size=1, max_overflow=0)

    async def snapshot() -> tuple[int, str | None, object]:
        async with database.sessionmaker() as session:
            count = await session.scalar(select(func.count()).select_from(Movie))
            version = await session.scalar(select(CatalogState.version))
            newest = await session.scalar(select(func.max(Movie.updated_at)))
        return count or 0, version, newest

    try:
        before = await snapshot()
        await bootstrap.run(stack.database_urls["movie_api"], demo=False, data_dir=tmp_path)
        after = await snapshot()
    finally:
        await database.dispose()
    assert before == after
    assert after[0] == len(FILMS)

"""Following short links through nginx: 302, 404 and 410 as JSON, and Redis in front of PostgreSQL."""

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import redis
from sqlalchemy import text

from common.db import Database
from devstack.stack import Stack
from tests.factories import TestUser
from tests.shortener.helpers import created, stats, wait_for_clicks


def test_a_short_link_redirects_with_302_to_its_target_through_nginx(
    gateway: httpx.Client, alice: TestUser, target: str
) -> None:
    link = created(gateway, alice.headers, f"{target}?from=share#seats")

    response = gateway.get(f"/s/{link['code']}", follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"] == f"{target}?from=share#seats"
    assert "no-store" in response.headers["cache-control"]
    assert response.headers["x-request-id"]


def test_the_short_url_itself_works_as_given(
    stack: Stack, alice: TestUser, gateway: httpx.Client, target: str
) -> None:
    short_url = created(gateway, alice.headers, target)["short_url"]
    # The short URL names localhost; the test reaches the same nginx on 127.0.0.1.
    response = httpx.get(short_url.replace("localhost", "127.0.0.1"), follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"] == target


@pytest.mark.parametrize("code", ["NoSuch77", "no-such-alias", "x" * 65, "a.b", "-", "%F0%9F%8E%AC"])
def test_an_unknown_code_is_a_404_json_link_not_found(gateway: httpx.Client, code: str) -> None:
    response = gateway.get(f"/s/{code}")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["code"] == "link_not_found"


async def test_an_expired_link_is_a_410_json_link_expired_from_the_database_and_from_the_cache(
    gateway: httpx.Client,
    alice: TestUser,
    target: str,
    database: Database,
    redis_client: redis.Redis,
    redis_prefix: str,
) -> None:
    expires = datetime.now(UTC) + timedelta(hours=1)
    link = created(gateway, alice.headers, target, expires_at=expires.isoformat())
    assert gateway.get(f"/s/{link['code']}").status_code == 302

    # Time rules inside the service are tested with a FakeClock (test_codes); here the row is moved
    # into the past, and its cache entry dropped, to see the whole path answer 410.
    async with database.engine.begin() as conn:
        await conn.execute(
            text("UPDATE links SET expires_at = now() - interval '1 minute' WHERE code = :code"),
            {"code": link["code"]},
        )
    redis_client.delete(f"{redis_prefix}link:{link['code']}")

    for _ in range(2):
        response = gateway.get(f"/s/{link['code']}")
        assert response.status_code == 410
        assert response.headers["content-type"].startswith("application/json")
        assert response.json() == {"code": "link_expired", "detail": "This short link has expired."}
    assert redis_client.exists(f"{redis_prefix}link:{link['code']}")

    assert stats(gateway, alice.headers, link["code"])["expired"] is True


def test_a_redirect_is_served_from_redis_once_cached(
    gateway: httpx.Client,
    stack: Stack,
    alice: TestUser,
    target: str,
    redis_client: redis.Redis,
    redis_prefix: str,
) -> None:
    link = created(gateway, alice.headers, target)
    key = f"{redis_prefix}link:{link['code']}"
    assert gateway.get(f"/s/{link['code']}").headers["location"] == target
    entry = json.loads(redis_client.get(key))
    assert entry == {"url": target, "exp": None}
    assert 0 < redis_client.ttl(key) <= 3600

    # A target that only Redis holds proves the redirect did not ask PostgreSQL.
    marked = f"http://localhost:{stack.port}/served-from-redis"
    redis_client.set(key, json.dumps({"url": marked, "exp": None}), keepttl=True)
    try:
        assert gateway.get(f"/s/{link['code']}").headers["location"] == marked
    finally:
        redis_client.delete(key)
    assert gateway.get(f"/s/{link['code']}").headers["location"] == target


def test_an_unknown_code_is_remembered_briefly_and_a_new_alias_replaces_that_at_once(
    gateway: httpx.Client, alice: TestUser, target: str, redis_client: redis.Redis, redis_prefix: str
) -> None:
    alias = f"soon-{datetime.now(UTC).strftime('%H%M%S%f')}"
    assert gateway.get(f"/s/{alias}").status_code == 404
    key = f"{redis_prefix}link:{alias}"
    assert json.loads(redis_client.get(key)) == {"missing": True}
    assert 0 < redis_client.ttl(key) <= 10

    created(gateway, alice.headers, target, alias=alias)
    response = gateway.get(f"/s/{alias}")
    assert response.status_code == 302
    assert response.headers["location"] == target


def test_a_target_with_non_ascii_and_quotes_is_sent_percent_encoded(
    gateway: httpx.Client, stack: Stack, alice: TestUser
) -> None:
    url = f'http://localhost:{stack.port}/фильм?q="<x>"'
    link = created(gateway, alice.headers, url)
    assert link["url"] == url

    response = gateway.get(f"/s/{link['code']}")
    assert response.status_code == 302
    assert response.headers["location"] == (
        f"http://localhost:{stack.port}/%D1%84%D0%B8%D0%BB%D1%8C%D0%BC?q=%22%3Cx%3E%22"
    )


def test_head_answers_like_get_without_a_body_and_counts_no_click(
    gateway: httpx.Client, alice: TestUser, target: str
) -> None:
    link = created(gateway, alice.headers, target)
    checked = gateway.head(f"/s/{link['code']}", follow_redirects=False)
    assert checked.status_code == 302
    assert checked.headers["location"] == target
    assert checked.content == b""
    assert gateway.head("/s/NoSuch77").status_code == 404
    followed = gateway.get(f"/s/{link['code']}", follow_redirects=False)
    assert followed.status_code == 302
    assert wait_for_clicks(gateway, alice.headers, link["code"], 1) == 1, "the HEAD was not a click"

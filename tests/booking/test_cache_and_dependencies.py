"""Caching that never lies about seats, and what happens when Redis, Auth or Movie is down."""

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis

from devstack.stack import Stack
from tests.booking.conftest import BookingDb, future, make_event, make_place
from tests.factories import TestUser, new_user
from tests.support import make_stack


def _redis_key(stack: Stack, key: str) -> str:
    return f"{stack.config.namespace}:booking_api:{key}"


def test_event_detail_is_cached_and_a_booking_invalidates_it(
    stack: Stack, gateway: httpx.Client, host: TestUser, guest: TestUser, watch_party_movie: dict
) -> None:
    event = make_event(gateway, host, watch_party_movie, capacity=4)
    path = f"/booking/v1/events/{event['id']}"
    assert gateway.get(path).json()["seats_left"] == 4
    client = redis.Redis.from_url(stack.redis_url)
    generation_key = _redis_key(stack, f"gen:event:{event['id']}")
    try:
        before = int(client.get(generation_key) or 0)
        assert client.exists(_redis_key(stack, f"event:{event['id']}:{before}")), "the detail is in Redis"
        gateway.post(f"{path}/bookings", json={"seats": 3}, headers=guest.headers)
        assert int(client.get(generation_key) or 0) > before, "the booking moved the event on a generation"
    finally:
        client.close()
    assert gateway.get(path).json()["seats_left"] == 1
    listed = gateway.get("/booking/v1/events", params={"host_id": str(host.id)}).json()["items"]
    assert [e["seats_left"] for e in listed] == [1], "cached lists were invalidated too"


def test_auth_down_makes_writes_that_need_it_503_and_writes_nothing_while_reads_answer(
    stack: Stack, gateway: httpx.Client, host: TestUser, watch_party_movie: dict, booking_db: BookingDb
) -> None:
    event = make_event(gateway, host, watch_party_movie, capacity=4)
    fresh_guest = new_user(stack)  # auth has never been asked about this one, so nothing is cached
    before = booking_db.counts()
    stack.stop_service("auth_api")
    try:
        response = gateway.post(
            f"/booking/v1/events/{event['id']}/bookings", json={"seats": 1}, headers=fresh_guest.headers
        )
        assert response.status_code == 503
        assert response.json()["code"] == "dependency_unavailable"
        assert booking_db.counts() == before
        assert gateway.get(f"/booking/v1/events/{event['id']}").status_code == 200
        assert gateway.get("/booking/v1/events").status_code == 200
    finally:
        stack.start_service("auth_api")
    retry = gateway.post(
        f"/booking/v1/events/{event['id']}/bookings", json={"seats": 1}, headers=fresh_guest.headers
    )
    assert retry.status_code == 201


def test_movie_down_makes_event_creation_503_and_writes_nothing(
    stack: Stack, gateway: httpx.Client, host: TestUser, booking_db: BookingDb
) -> None:
    films = gateway.get("/movie_api/v1/movies", params={"watch_party": "true", "size": 50}).json()["items"]
    uncached = films[-1]  # the other tests use the first ones; this one is not in booking's cache yet
    place = make_place(gateway, host)
    before = booking_db.counts()
    stack.stop_service("movie_api")
    try:
        response = gateway.post(
            "/booking/v1/events",
            json={
                "movie_id": uncached["id"],
                "place_id": place["id"],
                "starts_at": future().isoformat(),
                "capacity": 2,
            },
            headers=host.headers,
        )
        assert response.status_code == 503
        assert response.json()["code"] == "dependency_unavailable"
        assert booking_db.counts() == before
        assert gateway.get("/booking/v1/hosts").status_code == 200
    finally:
        stack.start_service("movie_api")


@pytest.fixture(scope="module")
def redisless(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A stack of its own, with embedded Redis that this module stops."""
    own = make_stack("embedded", Path(tmp_path_factory.mktemp("redisless")))
    own.start()
    yield own
    own.stop()


def test_with_redis_down_the_api_still_answers_and_ready_says_so(redisless: Stack) -> None:
    host, guest = new_user(redisless), new_user(redisless)
    with httpx.Client(base_url=redisless.url, timeout=20) as client:
        movie = client.get("/movie_api/v1/movies", params={"watch_party": "true"}).json()["items"][0]
        event = make_event(client, host, movie, capacity=3)
        assert redisless.redis is not None
        redisless.redis.stop()
        ready = client.get("/booking/ready")
        assert ready.status_code == 503
        assert ready.json()["checks"] == {"database": "ok", "redis": "down"}
        assert client.get(f"/booking/v1/events/{event['id']}").json()["seats_left"] == 3
        booked = client.post(
            f"/booking/v1/events/{event['id']}/bookings", json={"seats": 2}, headers=guest.headers
        )
        assert booked.status_code == 201, booked.text
        assert client.get(f"/booking/v1/events/{event['id']}").json()["seats_left"] == 1
        assert (
            client.get("/booking/v1/events", params={"host_id": str(host.id)}).json()["items"][0][
                "seats_left"
            ]
            == 1
        )
        assert client.get("/movie_api/v1/movies", params={"size": 1}).status_code == 200

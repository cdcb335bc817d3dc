"""A service down: the pages that can do without it still work, the others say which one is away."""

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import redis

from devstack.stack import Stack


@pytest.fixture
def stopped(stack: Stack) -> Iterator[Any]:
    down: list[str] = []

    def stop(name: str) -> None:
        stack.stop_service(name)
        down.append(name)

    yield stop
    for name in down:
        stack.start_service(name)


def test_with_the_film_catalog_down_the_films_page_still_lists_the_watch_parties(
    gateway: httpx.Client, event: dict[str, Any], movie: dict[str, Any], stack: Stack, stopped: Any
) -> None:
    stopped("movie_api")
    # The web service keeps the catalog for minutes; without this the page would not need movie_api.
    with redis.Redis.from_url(stack.redis_url) as client:
        client.delete(f"{stack.config.namespace}:web:catalog:watch_party")
    page = gateway.get("/")
    assert page.status_code == 200
    card = re.search(rf'<a href="/films/{movie["id"]}">.*?</li>', page.text, re.S)
    assert card, "the film is listed by the title booking keeps"
    assert f"({movie['year']})" not in card.group(0), "the year comes from the catalog, which is away"


def test_with_the_inbox_down_pages_render_without_the_unread_count(
    as_guest: httpx.Client, stopped: Any
) -> None:
    stopped("notification")
    page = as_guest.get("/bookings")
    assert page.status_code == 200
    assert 'href="/inbox" data-unread=""' in page.text
    inbox = as_guest.get("/inbox")
    assert inbox.status_code == 503
    assert "The inbox is not answering right now." in inbox.text


def test_with_booking_down_a_page_that_needs_it_says_so(as_guest: httpx.Client, stopped: Any) -> None:
    stopped("booking_api")
    page = as_guest.get("/bookings")
    assert page.status_code == 503
    assert "The booking service is not answering right now." in page.text

"""Looks and sharing: posters that never break, a favicon, Open Graph and Twitter meta on film, evening
and host pages, HEAD wherever GET is, a map link for booked guests, full evenings counted apart."""

import re
from typing import Any

import httpx
import pytest

from devstack.stack import Stack
from tests.factories import TestUser
from tests.web.conftest import future, make_event, make_place


def _meta(page: httpx.Response, name: str) -> str:
    found = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', page.text)
    assert found, f"no {name} on {page.request.url}"
    return found.group(1)


def test_film_evening_and_host_pages_carry_open_graph_and_twitter_meta(
    stack: Stack, visitor: httpx.Client, event: dict[str, Any], movie: dict[str, Any], host: TestUser
) -> None:
    evening = visitor.get(f"/events/{event['id']}")
    assert movie["title"].replace("'", "&#39;") in _meta(evening, "og:title")
    assert "Hostess Hilda" in _meta(evening, "og:title")
    description = _meta(evening, "og:description")
    assert "hosted by Hostess Hilda" in description and "Moscow, UTC+3" in description
    assert _meta(evening, "og:image").endswith(f"/films/{movie['id']}/poster.svg")
    assert _meta(evening, "og:url").endswith(f"/events/{event['id']}")
    assert _meta(evening, "twitter:card") == "summary_large_image"

    film = visitor.get(f"/films/{movie['id']}")
    assert _meta(film, "og:type") == "video.movie"
    assert "watch part" in _meta(film, "og:description")
    hosting = visitor.get(f"/hosts/{host.id}")
    assert _meta(hosting, "og:title") == "Hostess Hilda hosts film evenings"
    assert _meta(hosting, "twitter:image").startswith("http")

    poster = visitor.get(_meta(evening, "og:image").replace(f"http://localhost:{stack.port}", ""))
    assert poster.status_code == 200
    assert poster.headers["content-type"].startswith("image/svg+xml")
    assert f">{movie['year']}<" in poster.text and "<svg" in poster.text
    icon = visitor.get("/favicon.ico")
    assert icon.status_code == 200 and icon.content[:4] == b"\x00\x00\x01\x00"


def test_a_shared_short_link_leads_to_the_evening_with_its_preview(
    stack: Stack, gateway: httpx.Client, visitor: httpx.Client, event: dict[str, Any]
) -> None:
    short = event["share_url"]
    assert short, "booking gives every evening a short link"
    path = short.replace(f"http://localhost:{stack.port}", "")
    assert gateway.head(path).status_code == 302
    followed = gateway.get(path, follow_redirects=False)
    target = followed.headers["location"].replace(f"http://localhost:{stack.port}", "")
    assert _meta(visitor.get(target), "og:image")


def test_head_is_answered_wherever_get_is(
    visitor: httpx.Client, event: dict[str, Any], movie: dict[str, Any], host: TestUser
) -> None:
    for path in (
        "/",
        "/hosts",
        f"/films/{movie['id']}",
        f"/films/{movie['id']}/poster.svg",
        f"/hosts/{host.id}",
        f"/events/{event['id']}",
        "/signin",
        "/signup",
        "/favicon.ico",
        "/web/static/site.css",
    ):
        got = visitor.get(path)
        head = visitor.head(path)
        assert (head.status_code, head.content) == (got.status_code, b""), path
        assert head.headers["content-type"] == got.headers["content-type"], path
    assert visitor.head("/bookings").status_code == 303, "private pages send visitors to sign in"
    assert visitor.head("/nowhere").status_code == 404


def test_full_evenings_are_marked_not_counted_as_open_and_listed_last(
    gateway: httpx.Client, visitor: httpx.Client, host: TestUser, other_guest: TestUser, movie: dict[str, Any]
) -> None:
    place = make_place(gateway, host, capacity=4)
    full = make_event(gateway, host, movie, place=place, capacity=1, starts_at=future(days=2))
    open_ = make_event(gateway, host, movie, place=place, capacity=3, starts_at=future(days=3))
    gateway.post(f"/booking/v1/events/{full['id']}/bookings", json={"seats": 1}, headers=other_guest.headers)
    page = visitor.get(f"/hosts/{host.id}").text
    assert page.index(f'id="event-{open_["id"]}"') < page.index(f'id="event-{full["id"]}"')
    card = re.search(rf'id="event-{full["id"]}".*?</li>', page, re.S).group(0)  # type: ignore[union-attr]
    assert "Full" in card and 'action="/events/' not in card
    evening = visitor.get(f"/events/{full['id']}").text
    assert 'data-state="full"' in evening and "Fully booked" in evening

    films = gateway.get("/booking/v1/films", params={"size": 100, "available": "true"}).json()["items"]
    open_count = next(f["upcoming_events"] for f in films if f["movie_id"] == movie["id"])
    home = visitor.get("/").text
    film_card = re.search(rf'<h2><a href="/films/{movie["id"]}">.*?</li>', home, re.S).group(0)  # type: ignore[union-attr]
    assert f"{open_count} open evening" in film_card


def test_a_booked_guest_gets_the_address_with_a_map_link_and_sees_their_seats(
    stack: Stack,
    gateway: httpx.Client,
    as_guest: httpx.Client,
    guest: TestUser,
    host: TestUser,
    movie: dict[str, Any],
) -> None:
    place = make_place(gateway, host, latitude=59.9343, longitude=30.3351, city="Saint Petersburg")
    event = make_event(gateway, host, movie, place=place, capacity=5, starts_at=future(days=4))
    before = as_guest.get(f"/events/{event['id']}").text
    assert "openstreetmap" not in before and "Tverskaya" not in before
    gateway.post(f"/booking/v1/events/{event['id']}/bookings", json={"seats": 2}, headers=guest.headers)
    after = as_guest.get(f"/events/{event['id']}").text
    assert 'href="https://www.openstreetmap.org/?mlat=59.93430&amp;mlon=30.33510' in after
    assert (
        "You have 2 seats" in after and 'action="/events/' not in after.split("<main", 1)[1].split("Share")[0]
    )


def test_the_book_form_shows_the_seat_limit_per_booking(
    gateway: httpx.Client, visitor: httpx.Client, event: dict[str, Any]
) -> None:
    rules = gateway.get("/booking/v1/rules")
    if rules.status_code == 404:
        pytest.skip("the booking API does not publish its rules yet (GET /booking/v1/rules, issue 12)")
    limit = rules.json()["max_seats_per_booking"]
    page = visitor.get(f"/events/{event['id']}").text
    assert f"Up to {limit} seats per booking." in page
    assert f'max="{min(limit, event["seats_left"])}"' in page

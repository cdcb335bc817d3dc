"""Every page renders through nginx, for visitors and for signed-in people, with the API's data."""

import re
from typing import Any

import httpx
import pytest

from devstack.stack import Stack
from tests.factories import TestUser
from tests.web.conftest import form_data, wait_for, web_client


def test_nginx_serves_the_web_front_at_the_root_and_keeps_the_api_prefixes(
    gateway: httpx.Client, visitor: httpx.Client
) -> None:
    home = visitor.get("/")
    assert home.status_code == 200
    assert home.headers["content-type"].startswith("text/html")
    assert "<h1>Film evenings</h1>" in home.text
    assert gateway.get("/booking/health").json()["service"] == "booking_api"
    assert gateway.get("/web/health").json()["service"] == "web"
    css = gateway.get("/web/static/site.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]


def test_films_page_lists_title_year_genres_poster_and_open_evenings(
    gateway: httpx.Client, visitor: httpx.Client, event: dict[str, Any], movie: dict[str, Any]
) -> None:
    films = gateway.get("/booking/v1/films", params={"size": 100, "available": "true"}).json()["items"]
    count = next(f["upcoming_events"] for f in films if f["movie_id"] == movie["id"])
    html = visitor.get("/").text
    card = re.search(rf'<li class="card film">.*?<h2><a href="/films/{movie["id"]}">.*?</li>', html, re.S)
    assert card, "the film with a watch party is not on the films page"
    text = card.group(0)
    assert movie["title"].replace("'", "&#39;") in text
    assert f"({movie['year']})" in text
    assert f'src="/films/{movie["id"]}/poster.svg"' in text
    expected = f"{count} open evening{'' if count == 1 else 's'}"
    assert expected in text


def test_film_page_lists_its_hosts_with_rating_and_next_dates(
    visitor: httpx.Client, event: dict[str, Any], movie: dict[str, Any], host: TestUser
) -> None:
    page = visitor.get(f"/films/{movie['id']}")
    assert page.status_code == 200
    assert movie["title"].replace("'", "&#39;") in page.text
    assert f'href="/hosts/{host.id}?film={movie["id"]}">Hostess Hilda</a>' in page.text
    assert "New</span>" in page.text, "a host without ratings is shown as new"
    assert f'href="/events/{event["id"]}"' in page.text, "the host's next date links to the event"


def test_host_page_shows_the_schedule_with_seats_left_and_a_book_form_per_evening(
    visitor: httpx.Client, event: dict[str, Any], host: TestUser
) -> None:
    page = visitor.get(f"/hosts/{host.id}")
    assert page.status_code == 200
    assert "<h1>Hostess Hilda</h1>" in page.text
    assert "6 seats left of 6" in page.text
    assert f'action="/events/{event["id"]}/book"' in page.text
    assert f'<label for="e{event["id"]}-seats">Seats</label>' in page.text


def test_event_page_is_what_share_links_point_to_and_has_the_book_form(
    stack: Stack, gateway: httpx.Client, visitor: httpx.Client, event: dict[str, Any]
) -> None:
    page = visitor.get(f"/events/{event['id']}")
    assert page.status_code == 200
    assert f'action="/events/{event["id"]}/book"' in page.text
    assert "Hilda&#39;s attic, Moscow" in page.text
    assert "Tverskaya" not in page.text, "the address is for booked guests only"
    short = event["share_url"]
    if short:
        assert short in page.text
        followed = gateway.get(short.replace("http://localhost:" + str(stack.port), ""))
        assert followed.status_code in (301, 302, 307, 308)
        assert followed.headers["location"].endswith(f"/events/{event['id']}")


def test_signed_in_pages_render_with_the_person_in_the_navigation(
    as_host: httpx.Client, event: dict[str, Any], host: TestUser
) -> None:
    for path in (
        "/",
        "/bookings",
        "/hosting",
        "/hosting/events/new",
        "/hosting/places/new",
        f"/hosting/events/{event['id']}",
        "/ratings",
        "/inbox",
        f"/users/{host.id}/ratings",
        f"/events/{event['id']}/rate",
    ):
        page = as_host.get(path)
        assert page.status_code == 200, (path, page.text[-800:])
        assert "Hostess Hilda</a>" in page.text, path
        assert 'action="/signout"' in page.text, path


def test_private_pages_send_visitors_to_sign_in_and_back(stack: Stack) -> None:
    with web_client(stack) as visitor:
        for path in ("/bookings", "/hosting", "/ratings", "/inbox", "/hosting/events/new"):
            response = visitor.get(path)
            assert response.status_code == 303, path
            assert response.headers["location"] == f"/signin?next={path}"


def test_unknown_and_malformed_addresses_are_404_pages_or_json_when_asked(
    gateway: httpx.Client, visitor: httpx.Client
) -> None:
    for path in ("/nowhere/at/all", "/events/not-an-id", "/films/00000000-0000-4000-8000-00000000dead"):
        page = visitor.get(path)
        assert page.status_code == 404, path
        assert page.headers["content-type"].startswith("text/html")
        assert "<h1>Not found</h1>" in page.text
    as_json = gateway.get("/nowhere/at/all", headers={"Accept": "application/json"})
    assert as_json.status_code == 404
    assert as_json.json()["code"] == "not_found"


@pytest.mark.parametrize(
    "path",
    [
        "/?p=-5",
        "/?p=abc",
        "/hosts/00000000-0000-4000-8000-000000000001?p=99999999999999999999",
        "/hosts/00000000-0000-4000-8000-000000000001?film=nonsense",
        "/signin?next=%00",
        "/users/%20/ratings",
    ],
)
def test_odd_query_values_never_make_a_server_error(gateway: httpx.Client, path: str) -> None:
    response = gateway.get(path)
    assert response.status_code in (200, 404), (path, response.status_code)


def test_the_inbox_count_is_in_the_navigation_and_drops_when_a_message_is_read(
    gateway: httpx.Client, as_guest: httpx.Client, guest: TestUser, event: dict[str, Any]
) -> None:
    booked = gateway.post(
        f"/booking/v1/events/{event['id']}/bookings", json={"seats": 1}, headers=guest.headers
    )
    assert booked.status_code == 201

    def unread() -> int:
        found = re.search(r'href="/inbox" data-unread="(\d*)"', as_guest.get("/bookings").text)
        assert found
        return int(found.group(1) or 0)

    wait_for(lambda: unread() >= 1, what="the booking confirmation in the inbox")
    before = unread()
    inbox = as_guest.get("/inbox")
    assert "Unread: </span>" in inbox.text
    message_id = re.search(r'action="/inbox/([0-9a-f-]{36})/read"', inbox.text).group(1)  # type: ignore[union-attr]
    read = as_guest.post(f"/inbox/{message_id}/read", data=form_data(inbox))
    assert read.status_code == 303
    assert unread() == before - 1


def test_a_visitor_pressing_book_is_sent_to_sign_in_and_back_to_the_evening(
    stack: Stack, event: dict[str, Any]
) -> None:
    with web_client(stack) as visitor:
        page = visitor.get(f"/events/{event['id']}")
        response = visitor.post(f"/events/{event['id']}/book", data=form_data(page, seats="2"))
        assert response.status_code == 303
        assert response.headers["location"] == f"/signin?next=/events/{event['id']}%3Fseats%3D2"


def test_pages_are_not_cached_framed_or_given_foreign_scripts(gateway: httpx.Client) -> None:
    page = gateway.get("/")
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["x-frame-options"] == "DENY"
    policy = page.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "<script>" not in page.text and " style=" not in page.text, "no inline code the policy would block"
    docs = gateway.get("/web/docs")
    assert docs.status_code == 200 and "content-security-policy" not in docs.headers

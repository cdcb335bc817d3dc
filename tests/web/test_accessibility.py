"""axe-core finds no violation on any page, in Russian and in English, at phone and desktop width.

Every page of the site is visited as the person who sees it: a visitor (sign-in, sign-up), a guest
with a booking (films, search, hosts, a film, a host, evenings open, full and booked, My bookings,
inbox, ratings, a profile, an error page) and a host (hosting, the forms, a guest list)."""

from typing import Any

import httpx
import pytest

from devstack.stack import Stack
from tests.factories import TestUser, new_user
from tests.web.browser import DESKTOP, PHONE, axe_violations, no_sideways_scroll, open_page
from tests.web.conftest import future, make_event, make_place


@pytest.fixture(scope="module")
def site(stack: Stack, gateway: httpx.Client, movie: dict[str, Any]) -> dict[str, Any]:
    """A host with an open, a full and a booked evening; a guest with a booking and a message."""
    host = new_user(stack, name="Hostess Hilda")
    guest = new_user(stack, name="Guest Grisha")
    filler = new_user(stack, name="Filler Fedya")
    place = make_place(gateway, host, name="Hilda's attic", capacity=10, latitude=55.75, longitude=37.61)
    open_ = make_event(gateway, host, movie, place=place, capacity=6, starts_at=future(days=12))
    full = make_event(gateway, host, movie, place=place, capacity=1, starts_at=future(days=13))
    booked = make_event(gateway, host, movie, place=place, capacity=6, starts_at=future(days=14))
    for event, person, seats in ((full, filler, 1), (booked, guest, 2)):
        answer = gateway.post(
            f"/booking/v1/events/{event['id']}/bookings", json={"seats": seats}, headers=person.headers
        )
        assert answer.status_code == 201, answer.text
    return {"host": host, "guest": guest, "open": open_, "full": full, "booked": booked, "movie": movie}


def _pages(site: dict[str, Any]) -> list[tuple[str | None, str]]:
    host: TestUser = site["host"]
    return [
        (None, "/signin"),
        (None, "/signup"),
        ("guest", "/"),
        ("guest", f"/?q={site['movie']['title'][:4]}&when=weekend"),
        ("guest", f"/?date={site['open']['starts_at'][:10]}"),
        ("guest", "/hosts"),
        ("guest", f"/films/{site['movie']['id']}"),
        ("guest", f"/hosts/{host.id}"),
        ("guest", f"/events/{site['open']['id']}"),
        ("guest", f"/events/{site['full']['id']}"),
        ("guest", f"/events/{site['booked']['id']}"),
        ("guest", "/bookings"),
        ("guest", "/inbox"),
        ("guest", "/ratings"),
        ("guest", f"/users/{host.id}/ratings"),
        ("guest", "/events/not-an-evening"),
        ("host", "/hosting"),
        ("host", "/hosting/events/new"),
        ("host", "/hosting/places/new"),
        ("host", f"/hosting/events/{site['booked']['id']}"),
    ]


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("language", ["ru", "en"])
def test_every_page_has_no_axe_violations_and_no_sideways_scrolling(
    browser: Any, stack: Stack, site: dict[str, Any], language: str, width: int
) -> None:
    pages: dict[str | None, Any] = {}
    found: dict[str, list[str]] = {}
    checked = 0
    for who, path in _pages(site):
        if who not in pages:
            pages[who] = open_page(browser, stack, language=language, width=width, user=site.get(who or ""))
        page = pages[who]
        response = page.goto(path)
        assert response is not None and response.status in (200, 404), (path, response and response.status)
        assert page.get_attribute("html", "lang") == language, path
        problems = axe_violations(page)
        if problems:
            found[path] = problems
        if not no_sideways_scroll(page):
            found.setdefault(path, []).append("the page scrolls sideways")
        checked += 1
    for page in pages.values():
        page.context.close()
    assert checked == len(_pages(site))
    assert not found, found

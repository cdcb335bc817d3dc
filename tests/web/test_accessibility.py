"""axe-core finds no violation on any page, in Russian and in English, at phone and desktop width.

Every page of the site is visited as the person who sees it: a visitor (sign-in, sign-up), a guest
with a booking (films, search, hosts, a film, a host, evenings open, full and booked, My bookings,
inbox, ratings, a profile, an error page), a host (hosting, the forms, a guest list) and, for the seat
lifecycle, a request waiting for the host, an offer, a place in line, the report form, the host's
requests and waiting list, blocked people and the moderators' reports."""

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
    return {
        "host": host,
        "guest": guest,
        "open": open_,
        "full": full,
        "booked": booked,
        "movie": movie,
        **_seat_states(stack, gateway, host, guest, filler, place, movie),
    }


def _seat_states(
    stack: Stack,
    gateway: httpx.Client,
    host: TestUser,
    guest: TestUser,
    filler: TestUser,
    place: dict[str, Any],
    movie: dict[str, Any],
) -> dict[str, Any]:
    """The guest with a request waiting for the host, an offer to claim and a place in line; the host
    with a blocked person; a moderator with an open report (issue 13)."""
    later = new_user(stack, name="Later Lena")
    requested = make_event(
        gateway, host, movie, place=place, capacity=3, starts_at=future(days=15), approval="request"
    )
    offered = make_event(gateway, host, movie, place=place, capacity=1, starts_at=future(days=16))
    waiting = make_event(gateway, host, movie, place=place, capacity=1, starts_at=future(days=17))

    def call(path: str, person: TestUser, body: dict[str, Any] | None = None) -> dict[str, Any]:
        answer = gateway.post(f"/booking/v1{path}", json=body, headers=person.headers)
        assert answer.status_code in (200, 201, 202), answer.text
        return answer.json()

    call(f"/events/{requested['id']}/bookings", guest, {"seats": 1})
    first = call(f"/events/{offered['id']}/bookings", filler, {"seats": 1})
    call(f"/events/{offered['id']}/waitlist", guest, {"seats": 1})
    call(f"/events/{offered['id']}/waitlist", later, {"seats": 1})
    call(f"/bookings/{first['id']}/cancel", filler)
    call(f"/events/{waiting['id']}/bookings", later, {"seats": 1})
    call(f"/events/{waiting['id']}/waitlist", guest, {"seats": 1, "auto_book": True})
    assert gateway.put(f"/booking/v1/me/blocked/{filler.id}", headers=host.headers).status_code == 200
    # A long link in the text must wrap, not widen the moderators' page.
    spam = {"reason": "spam", "text": "See https://example.com/" + "a" * 300}
    call("/reports", guest, {"target_type": "host", "target_id": str(host.id), **spam})
    moderator = new_user(stack, groups=["moderator"], name="Moderator Masha")
    return {"requested": requested, "offered": offered, "waiting": waiting, "moderator": moderator}


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
        ("guest", f"/events/{site['requested']['id']}"),
        ("guest", f"/events/{site['offered']['id']}"),
        ("guest", f"/events/{site['waiting']['id']}"),
        ("guest", f"/report?target_type=event&target_id={site['open']['id']}"),
        ("host", f"/hosting/events/{site['requested']['id']}"),
        ("host", f"/hosting/events/{site['offered']['id']}"),
        ("host", "/hosting/blocked"),
        ("moderator", "/moderation/reports"),
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

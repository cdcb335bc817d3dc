"""The seat lifecycle in a real browser (Playwright driving Debian's chromium), in Russian and in
English: a request the host approves, a waiting list whose offer counts down and is claimed, a guest
removed with a reason they read, and a blocked person told so in words."""

import re
from typing import Any

import httpx
import pytest

from devstack.stack import Stack
from tests.factories import TestUser, new_user
from tests.web.browser import WORDS, open_page
from tests.web.conftest import future, make_event, make_place

LANGUAGES = ["ru", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_request_approval_waiting_list_offer_countdown_and_claim(
    browser: Any,
    stack: Stack,
    gateway: httpx.Client,
    host: TestUser,
    movie: dict[str, Any],
    language: str,
) -> None:
    words = WORDS[language]
    anna, boris = new_user(stack, name="Anna A"), new_user(stack, name="Boris B")
    place = make_place(gateway, host, name="Hilda's attic", capacity=8)

    # The host makes an evening with one seat where each booking needs approval.
    hosting = open_page(browser, stack, language=language, user=host)
    hosting.goto("/hosting/events/new")
    form = hosting.locator("form[action='/hosting/events']")
    form.locator("select[name=movie_id]").select_option(movie["id"])
    form.locator("select[name=place_id]").select_option(place["id"])
    form.locator("input[name=starts_at]").fill(future(days=7).strftime("%Y-%m-%dT%H:%M"))
    form.locator("select[name=timezone]").select_option("UTC")
    form.locator("input[name=capacity]").fill("1")
    form.locator("details", has=hosting.locator("input[name=approval]")).locator("summary").click()
    form.locator("input[name=approval][value=request]").check()
    form.locator("button[type=submit]").click()
    hosting.wait_for_url(re.compile(r".*/hosting/events/[0-9a-f-]{36}\?notice=event_created"))
    event_id = hosting.url.split("/hosting/events/")[1].split("?")[0]
    assert gateway.get(f"/booking/v1/events/{event_id}").json()["approval"] == "request"

    # Anna asks for the seat and waits for the host.
    guest_a = open_page(browser, stack, language=language, user=anna)
    guest_a.goto(f"/events/{event_id}")
    guest_a.get_by_role("button", name=words["request"]).click()
    guest_a.wait_for_url(re.compile(rf".*/events/{event_id}\?notice=requested"))
    assert words["pending"] in guest_a.locator("[data-state=pending]").inner_text()
    guest_a.goto("/bookings")
    assert words["pending"] in guest_a.locator(".card.pending").inner_text()

    # The host approves.
    hosting.goto(f"/hosting/events/{event_id}")
    hosting.locator(".card.request").get_by_role("button", name=words["approve"]).click()
    hosting.wait_for_url(re.compile(r".*\?notice=approved"))
    [booking] = gateway.get("/booking/v1/bookings", headers=anna.headers).json()["items"]
    assert booking["status"] == "active"

    # Boris finds it full and joins the waiting list.
    guest_b = open_page(browser, stack, language=language, user=boris)
    guest_b.goto(f"/events/{event_id}")
    assert guest_b.get_by_role("heading", name=words["full_join"]).is_visible()
    guest_b.get_by_role("button", name=words["join"]).click()
    guest_b.wait_for_url(re.compile(r".*\?notice=waiting"))
    assert words["in_line"] in guest_b.locator("[data-state=waiting]").inner_text()

    # Anna cancels; Boris is offered the seat with a countdown, and claims it.
    guest_a.goto("/bookings")
    guest_a.once("dialog", lambda dialog: dialog.accept())
    guest_a.get_by_role("button", name=WORDS[language]["cancel_booking"]).click()
    guest_a.wait_for_url(re.compile(r".*/bookings\?notice=cancelled"))

    guest_b.goto(f"/events/{event_id}")
    assert guest_b.get_by_role("heading", name=words["offered"]).is_visible()
    guest_b.goto("/bookings")
    offer = guest_b.locator("[data-state=offer]")
    countdown = offer.locator(".countdown")
    guest_b.wait_for_function(
        "document.querySelector('[data-state=offer] .countdown').textContent.length > 0"
    )
    assert re.search(
        rf"{words['left']}.*\d+:\d\d:\d\d|\d+:\d\d:\d\d.*{words['left']}", countdown.inner_text()
    )
    absolute = offer.locator("time").inner_text()
    assert re.search(r"\d\d:\d\d", absolute), "the time to claim by is written out"
    offer.get_by_role("button", name=words["claim"]).click()
    # The host approves each booking of this evening: the claimed seats wait for the host's answer.
    guest_b.wait_for_url(re.compile(r".*/bookings\?notice=claimed_pending"))
    assert words["pending"] in guest_b.locator(".card.pending").inner_text()
    hosting.goto(f"/hosting/events/{event_id}")
    hosting.locator(".card.request", has_text=boris.name).get_by_role("button", name=words["approve"]).click()
    hosting.wait_for_url(re.compile(r".*\?notice=approved"))
    guest_b.goto(f"/events/{event_id}")
    assert guest_b.locator("[data-state=booked]").is_visible()
    [claimed] = gateway.get("/booking/v1/bookings", headers=boris.headers).json()["items"]
    assert (claimed["status"], claimed["via_waitlist"], claimed["event_id"]) == ("active", True, event_id)
    for page in (hosting, guest_a, guest_b):
        page.context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_host_removes_a_guest_who_reads_why_and_blocks_another_who_is_told(
    browser: Any,
    stack: Stack,
    gateway: httpx.Client,
    host: TestUser,
    guest: TestUser,
    other_guest: TestUser,
    movie: dict[str, Any],
    language: str,
) -> None:
    words = WORDS[language]
    place = make_place(gateway, host, capacity=8)
    event = make_event(gateway, host, movie, place=place, capacity=4, starts_at=future(days=8))
    later = make_event(gateway, host, movie, place=place, capacity=4, starts_at=future(days=9))
    for person in (guest, other_guest):
        answer = gateway.post(
            f"/booking/v1/events/{event['id']}/bookings", json={"seats": 1}, headers=person.headers
        )
        assert answer.status_code == 201, answer.text

    hosting = open_page(browser, stack, language=language, user=host)
    hosting.goto(f"/hosting/events/{event['id']}")
    row = hosting.locator("tr", has_text=guest.name)
    row.locator("summary", has_text=words["remove"]).click()
    row.get_by_label(words["why"]).fill("Ремонт в зале" if language == "ru" else "The hall is being repaired")
    row.locator("form button[type=submit]", has_text=words["remove"]).click()
    hosting.wait_for_url(re.compile(r".*\?notice=removed"))

    hosting.once("dialog", lambda dialog: dialog.accept())
    hosting.locator("tr", has_text=other_guest.name).get_by_role("button", name=words["block"]).click()
    hosting.wait_for_url(re.compile(r".*\?notice=blocked"))

    removed = open_page(browser, stack, language=language, user=guest)
    removed.goto("/bookings")
    history = removed.locator("[data-status=removed]").inner_text()
    assert words["removed"] in history
    assert ("Ремонт в зале" if language == "ru" else "The hall is being repaired") in history

    blocked = open_page(browser, stack, language=language, user=other_guest)
    blocked.goto(f"/events/{later['id']}")
    blocked.get_by_role("button", name=words["book"]).click()
    assert words["blocked"] in blocked.locator("[role=alert]").first.inner_text()
    assert "blocked_by_host" not in blocked.content()
    for page in (hosting, removed, blocked):
        page.context.close()

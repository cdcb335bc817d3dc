"""In a real browser (Playwright driving Debian's chromium), in Russian and in English: booking with the
seat count kept through sign-in, my seats instead of another Book button, browsing by title, city and
date with full evenings last, the inbox's mark-all, the language switcher, the phone header, human
errors, and a host's weekly schedule. Forms are filled by their labels."""

import re
import uuid
from datetime import date, datetime, timedelta
from typing import Any

import httpx
import pytest

from devstack.stack import Stack
from tests.factories import DEFAULT_PASSWORD, TestUser, new_user
from tests.web.browser import PHONE, WORDS, no_sideways_scroll, open_page
from tests.web.conftest import future, make_event, make_place, wait_for

LANGUAGES = ["ru", "en"]


def _place(gateway: httpx.Client, host: TestUser, **fields: Any) -> dict[str, Any]:
    return make_place(
        gateway, host, name="Hilda's attic", capacity=10, latitude=55.7558, longitude=37.6173, **fields
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_visitor_keeps_the_seat_count_through_sign_in_books_and_sees_their_seats(
    browser: Any,
    stack: Stack,
    gateway: httpx.Client,
    host: TestUser,
    guest: TestUser,
    movie: dict[str, Any],
    language: str,
) -> None:
    words = WORDS[language]
    event = make_event(
        gateway, host, movie, place=_place(gateway, host), capacity=8, starts_at=future(days=6)
    )
    page = open_page(browser, stack, language=language)
    page.goto(f"/events/{event['id']}")
    assert page.get_attribute("html", "lang") == language
    page.get_by_label(words["seats"], exact=True).fill("3")
    page.get_by_role("button", name=words["book"]).click()

    page.wait_for_url(re.compile(r".*/signin\?next=.*"))
    page.get_by_label(words["email"]).fill(guest.email)
    page.get_by_label(words["password"]).fill(DEFAULT_PASSWORD)
    page.get_by_label(words["password"]).press("Enter")
    page.wait_for_url(re.compile(rf".*/events/{event['id']}\?seats=3$"))
    assert page.get_by_label(words["seats"], exact=True).input_value() == "3", "the chosen count survived"
    page.get_by_role("button", name=words["book"]).click()

    page.wait_for_url(re.compile(r".*/bookings\?notice=booked"))
    card = page.locator(".card.booking").first
    assert ("3 места" if language == "ru" else "3 seats") in card.inner_text()
    map_link = card.get_by_role("link", name=re.compile(words["map"]))
    assert map_link.get_attribute("href").startswith(
        "https://www.openstreetmap.org/?mlat=55.75580&mlon=37.61730"
    )

    page.goto(f"/events/{event['id']}")
    panel = page.locator("[data-state=booked]")
    assert ("У вас 3 места" if language == "ru" else "You have 3 seats") in panel.inner_text()
    assert words["change"] in panel.inner_text()
    assert page.get_by_role("button", name=words["book"]).count() == 0, "no second Book button"

    page.goto("/bookings")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=words["cancel_booking"]).click()
    page.wait_for_url(re.compile(r".*/bookings\?notice=cancelled"))
    assert gateway.get(f"/booking/v1/events/{event['id']}").json()["seats_left"] == 8
    page.context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_browsing_by_title_city_and_date_lists_full_evenings_last_and_marked(
    browser: Any,
    stack: Stack,
    gateway: httpx.Client,
    host: TestUser,
    other_guest: TestUser,
    movie: dict[str, Any],
    language: str,
) -> None:
    words = WORDS[language]
    city = f"Town-{uuid.uuid4().hex[:6]}"
    place = _place(gateway, host, city=city)
    day = future(days=9).replace(hour=12, minute=0, second=0)
    full = make_event(gateway, host, movie, place=place, capacity=1, starts_at=day)
    open_ = make_event(gateway, host, movie, place=place, capacity=4, starts_at=day + timedelta(hours=4))
    taken = gateway.post(
        f"/booking/v1/events/{full['id']}/bookings", json={"seats": 1}, headers=other_guest.headers
    )
    assert taken.status_code == 201, taken.text

    page = open_page(browser, stack, language=language)
    page.goto(f"/?city={city}")
    page.get_by_label(words["date"]).fill(day.date().isoformat())
    page.get_by_role("button", name=words["find"]).click()
    page.wait_for_url(re.compile(rf".*date={day.date().isoformat()}.*"))
    cards = page.locator(".card.event")
    assert cards.count() == 2
    assert f"event-{open_['id']}" == cards.nth(0).get_attribute("id"), "the open evening comes first"
    assert words["full"] in cards.nth(1).inner_text(), "the full one is marked full"

    page.get_by_label(words["film"]).fill(movie["title"][:5].lower())
    page.get_by_role("button", name=words["find"]).click()
    assert page.locator(".card.event").count() == 2, "the title matches, the date and city still apply"

    page.goto(f"/hosts?city={city}")
    assert page.locator(".card.host").count() == 1
    page.locator(".card.host a").first.click()
    page.wait_for_url(f"**/hosts/{host.id}")
    order = [page.locator(".card.event").nth(i).get_attribute("id") for i in range(2)]
    assert order == [f"event-{open_['id']}", f"event-{full['id']}"]

    page.goto("/?when=weekend")
    assert page.locator("h2").first.inner_text() == ("В эти выходные" if language == "ru" else "This weekend")
    page.context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_mark_all_read_and_the_language_switch_that_the_account_remembers(
    browser: Any,
    stack: Stack,
    gateway: httpx.Client,
    event: dict[str, Any],
    movie: dict[str, Any],
    language: str,
) -> None:
    person = new_user(stack, name="Switching Sveta")
    booked = gateway.post(
        f"/booking/v1/events/{event['id']}/bookings", json={"seats": 1}, headers=person.headers
    )
    assert booked.status_code == 201
    wait_for(
        lambda: gateway.get("/notification/v1/inbox", headers=person.headers).json()["unread"] >= 1,
        what="the booking message",
    )
    page = open_page(browser, stack, language=language, user=person)
    page.goto("/inbox")
    page.get_by_role("button", name=WORDS[language]["mark_all"]).click()
    page.wait_for_url(re.compile(r".*/inbox\?notice=all_read"))
    assert page.locator(".message.unread").count() == 0
    assert gateway.get("/notification/v1/inbox", headers=person.headers).json()["unread"] == 0

    other = "en" if language == "ru" else "ru"
    page.locator(f"button.lang[value={other}]").click()
    page.wait_for_url(re.compile(r".*/inbox$"))
    assert page.get_attribute("html", "lang") == other
    assert gateway.get("/auth/v1/me", headers=person.headers).json()["language"] == other
    page.goto("/")
    assert page.get_attribute("html", "lang") == other, "the cookie keeps the choice"
    page.context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_at_phone_width_the_header_takes_two_rows_and_the_rest_is_in_the_menu(
    browser: Any, stack: Stack, guest: TestUser, language: str
) -> None:
    words = WORDS[language]
    page = open_page(browser, stack, language=language, width=PHONE, user=guest)
    page.goto("/bookings")
    rows = page.evaluate(
        """() => {
            const centers = [];
            for (const el of document.querySelectorAll('header.top .bar > *')) {
                const box = el.getBoundingClientRect();
                if (box.width && box.height) centers.push(box.top + box.height / 2);
            }
            centers.sort((a, b) => a - b);
            let rows = 0, last = -1000;
            for (const c of centers) { if (c - last > 24) { rows += 1; last = c; } }
            return rows;
        }"""
    )
    assert rows <= 2, f"the header takes {rows} rows"
    assert no_sideways_scroll(page)
    assert not page.get_by_role("button", name=words["sign_out"]).is_visible()
    page.get_by_text(words["menu"], exact=True).click()
    assert page.get_by_role("button", name=words["sign_out"]).is_visible()
    page.context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_errors_are_sentences_and_a_reload_after_a_refused_form_shows_the_form(
    browser: Any, stack: Stack, guest: TestUser, event: dict[str, Any], language: str
) -> None:
    words = WORDS[language]
    page = open_page(browser, stack, language=language, user=guest)
    page.goto("/events/not-an-id")
    assert page.locator("h1").inner_text() == words["not_found"]
    assert "UUID" not in page.inner_text("main")

    page.goto(f"/events/{event['id']}")
    page.get_by_label(words["seats"], exact=True).fill("0")
    page.get_by_role("button", name=words["book"]).click()
    error = page.locator(f"#e{event['id']}-seats-error")
    assert error.inner_text() == ("Введите 1 или больше." if language == "ru" else "Enter 1 or more.")
    assert page.get_by_label(words["seats"], exact=True).evaluate("el => el === document.activeElement")
    page.goto(f"/events/{event['id']}/book")
    page.wait_for_url(f"**/events/{event['id']}")
    assert page.get_by_role("button", name=words["book"]).is_visible()
    page.context.close()


def test_a_host_creates_a_weekly_schedule_after_fixing_an_error(
    browser: Any, stack: Stack, gateway: httpx.Client, host: TestUser, movie: dict[str, Any]
) -> None:
    place = make_place(gateway, host, name="Hilda's attic", capacity=10)
    page = open_page(browser, stack, language="en")
    page.goto("/signin")
    page.get_by_label("Email").focus()
    page.keyboard.type(host.email)
    page.keyboard.press("Tab")
    page.keyboard.type(DEFAULT_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/\?notice=signed_in"))

    page.goto("/hosting")
    page.get_by_role("link", name="New evening or weekly schedule").click()
    weekly = page.locator("section", has=page.get_by_role("heading", name="Weekly schedule"))
    weekly.get_by_label("Film").select_option(movie["id"])
    weekly.get_by_label("Place").select_option(place["id"])
    weekly.get_by_label("Day of the week").select_option("thursday")
    weekly.get_by_label("Time", exact=True).fill("19:45")
    weekly.get_by_label("How many weeks").fill("3")
    weekly.get_by_label("From").fill((date.today() + timedelta(days=40)).isoformat())
    weekly.get_by_label("Seats").fill("0")
    weekly.get_by_role("button", name="Create schedule").click()

    error = page.locator("#weekly-capacity-error")
    assert error.inner_text() == "Enter 1 or more.", "a sentence beside the seat field"
    weekly = page.locator("section", has=page.get_by_role("heading", name="Weekly schedule"))
    assert weekly.get_by_label("How many weeks").input_value() == "3", "the form keeps what was typed"
    weekly.get_by_label("Seats").fill("6")
    weekly.get_by_role("button", name="Create schedule").click()

    page.wait_for_url(re.compile(r".*/hosting\?notice=schedule_created"))
    assert page.locator(".card.event").count() == 3
    events = gateway.get("/booking/v1/events", params={"host_id": str(host.id)}).json()["items"]
    assert len(events) == 3 and {e["capacity"] for e in events} == {6}
    assert datetime.fromisoformat(events[0]["starts_at"]).tzinfo is not None
    page.context.close()

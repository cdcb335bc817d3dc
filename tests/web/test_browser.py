"""In a real browser (Playwright driving Debian's chromium): a guest signs up, books 2 seats at a host's
evening, sees them in My bookings and cancels; a host creates a weekly schedule. Forms are filled by
their labels and sent from the keyboard.

Screenshots of the main pages go to a temporary folder, or to docs/screenshots/ with
KINOCLUB_UPDATE_SCREENSHOTS=1 (see docs/web.md)."""

import os
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from devstack.stack import Stack
from tests.factories import DEFAULT_PASSWORD, TestUser
from tests.web.conftest import future, make_event, make_place

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install -y chromium)"
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield launched
        launched.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    if os.environ.get("KINOCLUB_UPDATE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return SCREENSHOTS
    return tmp_path


def _page(browser: Any, stack: Stack, *, width: int = 1024, height: int = 768) -> Any:
    context = browser.new_context(base_url=stack.url, viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def _snap(page: Any, folder: Path, name: str) -> None:
    path = folder / f"{name}.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 2_000


def test_a_guest_signs_up_books_two_seats_sees_them_and_cancels(
    browser: Any, stack: Stack, gateway: httpx.Client, host: TestUser, movie: dict[str, Any], shots: Path
) -> None:
    place = make_place(gateway, host, name="Hilda's attic", capacity=10)
    event = make_event(gateway, host, movie, place=place, capacity=8, starts_at=future(days=6))
    page = _page(browser, stack)

    page.goto("/")
    _snap(page, shots, "films")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Your name").fill("Browser Bella")
    email = f"bella-{uuid.uuid4().hex[:10]}@kinoclub.example"
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill("popcorn-and-tea")
    page.get_by_label("Password").press("Enter")
    page.wait_for_url("**/?notice=signed_up")
    assert page.get_by_role("link", name="Browser Bella").is_visible()

    page.get_by_role("link", name=movie["title"]).first.click()
    page.wait_for_url(f"**/films/{movie['id']}")
    _snap(page, shots, "film")
    page.locator(f'a[href^="/hosts/{host.id}"]').first.click()
    page.wait_for_url(f"**/hosts/{host.id}*")
    card = page.locator(f"#event-{event['id']}")
    assert "8 seats left of 8" in card.inner_text()
    _snap(page, shots, "host")
    card.get_by_label("Seats").fill("2")
    card.get_by_role("button", name="Book").click()

    page.wait_for_url("**/bookings?notice=booked")
    booking = page.locator(".card.booking").filter(has_text=movie["title"])
    assert "2 seats" in booking.inner_text()
    assert "Tverskaya 1, apt 5" in booking.inner_text(), "a booked guest sees the address"
    _snap(page, shots, "my-bookings")

    page.goto(f"/events/{event['id']}")
    assert "You booked 2 seats" in page.inner_text("main")
    assert "6 seats left of 8" in page.inner_text("main")
    _snap(page, shots, "event")

    page.goto("/bookings")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Cancel booking").click()
    page.wait_for_url("**/bookings?notice=cancelled")
    assert "Your booking is cancelled." in page.inner_text("main")
    assert "cancelled by you" in page.locator(".card.booking.cancelled").inner_text()
    seats_left = gateway.get(f"/booking/v1/events/{event['id']}").json()["seats_left"]
    assert seats_left == 8

    phone = _page(browser, stack, width=390, height=844)
    phone.goto(f"/events/{event['id']}")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        "no sideways scrolling"
    )
    _snap(phone, shots, "event-phone")
    page.context.close()
    phone.context.close()


def test_a_host_creates_a_weekly_schedule(
    browser: Any, stack: Stack, gateway: httpx.Client, host: TestUser, movie: dict[str, Any], shots: Path
) -> None:
    place = make_place(gateway, host, name="Hilda's attic", capacity=10)
    page = _page(browser, stack)
    page.goto("/signin")
    page.get_by_label("Email").focus()
    page.keyboard.type(host.email)
    page.keyboard.press("Tab")
    page.keyboard.type(DEFAULT_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/?notice=signed_in")

    page.get_by_role("link", name="Hosting").click()
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

    error = page.locator("#weekly-seats-error, #weekly-capacity-error")
    assert "greater than or equal to 1" in error.inner_text(), "the API's error sits beside the seat field"
    weekly = page.locator("section", has=page.get_by_role("heading", name="Weekly schedule"))
    assert weekly.get_by_label("How many weeks").input_value() == "3", "the form keeps what was typed"
    _snap(page, shots, "new-schedule-error")
    weekly.get_by_label("Seats").fill("6")
    weekly.get_by_role("button", name="Create schedule").click()

    page.wait_for_url("**/hosting?notice=schedule_created")
    assert page.locator(".card.event").count() == 3
    _snap(page, shots, "hosting")
    events = gateway.get("/booking/v1/events", params={"host_id": str(host.id)}).json()["items"]
    assert len(events) == 3 and {e["capacity"] for e in events} == {6}
    assert {e["series_id"] for e in events} != {None} and len({e["series_id"] for e in events}) == 1
    page.context.close()

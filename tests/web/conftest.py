"""The web front through nginx, as a browser would use it: cookies, forms, CSRF tokens, redirects.

browser = web_client(stack, user)     # signed in: the user's tokens in the web's cookies
page = browser.get("/bookings")
browser.post("/bookings/<id>/cancel", data=form_data(page))   # CSRF token taken from the page
"""

import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from devstack.stack import Stack
from tests.booking.conftest import future, make_event, make_place
from tests.factories import TestUser, new_user

__all__ = ["future", "make_event", "make_place"]

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def web_client(stack: Stack, user: TestUser | None = None, *, language: str | None = "en") -> httpx.Client:
    """A cookie-keeping client at nginx; with `user`, signed in by their tokens in the web's cookies.
    It reads English unless `language` says otherwise (None: no Accept-Language, the site's default)."""
    headers = {"Accept-Language": language} if language else {}
    client = httpx.Client(base_url=stack.url, timeout=30, follow_redirects=False, headers=headers)
    if user is not None:
        # For nginx's host, as the web service's own Set-Cookie would store them, so that its later
        # Set-Cookie headers (refresh, sign-out) replace these.
        host = httpx.URL(stack.url).host
        client.cookies.set("kc_access", user.access_token, domain=host)
        client.cookies.set("kc_refresh", user.refresh_token, domain=host)
    return client


def csrf_token(page: httpx.Response) -> str:
    found = _CSRF.search(page.text)
    assert found, f"no CSRF token on {page.request.url}:\n{page.text[:2000]}"
    return found.group(1)


def form_data(page: httpx.Response, **fields: Any) -> dict[str, Any]:
    """Form fields with the page's CSRF token, as the browser would send them."""
    return {"csrf_token": csrf_token(page), **fields}


def field_error(page: httpx.Response, field_id: str) -> str:
    """The error text shown right under the input `field_id` (empty when there is none)."""
    found = re.search(rf'<p class="field-error" id="{re.escape(field_id)}-error">([^<]*)</p>', page.text)
    return found.group(1) if found else ""


def wait_for(check: Callable[[], Any], timeout: float = 10.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


@pytest.fixture(scope="session")
def movie(gateway: httpx.Client) -> dict[str, Any]:
    response = gateway.get("/movie_api/v1/movies", params={"watch_party": "true", "size": 10})
    assert response.status_code == 200, response.text
    return response.json()["items"][3]


@pytest.fixture
def host(stack: Stack) -> TestUser:
    return new_user(stack, name="Hostess Hilda")


@pytest.fixture
def guest(stack: Stack) -> TestUser:
    return new_user(stack, name="Guest Grisha")


@pytest.fixture
def other_guest(stack: Stack) -> TestUser:
    return new_user(stack, name="Other Olga")


@pytest.fixture
def event(gateway: httpx.Client, host: TestUser, movie: dict[str, Any]) -> dict[str, Any]:
    """An upcoming evening of `host`: 6 seats at a place that holds 8."""
    place = make_place(gateway, host, name="Hilda's attic", capacity=8)
    return make_event(gateway, host, movie, place=place, capacity=6, starts_at=future(days=5))


@pytest.fixture
def as_guest(stack: Stack, guest: TestUser) -> Iterator[httpx.Client]:
    with web_client(stack, guest) as client:
        yield client


@pytest.fixture(scope="module")
def browser(stack: Stack) -> Iterator[Any]:
    """One headless chromium per module (skipped with a reason when it is not installed). Playwright's
    sync API holds an event loop while it runs, so it starts after the stack and stops with the module."""
    from tests.web.browser import CHROMIUM, launch

    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = launch(playwright)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def visitor(stack: Stack) -> Iterator[httpx.Client]:
    """A visitor reading English, without cookies kept between tests' expectations."""
    with web_client(stack) as client:
        yield client


@pytest.fixture
def as_host(stack: Stack, host: TestUser) -> Iterator[httpx.Client]:
    with web_client(stack, host) as client:
        yield client

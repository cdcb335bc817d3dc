"""Sign up, sign in, sign out: tokens in HttpOnly SameSite cookies, refreshed without the person noticing."""

import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from devstack.stack import Stack
from tests.factories import DEFAULT_PASSWORD, TestUser
from tests.web.conftest import field_error, form_data, web_client
from web.pages import safe_next


def _set_cookies(response: httpx.Response) -> dict[str, str]:
    return {header.split("=", 1)[0]: header for header in response.headers.get_list("set-cookie")}


def test_sign_up_signs_in_with_httponly_samesite_cookies(stack: Stack) -> None:
    email = f"web-{uuid.uuid4().hex[:12]}@kinoclub.example"
    with web_client(stack) as browser:
        page = browser.get("/signup")
        assert '<label for="email">Email' in page.text and '<label for="password">Password' in page.text
        response = browser.post(
            "/signup",
            data=form_data(page, email=email, name="Nadia New", password="long-enough-pw", next="/"),
        )
        assert response.status_code == 303
        assert response.headers["location"] == "/?notice=signed_up"
        cookies = _set_cookies(response)
        for name in ("kc_access", "kc_refresh"):
            attributes = cookies[name].lower()
            assert "httponly" in attributes and "samesite=lax" in attributes and "path=/" in attributes
        home = browser.get(response.headers["location"])
        assert "Nadia New</a>" in home.text
        assert "Your account is ready." in home.text


def test_sign_up_errors_are_shown_beside_their_fields(stack: Stack, guest: TestUser) -> None:
    with web_client(stack) as browser:
        page = browser.get("/signup")
        short = browser.post("/signup", data=form_data(page, email="not-an-email", name="", password="short"))
        assert short.status_code == 400
        assert "at least 8 characters" in field_error(short, "password")
        assert field_error(short, "email")
        assert field_error(short, "name")
        assert 'value="not-an-email"' in short.text, "what was typed stays in the form"
        assert 'aria-invalid="true" aria-describedby="password-hint password-error"' in short.text

        taken = browser.post(
            "/signup", data=form_data(page, email=guest.email, name="Twin", password="long-enough-pw")
        )
        assert taken.status_code == 400
        assert field_error(taken, "email") == "An account with this email already exists. Sign in instead?"


def test_sign_in_with_a_wrong_password_shows_it_beside_the_password(stack: Stack, guest: TestUser) -> None:
    with web_client(stack) as browser:
        page = browser.get("/signin")
        wrong = browser.post("/signin", data=form_data(page, email=guest.email, password="not-it-at-all"))
        assert wrong.status_code == 400
        assert field_error(wrong, "password") == "Wrong email or password."
        assert "kc_access" not in _set_cookies(wrong)

        right = browser.post(
            "/signin", data=form_data(page, email=guest.email, password=DEFAULT_PASSWORD, next="/bookings")
        )
        assert right.status_code == 303
        assert right.headers["location"] == "/bookings"
        assert browser.get("/bookings").status_code == 200


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/bookings", "/bookings"),
        ("/events/1?x=2", "/events/1?x=2"),
        ("//evil.example/x", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/\x00x", "/"),
        ("", "/"),
    ],
)
def test_the_page_after_sign_in_is_always_on_this_site(target: str, expected: str) -> None:
    assert safe_next(target) == expected


def test_sign_in_ignores_a_next_address_on_another_site(stack: Stack, guest: TestUser) -> None:
    with web_client(stack) as browser:
        page = browser.get("/signin", params={"next": "//evil.example/x"})
        assert 'name="next" value="/"' in page.text
        signed = browser.post(
            "/signin",
            data=form_data(page, email=guest.email, password=DEFAULT_PASSWORD, next="//evil.example"),
        )
        assert signed.status_code == 303
        assert signed.headers["location"] == "/?notice=signed_in"


def test_sign_out_revokes_the_session_and_drops_the_cookies(stack: Stack, guest: TestUser) -> None:
    with web_client(stack, guest) as browser:
        page = browser.get("/bookings")
        out = browser.post("/signout", data=form_data(page))
        assert out.status_code == 303
        cookies = _set_cookies(out)
        assert "max-age=0" in cookies["kc_access"].lower() and "max-age=0" in cookies["kc_refresh"].lower()
        assert browser.get("/bookings").status_code == 303, "signed out: My bookings asks to sign in"
    refreshed = httpx.post(
        f"{stack.service_url('auth_api')}/auth/v1/refresh", json={"refresh_token": guest.refresh_token}
    )
    assert refreshed.status_code == 401, "the refresh token was revoked at auth"


def test_an_expired_access_token_is_refreshed_once_for_parallel_requests(
    stack: Stack, guest: TestUser
) -> None:
    # A browser opening several pages at once sends the same old refresh token with each; auth revokes a
    # family whose refresh token is used twice, so the web service must trade it only once.
    cookies = {"kc_access": "expired.or.garbage", "kc_refresh": guest.refresh_token}

    def visit(path: str) -> httpx.Response:
        with httpx.Client(base_url=stack.url, cookies=cookies, timeout=30) as browser:
            return browser.get(path)

    with ThreadPoolExecutor(max_workers=4) as pool:
        pages = list(pool.map(visit, ["/bookings", "/inbox", "/hosting", "/ratings"]))
    assert [p.status_code for p in pages] == [200, 200, 200, 200], [p.headers.get("location") for p in pages]
    new_refresh = {
        header.split(";", 1)[0].split("=", 1)[1]
        for p in pages
        for header in p.headers.get_list("set-cookie")
        if header.startswith("kc_refresh=")
    }
    assert len(new_refresh) == 1, "every request got the same new pair"
    with web_client(stack) as browser:
        browser.cookies.set("kc_refresh", new_refresh.pop(), domain=httpx.URL(stack.url).host)
        assert browser.get("/bookings").status_code == 200, "the new refresh token still works"


def test_a_session_whose_refresh_token_is_gone_is_signed_out_quietly(stack: Stack) -> None:
    with web_client(stack) as browser:
        browser.cookies.set("kc_access", "garbage")
        browser.cookies.set("kc_refresh", "not-a-refresh-token")
        home = browser.get("/")
        assert home.status_code == 200
        assert ">Sign in</a>" in home.text
        assert "max-age=0" in _set_cookies(home)["kc_refresh"].lower()

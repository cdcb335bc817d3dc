"""Every form that changes something carries a CSRF token bound to the browser and the person."""

from typing import Any

import httpx
import pytest

from devstack.stack import Stack
from tests.factories import TestUser
from tests.web.conftest import csrf_token, web_client


def _bookings(gateway: httpx.Client, user: TestUser) -> list[dict[str, Any]]:
    response = gateway.get("/booking/v1/bookings", headers=user.headers)
    assert response.status_code == 200
    return response.json()["items"]


@pytest.mark.parametrize(
    "forged",
    ["missing", "empty", "wrong", "from_another_person", "other_site_origin"],
)
def test_a_booking_posted_without_this_browsers_token_is_refused_and_books_nothing(
    stack: Stack,
    gateway: httpx.Client,
    as_guest: httpx.Client,
    guest: TestUser,
    other_guest: TestUser,
    event: dict[str, Any],
    forged: str,
) -> None:
    page = as_guest.get(f"/events/{event['id']}")
    data: dict[str, Any] = {"seats": "1", "idempotency_key": "k-" + forged}
    headers = {}
    if forged == "empty":
        data["csrf_token"] = ""
    elif forged == "wrong":
        data["csrf_token"] = csrf_token(page)[:-2] + "xx"
    elif forged == "from_another_person":
        # A valid token of another signed-in person, sent with this person's cookies.
        with web_client(stack, other_guest) as other:
            data["csrf_token"] = csrf_token(other.get(f"/events/{event['id']}"))
    elif forged == "other_site_origin":
        data["csrf_token"] = csrf_token(page)
        headers["Origin"] = "https://evil.example"
    response = as_guest.post(f"/events/{event['id']}/book", data=data, headers=headers)
    assert response.status_code == 403
    assert "This form has expired" in response.text
    assert _bookings(gateway, guest) == []


def test_the_same_form_with_its_token_books(
    gateway: httpx.Client, as_guest: httpx.Client, guest: TestUser, event: dict[str, Any]
) -> None:
    page = as_guest.get(f"/events/{event['id']}")
    response = as_guest.post(
        f"/events/{event['id']}/book",
        data={"csrf_token": csrf_token(page), "seats": "1", "idempotency_key": "k-ok"},
        headers={"Origin": str(gateway.base_url).rstrip("/")},
    )
    assert response.status_code == 303
    assert len(_bookings(gateway, guest)) == 1


def test_sign_in_and_sign_out_forms_need_the_token_too(stack: Stack, guest: TestUser) -> None:
    with web_client(stack, guest) as browser:
        assert browser.post("/signout", data={}).status_code == 403
        assert browser.get("/bookings").status_code == 200, "still signed in"
    with web_client(stack) as visitor:
        refused = visitor.post("/signin", data={"email": guest.email, "password": guest.password})
        assert refused.status_code == 403
        assert "kc_access" not in refused.headers.get("set-cookie", "")


def test_a_json_post_is_not_a_form_and_is_refused(as_guest: httpx.Client, event: dict[str, Any]) -> None:
    response = as_guest.post(f"/events/{event['id']}/book", json={"seats": 1})
    assert response.status_code == 403

"""Booking through the pages: Book, My bookings (change seats, cancel, calendar), errors beside fields,
and nobody sees or touches another person's bookings."""

import re
from typing import Any

import httpx
import pytest

from devstack.stack import Stack
from tests.factories import TestUser
from tests.web.conftest import field_error, form_data, web_client


def _book(
    browser: httpx.Client, event: dict[str, Any], seats: str, *, back: str | None = None
) -> httpx.Response:
    page = browser.get(back or f"/events/{event['id']}")
    key = re.search(
        rf'action="/events/{event["id"]}/book".*?name="idempotency_key" value="([^"]+)"', page.text, re.S
    )
    assert key, "no Book form for the event"
    data = form_data(page, seats=seats, idempotency_key=key.group(1), back=back or f"/events/{event['id']}")
    return browser.post(f"/events/{event['id']}/book", data=data)


def _api_bookings(gateway: httpx.Client, user: TestUser) -> list[dict[str, Any]]:
    return gateway.get("/booking/v1/bookings", headers=user.headers).json()["items"]


def test_book_from_the_host_page_then_change_seats_add_to_calendar_and_cancel(
    gateway: httpx.Client, as_guest: httpx.Client, guest: TestUser, host: TestUser, event: dict[str, Any]
) -> None:
    booked = _book(as_guest, event, "2", back=f"/hosts/{host.id}")
    assert booked.status_code == 303
    assert booked.headers["location"] == "/bookings?notice=booked"

    mine = as_guest.get("/bookings?notice=booked")
    assert "Booked. See you there!" in mine.text
    [booking] = _api_bookings(gateway, guest)
    assert booking["seats"] == 2
    card = re.search(rf'<li class="card booking" id="booking-{booking["id"]}".*?</li>', mine.text, re.S)
    assert card and "<strong>2 seats</strong>" in card.group(0)
    assert "Tverskaya 1, apt 5" in card.group(0), "a booked guest sees the address"

    changed = as_guest.post(f"/bookings/{booking['id']}/seats", data=form_data(mine, seats="3"))
    assert changed.status_code == 303
    assert _api_bookings(gateway, guest)[0]["seats"] == 3

    calendar = as_guest.get(f"/bookings/{booking['id']}/calendar.ics")
    assert calendar.status_code == 200
    assert calendar.headers["content-type"].startswith("text/calendar")
    assert "attachment" in calendar.headers["content-disposition"]
    assert calendar.text.startswith("BEGIN:VCALENDAR") and "BEGIN:VALARM" in calendar.text

    cancelled = as_guest.post(f"/bookings/{booking['id']}/cancel", data=form_data(as_guest.get("/bookings")))
    assert cancelled.status_code == 303
    assert _api_bookings(gateway, guest)[0]["status"] == "cancelled"
    assert "cancelled by you" in as_guest.get("/bookings").text


@pytest.mark.parametrize(
    ("seats", "message"),
    [
        ("0", "Enter 1 or more."),
        ("two", "Enter a whole number, such as 2."),
        ("", "Enter a whole number, such as 2."),
        ("6", "One booking holds at most 5 seats."),
    ],
)
def test_a_bad_seat_count_is_shown_beside_the_seat_field_and_books_nothing(
    gateway: httpx.Client,
    as_guest: httpx.Client,
    guest: TestUser,
    event: dict[str, Any],
    seats: str,
    message: str,
) -> None:
    response = _book(as_guest, event, seats)
    assert response.status_code in (400, 409, 422)
    error = field_error(response, f"e{event['id']}-seats")
    assert error.startswith(message), error
    assert 'aria-invalid="true"' in response.text
    assert f'value="{seats}"' in response.text, "what was typed stays in the field"
    assert _api_bookings(gateway, guest) == []


def test_more_seats_than_are_left_says_how_many_are_left_beside_the_field_on_the_host_page(
    stack: Stack,
    gateway: httpx.Client,
    as_guest: httpx.Client,
    other_guest: TestUser,
    host: TestUser,
    event: dict[str, Any],
) -> None:
    with web_client(stack, other_guest) as other:
        assert _book(other, event, "5").status_code == 303
    response = _book(as_guest, event, "2", back=f"/hosts/{host.id}")
    assert response.status_code == 409
    assert "<h1>Hostess Hilda</h1>" in response.text, "the error is shown on the page the form was on"
    assert field_error(response, f"e{event['id']}-seats") == "Not enough seats left: only 1 free."


def test_a_host_cannot_book_their_own_evening_and_is_told_why(
    as_host: httpx.Client, event: dict[str, Any]
) -> None:
    response = _book(as_host, event, "1", back=f"/hosts/{event['host']['id']}")
    assert response.status_code == 403
    assert "This is your own evening: hosts do not book their own seats." in response.text


def test_sending_the_same_book_form_twice_books_once(
    gateway: httpx.Client, as_guest: httpx.Client, guest: TestUser, event: dict[str, Any]
) -> None:
    page = as_guest.get(f"/events/{event['id']}")
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page.text).group(1)  # type: ignore[union-attr]
    data = form_data(page, seats="2", idempotency_key=key)
    first = as_guest.post(f"/events/{event['id']}/book", data=data)
    second = as_guest.post(f"/events/{event['id']}/book", data=data)
    assert (first.status_code, second.status_code) == (303, 303)
    assert len(_api_bookings(gateway, guest)) == 1


def test_changing_to_more_seats_than_fit_is_shown_beside_that_bookings_seat_field(
    gateway: httpx.Client, as_guest: httpx.Client, guest: TestUser, event: dict[str, Any]
) -> None:
    assert _book(as_guest, event, "1").status_code == 303
    [booking] = _api_bookings(gateway, guest)
    mine = as_guest.get("/bookings")
    response = as_guest.post(f"/bookings/{booking['id']}/seats", data=form_data(mine, seats="9"))
    assert response.status_code in (409, 422)
    assert field_error(response, f"b{booking['id']}-seats")
    assert _api_bookings(gateway, guest)[0]["seats"] == 1


def test_nobody_sees_or_changes_another_guests_bookings(
    stack: Stack,
    gateway: httpx.Client,
    as_guest: httpx.Client,
    guest: TestUser,
    other_guest: TestUser,
    event: dict[str, Any],
) -> None:
    assert _book(as_guest, event, "2").status_code == 303
    [booking] = _api_bookings(gateway, guest)
    with web_client(stack, other_guest) as other:
        theirs = other.get("/bookings")
        assert booking["id"] not in theirs.text
        assert "No bookings yet." in theirs.text
        token_page = other.get("/bookings")
        for path, data in (
            (f"/bookings/{booking['id']}/cancel", form_data(token_page)),
            (f"/bookings/{booking['id']}/seats", form_data(token_page, seats="1")),
        ):
            response = other.post(path, data=data)
            assert response.status_code == 404, path
        assert other.get(f"/bookings/{booking['id']}/calendar.ics").status_code == 404
        event_page = other.get(f"/events/{event['id']}")
        assert "Tverskaya" not in event_page.text
    [still] = _api_bookings(gateway, guest)
    assert (still["status"], still["seats"]) == ("active", 2)
